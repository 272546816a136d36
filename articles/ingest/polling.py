"""Articles that arrive by themselves: poll a source, fetch its new pages, archive, extract and
import them through the upload pipeline; re-fetched pages whose text changed become versions.

One page's way in (a feed item or a pasted address):
fetch (`ingest.fetch`) → archive the bytes (`FetchedPage`) → `webpage.extract_article` with the
outlet's rules → a `Prepared` item → `pipeline._write_chunk`, the very code that writes uploads
(the same outlet's text again is a duplicate, another outlet's identical text is stored as a copy,
near duplicates are linked: both show under "also published by"; the search
vector and the near-duplicate sketch written with the row, an ImportBatch with its report) →
version 1 of the article (`ArticleVersion`, pointing at the archived page) → the attribution
proposal hook.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from articles.claims.annotations import article_replace_body
from articles.infrastructure import permissions
from articles.ingest import boilerplate
from articles.ingest.feeds import FeedEntry, FeedProblem, ParsedFeed, non_article_reason, parse_feed
from articles.ingest.fetch import Fetcher, FetchError, FetchResult, check_address, host_key
from articles.ingest.fingerprint import content_hash
from articles.ingest.pipeline import LOCK_NAMESPACE, NearDuplicates, OutletResolver, _write_chunk
from articles.ingest.prepare import ItemResult, Prepared, _index
from articles.ingest.webpage import ExtractedArticle, extract_article
from articles.ingest.webpage import OutletRules as Rules
from articles.models import (
    Article,
    ArticleSketch,
    ArticleVersion,
    FeedItem,
    FetchedPage,
    ImportBatch,
    ImportItem,
    Outlet,
    Source,
)

logger = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 200  # less extracted text than this: a gallery, tag or index page
MAX_CHILD_SITEMAPS = 5  # newest children of a sitemap index read per poll
MAX_ATTEMPTS = 3  # a page that failed with a transient error is tried again this many times
TEST_PAGES = 5  # pages the admin's "test" fetches
POLL_LOCK = 4_016  # advisory lock: one poll run at a time


@dataclass
class PageOutcome:
    url: str
    status: str  # imported, duplicate, updated, unchanged, skipped, failed, would_import
    reason: str = ""
    article_id: int | None = None
    title: str = ""
    published_at: datetime | None = None
    author: str = ""
    characters: int = 0
    copy_of: int | None = None  # imported as a word-for-word copy of another outlet's article


@dataclass
class PollReport:
    source: int | None
    url: str
    status: str = "ok"  # ok, not_modified, failed
    error: str = ""
    kind: str = ""
    listed: int = 0
    new: int = 0
    notes: list[str] = field(default_factory=list)
    skipped_items: list[tuple[str, str]] = field(default_factory=list)
    pages: list[PageOutcome] = field(default_factory=list)
    batch: int | None = None

    def count(self, status: str) -> int:
        return sum(1 for p in self.pages if p.status == status)

    def summary(self) -> dict[str, Any]:
        """What the source keeps of its last poll (shown in the admin)."""
        return {
            "status": self.status,
            "error": self.error,
            "kind": self.kind,
            "listed": self.listed,
            "new": self.new,
            "imported": self.count("imported"),
            "copies": sum(1 for p in self.pages if p.copy_of),
            "duplicates": self.count("duplicate"),
            "updated": self.count("updated"),
            "skipped": self.count("skipped") + len(self.skipped_items),
            "failed": self.count("failed"),
            "notes": self.notes[:20],
            "skipped_items": [list(s) for s in self.skipped_items[:50]],
            "problems": [
                {"url": p.url, "status": p.status, "reason": p.reason}
                for p in self.pages
                if p.status in {"skipped", "failed", "duplicate"}
            ][:100],
            "batch": self.batch,
        }


# --- rules, archive, extraction ---------------------------------------------------------------


def outlet_rules(outlet: Outlet) -> Rules:
    """The extractor's rules for `outlet`: its selectors, and its time zone for printed dates."""
    row = getattr(outlet, "rules", None) if _rules_loaded(outlet) else None
    if row is None:
        from articles.models import OutletRules

        row = OutletRules.objects.filter(outlet=outlet).first()
    if row is None:
        return Rules(timezone=outlet.timezone)
    return Rules(
        body_selector=row.body_selector,
        title_selector=row.title_selector,
        date_selector=row.date_selector,
        author_selector=row.author_selector,
        drop_selectors=row.drop_list,
        timezone=row.timezone or outlet.timezone,
    )


