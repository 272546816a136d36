"""Polling sources from the local site: imports through the upload pipeline, health, backoff,
bad sources, non-article pages, robots.txt, 304, and the admin's dry run."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from articles.ingest.fetch import Fetcher
from articles.ingest.polling import poll_due_sources, poll_source
from articles.models import (
    Article,
    ArticleVersion,
    FeedItem,
    FetchedPage,
    ImportBatch,
    Outlet,
    OutletRules,
    Source,
)
from articles.search.execution import Filters, search_articles
from articles.search.query import parse_query
from tests.feeds.site import (
    Site,
    article_page,
    atom,
    news_sitemap,
    rdf,
    rfc822,
    rss,
    sitemap,
    sitemap_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlets(db: None) -> dict[str, Outlet]:
    spec = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text("utf-8"))
    return {o["slug"]: Outlet.objects.create(**o) for o in spec["outlets"]}


def fetcher() -> Fetcher:
    return Fetcher(relaxed_hosts=["127.0.0.1"])


def publish(site: Site, outlet: str, numbers: range, **kwargs: Any) -> list[dict[str, str]]:
    items = []
    for n in numbers:
        url = site.add(f"/{outlet}/news/{n}", article_page(outlet, n, **kwargs))
        items.append({"title": f"خبر {n}", "link": url, "guid": f"{outlet}-{n}",
                      "pubDate": rfc822(timezone.now() - timedelta(hours=n))})  # fmt: skip
    return items


def source(outlet: Outlet, url: str, **kwargs: Any) -> Source:
    return Source.objects.create(outlet=outlet, url=url, **kwargs)


def test_a_poll_imports_new_articles_with_text_date_author_and_archive(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    items = publish(site, "sana", range(1, 4))
    feed = source(
        outlets["sana"], site.add("/sana/feed", rss(items), content_type="application/rss+xml")
    )
    report = poll_source(feed, fetcher=fetcher())
    assert report.status == "ok" and report.count("imported") == 3
    articles = list(Article.objects.filter(outlet__slug="sana").order_by("pk"))
    assert len(articles) == 3
    first = articles[0]
    assert first.title and len(first.body) > 200
    assert first.author == "كنان سلطان"
    assert first.published_at is not None and first.published_at.year == 2024
    assert first.url.startswith(site.base)
    assert first.import_batch is not None and first.import_batch.status == ImportBatch.Status.DONE
    version = ArticleVersion.objects.get(article=first)
    assert version.number == 1 and version.fetched_page is not None
    assert version.fetched_page.raw().decode("utf-8") == article_page("sana", 1)
    assert FeedItem.objects.filter(status=FeedItem.Status.IMPORTED).count() == 3
    word = first.body.split()[3]
    assert first.pk in [hit.pk for hit in search_articles(parse_query(word), Filters())]


def test_source_health_is_recorded_and_the_next_poll_scheduled(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    items = publish(site, "youm7", range(1, 3))
    feed = source(
        outlets["youm7"],
        site.add("/y/feed", rss(items), headers={"ETag": '"e1"'}),
        poll_interval=15,
    )
    before = timezone.now()
    poll_source(feed, fetcher=fetcher())
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.last_error == ""
    assert feed.items_seen == 2 and feed.articles_created == 2
    assert feed.etag == '"e1"' and feed.detected_kind == "rss"
    assert before + timedelta(minutes=14) < feed.next_poll_at < before + timedelta(minutes=16)


def test_not_modified_feeds_are_not_parsed_again(site: Site, outlets: dict[str, Outlet]) -> None:
    items = publish(site, "sana", range(1, 2))

    def handler(request: Any) -> None:
        if request.headers.get("If-None-Match") == '"v1"':
            request.reply(304, b"", {"ETag": '"v1"'})
        else:
            request.reply(200, rss(items).encode(), {"ETag": '"v1"', "Content-Type": "text/xml"})

    feed = source(outlets["sana"], site.add_handler("/cond/feed", handler))
    poll_source(feed, fetcher=fetcher())
    feed.refresh_from_db()
    batches = ImportBatch.objects.count()
    report = poll_source(feed, fetcher=fetcher())
    assert report.status == "not_modified"
    assert ImportBatch.objects.count() == batches
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.consecutive_failures == 0


def test_the_five_outlets_and_every_feed_format_are_imported(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    stamp = "2024-05-01T10:00:00+03:00"
    sana = publish(site, "sana", range(10, 12))
    youm7 = publish(site, "youm7", range(12, 14))
    baladi = publish(site, "baladi-news", range(14, 16))
    north = publish(site, "north-pulse", range(16, 18))
    binaa = publish(site, "al-binaa", range(18, 20))
    child = site.add("/binaa/sitemap-1.xml", sitemap([(i["link"], "2024-05-01") for i in binaa]))
    feeds = [
        source(outlets["sana"], site.add("/f/sana", rss(sana))),
        source(outlets["youm7"], site.add("/f/youm7", atom([{"link": i["link"]} for i in youm7]))),
        source(outlets["baladi-news"], site.add("/f/baladi", rdf([{"link": i["link"]} for i in baladi]))),
        source(outlets["north-pulse"], site.add("/f/north", news_sitemap([(i["link"], stamp) for i in north]))),
        source(outlets["al-binaa"], site.add("/f/binaa", sitemap_index([(child, "2024-05-01")]))),
    ]  # fmt: skip
    reports = poll_due_sources(threads=1, fetcher=fetcher())
    assert reports is not None
    kinds = {r.url.rsplit("/", 1)[1]: r.kind for r in reports}
    assert kinds == {"sana": "rss", "youm7": "atom", "baladi": "rdf", "north": "news_sitemap",
                     "binaa": "sitemap_index"}  # fmt: skip
    for feed in feeds:
        assert Article.objects.filter(outlet=feed.outlet).count() == 2, feed.url
    assert not Source.objects.filter(last_success_at__isnull=True).exists()


def test_the_same_story_at_two_outlets_is_recognised_as_a_copy(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    a = publish(site, "sana", range(1, 2), story="raqqa_water")
    b = publish(site, "north-pulse", range(1, 2), story="raqqa_water")
    poll_source(source(outlets["sana"], site.add("/f/a", rss(a))), fetcher=fetcher())
    report = poll_source(
        source(outlets["north-pulse"], site.add("/f/b", rss(b))), fetcher=fetcher()
    )
    original = Article.objects.get(outlet__slug="sana")
    [outcome] = report.pages
    # Another outlet's copy is stored as its own article: word for word, or linked as near.
    assert outcome.status == "imported"
    copy = Article.objects.get(outlet__slug="north-pulse")
    assert FeedItem.objects.get(url=b[0]["link"]).article_id == copy.pk
    if copy.content_hash == original.content_hash:
        assert copy.copy_of_id == original.pk == outcome.copy_of
    else:
        assert copy.near_duplicate_of_id == original.pk


def test_a_page_already_seen_is_not_fetched_again(site: Site, outlets: dict[str, Outlet]) -> None:
    items = publish(site, "sana", range(1, 3))
    feed = source(outlets["sana"], site.add("/f/s", rss(items)))
    shared = fetcher()
    poll_source(feed, fetcher=shared)
    hits = len(site.hits)
    report = poll_source(feed, fetcher=shared)
    assert report.new == 0 and report.pages == []
    assert len(site.hits) == hits + 1  # the feed only


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("<rss><channel><item><link>x</channel>", "application/rss+xml", "malformed XML"),
        ("<!DOCTYPE html><html><body>hi</body></html>", "text/html", "HTML page, not a feed"),
    ],
)
def test_a_bad_feed_fails_clearly_and_backs_off_exponentially(
    site: Site, outlets: dict[str, Outlet], body: str, content_type: str, message: str
) -> None:
    feed = source(
        outlets["sana"], site.add("/bad", body, content_type=content_type), poll_interval=10
    )
    now = timezone.now()
    poll_source(feed, fetcher=fetcher(), now=now)
    feed.refresh_from_db()
    assert message in feed.last_error and feed.consecutive_failures == 1
    assert feed.next_poll_at == now + timedelta(minutes=20)
    poll_source(feed, fetcher=fetcher(), now=now)
    feed.refresh_from_db()
    assert feed.consecutive_failures == 2 and feed.next_poll_at == now + timedelta(minutes=40)
    assert Article.objects.count() == 0


def test_an_unreachable_feed_and_a_tls_error_fail_with_their_reason(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    tls = source(outlets["sana"], f"https://127.0.0.1:{site.port}/feed")
    missing = source(outlets["sana"], site.url("/nothing-here"))
    poll_due_sources(threads=1, fetcher=fetcher())
    tls.refresh_from_db()
    missing.refresh_from_db()
    assert "TLS error" in tls.last_error
    assert "HTTP 404" in missing.last_error


def test_items_without_links_duplicates_and_non_article_pages_are_skipped_with_reasons(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    items = publish(site, "baladi-news", range(1, 2))
    gallery_html = (
        "<html><head><title>صور</title></head><body><h1>ألبوم صور</h1>"
        + "".join(
            f'<figure><img src="/i/{n}.jpg"><figcaption>صورة {n}</figcaption></figure>'
            for n in range(12)
        )
        + "</body></html>"
    )
    gallery = site.add("/baladi-news/news/album-2024", gallery_html)
    feed_items = [
        *items,
        {"title": "بلا رابط"},
        {"link": items[0]["link"], "guid": items[0]["guid"]},
        {"link": site.url("/tag/syria"), "guid": "tag"},
        {"link": gallery, "guid": "gallery"},
    ]
    feed = source(outlets["baladi-news"], site.add("/f/b", rss(feed_items)))
    report = poll_source(feed, fetcher=fetcher())
    reasons = dict(report.skipped_items)
    assert "no link" in reasons.values()
    assert any("duplicate GUID" in r for r in reasons.values())
    assert "tag page" in reasons[site.url("/tag/syria")]
    [skipped] = [p for p in report.pages if p.status == "skipped"]
    assert skipped.url == gallery and "too little article text" in skipped.reason
    assert report.count("imported") == 1
    assert FeedItem.objects.get(url=gallery).status == FeedItem.Status.SKIPPED
    assert "/tag/syria" not in site.paths_hit()


def test_robots_disallow_and_broken_pages_fail_that_item_only(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /sana/private/\n", content_type="text/plain")
    items = publish(site, "sana", range(1, 2))
    private = site.add("/sana/private/1", article_page("sana", 2))
    feed_items = [*items, {"link": private}, {"link": site.url("/sana/news/gone")}]
    feed = source(outlets["sana"], site.add("/f/r", rss(feed_items)))
    report = poll_source(feed, fetcher=fetcher())
    by_url = {p.url: p for p in report.pages}
    assert "robots.txt" in by_url[private].reason
    assert "HTTP 404" in by_url[site.url("/sana/news/gone")].reason
    assert report.count("imported") == 1 and report.status == "ok"
    assert "/sana/private/1" not in site.paths_hit()


def test_a_ten_thousand_item_feed_reads_only_the_cap_per_poll(
    site: Site, outlets: dict[str, Outlet], settings: Any
) -> None:
    settings.FEEDS_MAX_ITEMS_PER_POLL = 3
    items = publish(site, "sana", range(1, 4))
    filler = [{"link": site.url(f"/sana/old/{i}"), "pubDate": "Mon, 01 Jan 2018 00:00:00 +0000"}
              for i in range(9_997)]  # fmt: skip
    feed = source(outlets["sana"], site.add("/f/big", rss(items + filler)))
    report = poll_source(feed, fetcher=fetcher())
    assert report.listed == 10_000 and report.count("imported") == 3
    assert any("9,997 older ones were skipped" in n for n in report.notes)
    assert not any(p.startswith("/sana/old/") for p in site.paths_hit())


def test_outlet_rules_are_used_for_extraction(site: Site, outlets: dict[str, Outlet]) -> None:
    OutletRules.objects.create(
        outlet=outlets["sana"], author_selector=".post-author", timezone="Asia/Damascus"
    )
    items = publish(site, "sana", range(1, 2), author="رامي حسن")
    poll_source(source(outlets["sana"], site.add("/f/rules", rss(items))), fetcher=fetcher())
    article = Article.objects.get()
    assert article.author == "رامي حسن"
    assert article.provenance["extraction"]["author"].startswith("rules")


def test_the_dry_run_reports_titles_dates_and_authors_and_writes_nothing(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    items = publish(site, "youm7", range(1, 8))
    feed = source(outlets["youm7"], site.add("/f/t", rss(items)))
    report = poll_source(feed, fetcher=fetcher(), dry_run=True)
    assert [p.status for p in report.pages] == ["would_import"] * 5
    assert all(p.title and p.published_at and p.author for p in report.pages)
    assert any("2 more new items" in n for n in report.notes)
    assert Article.objects.count() == 0 and FeedItem.objects.count() == 0
    assert FetchedPage.objects.count() == 0
    feed.refresh_from_db()
    assert feed.last_polled_at is None


def test_paused_sources_are_not_polled_and_due_ones_are(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    items = publish(site, "sana", range(1, 2))
    url = site.add("/f/p", rss(items))
    paused = source(outlets["sana"], url, paused=True)
    later = source(
        outlets["youm7"],
        site.add("/f/l", rss(items)),
        next_poll_at=timezone.now() + timedelta(hours=1),
    )
    assert poll_due_sources(threads=1, fetcher=fetcher()) == []
    paused.refresh_from_db()
    later.refresh_from_db()
    assert paused.last_polled_at is None and later.last_polled_at is None


def test_poll_task_schedule_keeps_exactly_one_waiting_task(db: None) -> None:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from articles.tasks import POLL_TASK_PATH, schedule_polling

    assert schedule_polling() is True
    assert schedule_polling() is False
    waiting = DBTaskResult.objects.filter(task_path=POLL_TASK_PATH, status=TaskResultStatus.READY)
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now() + timedelta(
        seconds=settings.FEEDS_POLL_EVERY_SECONDS - 5
    )


def test_the_poll_command_polls_one_source(site: Site, outlets: dict[str, Outlet]) -> None:
    from io import StringIO

    from django.core.management import call_command

    items = publish(site, "sana", range(1, 3))
    feed = source(outlets["sana"], site.add("/f/c", rss(items)))
    out = StringIO()
    call_command("poll_sources", "--once", "--source", str(feed.pk), "--threads", "1", stdout=out)
    line = json.loads(out.getvalue().splitlines()[0])
    assert line["imported"] == 2 and line["status"] == "ok"


def test_the_poll_task_imports_due_sources_and_queues_its_next_run(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from articles.tasks import POLL_TASK_PATH, poll_sources

    items = publish(site, "al-binaa", range(1, 3))
    source(outlets["al-binaa"], site.add("/f/task", rss(items)))
    result = poll_sources.call()
    assert result == {"sources": 1, "failed": 0, "imported": 2, "updated": 0}
    assert Article.objects.filter(outlet__slug="al-binaa").count() == 2
    assert (
        DBTaskResult.objects.filter(task_path=POLL_TASK_PATH, status=TaskResultStatus.READY).count()
        == 1
    )
