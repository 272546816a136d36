"""Full-text search over articles: index maintenance, the query language, execution and snippets.

Interface used by import and by article saves:
- `document_vector(title, body, skip_spans)`: the analysed title and body as ONE weighted
  tsvector literal, what `Article.search_vector` stores: terms with their positions, the title's
  weighted A, the body's weighted B and numbered after the title's (as `setweight(title, 'A') ||
  setweight(body, 'B')` would give). Pure, picklable, safe to run in worker processes; one
  literal is parsed by PostgreSQL in half the time two weighted and concatenated ones take.
- `update_search_vectors(rows)`: write vectors for `(article_id, literal)` rows and add their
  terms to the vocabulary used for "did you mean".
- `reindex_articles(ids)`: recompute vectors for stored articles.

Queries (one search box): words must all match; "exact phrase"; -excluded; a OR b; prefix*.
`parse_query` turns the box into a `ParsedQuery` (a tsquery plus what to highlight) or raises
`QueryError` with a message for the reader.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
from django.utils.translation import gettext as _

from articles import arabic, impact

if TYPE_CHECKING:
    from articles.models import Article, ArticleQuerySet

VOCABULARY_TABLE = "articles_search_vocabulary"
# PostgreSQL keeps positions up to 16383 and lexemes up to 2047 bytes.
MAX_POSITION = _MAX_POSITION = 16383
MAX_TERM_CHARS = _MAX_TERM_CHARS = 200


# --- Index ---------------------------------------------------------------------------------------


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _in_spans(start: int, spans: Sequence[Sequence[int]]) -> bool:
    return any(s <= start < e for s, e, *_ in spans)


quote_term = _quote  # a term as a tsvector/tsquery literal
in_spans = _in_spans  # whether a word starting at `start` lies in a boilerplate span


def _analyse_document(
    text: str, skip_spans: Sequence[Sequence[int]] = ()
) -> tuple[dict[str, list[int]], int, list[str]]:
    """Positions of each term (1-based, in reading order, before capping), the number of
    positions, and the words in order (one conflation key each)."""
    positions: dict[str, list[int]] = {}
    words: list[str] = []
    pos = 0
    for start, word_positions in arabic.analysed_positions(text):
        if skip_spans and _in_spans(start, skip_spans):
            continue
        for terms in word_positions:
            pos += 1
            words.append(min(terms))
            for term in terms:
                if len(term) <= _MAX_TERM_CHARS:
                    positions.setdefault(term, []).append(pos)
    return positions, pos, words


def _weighted_literal(
    title: dict[str, list[int]], title_length: int, body: dict[str, list[int]]
) -> str:
    """Title positions weighted A, body positions weighted B and numbered after the title's;
    positions above 16383 become 16383 and each term keeps its first 256, as PostgreSQL does."""
    weighted: dict[str, dict[int, str]] = {}
    for terms, offset, weight in ((title, 0, "A"), (body, title_length, "B")):
        for term, found in terms.items():
            slots = weighted.setdefault(term, {})
            for pos in found:
                slots.setdefault(min(pos + offset, _MAX_POSITION), weight)  # A wins a tie
    return " ".join(
        f"{_quote(term)}:{','.join(f'{p}{slots[p]}' for p in sorted(slots)[:256])}"
        for term, slots in weighted.items()
    )


def document_vector(title: str, body: str, skip_spans: Sequence[Sequence[int]] = ()) -> str:
    return document_index(title, body, skip_spans)[0]


def document_index(
    title: str, body: str, skip_spans: Sequence[Sequence[int]] = ()
) -> tuple[str, list[str]]:
    """`document_vector` plus the body's analysed words in reading order (for near-duplicate
    shingles), from one pass of the analyser."""
    title_terms, title_length, _ = _analyse_document(title)
    body_terms, _, words = _analyse_document(body, skip_spans)
    return _weighted_literal(title_terms, title_length, body_terms), words


def update_search_vectors(rows: Iterable[tuple[int, str]]) -> None:
    params = [(literal, pk) for pk, literal in rows]
    if not params:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE articles_article SET search_vector = %s::tsvector WHERE id = %s", params
        )
        # Counted per batch; a reindex (manage.py reindex) recounts exactly.
        cursor.execute(
            f"""
            INSERT INTO {VOCABULARY_TABLE} (word, ndoc)
            SELECT word, count(*) FROM (
                SELECT unnest(tsvector_to_array(search_vector)) AS word
                FROM articles_article WHERE id = ANY(%s)
            ) AS words GROUP BY word
            ON CONFLICT (word) DO UPDATE SET ndoc = {VOCABULARY_TABLE}.ndoc + EXCLUDED.ndoc
            """,
            [[pk for _literal, pk in params]],
        )


def reindex_articles(ids: Iterable[int]) -> None:
    from articles.models import Article

    rows = [
        (a.pk, document_vector(a.title, a.body, a.boilerplate_spans))
        for a in Article.objects.filter(pk__in=list(ids)).only("title", "body", "boilerplate_spans")
    ]
    update_search_vectors(rows)


def rebuild_vocabulary() -> None:
    """Recount the vocabulary from every stored vector (after a full reindex)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {VOCABULARY_TABLE}")
        cursor.execute(
            f"""INSERT INTO {VOCABULARY_TABLE} (word, ndoc)
            SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM articles_article
                                            WHERE search_vector IS NOT NULL')"""
        )


