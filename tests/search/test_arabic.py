"""The text analysis: normalization, tokenization with offsets, clitic-aware stemming, lemmas."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import arabic

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "saudinewsnet"


def key(word: str) -> frozenset[str]:
    """The terms a document word is indexed under."""
    (analysed,) = arabic.analyse(word)
    return analysed.terms


def found_by(query: str, word: str) -> bool:
    """Whether typing `query` finds `word` in a text (same rule as the tsquery)."""
    positions = arabic.analyse(word)[0].positions
    wanted = arabic.query_terms(query)
    if len(wanted) != len(positions):
        return False
    return all(set(w) & p for w, p in zip(wanted, positions, strict=True))


# --- Normalization -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("مُسْتَشْفَى", "مستشفي"),  # diacritics (dediac_ar) and alef maksura
        ("الحكومــــة", "الحكومه"),  # tatweel and taa marbuta
        ("القـ.ـوات", "القوات"),  # obfuscated with tatweel and a dot
        ("وتيـ.ـرة", "وتيره"),
        ("الاستعـ.ـدادات", "الاستعدادات"),
        ("أحمد إيران آخر ٱلله", "احمد ايران اخر الله"),  # hamza and wasla on alef
        ("مسؤول مسئول", "مسوول مسيول"),  # hamza on waw and yeh
        ("ﻻ ﷲ", "لا الله"),  # presentation forms (NFKC)
        ("\u0627\u0654", "ا"),  # alef + combining hamza composes, then folds
        ("کتاب ی", "كتاب ي"),  # Persian keheh and yeh
        ("ہ ھ ۀ ے", "ه ه ه ي"),  # Urdu heh goal, doachashmee, yeh barree
        ("٢٠١٥ ۱۹", "2015 19"),  # Arabic-Indic and Persian digits
        ("ISIS", "isis"),
        ("كلمة\u200cكلمة\u200f", "كلمهكلمه"),  # invisible format characters
    ],
)
def test_normalize(raw: str, normal: str) -> None:
    assert arabic.normalize(raw) == normal


def test_normalize_keeps_a_plain_dot_between_words() -> None:
    assert arabic.normalize("نهاية.بداية") == "نهايه.بدايه"


# --- Tokenization --------------------------------------------------------------------------------


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "قال: القـ.ـوات، وتيـ.ـرة (ديرالزور)."
    toks = arabic.tokens(text)
    assert [t.text for t in toks] == ["قال", "القـ.ـوات", "وتيـ.ـرة", "ديرالزور"]
    assert all(text[t.start : t.end] == t.text for t in toks)


def camel_words(text: str) -> list[str]:
    """simple_word_tokenize's word tokens, with tatweel-dot obfuscations joined like ours."""
    out: list[str] = []
    glue = False
    for tok in simple_word_tokenize(text):
        is_word = len(tok) > 1 or tok not in arabic._SEPARATORS
        if glue and is_word:
            out[-1] += tok
            glue = False
            continue
        if tok in arabic._OBFUSCATION_MARKS and out and out[-1].endswith(arabic.TATWEEL):
            out[-1] += tok
            glue = True
            continue
        glue = False
        if is_word:
            out.append(tok)
    return out


def our_words(text: str) -> list[str]:
    return [t.text for t in arabic.tokens(text)]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_tokens_agree_with_camel_tools_on_the_seeds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert our_words(text) == camel_words(text)


def corpus_sample(n: int) -> Iterator[str]:
    rng = random.Random(7)
    files = sorted(CORPUS.glob("*.zip"))
    for zpath in rng.sample(files, 2):
        with zipfile.ZipFile(zpath) as zf:
            articles = json.loads(zf.read(zf.namelist()[0]))
        for a in rng.sample(articles, n // 2):
            yield a["title"] + "\n" + a["content"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="SaudiNewsNet is not in ../shared/corpora")
def test_tokens_agree_with_camel_tools_on_saudinewsnet() -> None:
    for text in corpus_sample(200):
        assert our_words(text) == camel_words(text)


arabic_text = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة")
        + list("ًٌٍَُِّْـ.،؛؟!«» \n\t-/0١٢")
        + ["\u200c", "ﻻ", "ک", "😀", "#"]
    ),
    max_size=80,
)


@given(arabic_text)
@settings(max_examples=300, deadline=None)
def test_token_offsets_always_point_at_the_original_characters(text: str) -> None:
    previous_end = 0
    for tok in arabic.tokens(text):
        assert text[tok.start : tok.end] == tok.text
        assert tok.start >= previous_end and tok.end > tok.start
        previous_end = tok.end


@given(arabic_text)
@settings(max_examples=200, deadline=None)
def test_highlights_never_alter_the_text(text: str) -> None:
    for item in arabic.analyse(text):
        assert text[item.token.start : item.token.end] == item.token.text
        assert item.positions and all(item.positions)


