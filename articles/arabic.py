"""Arabic text analysis shared by search, import and annotation (built on camel-tools).

Interface (small and stable; other modules import these, never copy them):
- `normalize(text) -> str`: the matching form of a text (never applied to stored text).
- `tokens(text) -> list[Token]`: word tokens with their code-point offsets in `text`; agrees with
  camel-tools' `simple_word_tokenize` (minus punctuation tokens), except that a word obfuscated
  with tatweel and a dot (القـ.ـوات) is one token.
- `terms(text) -> list[str]`: the analysed index term of every word, in order.
- `analyse(text) -> list[Analysed]`: every token with the set of terms indexed at each of its
  positions (a glued name such as ديرالزور takes two positions, like دير الزور).
- `query_terms(word) -> list[list[str]]`: what one query word matches: per position, any of the
  listed terms.

Matching is by clitic-aware light stemming: the definite article and the proclitics in front of
it (و/ف + ب/ك/ل + ال, لل) are stripped; a bare و/ف/ب/ك/ل is ambiguous (وزارة is not و+زارة), so
the index carries both readings and a query keeps the word as typed.

Inflection (`base_form`): every reading is also indexed, and every query word also matches, under
its base, so all inflections of one word meet there:
- sound plurals and duals: ـون/ـين → the singular (المسلحين, المسلحون → مسلح), ـتان/ـتين → ة
  (الدولتين → دولة), ـات → ة (قوات → قوة); ـان only after a nisba ي or on a م participle
  (مسلحان), because most frequent words in ـان with an attested stem are names or other words
  (سلمان, عدنان, طالبان, عدوان: 13 of the 17 most frequent such pairs in SaudiNewsNet);
- nisba: ـي/ـية/ـيون/ـيين/ـيان/ـيات → ـي (الإيرانيين, الإيرانية → إيراني) when the base has at
  least four letters (قوية stays apart from قوى);
- the feminine of an adjective → its masculine (الجديدة → جديد) for adjective shapes only:
  participles in م (but not the verbal noun مفاعلة: مشاركة is not مشارك), فعيل and فاعل, whose
  dual in ـان is also merged;
- a pronoun suffix on a noun (ها, هم, هما, هن, كم, كما, نا; ت before it is ة): حكومتها → حكومة;
  a final ه only where the text wrote ه, not ة (بلاده → بلاد), and only in the index (a query
  typed with ه for ة stays as typed); ك is not taken off (it ends many nouns);
- an indefinite accusative's alif (طرفًا, مسلحًا → طرف, مسلح); the nominative and the oblique
  of the tens (عشرون, عشرين);
- broken plurals of the frequent news vocabulary, from a table (`BROKEN_PLURALS`), and beyond it
  from farahidi when the optional extra is installed and NEWSROOM_LEMMATISER=farahidi;
- name variants (`NAME_VARIANTS`: سورية → سوريا, ...), applied to index and query alike.
The rule was fixed from the corpus vocabulary: for each suffix, the most frequent words whose
stripped form is itself a frequent word were listed, and those a reader would not merge (عشرين is
not عشر, مدرسة is not مدرس, جامعة is not جامع, تغطية is not تغطي) went into `NOT_INFLECTED`,
where nothing is stripped. A query word keeps its own form too, so a base only widens a match to
the inflections of the same word.
When a CAMeL Tools morphology database is installed, its lemma is indexed too and queries match
it as well.
"""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from articles import text_separators

# camel-tools looks its data catalogue up (and downloads one when missing) the first time
# camel_tools.data is imported: point it at the project's own copy before anything imports it.
CAMEL_DATA_DIR = Path(__file__).resolve().parent.parent / "camel_data"
os.environ.setdefault("CAMELTOOLS_DATA", str(CAMEL_DATA_DIR))

TATWEEL = "\u0640"
_OBFUSCATION_MARKS = ".·•"


def _char_class(chars: set[str]) -> str:
    points = sorted(ord(c) for c in chars)
    ranges: list[tuple[int, int]] = []
    for p in points:
        if ranges and p == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], p)
        else:
            ranges.append((p, p))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


