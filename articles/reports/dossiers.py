"""The claim dossier: how a claim spread across outlets and over time.

A mention's date is its article's publication date; articles without one are "undated" and are
kept apart rather than given a made-up date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from django.db import connection
from django.db.models import BooleanField, Count, F, Max, Min
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.urls import reverse

from articles.models import Annotation, AttributionStep, Claim, Claimant, Outlet
from articles.reports.tallies import (
    Tally,
    activity_from_months,
    activity_over_time,
    chains_of,
    tally,
)

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Claim dossier --------------------------------------------------------------------------


@dataclass
class OutletSpread:
    """One outlet's share of a claim: its mentions and when it first carried the claim."""

    outlet: Outlet
    mentions: list[MentionLike]
    first_date: datetime | None
    tally: Tally

    @property
    def undated(self) -> bool:
        return self.first_date is None


@dataclass
class ClaimSpread:
    outlets: list[OutletSpread]
    first: MentionLike | None  # the earliest dated mention
    undated_count: int

    @property
    def dated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is not None]

    @property
    def undated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is None]


@dataclass(slots=True)
class SpreadArticle:
    pk: int
    outlet_id: int
    outlet: Outlet
    published_at: datetime | None


@dataclass(slots=True)
class SpreadClaimant:
    pk: int
    name_ar: str


@dataclass(slots=True)
class SpreadMention:
    """What the spread, the tallies and the timeline read of a mention, without a model
    instance (a busy claim has thousands of mentions: building Annotation, Article, Outlet and
    Claimant instances for each was most of the dossier's time). Reads like an Annotation."""

    pk: int
    article_id: int
    start: int
    stance: str
    framing: str
    claimant: SpreadClaimant | None
    article: SpreadArticle
    review_status: str = Annotation.ReviewStatus.DRAFT

    def get_stance_display(self) -> str:
        return str(Annotation.Stance(self.stance).label)

    def get_framing_display(self) -> str:
        return str(Annotation.Framing(self.framing).label)

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.article_id]) + f"#annotation-{self.pk}"


def spread_mentions(claim: Claim) -> list[SpreadMention]:
    """Every mention of `claim`, light, in date order (undated last): one query."""
    rows = (
        Annotation.objects.filter(claim=claim)
        .order_by(F("article__published_at").asc(nulls_last=True), "article_id", "start")
        .values_list(
            "id",
            "article_id",
            "start",
            "stance",
            "framing",
            "claimant_id",
            "claimant__name_ar",
            "article__published_at",
            "article__outlet_id",
            "article__outlet__name_ar",
            "article__outlet__slug",
            "article__outlet__alignment",
            "article__outlet__timezone",
            "review_status",
        )
    )
    outlets: dict[int, Outlet] = {}
    articles: dict[int, SpreadArticle] = {}
    claimants: dict[int, SpreadClaimant] = {}
    mentions = []
    for row in rows:
        pk, article_id, start, stance, framing, claimant_id, name, published = row[:8]
        outlet_id, outlet_name, slug, alignment, zone, status = row[8:]
        if outlet_id not in outlets:
            outlets[outlet_id] = Outlet(
                id=outlet_id, name_ar=outlet_name, slug=slug, alignment=alignment, timezone=zone
            )
        if article_id not in articles:
            articles[article_id] = SpreadArticle(
                article_id, outlet_id, outlets[outlet_id], published
            )
        claimant = None
        if claimant_id is not None:
            claimant = claimants.setdefault(claimant_id, SpreadClaimant(claimant_id, name))
        mentions.append(
            SpreadMention(
                pk, article_id, start, stance, framing, claimant, articles[article_id], status
            )
        )
    return mentions


MentionLike = Annotation | SpreadMention


def mention_date(mention: MentionLike) -> datetime | None:
    return mention.article.published_at


def claim_spread(mentions: Sequence[MentionLike]) -> ClaimSpread:
    """Group mentions (with article and outlet loaded) by outlet, in order of first appearance.

    Outlets whose articles are all undated come after the dated ones, by name.
    """
    by_outlet: dict[int, list[MentionLike]] = defaultdict(list)
    for mention in mentions:
        by_outlet[mention.article.outlet_id].append(mention)
    spreads: list[OutletSpread] = []
    for items in by_outlet.values():
        dated = [m for m in items if mention_date(m) is not None]
        items.sort(
            key=lambda m: (mention_date(m) is None, mention_date(m) or 0, m.article_id, m.start)
        )
        spreads.append(
            OutletSpread(
                outlet=items[0].article.outlet,
                mentions=items,
                first_date=min((mention_date(m) for m in dated), default=None),  # type: ignore[type-var]
                tally=tally(items),
            )
        )
    spreads.sort(key=lambda s: (s.first_date is None, s.first_date or 0, s.outlet.name_ar))
    dated_mentions = [m for m in mentions if mention_date(m) is not None]
    # The first appearance, as the schema.org export gives it: a mention reviewers rejected
    # (judged not to be this claim) is not one.
    first = min(
        (m for m in dated_mentions if m.review_status != Annotation.ReviewStatus.REJECTED),
        key=lambda m: (mention_date(m), m.article_id, m.start),
        default=None,
    )
    return ClaimSpread(
        outlets=spreads,
        first=first,
        undated_count=len(mentions) - len(dated_mentions),
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


def claimant_dossier(*, claimant: Claimant) -> dict[str, Any]:
    """What a claimant said, where, relayed by whom and when: the claimant page's aggregates."""
    mentions = Annotation.objects.claim_mentions().filter(claimant=claimant)
    claims: dict[int, ClaimActivity] = defaultdict(ClaimActivity)
    for row in (
        mentions.order_by()
        .values("claim_id", "stance", "framing")
        .annotate(
            n=Count("id"), first=Min("article__published_at"), last=Max("article__published_at")
        )
    ):
        claims[row["claim_id"]].add(row)
    top_claims = sorted(claims, key=lambda c: (-claims[c].tally.total, c))[:TOP]
    claim_objects = Claim.objects.in_bulk(top_claims)

    outlets = {
        row["article__outlet_id"]: row
        for row in mentions.order_by()
        .values("article__outlet_id")
        .annotate(n=Count("id"), first=Min("article__published_at"))
    }
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

    activity = activity_over_time(mentions)
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
