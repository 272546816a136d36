"""The optional lemmatiser for broken plurals outside the built-in table (extra `lemmas`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from articles import arabic
from tests.search.test_inflection import found_by


def test_it_is_off_by_default() -> None:
    assert not arabic.lemmatiser_enabled()
    assert arabic.broken_plural_singulars("الجيران") == frozenset()
    assert not found_by("جار", "الجيران")


def test_an_unknown_lemmatiser_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown lemmatiser"):
        arabic.use_lemmatiser("stanza")


@pytest.fixture
def farahidi() -> Iterator[None]:
    pytest.importorskip("farahidi")
    before = arabic.analysis_generation()
    arabic.use_lemmatiser("farahidi")
    assert arabic.analysis_generation() != before  # batched indexers rebuild their tables
    yield
    arabic.use_lemmatiser(None)


@pytest.mark.usefixtures("farahidi")
@pytest.mark.parametrize(("query", "word"), [("جار", "الجيران"), ("الضباط", "ضابط")])
def test_it_finds_broken_plurals_the_table_lacks(query: str, word: str) -> None:
    assert found_by(query, word)


@pytest.mark.usefixtures("farahidi")
def test_it_keeps_singular_nouns_apart_and_batches_like_single_tokens() -> None:
    assert not found_by("مدرس", "مدرسة")
    raws = ["الضباط", "وزارة", "ديرالزور"]
    assert arabic.tokens_positions(raws) == [arabic.token_positions(r) for r in raws]


@pytest.mark.usefixtures("farahidi")
def test_singulars_from_a_stored_cache_are_used_and_new_ones_handed_back() -> None:
    arabic.take_new_broken_plurals()
    arabic.seed_broken_plurals([("الجنود", ["جندي"])])
    assert found_by("جندي", "الجنود")
    assert "الجنود" not in arabic.take_new_broken_plurals()  # came from the cache
    arabic.broken_plural_singulars("الضباط")
    assert arabic.take_new_broken_plurals() == {"الضباط": frozenset({"ضابط"})}
    assert arabic.take_new_broken_plurals() == {}
