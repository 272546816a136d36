"""Claimants: the list (search across names and aliases, sorting by activity) and a claimant's
page (what they claim, through which intermediaries, relayed by which outlets, over time)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_bidi, gettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Annotation, AttributionStep, Claim, Claimant, Outlet
from articles.reports import charts, tallies
from articles.search import short_lists
from articles.views.htmx import render_page_or_partial, wants_partial

PAGE_SIZE = 30
TOP = 40
SORT_LABELS = [
    ("activity", gettext_lazy("most mentions")),
    ("recent", gettext_lazy("most recent mention")),
    ("name", gettext_lazy("alphabetical")),
]
SORTS = {
    "activity": [F("mention_count").desc(), F("claim_count").desc(), "name_ar"],
    "recent": [F("last_seen").desc(nulls_last=True), "name_ar"],
    "name": ["name_ar", "pk"],
}


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def claimant_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    sort = request.GET.get("sort", "activity")
    sort = sort if sort in SORTS else "activity"
    claimants = short_lists.search_queryset(
        Claimant.objects.all(), query, ["name_ar", "name_en", "aliases"]
    )
    claimants = tallies.claimants_with_activity(claimants).order_by(*SORTS[sort])
    page = Paginator(claimants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page_or_partial(
        request,
        "claimants/claimant_list.html",
        {"page": page, "query": query, "sort": sort, "sorts": SORT_LABELS},
        partial="results",
    )


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def claimant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claimant = get_object_or_404(Claimant.objects.select_related("parent", "outlet"), pk=pk)
    mentions = Annotation.objects.filter(claimant=claimant)
    recent = mentions.with_details().order_by(
        F("article__published_at").desc(nulls_last=True), "-pk"
    )
    page = Paginator(recent, 20).get_page(request.GET.get("page"))
    if wants_partial(request):
        return render(
            request, "claimants/claimant_detail.html#mentions", {"claimant": claimant, "page": page}
        )

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

    chains = tallies.chains_of(
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

    activity = tallies.activity_over_time(mentions)
    tally = tallies.Tally()
    for entry in claims.values():
        tally.stance.update(entry.tally.stance)
        tally.framing.update(entry.tally.framing)
    return render(
        request,
        "claimants/claimant_detail.html",
        {
            "claimant": claimant,
            "page": page,
            "tally": tally,
            "claims": [(claim_objects[c], claims[c]) for c in top_claims if c in claim_objects],
            "claim_total": len(claims),
            "outlets": sorted(
                ((outlet_objects[o], row) for o, row in outlets.items() if o in outlet_objects),
                key=lambda pair: (pair[1]["first"] is None, pair[1]["first"] or 0, -pair[1]["n"]),
            ),
            "chains": [
                ([claimants[a] for a in chain if a in claimants], n) for chain, n in top_chains
            ],
            "intermediaries": sorted(
                ((claimants[a], n) for a, n in intermediaries.items() if a in claimants),
                key=lambda pair: -pair[1],
            ),
            "relayed_for": sorted(
                ((claimants[a], n) for a, n in relayed_for.items() if a in claimants),
                key=lambda pair: -pair[1],
            ),
            "activity": activity,
            "activity_chart": charts.activity_bars(activity.points, rtl=get_language_bidi()),
        },
    )


@dataclass
class ClaimActivity:
    """What a claimant says about one claim: stances and framings, first and last dated mention."""

    tally: tallies.Tally = field(default_factory=tallies.Tally)
    first: datetime | None = None
    last: datetime | None = None

    def add(self, row: dict[str, Any]) -> None:
        self.tally.add(row["stance"], row["framing"], row["n"])
        self.first = min((d for d in (self.first, row["first"]) if d is not None), default=None)
        self.last = max((d for d in (self.last, row["last"]) if d is not None), default=None)