def _rules_loaded(outlet: Outlet) -> bool:
    try:
        outlet.rules  # noqa: B018  # a select_related() row, or DoesNotExist
    except Outlet.rules.RelatedObjectDoesNotExist:
        return False
    return True


def archive_page(result: FetchResult) -> FetchedPage:
    """The fetched bytes, stored once per distinct content (SHA-256 of the bytes as served,
    after any gzip/deflate transfer encoding is removed)."""
    digest = hashlib.sha256(result.content).hexdigest()
    page = FetchedPage.objects.filter(sha256=digest).first()
    if page is not None:
        return page
    try:
        with transaction.atomic():
            return FetchedPage.objects.create(
                sha256=digest,
                url=result.url[:2000],
                final_url=result.final_url[:2000],
                status=result.status,
                headers=result.kept_headers(),
                size=len(result.content),
                content=zlib.compress(result.content, 6),
                fetched_at=result.fetched_at,
            )
    except IntegrityError:  # archived by a concurrent fetch meanwhile
        return FetchedPage.objects.get(sha256=digest)


def archive_pages(results: Sequence[FetchResult]) -> list[FetchedPage]:
    """`archive_page` for many fetches in three queries."""
    digests = [hashlib.sha256(r.content).hexdigest() for r in results]
    stored = {p.sha256: p for p in FetchedPage.objects.filter(sha256__in=digests).defer("content")}
    fresh: dict[str, FetchedPage] = {}
    for digest, result in zip(digests, results, strict=True):
        if digest in stored or digest in fresh:
            continue
        fresh[digest] = FetchedPage(
            sha256=digest,
            url=result.url[:2000],
            final_url=result.final_url[:2000],
            status=result.status,
            headers=result.kept_headers(),
            size=len(result.content),
            content=zlib.compress(result.content, 6),
            fetched_at=result.fetched_at,
        )
    if fresh:
        FetchedPage.objects.bulk_create(fresh.values(), ignore_conflicts=True)
        stored.update(
            (p.sha256, p)
            for p in FetchedPage.objects.filter(sha256__in=list(fresh)).defer("content")
        )
    return [stored[digest] for digest in digests]


@dataclass
class FetchedArticle:
    url: str
    result: FetchResult
    article: ExtractedArticle
    entry: FeedEntry | None = None


def fetch_article(
    url: str, *, fetcher: Fetcher, rules: Rules, entry: FeedEntry | None = None
) -> FetchedArticle | PageOutcome:
    """Fetch and extract one page; a PageOutcome (failed or skipped) says why not."""
    try:
        result = fetcher.fetch(url)
    except FetchError as exc:
        return PageOutcome(url, "failed", str(exc))
    content_type = result.content_type
    if content_type and not (
        "html" in content_type or content_type in {"text/plain", "application/octet-stream"}
    ):
        return PageOutcome(url, "skipped", f"not a web page ({content_type})")
    try:
        article = extract_article(
            result.content, url=result.final_url, rules=rules, fetched_at=result.fetched_at
        )
    except (AssertionError, ValueError) as exc:
        return PageOutcome(url, "failed", f"unreadable HTML: {exc}")
    fetched = FetchedArticle(url=url, result=result, article=article, entry=entry)
    characters = len(article.body.strip())
    if characters < MIN_ARTICLE_CHARS:
        return PageOutcome(
            url,
            "skipped",
            f"too little article text ({characters} characters): a gallery, tag or index "
            "page rather than an article",
            title=article.title,
            characters=characters,
        )
    return fetched


def _outcome(
    url: str, status: str, reason: str, article_id: int | None, p: Prepared
) -> PageOutcome:
    return PageOutcome(
        url,
        status,
        reason,
        article_id,
        title=p.title,
        published_at=p.published_at,
        author=p.author,
        characters=len(p.body),
    )


def _language(code: str) -> str:
    return code if code in {"ar", "en"} else Article.Language.OTHER


