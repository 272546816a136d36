"""Search quality on SaudiNewsNet + the seeds: this engine against PostgreSQL's 'arabic' config.

Loads the corpus (../shared/corpora/saudinewsnet/*.zip, read here directly) and the five seeds
into a separate database, indexes every article with `articles.search` and, in an extra column,
with `to_tsvector('arabic', ...)`. Each query's relevant set is judged independently of both
engines: hand-written regular expressions over the raw text (after only removing diacritics and
tatweel/dot obfuscation), enumerating the spellings and clitics a reader would accept. Prints
per-query and macro recall/precision for both engines, measured in the same run.

    .venv/bin/python bench/search_quality.py \
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]

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
    from articles.search.index import document_vector, rebuild_vocabulary, update_search_vectors

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
            update_search_vectors(
                [(a.pk, document_vector(a.title, a.body, a.boilerplate_spans)) for a in created]
            )
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

    def relevant(self, text: str) -> bool:
        if not all(re.search(p, text) for p in self.must):
            return False
        if self.any_of and not any(re.search(p, text) for p in self.any_of):
            return False
        return not (self.must_not and any(re.search(p, text) for p in self.must_not))


def w(core: str) -> str:
    """A whole word with optional proclitics."""
    return B + C + core + E


QUWAT = w("قو(?:ات|ة|ه)")
AMRIKIYA = w("[أا]م(?:ير|ري)كي(?:ة|ه|ات)")
DEIR_EZZOR = B + r"[وف]?[بكل]?دير\s*(?:ال)?زور" + E

QUERIES = [
    Query("القوات الأمريكية", "README: all spellings of both words", [QUWAT, AMRIKIYA]),
    Query("الأميركية", "loanword spelled with ي before ر", [AMRIKIYA]),
    Query("أمريكي", "masculine only: no أمريكية", [w("[أا]م(?:ير|ري)كي")]),
    Query("أميركا", "country name, both spellings", [w("[أا]م(?:ير|ري)كا")]),
    Query("ايران", "without hamza", [w("[أإا]يران")]),
    Query("إيران", "with hamza", [w("[أإا]يران")]),
    Query("الحكومه", "typed with ه for ة", [w("حكوم(?:ة|ه|ات)")]),
    Query("والحكومة", "with و+ال", [w("حكوم(?:ة|ه|ات)")]),
    Query("مستشفي", "typed with ي for final ى", [w("مستشف[ىي]")]),
    Query("مُسْتَشْفَى", "diacritized query", [w("مستشف[ىي]")]),
    Query("قوات", "bare plural finds the definite and clitic forms", [QUWAT]),
    Query("والقوات", "و+ال typed in the query", [QUWAT]),
    Query("وتيرة", "obfuscated in seed 003 as وتيـ.ـرة", [w("وتير(?:ة|ه|ات)")]),
    Query("الاستعدادات", "obfuscated in seed 003", [w("استعداد(?:ات|ة|ه)")]),
    Query("وزارة", "و is a root letter here", [w("وزار(?:ة|ه|ات)")]),
    Query("وزارة الداخلية", "two words", [w("وزار(?:ة|ه|ات)"), w("داخلي(?:ة|ه|ات)")]),
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
    Query("سوريا -روسيا", "exclusion", [w("سوريا")], must_not=[w("روسيا")]),
    Query("إيران -نووي", "exclusion", [w("[أإا]يران")], must_not=[w("نووي")]),
    Query("قطر OR الإمارات", "either word", [], any_of=[w("قطر"), w("[أإا]مارات")]),
    Query("استعد*", "prefix", [B + C + r"[اأإ]ستعد\w*"]),
    Query("٢٠١٥", "Arabic-Indic digits", [B + r"[وفبكل]?(?:2015|٢٠١٥)" + E]),
    Query("مدرس", "must NOT match مدرسة", [w("مدرس")]),
    Query("مدرسة", "must NOT match مدرس", [w("مدرس(?:ة|ه|ات)")]),
    Query("الآن", "must NOT match أن", [B + r"[وف]?[بكل]?ال[آا]ن" + E]),
    Query("مصر", "must NOT match مصري", [w("مصر")]),
    Query("الحوثي", "must NOT match الحوثيين", [w("حوثي")]),
    Query("أوروبا", "loanword with and without و", [w("[أا]ورو?با")]),
    Query("الديمقراطية", "loanword with and without و", [w("ديمو?قراطي(?:ة|ه|ات)")]),
    Query("مسؤول", "hamza seat: مسؤول/مسئول", [w("مس[ؤئ]ول")]),
    Query("السعوديه", "typed with ه", [w("سعودي(?:ة|ه|ات)")]),
    Query("اسرائيل", "without hamza", [w("[إا]سرائيل")]),
]


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
    parser.add_argument("--verbose", action="store_true", help="list missed/extra articles")
    parser.add_argument("--reindex", action="store_true", help="re-run this engine's analysis")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"SaudiNewsNet not found at {CORPUS}")
    os.environ["DATABASE_URL"] = prepare_database(args.database_url, args.keep)
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
    print(f"{len(texts)} articles; {len(QUERIES)} queries\n")
    header = f"{'query':<22} {'rel':>5} | {'engine R':>8} {'P':>6} | {'arabic R':>8} {'P':>6}  note"
    print(header)
    print("-" * len(header))
    totals = {"engine": [0.0, 0.0], "arabic": [0.0, 0.0]}
    timings = {"engine": 0.0, "arabic": 0.0}
    for query in QUERIES:
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
        print(
            f"{query.q:<22} {len(relevant):>5} | {er:>8.3f} {ep:>6.3f} |"
            f" {ar:>8.3f} {ap:>6.3f}  {query.note}"
        )
    n = len(QUERIES)
    print("-" * len(header))
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