# --- Query language ------------------------------------------------------------------------------

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 20


class QueryError(ValueError):
    """A query the reader must change; the message says how."""


@dataclass
class ParsedQuery:
    tsquery: str
    highlight_terms: frozenset[str]
    highlight_prefixes: tuple[str, ...]
    words: list[str]  # the positive words as typed, for "did you mean"
    notices: list[str] = field(default_factory=list)
    # Every positive term (prefixed ones apart): relevance is their OR's ts_rank, the mean of
    # each term's own rank, so impact lists can serve it (see articles/impact.py).
    rank_terms: tuple[str, ...] = ()
    rank_prefixes: tuple[str, ...] = ()
    # The query is exactly `rank_terms` OR'ed: any article containing one of them matches.
    any_of: bool = False

    @property
    def rank_tsquery(self) -> str:
        parts = [_quote(t) for t in self.rank_terms] + [
            _quote(p) + ":*" for p in self.rank_prefixes
        ]
        return " | ".join(parts)

    def matches(self, terms: frozenset[str]) -> bool:
        if terms & self.highlight_terms:
            return True
        return any(t.startswith(p) for t in terms for p in self.highlight_prefixes)


_LEXER = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)("|$)|(?P<or>\bOR\b|\|)|(?P<word>[^\s"|]+)')


@dataclass
class _Item:
    tsquery: str
    terms: set[str]
    prefixes: list[str]
    words: list[str]


def _position_query(options: Sequence[str], prefix: bool = False) -> str:
    suffix = ":*" if prefix else ""
    parts = [_quote(o) + suffix for o in options]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _word_item(word: str, prefix: bool) -> _Item | None:
    """A typed word; punctuation inside it splits it into a phrase (دير-الزور)."""
    positions = [p for tok in arabic.tokens(word) for p in arabic.query_terms(tok.text)]
    if not positions:
        return None
    last = len(positions) - 1
    parts = [_position_query(options, prefix and i == last) for i, options in enumerate(positions)]
    terms = {t for options in positions for t in options}
    prefixes = list(positions[-1]) if prefix else []
    query = parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    return _Item(query, terms, prefixes, [word])


def _phrase_item(text: str) -> _Item | None:
    positions: list[list[str]] = []
    words = []
    for tok in arabic.tokens(text):
        found = arabic.query_terms(tok.text)
        if found:
            positions.extend(found)
            words.append(tok.text)
    if not positions:
        return None
    parts = [_position_query(options) for options in positions]
    query = parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    return _Item(query, {t for options in positions for t in options}, [], words)


