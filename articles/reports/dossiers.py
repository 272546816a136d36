"""The claim dossier: how a claim spread across outlets and over time; the claimant's and the
outlet's dossiers.

A mention's date is its article's publication date; articles without one are "undated" and are
kept apart rather than given a made-up date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, overload

from django.db import connection
from django.db.models import BooleanField, Count, F
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.urls import reverse

from articles.models import Annotation, AttributionStep, Claim, Claimant, Outlet
from articles.reports.tallies import (
    Tally,
    activity_from_months,
    chains_of,
)

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Claim dossier --------------------------------------------------------------------------


@dataclass(slots=True)
class SpreadArticle:
    pk: int
    outlet_id: int
    outlet: Outlet
    published_at: datetime | None


@dataclass(slots=True)
class FirstMention:
    """The first appearance as the dossier shows it (reads like an Annotation there)."""

    pk: int
    article_id: int
    article: SpreadArticle

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.article_id]) + f"#annotation-{self.pk}"


@dataclass
class DayMark:
    """A claim's mentions in one outlet on one day (UTC): what the timeline draws as one mark."""

    first_at: datetime  # the earliest of them: where the mark sits
    count: int
    tally: Tally
    first_pk: int  # the earliest mention (by date, article, position): what the mark links to
    article_id: int
    claimant: str | None  # the claimant's name when the day has one mention, attributed


@dataclass
class OutletSpread:
    """One outlet's share of a claim: how many mentions, when it first carried the claim, its
    mentions by stance and framing, and its days."""

    outlet: Outlet
    count: int
    first_date: datetime | None
    tally: Tally
    days: list[DayMark] = field(default_factory=list)

    @property
    def undated(self) -> bool:
        return self.first_date is None


@dataclass
class ClaimSpread:
    outlets: list[OutletSpread]
    first: FirstMention | None  # the earliest dated mention that reviewers did not reject
    undated_count: int

    @property
    def dated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is not None]

    @property
    def undated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is None]

    @property
    def count(self) -> int:
        return sum(o.count for o in self.outlets)

    @property
    def tally(self) -> Tally:
        total = Tally()
        for o in self.outlets:
            total.stance.update(o.tally.stance)
            total.framing.update(o.tally.framing)
        return total


# A claim's mentions counted per outlet and day (UTC; NULL for undated articles), by stance and
# framing, with each day's earliest mention: a busy claim's thousand mentions come back as its
# outlet-days, and nothing is built per mention.
_SPREAD_SQL = """
SELECT ar.outlet_id, (ar.published_at AT TIME ZONE 'UTC')::date, count(*), {counts},
       min(ar.published_at),
       (array_agg(ARRAY[a.id, a.article_id] ORDER BY ar.published_at, a.article_id, a.start))[1:1],
       min(c.name_ar), count(a.claimant_id),
       min(ar.published_at) FILTER (WHERE a.review_status <> 'rejected'),
       (array_agg(ARRAY[a.article_id, a.start, a.id] ORDER BY ar.published_at, a.article_id, a.start)
        FILTER (WHERE a.review_status <> 'rejected'))[1:1],
       o.name_ar, o.slug, o.alignment, o.timezone
FROM articles_annotation AS a
JOIN articles_article AS ar ON ar.id = a.article_id
JOIN articles_outlet AS o ON o.id = ar.outlet_id
LEFT JOIN articles_claimant AS c ON c.id = a.claimant_id
WHERE a.claim_id = %s
GROUP BY 1, 2, o.id
""".format(
    counts=", ".join(
        [f"count(*) FILTER (WHERE a.stance = '{s}')" for s in STANCES]
        + [f"count(*) FILTER (WHERE a.framing = '{f}')" for f in FRAMINGS]
    )
)


