"""Browsing and reading: the article list (home) and the article page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.infrastructure import permissions
from articles.infrastructure.freshness import cached, cached_html, fresh_key
from articles.models import (
    Annotation,
    Article,
    ArticleQuerySet,
    ArticleVersion,
    AttributionProposal,
    Outlet,
)
from articles.text_layout import blocks
from articles.views.annotate import annotation_panel_context
from articles.views.htmx import wants_partial
from articles.views.proposals import proposal_panel_context

PAGE_SIZE = 25


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def article_list(request: HttpRequest) -> HttpResponse:
    selected = request.GET.get("outlet", "")
    hide_copies = request.GET.get("copies") == HIDE_COPIES
    page = _list_page(request, selected, hide_copies=hide_copies)
    # The page's annotation counts are read live; the rendered list is reused while they, the
    # corpus and the address stay the same.
    counts = dict(
        Annotation.objects.filter(article_id__in=page.object_list)
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    template = "articles/article_list.html"

    def render_results() -> str:
        rows: dict[int, Any] = Article.objects.for_listing(count_annotations=False).in_bulk(
            page.object_list
        )
        for row in rows.values():
            row.annotation_count = counts.get(row.pk, 0)
        page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
        context = {
            "page": page,
            "selected_outlet": selected,
            "hide_copies": hide_copies,
            "list_query": list_query(selected, hide_copies),
        }
        return render_to_string(f"{template}#results", context, request)

    key = fresh_key("corpus", "list-html", request.get_full_path(), sorted(counts.items()))
    results_html = cached_html(key, render_results)
    if wants_partial(request):
        return HttpResponse(results_html)
    outlets = cached(
        fresh_key("corpus", "outlets"), lambda: list(Outlet.objects.order_by("name_ar"))
    )
    return render(
        request,
        template,
        {
            "results_html": results_html,
            "outlets": outlets,
            "selected_outlet": selected,
            "hide_copies": hide_copies,
        },
    )


# `?copies=hide`: the list leaves out each article stored as a word-for-word copy of another
# outlet's article (`Article.copy_of`), so a desk reading what outlets wrote themselves does not
# page through syndicated agency copy. Near-duplicates stay: an outlet's edits of a text are
# what a comparison of outlets is about.
HIDE_COPIES = "hide"


def list_query(outlet: str, hide_copies: bool) -> str:
    """The list's filters as a querystring prefix for its pager links ('' or 'k=v&')."""
    params = {"outlet": outlet} if outlet else {}
    if hide_copies:
        params["copies"] = HIDE_COPIES
    return urlencode(params) + "&" if params else ""


def _listed(articles: ArticleQuerySet, outlet: str, *, hide_copies: bool) -> ArticleQuerySet:
    """The articles the home list shows with these filters (its pages and its neighbours)."""
    if outlet:
        articles = articles.filter(outlet__slug=outlet)
    if hide_copies:
        articles = articles.filter(copy_of__isnull=True)
    return articles


def _list_ids(outlet: str, *, hide_copies: bool) -> QuerySet[Article, int]:
    listed = _listed(Article.objects.newest_first(), outlet, hide_copies=hide_copies)
    return listed.values_list("pk", flat=True)


def _list_page(request: HttpRequest, outlet: str, *, hide_copies: bool = False) -> Page[int]:
    """The page of article ids asked for (newest first), with the list's length.

    Pages through ids only (a deep OFFSET then skips index entries, not rendered rows). The
    list's length is cached for the corpus generation once per filter, not once per page:
    counting 30,000 articles was most of PostgreSQL's work for a page not yet cached. The
    page's ids are cached too."""
    ids = _list_ids(outlet, hide_copies=hide_copies)
    count = cached(fresh_key("corpus", "list-count", outlet, hide_copies), ids.count)
    paginator: Paginator[int] = Paginator(range(count), PAGE_SIZE)
    number = paginator.get_page(request.GET.get("page")).number
    page_ids = cached(
        fresh_key("corpus", "list-page", outlet, hide_copies, number),
        lambda: list(ids[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]),
    )
    return Page(page_ids, number, paginator)


def _list_query(from_path: str) -> QueryDict | None:
    """The querystring of the home list the reader came from (`?from=/?outlet=sana`), if any."""
    if not from_path or not from_path.startswith("/"):
        return None
    path, _sep, query = from_path.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return QueryDict(query) if match.url_name == "article_list" else None


