"""Exports for fact-checkers: a lead's verdict on a claim, the claim dossier as schema.org
JSON-LD (a ClaimReview once there is a verdict), and every annotation the page's filters select
as one streamed W3C collection."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from articles.claims import verdicts, webannotation
from articles.infrastructure import permissions
from articles.models import Annotation, Claim, ClaimVerdict
from articles.reports import schemaorg, streams
from articles.reports.filters import MentionFilterForm
from articles.views.exports import JSONLD_TYPE, filter_errors, scoped_mentions
from articles.views.htmx import HtmxHttpRequest, wants_partial


class VerdictForm(forms.Form):
    # No rating is preselected: a verdict records only what the lead chose.
    rating = forms.ChoiceField(
        choices=[("", "—"), *ClaimVerdict.Rating.choices],
        label=gettext_lazy("Rating"),
        error_messages={"required": gettext_lazy("Choose a rating.")},
    )
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=verdicts.MAX_EXPLANATION,
        label=gettext_lazy("Explanation"),
    )
    reviewed_on = forms.DateField(
        label=gettext_lazy("Date of the verdict"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def verdict_context(
    request: HttpRequest, claim: Claim, form: VerdictForm | None = None
) -> dict[str, Any]:
    """What the dossier's verdict section shows: the verdict, its history, the form for leads."""
    history = verdicts.verdict_history(claim)
    can_record = permissions.can_record_verdict(request.user)
    if can_record and form is None:
        current = history[0] if history else None
        form = VerdictForm(
            initial={
                "rating": current.rating if current else "",
                "reviewed_on": timezone.localdate(),
            }
        )
    return {
        "claim": claim,
        "verdict": history[0] if history else None,
        "verdict_history": history[1:],
        "can_record_verdict": can_record,
        "verdict_form": form,
    }


@require_POST
def claim_verdict(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    if not permissions.can_record_verdict(request.user):
        raise PermissionDenied
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            verdicts.verdict_record(
                claim=claim,
                rating=form.cleaned_data["rating"],
                explanation=form.cleaned_data["explanation"],
                reviewed_on=form.cleaned_data["reviewed_on"],
                user=request.user,
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
    status = 422 if form.errors else 200
    if wants_partial(request):
        context = verdict_context(request, claim, form if form.errors else None)
        return render(request, "claims/claim_detail.html#verdict", context, status=status)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        messages.success(request, _("The verdict was recorded."))
    return redirect(reverse("claim_detail", args=[claim.pk]) + "#verdict")


@require_GET
def claim_schemaorg(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.prefetch_related("tags"), pk=pk)
    mentions = list(
        Annotation.objects.filter(claim=claim)
        .with_details()
        .order_by("article__published_at", "article_id", "start", "pk")
    )
    base = request.build_absolute_uri("/").rstrip("/")
    document = schemaorg.claim_document(claim, mentions, verdicts.current_verdict(claim), base)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type=schemaorg.JSONLD_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="claim-{pk}.schema.jsonld"'
    return response


@require_GET
def w3c_all(request: HttpRequest) -> HttpResponseBase:
    """Every annotation the page's filters select, as one W3C AnnotationCollection, streamed."""
    form = MentionFilterForm(request.GET or None)
    if (error := filter_errors(form)) is not None:
        return error
    base = request.build_absolute_uri("/").rstrip("/")
    mentions = scoped_mentions(request, form)
    pieces = webannotation.iter_collection(
        streams.mentions_by_article(mentions),
        base=base,
        id=request.build_absolute_uri(),
        label=_("Annotations of the reading room"),
        total=mentions.count(),
    )
    return streams.streaming_response(
        pieces,
        content_type=JSONLD_TYPE,
        filename="annotations.jsonld",
    )