def prepared_from(fetched: FetchedArticle, *, source: Source | None) -> Prepared:
    a, result, entry = fetched.article, fetched.result, fetched.entry
    title = " ".join((a.title or (entry.title if entry else "")).split())
    body = a.body.replace("\r\n", "\n")
    published, date_source = a.published_at, ""
    if published is not None:
        date_source = (
            f"page {a.date_source}: {a.date_text}" if a.date_text else f"page {a.date_source}"
        )
    elif entry is not None and entry.published is not None:
        published, date_source = entry.published, "feed: the item's date"
    provenance: dict[str, Any] = {
        "fetched": fetched.url,
        "final_url": result.final_url,
        "fetched_at": result.fetched_at.isoformat(),
        "extraction": a.provenance(),
        "format": "html",
    }
    if a.canonical_url:
        provenance["canonical_url"] = a.canonical_url
    if source is not None:
        provenance["source"] = source.pk
    if a.author:
        provenance["author"] = a.author_source or "page"
    host = (urlsplit(result.final_url).hostname or "").removeprefix("www.").lower()
    return Prepared(
        entry=fetched.url[:2000],
        title=title,
        body=body,
        url=result.final_url[:2000],
        author=" ".join((a.author or "").split())[:300],
        published_at=published,
        date_source=date_source[:300],
        date_is_naive=False,
        source="",
        outlet_name="",
        domain=host,
        signature_outlet=None,
        language=_language(a.language),
        content_hash=content_hash(title, body),
        provenance=provenance,
        boilerplate_spans=boilerplate.find_spans(body, title=title, date_text=a.date_text),
    )


# --- importing --------------------------------------------------------------------------------


def request_attribution_proposals(article_ids: Sequence[int]) -> None:
    """Hook: ask for attribution proposals of newly arrived articles, where that feature exists.

    The proposals work lives on another branch; when `articles.tasks` has a
    `refresh_article_proposals` task, each new article is queued for it. Nothing happens
    otherwise."""
    if not article_ids:
        return
    from articles import tasks

    refresh = getattr(tasks, "refresh_article_proposals", None)
    if refresh is None:
        return
    for pk in article_ids:
        transaction.on_commit(partial(refresh.enqueue, pk))


def import_fetched(
    pages: Sequence[FetchedArticle],
    *,
    outlet: Outlet,
    source: Source | None = None,
    user: User | None = None,
) -> tuple[list[PageOutcome], ImportBatch | None]:
    """Write fetched articles through the upload pipeline (one ImportBatch for the lot)."""
    if not pages:
        return [], None
    prepared = [prepared_from(p, source=source) for p in pages]
    _index(prepared)
    label = source.url if source is not None else pages[0].url
    now = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user,
            outlet=outlet,
            source_files=[label[:2000]],
            status=ImportBatch.Status.RUNNING,
            total=1,
            started_at=now,
        )
        # Held from the moment the row can be seen: the recovery that runs when the other
        # worker restarts takes a running batch without it for an interrupted one.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, batch.pk])
    try:
        item = ImportItem.objects.create(batch=batch, name=label[:2000])
        result = ItemResult(name=label, encoding="", format="html")
        placements = _write_chunk(
            batch,
            item,
            result,
            prepared,
            OutletResolver(outlet),
            NearDuplicates(),
            finished=True,
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE, finished_at=timezone.now()
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, batch.pk])
    created: set[int] = set()
    outcomes: list[PageOutcome] = []
    versions: list[ArticleVersion] = []
    archived = archive_pages([fetched.result for fetched in pages])
    remembered: list[tuple[str, Source | None, PageOutcome, FeedEntry | None]] = []
    for fetched, p, page, placed in zip(pages, prepared, archived, placements, strict=True):
        article_id = placed.article
        if placed.kind != "duplicate":
            created.add(article_id)
            versions.append(
                ArticleVersion(
                    article_id=article_id,
                    number=1,
                    title=p.title,
                    body=p.body,
                    content_hash=p.content_hash,
                    fetched_page=page,
                )
            )
            reason = f"stored as a copy of article {placed.of}" if placed.kind == "copy" else ""
            outcome = _outcome(fetched.url, "imported", reason, article_id, p)
            outcome.copy_of = placed.of if placed.kind == "copy" else None
        else:
            same = "address" if placed.why == "address" else "outlet"
            outcome = _outcome(
                fetched.url,
                "duplicate",
                f"same {same} and text as article {article_id}",
                article_id,
                p,
            )
        outcomes.append(outcome)
        remembered.append((fetched.url, source, outcome, fetched.entry))
    _remember_many(remembered)
    ArticleVersion.objects.bulk_create(versions)
    request_attribution_proposals(sorted(created))
    batch.refresh_from_db()
    return outcomes, batch


