"""Running a parsed query: filters, capped counts, relevance and newest-first pages, facets.

See ARCHITECTURE.md, "Search at a million articles", for how a page is proven without ranking
every hit (impact lists in `articles.search.impact`).
"""

from __future__ import annotations

import base64
import binascii
import math
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, overload

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
)
from django.db.models.expressions import RawSQL

from articles.search import impact
from articles.search.query import ParsedQuery

if TYPE_CHECKING:
    from articles.models import Article, ArticleQuerySet


# --- Execution -----------------------------------------------------------------------------------


@dataclass
class Filters:
    outlet: str = ""
    date_from: date | None = None
    date_to: date | None = None
    claim: int | None = None
    claimant: int | None = None
    tag: str = ""
    annotated: bool | None = None
    # Leave out word-for-word copies of another outlet's article (`Article.copy_of`).
    hide_copies: bool = False

    @property
    def on_annotations(self) -> bool:
        """Whether the results depend on annotations (which change all the time)."""
        return bool(self.claim or self.claimant or self.tag) or self.annotated is not None


def _filtered(queryset: ArticleQuerySet, filters: Filters) -> ArticleQuerySet:
    from articles.models import Annotation

    if filters.date_from:
        queryset = queryset.filter(published_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(published_at__date__lte=filters.date_to)
    if filters.hide_copies:
        queryset = queryset.filter(copy_of__isnull=True)
    mentions = Annotation.objects.filter(article=OuterRef("pk"))
    if filters.claim:
        queryset = queryset.filter(Exists(mentions.filter(claim_id=filters.claim)))
    if filters.claimant:
        queryset = queryset.filter(Exists(mentions.filter(claimant_id=filters.claimant)))
    if filters.tag:
        queryset = queryset.filter(
            Exists(mentions.filter(Q(tags__slug=filters.tag) | Q(claim__tags__slug=filters.tag)))
        )
    if filters.annotated is not None:
        queryset = queryset.filter(Exists(mentions) if filters.annotated else ~Exists(mentions))
    return queryset


def matching(query: ParsedQuery, filters: Filters) -> ArticleQuerySet:
    """Articles matching the query and every filter but the outlet (see `outlet_counts`)."""
    from articles.models import Article

    hit = RawSQL("search_vector @@ %s::tsquery", [query.tsquery], output_field=BooleanField())
    return _filtered(Article.objects.alias(hit=hit).filter(hit=True), filters)


# A count stops here: past it the page says "more than" (counting every hit of a frequent word
# would visit every matching row); below it every hit is ranked or sorted. A phrase is checked
# against each hit's positions, which unpacks its vector: its count stops sooner.
COUNT_CAP = 1000
COUNT_CAP_PHRASE = 200
# Deepest result the impact lists serve; later pages rank every hit.
IMPACT_MAX_DEPTH = 1000
# Newest first, a query with more hits than the cap first looks among this many newest articles
# (testing each one unpacks its vector); when they hold too few hits, every hit is sorted.
NEWEST_WINDOW = 2000
# A search builds a missing impact list itself when that takes less than BUILD_SECONDS;
# otherwise the worker builds it and meanwhile the query ranks every hit if that takes less
# than RANK_ALL_SECONDS; past it, its first pages are the best of its newest hits (provisional).
# Together they keep the first search of any query under a second.
BUILD_SECONDS = 0.15
RANK_ALL_SECONDS = 0.2
PROVISIONAL_WINDOW = 1000
PROVISIONAL_HITS = 200
# Ranking impact-list candidates unpacks each vector: when the first ones do not prove the page
# and more than this many are left, those an AND query or a phrase matches are found from the
# GIN index first.
MATCH_FIRST_ABOVE = 300


def _rank(query: ParsedQuery) -> RawSQL:
    return RawSQL(
        "ts_rank(search_vector, %s::tsquery, 1)", [query.rank_tsquery], output_field=FloatField()
    )


_NEWEST = (F("published_at").desc(nulls_last=True), F("created_at").desc(), F("id").desc())


def search_articles(
    query: ParsedQuery,
    filters: Filters,
    sort: str = "relevance",
    *,
    date_index: bool = True,
) -> ArticleQuerySet:
    """The result list: outlet filter applied, sorted, vectors not loaded (the boilerplate spans
    are: snippets leave them out). By relevance, every hit is ranked (see `paginate` for the
    fast way to the first pages)."""
    queryset = (
        matching(query, filters).select_related("outlet").defer("search_vector", "provenance")
    )
    if filters.outlet:
        queryset = queryset.filter(outlet__slug=filters.outlet)
    if sort in ("newest", "oldest"):
        # An expression the date index cannot serve keeps a rare word's few hits from being
        # looked for by walking the whole index in date order (see `paginate`).
        when: Any = F("published_at")
        if not date_index:
            when = ExpressionWrapper(when + timedelta(0), output_field=DateTimeField())
        if sort == "newest":
            return queryset.order_by(when.desc(nulls_last=True), *_NEWEST[1:])
        return queryset.order_by(when.asc(nulls_last=True), "created_at", "id")
    # Normalization 1 divides by 1 + log(length), so long articles do not win by size alone.
    return queryset.annotate(rank=_rank(query)).order_by("-rank", *_NEWEST)


class _Hits:
    """Sorted hits of a query with more hits than its count, sliceable for Paginator."""

    def __init__(self, query: ParsedQuery, filters: Filters, sort: str, count: int) -> None:
        from articles.models import Article

        self.query, self.filters, self._count = query, filters, count
        # Everything, sorted the slow way: the fallback, and what the fast ways must equal.
        self.results = search_articles(query, filters, sort, date_index=False)
        self.model = Article

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Article]:
        return iter(self[0 : self._count])

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, min(index.stop or self._count, self._count)
        ids = self._holding(stop)
        if ids is None:
            return self._every_hit(start, stop)
        return list(self.results.filter(pk__in=ids)[start:stop])

    def _holding(self, stop: int) -> list[int] | None:
        """Ids that hold the first `stop` results, or None to sort every hit."""
        raise NotImplementedError

    def _every_hit(self, start: int, stop: int) -> list[Article]:
        return list(self.results[start:stop])


