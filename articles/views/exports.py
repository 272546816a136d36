"""Exports of what a page shows (CSV and JSON, with the page's filters) and the W3C Web
Annotation interchange: JSON-LD per article and per claim, and an upload form to import it."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.claims import webannotation
from articles.models import Annotation, AnnotationImport, AnnotationQuerySet, Article, Claim
from articles.reports import dates, filters, streams
from articles.reports.export_cells import csv_lines
from articles.reports.filters import MentionFilterForm
from articles.search import short_lists
from articles.tasks import run_annotation_import
from articles.views.matrix import build_matrix
from newsroom.security import safe_url

JSONLD_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
FORMATS = {"csv", "json"}
MENTION_COLUMNS = [
    "annotation_id", "link", "article_id", "article_title", "source_url", "outlet", "outlet_slug",
    "outlet_alignment", "published_at", "date_source", "claim_id", "claim", "claim_gloss_en",
    "claimant_id", "claimant", "chain", "stance", "framing", "review_status", "tags", "part",
    "quote", "start", "end", "note", "author", "created_at", "updated_at",
]  # fmt: skip


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _csv_response(columns: list[str], rows: list[dict[str, Any]], filename: str) -> HttpResponse:
    response = HttpResponse(
        "".join(csv_lines(columns, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _json_response(payload: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def mention_row(mention: Annotation, base: str) -> dict[str, Any]:
    """One annotation as a flat record (the annotation must come from `with_details()`)."""
    article = mention.article
    return {
        "annotation_id": mention.pk,
        "link": base + mention.get_absolute_url(),
        "article_id": article.pk,
        "article_title": article.title,
        "source_url": safe_url(article.url),
        "outlet": article.outlet.name_ar,
        "outlet_slug": article.outlet.slug,
        "outlet_alignment": article.outlet.alignment,
        "published_at": (
            dates.outlet_local(article.published_at, article.outlet).isoformat()
            if article.published_at
            else ""
        ),
        "date_source": article.published_at_source if article.published_at else "undated",
        "claim_id": mention.claim_id or "",
        "claim": mention.claim.text_ar if mention.claim else "",
        "claim_gloss_en": mention.claim.gloss_en if mention.claim else "",
        "claimant_id": mention.claimant_id or "",
        "claimant": mention.claimant.name_ar if mention.claimant else "",
        "chain": [step.claimant.name_ar for step in mention.chain.all()],
        "stance": mention.stance,
        "framing": mention.framing,
        "review_status": mention.review_status,
        "tags": sorted(t.name for t in mention.tags.all()),
        # The text the quote and offsets are in: "body", "title" (the headline) or "byline".
        "part": mention.part,
        "quote": mention.quote,
        "start": mention.start,
        "end": mention.end,
        "note": mention.note,
        "author": mention.author.get_username() if mention.author else "",
        "created_at": mention.created_at.isoformat(),
        "updated_at": mention.updated_at.isoformat(),
    }


def scoped_mentions(request: HttpRequest, form: MentionFilterForm) -> AnnotationQuerySet:
    """The mentions a page shows: its scope (claim, outlet, claimant, matrix cell, the claims a
    search finds) and filters."""
    mentions = Annotation.objects.all()
    if query := request.GET.get("q", "").strip()[:200]:  # the claims list's search
        claims = short_lists.search_queryset(Claim.objects.all(), query, ["text_ar", "gloss_en"])
        mentions = mentions.filter(claim__in=claims)
    scopes = {"claim": "claim_id", "outlet": "article__outlet__slug", "claimant": "claimant_id"}
    for param, lookup in scopes.items():
        if value := request.GET.get(param):
            if lookup.endswith("_id") and not value.isdigit():
                continue
            mentions = mentions.filter(**{lookup: value})
    if request.GET.get("row", "").isdigit():
        row_lookup = (
            "claimant_id" if request.GET.get("mode") == "claimants" else "article__outlet_id"
        )
        mentions = mentions.filter(**{row_lookup: request.GET["row"]})
    return filters.filter_mentions(mentions, form)


def filter_errors(form: MentionFilterForm) -> HttpResponse | None:
    if form.is_bound and not form.is_valid():
        problems = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]  # type: ignore[arg-type]  # django-stubs: ErrorList yields messages, not ValidationErrors
        return HttpResponseBadRequest(
            _("The filters are not valid: %(problems)s") % {"problems": "; ".join(problems)},
            content_type="text/plain; charset=utf-8",
        )
    return None


@require_GET
def mentions_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    form = MentionFilterForm(request.GET or None)
    if (error := filter_errors(form)) is not None:
        return error
    base = _base(request)
    # Streamed: every annotation of the room, with the page's filters, may be 100,000 rows.
    scoped = scoped_mentions(request, form)
    rows = (mention_row(m, base) for m in streams.mentions_by_date(scoped))
    if fmt == "csv":
        return streams.streaming_response(
            csv_lines(MENTION_COLUMNS, rows),
            content_type="text/csv; charset=utf-8",
            filename="mentions.csv",
        )
    document = {"filters": dict(request.GET.items()), "count": scoped.count(), "mentions": []}
    return streams.streaming_response(
        streams.json_with_list(document, ["mentions"], rows),
        content_type="application/json; charset=utf-8",
        filename="mentions.json",
    )


@require_GET
def matrix_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = MentionFilterForm(request.GET or None)
    if (error := filter_errors(form)) is not None:
        return error
    table, _form, _top = build_matrix(request)
    rows = []
    for row, cells in table.grid:
        for claim, cell in cells:
            if cell is None:
                continue
            rows.append(
                {
                    "row_type": table.mode[:-1],
                    "row_id": row.key,
                    "row": row.label,
                    "claim_id": claim.pk,
                    "claim": claim.text_ar,
                    "claim_gloss_en": claim.gloss_en,
                    "mentions": cell.total,
                    **{f"stance_{s}": cell.stance[s] for s in filters.STANCES},
                    **{f"framing_{f}": cell.framing[f] for f in filters.FRAMINGS},
                }
            )
    columns = [
        "row_type", "row_id", "row", "claim_id", "claim", "claim_gloss_en", "mentions",
        *(f"stance_{s}" for s in filters.STANCES), *(f"framing_{f}" for f in filters.FRAMINGS),
    ]  # fmt: skip
    if fmt == "csv":
        return _csv_response(columns, rows, f"matrix-{table.mode}")
    return _json_response(
        {
            "mode": table.mode,
            "filters": dict(request.GET.items()),
            "claims_shown": len(table.claims),
            "claims_total": table.total_claims,
            "rows_shown": len(table.rows),
            "rows_total": table.total_rows,
            "cells": rows,
        },
        f"matrix-{table.mode}",
    )


def _jsonld(
    request: HttpRequest, mentions: AnnotationQuerySet, label: str, filename: str
) -> HttpResponse:
    """A collection (one article's or claim's: small; the all-annotations export streams the
    same `iter_collection` through a StreamingHttpResponse)."""
    pieces = webannotation.iter_collection(
        mentions.with_details().order_by("article_id", "start", "pk").iterator(chunk_size=2000),
        base=_base(request),
        id=request.build_absolute_uri(),
        label=label,
        total=mentions.count(),
    )
    response = HttpResponse("".join(pieces), content_type=JSONLD_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.jsonld"'
    return response


@require_GET
def w3c_annotation(request: HttpRequest, pk: int) -> HttpResponse:
    """One annotation, standalone (its own @context): what its `id` names."""
    annotation = get_object_or_404(Annotation.objects.with_details(), pk=pk)
    return JsonResponse(
        webannotation.annotation_to_w3c(annotation, _base(request), standalone=True),
        content_type=JSONLD_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_GET
def w3c_article(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return _jsonld(
        request,
        Annotation.objects.filter(article=article),
        str(article),
        f"article-{pk}-annotations",
    )


@require_GET
def w3c_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    return _jsonld(
        request, Annotation.objects.filter(claim=claim), claim.text_ar, f"claim-{pk}-annotations"
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Annotation file (JSON or JSON-LD)"),
        help_text=gettext_lazy(
            "A Web Annotation export of this or another reading room, or annotations exported "
            "from Hypothesis (its JSON or JSON-LD)."
        ),
    )
    dry_run = forms.BooleanField(
        required=False,
        initial=True,
        label=gettext_lazy("Dry run: only report what would be created, matched and refused"),
    )


def _store_upload(upload: Any) -> tuple[bytes, str]:
    """Small files in the row, bigger ones streamed to disk (IMPORT_UPLOAD_DIR)."""
    if upload.size <= webannotation.MAX_BYTES:
        return upload.read(), ""
    folder = Path(settings.IMPORT_UPLOAD_DIR) / "annotations"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".json", delete=False) as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return b"", out.name


@require_http_methods(["GET", "POST"])
def w3c_import(request: HttpRequest) -> HttpResponse:
    """Receive the file and hand it to the background worker (big files take longer than a
    request may); the status page shows the outcome or the dry run's report."""
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > webannotation.MAX_FILE_BYTES:
            problems = [
                _("The file is larger than %(mb)s MB.")
                % {"mb": webannotation.MAX_FILE_BYTES // (1024 * 1024)}
            ]
        else:
            data, path = _store_upload(upload)
            with transaction.atomic():
                job = AnnotationImport.objects.create(
                    created_by=request.user,  # type: ignore[misc]
                    name=(upload.name or "annotations.jsonld")[:500],
                    data=data,
                    path=path,
                    dry_run=form.cleaned_data["dry_run"],
                    room_hosts=[request.get_host()],
                )
                transaction.on_commit(lambda: run_annotation_import.enqueue(job.pk))
            return redirect("w3c_import_status", pk=job.pk)
    recent = AnnotationImport.objects.filter(created_by_id=request.user.pk).only(
        "pk", "name", "status", "dry_run", "created", "created_at"
    )[:10]
    return render(
        request,
        "claims/w3c_import.html",
        {"form": form, "result": None, "problems": problems, "recent": recent},
        status=400 if problems else 200,
    )


def _own_import(request: HttpRequest, pk: int) -> AnnotationImport:
    job = get_object_or_404(AnnotationImport, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@require_GET
def w3c_import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_import(request, pk)
    active = job.status in (AnnotationImport.Status.PENDING, AnnotationImport.Status.RUNNING)
    template = "claims/w3c_import_status.html"
    if request.headers.get("HX-Request"):
        template += "#status"
    can_run = (
        job.dry_run and job.status == AnnotationImport.Status.DONE and (job.path or bytes(job.data))
    )
    return render(
        request,
        template,
        {"job": job, "active": active, "report": job.report or {}, "can_run": bool(can_run)},
    )


@require_POST
def w3c_import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """After a dry run: import the same file for real."""
    checked = _own_import(request, pk)
    if not (checked.dry_run and checked.status == AnnotationImport.Status.DONE):
        raise Http404
    with transaction.atomic():
        job = AnnotationImport.objects.create(
            created_by=checked.created_by,
            name=checked.name,
            data=bytes(checked.data),
            path=checked.path,
            room_hosts=checked.room_hosts,
        )
        AnnotationImport.objects.filter(pk=checked.pk).update(data=b"", path="")
        transaction.on_commit(lambda: run_annotation_import.enqueue(job.pk))
    return redirect("w3c_import_status", pk=job.pk)
