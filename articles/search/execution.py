"""Running a parsed query: filters, capped counts, relevance and newest-first pages, facets.

See ARCHITECTURE.md, "Search at a million articles", for how a page is proven without ranking
every hit (impact lists in `articles.search.impact`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
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
        return impact.top_ids(self.query.rank_terms, stop, self._rank_candidates, keep)

    def _every_hit(self, start: int, stop: int) -> list[Article]:
        if not self._unlisted:
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