class RankedHits(_Hits):
    """By relevance: the first pages come from the impact lists (exactly what ranking every hit
    gives, see articles/impact.py); deeper pages, and queries the lists cannot prove, rank every
    hit.

    A term whose list is not built yet (the worker builds them after an import, see
    `search.upkeep`) is built by the reader who asks only if that takes less than
    `BUILD_SECONDS`; otherwise the build is queued for the worker, every hit is ranked if that
    takes less than `RANK_ALL_SECONDS`, and past that the page is the best of the most recent
    hits (`_best_recent`), marked `provisional` (the page says the ranking is still being
    prepared, and it is not cached)."""

    provisional = False

    def __init__(self, query: ParsedQuery, filters: Filters, count: int) -> None:
        super().__init__(query, filters, "relevance", count)
        self._unlisted: list[str] = []

    def _holding(self, stop: int) -> list[int] | None:
        if self.query.rank_prefixes or not self.query.rank_terms or stop > IMPACT_MAX_DEPTH:
            return None
        unlisted = impact.missing(self.query.rank_terms)
        if unlisted:
            try:
                with impact.time_limit(BUILD_SECONDS):
                    impact.build(unlisted)
            except impact.TimedOut:
                self._unlisted = unlisted
                return None
        keep = None if self.query.any_of else self._matching
        ids = impact.top_ids(self.query.rank_terms, stop, self._rank_candidates, keep)
        if ids is None:
            # The lists are too shallow to prove this page (an AND or a phrase whose words
            # rarely meet at the top of their lists): every hit is ranked this time, and the
            # worker deepens them, which lowers their floors, for the next search.
            _deepen(self.query.rank_terms)
        return ids

    def _every_hit(self, start: int, stop: int) -> list[Article]:
        if not self._unlisted:
            if stop > IMPACT_MAX_DEPTH:
                # Deep pages are slices of the order computed once for the whole walk.
                order = ranked_order(self.query, self.filters, stop)
                return load_in_order(order.ids[start:stop], order.ranks[start:stop])
            return super()._every_hit(start, stop)
        from articles.search.upkeep import queue_lists

        queue_lists(self._unlisted)
        # Ranking every hit of one word is what building its list costs: only the hits of
        # several words together (an AND, a phrase) may be few enough to rank in time.
        if "&" in self.query.tsquery or "<" in self.query.tsquery:
            try:
                with impact.time_limit(RANK_ALL_SECONDS):
                    return super()._every_hit(start, stop)
            except impact.TimedOut:
                pass
        self.provisional = True
        return list(self.results.filter(pk__in=self._best_recent(stop))[start:stop])

    def _best_recent(self, stop: int) -> list[int]:
        """The `stop` best hits among the newest `PROVISIONAL_WINDOW` articles when they hold that
        many (a frequent word), else the newest `max(stop, PROVISIONAL_HITS)` hits (then there
        are few enough to sort them all by date)."""
        recent = _filtered(self.model.objects.all(), self.filters)
        if self.filters.outlet:
            recent = recent.filter(outlet__slug=self.filters.outlet)
        window = list(recent.order_by(*_NEWEST).values_list("pk", flat=True)[:PROVISIONAL_WINDOW])
        ranked = sorted(self._rank_candidates(self._matching(window)), key=lambda hit: -hit[1])
        if len(ranked) >= stop:
            return [pk for pk, score in ranked if score >= ranked[stop - 1][1]]
        newest = search_articles(self.query, self.filters, "newest", date_index=False)
        return list(newest.values_list("pk", flat=True)[: max(stop, PROVISIONAL_HITS)])

    def _matching(self, ids: list[int]) -> list[int]:
        """The candidates an AND query or a phrase matches, from the GIN bitmap (no vector
        unpacked but for a phrase's positions); worth it for many candidates only."""
        if len(ids) <= MATCH_FIRST_ABOVE:
            return ids
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(
                "SELECT id FROM articles_article WHERE id = ANY(%s) AND search_vector @@ %s::tsquery",
                [ids, self.query.tsquery],
            )
            matched = [row[0] for row in cursor.fetchall()]
            cursor.execute("SET LOCAL enable_indexscan = on")
        return matched

    def _rank_candidates(self, ids: list[int]) -> list[tuple[int, float]]:
        """(id, rank) of the candidates that match; each vector is unpacked once."""
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT id, ts_rank(v, %s::tsquery, 1) FROM (
                       SELECT id, search_vector || ''::tsvector AS v
                       FROM articles_article WHERE id = ANY(%s) OFFSET 0
                   ) AS candidates WHERE v @@ %s::tsquery""",
                [self.query.rank_tsquery, ids, self.query.tsquery],
            )
            ranks: dict[int, float] = dict(cursor.fetchall())
        if ranks and self.filters != Filters():
            kept = _filtered(self.model.objects.filter(pk__in=list(ranks)), self.filters)
            if self.filters.outlet:
                kept = kept.filter(outlet__slug=self.filters.outlet)
            return [(pk, ranks[pk]) for pk in kept.values_list("pk", flat=True)]
        return list(ranks.items())


class NewestHits(_Hits):
    """Newest first: the hits among the newest articles, when there are enough of them."""

    def __init__(self, query: ParsedQuery, filters: Filters, count: int) -> None:
        super().__init__(query, filters, "newest", count)

    def _holding(self, stop: int) -> list[int] | None:
        recent = _filtered(self.model.objects.all(), self.filters)
        if self.filters.outlet:
            recent = recent.filter(outlet__slug=self.filters.outlet)
        window = list(recent.order_by(*_NEWEST).values_list("pk", flat=True)[:NEWEST_WINDOW])
        hits: list[int] = []
        # Growing windows: a frequent word fills the page from its first articles.
        lo, hi = 0, max(100, 5 * stop)
        while lo < len(window):
            hits += (
                matching(self.query, self.filters)
                .filter(pk__in=window[lo:hi])
                .values_list("pk", flat=True)
            )
            if len(hits) >= stop:
                return hits
            lo, hi = hi, hi * 4
        return None


class SearchPaginator(Paginator["Article"]):
    """A Paginator whose count may stop at a cap: `exact` says whether it did not."""

    exact = True


def capped_count(results: ArticleQuerySet, cap: int) -> int:
    return results.order_by()[: cap + 1].count()


@contextmanager
def search_plan() -> Iterator[None]:
    """Run search queries in a transaction where PostgreSQL never reads the whole table.

    A frequent word makes the planner prefer a sequential scan, which unpacks every article's
    vector to test it; the GIN bitmap answers the same without touching the vectors.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Room for the bitmap of a frequent word's hits to stay exact: a lossy one makes
        # PostgreSQL unpack and test every vector of the pages it lost.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def paginate(
    query: ParsedQuery,
    filters: Filters,
    sort: str,
    page_size: int,
    page: int = 1,
    *,
    exact_count: bool = False,
) -> SearchPaginator:
    """The paginated results. Hits are counted up to a cap (and past the asked page); with more,
    relevance and newest-first take their fast ways to the page. `exact_count` counts every hit
    (what an API client asks for with count=exact): slower for a frequent word."""
    cap = COUNT_CAP_PHRASE if "<->" in query.tsquery else COUNT_CAP
    cap = max(cap, page * page_size)
    results = search_articles(query, filters, sort, date_index=False)
    if exact_count:
        count = results.order_by().count()
        paginator = SearchPaginator(results, page_size)
        paginator.count = count
        paginator.exact = True
        return paginator
    if query.any_of and filters == Filters() and impact.listed_at_least(query.rank_terms, cap + 1):
        count = cap + 1  # the lists already hold more matching articles than the cap
    else:
        count = capped_count(results, cap)
    exact = count <= cap
    count = min(count, cap)
    object_list: Any = results
    if not exact and sort == "relevance":
        object_list = RankedHits(query, filters, count)
    elif not exact and sort == "newest":
        object_list = NewestHits(query, filters, count)
    paginator = SearchPaginator(object_list, page_size)
    paginator.count = count  # already counted: no second COUNT query
    paginator.exact = exact
    return paginator


