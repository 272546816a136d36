"""Search quality on SaudiNewsNet + the seeds: this engine against PostgreSQL's 'arabic' config.

Loads the corpus (../shared/corpora/saudinewsnet/*.zip, read here directly) and the five seeds
into a separate database, indexes every article with `articles.search` and, in an extra column,
with `to_tsvector('arabic', ...)`. Each query's relevant set is judged independently of both
engines: hand-written regular expressions over the raw text (after only removing diacritics and
tatweel/dot obfuscation), enumerating the spellings and clitics a reader would accept. Prints
per-query and macro recall/precision for both engines, measured in the same run, and per family of queries (issue 19: sound plurals and duals,
nisba, masculine/feminine adjectives, pronoun suffixes, phrases with a proclitic, broken plurals,
name variants, and different words that must stay apart). The patterns were written before the
analysis learnt these families.

    .venv/bin/python bench/search_quality.py \
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--database-name NAME] \
        [--keep] [--reindex] [--family broken] [--verbose]

The benchmark database (`newsroom_bench_quality`) is dropped and recreated unless --keep is
given and it already holds the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
BENCH_DB = "newsroom_bench_quality"
sys.path.insert(0, str(ROOT))


def prepare_database(admin_url: str, keep: bool, name: str = BENCH_DB) -> str:
    """(Re)create database `name` on the server of `admin_url`; return its URL."""
    import psycopg

    from newsroom.database import parse_database_url

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not keep:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not keep:
            conn.execute(f'CREATE DATABASE "{name}"')
    parsed = parse_database_url(admin_url)
    auth = parsed["USER"] + (f":{parsed['PASSWORD']}" if parsed["PASSWORD"] else "")
    host = parsed["HOST"] if not parsed["HOST"].startswith("/") else ""
    url = f"postgres://{auth}@{host}:{parsed['PORT'] or 5432}/{name}"
    if parsed["HOST"].startswith("/"):
        url += f"?host={parsed['HOST']}"
    return url


def corpus_articles() -> Iterator[dict[str, str]]:
    for path in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            yield from json.loads(zf.read(zf.namelist()[0]))


def load(stdout: Callable[[str], None]) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from articles.demo import load_demo
    from articles.models import Article, Outlet
    from articles.search.index import rebuild_vocabulary, write_article_vectors

    call_command("migrate", verbosity=0)
    if Article.objects.count() > 1000:
        stdout("corpus already loaded")
        return
    started = time.perf_counter()
    load_demo()
    outlets: dict[str, Outlet] = {}
    seen: set[str] = set(Article.objects.values_list("content_hash", flat=True))
    batch: list[Article] = []

    def flush() -> None:
        with transaction.atomic():
            created = Article.objects.bulk_create(batch)
            write_article_vectors(created)
        batch.clear()

    for raw in corpus_articles():
        body = raw.get("content") or ""
        title = raw.get("title") or ""
        digest = hashlib.sha256((title + "\n" + body).encode()).hexdigest()
        if not body.strip() or digest in seen:
            continue
        seen.add(digest)
        source = raw["source"]
        if source not in outlets:
            outlets[source], _ = Outlet.objects.get_or_create(
                slug=source, defaults={"name_ar": source, "source_ids": [source]}
            )
        batch.append(
            Article(
                outlet=outlets[source],
                title=title,
                body=body,
                url=raw["url"],
                author=raw.get("author") or "",
                published_at=datetime.fromisoformat(raw["date_extracted"] + "+03:00"),
                content_hash=digest,
            )
        )
        if len(batch) >= 1000:
            flush()
    if batch:
        flush()
    rebuild_vocabulary()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE articles_article ADD COLUMN arabic_vector tsvector")
        cursor.execute(
            "UPDATE articles_article SET arabic_vector ="
            " setweight(to_tsvector('arabic', title), 'A')"
            " || setweight(to_tsvector('arabic', body), 'B')"
        )
        cursor.execute("ANALYZE articles_article")
    stdout(f"loaded {Article.objects.count()} articles in {time.perf_counter() - started:.0f} s")


# --- The judge -----------------------------------------------------------------------------------

_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_OBFUSCATION = re.compile("\u0640*[.·•]?\u0640+|\u0640+[.·•]")
# Proclitics a reader accepts in front of a word: conjunction, preposition, article (or لل).
C = r"(?:[وف]?[بكل]?(?:ال)?|[وف]?لل)"
S = r"[\s\"«»“”'()]+"  # what may stand between the words of a phrase
B = r"(?<![\w])"  # word start
E = r"(?![\w])"  # word end


def judge_text(text: str) -> str:
    return _OBFUSCATION.sub("", _DIACRITICS.sub("", unicodedata.normalize("NFKC", text)))


@dataclass
class Query:
    q: str
    note: str
    must: list[str]  # every pattern must occur
    any_of: list[str] | None = None  # at least one must occur (OR queries)
    must_not: list[str] | None = None  # none may occur (excluded words)
    family: str = "base"  # reported apart: the families of issue 19 (inflection, ...)

    def relevant(self, text: str) -> bool:
        if not all(re.search(p, text) for p in self.must):
            return False
        if self.any_of and not any(re.search(p, text) for p in self.any_of):
            return False
        return not (self.must_not and any(re.search(p, text) for p in self.must_not))


def w(core: str) -> str:
    """A whole word with optional proclitics."""
    return B + C + core + E


# What a reader accepts as the same word (issue 19): the inflections below, never a different
# word that happens to share letters. Patterns are written over the raw text (ة and ه apart).
PRON = r"(?:ه|ها|هم|هما|هن|ك|كم|كما|نا|ي)"  # possessive pronoun suffixes on a noun
ADJ = r"(?:ة|ه|ون|ين|ان|تان|تين|ات)?"  # masculine/feminine, sound plurals and duals


def noun(stem: str, plural: str = "") -> str:
    """A masculine noun: bare, dual, with a pronoun suffix; `plural`: its broken plural(s)."""
    forms = f"{stem}(?:ان|ين|ا)?{PRON}?"
    if plural:
        forms += f"|(?:{plural}){PRON}?"
    return w(f"(?:{forms})")


def fnoun(stem: str, plural: str = "") -> str:
    """A feminine noun in ة: bare, with a pronoun (ت+pronoun), dual, sound plural in ات."""
    forms = f"{stem}(?:ة|ه|ت{PRON}|تان|تين|تا|ات{PRON}?)"
    if plural:
        forms += f"|(?:{plural}){PRON}?"
    return w(f"(?:{forms})")


def adj(stem: str) -> str:
    """An adjective or participle: masculine, feminine, sound plurals and duals."""
    return w(f"{stem}{ADJ}")


def nisba(stem: str) -> str:
    """A nisba adjective (إيراني): every form in ـي/ـية/ـيون/ـيين/ـيان/ـيات."""
    return w(f"{stem}ي{ADJ}")


QUWAT = w(f"قو(?:ات{PRON}?|ة|ه|ت{PRON}|تان|تين)")
AMRIKIYA = nisba("[أا]م(?:ير|ري)ك")
DEIR_EZZOR = B + r"[وف]?[بكل]?دير\s*(?:ال)?زور" + E
SYRIA = w("سوري(?:ا|ة|ه)")  # the country as most outlets and as Syrian outlets (SANA) write it

QUERIES = [
    Query("القوات الأمريكية", "README: all spellings of both words", [QUWAT, AMRIKIYA]),
    Query("الأميركية", "loanword spelled with ي before ر; every nisba form", [AMRIKIYA]),
    Query("أمريكي", "nisba: every form, never أمريكا", [AMRIKIYA]),
    Query("أميركا", "country name, both spellings", [w("[أا]م(?:ير|ري)كا")]),
    Query("ايران", "without hamza", [w("[أإا]يران")]),
    Query("إيران", "with hamza", [w("[أإا]يران")]),
    Query("الحكومه", "typed with ه for ة", [fnoun("حكوم")]),
    Query("والحكومة", "with و+ال", [fnoun("حكوم")]),
    Query("مستشفي", "typed with ي for final ى", [w(f"مستشف(?:[ىي]|ا{PRON}|يات{PRON}?)")]),
    Query("مُسْتَشْفَى", "diacritized query", [w(f"مستشف(?:[ىي]|ا{PRON}|يات{PRON}?)")]),
    Query("قوات", "bare plural finds the definite and clitic forms", [QUWAT]),
    Query("والقوات", "و+ال typed in the query", [QUWAT]),
    Query("وتيرة", "obfuscated in seed 003 as وتيـ.ـرة", [fnoun("وتير")]),
    Query("الاستعدادات", "obfuscated in seed 003", [fnoun("استعداد")]),
    Query("وزارة", "و is a root letter here", [fnoun("وزار")]),
    Query("وزارة الداخلية", "two words", [fnoun("وزار"), nisba("داخل")]),
    Query('"وزارة الدفاع"', "phrase", [B + C + r"وزار[ةه]" + S + C + r"دفاع" + E]),
    Query("دير الزور", "README: finds ديرالزور too", [w("دير"), w("زور")]),
    Query('"دير الزور"', "phrase, glued spelling included", [DEIR_EZZOR]),
    Query("ديرالزور", "glued spelling typed", [DEIR_EZZOR]),
    Query('"عبد الله"', "name written apart or glued", [B + C + r"عبد\s*الله" + E]),
    Query("داعش", "plain word", [w("داعش")]),
    Query('"تنظيم الدولة"', "phrase", [B + C + r"تنظيم" + S + C + r"دول(?:ة|ه)" + E]),
    Query(
        '"الأمم المتحدة"',
        "phrase with article on both words",
        [B + C + r"[أاآ]مم" + S + C + r"متحد[ةه]" + E],
    ),
    Query('"ولي العهد"', "phrase", [B + C + r"ول[يى]" + S + C + r"عهد" + E]),
    Query("سوريا -روسيا", "exclusion", [SYRIA], must_not=[w("روسيا")]),
    Query("إيران -نووي", "exclusion", [w("[أإا]يران")], must_not=[nisba("نوو")]),
    Query("قطر OR الإمارات", "either word", [], any_of=[w("قطر"), w("[أإا]مارات")]),
    Query("استعد*", "prefix", [B + C + r"[اأإ]ستعد\w*"]),
    Query("٢٠١٥", "Arabic-Indic digits", [B + r"[وفبكل]?(?:2015|٢٠١٥)" + E]),
    Query("مدرس", "must NOT match مدرسة", [w("مدرس(?:ون|ين|ان)?")], family="apart"),
    Query(
        "مدرسة",
        "must NOT match مدرس",
        [fnoun("مدرس", "مدارس")],
        family="apart",
    ),
    Query("الآن", "must NOT match أن", [B + r"[وف]?[بكل]?ال[آا]ن" + E]),
    Query("مصر", "must NOT match مصري", [w("مصر")], family="apart"),
    Query("الحوثي", "nisba: الحوثيين too", [nisba("حوث")], family="nisba"),
    Query("أوروبا", "loanword with and without و", [w("[أا]ورو?با")]),
    Query("الديمقراطية", "loanword with and without و", [nisba("ديمو?قراط")]),
    Query("مسؤول", "hamza seat: مسؤول/مسئول", [adj("مس[ؤئ]ول")]),
    Query("السعوديه", "typed with ه", [nisba("سعود")]),
    Query("اسرائيل", "without hamza", [w("[إا]سرائيل")]),
    # --- Issue 19: sound plurals and duals ---
    Query("المسلحين", "plural finds مسلح/المسلحون/المسلحة", [adj("مسلح")], family="plural"),
    Query("مسلح", "singular finds the plurals", [adj("مسلح")], family="plural"),
    Query("المتظاهرون", "nominative plural", [adj("متظاهر")], family="plural"),
    Query("اللاعبين", "noun with a sound plural", [adj("لاعب")], family="plural"),
    Query("المسؤولين", "plural of مسؤول", [adj("مس[ؤئ]ول")], family="plural"),
    Query("الطرفين", "dual finds طرف/الطرفان", [noun("طرف")], family="plural"),
    Query("الدولتين", "feminine dual", [fnoun("دول")], family="plural"),
    # --- nisba ---
    Query("الإيرانيين", "finds إيراني/الإيرانية/إيرانيون", [nisba("[أإا]يران")], family="nisba"),
    Query("البريطانية", "finds بريطاني/البريطانيون", [nisba("بريطان")], family="nisba"),
    Query("العسكري", "finds العسكرية/العسكريين", [nisba("عسكر")], family="nisba"),
    Query("الفلسطينيون", "finds فلسطيني/الفلسطينية", [nisba("فلسطين")], family="nisba"),
    Query("سعوديين", "finds السعودي/السعودية", [nisba("سعود")], family="nisba"),
    # --- masculine and feminine of one adjective ---
    Query("الجديدة", "finds جديد", [adj("جديد")], family="adjective"),
    Query("المتحد", "finds المتحدة", [adj("متحد")], family="adjective"),
    Query("الكبير", "finds الكبيرة", [adj("كبير")], family="adjective"),
    # --- pronoun suffixes on nouns ---
    Query("حكومة", "finds حكومته/حكومتها", [fnoun("حكوم")], family="pronoun"),
    Query("بلاد", "finds بلاده/بلادهم", [noun("بلاد")], family="pronoun"),
    Query("جيش", "finds جيشها and the broken plural", [noun("جيش", "جيوش")], family="pronoun"),
    Query(
        "رئيس",
        "finds رئيسها, رئيسة",
        [w(f"رئيس(?:ة|ه|ت{PRON}|ان|ين|ا|{PRON})?|رؤساء{PRON}?")],
        family="pronoun",
    ),
    # --- a bare proclitic on a phrase's first word ---
    Query(
        '"ريف دمشق"',
        "finds بريف دمشق/لريف دمشق",
        [B + C + r"ريف" + S + r"دمشق" + E],
        family="phrase",
    ),
    Query(
        '"مجلس الأمن"',
        "finds بمجلس الأمن",
        [B + C + r"مجلس" + S + C + r"[أا]من" + E],
        family="phrase",
    ),
    Query('"ريف حلب"', "finds بريف حلب", [B + C + r"ريف" + S + r"حلب" + E], family="phrase"),
    # --- broken plurals (query the plural, find the singular too) ---
    Query("الجيوش", "broken plural of جيش", [noun("جيش", "جيوش")], family="broken"),
    Query("المدن", "broken plural of مدينة", [fnoun("مدين", "مدن")], family="broken"),
    Query("الدول", "broken plural of دولة", [fnoun("دول", "دول")], family="broken"),
    Query("القرى", "broken plural of قرية", [fnoun("قري", "قر[ىي]")], family="broken"),
    Query(
        "الأسلحة", "broken plural of سلاح", [noun("سلاح", "[أا]سلح[ةه]|[أا]سلحت")], family="broken"
    ),
    Query("المدارس", "broken plural of مدرسة", [fnoun("مدرس", "مدارس")], family="broken"),
    Query(
        "الأطفال",
        "broken plural of طفل",
        [w(f"(?:طفل(?:ة|ه|ان|ين|ا)?{PRON}?|[أا]طفال{PRON}?)")],
        family="broken",
    ),
    Query("الأحزاب", "broken plural of حزب", [noun("حزب", "[أا]حزاب")], family="broken"),
    Query("المناطق", "broken plural of منطقة", [fnoun("منطق", "مناطق")], family="broken"),
    Query("المساجد", "broken plural of مسجد", [noun("مسجد", "مساجد")], family="broken"),
    Query(
        "الوزراء",
        "broken plural of وزير",
        [w(f"(?:وزير(?:ة|ه|ان|ين|ا)?{PRON}?|وزراء{PRON}?)")],
        family="broken",
    ),
    Query(
        "الشهداء",
        "broken plural of شهيد",
        [w(f"(?:شهيد(?:ة|ه|ان|ين|ا)?{PRON}?|شهداء{PRON}?)")],
        family="broken",
    ),
    Query("الأسواق", "broken plural of سوق", [noun("سوق", "[أا]سواق")], family="broken"),
    Query("الرجال", "broken plural of رجل", [noun("رجل", "رجال")], family="broken"),
    Query("المواقع", "broken plural of موقع", [noun("موقع", "مواقع")], family="broken"),
    Query(
        "القادة",
        "broken plural of قائد",
        [w(f"(?:قائد(?:ة|ه|ان|ين|ا)?{PRON}?|قاد[ةه]|قادت{PRON})")],
        family="broken",
    ),
    Query(
        "طفل",
        "singular finds the broken plural",
        [w(f"(?:طفل(?:ة|ه|ان|ين|ا)?{PRON}?|[أا]طفال{PRON}?)")],
        family="broken",
    ),
    # --- country and place spellings ---
    Query("سوريا", "finds SANA's سورية", [SYRIA], family="variant"),
    Query("سورية", "finds سوريا", [SYRIA], family="variant"),
    Query(
        "إيران -سوريا", "excludes سورية too", [w("[أإا]يران")], must_not=[SYRIA], family="variant"
    ),
    Query("واشنطن", "finds واشنطون", [w("واشنطو?ن")], family="variant"),
    # --- different words that must stay apart ---
    Query("سعود", "must NOT match السعودية", [w("سعود")], family="apart"),
    Query("قوى", "must NOT match قوة", [w("قو[ىي]")], family="apart"),
    Query("قوة", "must NOT match قوى", [QUWAT], family="apart"),
    Query("عشرين", "must NOT match عشر", [w("عشر(?:ين|ون)")], family="apart"),
    Query("لبنان", "must NOT match لبن", [w("لبنان")], family="apart"),
    Query("جامعة", "must NOT match جامع", [fnoun("جامع", "جامعات")], family="apart"),
    Query("مكتب", "must NOT match مكتبة", [noun("مكتب", "مكاتب")], family="apart"),
]


# --- Lemmatisers on broken plurals ---------------------------------------------------------------

# Frequent broken plurals of SaudiNewsNet with their singulars (each form attested at least 20
# times), and different words a lemmatiser must keep apart.
BROKEN_PLURAL_PAIRS = [
    tuple(pair.split(":"))
    for pair in (
        "جيوش:جيش مدن:مدينة دول:دولة قرى:قرية أسلحة:سلاح مدارس:مدرسة أطفال:طفل أحزاب:حزب "
        "مناطق:منطقة مساجد:مسجد وزراء:وزير شهداء:شهيد أسواق:سوق رجال:رجل مواقع:موقع قادة:قائد "
        "أمراء:أمير علماء:عالم رؤساء:رئيس أعضاء:عضو شعوب:شعب بلدان:بلد حروب:حرب أيام:يوم "
        "شهور:شهر أشهر:شهر سنين:سنة أسابيع:أسبوع دقائق:دقيقة أعوام:عام طلاب:طالب طلبة:طالب "
        "عمال:عامل مشاريع:مشروع أموال:مال أسعار:سعر أرقام:رقم مصادر:مصدر وسائل:وسيلة قضايا:قضية "
        "أسباب:سبب أهداف:هدف نتائج:نتيجة مراكز:مركز مكاتب:مكتب مجالس:مجلس محاكم:محكمة أسرى:أسير "
        "جرحى:جريح قتلى:قتيل ضحايا:ضحية نساء:امرأة أبناء:ابن إخوة:أخ أصدقاء:صديق أعداء:عدو "
        "ملوك:ملك شيوخ:شيخ قبائل:قبيلة أسر:أسرة بيوت:بيت منازل:منزل شوارع:شارع طرق:طريق جسور:جسر "
        "موانئ:ميناء سفن:سفينة صواريخ:صاروخ قواعد:قاعدة حدود:حد جبال:جبل بحار:بحر أنهار:نهر "
        "أراضي:أرض مزارع:مزرعة مصانع:مصنع بنوك:بنك أسهم:سهم أخبار:خبر صحف:صحيفة كتب:كتاب "
        "رسائل:رسالة قوانين:قانون أنظمة:نظام حقوق:حق مبادئ:مبدأ أفكار:فكرة آراء:رأي مواقف:موقف "
        "أجهزة:جهاز أعمال:عمل أطباء:طبيب مرضى:مريض أدوية:دواء أندية:ناد ملاعب:ملعب فرق:فريق "
        "جوائز:جائزة سفراء:سفير خبراء:خبير زعماء:زعيم نواب:نائب مناصب:منصب فنادق:فندق مطاعم:مطعم "
        "أحياء:حي جزر:جزيرة معارك:معركة معابر:معبر ملايين:مليون آلاف:ألف "
    ).split()
]
# Frequent broken plurals that are NOT in arabic.BROKEN_PLURALS (written after it): how each
# lemmatiser does on words nobody listed.
HELD_OUT_PAIRS = [
    tuple(pair.split(":"))
    for pair in (
        "جيران:جار أقارب:قريب شبان:شاب أئمة:إمام فقراء:فقير أغنياء:غني أمهات:أم آباء:أب أجداد:جد "
        "ضباط:ضابط جنود:جندي حراس:حارس تجار:تاجر شعراء:شاعر زوار:زائر سكان:ساكن أساتذة:أستاذ "
        "تلاميذ:تلميذ أنشطة:نشاط برامج:برنامج أجزاء:جزء أسماء:اسم أشخاص:شخص أصوات:صوت أفلام:فيلم "
        "ألوان:لون أوراق:ورقة بحوث:بحث جوانب:جانب حقائق:حقيقة خطوط:خط دروس:درس ذخائر:ذخيرة "
        "شواطئ:شاطئ عواصم:عاصمة فصول:فصل قلوب:قلب مبان:مبنى مصارف:مصرف مطالب:مطلب مقاعد:مقعد "
        "نجوم:نجم وثائق:وثيقة وجوه:وجه أسلاك:سلك "
    ).split()
]
KEEP_APART = [
    ("مدرسة", "مدرس"), ("السعودية", "سعود"), ("قوى", "قوة"), ("جامعة", "جامع"),
    ("مكتبة", "مكتب"), ("عشرين", "عشر"), ("لبنان", "لبن"), ("طريقة", "طريق"),
    ("الحديدة", "حديد"), ("منطقة", "منطق"), ("قاعدة", "قاعد"), ("طائرة", "طائر"),
]  # fmt: skip


def _lemmatisers() -> dict[str, Callable[[str], set[str]]]:
    """Every measured lemmatiser that is importable: word -> its keys (lemma, stem or root)."""
    out: dict[str, Callable[[str], set[str]]] = {}
    try:
        from articles import arabic

        def built_in(word: str) -> set[str]:
            return set(arabic.query_terms(word)[0])

        out["built-in (arabic.py)"] = built_in
    except ImportError:
        pass
    try:
        import qalsadi.lemmatizer

        lemmatizer = qalsadi.lemmatizer.Lemmatizer()
        out["qalsadi lemma"] = lambda word: {str(lemmatizer.lemmatize(word))}
    except ImportError:
        pass
    try:
        import farahidi

        out["farahidi best lemma"] = lambda word: {a.lemma for a in farahidi.analyze(word)[:1]}
        out["farahidi any lemma"] = lambda word: {a.lemma for a in farahidi.analyze(word)}

        def farahidi_plural(word: str) -> set[str]:
            """The word, and the singular of every reading as a broken plural (a plural whose
            stem pattern differs from its lemma's)."""
            return {word} | {
                a.lemma
                for a in farahidi.analyze(word)
                if a.pos == "اسم" and a.number == "جمع" and a.pattern != a.lemma_pattern
            }

        out["farahidi broken plural"] = farahidi_plural
    except ImportError:
        pass
    try:
        from tashaphyne.stemming import ArabicLightStemmer

        stemmer = ArabicLightStemmer()

        def tashaphyne_root(word: str) -> set[str]:
            stemmer.light_stem(word)
            return {stemmer.get_root()}

        out["tashaphyne root"] = tashaphyne_root
    except ImportError:
        pass
    return out


def compare_lemmatisers() -> None:
    """Share of plural/singular pairs given a common key (bare and with the article), keep-apart
    pairs wrongly given one, and time per word (after a warm-up; no cache)."""
    fold = str.maketrans("أإآٱؤئىة", "ااااوييه")

    def norm(keys: set[str]) -> set[str]:
        return {judge_text(k or "").translate(fold) for k in keys}

    print(
        f"{len(BROKEN_PLURAL_PAIRS)} broken plurals of the table, {len(HELD_OUT_PAIRS)} held out,"
        f" {len(KEEP_APART)} keep-apart pairs\n"
    )
    header = f"{'lemmatiser':<24} {'table':>6} {'ال':>6} {'held':>6} {'ال':>6} {'apart':>6} {'ms/word':>8}"
    print(header)
    for name, keys in _lemmatisers().items():
        keys("كتاب")
        started, calls = time.perf_counter(), 0
        shares = []
        for pairs in (BROKEN_PLURAL_PAIRS, HELD_OUT_PAIRS):
            bare = definite = 0
            for plural, singular in pairs:
                target = norm(keys(singular))
                bare += bool(target & norm(keys(plural)))
                definite += bool(target & norm(keys("ال" + plural)))
                calls += 3
            shares += [bare / len(pairs), definite / len(pairs)]
        merged = sum(bool(norm(keys(a)) & norm(keys(b))) for a, b in KEEP_APART)
        calls += 2 * len(KEEP_APART)
        ms = (time.perf_counter() - started) / calls * 1000
        figures = " ".join(f"{x:>6.2f}" for x in shares)
        print(f"{name:<24} {figures} {merged:>6} {ms:>8.2f}")


# --- Runs ----------------------------------------------------------------------------------------


def engine_ids(q: str) -> set[int]:
    from articles.search.execution import Filters, matching
    from articles.search.query import parse_query

    return set(matching(parse_query(q), Filters()).values_list("id", flat=True))


def arabic_config_ids(q: str) -> set[int]:
    from django.db import connection

    if q.endswith("*"):
        sql, param = "to_tsquery('arabic', %s)", q.rstrip("*") + ":*"
    else:
        sql, param = "websearch_to_tsquery('arabic', %s)", q
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM articles_article WHERE arabic_vector @@ {sql}", [param])
        return {row[0] for row in cursor.fetchall()}


def scores(found: set[int], relevant: set[int]) -> tuple[float, float]:
    recall = len(found & relevant) / len(relevant) if relevant else 1.0
    precision = len(found & relevant) / len(found) if found else (1.0 if not relevant else 1.0)
    return recall, precision


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument("--keep", action="store_true", help="reuse a loaded benchmark database")
    parser.add_argument("--database-name", default=BENCH_DB, help="name of the benchmark database")
    parser.add_argument(
        "--family", help="run only the queries of this family (plural, broken, ...)"
    )
    parser.add_argument("--verbose", action="store_true", help="list missed/extra articles")
    parser.add_argument("--reindex", action="store_true", help="re-run this engine's analysis")
    parser.add_argument(
        "--lemmatisers",
        action="store_true",
        help="only compare the installed lemmatisers on broken plurals (no database)",
    )
    args = parser.parse_args()
    if args.lemmatisers:
        compare_lemmatisers()
        return
    if not CORPUS.is_dir():
        sys.exit(f"SaudiNewsNet not found at {CORPUS}")
    os.environ["DATABASE_URL"] = prepare_database(args.database_url, args.keep, args.database_name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from articles.models import Article

    load(print)
    if args.reindex:
        from django.core.management import call_command

        call_command("reindex")
    texts = {
        pk: judge_text(title + "\n" + body)
        for pk, title, body in Article.objects.values_list("id", "title", "body").iterator()
    }
    queries = [q for q in QUERIES if not args.family or q.family == args.family]
    print(f"{len(texts)} articles; {len(queries)} queries\n")
    header = f"{'query':<22} {'rel':>5} | {'engine R':>8} {'P':>6} | {'arabic R':>8} {'P':>6}  note"
    print(header)
    print("-" * len(header))
    totals = {"engine": [0.0, 0.0], "arabic": [0.0, 0.0]}
    by_family: dict[str, list[tuple[float, float, float, float]]] = {}
    timings = {"engine": 0.0, "arabic": 0.0}
    for query in queries:
        relevant = {pk for pk, text in texts.items() if query.relevant(text)}
        row = []
        for name, run in (("engine", engine_ids), ("arabic", arabic_config_ids)):
            t = time.perf_counter()
            found = run(query.q)
            timings[name] += time.perf_counter() - t
            r, p = scores(found, relevant)
            totals[name][0] += r
            totals[name][1] += p
            row.append((r, p))
            if args.verbose and name == "engine" and (r < 1 or p < 1):
                for pk in sorted(relevant - found)[:3]:
                    print("   missed", pk, texts[pk][:0] + _context(texts[pk], query))
                for pk in sorted(found - relevant)[:3]:
                    print("   extra ", pk, _context(texts[pk], query, engine=True))
        (er, ep), (ar, ap) = row
        by_family.setdefault(query.family, []).append((er, ep, ar, ap))
        print(
            f"{query.q:<22} {len(relevant):>5} | {er:>8.3f} {ep:>6.3f} |"
            f" {ar:>8.3f} {ap:>6.3f}  {query.note}"
        )
    n = len(queries)
    print("-" * len(header))
    for family, rows in sorted(by_family.items()):
        means = [sum(r[i] for r in rows) / len(rows) for i in range(4)]
        print(
            f"{'family ' + family:<22} {len(rows):>5} | {means[0]:>8.3f} {means[1]:>6.3f} |"
            f" {means[2]:>8.3f} {means[3]:>6.3f}"
        )
    print(
        f"{'macro':<22} {'':>5} | {totals['engine'][0] / n:>8.3f} {totals['engine'][1] / n:>6.3f} |"
        f" {totals['arabic'][0] / n:>8.3f} {totals['arabic'][1] / n:>6.3f}"
    )
    print(
        f"\nquery time for all {n} queries: engine {timings['engine']:.2f} s, "
        f"'arabic' config {timings['arabic']:.2f} s"
    )


def _context(text: str, query: Query, engine: bool = False) -> str:
    from articles import arabic
    from articles.search.query import parse_query

    if engine:
        parsed = parse_query(query.q)
        for item in arabic.analyse(text):
            if parsed.matches(item.terms):
                return text[max(0, item.token.start - 30) : item.token.end + 30].replace("\n", " ")
        return text[:60]
    for pattern in query.must or query.any_of or []:
        words = [t for t in re.findall(r"\w+", pattern) if len(t) > 2 and not t.isascii()]
        for word in words:
            at = text.find(word[:3])
            if at >= 0:
                return text[max(0, at - 30) : at + 40].replace("\n", " ")
    return text[:60]


if __name__ == "__main__":
    main()