def camel_separators() -> set[str]:
    """The characters camel-tools' simple_word_tokenize splits on: str.split() whitespace and
    every punctuation/symbol character (single-character emoji included); a word is a maximal
    run of anything else. (All Unicode whitespace lies below U+3001.)

    Importing camel-tools' charsets walks every Unicode code point (about a second of every
    process start): the set is stored in `articles.text_separators` for the Unicode and emoji
    versions it was computed with, and computed here only for others
    (`scripts/separators.py` writes it again)."""
    from camel_tools.utils.charsets import EMOJI_ALL_CHARSET, UNICODE_PUNCT_SYMBOL_CHARSET

    return {c for c in map(chr, range(0x3001)) if c.isspace()} | {
        c for c in UNICODE_PUNCT_SYMBOL_CHARSET | EMOJI_ALL_CHARSET if len(c) == 1
    }


def _emoji_version() -> str | None:
    """The installed emoji package's version, from its dist-info (importing it costs more)."""
    spec = importlib.util.find_spec("emoji")
    if spec is None or spec.origin is None:
        return None
    found = list(Path(spec.origin).parent.parent.glob("emoji-*.dist-info"))
    return found[0].name.removeprefix("emoji-").removesuffix(".dist-info") if found else None


def _separators() -> set[str]:
    stored = text_separators.UNICODE_VERSION, text_separators.EMOJI_VERSION
    if stored != (unicodedata.unidata_version, _emoji_version()):
        return camel_separators()
    return {chr(c) for a, b in text_separators.RANGES for c in range(a, b + 1)}


_SEPARATORS = _separators()
_W = f"[^{_char_class(_SEPARATORS)}]"
_WORD = re.compile(
    rf"{_W}+(?:(?:(?<={TATWEEL})[{_OBFUSCATION_MARKS}]+|[{_OBFUSCATION_MARKS}]+(?={TATWEEL})){_W}+)*"
)

# The same pattern without the separators beyond the BMP (emoji, mostly): Python's regex engine
# tests a class of BMP characters against a bitmap but walks a list of ranges once any lies
# beyond it, so this one is about five times faster. Only for texts without such characters.
_WORD_BMP = re.compile(
    _WORD.pattern.replace(_W, f"[^{_char_class({c for c in _SEPARATORS if ord(c) <= 0xFFFF})}]")
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _word_pattern(text: str) -> re.Pattern[str]:
    return _WORD if _ASTRAL.search(text) else _WORD_BMP


def words(text: str) -> list[str]:
    """The text of every word token, in order (what `tokens` finds, without offsets)."""
    return _word_pattern(text).findall(text)


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """Every word token as a match (text and offsets)."""
    return _word_pattern(text).finditer(text)


_OBFUSCATION = re.compile(
    rf"{TATWEEL}+[{_OBFUSCATION_MARKS}]+{TATWEEL}*|[{_OBFUSCATION_MARKS}]+{TATWEEL}+"
)
# Diacritics camel's dediac_ar leaves (Quranic marks, maddah/hamza above or below once NFKC has
# composed what it can), tatweel, and invisible format characters (ZWNJ, ZWJ, marks of direction).
# camel-tools' dediac_ar: its AR_DIAC_CHARSET (tanween, harakat, shadda, sukun, dagger alif).
_AR_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")


def dediac_ar(text: str) -> str:
    """camel_tools.utils.dediac.dediac_ar without importing camel-tools' charsets."""
    return _AR_DIACRITICS.sub("", text)


_STRIP = re.compile(
    "[\u0610-\u061a\u0653-\u065f\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ی": "ي",  # Persian yeh
        "ې": "ي",
        "ے": "ي",  # Urdu yeh barree
        "ۓ": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "ہ": "ه",  # Urdu heh goal
        "ھ": "ه",  # heh doachashmee
        "ۃ": "ه",
        "ک": "ك",  # Persian keheh
        "ڪ": "ك",
        "گ": "ك",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian/Urdu digits
    }
)