def outlet_counts(
    query: ParsedQuery, filters: Filters, *, exact: bool = True
) -> list[dict[str, Any]]:
    """Hits per outlet (ignoring the outlet filter, so the reader can switch between them).
    When the total count stopped at its cap (`exact` false), counting per outlet would visit
    every hit: every outlet is listed, with `n` None."""
    from articles.models import Outlet

    if not exact:
        outlets = Outlet.objects.order_by("name_ar").values("slug", "name_ar", "name_en")
        return [
            {
                "outlet__slug": o["slug"],
                "outlet__name_ar": o["name_ar"],
                "outlet__name_en": o["name_en"],
                "n": None,
            }
            for o in outlets
        ]
    rows = (
        matching(query, filters)
        .values("outlet__slug", "outlet__name_ar", "outlet__name_en")
        .annotate(n=Count("id"))
        .order_by("-n", "outlet__name_ar")
    )
    return [dict(row) for row in rows]


def every_hit(query: ParsedQuery, filters: Filters, sort: str) -> Iterator[Article]:
    """Every hit in the asked order, read through a server-side cursor in chunks, so that an
    export of 100,000 hits holds one chunk in memory at a time."""
    return search_articles(query, filters, sort, date_index=False).iterator(chunk_size=500)


# --- Walking every hit: keyset cursors and the order of a walk -----------------------------------

