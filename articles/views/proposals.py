"""The extractor's proposals on the article page (accept, reject, accept all high-confidence)
and, for leads, how reviewers judged them per outlet and cue.

htmx requests get the proposal panel back (`#proposal-panel`, swapped outerHTML) and, after an
accept, an `annotationSaved` event so that the annotation panel and the highlights follow.
Without JavaScript each form posts and the page comes back with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from articles.infrastructure import permissions
from articles.models import Annotation, Article, AttributionProposal, Claim, Outlet
from articles.proposals import services
from articles.views.htmx import (
    AuthenticatedHtmxHttpRequest,
    HtmxHttpRequest,
    render_page_or_partial,
)

Status = AttributionProposal.Status
PANEL = "proposals/panel.html#panel"


def proposal_panel_context(
    article: Article, proposals: list[AttributionProposal], annotations: list[Annotation]
) -> dict[str, Any]:
    """The panel from all of an article's proposals (one query, any status): the pending ones an
    annotation does not already cover, in reading order, each with its likely claims (one more
    query for all of them), and how many were decided."""
    pending = sorted(
        (
            p
            for p in proposals
            if p.status == Status.PENDING and not services.covered(p, annotations)
        ),
        key=lambda p: (p.start, p.cue_start, p.pk),
    )
    for proposal, likely in zip(pending, services.likely_claims(pending), strict=True):
        proposal.likely_claims = likely  # type: ignore[attr-defined]
    decided = [p for p in proposals if p.status != Status.PENDING]
    return {
        "article": article,
        "proposals": pending,
        "high_confidence": sum(1 for p in pending if p.confidence >= services.HIGH_CONFIDENCE),
        "threshold": services.HIGH_CONFIDENCE,
        "same_claim_score": services.SAME_CLAIM_SCORE,
        "accepted_count": sum(1 for p in decided if p.status != Status.REJECTED),
        "rejected_count": sum(1 for p in decided if p.status == Status.REJECTED),
    }


def _panel(
    request: HttpRequest, article: Article, *, undo: AttributionProposal | None = None
) -> HttpResponse:
    """The panel alone; `undo` offers to reopen the proposal just rejected."""
    proposals = list(AttributionProposal.objects.filter(article=article))
    annotations = list(
        Annotation.objects.filter(article=article).only("part", "start", "end", "is_orphan")
    )
    context = proposal_panel_context(article, proposals, annotations) | {"undo": undo}
    return render(request, PANEL, context)


def _require_reviewer(request: HttpRequest) -> None:
    if not permissions.can_review_proposals(request.user):
        raise PermissionDenied(_("Only reviewers can accept or reject proposals."))


def _answer(
    request: HtmxHttpRequest,
    article: Article,
    *,
    message: str,
    error: bool = False,
    annotation: Annotation | None = None,
    saved: bool = False,
    undo: AttributionProposal | None = None,
) -> HttpResponse:
    if not request.htmx:
        (messages.error if error else messages.success)(request, message)
        return HttpResponseRedirect(reverse("article_detail", args=[article.pk]))
    response = _panel(request, article, undo=undo)
    response.headers["HX-Reswap"] = "outerHTML"
    if annotation is not None:
        detail = {
            "id": annotation.pk,
            "start": annotation.start,
            "end": annotation.end,
            "stance": annotation.stance,
            "message": message,
        }
        return trigger_client_event(response, "annotationSaved", detail)
    event = "proposalError" if error else ("annotationSaved" if saved else "proposalDecided")
    return trigger_client_event(response, event, {"message": message})


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def proposal_panel(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet").only("pk", "outlet"), pk=pk
    )
    if not request.htmx:
        return HttpResponseRedirect(reverse("article_detail", args=[pk]))
    return _panel(request, article)


def _proposal(pk: int) -> AttributionProposal:
    return get_object_or_404(AttributionProposal.objects.select_related("article__outlet"), pk=pk)


@require_POST
def proposal_accept(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    """Accept; `claim` (optional) is the likely claim the reviewer chose, else the default."""
    _require_reviewer(request)
    proposal = _proposal(pk)
    chosen = request.POST.get("claim", "")
    try:
        if chosen and not chosen.isdigit():
            raise ValidationError(_("Choose one of the proposal's likely claims."), code="claim")
        claim = get_object_or_404(Claim, pk=int(chosen)) if chosen else None
        annotation = services.proposal_accept(proposal=proposal, user=request.user, claim=claim)
    except ValidationError as error:
        return _answer(request, proposal.article, message=" ".join(error.messages), error=True)
    return _answer(
        request,
        proposal.article,
        message=_("Accepted: a draft annotation was created."),
        annotation=annotation,
    )


@require_POST
def proposal_reject(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    proposal = _proposal(pk)
    try:
        services.proposal_reject(proposal=proposal, user=request.user)
    except ValidationError as error:
        return _answer(request, proposal.article, message=" ".join(error.messages), error=True)
    return _answer(
        request,
        proposal.article,
        message=_("Rejected: it will not be proposed again."),
        undo=proposal,
    )


@require_POST
def proposal_reopen(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    proposal = _proposal(pk)
    try:
        services.proposal_reopen(proposal=proposal, user=request.user)
    except ValidationError as error:
        return _answer(request, proposal.article, message=" ".join(error.messages), error=True)
    return _answer(request, proposal.article, message=_("The proposal awaits review again."))


@require_POST
def proposals_accept_all(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    try:
        accepted = services.proposals_accept_high_confidence(article=article, user=request.user)
    except ValidationError as error:
        return _answer(request, article, message=" ".join(error.messages), error=True)
    message = ngettext(
        "%(n)s proposal accepted as a draft annotation.",
        "%(n)s proposals accepted as draft annotations.",
        len(accepted),
    ) % {"n": len(accepted)}
    return _answer(request, article, message=message, saved=bool(accepted))


# ---- acceptance, for leads -------------------------------------------------------------------

_COUNTS = ("pending", "accepted", "edited", "rejected", "overturned")

# Both tables in one pass over the proposals (GROUPING SETS): per outlet, and per cue.
# "overturned": accepted here, then rejected when a lead resolved a dispute over the draft.
_ACCEPTANCE_SQL = """
SELECT GROUPING(article.outlet_id) = 0 AS per_outlet, article.outlet_id, proposal.cue_lemma,
       count(*) FILTER (WHERE proposal.status = %(pending)s),
       count(*) FILTER (WHERE proposal.status = %(accepted)s),
       count(*) FILTER (WHERE proposal.status = %(edited)s),
       count(*) FILTER (WHERE proposal.status = %(rejected)s),
       count(*) FILTER (WHERE annotation.review_status = %(overturned)s)