def claim_spread(claim: Claim) -> ClaimSpread:
    """A claim's outlets in order of first appearance (outlets whose articles are all undated
    after the dated ones, by name), each with its counts and days, and the first appearance.
    One query, whatever the number of mentions."""
    by_outlet: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_SPREAD_SQL, [claim.pk])
        for row in cursor.fetchall():
            by_outlet[row[0]].append(row)
    spreads: list[OutletSpread] = []
    # Each day's first mention that is not rejected: date, article, position, id, outlet.
    earliest: list[tuple[datetime, int, int, int, Outlet]] = []
    width = len(STANCES) + len(FRAMINGS)
    for outlet_id, rows in by_outlet.items():
        name, slug, alignment, zone = rows[0][-4:]
        outlet = Outlet(id=outlet_id, name_ar=name, slug=slug, alignment=alignment, timezone=zone)
        spread = OutletSpread(outlet=outlet, count=0, first_date=None, tally=Tally())
        for row in rows:
            _outlet, day, n = row[:3]
            counts = row[3 : 3 + width]
            first_at, first, claimant, attributed, kept_at, kept = row[3 + width : 9 + width]
            tally = Tally()
            for stance, k in zip(STANCES, counts, strict=False):
                if k:
                    tally.stance[stance] = k
            for framing, k in zip(FRAMINGS, counts[len(STANCES) :], strict=True):
                if k:
                    tally.framing[framing] = k
            spread.count += n
            spread.tally.stance.update(tally.stance)
            spread.tally.framing.update(tally.framing)
            if day is None:
                continue
            if kept_at is not None:
                earliest.append((kept_at, *kept[0], outlet))
            (first_pk, article_id), *_rest = first
            spread.days.append(
                DayMark(
                    first_at=first_at,
                    count=n,
                    tally=tally,
                    first_pk=first_pk,
                    article_id=article_id,
                    claimant=claimant if n == 1 and attributed else None,
                )
            )
        spread.days.sort(key=lambda d: d.first_at)
        spread.first_date = spread.days[0].first_at if spread.days else None
        spreads.append(spread)
    spreads.sort(key=lambda s: (s.first_date is None, s.first_date or 0, s.outlet.name_ar))
    # The first appearance, as the schema.org export gives it: a mention reviewers rejected
    # (judged not to be this claim) is not one.
    first = None
    if earliest:
        when, article_id, _start, pk, outlet = min(earliest, key=lambda e: e[:4])
        first = FirstMention(pk, article_id, SpreadArticle(article_id, outlet.pk, outlet, when))
    return ClaimSpread(
        outlets=spreads,
        first=first,
        undated_count=sum(o.count for o in spreads) - sum(d.count for o in spreads for d in o.days),
    )


_PAGE_SQL = """
SELECT a.id FROM articles_annotation AS a JOIN articles_article AS ar ON ar.id = a.article_id
WHERE a.claim_id = %s
ORDER BY array_position(%s::bigint[], ar.outlet_id), ar.published_at ASC NULLS LAST,
         a.article_id, a.start
LIMIT %s OFFSET %s
"""


class SpreadOrder(Sequence[Annotation]):
    """A claim's mentions in the dossier's order (by outlet in order of first appearance, then
    by date, article and position), with their details, read a slice at a time (one query):
    what a Paginator pages through without reading every mention."""

    def __init__(self, claim: Claim, spread: ClaimSpread) -> None:
        self.claim = claim
        self.outlets = [o.outlet.pk for o in spread.outlets]
        self.total = spread.count

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> Annotation: ...
    @overload
    def __getitem__(self, index: slice) -> list[Annotation]: ...
    def __getitem__(self, index: int | slice) -> Annotation | list[Annotation]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, step = index.indices(self.total)
        if step != 1 or stop <= start:
            return []
        page = RawSQL(_PAGE_SQL, [self.claim.pk, self.outlets, stop - start, start])
        rank = {outlet: i for i, outlet in enumerate(self.outlets)}
        return sorted(
            self.claim.annotations.with_details().filter(pk__in=page),
            key=lambda m: (
                rank.get(m.article.outlet_id, len(rank)),
                m.article.published_at is None,
                m.article.published_at or 0,
                m.article_id,
                m.start,
            ),
        )


# --- Claimant and outlet dossiers ----------------------------------------------------------

TOP = 40


