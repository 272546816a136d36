"""Claimants: the list (search across names and aliases, sorting by activity) and a claimant's
page (what they claim, through which intermediaries, relayed by which outlets, over time)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, OrderBy
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_bidi, gettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Annotation, Claimant
from articles.reports import charts, dossiers, tallies
from articles.search import short_lists
from articles.views.claims import ListPaginator
from articles.views.htmx import render_page_or_partial, wants_partial

PAGE_SIZE = 30
SORT_LABELS = [
    ("activity", gettext_lazy("most mentions")),
    ("recent", gettext_lazy("most recent mention")),
    ("name", gettext_lazy("alphabetical")),
]
SORTS: dict[str, list[str | OrderBy]] = {
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
    listed = tallies.claimants_with_activity(claimants).order_by(*SORTS[sort])
    page = ListPaginator(listed, PAGE_SIZE, count=claimants).get_page(request.GET.get("page"))
    tallies.with_zones(page.object_list)
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

    dossier = dossiers.claimant_dossier(claimant=claimant)
    return render(
        request,
        "claimants/claimant_detail.html",
        {
            "claimant": claimant,
            "page": page,
            **dossier,
            "activity_chart": charts.activity_bars(
                dossier["activity"].points, rtl=get_language_bidi()
            ),
        },
    )