# Loanwords spelled two ways by different outlets; keys and values are normalized forms.
SPELLING_VARIANTS: dict[str, str] = {
    "اميرك": "امريك",  # أميركا/أمريكا, الأميركية/الأمريكية
    "ديموقراط": "ديمقراط",
    "اوروب": "اورب",
    "مسيول": "مسوول",  # مسئول/مسؤول
    "شيون": "شوون",  # شئون/شؤون
}
_VARIANT_RE = re.compile("|".join(SPELLING_VARIANTS))

# Definite-article clusters, longest first: stripping them is safe when enough word remains.
_DEFINITE = ("وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
# Words that start with ال (after normalization) without it being the article.
_NOT_ARTICLE = frozenset(
    "الله اللهم الذي التي الذين اللذين اللتين اللذان اللتان اللاتي اللواتي الان الي الا اليه "
    "اليها اليهم اليهما اليك اليكم الينا الف الاف الفين الم".split()
)
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بكل"
# Place and personal names often written glued to the next word's article (ديرالزور, عبدالله).
_GLUED = re.compile("^([وف]?[بكل]?(?:دير|عبد|ابو|ابي|بيت|راس|جبل|تل))(ال..+)$")
# Plurals in ـات that name one place, not several of a thing (الإمارات is not إمارة).
_PROPER_PLURALS = frozenset({"امارات", "عرفات", "فرات"})
_MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # code-point offset in the analysed text
    end: int


@dataclass(frozen=True, slots=True)
class Analysed:
    token: Token
    positions: tuple[frozenset[str], ...]  # terms indexed at each position the token occupies

    @property
    def terms(self) -> frozenset[str]:
        return frozenset().union(*self.positions)


def normalize(text: str) -> str:
    """The matching form: NFKC, no diacritics/tatweel/obfuscation, one letter per sound."""
    text = unicodedata.normalize("NFKC", text)
    text = _OBFUSCATION.sub("", text)
    text = _STRIP.sub("", dediac_ar(text))
    return text.translate(_LETTERS).lower()


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in word_matches(text)]


def _variant(word: str) -> str:
    return _VARIANT_RE.sub(lambda m: SPELLING_VARIANTS[m.group()], word) if word else word


def _strip_definite(word: str) -> str | None:
    if word in _NOT_ARTICLE:
        return None
    for prefix in _DEFINITE:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
            rest = word[len(prefix) :]
            # والذي is و + الذي, not و + ال + ذي.
            return "ال" + rest if prefix.endswith("ال") and "ال" + rest in _NOT_ARTICLE else rest
    return None


_LIL = re.compile("^[وف]?لل(ل?..+)$")


def _definite_forms(word: str) -> set[str]:
    """The word without its article: one form, or two after لل, which is ل + ال and, before a
    word starting with ل, ل + ال + ل (للاعبين is ل + اللاعبين, للبنان is ل + لبنان)."""
    definite = _strip_definite(word)
    if definite is None:
        return set()
    m = _LIL.match(word)
    return {definite, "ل" + m.group(1)} if m else {definite}


def _readings(word: str) -> set[str]:
    """Every form the word may stand for once its proclitics are taken off."""
    forms = {word}
    definite = _definite_forms(word)
    if definite:
        return forms | definite
    rest = word
    if rest[:1] and rest[0] in _CONJUNCTIONS and len(rest) > 3:
        rest = rest[1:]
        forms.add(rest)
        inner = _strip_definite(rest)
        if inner is not None:
            forms.add(inner)
    if rest[:1] and rest[0] in _PREPOSITIONS and len(rest) > 3:
        forms.add(rest[1:])
    return forms


def _with_singular(forms: set[str], *, heh: bool = False) -> set[str]:
    """Every form with its inflection base (`base_form`): قوات is found by قوة and the reverse.
    Forms that still carry the article are left as they are (their stripped form is there too).
    `heh`: the word was written with a final ه, not ة: it may be the pronoun "his" (بلاده)."""
    if forms & _PROPER_PLURALS:
        return forms
    bare = [f for f in forms if _strip_definite(f) is None]
    out = forms | {b for f in bare if (b := base_form(f)) is not None}
    for f in bare:  # قوتها: a three-letter stem in ت before a pronoun may be قوة or وقت
        suffix = next((s for s in _PRONOUN_SUFFIXES if f.endswith(s)), "")
        if suffix and len(f) - len(suffix) == _MIN_BASE and f[-len(suffix) - 1] == "ت":
            out.add(f[: -len(suffix) - 1] + "ه")
    if heh:
        for f in bare:
            rest = f[:-1]
            if not f.endswith("ه") or len(rest) < _MIN_BASE:
                continue
            stems = {rest}
            if rest.endswith("ت") and not rest.endswith("ات"):
                stems.add(rest[:-1] + "ه")  # حكومته: ة is written ت before a pronoun
            out |= stems | {b for stem in stems if (b := base_form(stem)) is not None}
    return out


