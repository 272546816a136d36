"""Who claims what: aggregation of annotations for the claim, claimant, outlet and matrix pages.

Every function here runs a fixed number of queries whatever the amount of data, and returns plain
dataclasses the templates, charts and exports read. A mention's date is its article's publication
date; articles without one are "undated" and are kept apart rather than given a made-up date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from django import forms
from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import arabic
from articles.models import Actor, Annotation, Claim, Outlet, Tag

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Filters -------------------------------------------------------------------------------


class MentionFilterForm(forms.Form):
    """The filters shared by the matrix, the lists of mentions and the exports."""

    tag = forms.ModelChoiceField(
        Tag.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Tag"),
        empty_label=_("All tags"),
    )
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    alignment = forms.ChoiceField(
        choices=[("", _("All alignments")), *Outlet.Alignment.choices],
        required=False,
        label=_("Outlet alignment"),
    )
    review_status = forms.ChoiceField(
        choices=[("", _("Any review status")), *Annotation.ReviewStatus.choices],
        required=False,
        label=_("Review status"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    @property
    def query_items(self) -> list[tuple[str, str]]:
        """The valid filters as URL parameters, to carry into cell links and exports."""
        if not self.is_valid():
            return []
        items: list[tuple[str, str]] = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            items.append((name, value.slug if isinstance(value, Tag) else str(value)))
        return items

    @property
    def active(self) -> bool:
        return bool(self.query_items)


def _day_bounds(day: date, *, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def filter_mentions(
    mentions: QuerySet[Annotation], form: MentionFilterForm | None
) -> QuerySet[Annotation]:
    """Apply the filter form (already validated) to a queryset of annotations.

    A date range keeps only dated articles: an undated article cannot be said to fall inside it.
    """
    if form is None or not form.is_valid():
        return mentions
    data = form.cleaned_data
    if tag := data.get("tag"):
        mentions = mentions.filter(
            Exists(Annotation.tags.through.objects.filter(annotation=OuterRef("pk"), tag=tag))
            | Exists(Claim.tags.through.objects.filter(claim=OuterRef("claim_id"), tag=tag))
        )
    if data.get("date_from"):
        mentions = mentions.filter(
            article__published_at__gte=_day_bounds(data["date_from"], end=False)
        )
    if data.get("date_to"):
        mentions = mentions.filter(
            article__published_at__lte=_day_bounds(data["date_to"], end=True)
        )
    if data.get("alignment"):
        mentions = mentions.filter(article__outlet__alignment=data["alignment"])
    if data.get("review_status"):
        mentions = mentions.filter(review_status=data["review_status"])
    return mentions


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


def tally(mentions: Iterable[Annotation]) -> Tally:
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


# --- Claim dossier --------------------------------------------------------------------------


@dataclass
class OutletSpread:
    """One outlet's share of a claim: its mentions and when it first carried the claim."""

    outlet: Outlet
    mentions: list[Annotation]
    first_date: datetime | None
    tally: Tally

    @property
    def undated(self) -> bool:
        return self.first_date is None


@dataclass
class ClaimSpread:
    outlets: list[OutletSpread]
    first: Annotation | None  # the earliest dated mention
    undated_count: int

    @property
    def dated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is not None]

    @property
    def undated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is None]


def mention_date(mention: Annotation) -> datetime | None:
    return mention.article.published_at


def claim_spread(mentions: Sequence[Annotation]) -> ClaimSpread:
    """Group mentions (with article and outlet loaded) by outlet, in order of first appearance.

    Outlets whose articles are all undated come after the dated ones, by name.
    """
    by_outlet: dict[int, list[Annotation]] = defaultdict(list)
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
    first = min(
        dated_mentions, key=lambda m: (mention_date(m), m.article_id, m.start), default=None
    )
    return ClaimSpread(
        outlets=spreads,
        first=first,
        undated_count=len(mentions) - len(dated_mentions),
    )


# --- Matrix ---------------------------------------------------------------------------------