def _remember_many(
    rows: Sequence[tuple[str, Source | None, PageOutcome, FeedEntry | None]],
) -> None:
    """`_remember` for many addresses: the new ones in one INSERT."""
    known = set(
        FeedItem.objects.filter(url__in=[url[:2000] for url, *_ in rows]).values_list(
            "url", flat=True
        )
    )
    fresh: dict[str, FeedItem] = {}
    for url, source, outcome, entry in rows:
        if url[:2000] in known:
            _remember(url, source, outcome, entry)
        else:
            fresh[url[:2000]] = FeedItem(url=url[:2000], **_item_fields(source, outcome, entry))
    # A concurrent poll of another source listing the same address keeps its own row.
    FeedItem.objects.bulk_create(fresh.values(), ignore_conflicts=True)


def _item_fields(
    source: Source | None, outcome: PageOutcome, entry: FeedEntry | None
) -> dict[str, Any]:
    status = {
        "imported": FeedItem.Status.IMPORTED,
        "duplicate": FeedItem.Status.DUPLICATE,
        "updated": FeedItem.Status.IMPORTED,
        "unchanged": FeedItem.Status.IMPORTED,
        "skipped": FeedItem.Status.SKIPPED,
    }.get(outcome.status, FeedItem.Status.FAILED)
    defaults: dict[str, Any] = {
        "status": status,
        "reason": outcome.reason[:2000],
        "fetched_at": timezone.now(),
    }
    if outcome.article_id:
        defaults["article_id"] = outcome.article_id
    if source is not None:
        defaults["source"] = source
    if entry is not None:
        defaults["guid"] = entry.guid[:2000]
        defaults["listed_updated"] = entry.updated[:100]
    return defaults


def _remember(
    url: str, source: Source | None, outcome: PageOutcome, entry: FeedEntry | None
) -> None:
    defaults = _item_fields(source, outcome, entry)
    item, created = FeedItem.objects.get_or_create(url=url[:2000], defaults=defaults)
    if not created:
        for key, value in defaults.items():
            setattr(item, key, value)
        item.attempts = F("attempts") + 1
        item.save()


# --- versions ---------------------------------------------------------------------------------


@transaction.atomic
def record_version(
    *, article: Article, fetched: FetchedArticle, user: User | None = None
) -> PageOutcome:
    """The page's text differs from the article's: keep the old one as a version, put the new
    one in place, re-anchor annotations by quote (those not found become orphans, listed as
    such), re-index and re-sketch."""
    p = prepared_from(fetched, source=None)
    if p.content_hash == article.content_hash:
        return _outcome(fetched.url, "unchanged", "the text has not changed", article.pk, p)
    clash = Article.objects.filter(content_hash=p.content_hash).exclude(pk=article.pk).first()
    if clash is not None:
        return _outcome(
            fetched.url,
            "duplicate",
            f"the page's new text is the same as article {clash.pk}; the stored text is kept",
            article.pk,
            p,
        )
    article = Article.objects.select_for_update().get(pk=article.pk)
    _index([p])
    page = archive_page(fetched.result)
    numbers = list(article.versions.order_by("number").values_list("number", flat=True))
    if not numbers:
        ArticleVersion.objects.create(
            article=article,
            number=1,
            title=article.title,
            body=article.body,
            content_hash=article.content_hash,
        )
        numbers = [1]
    report = article_replace_body(article=article, body=p.body, title=p.title, user=user)
    article.title = p.title
    article.content_hash = p.content_hash
    article.boilerplate_spans = p.boilerplate_spans
    article.provenance = {**article.provenance, "last_version": numbers[-1] + 1}
    article.save(
        update_fields=["title", "content_hash", "boilerplate_spans", "provenance", "updated_at"]
    )
    if p.sketch is not None:
        ArticleSketch.objects.update_or_create(
            article=article, defaults={"signature": p.sketch.signature, "bands": p.sketch.bands}
        )
    ArticleVersion.objects.create(
        article=article,
        number=numbers[-1] + 1,
        title=p.title,
        body=p.body,
        content_hash=p.content_hash,
        fetched_page=page,
        reanchor=asdict(report),
    )
    reason = (
        f"version {numbers[-1] + 1}: {len(report.kept)} annotations kept, {len(report.moved)} "
        f"moved, {len(report.orphaned)} orphaned"
    )
    return _outcome(fetched.url, "updated", reason, article.pk, p)


