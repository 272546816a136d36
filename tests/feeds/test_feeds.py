"""Feed and sitemap parsing: every format, and every way a feed can be bad."""

from __future__ import annotations

import pytest

from articles.ingest.feeds import FeedProblem, non_article_reason, parse_feed
from tests.feeds.site import atom, news_sitemap, rdf, rss, sitemap, sitemap_index

BASE = "https://example.org/feed"


def parse(text: str, max_items: int = 200):  # type: ignore[no-untyped-def]
    return parse_feed(text.encode("utf-8"), url=BASE, max_items=max_items)


def test_rss_items_give_links_guids_titles_and_dates() -> None:
    feed = parse(rss([{"title": "خبر", "link": "https://example.org/a/1", "guid": "g1",
                       "pubDate": "Wed, 01 May 2024 10:00:00 +0300"}]))  # fmt: skip
    assert feed.kind == "rss"
    [entry] = feed.entries
    assert (entry.url, entry.guid, entry.title) == ("https://example.org/a/1", "g1", "خبر")
    assert entry.published is not None and entry.published.utcoffset().total_seconds() == 3 * 3600


def test_atom_rdf_and_sitemaps_are_recognised() -> None:
    assert parse(atom([{"link": "https://example.org/a/2"}])).kind == "atom"
    assert parse(rdf([{"link": "https://example.org/a/3"}])).entries[0].url.endswith("/a/3")
    news = parse(news_sitemap([("https://example.org/a/4", "2024-05-01T10:00:00+03:00")]))
    assert news.kind == "news_sitemap" and news.entries[0].published is not None
    assert parse(sitemap([("https://example.org/a/5", "2024-05-01")])).kind == "sitemap"
    index = parse(sitemap_index([("https://example.org/s1.xml", "2024-01-01"),
                                 ("https://example.org/s2.xml", "2024-06-01")]))  # fmt: skip
    assert index.kind == "sitemap_index"
    assert index.sitemaps == ["https://example.org/s2.xml", "https://example.org/s1.xml"]


def test_relative_links_are_resolved_against_the_feed() -> None:
    feed = parse(rss([{"link": "/news/7"}]))
    assert feed.entries[0].url == "https://example.org/news/7"


def test_items_without_links_are_skipped_with_a_reason_and_undated_items_kept() -> None:
    feed = parse(rss([{"title": "بلا رابط"}, {"link": "https://example.org/a/9"}]))
    assert [e.url for e in feed.entries] == ["https://example.org/a/9"]
    assert feed.entries[0].published is None
    assert feed.skipped == [("item 1 (بلا رابط)", "no link")]


def test_duplicate_guids_are_skipped() -> None:
    feed = parse(rss([{"link": "https://example.org/a/1", "guid": "same"},
                      {"link": "https://example.org/a/2", "guid": "same"}]))  # fmt: skip
    assert len(feed.entries) == 1
    assert "duplicate GUID" in feed.skipped[0][1]


def test_malformed_xml_is_a_clear_problem() -> None:
    with pytest.raises(FeedProblem, match="malformed XML"):
        parse("<rss><channel><item><link>x</link></channel>")


def test_html_served_as_a_feed_is_recognised() -> None:
    with pytest.raises(FeedProblem, match="HTML page, not a feed"):
        parse("<!DOCTYPE html><html><body><p>hello</p></body></html>")


def test_html_that_names_its_feed_says_where_the_feed_is() -> None:
    page = (
        '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" '
        'href="https://example.org/feed/"></head><body></body></html>'
    )
    with pytest.raises(FeedProblem, match="names a feed at https://example.org/feed/"):
        parse(page)


def test_entities_are_not_expanded() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><item><title>&lol2;&ext;</title><link>https://example.org/a</link>"
        "</item></channel></rss>"
    )
    feed = parse(bomb)
    assert "lollol" not in feed.entries[0].title and "root:" not in feed.entries[0].title


def test_a_feed_of_ten_thousand_items_keeps_the_newest_and_notes_the_rest() -> None:
    items = [
        {
            "link": f"https://example.org/a/{i}",
            "pubDate": f"Wed, 01 May 2024 {i // 600 % 24:02d}:{i // 10 % 60:02d}:00 +0000",
        }
        for i in range(10_000)
    ]
    feed = parse(rss(items), max_items=200)
    assert len(feed.entries) == 200
    assert feed.listed == 10_000
    assert "9,800 older ones were skipped" in feed.notes[0]
    newest = max(e.published for e in feed.entries if e.published)
    assert newest.hour == 16


def test_a_document_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(FeedProblem, match="root element is <catalog>"):
        parse("<catalog><book/></catalog>")
    with pytest.raises(FeedProblem, match="empty"):
        parse("   ")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/tag/syria", "tag page"),
        ("https://example.org/gallery/123", "photo gallery"),
        ("https://example.org/category/politics/", "category page"),
        ("https://example.org/", "home page"),
        ("https://example.org/news/page/3", "numbered listing"),
        ("https://example.org/uploads/photo.jpg", "a file"),
        ("https://example.org/2024/05/01/article-slug", None),
        ("https://sana.sy/?p=12345", None),
    ],
)
def test_non_article_addresses_are_recognised(url: str, expected: str | None) -> None:
    reason = non_article_reason(url)
    assert (reason is None) if expected is None else (expected in (reason or ""))