# --- Inflection ---------------------------------------------------------------------------------
# Keys and values are normalized forms (ة written ه, ى written ي), without proclitics.

# Country and place names spelled two ways by different outlets (SANA writes سورية).
NAME_VARIANTS: dict[str, str] = {
    "سوريه": "سوريا",
    "واشنطون": "واشنطن",
    "جنيفا": "جنيف",
    "بوتن": "بوتين",
    "موريتانيه": "موريتانيا",
}

# Broken plurals of the frequent news vocabulary and their singulars: the frequent broken plurals
# of SaudiNewsNet (plural and singular each attested at least 20 times), less those that are also
# a frequent other word (كتب "wrote", فرق "difference", أسهم "contributed", إحياء "revival",
# طلبه "his request", أسر "captured"). Offline lemmatisers were measured on the same list and on
# held-out plurals (bench/search_quality.py --lemmatisers): only farahidi's broken-plural readings
# come close (0.93 held out) and it is GPL: it is an optional extra (`use_lemmatiser`, below).
BROKEN_PLURALS: dict[str, str] = dict(
    pair.split(":")
    for pair in (
        "جيوش:جيش مدن:مدينه سنين:سنه مواني:ميناء دول:دوله قري:قريه اسلحه:سلاح مدارس:مدرسه "
        "اطفال:طفل احزاب:حزب "
        "مناطق:منطقه مساجد:مسجد وزراء:وزير شهداء:شهيد اسواق:سوق رجال:رجل مواقع:موقع "
        "قاده:قايد امراء:امير علماء:عالم رءساء:رييس روساء:رييس اعضاء:عضو شعوب:شعب بلدان:بلد "
        "حروب:حرب ايام:يوم شهور:شهر اشهر:شهر اسابيع:اسبوع دقايق:دقيقه اعوام:عام طلاب:طالب "
        "عمال:عامل مشاريع:مشروع اموال:مال اسعار:سعر ارقام:رقم مصادر:مصدر "
        "وسايل:وسيله قضايا:قضيه اسباب:سبب اهداف:هدف نتايج:نتيجه مراكز:مركز مكاتب:مكتب "
        "مجالس:مجلس محاكم:محكمه سجون:سجن اسري:اسير جرحي:جريح قتلي:قتيل ضحايا:ضحيه "
        "نساء:امراه ابناء:ابن بنات:بنت اخوه:اخ اصدقاء:صديق اعداء:عدو ملوك:ملك شيوخ:شيخ "
        "قبايل:قبيله بيوت:بيت منازل:منزل شوارع:شارع طرق:طريق جسور:جسر موانء:ميناء "
        "موانيء:ميناء سفن:سفينه صواريخ:صاروخ قواعد:قاعده حدود:حد جبال:جبل بحار:بحر انهار:نهر "
        "اراضي:ارض مزارع:مزرعه مصانع:مصنع بنوك:بنك اخبار:خبر صحف:صحيفه "
        "رسايل:رساله قوانين:قانون انظمه:نظام حقوق:حق مبادء:مبدا مبادي:مبدا افكار:فكره "
        "اراء:راي مواقف:موقف اجهزه:جهاز اعمال:عمل اطباء:طبيب مرضي:مريض ادويه:دواء "
        "انديه:نادي ملاعب:ملعب جوايز:جايزه سفراء:سفير خبراء:خبير زعماء:زعيم "
        "نواب:نايب مناصب:منصب فنادق:فندق مطاعم:مطعم جزر:جزيره معارك:معركه "
        "معابر:معبر ملايين:مليون الاف:الف اسلحت:سلاح"
    ).split()
)
# Words that look inflected but are another word, or a name: nothing is stripped from them. Found
# by listing, over the corpus vocabulary, the most frequent words whose stripped form is itself a
# frequent word (a candidate merge) and keeping the pairs a reader would not merge.
NOT_INFLECTED = frozenset(
    # numbers (عشرين is not عشر), names, months and words in ـين/ـون/ـان
    "عشرين عشرون ثلاثين ثلاثون اربعين اربعون خمسين خمسون ستين ستون سبعين سبعون ثمانين ثمانون "
    "تسعين تسعون اثنين اثنان اثنتين اثنتان بحرين تامين كانون ياسين شاهين زيتون هرمون قلمون "
    "خلدون سعدون حسين سنين تعدين طالبان سليمان سلمان عدوان ظهران فقدان ميلان حمدان عدنان "
    "حرمان عمران ادمان فوزان سمحان لبنان ايران عمان سودان يابان بيان مكان زمان انسان "
    "امين امنين علما قطرها مصرين مصرون مصرا قويين قويون "
    # words in ـية that are not a nisba of the word without ة
    "قضيه هديه عمليه مديريه معاليه ساميه راميه موديه تعازيه ناديه قاريه عليه قويه "
    "تنميه تربيه توعيه تغطيه تهنيه تسويه تغذيه تجزيه تلبيه تهييه تعبيه ترسيه توليه تسميه "
    "تقويه توصيه ترقيه تضحيه تشويه تحليه تسليه تصفيه تنبيه تاديه تنشيه تيميه تزكيه تهويه "
    "تلقيه تهديه تنقيه تنويه تدفيه تعنيه تشبيه تعزيه تبنيه توريه توجيه ترفيه "
    # feminine nouns that are not the feminine of the word without ة
    "مدرسه مكتبه مقدمه مكانه موسسه مجموعه منطقه محكمه منظمه مدينه مملكه مرحله معركه مساله "
    "مساحه مسافه مبادره مشكله مسيره مصلحه موقعه مركبه محطه مقاطعه مصالحه محاضره مخالفه "
    "منافسه مبالغه مهاجمه محافظه مساعده موافقه مناسبه مقابله مشاهده محاكمه مطالبه مشاركه "
    "مراقبه متابعه مواجهه معادله مسابقه مقاومه مداهمه مباراه منصه مطبعه مدرجه مسلمه "
    "طريقه قايمه بريده ربيعه دقيقه عقيده قبيله حديده طايره وثيقه دايره شريطه كتيبه كفيله "
    "جامعه رابطه ظاهره قاعده عاصمه واجهه لافته شايعه طايفه فاصله ناقله ساحه حاله "
    "خليفه حكومه حديقه صحيفه سفينه جزيره وتيره".split()
)
# Tens and two: the nominative and the oblique are one word (and not the unit: عشرين is not عشر).
_NUMBER_CASES = {
    f"{unit}ون": f"{unit}ين" for unit in "عشر ثلاث اربع خمس ست سبع ثمان تسع".split()
} | {"اثنان": "اثنين", "اثنتان": "اثنتين"}
_PRONOUN_SUFFIXES = ("هما", "كما", "ها", "هم", "هن", "كم", "نا")
_MIN_BASE = 3


