"""Review pages: the queue of what awaits review, decisions on an annotation, reviewer agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from articles.claims.review import (
    review_confirm,
    review_dispute,
    review_resolve,
    reviewer_agreement,
)
from articles.infrastructure import permissions
from articles.models import Annotation
from articles.views.htmx import HtmxHttpRequest, render_page_or_partial

Status = Annotation.ReviewStatus


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def review_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("articles.review_annotation"):
        raise PermissionDenied
    awaiting = Q(review_status=Status.DRAFT) & ~Q(author=request.user)
    if permissions.can_resolve(request.user):
        awaiting |= Q(review_status=Status.DISPUTED)
    queryset = (
        Annotation.objects.filter(awaiting)
        .with_details()
        .prefetch_related("decisions__user")
        .order_by("review_status", "created_at", "id")
    )
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    return render_page_or_partial(
        request,
        "review/queue.html",
        {"page": page, "can_resolve": permissions.can_resolve(request.user)},
        partial="queue",
    )


@require_POST
def review_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation, pk=pk)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")[:2000]
    error = ""
    raw_version = request.POST.get("version", "")
    version = int(raw_version) if raw_version.isdigit() and len(raw_version) < 10 else None
    try:
        if action in {"confirm", "dispute"} and version is None:
            raise ValidationError(_("The form did not say which version you reviewed; reload it."))
        if action == "confirm":
            annotation = review_confirm(
                annotation=annotation, user=request.user, reason=reason, expected_version=version
            )
        elif action == "dispute":
            annotation = review_dispute(
                annotation=annotation, user=request.user, reason=reason, expected_version=version
            )
        elif action in {"resolve_confirm", "resolve_reject"}:
            annotation = review_resolve(
                annotation=annotation,
                user=request.user,
                accept=action == "resolve_confirm",
                reason=reason,
            )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if action not in {"confirm", "dispute", "resolve_confirm", "resolve_reject"}:
        error = _("Unknown review action.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request, _("Now %(status)s.") % {"status": annotation.get_review_status_display()}
            )
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("review_queue")
        return redirect(next_url)
    response = render(
        request,
        "review/decision_result.html",
        {"annotation": annotation, "error": error},
        status=200 if not error else 422,
    )
    if not error:
        trigger_client_event(response, "annotationReviewed", {"id": annotation.pk})
    return response


@require_GET
def review_agreement(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_agreement(request.user):
        raise PermissionDenied
    annotations = Annotation.objects.exclude(author=None).only(
        "article_id", "author_id", "part", "start", "end", "stance", "claim_id"
    )
    pairs = reviewer_agreement(annotations)
    ids = {p.reviewer_a for p in pairs} | {p.reviewer_b for p in pairs}
    names = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    rows = [
        {"pair": p, "a": names.get(p.reviewer_a, "?"), "b": names.get(p.reviewer_b, "?")}
        for p in pairs
    ]
    return render(request, "review/agreement.html", {"rows": rows})