def refetch_article(
    article: Article,
    *,
    fetcher: Fetcher,
    url: str = "",
    user: User | None = None,
    entry: FeedEntry | None = None,
) -> PageOutcome:
    """Fetch an article's page again; a changed text becomes a new version."""
    address = url or article.url
    got = fetch_article(address, fetcher=fetcher, rules=outlet_rules(article.outlet), entry=entry)
    if isinstance(got, PageOutcome):
        got.article_id = article.pk
        if got.status == "skipped":
            got.status = "failed"
            got.reason = f"{got.reason}; the stored text is kept"
        return got
    return record_version(article=article, fetched=got, user=user)


# --- one address, pasted by a reviewer ----------------------------------------------------------


class AddressProblem(ValueError):
    """A pasted address that cannot be brought in (the message says why)."""


def outlet_for_url(url: str) -> Outlet | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    parts = host.split(".")
    candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)] or [host]
    for outlet in Outlet.objects.filter(domains__overlap=candidates):
        return outlet
    for source in Source.objects.select_related("outlet"):
        if host_key(source.url) == host_key(url):
            return source.outlet
    return None


def import_url(
    url: str,
    *,
    user: User | AnonymousUser,
    outlet: Outlet | None = None,
    fetcher: Fetcher | None = None,
) -> PageOutcome:
    """Bring one article in by its address (or re-fetch it, when it is already here)."""
    if not permissions.can_import_url(user):
        raise PermissionDenied
    acting = user if isinstance(user, User) else None
    url = url.strip()
    try:
        check_address(url)
    except FetchError as exc:
        raise AddressProblem(str(exc)) from exc
    fetcher = fetcher or Fetcher()
    known = Article.objects.filter(url=url).select_related("outlet").first()
    if known is None:
        item = FeedItem.objects.filter(url=url, article__isnull=False).select_related(
            "article__outlet"
        )
        known = item[0].article if item else None
    if known is not None:
        return refetch_article(known, fetcher=fetcher, url=url, user=acting)
    reason = non_article_reason(url)
    if reason:
        raise AddressProblem(f"this is not an article page: {reason}")
    outlet = outlet or outlet_for_url(url)
    if outlet is None:
        host = urlsplit(url).hostname or url
        raise AddressProblem(
            f"no outlet has the domain {host}: choose the outlet, or add the domain to an "
            "outlet in the admin"
        )
    got = fetch_article(url, fetcher=fetcher, rules=outlet_rules(outlet))
    if isinstance(got, PageOutcome):
        _remember(url, None, got, None)
        return got
    with transaction.atomic():
        outcomes, _batch = import_fetched([got], outlet=outlet, user=acting)
    return outcomes[0]


# --- polling ----------------------------------------------------------------------------------


def _next_poll(source: Source, now: datetime, failures: int) -> datetime:
    minutes = source.poll_interval
    if failures:
        minutes = min(source.poll_interval * 2**failures, settings.FEEDS_MAX_BACKOFF_MINUTES)
    return now + timedelta(minutes=max(1, minutes))