def _adjective_shaped(stem: str) -> bool:
    """Shapes whose feminine is the same word (participles, فعيل, فاعل), not a verbal noun
    مفاعلة (مشاركة is not مشارك) nor a noun of place (see NOT_INFLECTED)."""
    if len(stem) < 4:
        return False
    if stem[0] == "م":
        return not (len(stem) == 5 and stem[2] == "ا")
    return (len(stem) == 4 and stem[2] == "ي") or (len(stem) == 4 and stem[1] == "ا")


def _sound_base(word: str) -> str | None:
    """The base of a sound plural, dual, nisba or feminine adjective; None when none applies."""
    if word in NOT_INFLECTED:
        return None
    stem = word
    if stem.endswith(("تين", "تان")) and len(stem) - 3 >= _MIN_BASE:
        stem = stem[:-3] + "ه"
    elif stem.endswith(("ين", "ون")) and len(stem) - 2 >= _MIN_BASE:
        stem = stem[:-2]
    elif stem.endswith("ان") and (
        (stem[-3:-2] == "ي" and len(stem) - 2 >= _MIN_BASE + 1) or _adjective_shaped(stem[:-2])
    ):
        stem = stem[:-2]
    elif stem.endswith("ا") and len(stem) - 1 >= _MIN_BASE and stem[-2] not in "يهنما":
        stem = stem[:-1]  # the accusative's tanween leaves an alif: طرفًا, مسلحًا
    elif stem.endswith("ات") and len(stem) - 2 >= _MIN_STEM and word not in _PROPER_PLURALS:
        stem = stem[:-2] + "ه"
    if stem in NOT_INFLECTED:
        return stem if stem != word else None
    if stem.endswith("يه") and len(stem) - 1 >= _MIN_BASE + 1:
        stem = stem[:-1]  # nisba: ايرانيه -> ايراني
    elif stem.endswith("ه") and _adjective_shaped(stem[:-1]):
        stem = stem[:-1]
    return stem if stem != word else None


