"""Counts of mentions: by stance and framing, activity columns for the lists, activity over time,
attribution chains.

Every function runs a fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery

from articles.models import Annotation, Claim, Claimant, Outlet

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Counts ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """Mentions counted by stance and by framing."""

    stance: Counter[str] = field(default_factory=Counter)
    framing: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.stance.values())

    def add(self, stance: str, framing: str, n: int = 1) -> None:
        self.stance[stance] += n
        self.framing[framing] += n

    @property
    def stance_items(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for the stances present, in the model's order."""
        labels = dict(Annotation.Stance.choices)
        return [(s, str(labels[s]), self.stance[s]) for s in STANCES if self.stance[s]]

    @property
    def framing_items(self) -> list[tuple[str, str, int]]:
        labels = dict(Annotation.Framing.choices)
        return [(f, str(labels[f]), self.framing[f]) for f in FRAMINGS if self.framing[f]]

    @property
    def dominant_stance(self) -> str:
        return max(STANCES, key=lambda s: (self.stance[s], -STANCES.index(s)))

    @property
    def dominant_framing(self) -> str:
        return max(FRAMINGS, key=lambda f: (self.framing[f], -FRAMINGS.index(f)))


class HasStance(Protocol):
    stance: str
    framing: str


def tally(mentions: Iterable[HasStance]) -> Tally:
    result = Tally()
    for mention in mentions:
        result.add(mention.stance, mention.framing)
    return result


def stance_counts(mentions: QuerySet[Annotation]) -> Tally:
    """Counts by stance and framing in one query."""
    result = Tally()
    for row in mentions.order_by().values("stance", "framing").annotate(n=Count("id")):
        result.add(row["stance"], row["framing"], row["n"])
    return result


# --- Activity annotations for the lists -----------------------------------------------------


def _zone_of_mention(order: str, **link: Any) -> Subquery:
    """The time zone of the outlet of the first (`order`) dated mention: a day is shown as that
    outlet printed it, like everywhere else."""
    return Subquery(
        Annotation.objects.filter(article__published_at__isnull=False, **link)
        .order_by(order)
        .values("article__outlet__timezone")[:1]
    )


def claims_with_activity(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Counts and dates per claim; the days' time zones come per page (`with_zones`)."""
    return claims.annotate(
        mention_count=Count("annotations", distinct=True),
        outlet_count=Count("annotations__article__outlet", distinct=True),
        first_seen=Min("annotations__article__published_at"),
        last_seen=Max("annotations__article__published_at"),
    )


def claimants_with_activity(claimants: QuerySet[Claimant]) -> QuerySet[Claimant]:
    """Counts and dates per claimant; the day's time zone comes per page (`with_zones`)."""
    return claimants.annotate(
        mention_count=Count("claims_made", distinct=True),
        claim_count=Count("claims_made__claim", distinct=True),
        outlet_count=Count("claims_made__article__outlet", distinct=True),
        last_seen=Max("claims_made__article__published_at"),
    )


def with_zones(rows: Iterable[Claim] | Iterable[Claimant]) -> None:
    """Set `first_seen_zone`/`last_seen_zone` on one page of claims or claimants (one query).
    Read per page, not in the list's query: there a correlated subquery ran for every claim
    before sorting and again in the pager's count."""
    page = list(rows)
    if not page:
        return
    if isinstance(page[0], Claim):
        zones = Claim.objects.filter(pk__in=[r.pk for r in page]).annotate(
            first_seen_zone=_zone_of_mention("article__published_at", claim=OuterRef("pk")),
            last_seen_zone=_zone_of_mention("-article__published_at", claim=OuterRef("pk")),
        )
        found = {
            pk: (first, last)
            for pk, first, last in zones.values_list("pk", "first_seen_zone", "last_seen_zone")
        }
    else:
        zones_ = Claimant.objects.filter(pk__in=[r.pk for r in page]).annotate(
            last_seen_zone=_zone_of_mention("-article__published_at", claimant=OuterRef("pk")),
        )
        found = {pk: (None, last) for pk, last in zones_.values_list("pk", "last_seen_zone")}
    for row in page:
        first, last = found.get(row.pk, (None, None))
        setattr(row, "first_seen_zone", first)  # noqa: B010  # an annotation, set per page
        setattr(row, "last_seen_zone", last)  # noqa: B010


def outlets_with_activity(outlets: QuerySet[Outlet]) -> QuerySet[Outlet]:
    return outlets.annotate(
        article_count=Count("articles", distinct=True),  # copies of other outlets' included
        copy_count=Count("articles", filter=Q(articles__copy_of__isnull=False), distinct=True),
        mention_count=Count("articles__annotations", distinct=True),
        claim_count=Count("articles__annotations__claim", distinct=True),
        last_seen=Max("articles__published_at"),
    )


@dataclass
class Activity:
    """Mentions per period (months, or years over long spans) plus the undated ones."""

    points: list[tuple[str, int]]
    undated: int


def activity_over_time(mentions: QuerySet[Annotation], *, max_months: int = 36) -> Activity:
    """One query: mentions per month of the article's publication date, gaps filled with 0."""
    from django.db.models.functions import TruncMonth

    rows = (
        mentions.order_by()
        .annotate(month=TruncMonth("article__published_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    return activity_from_months([(row["month"], row["n"]) for row in rows], max_months=max_months)


def activity_from_months(
    rows: Iterable[tuple[date | None, int]], *, max_months: int = 36
) -> Activity:
    """Activity from (month, mentions) rows, the month None for undated mentions."""
    from django.utils import formats

    undated = 0
    counts: Counter[tuple[int, int]] = Counter()
    for month, n in rows:
        if month is None:
            undated += n
        else:
            counts[(month.year, month.month)] += n
    if not counts:
        return Activity([], undated)
    (y0, m0), (y1, m1) = min(counts), max(counts)
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > max_months:
        years: Counter[int] = Counter()
        for (year, _month), n in counts.items():
            years[year] += n
        return Activity([(str(y), years[y]) for y in range(y0, y1 + 1)], undated)
    points = []
    for i in range(span):
        year, number = y0 + (m0 - 1 + i) // 12, (m0 - 1 + i) % 12 + 1
        points.append((formats.date_format(date(year, number, 1), "M Y"), counts[(year, number)]))
    return Activity(points, undated)


def chains_of(steps: Iterable[tuple[int, int, int]]) -> Counter[tuple[int, ...]]:
    """Count attribution chains from (annotation id, position, claimant id) rows."""
    by_annotation: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for annotation_id, position, claimant_id in steps:
        by_annotation[annotation_id].append((position, claimant_id))
    return Counter(tuple(a for _p, a in sorted(steps_)) for steps_ in by_annotation.values())
