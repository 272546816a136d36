"""Inflection in the analysis (issue 19): the forms of one word meet, different words stay apart."""

from __future__ import annotations

import pytest

from articles import arabic


def found_by(query: str, word: str) -> bool:
    """Whether typing `query` finds the text `word` (same rule as the tsquery: every position of
    the query word shares a term with the same position of the text)."""
    positions = arabic.analyse(word)[0].positions
    wanted = arabic.query_terms(query)
    if len(wanted) != len(positions):
        return False
    return all(set(w) & p for w, p in zip(wanted, positions, strict=True))


MERGED = {
    "sound plural and dual": [
        ("المسلحين", "المسلحون"),
        ("المسلحين", "مسلح"),
        ("مسلح", "والمسلحين"),
        ("المسلحون", "مسلحان"),
        ("اللاعبين", "لاعب"),
        ("المسؤولين", "المسئولون"),
        ("الطرفين", "طرف"),
        ("الدولتين", "الدولة"),
        ("القوات", "القوة"),
    ],
    "nisba": [
        ("الإيرانيين", "إيراني"),
        ("الإيرانيين", "الإيرانية"),
        ("الإيرانيين", "إيرانيون"),
        ("البريطانية", "بريطاني"),
        ("البريطانية", "البريطانيون"),
        ("العسكري", "العسكريات"),
        ("السعودي", "السعوديان"),
        ("أمريكي", "الأميركية"),
    ],
    "masculine and feminine": [
        ("الجديدة", "جديد"),
        ("المتحدة", "المتحد"),
        ("الكبير", "الكبيرة"),
        ("المسلحة", "مسلح"),
        ("الماضي", "الماضية"),
    ],
    "pronoun suffix": [
        ("حكومة", "حكومتها"),
        ("الحكومة", "حكومتهم"),
        ("بلاد", "بلادهم"),
        ("القوات", "قواتها"),
        ("الأطفال", "أطفالهم"),
        ("جيش", "جيشها"),
    ],
    "broken plural": [
        ("الجيوش", "جيش"),
        ("جيش", "الجيوش"),
        ("المدن", "مدينة"),
        ("مدينة", "والمدن"),
        ("الأطفال", "طفل"),
        ("القرى", "قرية"),
        ("الوزراء", "وزير"),
        ("المدارس", "المدرسة"),
    ],
    "name variant": [
        ("سوريا", "سورية"),
        ("سورية", "سوريا"),
        ("سوريا", "والسورية"),
        ("واشنطن", "واشنطون"),
    ],
}

APART = [
    ("مدرسة", "مدرس"),
    ("مدرس", "مدرسة"),
    ("مدرس", "المدرسة"),
    ("سعود", "السعودية"),
    ("السعودية", "سعود"),
    ("قوى", "قوة"),
    ("قوة", "قوى"),
    ("قوى", "القوية"),
    ("عشر", "عشرين"),
    ("لبن", "لبنان"),
    ("جامع", "جامعة"),
    ("مكتب", "مكتبة"),
    ("منطق", "منطقة"),
    ("طريق", "طريقة"),
    ("حديد", "الحديدة"),
    ("مشارك", "مشاركة"),
    ("سلم", "سلمان"),
    ("عدن", "عدنان"),
    ("إيران", "إيراني"),
    ("مصر", "مصري"),
    ("أمريكا", "أمريكي"),
    ("وزارة", "زارة"),
    ("الإمارات", "إمارة"),
    ("تغطي", "تغطية"),
    ("جيش", "الجيران"),
]


@pytest.mark.parametrize(
    ("query", "word"),
    [pair for pairs in MERGED.values() for pair in pairs],
    ids=[f"{family}: {q} finds {w}" for family, pairs in MERGED.items() for q, w in pairs],
)
def test_inflections_of_one_word_are_found(query: str, word: str) -> None:
    assert found_by(query, word)


@pytest.mark.parametrize(("query", "word"), APART, ids=[f"{q} not {w}" for q, w in APART])
def test_different_words_stay_apart(query: str, word: str) -> None:
    assert not found_by(query, word)


