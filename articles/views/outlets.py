"""Outlets: the list (search, sorting by activity) and an outlet's page (its alignment and
metadata, the claims it carries with their framing, the claimants it relies on, its articles)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, OrderBy
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_bidi, gettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Article, Outlet
from articles.reports import charts, dossiers, tallies
from articles.search import short_lists
from articles.views.claims import ListPaginator
from articles.views.htmx import render_page_or_partial, wants_partial

PAGE_SIZE = 30
SORT_LABELS = [
    ("activity", gettext_lazy("most mentions")),
    ("articles", gettext_lazy("most articles")),
    ("recent", gettext_lazy("most recent article")),
    ("name", gettext_lazy("alphabetical")),
]
SORTS: dict[str, list[str | OrderBy]] = {
    "activity": [F("mention_count").desc(), F("article_count").desc(), "name_ar"],
    "articles": [F("article_count").desc(), "name_ar"],
    "recent": [F("last_seen").desc(nulls_last=True), "name_ar"],
    "name": ["name_ar", "pk"],
}


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def outlet_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    sort = request.GET.get("sort", "activity")
    sort = sort if sort in SORTS else "activity"
    alignment = request.GET.get("alignment", "")
    outlets = Outlet.objects.all()
    if alignment in Outlet.Alignment.values:
        outlets = outlets.filter(alignment=alignment)
    outlets = short_lists.search_queryset(
        outlets, query, ["name_ar", "name_en", "slug", "country", "domains"]
    )
    listed = tallies.outlets_with_activity(outlets).order_by(*SORTS[sort])
    page = ListPaginator(listed, PAGE_SIZE, count=outlets).get_page(request.GET.get("page"))
    return render_page_or_partial(
        request,
        "outlets/outlet_list.html",
        partial="results",
        context={
            "page": page,
            "query": query,
            "sort": sort,
            "sorts": SORT_LABELS,
            "alignment": alignment,
            "alignments": Outlet.Alignment.choices,
        },
    )


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    outlet = get_object_or_404(Outlet, slug=slug)
    articles = Article.objects.filter(outlet=outlet).for_listing().newest_first()
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    if wants_partial(request):
        return render(
            request, "outlets/outlet_detail.html#articles", {"outlet": outlet, "page": page}
        )
    dossier = dossiers.outlet_dossier(outlet=outlet)
    return render(
        request,
        "outlets/outlet_detail.html",
        {
            "outlet": outlet,
            "page": page,
            **dossier,
            "activity_chart": charts.activity_bars(
                dossier["activity"].points, rtl=get_language_bidi()
            ),
        },
    )
