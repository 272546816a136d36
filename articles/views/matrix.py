"""The comparison matrix: outlets (or claimants) × claims, and the passages behind one cell."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Annotation, Article, Claim, Claimant, Outlet
from articles.reports import charts, filters, matrix, tallies
from articles.reports.filters import MatrixMode, MentionFilterForm
from articles.views.htmx import render_page_or_partial

TOP_CHOICES = (15, 30, 60)
CELL_LIMIT = 200


def matrix_params(request: HttpRequest) -> tuple[MatrixMode, int, MentionFilterForm]:
    mode: MatrixMode = "claimants" if request.GET.get("mode") == "claimants" else "outlets"
    try:
        top = int(request.GET.get("top", TOP_CHOICES[0]))
    except ValueError:
        top = TOP_CHOICES[0]
    if top not in TOP_CHOICES:
        top = TOP_CHOICES[0]
    return mode, top, MentionFilterForm(request.GET or None)


def copies_wanted(request: HttpRequest) -> bool:
    """Whether word-for-word copies count for the outlet that published them (the default: who
    carries what is the question the matrix answers); `copies=exclude` counts each text once."""
    return request.GET.get("copies") != "exclude"


def build_matrix(request: HttpRequest) -> tuple[matrix.Matrix, MentionFilterForm, int]:
    mode, top, form = matrix_params(request)
    table = matrix.filtered_matrix(
        form=form, mode=mode, max_claims=top, copies=copies_wanted(request)
    )
    return table, form, top


@require_GET
def matrix_page(request: HttpRequest) -> HttpResponse:
    table, form, top = build_matrix(request)
    rtl = get_language_bidi()
    peak = table.max_cell
    # Each cell's link is this page's query with its row and claim (what `{% querystring %}`
    # gives), built here from one encoded prefix: the tag per cell (hundreds of them) copied
    # and encoded the whole query twice each.
    query = request.GET.copy()
    for name in ("row", "claim"):
        query.pop(name, None)
    prefix = query.urlencode()
    cell_base = reverse("matrix_cell") + "?" + (prefix + "&" if prefix else "")
    grid = []
    for row, cells in table.grid:
        drawn: list[dict[str, Any]] = []
        for claim, cell in cells:
            if cell is None:
                drawn.append({"claim": claim, "cell": None})
                continue
            title = charts.cell_title(row.label, str(claim), cell)
            drawn.append(
                {
                    "claim": claim,
                    "cell": cell,
                    "title": title,
                    "glyph": charts.cell_glyph(cell, peak=peak, rtl=rtl, title=title),
                    "url": f"{cell_base}row={row.key}&claim={claim.pk}",
                }
            )
        grid.append((row, drawn))
    filters = form.query_items
    return render(
        request,
        "claims/matrix.html",
        {
            "matrix": table,
            "grid": grid,
            "form": form,
            "filters": filters,
            "mode": table.mode,
            "copies": copies_wanted(request),
            "top": top,
            "top_choices": TOP_CHOICES,
            "stance_colors": charts.STANCE_COLORS,
            "framing_colors": charts.FRAMING_COLORS,
            "stances": Annotation.Stance.choices,
            "framings": Annotation.Framing.choices,
        },
    )


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def matrix_cell(request: HttpRequest) -> HttpResponse:
    mode, _top, form = matrix_params(request)
    claim = get_object_or_404(Claim, pk=_int(request.GET.get("claim")))
    row_id = _int(request.GET.get("row"))
    row: Any
    mentions = Annotation.objects.filter(claim=claim)
    if mode == "outlets":
        row = get_object_or_404(Outlet, pk=row_id)
        mentions = mentions.filter(article__outlet=row)
    else:
        row = get_object_or_404(Claimant, pk=row_id)
        mentions = mentions.filter(claimant=row)
    mentions = filters.filter_mentions(mentions, form)
    passages = list(
        mentions.with_details().order_by("article__published_at", "article_id", "start")[
            : CELL_LIMIT + 1
        ]
    )
    carried: list[Annotation] = []
    copies = copies_wanted(request) and mode == "outlets"
    if copies:
        carried = carried_passages(claim=claim, outlet=row, form=form)
    return render_page_or_partial(
        request,
        "claims/matrix_cell.html",
        partial="passages",
        context={
            "claim": claim,
            "row": row,
            "mode": mode,
            "passages": passages[:CELL_LIMIT],
            "truncated": len(passages) > CELL_LIMIT,
            "tally": tallies.tally(passages[:CELL_LIMIT] + carried),
            "carried": carried,
            "copies": copies,
            "form": form,
            "filters": form.query_items,
        },
    )


def carried_passages(*, claim: Claim, outlet: Outlet, form: MentionFilterForm) -> list[Annotation]:
    """The original's passages that `outlet`'s word-for-word copies carry (copies without
    annotations of their own), each once per copy, with `via` set to the copy."""
    copies = {
        copy.copy_of_id: copy
        for copy in filters.filter_articles(
            Article.objects.filter(outlet=outlet, copy_of__isnull=False).exclude(
                Exists(Annotation.objects.filter(article=OuterRef("pk")))
            ),
            form,
        ).only("pk", "copy_of_id", "title", "published_at")[:CELL_LIMIT]
    }
    if not copies:
        return []
    found = filters.filter_mentions(
        Annotation.objects.filter(claim=claim, article_id__in=list(copies)), form, by_article=False
    )
    passages = list(found.with_details().order_by("article_id", "start")[:CELL_LIMIT])
    for passage in passages:
        passage.via = copies[passage.article_id]  # type: ignore[attr-defined]
    return passages


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0