def list_neighbours(article: Article, from_path: str) -> tuple[Article | None, Article | None]:
    """The articles before and after `article` in the home list it was opened from.

    Keyset queries on the list's own order (newest first, undated last), so the cost does not
    depend on how long the list is.
    """
    query = _list_query(from_path)
    if query is None:
        return None, None
    base = _listed(
        Article.objects.select_related("outlet").only(
            "pk", "title", "outlet__name_ar", "published_at", "created_at"
        ),
        query.get("outlet", ""),
        hide_copies=query.get("copies") == HIDE_COPIES,
    )
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


def published_alike(article: Article) -> tuple[Article | None, list[Article]]:
    """The article this one copies word for word (if it is a copy), and every other article of
    its family: the original, its word-for-word copies (other outlets, same text) and its near
    duplicates with their copies, oldest first. Each carries `word_for_word` (same text as
    `article`) and `is_original` (the one the others were linked to)."""
    fields = ("pk", "title", "published_at", "content_hash", "copy_of_id", "near_duplicate_of_id")
    outlet_fields = ("outlet__name_ar", "outlet__timezone")
    original = None
    root = article.near_duplicate_of_id or article.pk
    if article.copy_of_id:
        original = (
            Article.objects.select_related("outlet")
            .only(*fields, *outlet_fields)
            .filter(pk=article.copy_of_id)
            .first()
        )
        if original is not None:
            root = original.near_duplicate_of_id or original.pk
    family = (
        Q(pk=root)
        | Q(near_duplicate_of=root)
        | Q(copy_of=root)
        | Q(copy_of__near_duplicate_of=root)
    )
    others = list(
        Article.objects.filter(family)
        .exclude(pk=article.pk)
        .select_related("outlet")
        .only(*fields, *outlet_fields)
        .order_by(F("published_at").asc(nulls_last=True), "pk")
    )
    for other in others:
        other.word_for_word = other.content_hash == article.content_hash  # type: ignore[attr-defined]
        other.is_original = other.pk == (article.copy_of_id or article.near_duplicate_of_id)  # type: ignore[attr-defined]
    return original, others


def _article_fragments(request: HttpRequest, article: Article) -> tuple[SafeString, SafeString]:
    """The article's header (with "also published by") and its text, rendered once per corpus
    generation and language: they do not depend on the reader or on annotations."""

    def render_fragments() -> tuple[str, str]:
        original, also_published = published_alike(article)
        context = {
            "original": original,
            "article": article,
            "latest_version": ArticleVersion.objects.filter(article=article)
            .only("number", "fetched_page_id")
            .order_by("-number")
            .first(),
            "also_published": also_published,
            "blocks": blocks(article.body, article.boilerplate_spans),
        }
        template = "articles/article_detail.html"
        return (
            render_to_string(f"{template}#article_head", context, request),
            render_to_string(f"{template}#article_text", context, request),
        )

    head, text = cached(fresh_key("corpus", "article", article.pk), render_fragments)
    return mark_safe(head), mark_safe(text)  # rendered by our own templates, escaped there


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Most articles have no annotations: the article's own query tells, and the panel's query
    # (three joins and an ordering, about 1 ms to compile and plan) runs only when there are.
    has_annotations = Exists(Annotation.objects.filter(article=OuterRef("pk")))
    articles = Article.objects.for_reading().annotate(has_annotations=has_annotations)
    # Reviewers see the extractor's proposals: one more query, only when there are some.
    show_proposals = permissions.can_review_proposals(request.user)
    if show_proposals:
        articles = articles.annotate(
            has_proposals=Exists(AttributionProposal.objects.filter(article=OuterRef("pk")))
        )
    article = get_object_or_404(articles, pk=pk)
    annotations = (
        list(article.annotations.with_details(join_article=False))
        if article.has_annotations  # type: ignore[attr-defined]  # django-stubs loses annotate() in get_object_or_404
        else []
    )
    context = annotation_panel_context(article, annotations)
    if show_proposals:
        proposals = list(article.proposals.all()) if article.has_proposals else []  # type: ignore[attr-defined]
        context |= proposal_panel_context(article, proposals, annotations)
    context["show_proposals"] = show_proposals
    head, text = _article_fragments(request, article)
    from_path = request.GET.get("from", "")
    preceding, following = list_neighbours(article, from_path)
    return render(
        request,
        "articles/article_detail.html",
        context
        | {
            "article_head": head,
            "article_text": text,
            "from_path": from_path if _list_query(from_path) is not None else "",
            "preceding": preceding,
            "following": following,
        },
    )