@dataclass
class ClaimActivity:
    """What a claimant says about one claim: stances and framings, first and last dated mention."""

    tally: Tally = field(default_factory=Tally)
    first: datetime | None = None
    last: datetime | None = None

    def add(self, row: Mapping[str, Any]) -> None:
        self.tally.add(row["stance"], row["framing"], row["n"])
        self.first = min((d for d in (self.first, row["first"]) if d is not None), default=None)
        self.last = max((d for d in (self.last, row["last"]) if d is not None), default=None)


# A claimant's mentions grouped three ways at once; the first column says which grouping a row
# belongs to (0: claim, stance and framing; 1: outlet; 2: month).
_CLAIMANT_GROUPS_SQL = """
SELECT CASE WHEN GROUPING(claim_id) = 0 THEN 0 WHEN GROUPING(outlet_id) = 0 THEN 1 ELSE 2 END,
       claim_id, stance, framing, outlet_id, month, count(*), min(published_at), max(published_at)
FROM ({mentions}) AS mention(claim_id, stance, framing, outlet_id, published_at, month)
GROUP BY GROUPING SETS ((claim_id, stance, framing), (outlet_id), (month))
"""


def claimant_dossier(*, claimant: Claimant) -> dict[str, Any]:
    """What a claimant said, where, relayed by whom and when: the claimant page's aggregates."""
    mentions = Annotation.objects.claim_mentions().filter(claimant=claimant)
    # By claim (and stance, framing), by outlet and by month in one pass over the mentions.
    claims: dict[int, ClaimActivity] = defaultdict(ClaimActivity)
    outlets: dict[int, dict[str, Any]] = {}
    months: list[tuple[date | None, int]] = []
    read = (
        mentions.order_by()
        .annotate(month=TruncMonth("article__published_at"))
        .values_list("claim_id", "stance", "framing", "article__outlet_id", "article__published_at", "month")
    )  # fmt: skip
    inner, params = read.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_CLAIMANT_GROUPS_SQL.format(mentions=inner), params)
        for kind, claim_id, stance, framing, outlet_id, month, n, first, last in cursor.fetchall():
            if kind == 0:
                row = {"stance": stance, "framing": framing, "n": n, "first": first, "last": last}
                claims[claim_id].add(row)
            elif kind == 1:
                outlets[outlet_id] = {"article__outlet_id": outlet_id, "n": n, "first": first}
            else:
                months.append((month, n))
    top_claims = sorted(claims, key=lambda c: (-claims[c].tally.total, c))[:TOP]
    claim_objects = Claim.objects.in_bulk(top_claims)
    outlet_objects = Outlet.objects.in_bulk(list(outlets))

    chains = chains_of(
        AttributionStep.objects.filter(annotation__claimant=claimant)
        .order_by()
        .values_list("annotation_id", "position", "claimant_id")
    )
    relayed_for = dict(
        AttributionStep.objects.filter(claimant=claimant)
        .exclude(annotation__claimant=claimant)
        .exclude(annotation__claimant=None)
        .order_by()
        .values("annotation__claimant_id")
        .annotate(n=Count("annotation", distinct=True))
        .values_list("annotation__claimant_id", "n")
    )
    top_chains = chains.most_common(TOP)
    claimant_ids = {a for chain, _n in top_chains for a in chain} | set(relayed_for)
    claimants = Claimant.objects.in_bulk(claimant_ids)
    intermediaries: dict[int, int] = defaultdict(int)
    for chain, n in chains.items():
        for a in set(chain) - {claimant.pk}:
            intermediaries[a] += n

    activity = activity_from_months(months)
    tally = Tally()
    for entry in claims.values():
        tally.stance.update(entry.tally.stance)
        tally.framing.update(entry.tally.framing)
    return {
        "tally": tally,
        "claims": [(claim_objects[c], claims[c]) for c in top_claims if c in claim_objects],
        "claim_total": len(claims),
        "outlets": sorted(
            ((outlet_objects[o], row) for o, row in outlets.items() if o in outlet_objects),
            key=lambda pair: (pair[1]["first"] is None, pair[1]["first"] or 0, -pair[1]["n"]),
        ),
        "chains": [([claimants[a] for a in chain if a in claimants], n) for chain, n in top_chains],
        "intermediaries": sorted(
            ((claimants[a], n) for a, n in intermediaries.items() if a in claimants),
            key=lambda pair: -pair[1],
        ),
        "relayed_for": sorted(
            ((claimants[a], n) for a, n in relayed_for.items() if a in claimants),
            key=lambda pair: -pair[1],
        ),
        "activity": activity,
    }


