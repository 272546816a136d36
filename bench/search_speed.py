"""Search speed on N generated articles (default 1,000,000) against naive ts_rank with 'arabic'.

Articles are recombined SaudiNewsNet sentences (../shared/corpora/saudinewsnet/*.zip), so word
frequencies stay realistic. To make a million documents feasible on a small machine, every
distinct sentence is analysed ONCE in Python (its tsvector in this engine's format, and its
'arabic' tsvector computed by PostgreSQL); documents are then assembled in SQL by concatenating
their sentences' vectors (tsvector || shifts positions like running the analysis on the joined
text would). A seeded RNG picks 3-12 sentences, a title sentence, an outlet and a date per article.

Measured, each query class sorted by relevance and by date, warm cache, p50/p95 over repeats:
- this engine: exactly what the search page runs (count + first page of 20, `articles.search`);
- baseline: `to_tsvector('arabic', ...)` vectors, `websearch_to_tsquery('arabic', q)`, count +
  `ORDER BY ts_rank(...)` (or date) LIMIT 20 over all matches.

    .venv/bin/python bench/search_speed.py --articles 1000000 \
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--keep] [--repeats 7]
        [--build-inline]

Impact lists are dropped before measuring, so the "first" column is each query's first search:
by default a list that takes longer than `execution.BUILD_SECONDS` is left to the worker (run here between
the first search and the timed ones); `--build-inline` makes the first search build them all
itself, as before (the baseline for that column).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
BENCH_DB = "newsroom_bench_speed"
sys.path.insert(0, str(ROOT))

from bench.search_quality import prepare_database  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")


def sentences() -> Iterator[str]:
    seen: set[str] = set()
    for path in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for article in json.loads(zf.read(zf.namelist()[0])):
                for s in _SENTENCE_END.split(article.get("content") or ""):
                    s = s.strip()
                    if 20 <= len(s) <= 600 and s not in seen:
                        seen.add(s)
                        yield s


def _analyse_sentences(cursor: Any, stdout: Callable[[str], None], t0: float) -> None:
    """Every distinct corpus sentence with its vector in this engine's format and in 'arabic'."""
    from articles.search.index import document_vector

    cursor.execute("TRUNCATE bench_sentence")
    batch: list[tuple[str, str]] = []
    count = 0
    for s in sentences():
        batch.append((s, document_vector("", s)))
        if len(batch) == 5000:
            cursor.executemany(
                "INSERT INTO bench_sentence (text, vec) VALUES (%s, %s::tsvector)", batch
            )
            count += len(batch)
            batch.clear()
    if batch:
        cursor.executemany(
            "INSERT INTO bench_sentence (text, vec) VALUES (%s, %s::tsvector)", batch
        )
        count += len(batch)
    stdout(f"{count} distinct sentences analysed in {time.perf_counter() - t0:.0f} s")
    cursor.execute("UPDATE bench_sentence SET arabic = to_tsvector('arabic', text)")


