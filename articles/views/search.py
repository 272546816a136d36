"""The search page (/search, live as the reader types) and the JSON search API (/api/search)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from articles.infrastructure.freshness import cached, cached_html, fresh_key
from articles.models import Article, Claim, Claimant, Outlet, Tag
from articles.reports.dates import outlet_local
from articles.reports.export_cells import csv_lines, safe_cells
from articles.reports.filters import DateRangeForm
from articles.search.execution import (
    Cursor,
    Filters,
    every_hit,
    outlet_counts,
    page_after,
    paginate,
    search_plan,
)
from articles.search.query import MAX_QUERY_CHARS, ParsedQuery, QueryError, parse_query
from articles.search.snippets import highlight, scan_budget
from articles.search.suggestions import suggest
from articles.views.htmx import wants_partial
from newsroom.security import safe_url

PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 1000
# Suggest a spelling only when the query finds little: a common word needs no correction.
SUGGEST_BELOW = 3


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class SearchForm(DateRangeForm):
    field_order = [
        "q",
        "outlet",
        "date_from",
        "date_to",
        "claim",
        "claimant",
        "tag",
        "annotated",
        "copies",
        "sort",
    ]

    q = forms.CharField(label=gettext_lazy("Search"), required=False, strip=True)
    outlet = forms.ModelChoiceField(
        Outlet.objects.order_by("name_ar"),
        to_field_name="slug",
        required=False,
        label=gettext_lazy("Outlet"),
        empty_label=gettext_lazy("All outlets"),
    )
    claim = forms.ModelChoiceField(
        Claim.objects.order_by("text_ar"),
        required=False,
        label=gettext_lazy("Claim"),
        empty_label=gettext_lazy("Any claim"),
    )
    claimant = forms.ModelChoiceField(
        Claimant.objects.order_by("name_ar"),
        required=False,
        label=gettext_lazy("Claimant"),
        empty_label=gettext_lazy("Any claimant"),
    )
    tag = forms.ModelChoiceField(
        Tag.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=gettext_lazy("Tag"),
        empty_label=gettext_lazy("Any tag"),
    )
    annotated = forms.ChoiceField(
        choices=[
            ("", gettext_lazy("Annotated or not")),
            ("yes", gettext_lazy("Annotated")),
            ("no", gettext_lazy("Not annotated")),
        ],
        required=False,
        label=gettext_lazy("Annotations"),
    )
    copies = forms.ChoiceField(
        choices=[
            ("", gettext_lazy("Copies included")),
            ("hide", gettext_lazy("Copies of other outlets' articles hidden")),
        ],
        required=False,
        label=gettext_lazy("Copies"),
    )
    sort = forms.ChoiceField(
        choices=[
            ("relevance", gettext_lazy("Most relevant")),
            ("newest", gettext_lazy("Newest first")),
            ("oldest", gettext_lazy("Oldest first")),
        ],
        required=False,
        label=gettext_lazy("Sort"),
    )

    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(
            outlet=d["outlet"].slug if d.get("outlet") else "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            claim=d["claim"].pk if d.get("claim") else None,
            claimant=d["claimant"].pk if d.get("claimant") else None,
            tag=d["tag"].slug if d.get("tag") else "",
            annotated={"yes": True, "no": False}.get(d.get("annotated") or ""),
            hide_copies=d.get("copies") == "hide",
        )


@dataclass
class Hit:
    article: Article
    title: SafeString
    snippet: SafeString
    link: str


@dataclass
class Outcome:
    """What a search produced: errors or results, with everything the page shows."""

    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    query: ParsedQuery | None = None
    page: Page[Article] | None = None
    hits: list[Hit] = field(default_factory=list)
    outlets: list[dict[str, Any]] = field(default_factory=list)
    suggestion: str | None = None
    count_exact: bool = True  # false when the count stopped at a cap ("more than")
    # The best of the newest hits while the ranking of a frequent word is being prepared:
    # said on the page and never cached.
    provisional: bool = False
    # A page read after a cursor (the API's `next`): whether more hits follow it.
    more: bool | None = None


# Far past any real result list, and far below PostgreSQL's bigint (an OFFSET of 10**20 is an
# error there, not an empty page).
MAX_PAGE_NUMBER = 100_000


def _page_number(raw: str | None) -> int | None:
    if raw is not None and len(raw) > 12:
        return None
    try:
        number = int(raw or "1")
    except ValueError:
        return None
    return number if 1 <= number <= MAX_PAGE_NUMBER else None


def _run(
    form: SearchForm,
    page_number: int,
    page_size: int,
    *,
    facets: bool,
    exact_count: bool = False,
    cursor: Cursor | None = None,
) -> Outcome:
    if not form.is_valid():
        return Outcome(errors=[str(e) for errs in form.errors.values() for e in errs])
    try:
        query = parse_query(form.cleaned_data["q"])
    except QueryError as exc:
        return Outcome(errors=[str(exc)])
    filters = form.filters()
    with search_plan():
        if cursor is not None:
            return _results_after(form, query, filters, page_number, page_size, cursor, exact_count)
        return _results(
            form, query, filters, page_number, page_size, facets=facets, exact_count=exact_count
        )


def _cacheable(form: SearchForm) -> bool:
    """Results may be cached unless they depend on annotations (an invalid form only gives
    messages, which depend on the address alone)."""
    return not (form.is_valid() and form.filters().on_annotations)


def _storable(outcome: Outcome) -> Outcome:
    """The outcome as it can be cached: the page keeps its numbers and articles but not its
    query, and the hits keep their rendered snippets but not the bodies they were cut from."""
    for hit in outcome.hits:
        hit.article.__dict__.pop("body", None)  # deferred again: never read from a hit
    if outcome.page is not None:
        paginator = outcome.page.paginator
        count_only: Paginator[Any] = Paginator(range(paginator.count), paginator.per_page)
        articles = [hit.article for hit in outcome.hits]
        outcome.page = Page(articles, outcome.page.number, count_only)
    return outcome


def _hits(form: SearchForm, query: ParsedQuery, articles: list[Article]) -> list[Hit]:
    q = form.cleaned_data["q"]
    budget = scan_budget(len(articles))
    memo: dict[str, int] = {}  # the page's words, matched once each
    return [
        Hit(
            article=a,
            title=mark_safe(highlight(a.title, query, limit=None, memo=memo)),
            snippet=mark_safe(
                highlight(
                    a.body, query, scan_chars=budget, skip_spans=a.boilerplate_spans, memo=memo
                )
            ),
            link=reverse("article_detail", args=[a.pk]) + "?" + urlencode({"q": q}),
        )
        for a in articles
    ]


def _results_after(
    form: SearchForm,
    query: ParsedQuery,
    filters: Filters,
    page_number: int,
    page_size: int,
    cursor: Cursor,
    exact_count: bool,
) -> Outcome:
    """The page after `cursor` (a `next` link of the API): the hits after the previous page's
    last one, found by its sort key, not by skipping the pages before it. The count is the one
    of the first page (capped) or, past its cap, the hits handed over so far: a lower bound,
    `count_exact` false."""
    sort = form.cleaned_data.get("sort") or "relevance"
    articles = page_after(query, filters, sort, page_size, cursor, hint=page_number * page_size)
    more = len(articles) > page_size
    articles = articles[:page_size]
    paginator = paginate(query, filters, sort, page_size, exact_count=exact_count)
    count = paginator.count
    if not paginator.exact:
        count = max(count, (page_number - 1) * page_size + len(articles) + int(more))
    counted: Paginator[Any] = Paginator(range(count), page_size)
    return Outcome(
        notices=list(query.notices),
        query=query,
        page=Page(articles, page_number, counted),
        hits=_hits(form, query, articles),
        count_exact=paginator.exact,
        more=more,
    )


def _results(
    form: SearchForm,
    query: ParsedQuery,
    filters: Filters,
    page_number: int,
    page_size: int,
    *,
    facets: bool,
    exact_count: bool = False,
) -> Outcome:
    sort = form.cleaned_data.get("sort") or "relevance"
    paginator = paginate(query, filters, sort, page_size, page_number, exact_count=exact_count)
    if page_number > max(paginator.num_pages, 1):
        return Outcome(errors=[_("There is no page %(n)d of these results.") % {"n": page_number}])
    page = paginator.page(page_number)
    hits = _hits(form, query, list(page.object_list))
    provisional = bool(getattr(paginator.object_list, "provisional", False))
    notices = list(query.notices)
    if provisional:
        notices.append(
            _(
                "The ranking of this search is still being prepared: these are the best matches"
                " among its most recent hits. Search again in a few minutes for the best"
                " matches of all."
            )
        )
    outcome = Outcome(
        notices=notices,
        query=query,
        page=page,
        hits=hits,
        count_exact=paginator.exact,
        provisional=provisional,
    )
    if facets:
        outcome.outlets = outlet_counts(query, filters, exact=paginator.exact)
    if paginator.count < SUGGEST_BELOW:
        outcome.suggestion = suggest(query.words)
    return outcome


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    # The form sends every filter, chosen or not; the address to keep and share names only
    # the chosen ones (htmx pushes it from HX-Push-Url; a plain GET is redirected to it).
    kept = request.GET.copy()
    for name in [name for name, values in kept.lists() if not any(v.strip() for v in values)]:
        del kept[name]
    clean_url = request.path + (f"?{kept.urlencode()}" if kept else "")
    if len(kept) != len(request.GET) and not wants_partial(request):
        return redirect(clean_url)
    form = SearchForm(request.GET or None)
    asked = any(v for k, v in request.GET.items() if k != "sort")

    provisional = False

    def render_results() -> str:
        nonlocal provisional
        context = _results_context(request, form, asked)
        provisional = context["outcome"].provisional
        return render_to_string("search/search.html#results", context, request)

    if asked and _cacheable(form):
        # The rendered results depend only on the address, the language and the corpus (and a
        # provisional ranking is kept only until the lists are ready).
        results = cached_html(
            fresh_key("corpus", "search-html", sorted(request.GET.lists())),
            render_results,
            keep=lambda _html: not provisional,
        )
    else:
        results = mark_safe(render_results())  # rendered and escaped by the template
    if wants_partial(request):
        response = HttpResponse(results)
        if len(kept) != len(request.GET):
            response["HX-Push-Url"] = clean_url
        return response

    def filters_html() -> SafeString:
        """The filter menus (every outlet, claim, claimant and tag), rendered once per
        catalogue generation and chosen values; only full pages show them."""
        chosen = sorted((k, v) for k, v in request.GET.lists() if k not in ("q", "page"))
        key = fresh_key("catalogue", "search-filters", chosen)
        return cached_html(
            key, lambda: render_to_string("search/search.html#filters", {"form": form}, request)
        )

    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "filters_html": filters_html,
            "results_html": results,
            "max_query_chars": MAX_QUERY_CHARS,
        },
    )


def _results_context(request: HttpRequest, form: SearchForm, asked: bool) -> dict[str, Any]:
    page_number = _page_number(request.GET.get("page"))
    if not asked:
        outcome = Outcome()
    elif page_number is None:
        outcome = Outcome(errors=[_("The page number must be a whole number from 1.")])
    else:
        outcome = _run(form, page_number, PAGE_SIZE, facets=True)
    params = request.GET.copy()
    params.pop("page", None)
    for row in outcome.outlets:
        facet = params.copy()
        facet["outlet"] = str(row["outlet__slug"])
        row["link"] = "?" + facet.urlencode()
    all_outlets = params.copy()
    all_outlets.pop("outlet", None)
    dropped = []
    if asked and not outcome.hits and not outcome.errors and form.is_bound:
        for name, value in params.items():
            if name in ("q", "sort") or not value or name not in form.fields:
                continue
            without = params.copy()
            without.pop(name)
            dropped.append({"label": form.fields[name].label, "link": "?" + without.urlencode()})
    return {
        "dropped_filters": dropped,
        "max_query_chars": MAX_QUERY_CHARS,
        "asked": asked,
        "outcome": outcome,
        "params": params.urlencode(),
        "all_outlets_link": "?" + all_outlets.urlencode(),
        "selected_outlet": request.GET.get("outlet", ""),
    }


def _api_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return _api_error(_("Log in to use the search API."), status=401)
    page_number = _page_number(request.GET.get("page"))
    if page_number is None:
        return _api_error(_("page must be a whole number from 1."))
    try:
        page_size = int(request.GET.get("page_size") or PAGE_SIZE)
    except ValueError:
        page_size = 0
    if not 1 <= page_size <= API_MAX_PAGE_SIZE:
        return _api_error(
            _("page_size must be a whole number from 1 to %(max)d.") % {"max": API_MAX_PAGE_SIZE}
        )
    if not (request.GET.get("q") or "").strip():
        return _api_error(_("q is required: the words to search for."))
    count_mode = request.GET.get("count", "")
    if count_mode not in ("", "capped", "exact"):
        return _api_error(_("count must be capped or exact."))
    exact_count = count_mode == "exact"
    cursor = None
    if "after" in request.GET:
        try:
            cursor = Cursor.parse(request.GET["after"])
        except ValueError:
            return _api_error(_("after must be the one of a next link of these results."))
    form = SearchForm(request.GET)

    def run() -> Outcome:
        return _run(
            form, page_number, page_size, facets=False, exact_count=exact_count, cursor=cursor
        )

    # A page after a cursor is asked once by the client walking (the walk's order is what is
    # kept, see `execution.ranked_order`): storing its up to 1,000 hits would only cost.
    if _cacheable(form) and cursor is None:
        key = fresh_key("corpus", "search-api", sorted(request.GET.lists()))
        outcome = cached(key, lambda: _storable(run()), keep=lambda o: not o.provisional)
    else:
        outcome = run()
    if outcome.errors:
        return _api_error(" ".join(outcome.errors))
    assert outcome.page is not None
    next_url = None
    # Past the count's cap the page is full and more hits exist (the count stopped at a cap of
    # at least this page's end): `next` leads on until the last hit.
    if outcome.more is not None:
        more = outcome.more
    else:
        more = outcome.page.has_next() or (
            not outcome.count_exact and len(outcome.hits) == page_size
        )
    if more:
        params = request.GET.copy()
        params["page"] = str(outcome.page.number + 1)
        if not outcome.count_exact and not outcome.provisional:
            # Past the cap, the next page is the hits after this page's last one (its sort
            # key): no page before it is ranked or sorted again to skip it.
            params["after"] = Cursor.after(outcome.hits[-1].article).token()
        next_url = request.build_absolute_uri(reverse("search_api") + "?" + params.urlencode())
    return JsonResponse(
        {
            "count": outcome.page.paginator.count,
            # False when the count stopped at a cap: there are more hits than `count`.
            "count_exact": outcome.count_exact,
            # True while the ranking of a frequent word is being prepared: the results are the
            # best of its most recent hits, not of all of them.
            "provisional": outcome.provisional,
            "next": next_url,
            "results": [
                {
                    "id": h.article.pk,
                    "title": h.article.title,
                    "url": safe_url(h.article.url),
                    "outlet": h.article.outlet.slug,
                    "published_at": h.article.published_at.isoformat()
                    if h.article.published_at
                    else None,
                    "snippet": str(h.snippet),
                }
                for h in outcome.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


EXPORT_MEMO_FORMS = 100_000
EXPORT_COLUMNS = ["id", "outlet", "published_at", "title", "url", "snippet"]


def _export_row(article: Article, query: ParsedQuery, memo: dict[str, int]) -> dict[str, Any]:
    published = article.published_at
    return {
        "id": article.pk,
        "outlet": article.outlet.slug,
        "published_at": outlet_local(published, article.outlet).isoformat() if published else "",
        "title": article.title,
        "url": safe_url(article.url),
        "snippet": strip_tags(
            highlight(article.body, query, skip_spans=article.boilerplate_spans, memo=memo)
        ),
    }


@require_GET
def search_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """Every hit of a search (same box and filters as the page), streamed as CSV or JSON Lines:
    id, outlet, date in the outlet's zone, title, URL, snippet; one chunk in memory at a time."""
    form = SearchForm(request.GET)
    if not form.is_valid() or not (form.cleaned_data.get("q") or "").strip():
        errors = [str(e) for errs in form.errors.values() for e in errs] or [
            _("Write what to search for first.")
        ]
        return HttpResponse(" ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    try:
        query = parse_query(form.cleaned_data["q"])
    except QueryError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    filters, sort = form.filters(), form.cleaned_data.get("sort") or "relevance"

    def rows() -> Iterator[dict[str, Any]]:
        memo: dict[str, int] = {}  # written forms matched once each, a bounded number at a time
        with search_plan():
            for article in every_hit(query, filters, sort):
                if len(memo) > EXPORT_MEMO_FORMS:
                    memo.clear()
                yield _export_row(article, query, memo)

    if fmt == "csv":
        body: Iterator[str] = csv_lines(EXPORT_COLUMNS, rows())
        content_type = "text/csv; charset=utf-8"
    else:
        body = (json.dumps(safe_cells(row), ensure_ascii=False) + "\n" for row in rows())
        content_type = "application/x-ndjson; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="search.{fmt}"'
    return response