# An outlet's mentions grouped three ways at once; the first column says which grouping a row
# belongs to (0: claim, 1: claimant, 2: month).
_OUTLET_GROUPS_SQL = """
SELECT CASE WHEN GROUPING(claim_id) = 0 THEN 0 WHEN GROUPING(claimant_id) = 0 THEN 1 ELSE 2 END,
       claim_id, claimant_id, stance, framing, month, count(*)
FROM ({mentions}) AS mention(claim_id, claimant_id, stance, framing, month)
GROUP BY GROUPING SETS ((claim_id, stance, framing), (claimant_id, stance, framing), (month))
"""


def _in_outlet(outlet: Outlet) -> RawSQL:
    """The annotation (`articles_annotation`, in the query already) is in one of `outlet`'s
    articles, as an array of their ids: the planner then looks the annotations up by article
    (a few thousand) instead of hashing the outlet's articles against every annotation."""
    return RawSQL(
        '"articles_annotation"."article_id" = ANY(ARRAY('
        'SELECT "id" FROM "articles_article" WHERE "outlet_id" = %s))',
        [outlet.pk],
        output_field=BooleanField(),
    )


def outlet_dossier(*, outlet: Outlet) -> dict[str, Any]:
    """What an outlet carried: its claims and claimants by stance, its intermediaries, its activity."""
    mentions = Annotation.objects.claim_mentions().filter(_in_outlet(outlet))

    # By claim, by claimant and by month in one pass over the outlet's mentions.
    by_claim: dict[int, Tally] = defaultdict(Tally)
    by_claimant: dict[int, Tally] = defaultdict(Tally)
    months: list[tuple[date | None, int]] = []
    read = (
        mentions.order_by()
        .annotate(month=TruncMonth("article__published_at"))
        .values_list("claim_id", "claimant_id", "stance", "framing", "month")
    )
    inner, params = read.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_OUTLET_GROUPS_SQL.format(mentions=inner), params)
        for kind, claim_id, claimant_id, stance, framing, month, n in cursor.fetchall():
            if kind == 0:
                by_claim[claim_id].add(stance, framing, n)
            elif kind == 1:
                if claimant_id is not None:
                    by_claimant[claimant_id].add(stance, framing, n)
            else:
                months.append((month, n))
    top_claims = sorted(by_claim, key=lambda c: (-by_claim[c].total, c))[:TOP]
    claims = Claim.objects.in_bulk(top_claims)

    top_claimants = sorted(by_claimant, key=lambda c: (-by_claimant[c].total, c))[:TOP]
    via = dict(
        AttributionStep.objects.filter(annotation__isnull=False)
        .filter(_in_outlet(outlet))
        .exclude(claimant__outlet=outlet)
        .exclude(claimant_id=F("annotation__claimant_id"))
        .order_by()
        .values("claimant_id")
        .annotate(n=Count("annotation", distinct=True))
        .values_list("claimant_id", "n")
    )
    top_via = sorted(via, key=lambda a: (-via[a], a))[:TOP]
    claimants = Claimant.objects.in_bulk(set(top_claimants) | set(top_via))

    activity = activity_from_months(months)
    tally = Tally()
    for t in by_claim.values():
        tally.stance.update(t.stance)
        tally.framing.update(t.framing)
    return {
        "tally": tally,
        "claims": [(claims[c], by_claim[c]) for c in top_claims if c in claims],
        "claim_total": len(by_claim),
        "claimants": [(claimants[a], by_claimant[a]) for a in top_claimants if a in claimants],
        "claimant_total": len(by_claimant),
        "intermediaries": [(claimants[a], via[a]) for a in top_via if a in claimants],
        "activity": activity,
    }