def parse_query(text: str) -> ParsedQuery:
    """Parse the search box; raises QueryError with a reader-facing message."""
    text = (text or "").strip()
    if not text:
        raise QueryError(_("Type a word or a phrase to search for."))
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            _("The query is too long (%(n)d characters); keep it under %(max)d.")
            % {"n": len(text), "max": MAX_QUERY_CHARS}
        )
    notices: list[str] = []
    if text.count('"') % 2:
        notices.append(_("A closing quotation mark was missing; the phrase runs to the end."))

    # Groups of alternatives (joined by OR) that must all match, and items that must not.
    groups: list[list[_Item]] = []
    excluded: list[_Item] = []
    pending_or = False
    dropped = False
    for m in _LEXER.finditer(text):
        if m.group("or"):
            pending_or = bool(groups)
            continue
        negative = bool(m.group("neg"))
        if m.group("phrase") is not None:
            item = _phrase_item(m.group("phrase"))
        else:
            word = m.group("word")
            negative = word.startswith("-") and len(word) > 1
            word = word.lstrip("-")
            prefix = word.endswith("*")
            item = _word_item(word.rstrip("*"), prefix)
        if item is None:
            dropped = True
            pending_or = False
            continue
        if negative:
            excluded.append(item)
        elif pending_or:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
    if not groups:
        if excluded:
            raise QueryError(_("Add at least one word to look for, not only words to exclude."))
        raise QueryError(_("The query has no words to search for, only punctuation or operators."))
    if sum(len(g) for g in groups) + len(excluded) > MAX_QUERY_WORDS:
        raise QueryError(
            _("Too many words in the query; use at most %(max)d.") % {"max": MAX_QUERY_WORDS}
        )
    if dropped:
        notices.append(_("Punctuation and operators without a word were ignored."))

    clauses = [
        g[0].tsquery if len(g) == 1 else "(" + " | ".join(i.tsquery for i in g) + ")"
        for g in groups
    ]
    clauses += ["!" + i.tsquery for i in excluded]
    positive = [i for g in groups for i in g]
    prefixes = {p for i in positive for p in i.prefixes}
    return ParsedQuery(
        tsquery=" & ".join(clauses),
        highlight_terms=frozenset(t for i in positive for t in i.terms),
        highlight_prefixes=tuple(p for i in positive for p in i.prefixes),
        words=[w for i in positive for w in i.words],
        notices=notices,
        rank_terms=tuple(sorted({t for i in positive for t in i.terms} - prefixes)),
        rank_prefixes=tuple(sorted(prefixes)),
        any_of=len(groups) == 1 and not excluded and not prefixes and "<->" not in clauses[0],
    )


# --- Snippets ------------------------------------------------------------------------------------

SNIPPET_WORDS = 36


