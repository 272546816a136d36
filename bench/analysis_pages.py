"""Render time of the analysis pages with 10,000 mentions over 2,000 articles and 300 claims,
or, with `--busy`, issue 21's case: 50,000 mentions in all, one claim with 1,000 of them, most
made by accepting proposals (as a desk reviewing the extractor's proposals makes them).

Run by hand from the project root:

    .venv/bin/python bench/analysis_pages.py [--repeats 30] [--busy]

It fills its own database (`newsroom_bench_analysis`, or `newsroom_bench_analysis_busy` with
`--busy`; on the embedded server, or on the server of DATABASE_URL) with synthetic outlets,
claimants, claims, articles and mentions once, then renders each page in-process with Django's
test client (the full middleware stack, templates and queries; no network) and prints p50/p95
and the query count per page next to the article list page, the baseline, measured in the same
run, then the time to create one mention of the busiest claim (rolled back). Goal: p95 <= 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "newsroom_bench_analysis"
OUTLETS, ACTORS, CLAIMS, ARTICLES, MENTIONS = 40, 150, 300, 2000, 10_000
# --busy: issue 21's case. BUSY mentions of one claim, the rest spread over the others; every
# mention made by accepting a proposal except one in ten (made by hand).
BUSY_SIZES = (40, 400, 3000, 10_000, 50_000)
BUSY = 1000
BUSY_CLAIM_TEXT = "ادعاء كثير الإشارات: القوات انسحبت من المدينة بعد اشتباكات"


def setup(db: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from side_db import side_database_url

    os.environ["DATABASE_URL"] = side_database_url(db)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(*, busy: bool) -> None:
    from django.db.models.signals import post_save

    from articles.ingest.fingerprint import content_hash
    from articles.models import (
        Annotation,
        Article,
        AttributionProposal,
        AttributionStep,
        Claim,
        Claimant,
        Outlet,
    )
    from articles.search.index import article_saved

    outlets_n, actors_n, claims_n, articles_n, mentions_n = (
        BUSY_SIZES if busy else (OUTLETS, ACTORS, CLAIMS, ARTICLES, MENTIONS)
    )
    if Annotation.objects.count() >= mentions_n:
        return
    post_save.disconnect(article_saved, sender=Article, dispatch_uid="article_search_vector")
    rng = random.Random(7)
    alignments = [c for c, _ in Outlet.Alignment.choices]
    outlets = Outlet.objects.bulk_create(
        Outlet(
            name_ar=f"وسيلة {i}",
            name_en=f"Outlet {i}",
            slug=f"bench-outlet-{i}",
            alignment=rng.choice(alignments),
        )
        for i in range(outlets_n)
    )
    claimants = Claimant.objects.bulk_create(
        Claimant(name_ar=f"متحدث رقم {i}", name_en=f"Speaker {i}", aliases=[f"المتحدث {i}"])
        for i in range(actors_n)
    )
    claims = Claim.objects.bulk_create(
        Claim(text_ar=f"ادعاء تجريبي رقم {i} عن القوات في المنطقة", gloss_en=f"Claim {i}")
        for i in range(claims_n)
    )
    if busy:
        claims[0].text_ar = BUSY_CLAIM_TEXT
        claims[0].save(update_fields=["text_ar"])
    sentence = "قالت الوزارة في بيان إن القوات انسحبت من المنطقة بعد اشتباكات عنيفة استمرت أياما. "
    articles = []
    for i in range(articles_n):
        body = f"خبر رقم {i}. " + sentence * 12
        articles.append(Article(
            outlet=rng.choice(outlets), title=f"عنوان الخبر {i}", body=body, content_hash=content_hash("", body),
            published_at=None if i % 10 == 0 else f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
        ))  # fmt: skip
    articles = Article.objects.bulk_create(articles)
    mentions = []
    for n in range(mentions_n):
        article = rng.choice(articles)
        start = rng.randrange(0, len(article.body) - 60)
        end = start + rng.randint(20, 60)
        mentions.append(Annotation(
            article=article, start=start, end=end, quote=article.body[start:end],
            prefix=article.body[max(0, start - 32):start], suffix=article.body[end:end + 32],
            claim=claims[0] if busy and n < BUSY else rng.choice(claims[1:] if busy else claims),
            claimant=rng.choice(claimants), review_status=rng.choice(["draft", "confirmed", "confirmed"]), stance=rng.choice(["asserts", "denies", "questions", "reports"]),
            framing=rng.choice(["endorses", "neutral", "disputes"]),
        ))  # fmt: skip
    mentions = Annotation.objects.bulk_create(mentions, batch_size=5000)
    if busy:
        # Nine mentions in ten come from an accepted (or edited) proposal; beside them, one
        # rejected proposal for every four accepted ones, with no annotation.
        def proposal(m: Annotation, status: str, fingerprint: str) -> AttributionProposal:
            return AttributionProposal(
                article=m.article, claimant=m.claimant.name_ar if m.claimant else "", cue="قالت",
                cue_lemma=rng.choice(["قال", "أكد", "نفى", "ذكر"]), cue_start=m.start, cue_end=m.start + 1,
                start=m.start, end=m.end, quote=m.quote, chain=[], confidence=0.9, extractor_version="bench",
                fingerprint=fingerprint, status=status, annotation=None if status == "rejected" else m,
            )  # fmt: skip

        AttributionProposal.objects.bulk_create(
            (
                proposal(m, rng.choice(["accepted", "accepted", "accepted", "edited"]), f"b-{m.pk}")
                for k, m in enumerate(mentions)
                if k % 10
            ),
            batch_size=5000,
        )
        AttributionProposal.objects.bulk_create(
            (proposal(m, "rejected", f"r-{m.pk}") for k, m in enumerate(mentions) if k % 4 == 1),
            batch_size=5000,
        )
    AttributionStep.objects.bulk_create(
        (
            AttributionStep(annotation=m, position=p, claimant=rng.choice(claimants))
            for m in mentions
            for p in range(rng.randint(0, 3))
        ),
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def reference_loop_ms() -> float:
    """A fixed Python loop (about 40 ms on an idle core of this machine kind): how busy the
    machine was, to read the page times against."""
    t = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i
    return (time.perf_counter() - t) * 1000


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument(
        "--busy", action="store_true", help="50,000 mentions, one claim with 1,000 (issue 21)"
    )
    args = parser.parse_args()
    setup(f"{DB}_busy" if args.busy else DB)
    fill(busy=args.busy)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from articles.models import Annotation, Claim, Claimant, Outlet

    user, _ = get_user_model().objects.get_or_create(
        username="bench-lead", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    busy_claim = Claim.objects.annotate(n=Count("annotations")).order_by("-n", "pk").first()
    busy_claimant = Claimant.objects.annotate(n=Count("claims_made")).order_by("-n").first()
    busy_outlet = Outlet.objects.annotate(n=Count("articles")).order_by("-n").first()
    cell = Annotation.objects.filter(claim=busy_claim).select_related("article").first()
    assert busy_claim and busy_claimant and busy_outlet and cell
    pages = {
        "article list (baseline)": "/",
        "claim list": "/claims/",
        "claim dossier": f"/claims/{busy_claim.pk}/",
        "matrix outlets x claims": "/matrix/",
        "matrix claimants x claims": "/matrix/?mode=claimants",
        "matrix cell": f"/matrix/cell/?claim={busy_claim.pk}&row={cell.article.outlet_id}",
        "claimant list": "/claimants/",
        "claimant page": f"/claimants/{busy_claimant.pk}/",
        "outlet list": "/outlets/",
        "outlet page": f"/outlets/{busy_outlet.slug}/",
        "proposal acceptance": "/proposals/acceptance/",
    }
    mentions = Annotation.objects.count()
    print(
        f"{mentions} mentions, {Claim.objects.count()} claims; busiest claim "
        f"{busy_claim.annotations.count()} mentions; {args.repeats} renders per page"
    )
    print(f"reference loop before: {reference_loop_ms():.0f} ms; {load_average()}")
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'x baseline p95':>15} {'queries':>8}")
    baseline = None
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        queries: list[str] = []

        def count(
            execute: Any, sql: str, params: Any, many: bool, context: Any, seen: list[str] = queries
        ) -> Any:
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):  # once the caches are warm
            client.get(url)
        times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p50, p95 = (
            statistics.median(times),
            times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        )
        baseline = baseline or p95
        print(
            f"{name:28} {p50:8.1f} {p95:8.1f} {p95 / baseline:15.2f} {len(queries):8}"
            f"   load {os.getloadavg()[0]:.1f}"
        )
    write_cost(busy_claim, args.repeats)
    print(f"reference loop after: {reference_loop_ms():.0f} ms; {load_average()}")


def write_cost(claim: Any, repeats: int) -> None:
    """What a write costs the desk: a mention of the busy claim created (the work the counts'
    triggers add, if any, included), rolled back so that the data stays the same."""
    from django.db import transaction

    from articles.claims.annotations import annotation_create
    from articles.models import Annotation

    mention = Annotation.objects.filter(claim=claim).select_related("article", "claimant").first()
    assert mention
    times = []
    for _ in range(repeats):
        with transaction.atomic():
            t = time.perf_counter()
            annotation_create(
                article=mention.article,
                start=mention.start,
                end=mention.end,
                claim=claim,
                claimant=mention.claimant,
            )
            times.append((time.perf_counter() - t) * 1000)
            transaction.set_rollback(True)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{'write: a mention created':28} {statistics.median(times):8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