@lru_cache(maxsize=200_000)
def base_form(word: str) -> str | None:
    """The inflection base of one normalized word without proclitics, or None when it is its own
    base: a name variant's usual spelling, a broken plural's singular, the word without a pronoun
    suffix, a sound plural's, dual's, nisba's or feminine adjective's base (see module doc)."""
    if word in NAME_VARIANTS:
        return NAME_VARIANTS[word]
    if word in _NUMBER_CASES:
        return _NUMBER_CASES[word]
    if word in BROKEN_PLURALS:
        return BROKEN_PLURALS[word]
    if word in NOT_INFLECTED:
        return None
    base = _sound_base(word)
    if base is None and word.endswith(_PRONOUN_SUFFIXES):
        suffix = next(s for s in _PRONOUN_SUFFIXES if word.endswith(s))
        rest = word[: -len(suffix)]
        if len(rest) >= _MIN_BASE:
            if rest.endswith("ت") and not rest.endswith("ات") and len(rest) > _MIN_BASE:
                rest = rest[:-1] + "ه"  # حكومتها: ة is written ت before a pronoun
            base = BROKEN_PLURALS.get(rest) or _sound_base(rest) or rest
    if base is not None and base in BROKEN_PLURALS:
        base = BROKEN_PLURALS[base]
    if base is not None and base in NAME_VARIANTS:
        base = NAME_VARIANTS[base]
    return base if base != word else None


def _split_glued(word: str) -> tuple[str, str] | None:
    """ديرالزور -> (دير, الزور); also behind proclitics: لعبدالله -> (لعبد, الله)."""
    m = _GLUED.match(word)
    return (m.group(1), m.group(2)) if m else None


_TRAILING_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f]+$")


def _ends_in_heh(raw: str) -> bool:
    """Whether a token as written ends in ه (a pronoun, or a root letter), not in ة."""
    return _TRAILING_MARKS.sub("", raw)[-1:] in ("ه", "ہ", "ھ", "ە")


@lru_cache(maxsize=200_000)
def _word_positions(word: str, heh: bool = False) -> tuple[frozenset[str], ...]:
    """The terms indexed for one normalized word, per position (`heh`: see `_with_singular`)."""
    glued = _split_glued(word)
    if glued is not None:
        head, tail = glued
        first = {_variant(f) for f in _readings(head)} | {_variant(word)}
        tail_forms = _with_singular(_readings(tail), heh=heh)
        return frozenset(first), frozenset(_variant(f) for f in tail_forms)
    terms = {_variant(f) for f in _with_singular(_readings(word), heh=heh)}
    lemma = _lemma(word)
    if lemma:
        terms.add(lemma)
    return (frozenset(terms),)


def primary_term(word: str) -> str:
    """The conflation key of one normalized word: definite article off, variants merged."""
    stripped = _strip_definite(word)
    return _variant(stripped if stripped is not None else word)