def highlight(text: str, query: ParsedQuery, *, limit: int | None = SNIPPET_WORDS) -> str:
    """HTML of `text` (or of a window of `limit` words around the first hit) with the matched
    words wrapped in <mark>, in their original spelling; everything else escaped."""
    analysed = arabic.analyse(text)
    hits = [i for i, a in enumerate(analysed) if query.matches(a.terms)]
    if limit is None or len(analysed) <= limit:
        start_tok, end_tok = 0, len(analysed)
    else:
        first = hits[0] if hits else 0
        start_tok = max(0, min(first - limit // 3, len(analysed) - limit))
        end_tok = start_tok + limit
    if not analysed:
        return html.escape(text if limit is None else text[:300])
    begin = 0 if start_tok == 0 else analysed[start_tok].token.start
    finish = len(text) if end_tok >= len(analysed) else analysed[end_tok - 1].token.end
    out = ["…" if begin > 0 else ""]
    pos = begin
    hit_set = set(hits)
    for i in range(start_tok, end_tok):
        tok = analysed[i].token
        if i in hit_set:
            out.append(html.escape(text[pos : tok.start]))
            out.append(f"<mark>{html.escape(tok.text)}</mark>")
            pos = tok.end
    out.append(html.escape(text[pos:finish]))
    out.append("…" if finish < len(text) else "")
    return "".join(out)


# --- Did you mean --------------------------------------------------------------------------------


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def suggest(words: Sequence[str]) -> str | None:
    """A corrected query built from the corpus vocabulary, or None when every word is known."""
    keys = [arabic.query_terms(w) for w in words]
    flat = sorted({t for k in keys for options in k for t in options})
    if not flat:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, ndoc FROM {VOCABULARY_TABLE} WHERE word = ANY(%s)", [flat])
        known = dict(cursor.fetchall())
        changed = False
        out = []
        for word, positions in zip(words, keys, strict=True):
            if all(any(o in known for o in options) for options in positions):
                out.append(word)
                continue
            target = arabic.primary_term(arabic.normalize(word))
            cursor.execute(
                f"""SELECT word, ndoc FROM {VOCABULARY_TABLE}
                    WHERE word %% %s ORDER BY similarity(word, %s) DESC, ndoc DESC LIMIT 20""",
                [target, target],
            )
            scored = [(_edit_distance(target, w), -n, w) for w, n in cursor.fetchall()]
            candidates = [c for c in scored if c[0] <= max(1, len(target) // 4)]
            if not candidates:
                out.append(word)
                continue
            out.append(min(candidates)[2])
            changed = True
    return " ".join(out) if changed else None


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
    """The result list: outlet filter applied, sorted, vectors not loaded. By relevance, every
    hit is ranked (see `paginate` for the fast way to the first pages)."""
    queryset = (
        matching(query, filters)
        .select_related("outlet")
        .defer("search_vector", "provenance", "boilerplate_spans")
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
            return list(self.results[start:stop])
        return list(self.results.filter(pk__in=ids)[start:stop])

    def _holding(self, stop: int) -> list[int] | None:
        """Ids that hold the first `stop` results, or None to sort every hit."""
        raise NotImplementedError


class RankedHits(_Hits):
    """By relevance: the first pages come from the impact lists (exactly what ranking every hit
    gives, see articles/impact.py); deeper pages, and queries the lists cannot prove, rank every
    hit."""

    def __init__(self, query: ParsedQuery, filters: Filters, count: int) -> None:
        super().__init__(query, filters, "relevance", count)

    def _holding(self, stop: int) -> list[int] | None:
        if self.query.rank_prefixes or not self.query.rank_terms or stop > IMPACT_MAX_DEPTH:
            return None
        keep = None if self.query.any_of else self._matching
        return impact.top_ids(self.query.rank_terms, stop, self._rank_candidates, keep)

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
    query: ParsedQuery, filters: Filters, sort: str, page_size: int, page: int = 1
) -> SearchPaginator:
    """The paginated results. Hits are counted up to a cap (and past the asked page); with more,
    relevance and newest-first take their fast ways to the page."""
    cap = COUNT_CAP_PHRASE if "<->" in query.tsquery else COUNT_CAP
    cap = max(cap, page * page_size)
    results = search_articles(query, filters, sort, date_index=False)
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


_INDEXED_FIELDS = frozenset({"title", "body", "boilerplate_spans"})


def article_saved(
    sender: type, instance: Article, update_fields: frozenset[str] | None = None, **kwargs: object
) -> None:
    """post_save: keep the vector current when the indexed text may have changed.

    Bulk imports write their vectors with their rows (`articles.ingest.indexing`).
    """
    if kwargs.get("raw"):
        return
    if update_fields is not None and not (_INDEXED_FIELDS & set(update_fields)):
        return
    update_search_vectors(
        [(instance.pk, document_vector(instance.title, instance.body, instance.boilerplate_spans))]
    )