def generate(n: int, stdout: Callable[[str], None]) -> None:
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", verbosity=0)
    existing = Article.objects.count()
    if existing >= n:
        stdout(f"{existing} articles already generated")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname IN"
                " ('article_search_gin', 'bench_arabic_gin')"
            )
            if cursor.fetchone()[0] == 2:
                return
        stdout("building the indexes an interrupted run left unbuilt")
        _build_indexes(stdout, t0=time.perf_counter())
        return
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_sentence (id serial PRIMARY KEY, text text NOT NULL,"
            " vec tsvector, arabic tsvector)"
        )
        cursor.execute("SELECT count(*) FROM bench_sentence WHERE arabic IS NOT NULL")
        if existing and cursor.fetchone()[0]:
            # --keep with more articles asked for: add the missing ones to the same sentences.
            stdout(f"extending {existing} generated articles to {n}")
        else:
            _analyse_sentences(cursor, stdout, t0)
        cursor.execute(
            """
            CREATE OR REPLACE AGGREGATE tsvector_agg(tsvector)
                (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');
            INSERT INTO articles_outlet (name_ar, name_en, slug, country, kind, alignment, website,
                domains, source_ids, signatures, timezone, needs_review, notes)
            SELECT 'منفذ ' || i, 'Outlet ' || i, 'outlet-' || i, '', 'website', 'unknown', '',
                '{}', '{}', '{}', 'UTC', false, ''
            FROM generate_series(1, 14) AS i ON CONFLICT (slug) DO NOTHING;
            ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS arabic_vector tsvector;
            DROP INDEX IF EXISTS article_search_gin;
            """
        )
        cursor.execute("SELECT count(*) FROM bench_sentence")
        n_sentences = cursor.fetchone()[0]
        cursor.execute("SELECT min(id), max(id) FROM articles_outlet")
        first_outlet, last_outlet = cursor.fetchone()
        step = 50_000
        for start in range(existing, n, step):
            end = min(n, start + step)
            cursor.execute("SELECT setseed(%s)", [start / (n + 1)])
            cursor.execute(
                f"""
                WITH docs AS (
                    SELECT d, 3 + floor(random() * 10)::int AS k,
                           1 + floor(random() * {n_sentences})::int AS title_id,
                           {first_outlet} + floor(random() * {last_outlet - first_outlet + 1})::int
                               AS outlet_id,
                           timestamptz '2015-07-21' + random() * interval '3650 days' AS published
                    FROM generate_series({start + 1}, {end}) AS d
                ), parts AS (
                    SELECT docs.d, j, 1 + floor(random() * {n_sentences})::int AS sid
                    FROM docs, generate_series(1, docs.k) AS j
                ), bodies AS (
                    SELECT p.d, string_agg(s.text, ' ' ORDER BY p.j) AS body,
                           tsvector_agg(s.vec ORDER BY p.j) AS vec,
                           tsvector_agg(s.arabic ORDER BY p.j) AS arabic
                    FROM parts p JOIN bench_sentence s ON s.id = p.sid GROUP BY p.d
                )
                INSERT INTO articles_article (outlet_id, title, body, url, author, published_at,
                    published_at_source, language, content_hash, provenance, boilerplate_spans,
                    search_vector, arabic_vector, created_at, updated_at)
                SELECT docs.outlet_id, t.text, b.body, 'https://bench.example/' || docs.d, '',
                    docs.published, 'bench', 'ar', 'bench-' || docs.d, '{{}}', '[]',
                    setweight(t.vec, 'A') || setweight(b.vec, 'B'),
                    setweight(t.arabic, 'A') || setweight(b.arabic, 'B'), now(), now()
                FROM docs JOIN bodies b ON b.d = docs.d
                JOIN bench_sentence t ON t.id = docs.title_id
                """
            )
            stdout(f"  {end} articles ({time.perf_counter() - t0:.0f} s)")
    _build_indexes(stdout, t0)
    stdout(f"generated {n} articles in {time.perf_counter() - t0:.0f} s")


def _build_indexes(stdout: Callable[[str], None], t0: float) -> None:
    """The two GIN indexes, statistics and the vocabulary. A GIN build at the default 64 MB of
    maintenance_work_mem flushes its pending lists so often that a million vectors took over
    an hour and a half (40% in 40 minutes, measured); with 2 GB it is a matter of minutes."""
    from django.db import connection

    from articles.search.index import rebuild_vocabulary

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS article_search_gin"
            " ON articles_article USING gin (search_vector)"
        )
        stdout(f"  search index built ({time.perf_counter() - t0:.0f} s)")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_arabic_gin"
            " ON articles_article USING gin (arabic_vector)"
        )
        stdout(f"  'arabic' baseline index built ({time.perf_counter() - t0:.0f} s)")
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("VACUUM ANALYZE articles_article")
    rebuild_vocabulary()


