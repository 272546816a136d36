"""Browsing and reading: the article list (home) and the article page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Annotation, Article, Outlet
from articles.text_layout import blocks
from articles.views.annotate import annotation_panel_context

PAGE_SIZE = 25


@require_GET
@vary_on_headers("HX-Request")
def article_list(request: HttpRequest) -> HttpResponse:
    outlets = list(Outlet.objects.order_by("name_ar"))
    selected = request.GET.get("outlet", "")
    ids = Article.objects.newest_first().values_list("pk", flat=True)
    if selected:
        ids = ids.filter(outlet__slug=selected)
    # Page through ids only (a deep OFFSET then skips index entries, not rendered rows), and
    # load the page's 25 articles with what the list shows in a second query.
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    rows = Article.objects.for_listing().in_bulk(page_ids)
    page.object_list = [rows[pk] for pk in page_ids if pk in rows]
    template = "articles/article_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"page": page, "outlets": outlets, "selected_outlet": selected},
    )


def _list_query(from_path: str) -> QueryDict | None:
    """The querystring of the home list the reader came from (`?from=/?outlet=sana`), if any."""
    if not from_path or not from_path.startswith("/"):
        return None
    path, _sep, query = from_path.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return QueryDict(query) if match.url_name == "home" else None


def list_neighbours(article: Article, from_path: str) -> tuple[Article | None, Article | None]:
    """The articles before and after `article` in the home list it was opened from.

    Keyset queries on the list's own order (newest first, undated last), so the cost does not
    depend on how long the list is.
    """
    query = _list_query(from_path)
    if query is None:
        return None, None
    base = Article.objects.select_related("outlet").only(
        "pk", "title", "outlet__name_ar", "published_at", "created_at"
    )
    if query.get("outlet"):
        base = base.filter(outlet__slug=query["outlet"])
    at, created, pk = article.published_at, article.created_at, article.pk
    same_date = Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk)
    if at is None:
        later = Q(published_at__isnull=True) & same_date
        earlier = Q(published_at__isnull=False) | Q(published_at__isnull=True) & ~same_date & ~Q(
            pk=pk
        )
    else:
        later = (
            Q(published_at__lt=at) | Q(published_at=at) & same_date | Q(published_at__isnull=True)
        )
        earlier = Q(published_at__gt=at) | Q(published_at=at) & ~same_date & ~Q(pk=pk)
    following = base.filter(later).newest_first().first()
    preceding = (
        base.filter(earlier)
        .order_by(F("published_at").asc(nulls_first=True), "created_at", "pk")
        .first()
    )
    return preceding, following


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "near_duplicate_of__outlet"), pk=pk
    )
    annotations = list(Annotation.objects.filter(article=article).with_details())
    context = annotation_panel_context(article, annotations)
    original = article.near_duplicate_of_id or article.pk
    copies = Q(near_duplicate_of=original) | Q(near_duplicate_of=article.pk)
    if article.near_duplicate_of_id:
        copies |= Q(pk=original)
    also_published = list(
        Article.objects.filter(copies)
        .exclude(pk=article.pk)
        .select_related("outlet")
        .only("pk", "title", "published_at", "outlet__name_ar", "outlet__timezone")
        .order_by("published_at", "pk")
    )
    from_path = request.GET.get("from", "")
    preceding, following = list_neighbours(article, from_path)
    return render(
        request,
        "articles/article_detail.html",
        context
        | {
            "blocks": blocks(article.body, article.boilerplate_spans),
            "also_published": also_published,
            "from_path": from_path if _list_query(from_path) is not None else "",
            "preceding": preceding,
            "following": following,
        },
    )