def _read_feed(
    source: Source, fetcher: Fetcher, report: PollReport, conditional: bool
) -> tuple[FetchResult, ParsedFeed] | FetchResult:
    result = fetcher.fetch(
        source.url,
        etag=source.etag if conditional else "",
        last_modified=source.last_modified if conditional else "",
    )
    if result.not_modified:
        return result
    cap = settings.FEEDS_MAX_ITEMS_PER_POLL
    feed = parse_feed(result.content, url=result.final_url, max_items=cap)
    report.kind = feed.kind
    if feed.kind == "sitemap_index":
        children = feed.sitemaps[:MAX_CHILD_SITEMAPS]
        if len(feed.sitemaps) > len(children):
            report.notes.append(
                f"the index lists {len(feed.sitemaps)} sitemaps; the {len(children)} newest are read"
            )
        for child in children:
            try:
                child_result = fetcher.fetch(child)
                part = parse_feed(child_result.content, url=child_result.final_url, max_items=cap)
            except (FetchError, FeedProblem) as exc:
                report.notes.append(f"sitemap {child}: {exc}")
                continue
            seen = {e.url for e in feed.entries}
            feed.entries.extend(e for e in part.entries if e.url not in seen)
            feed.skipped.extend(part.skipped)
            feed.notes.extend(part.notes)
            feed.listed += part.listed
        if len(feed.entries) > cap:
            feed.entries.sort(key=lambda e: e.published or timezone.now(), reverse=True)
            feed.notes.append(
                f"{len(feed.entries) - cap} older items skipped (at most {cap} per poll)"
            )
            feed.entries = feed.entries[:cap]
    if source.kind != Source.Kind.AUTO and feed.kind != source.kind:
        report.notes.append(f"declared as {source.kind}, found {feed.kind}")
    return result, feed


def poll_source(
    source: Source,
    *,
    fetcher: Fetcher,
    dry_run: bool = False,
    now: datetime | None = None,
) -> PollReport:
    """Poll one source; `dry_run` fetches a few new pages and reports without writing."""
    now = now or timezone.now()
    report = PollReport(source=source.pk, url=source.url)
    try:
        read = _read_feed(source, fetcher, report, conditional=not dry_run)
    except (FetchError, FeedProblem) as exc:
        report.status, report.error = "failed", str(exc)
        if not dry_run:
            _source_failed(source, report, now)
        return report
    if isinstance(read, FetchResult):
        report.status = "not_modified"
        _source_succeeded(source, report, now, read)
        return report
    result, feed = read
    report.listed = feed.listed
    report.notes.extend(feed.notes)
    report.skipped_items.extend(feed.skipped)
    rules = outlet_rules(source.outlet)
    todo, refetch = _triage(feed.entries, report)
    report.new = len(todo)
    if dry_run:
        for entry in todo[:TEST_PAGES]:
            got = fetch_article(entry.url, fetcher=fetcher, rules=rules, entry=entry)
            if isinstance(got, PageOutcome):
                report.pages.append(got)
            else:
                p = prepared_from(got, source=source)
                report.pages.append(
                    PageOutcome(
                        entry.url,
                        "would_import",
                        title=p.title,
                        published_at=p.published_at,
                        author=p.author,
                        characters=len(p.body),
                    )
                )
        if len(todo) > TEST_PAGES:
            report.notes.append(f"{len(todo) - TEST_PAGES} more new items were not fetched")
        return report
    fetched: list[FetchedArticle] = []
    for entry in todo:
        got = fetch_article(entry.url, fetcher=fetcher, rules=rules, entry=entry)
        if isinstance(got, PageOutcome):
            report.pages.append(got)
            _remember(entry.url, source, got, entry)
        else:
            fetched.append(got)
    for start in range(0, len(fetched), 250):
        with transaction.atomic():
            outcomes, batch = import_fetched(
                fetched[start : start + 250], outlet=source.outlet, source=source
            )
        report.pages.extend(outcomes)
        report.batch = batch.pk if batch else report.batch
    for entry, item in refetch:
        assert item.article is not None
        outcome = refetch_article(item.article, fetcher=fetcher, url=entry.url, entry=entry)
        report.pages.append(outcome)
        _remember(entry.url, source, outcome, entry)
    _source_succeeded(source, report, now, result)
    return report