def pick_queries() -> dict[str, list[str]]:
    """Query words by document frequency in this very corpus (so classes mean what they say)."""
    from django.db import connection

    from articles.models import Article

    total = Article.objects.count()
    # Letters normalization leaves alone, so the 'arabic' baseline gets the same spelling.
    plain = "'^[بتثجحخدذرزسشصضطظعغفقكلمنو]{4,}$'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM articles_search_vocabulary WHERE word ~ {plain} AND ndoc > %s"
            " ORDER BY ndoc DESC LIMIT 5",
            [total // 10],
        )
        frequent = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            f"SELECT word FROM articles_search_vocabulary WHERE word ~ {plain}"
            " AND ndoc BETWEEN %s AND %s ORDER BY md5(word) LIMIT 5",
            [max(2, total // 100_000), max(20, total // 5_000)],
        )
        rare = [r[0] for r in cursor.fetchall()]
    return {
        "rare": rare,
        "frequent": frequent,
        "multi-word": ["القوات الأمريكية", "وزارة الداخلية", "ولي العهد", "مجلس الأمن"],
        "phrase": ['"ولي العهد"', '"مجلس الأمن"', '"وزارة الداخلية"', '"المملكة العربية"'],
    }


def engine(q: str, sort: str) -> int:
    return _engine(q, sort)[0]


def _engine(q: str, sort: str) -> tuple[int, bool]:
    """(capped hit count, whether the page was provisional) of what the search page runs."""
    from articles.search.execution import Filters, paginate, search_plan
    from articles.search.query import parse_query

    with search_plan():
        page = paginate(parse_query(q), Filters(), sort, 20).page(1)
        [a.pk for a in page.object_list]
        return page.paginator.count, bool(getattr(page.paginator.object_list, "provisional", 0))


def clear_lists() -> None:
    """No impact list: every query's next search is its first."""
    from django.db import connection

    from articles.search import impact

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {impact.IMPACT_TABLE}, {impact.FLOOR_TABLE}")
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")


def run_queued_lists() -> float:
    """What the worker does with the list builds a first search queued; its seconds."""
    from django_tasks_db.models import DBTaskResult

    from articles.search import upkeep

    started = time.perf_counter()
    queued = DBTaskResult.objects.filter(task_path__endswith="build_impact_lists")
    for task in queued:
        upkeep.build_lists(task.args_kwargs["args"][0])
    queued.delete()
    return time.perf_counter() - started


def full_results(q: str, sort: str) -> tuple[int, list[int], list[int]]:
    """(exact hit count, the engine's first page, the first 20 of ranking or sorting every hit):
    the fast paths must return the same page as the slow one."""
    from articles.search.execution import Filters, paginate, search_articles, search_plan
    from articles.search.query import parse_query

    query = parse_query(q)
    with search_plan():
        full = search_articles(query, Filters(), sort, date_index=False)
        count = full.count()
        expected = list(full.values_list("pk", flat=True)[:20])
        got = [a.pk for a in paginate(query, Filters(), sort, 20).page(1).object_list]
    return count, got, expected


def baseline(q: str, sort: str) -> int:
    from django.db import connection

    order = "ts_rank(arabic_vector, tq) DESC" if sort == "relevance" else "published_at DESC"
    with connection.cursor() as cursor:
        tq = "websearch_to_tsquery('arabic', %s)"
        cursor.execute(f"SELECT count(*) FROM articles_article WHERE arabic_vector @@ {tq}", [q])
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id FROM articles_article, {tq} AS tq WHERE arabic_vector @@ tq"
            f" ORDER BY {order} LIMIT 20",
            [q],
        )
        cursor.fetchall()
    return count