# How long the order of a query's hits is kept for a reader following `next` (or a deep page
# link): the corpus generation is in its key, so it is never served after an article changed.
ORDER_SECONDS = 600
# A walk newest (or oldest) first reads the articles after the cursor in date order in windows
# of this many times the page, and tests them against the GIN index; when this many windows
# hold too few hits (a rarer word), the hits after the cursor are sorted instead.
DATE_WINDOW_FACTOR = 4
DATE_WINDOWS = 3
# A walk's order is computed this many times deeper than the page asks: as the walk goes
# deeper, it is computed again at most a few times.
WALK_AHEAD = 2


def _micros(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _moment(micros: int | None) -> datetime | None:
    if micros is None:
        return None
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)


@dataclass(frozen=True)
class Cursor:
    """Where a walk through the hits stopped: the last hit's sort key (its rank by relevance,
    then its date, creation time and id, the order's own tie-breaks). The next page is the hits
    after it in the same order, however many articles were added or removed meanwhile."""

    id: int
    published: int | None  # microseconds since 1970 (UTC); None sorts last
    created: int
    rank: float | None = None

    @classmethod
    def after(cls, article: Article) -> Cursor:
        rank = getattr(article, "rank", None)
        return cls(
            id=article.pk,
            published=_micros(article.published_at),
            created=_micros(article.created_at) or 0,
            rank=None if rank is None else float(rank),
        )

    def token(self) -> str:
        parts = [
            "" if self.rank is None else repr(self.rank),
            "" if self.published is None else str(self.published),
            str(self.created),
            str(self.id),
        ]
        return base64.urlsafe_b64encode("~".join(parts).encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> Cursor:
        """The cursor of a `next` link; ValueError for anything else."""
        if not token or len(token) > 120:
            raise ValueError(token)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ValueError(token) from exc
        parts = raw.split("~")
        if len(parts) != 4:
            raise ValueError(token)
        rank_s, published_s, created_s, id_s = parts
        rank = float(rank_s) if rank_s else None
        if rank is not None and not math.isfinite(rank):
            raise ValueError(token)
        cursor = cls(
            id=int(id_s),
            published=int(published_s) if published_s else None,
            created=int(created_s),
            rank=rank,
        )
        limit = 2**62
        if not (0 < cursor.id < limit and abs(cursor.created) < limit):
            raise ValueError(token)
        if cursor.published is not None and abs(cursor.published) < limit:
            return cursor
        if cursor.published is None:
            return cursor
        raise ValueError(token)


_LAST = 2**62  # a missing date sorts after every date, in both directions


def _key(
    sort: str, rank: float | None, published: int | None, created: int, pk: int
) -> tuple[float, int, int, int, int]:
    """An ascending key of the order `sort` (relevance, newest or oldest)."""
    if sort == "oldest":
        return (0.0, _LAST if published is None else published, created, pk, 0)
    when = _LAST if published is None else -published
    if sort == "newest":
        return (0.0, when, -created, -pk, 0)
    return (-(rank or 0.0), when, -created, -pk, 0)


@dataclass
class Order:
    """The first hits of a query by relevance, in order: ids with their ranks, dates and
    creation times (arrays: cached as bytes). `complete` when they are all the hits."""

    ids: array[int]
    ranks: array[float]
    published: array[int]  # _LAST for none
    created: array[int]
    complete: bool

    def __len__(self) -> int:
        return len(self.ids)

    def key(self, i: int) -> tuple[float, int, int, int, int]:
        published = self.published[i]
        return _key(
            "relevance",
            self.ranks[i],
            None if published == _LAST else published,
            self.created[i],
            self.ids[i],
        )

    def position_after(self, cursor: Cursor) -> int:
        """Index of the first hit after `cursor` (ranks are kept exactly as PostgreSQL gave
        them, so the cursor's own hit sorts equal to itself)."""
        target = _key("relevance", cursor.rank, cursor.published, cursor.created, cursor.id)
        return bisect_right(range(len(self.ids)), target, key=self.key)

    @classmethod
    def of(
        cls, rows: Sequence[tuple[int, float, datetime | None, datetime]], complete: bool
    ) -> Order:
        ordered = sorted(
            rows, key=lambda r: _key("relevance", r[1], _micros(r[2]), _micros(r[3]) or 0, r[0])
        )
        published = [_micros(r[2]) for r in ordered]
        return cls(
            ids=array("q", [r[0] for r in ordered]),
            ranks=array("d", [r[1] for r in ordered]),
            published=array("q", [_LAST if p is None else p for p in published]),
            created=array("q", [_micros(r[3]) or 0 for r in ordered]),
            complete=complete,
        )


def _order_key(query: ParsedQuery, filters: Filters) -> str:
    from articles.infrastructure.freshness import fresh_key

    return fresh_key("corpus", "search-order", query.tsquery, query.rank_tsquery, repr(filters))


def ranked_order(query: ParsedQuery, filters: Filters, needed: int) -> Order:
    """The hits by relevance, at least the first `needed` of them (or all), computed once per
    query, filters and corpus generation and kept `ORDER_SECONDS` (results that depend on
    annotations are computed each time): what a reader following `next`, or a deep page link,
    reads slices of. When it must be computed, it is computed `WALK_AHEAD` times deeper than
    asked, so a walk computes it again only a few times.

    The impact lists give it when they reach deep enough (their candidates ranked once, see
    `impact.proven_order`; a one-word query's list holds its exact ranks, nothing to rank);
    otherwise every hit is ranked, once for the whole walk, and the worker is asked for deeper
    lists of the query's terms, so the next walk is proven by them."""
    from django.core.cache import cache

    key = None if filters.on_annotations else _order_key(query, filters)
    order: Order | None = cache.get(key) if key else None
    if order is not None and (order.complete or len(order) >= needed):
        return order
    order = None
    ranker = RankedHits(query, filters, 0)
    terms = query.rank_terms
    if terms and not query.rank_prefixes:
        keep = None if query.any_of else ranker._matching
        rank = ranker._rank_candidates
        if len(terms) == 1 and query.any_of and filters == Filters():
            rank = partial(impact.listed_ranks, terms[0])
        proven, every = impact.proven_order(terms, WALK_AHEAD * needed, rank, keep)
        if every or len(proven) >= max(needed, 1):
            order = Order.of(_with_dates(proven), complete=every)
        else:
            _deepen(terms)
    if order is None:
        all_hits = search_articles(query, filters, "relevance", date_index=False)
        rows = all_hits.values_list("pk", "rank", "published_at", "created_at")  # type: ignore[misc]
        order = Order.of(list(rows), complete=True)
    if key:
        cache.set(key, order, ORDER_SECONDS)
    return order


def _with_dates(
    ranked: list[tuple[int, float]],
) -> list[tuple[int, float, datetime | None, datetime]]:
    from articles.models import Article

    dates = {
        pk: (published, created)
        for pk, published, created in Article.objects.filter(
            pk__in=[pk for pk, _ in ranked]
        ).values_list("pk", "published_at", "created_at")
    }
    return [(pk, rank, *dates[pk]) for pk, rank in ranked if pk in dates]


def _deepen(terms: Sequence[str]) -> None:
    """Ask the worker for lists of `terms` `impact.MAX_DEPTH` deep (those that are shallower),
    once an hour per term: a reader walked past them."""
    from articles.search.upkeep import queue_deeper_lists

    depths = impact.list_depths(terms)
    depth = max(impact.MAX_DEPTH, impact.DEPTH)
    shallow = [t for t in terms if t in depths and depths[t] < depth]
    if shallow:
        queue_deeper_lists(shallow, depth)


def load_in_order(ids: Sequence[int], ranks: Sequence[float] | None = None) -> list[Article]:
    """The articles of `ids` in that order, as the result list loads them (no vector), each
    with its `rank` when given."""
    from articles.models import Article

    found = (
        Article.objects.filter(pk__in=list(ids))
        .select_related("outlet")
        .defer("search_vector", "provenance")
        .in_bulk()
    )
    out = []
    for i, pk in enumerate(ids):
        article = found.get(pk)
        if article is None:
            continue
        if ranks is not None:
            article.rank = ranks[i]  # type: ignore[attr-defined]
        out.append(article)
    return out


def page_after(
    query: ParsedQuery, filters: Filters, sort: str, size: int, cursor: Cursor, hint: int = 0
) -> list[Article]:
    """Up to `size + 1` hits after `cursor` in the order `sort` (one more than a page: whether
    there is a next page); `hint`: how deep the page probably ends (its number times its
    size), so the order is computed deep enough at once."""
    if sort == "relevance":
        order = ranked_order(query, filters, max(hint, size) + 1)
        start = order.position_after(cursor)
        if not order.complete and start + size + 1 > len(order):
            order = ranked_order(query, filters, start + size + 1)
            start = order.position_after(cursor)
        stop = start + size + 1
        return load_in_order(order.ids[start:stop], order.ranks[start:stop])
    return _dated_after(query, filters, sort, size + 1, cursor)


def _after_date(sort: str, cursor: Cursor) -> Q:
    """Articles after `cursor` in date order (newest or oldest first; no date sorts last)."""
    when = _moment(cursor.published)
    created = _moment(cursor.created)
    later = "lt" if sort == "newest" else "gt"
    same_time = Q(**{f"created_at__{later}": created}) | Q(
        created_at=created, **{f"id__{later}": cursor.id}
    )
    if when is None:
        return Q(published_at__isnull=True) & same_time
    return (
        Q(**{f"published_at__{later}": when})
        | Q(published_at=when) & same_time
        | Q(published_at__isnull=True)
    )


def _date_windows(sort: str, cursor: Cursor, filters: Filters, size: int) -> Iterator[list[int]]:
    """The ids of the articles after `cursor` in date order, `size` at a time, each window one
    range of the date index (`article_newest`): dated articles first, then the undated ones."""
    from articles.models import Article

    base = _filtered(Article.objects.all(), filters)
    if filters.outlet:
        base = base.filter(outlet__slug=filters.outlet)
    op = "<" if sort == "newest" else ">"
    # The orders of `article_newest` (published_at DESC NULLS LAST, ...) read forwards or
    # backwards: the null placement must match for the index to serve them (the dated phase
    # has no null to place).
    if sort == "newest":
        order: tuple[Any, ...] = (
            F("published_at").desc(nulls_last=True),
            F("created_at").desc(),
            F("id").desc(),
        )
    else:
        order = (F("published_at").asc(nulls_first=True), F("created_at").asc(), F("id").asc())
    bound: tuple[Any, ...] | None = (
        None
        if cursor.published is None
        else (_moment(cursor.published), _moment(cursor.created), cursor.id)
    )
    if bound is not None:
        while True:
            after = RawSQL(
                '("articles_article"."published_at", "articles_article"."created_at",'
                f' "articles_article"."id") {op} (%s, %s, %s)',
                list(bound),
                output_field=BooleanField(),
            )
            rows = list(
                base.filter(published_at__isnull=False)
                .alias(after=after)
                .filter(after=True)
                .order_by(*order)
                .values_list("pk", "published_at", "created_at")[:size]
            )
            if rows:
                yield [r[0] for r in rows]
            if len(rows) < size:
                break
            bound = (rows[-1][1], rows[-1][2], rows[-1][0])
    undated = base.filter(published_at__isnull=True).order_by(*order[1:])
    last: tuple[Any, ...] | None = (
        (_moment(cursor.created), cursor.id) if cursor.published is None else None
    )
    while True:
        page = undated
        if last is not None:
            page = page.alias(
                after=RawSQL(
                    f'("articles_article"."created_at", "articles_article"."id") {op} (%s, %s)',
                    list(last),
                    output_field=BooleanField(),
                )
            ).filter(after=True)
        found = list(page.values_list("pk", "created_at")[:size])
        if found:
            yield [r[0] for r in found]
        if len(found) < size:
            return
        last = (found[-1][1], found[-1][0])


def _dated_after(
    query: ParsedQuery, filters: Filters, sort: str, limit: int, cursor: Cursor
) -> list[Article]:
    """The next `limit` hits in date order: the articles after the cursor are read in date
    order, a window at a time (a range of the date index), and their hits found by the GIN
    index, so a frequent word costs a few windows whatever the depth; a rarer word, whose hits
    are far apart in time, has its hits after the cursor sorted instead."""
    hits: list[int] = []
    windows = _date_windows(sort, cursor, filters, DATE_WINDOW_FACTOR * limit)
    for n, ids in enumerate(windows, start=1):
        found = set(matching(query, filters).filter(pk__in=ids).values_list("pk", flat=True))
        hits += [pk for pk in ids if pk in found]
        if len(hits) >= limit:
            return load_in_order(hits[:limit])
        if n == DATE_WINDOWS:
            # Too few hits in the windows read: sort the hits after the cursor.
            rest = search_articles(query, filters, sort, date_index=False)
            return list(rest.filter(_after_date(sort, cursor))[:limit])
    return load_in_order(hits)  # the windows reached the last article