def _triage(
    entries: Iterable[FeedEntry], report: PollReport
) -> tuple[list[FeedEntry], list[tuple[FeedEntry, FeedItem]]]:
    """New addresses to fetch, and known articles whose listed date moved (to re-fetch)."""
    entries = list(entries)
    known = {
        item.url: item
        for item in FeedItem.objects.filter(url__in=[e.url for e in entries]).select_related(
            "article__outlet"
        )
    }
    known_articles = set(
        Article.objects.filter(url__in=[e.url for e in entries if e.url not in known]).values_list(
            "url", flat=True
        )
    )
    todo: list[FeedEntry] = []
    refetch: list[tuple[FeedEntry, FeedItem]] = []
    for entry in entries:
        item = known.get(entry.url)
        if item is None:
            if entry.url in known_articles:
                continue
            reason = non_article_reason(entry.url)
            if reason:
                report.skipped_items.append((entry.url, f"not an article: {reason}"))
                continue
            todo.append(entry)
        elif item.status == FeedItem.Status.FAILED and item.attempts < MAX_ATTEMPTS:
            todo.append(entry)
        elif (
            item.article is not None
            and entry.updated
            and item.listed_updated
            and entry.updated[:100] != item.listed_updated
        ):
            refetch.append((entry, item))
    return todo, refetch


def _source_succeeded(
    source: Source, report: PollReport, now: datetime, result: FetchResult
) -> None:
    created = report.count("imported")
    Source.objects.filter(pk=source.pk).update(
        etag=(result.headers.get("etag") or (source.etag if result.not_modified else ""))[:500],
        last_modified=(
            result.headers.get("last-modified")
            or (source.last_modified if result.not_modified else "")
        )[:100],
        detected_kind=report.kind or source.detected_kind,
        last_polled_at=now,
        last_success_at=now,
        last_error="",
        consecutive_failures=0,
        next_poll_at=_next_poll(source, now, 0),
        items_seen=F("items_seen") + report.listed,
        articles_created=F("articles_created") + created,
        last_report=report.summary(),
    )


def _source_failed(source: Source, report: PollReport, now: datetime) -> None:
    failures = source.consecutive_failures + 1
    Source.objects.filter(pk=source.pk).update(
        last_polled_at=now,
        last_error=report.error[:5000],
        consecutive_failures=failures,
        next_poll_at=_next_poll(source, now, failures),
        last_report=report.summary(),
    )


def _poll_group(sources: Sequence[Source], fetcher: Fetcher, now: datetime) -> list[PollReport]:
    reports = []
    for source in sources:
        try:
            reports.append(poll_source(source, fetcher=fetcher, now=now))
        except Exception as exc:  # one broken source must not stop the others
            logger.exception("polling source %s failed", source.pk)
            report = PollReport(source=source.pk, url=source.url, status="failed")
            report.error = f"internal error: {type(exc).__name__}: {exc}"
            _source_failed(source, report, now)
            reports.append(report)
    return reports


def _in_thread(sources: Sequence[Source], fetcher: Fetcher, now: datetime) -> list[PollReport]:
    try:
        return _poll_group(sources, fetcher, now)
    finally:
        connections.close_all()


_shared: Fetcher | None = None


def shared_fetcher() -> Fetcher:
    """One fetcher per process: robots.txt answers and each host's last request time outlive a
    poll run (the worker polls every minute)."""
    global _shared
    if _shared is None:
        _shared = Fetcher()
    return _shared


def poll_due_sources(
    *,
    now: datetime | None = None,
    source_ids: Sequence[int] | None = None,
    threads: int | None = None,
    fetcher: Fetcher | None = None,
) -> list[PollReport] | None:
    """Poll every due source (or the given ones), one thread per host at a time.

    Returns None when another poll run holds the lock."""
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [POLL_LOCK])
        if not cursor.fetchone()[0]:
            return None
    try:
        rows = Source.objects.select_related("outlet")
        sources = list(
            rows.filter(pk__in=source_ids) if source_ids is not None else rows.due(now=now)
        )
        by_host: dict[str, list[Source]] = defaultdict(list)
        for source in sources:
            by_host[host_key(source.url)].append(source)
        fetcher = fetcher or shared_fetcher()
        threads = settings.FEEDS_POLL_THREADS if threads is None else threads
        if threads <= 1 or len(by_host) <= 1:
            return [r for group in by_host.values() for r in _poll_group(group, fetcher, now)]
        with ThreadPoolExecutor(threads) as pool:
            futures = [pool.submit(_in_thread, group, fetcher, now) for group in by_host.values()]
            return [r for f in futures for r in f.result()]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [POLL_LOCK])
