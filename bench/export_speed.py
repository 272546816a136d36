"""Exporting 100,000 annotations: the streamed exports against a plain COPY of the same rows.

Run by hand from the project root:

    .venv/bin/python bench/export_speed.py [--annotations 100000] [--only csv,w3c]

It fills its own database `newsroom_bench_export` (on the embedded server, or on the server of
DATABASE_URL) once, then requests each export through Django's test client (the full
middleware stack; the streamed body is read and counted, never kept) and prints wall time,
CPU time and the growth of the process's resident memory (sampled every 10 ms by a thread)
beside the baseline, measured in the same run: `COPY (SELECT ...) TO STDOUT` of the same
annotations joined to their article, outlet, claim and claimant, read by the same process.
`--unstreamed` adds the exports as they were before (every row built in a list first), to show
what streaming saves. Goal (issue 17): <= 60 s on two cores, flat memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "newsroom_bench_export"
PAGE = os.sysconf("SC_PAGE_SIZE")


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(ROOT))
    from side_db import side_database_url

    os.environ["DATABASE_URL"] = side_database_url(DB)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(total: int) -> None:
    from articles.ingest.fingerprint import content_hash
    from articles.models import Annotation, Article, AttributionStep, Claim, Claimant, Outlet, Tag

    have = Annotation.objects.count()
    if have >= total:
        return
    if have:
        Annotation.objects.all().delete()
    rng = random.Random(17)
    zones = ["Asia/Riyadh", "Asia/Damascus", "Africa/Cairo", "UTC"]
    outlets = Outlet.objects.bulk_create(
        Outlet(
            name_ar=f"وسيلة {i}", name_en=f"Outlet {i}", slug=f"bench-export-{i}",
            timezone=zones[i % 4],
        )
        for i in range(40)
    )  # fmt: skip
    claimants = Claimant.objects.bulk_create(
        Claimant(name_ar=f"متحدث رقم {i}", name_en=f"Speaker {i}", aliases=[f"المتحدث {i}"])
        for i in range(300)
    )
    claims = Claim.objects.bulk_create(
        Claim(text_ar=f"ادعاء تجريبي رقم {i} عن القوات في المنطقة", gloss_en=f"Claim {i}")
        for i in range(1000)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"وسم {i}", slug=f"bench-tag-{i}") for i in range(20))
    sentence = "قالت الوزارة في بيان إن القوات انسحبت من المنطقة بعد اشتباكات عنيفة استمرت أياما. "
    per_article = 10
    articles = Article.objects.bulk_create(
        (
            Article(
                outlet=rng.choice(outlets), title=f"عنوان الخبر {i}",
                body=(body := f"خبر رقم {i}. " + sentence * 8),
                content_hash=content_hash("", body), url=f"https://example.org/news/{i}",
                published_at=None if i % 10 == 0 else f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            )
            for i in range(total // per_article)
        ),
        batch_size=2000,
    )  # fmt: skip
    mentions = []
    for article in articles:
        for _ in range(per_article):
            start = rng.randrange(0, len(article.body) - 60)
            end = start + rng.randint(20, 60)
            mentions.append(Annotation(
                article=article, start=start, end=end, quote=article.body[start:end],
                prefix=article.body[max(0, start - 32):start], suffix=article.body[end:end + 32],
                claim=rng.choice(claims), claimant=rng.choice(claimants),
                stance=rng.choice(["asserts", "denies", "questions", "reports"]),
                framing=rng.choice(["endorses", "neutral", "disputes"]), note="ملاحظة",
            ))  # fmt: skip
    mentions = Annotation.objects.bulk_create(mentions, batch_size=5000)
    AttributionStep.objects.bulk_create(
        (
            AttributionStep(annotation=m, position=p, claimant=rng.choice(claimants))
            for m in mentions
            for p in range(rng.randint(0, 2))
        ),
        batch_size=5000,
    )
    Annotation.tags.through.objects.bulk_create(
        (
            Annotation.tags.through(annotation_id=m.pk, tag_id=rng.choice(tags).pk)
            for m in mentions
            if rng.random() < 0.3
        ),
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def measure(run: Callable[[], int]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, bytes produced, peak growth of resident memory."""
    start_rss, peak = rss(), [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.01):
            peak[0] = max(peak[0], rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t, cpu = time.perf_counter(), time.process_time()
    produced = run()
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    done.set()
    sampler.join()
    return wall, cpu, produced, max(peak[0], rss()) - start_rss


COPY_SQL = """
COPY (
  SELECT a.id, ar.title, ar.url, o.name_ar, o.slug, ar.published_at, c.text_ar, c.gloss_en,
         cl.name_ar, a.stance, a.framing, a.review_status, a.quote, a.prefix, a.suffix,
         a.start, a."end", a.note, a.created_at, a.updated_at
  FROM articles_annotation a
  JOIN articles_article ar ON ar.id = a.article_id
  JOIN articles_outlet o ON o.id = ar.outlet_id
  JOIN articles_claim c ON c.id = a.claim_id
  LEFT JOIN articles_claimant cl ON cl.id = a.claimant_id
  ORDER BY a.article_id, a.start, a.id
) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def copy_baseline() -> int:
    from django.db import connection

    produced = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(COPY_SQL) as copy:
            for block in copy:
                produced += len(block)
    return produced


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--only", default="csv,json,w3c")
    parser.add_argument("--unstreamed", action="store_true")
    args = parser.parse_args()
    setup()
    t = time.perf_counter()
    fill(args.annotations)
    print(f"data ready in {time.perf_counter() - t:.1f} s")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from articles.models import Annotation

    user, _ = get_user_model().objects.get_or_create(
        username="bench-export", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def streamed(url: str) -> Callable[[], int]:
        def run() -> int:
            response = client.get(url)
            assert response.status_code == 200 and response.streaming, url
            return sum(len(block) for block in response.streaming_content)

        return run

    def unstreamed() -> int:
        from articles.reports.export_cells import csv_lines
        from articles.views.exports import MENTION_COLUMNS, mention_row

        rows = [
            mention_row(m, "http://localhost")
            for m in Annotation.objects.with_details().order_by("article_id", "start", "pk")
        ]
        return len("".join(csv_lines(MENTION_COLUMNS, rows)).encode())

    runs: dict[str, Callable[[], int]] = {"COPY ... TO STDOUT (baseline)": copy_baseline}
    chosen = args.only.split(",")
    if "csv" in chosen:
        runs["mentions CSV, streamed"] = streamed(reverse("mentions_export", args=["csv"]))
    if "json" in chosen:
        runs["mentions JSON, streamed"] = streamed(reverse("mentions_export", args=["json"]))
    if "w3c" in chosen:
        runs["W3C JSON-LD collection, streamed"] = streamed(reverse("w3c_all"))
    if args.unstreamed:
        runs["mentions CSV, list first (before)"] = unstreamed
    print(
        f"{Annotation.objects.count():,} annotations; load average {os.getloadavg()[0]:.1f}; "
        f"{os.cpu_count()} cores"
    )
    print(f"{'export':36} {'wall s':>8} {'cpu s':>7} {'MB out':>7} {'RSS +MB':>8} {'x COPY':>7}")
    baseline = None
    for name, run in runs.items():
        wall, cpu, produced, grown = measure(run)
        baseline = baseline or wall
        print(
            f"{name:36} {wall:8.2f} {cpu:7.2f} {produced / 1e6:7.1f} {grown / 1e6:8.1f} "
            f"{wall / baseline:7.1f}"
        )
    print(
        f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB"
    )


if __name__ == "__main__":
    main()
