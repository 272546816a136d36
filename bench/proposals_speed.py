"""Benchmark: attribution proposals for the whole SaudiNewsNet corpus, against extraction alone.

Run by hand from the project root (needs ../shared/corpora/saudinewsnet):

    .venv/bin/python bench/proposals_speed.py [--workers 2] [--limit N]

Uses its own database `bench_proposals` beside the app's (created, migrated and filled with the
corpus' non-empty articles once; later runs reuse it). In the same run:
1. baseline: the extractor alone over every body, in --workers processes (bodies already in
   memory, results thrown away): the least any "proposals for every article" can cost;
2. backfill: `store.propose_articles` over every article from an empty proposals table, as
   `manage.py propose_attributions` and the import's background task run it (bodies read from
   PostgreSQL in chunks, extracted in worker processes, written with COPY and one transaction
   per chunk);
3. refresh: the same again over articles that already have their proposals (nothing to add).
Prints times, articles per second, proposals written, and backfill / baseline.
Target (issue 21): proposals for all 31,000 articles within 5 minutes on two cores.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"


def read_corpus(limit: int | None) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for path in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for item in json.load(io.BytesIO(archive.read(name))):
                    if item.get("content"):
                        rows.append((item["source"], item.get("title") or "", item["content"]))
    return rows[:limit] if limit else rows


def fill(limit: int | None) -> None:
    from articles.ingest.fingerprint import content_hash
    from articles.models import Article, Outlet

    wanted = read_corpus(limit)
    if Article.objects.count() >= len(wanted):
        return
    Article.objects.all().delete()
    outlets = {
        source: Outlet.objects.get_or_create(slug=source, defaults={"name_ar": source})[0]
        for source in {s for s, _t, _b in wanted}
    }
    seen: set[str] = set()
    batch: list[Article] = []
    for source, title, body in wanted:
        digest = content_hash(title, body)
        if digest in seen:
            continue
        seen.add(digest)
        batch.append(Article(outlet=outlets[source], title=title, body=body, content_hash=digest))
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="first N corpus articles only")
    args = parser.parse_args()

    from side_db import side_database_url

    os.environ["DATABASE_URL"] = side_database_url("bench_proposals")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fill(args.limit)

    from articles.models import Article, AttributionProposal, ProposalExtraction
    from articles.proposals import store
    from articles.proposals.records import extract_many

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    bodies = list(Article.objects.order_by("pk").values_list("pk", "body"))
    chunks = [bodies[i : i + store.CHUNK] for i in range(0, len(bodies), store.CHUNK)]
    print(f"{len(ids)} articles, {args.workers} worker processes, {os.cpu_count()} cores")

    t0 = time.perf_counter()
    found = 0
    with ProcessPoolExecutor(args.workers) as pool:
        for result in pool.map(extract_many, chunks):
            found += sum(len(rows) for _pk, _hash, rows in result)
    baseline = time.perf_counter() - t0
    del bodies, chunks
    print(
        f"baseline  extraction alone: {baseline:6.1f} s  {len(ids) / baseline:6.0f} articles/s  "
        f"{found} attributions"
    )

    AttributionProposal.objects.all().delete()
    ProposalExtraction.objects.all().delete()
    t0 = time.perf_counter()
    counts = store.propose_articles(ids, workers=args.workers)
    backfill = time.perf_counter() - t0
    stored = AttributionProposal.objects.count()
    print(
        f"backfill  extract + store:  {backfill:6.1f} s  {len(ids) / backfill:6.0f} articles/s  "
        f"{counts.added} proposals written ({stored} stored)"
    )

    t0 = time.perf_counter()
    again = store.propose_articles(ids, workers=args.workers)
    refresh = time.perf_counter() - t0
    print(
        f"refresh   nothing changed:  {refresh:6.1f} s  {len(ids) / refresh:6.0f} articles/s  "
        f"added {again.added}, moved {again.updated}, dropped {again.dropped}"
    )
    print(f"backfill / baseline: {backfill / baseline:.2f}  (target: all articles < 300 s)")


if __name__ == "__main__":
    main()
