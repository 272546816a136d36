"""The import's batched analysis gives the same terms, positions and sketches as the per-document
reference (`search.document_index` + `dedupe.sketch`), and the same stored vectors."""

from __future__ import annotations

import re

from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import arabic
from articles.ingest import dedupe, indexing
from articles.ingest.indexing import index_articles
from articles.search.index import document_index, document_vector
from tests.ingest.conftest import SEED_FILES, seed_text
from tests.ingest.test_pipeline import WIRE

_LEXEME = re.compile(r"'((?:[^']|'')*)':([\dAB,]+)")


def _terms(literal: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _LEXEME.finditer(literal)}


def _assert_same(documents: list[tuple[str, str, list[list[object]]]]) -> None:
    """(title, body, boilerplate spans) analysed both ways."""
    batched = index_articles(documents)
    for i, (title, body, spans) in enumerate(documents):
        literal, words = document_index(title, body, spans)
        assert _terms(batched.literals[i]) == _terms(literal)
        assert dedupe.sketch_of_hashes(batched.word_hashes(i)) == dedupe.sketch(words)


def test_seeds_with_boilerplate_spans() -> None:
    documents = []
    for name in SEED_FILES:
        text = seed_text(name)
        title, _, body = text.partition("\n")
        spans = [[0, min(40, len(body)), "repeated_title"], [len(body) - 30, len(body), "x"]]
        documents += [(title, body, []), (title, body, spans)]
    _assert_same(documents)


def test_edge_cases() -> None:
    long_word = "ب" * 250  # terms longer than 200 characters are left out, positions are not
    _assert_same(
        [
            ("", "", []),
            ("ديرالزور وعبدالله", "القوات في ديرالزور " + long_word + " الإمارات", []),
            ("", " ".join(["الوزارة"] * 400), []),  # more than 256 positions of one term
            ("", " ".join(f"كلمة{i}" for i in range(17000)), []),  # positions past 16383
            ("", "تابعونا 😀 على تويتر 👍🏽 القـ.ـوات " + WIRE, [[0, 9, "subscription"]]),
            ("Title in English", "Some 'quoted' words and a back\\slash " + WIRE, []),
            ("الوزارة " * 200, "الوزارة " * 100, []),  # 256 positions of a term, title first
            # Title and body positions meeting at 16383: the position keeps the title's weight.
            ("الوزارة " * 16390, "الوزارة والقوات", []),
        ]
    )


def test_tables_are_rebuilt_when_the_analysis_changes(monkeypatch: object) -> None:
    index_articles([("القوات", "", [])])
    tables = indexing._tables
    arabic.use_morphology_db(arabic.morphology_db_path())
    index_articles([("القوات", "", [])])
    assert indexing._tables is not tables


_PIECES = (
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة")
    + list("ًٌٍَُِّْـ.،؛؟!«» \n\t-/0١٢'\\")
    + ["\u200c", "ﻻ", "ک", "😀", "#", "ال", "دير", "عبد", "ات", "Σ", "ΑΣ", "İ", "ﷺ", "\u0301"]
)
arabic_text = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@given(st.lists(st.tuples(arabic_text, arabic_text), max_size=6))
@settings(max_examples=200, deadline=None)
def test_random_documents(pairs: list[tuple[str, str]]) -> None:
    _assert_same([(title, body, []) for title, body in pairs])


def test_postgres_reads_the_literal_as_weighted_title_then_body(db: None) -> None:
    """One literal is what `setweight(title, 'A') || setweight(body, 'B')` gives."""
    for name in SEED_FILES:
        title, _, body = seed_text(name).partition("\n")
        literal = document_vector(title, body)
        [batched] = index_articles([(title, body, [])]).literals
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setweight(%s::tsvector, 'A') || setweight(%s::tsvector, 'B'), "
                "%s::tsvector, %s::tsvector",
                [document_vector(title, ""), document_vector("", body), literal, batched],
            )
            concatenated, stored, imported = cursor.fetchone()
        assert stored == concatenated == imported
        assert "A" in literal and "B" in literal


def test_each_articles_terms_are_the_words_postgres_reads_back_from_its_vector(db: None) -> None:
    """`term_numbers` (what the did-you-mean vocabulary counts) name exactly the lexemes the
    stored vector holds, quotes and backslashes included, each once."""
    documents: list[tuple[str, str, list[list[object]]]] = [
        (seed_text(n).partition("\n")[0], seed_text(n), []) for n in SEED_FILES
    ]
    documents += [
        ("", "", []),
        ("عنوان l'état", "back\\slash it''s ديرالزور " + "ب" * 250 + " القوات القوات", []),
        ("", WIRE, [[0, 30, "x"]]),
    ]
    indexed = index_articles(documents)
    for i, literal in enumerate(indexed.literals):
        with connection.cursor() as cursor:
            cursor.execute("SELECT tsvector_to_array(%s::tsvector)", [literal])
            stored = cursor.fetchone()[0]
        terms = [indexed.terms[n] for n in indexed.term_numbers(i).tolist()]
        assert len(terms) == len(set(terms))
        assert sorted(terms) == sorted(stored)