@lru_cache(maxsize=300_000)
def _token_positions(raw: str) -> tuple[frozenset[str], ...] | None:
    """Analysis of one token as written. News vocabulary repeats (Zipf), so most tokens of a
    text are answered from this cache: bulk import analyses about twice as fast."""
    word = normalize(raw)
    if not word:
        return None
    positions = _word_positions(word, _ends_in_heh(raw))
    if _lemmatiser is not None and len(positions) == 1:
        singulars = broken_plural_singulars(raw)
        if singulars:
            return (positions[0] | singulars,)
    return positions


def token_positions(raw: str) -> tuple[frozenset[str], ...] | None:
    """The terms indexed at each position of one token as written (None: nothing to index);
    cached per token."""
    return _token_positions(raw)


def tokens_positions(raws: Sequence[str]) -> list[tuple[frozenset[str], ...] | None]:
    """`token_positions` of many tokens, normalised in one call: no token holds a line feed and
    no step of `normalize` reaches across one, so the joined text splits back token by token."""
    normalised = normalize("\n".join(raws)).split("\n") if raws else []
    if len(normalised) != len(raws):  # pragma: no cover - defensive
        return [_token_positions(raw) for raw in raws]
    if _lemmatiser is not None:
        return [_token_positions(raw) for raw in raws]
    return [
        _word_positions(word, _ends_in_heh(raw)) if word else None
        for word, raw in zip(normalised, raws, strict=True)
    ]


def analysis_generation() -> int:
    """Changes whenever the analysis changes (a morphology database or a lemmatiser loaded or
    dropped), so that callers keeping their own tables of analysed tokens know to rebuild them."""
    if not _analyzer_loaded:
        use_morphology_db(morphology_db_path())
    return _generation


def analysed_positions(text: str) -> Iterator[tuple[int, tuple[frozenset[str], ...]]]:
    """(start offset, terms per position) of every word of `text`: `analyse` without building
    Token objects, for indexing where only the terms and the start are needed."""
    cached = _token_positions
    for m in word_matches(text):
        positions = cached(m.group())
        if positions is not None:
            yield m.start(), positions


def analyse(text: str) -> list[Analysed]:
    out = []
    for tok in tokens(text):
        positions = _token_positions(tok.text)
        if positions is not None:
            out.append(Analysed(tok, positions))
    return out


def terms(text: str) -> list[str]:
    out: list[str] = []
    for tok in tokens(text):
        word = normalize(tok.text)
        if not word:
            continue
        glued = _split_glued(word)
        out.extend(
            (primary_term(glued[0]), primary_term(glued[1])) if glued else (primary_term(word),)
        )
    return out


def query_terms(word: str) -> list[list[str]]:
    """What a typed word matches, per position: any of the listed terms (already normalized).

    A word with the article matches with or without it (القوات finds قوات and والقوات); a word
    without one is kept as typed, so وزارة never turns into زارة.
    """
    normal = normalize(word)
    if not normal:
        return []
    glued = _split_glued(normal)
    parts = glued if glued else (normal,)
    out = []
    for part in parts:
        options = {part} | _definite_forms(part)
        options = {_variant(o) for o in _with_singular(options)}
        lemma = _lemma(part)
        if lemma:
            options.add(lemma)
        if _lemmatiser is not None and not glued:
            options |= broken_plural_singulars(word)
        out.append(sorted(options))
    return out


# --- Lemmas from CAMeL Tools' morphological analyzer, when a database is installed -------------

_analyzer: Any = None
_analyzer_loaded = False
_generation = 0


def morphology_db_path() -> Path | None:
    """The installed MSA morphology database, if any (see README: `camel_data -i ...`)."""
    explicit = os.environ.get("NEWSROOM_MORPHOLOGY_DB")
    if explicit:
        path = Path(explicit)
        return path if path.is_file() else None
    default = (
        Path(os.environ["CAMELTOOLS_DATA"]) / "data/morphology_db/calima-msa-r13/morphology.db"
    )
    return default if default.is_file() else None


