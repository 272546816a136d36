"""Benchmark: 200 feeds and 2,000 new pages from a local site, polled and ingested end to end,
beside extraction alone on the same pages (the baseline, measured in the same run).

Run by hand from the project root (needs ../shared/corpora/saudinewsnet, read at run time only):

    .venv/bin/python bench/feeds_speed.py [--feeds 200] [--per-feed 10] [--threads 4]

The pages are the corpus's real titles and bodies dressed in the five seed outlets' layouts
(bench/extraction/generate.py); the site runs in its own process on 127.0.0.1 and every feed
(RSS) lists ten of them. Politeness is relaxed for 127.0.0.1 (no delay between requests; still
one request at a time per host, robots.txt asked once). The run uses a fresh migrated `test_`
database, dropped at the end. Goal: <= 300 s on two cores.

Printed: the baseline (extract_article alone over the 2,000 pages in this process), the full
run (fetch feed → fetch pages → archive → extract with outlet rules → the upload pipeline's
dedupe, search vectors, sketches → versions), pages per second of each, and the ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import resource
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
OUTLETS = ["sana", "youm7", "baladi-news", "north-pulse", "al-binaa"]


def corpus_articles(corpus: Path, count: int) -> list[tuple[str, list[str]]]:
    """`count` distinct articles (title, paragraphs) with enough text to be articles."""
    seen: set[str] = set()
    out: list[tuple[str, list[str]]] = []
    for path in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for item in json.load(io.BytesIO(archive.read(name))):
                    body = item.get("content") or ""
                    paragraphs = [p.strip() for p in body.split("\n") if len(p.strip()) > 30]
                    key = " ".join(body.split())[:300]
                    if len(" ".join(paragraphs)) < 600 or len(paragraphs) < 2 or key in seen:
                        continue
                    seen.add(key)
                    out.append(((item.get("title") or "").strip(), paragraphs))
                    if len(out) == count:
                        return out
    raise SystemExit(f"only {len(out)} usable articles in {corpus}")


def build_site(articles: list[tuple[str, list[str]]], feeds: int, per_feed: int) -> dict[str, Any]:
    from tests.feeds.site import article_page

    pages: dict[str, str] = {}
    feed_items: dict[str, list[tuple[str, str]]] = {}
    for f in range(feeds):
        outlet = OUTLETS[f % len(OUTLETS)]
        items = []
        for k in range(per_feed):
            n = f * per_feed + k
            title, paragraphs = articles[n]
            path = f"/{outlet}/news/{n}"
            pages[path] = article_page(outlet, n, title=title, paragraphs=paragraphs)
            items.append((path, title))
        feed_items[f"/{outlet}/feed-{f}.xml"] = items
    return {"pages": pages, "feeds": feed_items}


def serve(spec: dict[str, Any], port_queue: Any) -> None:
    from tests.feeds.site import Site, rss

    site = Site()
    for path, html in spec["pages"].items():
        site.add(path, html)
    for path, items in spec["feeds"].items():
        site.add(
            path,
            rss([{"title": t, "link": site.url(p), "guid": p} for p, t in items]),
            content_type="application/rss+xml",
        )
    port_queue.put(site.port)
    site.thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--per-feed", type=int, default=10)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    total = args.feeds * args.per_feed

    articles = corpus_articles(Path(args.corpus), total)
    spec = build_site(articles, args.feeds, args.per_feed)
    queue: Any = multiprocessing.get_context("fork").Queue()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(spec, queue))
    server.start()
    port = queue.get(timeout=60)
    base = f"http://127.0.0.1:{port}"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.FEEDS_RELAXED_HOSTS = ["127.0.0.1"]
    main_db = connection.settings_dict["NAME"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from articles.ingest.fetch import Fetcher
        from articles.ingest.polling import poll_due_sources
        from articles.ingest.webpage import extract_article
        from articles.models import Article, ArticleVersion, FeedItem, Outlet, Source

        print(f"database: {test_db}; site: {base}; {args.feeds} feeds, {total} pages")
        data = [html.encode("utf-8") for html in spec["pages"].values()]
        started, cpu_started = time.perf_counter(), time.process_time()
        for page in data:
            extract_article(page)
        baseline = time.perf_counter() - started
        baseline_cpu = time.process_time() - cpu_started
        print(
            f"baseline, extraction alone (one process): {baseline:.1f} s, "
            f"{total / baseline:.1f} pages/s ({baseline_cpu:.1f} s CPU)"
        )

        outlets = {
            slug: Outlet.objects.create(
                name_ar=slug, name_en=slug, slug=slug, timezone="Asia/Damascus"
            )
            for slug in OUTLETS
        }
        for path in spec["feeds"]:
            outlet = path.split("/")[1]
            Source.objects.create(outlet=outlets[outlet], url=base + path)
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        reports = poll_due_sources(threads=args.threads, fetcher=Fetcher())
        elapsed = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        assert reports is not None
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (
            cpu_after.ru_stime - cpu_before.ru_stime
        )
        created = Article.objects.count()
        statuses: dict[str, int] = {}
        for status in FeedItem.objects.values_list("status", flat=True):
            statuses[status] = statuses.get(status, 0) + 1
        failed_sources = [r for r in reports if r.status != "ok"]
        print(
            f"feeds polled and pages ingested: {elapsed:.1f} s, {total / elapsed:.1f} pages/s "
            f"({cpu:.1f} s CPU in this process; threads={args.threads})"
        )
        print(
            f"articles created: {created}; feed items by status: {statuses}; versions: "
            f"{ArticleVersion.objects.count()}; sources failed: {len(failed_sources)}"
        )
        print(
            f"ratio full ingest / extraction alone: {elapsed / baseline:.2f} wall, "
            f"{cpu / baseline_cpu:.2f} CPU in this process"
        )
        print(f"goal <= 300 s for {total} pages: {'met' if elapsed <= 300 else 'NOT met'}")
    finally:
        connection.creation.destroy_test_db(main_db, verbosity=0)
        server.terminate()


if __name__ == "__main__":
    main()