@dataclass
class MatrixRow:
    key: int
    label: str
    sublabel: str
    url: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class Matrix:
    mode: MatrixMode
    rows: list[MatrixRow]
    claims: list[Claim]
    cells: dict[tuple[int, int], Tally]
    total_claims: int
    total_rows: int

    def cell(self, row: int, claim: int) -> Tally | None:
        return self.cells.get((row, claim))

    @property
    def grid(self) -> list[tuple[MatrixRow, list[tuple[Claim, Tally | None]]]]:
        return [(row, [(c, self.cell(row.key, c.pk)) for c in self.claims]) for row in self.rows]

    @property
    def max_cell(self) -> int:
        return max((t.total for t in self.cells.values()), default=0)


def matrix(
    mentions: QuerySet[Annotation],
    *,
    mode: MatrixMode,
    max_claims: int = 15,
    max_rows: int = 30,
) -> Matrix:
    """Rows (outlets or claimants) × claims, each cell counted by stance and framing.

    The busiest claims and rows are kept (by number of mentions) so that the picture stays
    readable; the totals say how many were left out. Three queries.
    """
    row_field = "article__outlet_id" if mode == "outlets" else "claimant_id"
    counts = list(
        mentions.order_by()
        .exclude(**{f"{row_field}__isnull": True})
        .values(row_field, "claim_id", "stance", "framing")
        .annotate(n=Count("id"))
    )
    by_claim: Counter[int] = Counter()
    by_row: Counter[int] = Counter()
    for row in counts:
        by_claim[row["claim_id"]] += row["n"]
        by_row[row[row_field]] += row["n"]
    top_claims = [c for c, _n in sorted(by_claim.items(), key=lambda kv: (-kv[1], kv[0]))][
        :max_claims
    ]
    top_rows = [r for r, _n in sorted(by_row.items(), key=lambda kv: (-kv[1], kv[0]))][:max_rows]
    claims = Claim.objects.in_bulk(top_claims)
    rows: dict[int, MatrixRow] = {}
    if mode == "outlets":
        for outlet in Outlet.objects.filter(pk__in=top_rows):
            rows[outlet.pk] = MatrixRow(
                outlet.pk,
                outlet.name_ar,
                outlet.get_alignment_display(),
                outlet_url(outlet),
            )
    else:
        for actor in Actor.objects.filter(pk__in=top_rows):
            rows[actor.pk] = MatrixRow(actor.pk, actor.name_ar, actor.name_en, claimant_url(actor))
    keep_claims, keep_rows = set(top_claims), set(top_rows)
    cells: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for row in counts:
        if row["claim_id"] in keep_claims and row[row_field] in keep_rows:
            cells[(row[row_field], row["claim_id"])].add(row["stance"], row["framing"], row["n"])
            rows[row[row_field]].tally.add(row["stance"], row["framing"], row["n"])
    return Matrix(
        mode=mode,
        rows=[rows[r] for r in top_rows if r in rows],
        claims=[claims[c] for c in top_claims if c in claims],
        cells=dict(cells),
        total_claims=len(by_claim),
        total_rows=len(by_row),
    )


def outlet_url(outlet: Outlet) -> str:
    from django.urls import reverse

    return reverse("outlet_detail", args=[outlet.slug])


def claimant_url(actor: Actor) -> str:
    from django.urls import reverse

    return reverse("claimant_detail", args=[actor.pk])


# --- Arabic-aware search in short lists -----------------------------------------------------


def matches(query_terms: Sequence[str], texts: Iterable[str]) -> bool:
    """Every term of the query occurs in one of the texts, compared in normalized form.

    Substring matching lets a term match inside a word carrying clitics (و، ال، ب...).
    """
    haystack = " ".join(arabic.normalize(t) for t in texts if t)
    return all(any(form in haystack for form in _query_forms(term)) for term in query_terms)


_CONJUNCTIONS = ("و", "ف")


def _query_forms(term: str) -> list[str]:
    """The term, and without a leading conjunction: "والقوات" must find "القوات".

    Only the query is trimmed (substring matching already covers clitics in the stored text).
    """
    forms = [term]
    if term[:1] in _CONJUNCTIONS and len(term) > 3:
        forms.append(term[1:])
    return forms


