"""The comparison matrix: outlets (or claimants) × claims, and the passages behind one cell."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Annotation, Claim, Claimant, Outlet
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


def build_matrix(request: HttpRequest) -> tuple[matrix.Matrix, MentionFilterForm, int]:
    mode, top, form = matrix_params(request)
    return matrix.filtered_matrix(form=form, mode=mode, max_claims=top), form, top


@require_GET
def matrix_page(request: HttpRequest) -> HttpResponse:
    table, form, top = build_matrix(request)
    rtl = get_language_bidi()
    peak = table.max_cell
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
            "tally": tallies.tally(passages[:CELL_LIMIT]),
            "form": form,
            "filters": form.query_items,
        },
    )


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0
