"""The one-box query language: words, "phrases", -exclusions, OR, prefix*, and hostile input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search.query import MAX_QUERY_CHARS, QueryError, parse_query
from articles.search.snippets import highlight


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_words_must_all_match() -> None:
    assert parse_query("دير قوات").tsquery == "'دير' & ('قوات' | 'قوه')"


def test_article_and_clitics_match_with_or_without_them() -> None:
    assert parse_query("الحكومة").tsquery == "('الحكومه' | 'حكومه')"


def test_exact_phrase_uses_adjacency() -> None:
    assert parse_query('"دير الزور"').tsquery == "('دير' <-> ('الزور' | 'زور'))"


def test_glued_word_is_searched_as_its_phrase() -> None:
    assert parse_query("ديرالزور").tsquery == "('دير' <-> ('الزور' | 'زور'))"


def test_excluded_word() -> None:
    assert parse_query("داعش -روسيا").tsquery == "'داعش' & !'روسيا'"


def test_or_joins_alternatives() -> None:
    assert parse_query("سانا OR سبوتنيك").tsquery == "('سانا' | 'سبوتنيك')"
    assert parse_query("سانا | سبوتنيك دمشق").tsquery == "('سانا' | 'سبوتنيك') & 'دمشق'"


def test_prefix() -> None:
    assert parse_query("استعد*").tsquery == "'استعد':*"


def test_punctuation_around_words_is_ignored() -> None:
    assert parse_query("«القوات»،").tsquery == parse_query("القوات").tsquery


def test_quotes_in_terms_cannot_break_the_tsquery() -> None:
    assert parse_query("o'neil").tsquery == "('o' <-> 'neil')"


def test_unbalanced_quote_runs_the_phrase_to_the_end_with_a_notice() -> None:
    parsed = parse_query('"دير الزور')
    assert parsed.tsquery == "('دير' <-> ('الزور' | 'زور'))"
    assert parsed.notices


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type a word"),
        ("   \n ", "Type a word"),
        ("!!! ؟؟ ،،", "no words"),
        ('""', "no words"),
        ("OR", "no words"),
        ("OR OR |", "no words"),
        ("-", "no words"),
        ("*", "no words"),
        ("-القوات", "not only words to exclude"),
        ('-"دير الزور"', "not only words to exclude"),
        ("ب" * 10_000, "too long"),
        (" ".join(["كلمة"] * 30), "Too many words"),
    ],
)
def test_hostile_queries_raise_a_clear_message(q: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(q)


@given(st.text(max_size=MAX_QUERY_CHARS))
@settings(max_examples=300, deadline=None)
def test_any_input_parses_or_gives_a_message(q: str) -> None:
    try:
        parsed = parse_query(q)
    except QueryError as exc:
        assert str(exc)
    else:
        assert parsed.tsquery


def test_highlight_marks_original_spelling_and_escapes_the_rest() -> None:
    text = "<b>قالت</b> القـ.ـوات الأميركية & وزارة"
    html = highlight(text, parse_query("القوات الأمريكية"), limit=None)
    assert html == (
        "&lt;b&gt;قالت&lt;/b&gt; <mark>القـ.ـوات</mark> <mark>الأميركية</mark> &amp; وزارة"
    )


def test_highlight_prefix() -> None:
    html = highlight("الاستعدادات جارية", parse_query("استعد*"), limit=None)
    assert html == "<mark>الاستعدادات</mark> جارية"


def test_snippet_is_a_window_around_the_first_hit() -> None:
    text = " ".join(["كلام"] * 100 + ["الزلزال"] + ["كلام"] * 100)
    html = highlight(text, parse_query("زلزال"), limit=10)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>الزلزال</mark>" in html
    assert html.count("كلام") == 9