def search_ids(rows: Iterable[tuple[Any, ...]], query: str) -> list[int]:
    """Ids of (id, text, text...) rows whose texts match `query`; lists and arrays are flattened."""
    query_terms = [t for t in arabic.terms(query) if t]
    if not query_terms:
        return []
    found: list[int] = []
    for pk, *texts in rows:
        flat: list[str] = []
        for text in texts:
            if isinstance(text, list | tuple):
                flat.extend(text)
            elif text:
                flat.append(text)
        if matches(query_terms, flat):
            found.append(pk)
    return found


# --- Activity annotations for the lists -----------------------------------------------------


def claims_with_activity(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    return claims.annotate(
        mention_count=Count("annotations", distinct=True),
        outlet_count=Count("annotations__article__outlet", distinct=True),
        first_seen=Min("annotations__article__published_at"),
        last_seen=Max("annotations__article__published_at"),
    )


def actors_with_activity(actors: QuerySet[Actor]) -> QuerySet[Actor]:
    return actors.annotate(
        mention_count=Count("claims_made", distinct=True),
        claim_count=Count("claims_made__claim", distinct=True),
        outlet_count=Count("claims_made__article__outlet", distinct=True),
        last_seen=Max("claims_made__article__published_at"),
    )


def outlets_with_activity(outlets: QuerySet[Outlet]) -> QuerySet[Outlet]:
    return outlets.annotate(
        article_count=Count("articles", distinct=True),
        mention_count=Count("articles__annotations", distinct=True),
        claim_count=Count("articles__annotations__claim", distinct=True),
        last_seen=Max("articles__published_at"),
    )


def search_queryset(queryset: QuerySet[Any], query: str, fields: Sequence[str]) -> QuerySet[Any]:
    """Narrow `queryset` to rows whose `fields` match `query` in normalized Arabic.

    The texts are compared in Python (one narrow query of ids and names): claims, actors and
    outlets number in the thousands at most, and this keeps spelling variants, diacritics and
    clitics from hiding a match without a derived column to keep in sync.
    """
    query = query.strip()
    if not query:
        return queryset
    rows = queryset.order_by().values_list("pk", *fields)
    return queryset.filter(pk__in=search_ids(rows, query))


@dataclass
class Activity:
    """Mentions per period (months, or years over long spans) plus the undated ones."""

    points: list[tuple[str, int]]
    undated: int


def activity_over_time(mentions: QuerySet[Annotation], *, max_months: int = 36) -> Activity:
    """One query: mentions per month of the article's publication date, gaps filled with 0."""
    from django.db.models.functions import TruncMonth
    from django.utils import formats

    rows = (
        mentions.order_by()
        .annotate(month=TruncMonth("article__published_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    undated = 0
    counts: Counter[tuple[int, int]] = Counter()
    for row in rows:
        if row["month"] is None:
            undated += row["n"]
        else:
            counts[(row["month"].year, row["month"].month)] += row["n"]
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
        year, month = y0 + (m0 - 1 + i) // 12, (m0 - 1 + i) % 12 + 1
        points.append((formats.date_format(date(year, month, 1), "M Y"), counts[(year, month)]))
    return Activity(points, undated)


def chains_of(steps: Iterable[tuple[int, int, int]]) -> Counter[tuple[int, ...]]:
    """Count attribution chains from (annotation id, position, actor id) rows."""
    by_annotation: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for annotation_id, position, actor_id in steps:
        by_annotation[annotation_id].append((position, actor_id))
    return Counter(tuple(a for _p, a in sorted(steps_)) for steps_ in by_annotation.values())


def outlet_local(moment: datetime, outlet: Outlet) -> datetime:
    """A moment as the outlet printed it: dates are read in the outlet's own time zone."""
    import zoneinfo

    try:
        zone = zoneinfo.ZoneInfo(outlet.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return moment.astimezone(zone)