def test_the_word_as_typed_is_still_a_term() -> None:
    assert "مسلحين" in arabic.query_terms("المسلحين")[0]
    assert {"مسلحين", "مسلح"} <= arabic.analyse("بالمسلحين")[0].terms


def test_listed_exceptions_have_no_base() -> None:
    for word in ("عشرين", "مدرسه", "لبنان", "تغطيه"):
        assert arabic.base_form(word) is None


def test_a_pronoun_is_taken_off_only_when_a_base_remains() -> None:
    assert arabic.base_form("منها") is None  # من + ها: too short to be a noun
    assert arabic.base_form("حكومتنا") == "حكومه"


def test_glued_names_take_proclitics_and_inflection_like_single_words() -> None:
    positions = arabic.analyse("لعبدالله")[0].positions
    assert len(positions) == 2 and "الله" in positions[1]
    tail = arabic.analyse("بديرالزور")[0].positions
    assert "زور" in tail[1]


def test_the_snippet_highlights_every_inflection_found() -> None:
    from articles.search.query import parse_query
    from articles.search.snippets import highlight

    html = highlight("قال المسلحون إن مسلحا واحدا والجماعات المسلحة", parse_query("المسلحين"))
    assert html.count("<mark>") == 3
    assert "<mark>المسلحون</mark>" in html and "<mark>المسلحة</mark>" in html


def test_a_phrase_finds_its_first_word_behind_a_bare_proclitic() -> None:
    from articles.search.query import parse_query

    query = parse_query('"ريف دمشق"')
    for text in ("بريف دمشق", "لريف دمشق", "وبريف دمشق"):
        first, second = arabic.analyse(text)
        assert query.matches(first.terms) and query.matches(second.terms)
    assert "'ريف' <-> 'دمشق'" in query.tsquery


@pytest.mark.parametrize(
    ("query", "word"),
    [("بلاد", "بلاده"), ("الحكومة", "وحكومته"), ("مكتب", "مكتبه"), ("القوات", "قواته")],
)
def test_a_final_heh_written_as_heh_is_a_pronoun_in_the_index(query: str, word: str) -> None:
    assert found_by(query, word)


def test_a_final_taa_marbuta_is_never_taken_for_a_pronoun() -> None:
    assert not found_by("مكتب", "مكتبة")
    assert not found_by("مدرس", "المدرسة")


@pytest.mark.parametrize(
    ("query", "word"),
    [("الطرفين", "طرفا"), ("جيش", "جيشا"), ("مسلح", "مسلحا"), ("عشرين", "عشرون")],
)
def test_accusative_alif_and_the_cases_of_the_tens_are_one_word(query: str, word: str) -> None:
    assert found_by(query, word)


def test_the_tens_stay_apart_from_their_units() -> None:
    assert not found_by("عشر", "عشرون")
    assert not found_by("ثلاث", "ثلاثين")


def test_a_proper_plural_keeps_its_article_form_apart() -> None:
    assert not found_by("الإمارات", "الإمارة")


@pytest.mark.parametrize(
    ("query", "word"),
    [("اللاعبين", "للاعبين"), ("لاعب", "للاعب"), ("لبنان", "للبنان"), ("القوات", "للقوات")],
)
def test_lil_before_a_word_starting_with_lam_keeps_that_lam(query: str, word: str) -> None:
    assert found_by(query, word)


@pytest.mark.parametrize(
    ("query", "word"), [("قوة", "قوتها"), ("القوة", "وقوته"), ("وقت", "وقتها"), ("بيت", "بيته")]
)
def test_a_short_stem_in_ta_before_a_pronoun_is_read_both_ways(query: str, word: str) -> None:
    assert found_by(query, word)


def test_homographs_of_listed_words_stay_apart() -> None:
    assert not found_by("مصر", "مصرون")  # مُصِرّون: insisting
    assert not found_by("قوى", "القويين")  # the strong ones, not the powers