# --- Stemming ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("القوات", "والقوات"),
        ("القوات", "قوات"),
        ("قوات", "القوات"),
        ("قوات", "والقوات"),
        ("قوات", "بالقوات"),
        ("قوات", "للقوات"),
        ("قوات", "فبالقوات"),
        ("قوات", "القـ.ـوات"),
        ("القوات", "القوة"),  # sound feminine plural and its singular
        ("حكومة", "والحكومة"),
        ("الحكومة", "وللحكومة"),
        ("وزارة", "وزارة"),
        ("وزارة", "الوزارة"),
        ("وزارة", "والوزارة"),
        ("قال", "وقال"),
        ("أمريكي", "أميركي"),
        ("الأمريكية", "الأميركية"),
        ("أمريكا", "وأميركا"),
        ("إيران", "ايران"),
        ("مستشفى", "المستشفي"),
        ("الديمقراطية", "الديموقراطية"),
        ("دير الزور", "ديرالزور"),
        ("ديرالزور", "ديرالزور"),
        ("الله", "والله"),
        ("عبد الله", "عبدالله"),
        ("عبد الله", "لعبدالله"),
        ("مسؤول", "المسئول"),
        ("شؤون", "شئون"),
    ],
)
def test_conflated(query: str, word: str) -> None:
    words = query.split()
    if len(words) == 1:
        assert found_by(query, word)
    else:
        glued = arabic.analyse(word)[0].positions
        matched = [set(arabic.query_terms(w)[0]) & p for w, p in zip(words, glued, strict=True)]
        assert all(matched)


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("مدرسة", "مدرس"),
        ("مدرس", "مدرسة"),
        ("وزارة", "زارة"),  # و is part of the root of وزارة
        ("زيارة", "وزارة"),
        ("الآن", "أن"),  # الآن is not ال + آن
        ("التي", "تي"),
        ("قوات", "قوى"),
        ("أمريكي", "أمريكا"),
        ("دير", "الزور"),
        ("ليبيا", "لبنان"),
        ("الإمارات", "إمارة"),  # the country is not an emirate
    ],
)
def test_not_conflated(query: str, word: str) -> None:
    assert not found_by(query, word)


def test_wazara_keeps_its_root_letters() -> None:
    assert arabic.query_terms("وزارة") == [["وزاره"]]
    assert "وزاره" in key("والوزارة")


def test_terms_are_one_primary_key_per_word() -> None:
    terms = arabic.terms("والقوات الأميركية في ديرالزور")
    assert terms == ["قوات", "امريكيه", "في", "دير", "زور"]


# --- Lemmas from a morphology database -----------------------------------------------------------

TINY_DB = """###DEFINES###
DEFINE pos pos:noun pos:verb pos:digit pos:punc pos:foreign
DEFINE lex lex:*open*
DEFINE diac diac:*open*
DEFINE bw bw:*open*
DEFINE gloss gloss:*open*
###DEFAULTS###
DEFAULT pos:noun lex:na diac:na bw:na gloss:na
DEFAULT pos:digit lex:na diac:na bw:na gloss:na
DEFAULT pos:punc lex:na diac:na bw:na gloss:na
DEFAULT pos:foreign lex:na diac:na bw:na gloss:na
###ORDER###
ORDER pos diac lex bw gloss
###TOKENIZATIONS###
TOKENIZATION diac
###STEMBACKOFF###
STEMBACKOFF NONE none
###PREFIXES###
\tPref-0\tdiac: bw:
ال\tPref-Al\tdiac:الْ bw:Al/DET
###SUFFIXES###
\tSuff-0\tdiac: bw:
###STEMS###
جيوش\tN\tdiac:جُيُوش lex:جَيْش_1 bw:juyuw$/NOUN gloss:armies pos:noun
###TABLE AB###
Pref-0 N
Pref-Al N
###TABLE BC###
N Suff-0
###TABLE AC###
Pref-0 Suff-0
Pref-Al Suff-0
"""


@pytest.fixture
def tiny_morphology_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "morphology.db"
    path.write_text(TINY_DB, encoding="utf-8")
    arabic.use_morphology_db(path)
    yield path
    arabic.use_morphology_db(None)


def test_lemmas_come_from_the_morphology_db_when_installed(tiny_morphology_db: Path) -> None:
    assert "جيش" in key("الجيوش")  # broken plural indexed under its lemma
    assert "جيش" in arabic.query_terms("الجيوش")[0]
    assert found_by("جيش", "الجيوش")


def test_without_a_db_the_built_in_table_serves_frequent_broken_plurals() -> None:
    arabic.use_morphology_db(None)
    assert found_by("جيش", "الجيوش")
    assert found_by("جيوش", "الجيوش")
    assert not found_by("جيش", "الجيران")  # a plural the table does not hold stays apart


def test_the_camel_catalogue_is_the_projects_own() -> None:
    from camel_tools.data import CATALOGUE

    assert "MorphologyDB" in CATALOGUE.components
    assert str(arabic.CAMEL_DATA_DIR) in str(
        CATALOGUE.components["MorphologyDB"].datasets["calima-msa-r13"].path
    )


def test_the_stored_separators_are_camel_tools_own() -> None:
    """`articles.text_separators` (read at start instead of camel-tools' charsets) holds the
    characters camel-tools splits on, for the installed Unicode and emoji versions; if these
    fail after an upgrade, run scripts/separators.py."""
    from articles import text_separators

    assert text_separators.UNICODE_VERSION == unicodedata.unidata_version
    assert text_separators.EMOJI_VERSION == arabic._emoji_version()
    assert arabic._SEPARATORS == arabic.camel_separators()


def test_dediac_is_camel_tools_own() -> None:
    from camel_tools.utils.dediac import dediac_ar

    text = "".join(map(chr, range(0x600, 0x700))) + "مُسْتَشْفَى ٰ"
    assert arabic.dediac_ar(text) == dediac_ar(text)


def test_starting_the_analysis_does_not_walk_the_unicode_tables() -> None:
    """Every command pays for its imports: camel-tools' charsets cost about a second."""
    code = (
        "import sys, articles.arabic; "
        "print('camel_tools.utils.charsets' in sys.modules, 'emoji' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", "False"]