def measure(run: Callable[[str, str], int], q: str, sort: str, repeats: int) -> list[float]:
    run(q, sort)  # warm the cache
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        run(q, sort)
        times.append((time.perf_counter() - t) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument("--keep", action="store_true", help="reuse generated articles")
    parser.add_argument("--database-name", default=BENCH_DB, help="the benchmark's own database")
    parser.add_argument("--generate-only", action="store_true", help="stop after generating")
    parser.add_argument(
        "--follow-only",
        action="store_true",
        help="only the API client following `next` through 5,000 hits of a frequent word",
    )
    parser.add_argument(
        "--page-sizes",
        default="1000,100",
        help="the API page sizes the walks through 5,000 hits use (comma-separated)",
    )
    parser.add_argument(
        "--build-inline",
        action="store_true",
        help="the first search builds every missing list itself, however long it takes (the"
        " behaviour before lists were left to the worker): the baseline for 'first'",
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"SaudiNewsNet not found at {CORPUS}")
    os.environ["DATABASE_URL"] = prepare_database(args.database_url, args.keep, args.database_name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    generate(args.articles, print)
    if args.generate_only:
        return
    if args.follow_only:
        follow_next(pick_queries()["frequent"][0], sizes=_sizes(args.page_sizes))
        return
    if args.build_inline:
        from articles.search import execution

        execution.BUILD_SECONDS = 24 * 3600.0
    queries = pick_queries()
    clear_lists()
    print(f"\n{args.articles} articles; {args.repeats} timed runs per query after one warm-up\n")
    print(
        "first: the first search of each query, with no impact list built ("
        + (
            "it builds the lists of its terms itself"
            if args.build_inline
            else "lists that take longer than execution.BUILD_SECONDS are queued for the worker,"
            " which builds them before the timed runs (worker s); prov.: first pages that were"
            " provisional"
        )
        + "); top 20: queries whose first page equals ranking (or sorting) every hit\n"
    )
    print(
        f"{'class':<11} {'sort':<9} {'hits (min-max)':>17} | {'first max':>9} {'prov.':>5}"
        f" {'worker s':>8} | {'engine p50':>10} {'p95':>7} | {'naive p50':>9} {'p95':>7} |"
        f" {'p95 ratio':>9} | {'top 20':>6}"
    )
    for cls, qs in queries.items():
        for sort in ("relevance", "newest"):
            mine: list[float] = []
            naive: list[float] = []
            first: list[float] = []
            provisional = 0
            worker = 0.0
            hits = []
            same = 0
            for q in qs:
                t = time.perf_counter()
                provisional += _engine(q, sort)[1]
                first.append((time.perf_counter() - t) * 1000)
                worker += run_queued_lists()
                mine += measure(engine, q, sort, args.repeats)
                naive += measure(baseline, q, sort, args.repeats)
                count, got, expected = full_results(q, sort)
                hits.append(count)
                same += got == expected
            print(
                f"{cls:<11} {sort:<9} {f'{min(hits)}-{max(hits)}':>17} | {max(first):>9.0f}"
                f" {provisional:>5} {worker:>8.1f} |"
                f" {statistics.median(mine):>10.1f} {p95(mine):>7.1f} |"
                f" {statistics.median(naive):>9.1f} {p95(naive):>7.1f} |"
                f" {p95(naive) / p95(mine):>8.1f}x | {same:>2}/{len(qs):<3}"
            )
    print("\nqueries:", json.dumps(queries, ensure_ascii=False))
    follow_next(queries["frequent"][0], sizes=_sizes(args.page_sizes))


def _sizes(raw: str) -> tuple[int, ...]:
    return tuple(int(size) for size in raw.split(","))


def follow_next(word: str, hits: int = 5000, sizes: tuple[int, ...] = (1000, 100)) -> None:
    """An API client following `next` through the first `hits` hits of a frequent word, by
    relevance and newest first, as its first walk (cache emptied) and at two page sizes: what
    the client waits in all (target: 2 s), request by request through Django's test client.

    The word's lists are first built as the worker builds them after an import (at their
    default depth, rebuilt so if an earlier run deepened them); a walk past them asks the
    worker for deeper lists, which are then built and the walks by relevance timed again."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from articles.search import impact
    from articles.search.query import parse_query

    terms = parse_query(word).rank_terms
    started = time.perf_counter()
    depths = impact.list_depths(terms) if hasattr(impact, "list_depths") else {}
    built = [t for t in terms if depths.get(t, 0) > impact.DEPTH + 200]
    built += impact.missing(terms)
    if built:
        impact.build(built)
    print(
        f"\nlists of {len(terms)} terms of {word!r} ready ({len(built)} built at depth"
        f" {impact.DEPTH}, {time.perf_counter() - started:.1f} s)"
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-api-reader")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(f"following next through {hits:,} hits of {word!r} (/api/search):")
    _walks(client, word, hits, ("relevance", "newest"), sizes, cache)
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path__endswith="deepen_impact_lists")
    if queued.exists():
        from articles.search import upkeep

        started = time.perf_counter()
        for task in queued:
            upkeep.deepen_lists(*task.args_kwargs["args"])
        queued.delete()
        print(
            f"the worker deepened the lists ({time.perf_counter() - started:.1f} s):"
            f" {impact.list_depths(terms)}; walks again:"
        )
        _walks(client, word, hits, ("relevance",), sizes, cache)


def _walks(
    client: Any, word: str, hits: int, sorts: tuple[str, ...], sizes: tuple[int, ...], cache: Any
) -> None:
    for sort in sorts:
        for page_size in sizes:
            cache.clear()
            url: str | None = f"/api/search?q={word}&sort={sort}&page_size={page_size}"
            got, pages, slowest = 0, 0, 0.0
            started, cpu = time.perf_counter(), time.process_time()
            while url and got < hits:
                t = time.perf_counter()
                response = client.get(url)
                slowest = max(slowest, time.perf_counter() - t)
                if response.status_code != 200:
                    sys.exit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
                data = response.json()
                got += len(data["results"])
                pages += 1
                url = data["next"]
            total, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(
                f"  {sort:<9} page_size {page_size:>4}: {got:,} hits in {pages} pages,"
                f" {total:.2f} s in all (slowest page {slowest * 1000:.0f} ms;"
                f" this process's CPU {cpu:.2f} s)"
            )


if __name__ == "__main__":
    main()