def use_morphology_db(path: Path | None) -> None:
    """Load (or, with None, drop) the analyzer; clears the analysis caches."""
    global _analyzer, _analyzer_loaded, _generation
    _analyzer = None
    _generation += 1
    if path is not None:
        from camel_tools.morphology.analyzer import Analyzer
        from camel_tools.morphology.database import MorphologyDB

        _analyzer = Analyzer(MorphologyDB(str(path), "a"), backoff="NONE")
    _analyzer_loaded = True
    _word_positions.cache_clear()
    _token_positions.cache_clear()
    _lemma.cache_clear()


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str | None:
    if not _analyzer_loaded:
        use_morphology_db(morphology_db_path())
    if _analyzer is None:
        return None
    analyses = _analyzer.analyze(word)
    if not analyses:
        return None
    lex = analyses[0].get("lex")
    if not lex:
        return None
    lemma = normalize(str(lex).split("_")[0])
    return _variant(lemma) if lemma and lemma != word else None


# --- Broken plurals from an optional lemmatiser (GPL: off unless asked for) ------------------------
# farahidi (GPL-3.0-or-later, `uv sync --extra lemmas`) finds the singular of broken plurals the
# table does not hold (0.93 of held-out ones, bench/search_quality.py --lemmatisers). It is used
# only when NEWSROOM_LEMMATISER=farahidi, and only for readings as a broken plural (a plural whose
# stem pattern differs from its lemma's): its other lemmas merge different words (مدرسة/مدرس).
# Changing it changes the index: run `manage.py reindex` afterwards.

LEMMATISER_ENV = "NEWSROOM_LEMMATISER"
_lemmatiser: Any = None


def use_lemmatiser(name: str | None) -> None:
    """Load the named optional lemmatiser ("farahidi"), or drop it with None; clears caches."""
    global _lemmatiser, _generation
    if name not in (None, "", "none", "farahidi"):
        raise ValueError(f"unknown lemmatiser {name!r} (known: farahidi)")
    if name == "farahidi":
        import farahidi  # the optional extra `lemmas`

        _lemmatiser = farahidi.Analyzer()
    else:
        _lemmatiser = None
    _generation += 1
    _token_positions.cache_clear()
    _singulars.clear()
    _new_singulars.clear()


def lemmatiser_enabled() -> bool:
    """Whether the optional lemmatiser is in use (then its results are worth storing)."""
    return _lemmatiser is not None


# Token as written -> its singulars: filled from the database's cache (`seed_broken_plurals`) and
# by the lemmatiser; what the lemmatiser found since the last `take_new_broken_plurals` is kept
# apart so the caller can store it.
_singulars: dict[str, frozenset[str]] = {}
_new_singulars: dict[str, frozenset[str]] = {}


def seed_broken_plurals(rows: Iterable[tuple[str, Iterable[str]]]) -> None:
    """Known (token, singulars) pairs, e.g. read from a database table before a batch."""
    for raw, singulars in rows:
        _singulars[raw] = frozenset(singulars)


def take_new_broken_plurals() -> dict[str, frozenset[str]]:
    """The pairs the lemmatiser computed since the last call (to store them), and forget them."""
    global _new_singulars
    new, _new_singulars = _new_singulars, {}
    return new


def broken_plural_singulars(raw: str) -> frozenset[str]:
    """The normalized singulars of a token as written, read as a broken plural by the optional
    lemmatiser (empty without one). Needs the spelling as written: hamza and ة guide it."""
    if _lemmatiser is None:
        return frozenset()
    known = _singulars.get(raw)
    if known is not None:
        return known
    clean = _STRIP.sub("", dediac_ar(_OBFUSCATION.sub("", unicodedata.normalize("NFKC", raw))))
    out = set()
    for reading in _lemmatiser.analyze(clean):
        if (
            reading.pos == "اسم"
            and reading.number == "جمع"
            and reading.pattern != reading.lemma_pattern
        ):
            lemma = normalize(reading.lemma)
            if len(lemma) >= _MIN_STEM:
                out.add(_variant(lemma))
    if len(_singulars) >= 500_000:
        _singulars.clear()
    found = _singulars[raw] = _new_singulars[raw] = frozenset(out)
    return found


use_lemmatiser(os.environ.get(LEMMATISER_ENV) or None)
