"""Reading feeds and sitemaps: RSS 2.0, Atom, RDF (RSS 1.0), sitemaps, Google news sitemaps and
sitemap indexes, into a list of article addresses.

XML is parsed by lxml with entities left unresolved, no DTD loading and no network (so neither
"billion laughs" nor external entities can do anything), and without `huge_tree`. Every item that
cannot be used (no link, a repeated GUID or address, an address that is not an article page) is
skipped with a reason; a document that is not a feed at all (malformed XML, an HTML page) raises
`FeedProblem` with a sentence saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"

# Path segments of pages that list or show things rather than tell a story.
_NON_ARTICLE_SEGMENTS = {
    "tag": "tag page",
    "tags": "tag page",
    "keyword": "tag page",
    "keywords": "tag page",
    "topic": "topic page",
    "topics": "topic page",
    "category": "category page",
    "categories": "category page",
    "section": "section page",
    "author": "author page",
    "authors": "author page",
    "writer": "author page",
    "gallery": "photo gallery",
    "galleries": "photo gallery",
    "photos": "photo gallery",
    "photo": "photo gallery",
    "album": "photo gallery",
    "albums": "photo gallery",
    "video": "video page",
    "videos": "video page",
    "search": "search page",
    "feed": "feed",
    "rss": "feed",
    "وسم": "tag page",
    "تصنيف": "category page",
    "قسم": "section page",
    "الكاتب": "author page",
    "صور": "photo gallery",
    "فيديو": "video page",
}
_MEDIA_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".mp3", ".mp4", ".zip", ".xml",
)  # fmt: skip
_PAGE_NUMBER = re.compile(r"/page/\d+/?$")


class FeedProblem(ValueError):
    """The document is not a feed or sitemap that can be read."""


@dataclass
class FeedEntry:
    url: str
    guid: str = ""
    title: str = ""
    published: datetime | None = None
    updated: str = ""  # the date the feed gives for the item, as written (for change detection)


@dataclass
class ParsedFeed:
    kind: str  # a Source.Kind value
    entries: list[FeedEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    notes: list[str] = field(default_factory=list)
    listed: int = 0  # items in the document, before any was skipped


def non_article_reason(url: str) -> str | None:
    """Why `url` is not an article page, judged by its address alone; None when it may be."""
    parts = urlsplit(url)
    path = unquote(parts.path).lower()
    if path in {"", "/"} and not parts.query:
        return "the site's home page"
    if path.endswith(_MEDIA_SUFFIXES):
        return "a file, not a page"
    if _PAGE_NUMBER.search(path):
        return "a numbered listing page"
    for segment in path.strip("/").split("/"):
        kind = _NON_ARTICLE_SEGMENTS.get(segment)
        if kind:
            return f"an address of a {kind}"
    return None


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _ns(el: Any) -> str:
    return etree.QName(el).namespace or "" if isinstance(el.tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c) == name]


def _text(el: Any, name: str) -> str:
    for c in el:
        if _local(c) == name:
            return " ".join("".join(c.itertext()).split())
    return ""


def parse_date(raw: str) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


_ALTERNATE = re.compile(
    rb"""<link[^>]+type=["']application/(?:rss|atom)\+xml["'][^>]*>""", re.IGNORECASE
)
_HREF = re.compile(rb"""href=["']([^"']{1,500})["']""", re.IGNORECASE)


def _html_problem(data: bytes) -> FeedProblem:
    message = "the address serves an HTML page, not a feed or sitemap"
    link = _ALTERNATE.search(data[:200_000])
    href = _HREF.search(link.group(0)) if link else None
    if href:
        message += f"; the page names a feed at {href.group(1).decode('utf-8', 'replace')}"
    return FeedProblem(message)


def parse_xml(data: bytes) -> Any:
    if not data.strip():
        raise FeedProblem("the response is empty")
    if _looks_like_html(data):
        raise _html_problem(data)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedProblem(f"malformed XML: {exc}") from exc
    if root is None:
        raise FeedProblem("the response holds no XML element")
    return root


def parse_feed(data: bytes, *, url: str, max_items: int) -> ParsedFeed:
    """The article addresses in a feed or sitemap (at most `max_items`, newest first kept)."""
    root = parse_xml(data)
    name = _local(root).lower()
    if name == "rss":
        feed = _rss(root, url)
    elif name == "feed" and _ns(root) in {ATOM, ""}:
        feed = _atom(root, url)
    elif name == "rdf":
        feed = _rdf(root, url)
    elif name == "urlset":
        feed = _urlset(root, url)
    elif name == "sitemapindex":
        feed = _sitemapindex(root, url)
    elif name == "html":
        raise _html_problem(data)
    else:
        raise FeedProblem(f"not a feed or sitemap: the document's root element is <{name}>")
    _dedupe(feed)
    _cap(feed, max_items)
    return feed


