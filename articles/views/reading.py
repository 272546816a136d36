"""Browsing and reading: the article list (home) and the article page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Annotation, Article, Outlet
from articles.text_layout import paragraphs

PAGE_SIZE = 25


@require_GET
@vary_on_headers("HX-Request")
def article_list(request: HttpRequest) -> HttpResponse:
    outlets = list(Outlet.objects.order_by("name_ar"))
    selected = request.GET.get("outlet", "")
    articles = Article.objects.for_listing().newest_first()
    if selected:
        articles = articles.filter(outlet__slug=selected)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "articles/article_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"page": page, "outlets": outlets, "selected_outlet": selected},
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    annotations = list(Annotation.objects.filter(article=article).with_details())
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "paragraphs": paragraphs(article.body),
            "annotations": annotations,
        },
    )