FROM articles_attributionproposal proposal
JOIN articles_article article ON article.id = proposal.article_id
LEFT JOIN articles_annotation annotation ON annotation.id = proposal.annotation_id
GROUP BY GROUPING SETS ((article.outlet_id), (proposal.cue_lemma))
"""


def _with_precision(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        decided = row["accepted"] + row["edited"] + row["rejected"]
        row["decided"] = decided
        row["precision"] = (row["accepted"] + row["edited"]) / decided if decided else None
    return rows


def acceptance_tables() -> dict[str, Any]:
    """Per outlet and per cue: proposals accepted, edited, rejected, pending, and precision
    as reviewers judged it ((accepted + edited) / decided); "overturned" counts accepted ones
    whose annotation was rejected in review afterwards. One grouped query, and the outlets'
    names."""
    params = {
        "pending": Status.PENDING,
        "accepted": Status.ACCEPTED,
        "edited": Status.EDITED,
        "rejected": Status.REJECTED,
        "overturned": Annotation.ReviewStatus.REJECTED,
    }
    with connection.cursor() as cursor:
        cursor.execute(_ACCEPTANCE_SQL, params)
        grouped = cursor.fetchall()
    outlets = dict(Outlet.objects.values_list("pk", "name_ar"))
    by_outlet: list[dict[str, Any]] = []
    by_cue: list[dict[str, Any]] = []
    for per_outlet, outlet_id, cue_lemma, *counts in grouped:
        row: dict[str, Any] = dict(zip(_COUNTS, counts, strict=True))
        if per_outlet:
            row |= {"article__outlet_id": outlet_id, "label": outlets.get(outlet_id, "")}
            by_outlet.append(row)
        else:
            row |= {"cue_lemma": cue_lemma, "label": cue_lemma}
            by_cue.append(row)
    _with_precision(by_outlet)
    _with_precision(by_cue)
    total = _with_precision([{key: sum(row[key] for row in by_outlet) for key in _COUNTS}])[0]

    def order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (-r["decided"], -r["pending"], r["label"]))

    return {"by_outlet": order(by_outlet), "by_cue": order(by_cue), "total": total}


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def proposal_stats(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_proposal_stats(request.user):
        raise PermissionDenied
    return render_page_or_partial(
        request, "proposals/stats.html", acceptance_tables(), partial="tables"
    )