def _link(raw: str, base: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    link = urljoin(base, raw)
    return link if urlsplit(link).scheme in {"http", "https"} else ""


def _add(feed: ParsedFeed, position: int, entry: FeedEntry, raw_link: str) -> None:
    feed.listed += 1
    label = f"item {position}" + (f" ({entry.title[:60]})" if entry.title else "")
    if not entry.url:
        reason = "no link" if not raw_link else f"unusable link {raw_link[:100]!r}"
        feed.skipped.append((label, reason))
        return
    feed.entries.append(entry)


def _rss(root: Any, base: str) -> ParsedFeed:
    feed = ParsedFeed(kind="rss")
    channel = next(iter(_children(root, "channel")), root)
    for i, item in enumerate(_children(channel, "item"), 1):
        raw = _text(item, "link")
        guid_el = next(iter(_children(item, "guid")), None)
        guid = " ".join((guid_el.text or "").split()) if guid_el is not None else ""
        if not raw and guid_el is not None and guid_el.get("isPermaLink", "true") != "false":
            raw = guid
        dated = _text(item, "pubDate") or _text(item, "date") or _text(item, "updated")
        entry = FeedEntry(
            url=_link(raw, base),
            guid=guid,
            title=_text(item, "title"),
            published=parse_date(dated),
            updated=_text(item, "updated") or dated,
        )
        _add(feed, i, entry, raw)
    return feed


def _atom(root: Any, base: str) -> ParsedFeed:
    feed = ParsedFeed(kind="atom")
    for i, item in enumerate(_children(root, "entry"), 1):
        raw = ""
        for link in _children(item, "link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                raw = link.get("href")
                break
        published = _text(item, "published") or _text(item, "issued")
        updated = _text(item, "updated") or published
        entry = FeedEntry(
            url=_link(raw, base),
            guid=_text(item, "id"),
            title=_text(item, "title"),
            published=parse_date(published or updated),
            updated=updated,
        )
        _add(feed, i, entry, raw)
    return feed


def _rdf(root: Any, base: str) -> ParsedFeed:
    feed = ParsedFeed(kind="rdf")
    for i, item in enumerate(_children(root, "item"), 1):
        raw = _text(item, "link") or item.get(f"{{{RDF}}}about", "")
        dated = _text(item, "date")
        entry = FeedEntry(
            url=_link(raw, base),
            guid=item.get(f"{{{RDF}}}about", ""),
            title=_text(item, "title"),
            published=parse_date(dated),
            updated=dated,
        )
        _add(feed, i, entry, raw)
    return feed


def _urlset(root: Any, base: str) -> ParsedFeed:
    feed = ParsedFeed(kind="sitemap")
    for i, item in enumerate(_children(root, "url"), 1):
        raw = _text(item, "loc")
        news = next(iter(_children(item, "news")), None)
        title, published = "", ""
        if news is not None:
            feed.kind = "news_sitemap"
            title = _text(news, "title")
            published = _text(news, "publication_date")
        lastmod = _text(item, "lastmod")
        entry = FeedEntry(
            url=_link(raw, base),
            title=title,
            published=parse_date(published or lastmod),
            updated=lastmod or published,
        )
        _add(feed, i, entry, raw)
    return feed


def _sitemapindex(root: Any, base: str) -> ParsedFeed:
    feed = ParsedFeed(kind="sitemap_index")
    children: list[tuple[datetime | None, int, str]] = []
    for i, item in enumerate(_children(root, "sitemap"), 1):
        link = _link(_text(item, "loc"), base)
        if not link:
            feed.skipped.append((f"sitemap {i}", "no usable <loc>"))
            continue
        children.append((parse_date(_text(item, "lastmod")), i, link))
    oldest = datetime.min.replace(tzinfo=UTC)
    children.sort(key=lambda c: (c[0] or oldest, -c[1]), reverse=True)
    feed.sitemaps = [link for _, _, link in children]
    return feed


def _dedupe(feed: ParsedFeed) -> None:
    seen_guids: dict[str, str] = {}
    seen_urls: set[str] = set()
    kept: list[FeedEntry] = []
    for entry in feed.entries:
        if entry.guid and entry.guid in seen_guids:
            feed.skipped.append((entry.url, f"duplicate GUID {entry.guid[:100]!r}"))
            continue
        if entry.url in seen_urls:
            feed.skipped.append((entry.url, "the same link is listed twice"))
            continue
        if entry.guid:
            seen_guids[entry.guid] = entry.url
        seen_urls.add(entry.url)
        kept.append(entry)
    feed.entries = kept


def _cap(feed: ParsedFeed, max_items: int) -> None:
    if len(feed.entries) <= max_items:
        return
    oldest = datetime.min.replace(tzinfo=UTC)
    order = sorted(
        range(len(feed.entries)),
        key=lambda i: (feed.entries[i].published or oldest, -i),
        reverse=True,
    )
    keep = sorted(order[:max_items])
    dropped = len(feed.entries) - max_items
    feed.entries = [feed.entries[i] for i in keep]
    feed.notes.append(
        f"the feed lists {feed.listed:,} items; the {max_items:,} newest are read per poll and "
        f"{dropped:,} older ones were skipped"
    )
