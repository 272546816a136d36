"""Annotating an article: the editor form, its suggestions, saving, conflicts and history.

Writes go through `articles.claims.annotations`; after one, htmx requests get an `annotationSaved` or
`annotationDeleted` event (HX-Trigger) that the side panel and the highlighter listen to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from articles.claims import annotations as annotation_writes
from articles.claims import lookup
from articles.claims.annotations import (
    AnnotationConflict,
    annotation_create,
    annotation_update,
    article_text,
    check_quote,
    passage_context,
)
from articles.claims.lookup import NEW_PREFIX
from articles.claims.matching import ClaimMatch, claims_for_passage
from articles.infrastructure import permissions
from articles.models import (
    Annotation,
    AnnotationRevision,
    Article,
    AttributionProposal,
    Claim,
    Claimant,
    ReviewDecision,
    Tag,
)
from articles.proposals import services as proposal_services
from articles.reports.dates import list_separator
from articles.views.htmx import AuthenticatedHtmxHttpRequest, HtmxHttpRequest, wants_partial


@dataclass
class ClaimGroup:
    claim: Claim | None  # None: the highlights awaiting a claim
    annotations: list[Annotation] = field(default_factory=list)


def annotation_panel_context(article: Article, annotations: list[Annotation]) -> dict[str, Any]:
    """The side panel: annotations grouped by claim in reading order (the headline, the byline,
    then the body), orphans apart."""
    groups: dict[int | None, ClaimGroup] = {}
    orphans = []
    for annotation in sorted(annotations, key=reading_order):
        if annotation.is_orphan:
            orphans.append(annotation)
            continue
        groups.setdefault(annotation.claim_id, ClaimGroup(annotation.claim)).annotations.append(
            annotation
        )
    return {
        "article": article,
        "annotations": annotations,
        "claim_groups": list(groups.values()),
        "orphans": orphans,
        "stances": Annotation.Stance.choices,
    }


PART_ORDER: dict[str, int] = {"title": 0, "byline": 1, "body": 2}


def reading_order(annotation: Annotation) -> tuple[int, int, int, int]:
    """Where a reader meets the passage: the headline, the byline, then the body."""
    return (PART_ORDER.get(annotation.part, 2), annotation.start, annotation.end, annotation.pk)


class AnnotationForm(forms.Form):
    claim = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    claim_new = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Claim"))
    claimant = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    claimant_new = forms.CharField(required=False, max_length=300, label=gettext_lazy("Claimant"))
    chain_q = forms.CharField(required=False, max_length=300)
    # No initial choice: a default would be recorded for whoever forgot to choose.
    stance = forms.ChoiceField(
        choices=Annotation.Stance.choices,
        error_messages={"required": gettext_lazy("Choose the claimant's stance.")},
    )
    framing = forms.ChoiceField(
        choices=Annotation.Framing.choices,
        error_messages={"required": gettext_lazy("Choose the outlet's framing.")},
    )
    tags = forms.CharField(required=False, max_length=1000)
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)

    def __init__(self, *args: Any, chain_tokens: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chain_tokens = [t.strip() for t in chain_tokens if t.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("claim") and not (data.get("claim_new") or "").strip():
            self.add_error("claim_new", _("Choose an existing claim or write a new one."))
        for token in self.chain_tokens:
            if not (token.isdigit() or (token.startswith(NEW_PREFIX) and token[4:].strip())):
                raise ValidationError(_("The attribution chain contains an invalid step."))
        return data


class NewAnnotationForm(AnnotationForm):
    part = forms.ChoiceField(
        choices=Annotation.Part.choices, required=False, widget=forms.HiddenInput
    )
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quote = forms.CharField(strip=False, max_length=100_000, widget=forms.HiddenInput)
    # "Edit, then accept": the extractor's proposal this annotation is saved from.
    proposal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, article: Article, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article = article

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["part"] = data.get("part") or Annotation.Part.BODY
        if {"start", "end", "quote"} <= data.keys():
            try:
                text = article_text(self.article, data["part"])
                check_quote(text, data["start"], data["end"], data["quote"])
            except ValidationError as error:
                self.add_error(None, error)
        elif {"start", "end", "quote"} & self.errors.keys():
            self.add_error(None, _("Select a passage of the article first."))
        return data


class EditAnnotationForm(AnnotationForm):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def _editor(
    request: HttpRequest,
    form: AnnotationForm,
    article: Article,
    *,
    annotation: Annotation | None = None,
    conflict: AnnotationConflict | None = None,
    suggested_claims: Iterable[ClaimMatch] = (),
    status: int = 200,
) -> HttpResponse:
    chain: list[tuple[str, str]] = []
    ids = [int(t) for t in form.chain_tokens if t.isdigit()]
    names = {a.pk: str(a) for a in Claimant.objects.filter(pk__in=ids)} if ids else {}
    for token in form.chain_tokens:
        label = names.get(int(token), "") if token.isdigit() else token[len(NEW_PREFIX) :]
        if label:
            chain.append((token, label))
    chosen_claim = None
    claim_id = form["claim"].value()
    if claim_id and str(claim_id).isdigit():
        chosen_claim = Claim.objects.filter(pk=int(claim_id)).first()
    chosen_claimant = None
    claimant_id = form["claimant"].value()
    if claimant_id and str(claimant_id).isdigit():
        chosen_claimant = Claimant.objects.filter(pk=int(claimant_id)).first()
    template = "annotations/editor.html"
    if wants_partial(request):
        template += "#editor"
    return render(
        request,
        template,
        {
            "article": article,
            "form": form,
            "annotation": annotation,
            "conflict": conflict,
            "chain": chain,
            "chosen_claim": chosen_claim,
            "chosen_claimant": chosen_claimant,
            "initial_error": getattr(form, "add_initial_error", ""),
            "quote": form["quote"].value()
            if "quote" in form.fields
            else annotation and annotation.quote,
            "all_tags": Tag.objects.values_list("name", flat=True),
            "suggested_claims": list(suggested_claims),
        },
        status=status,
    )


def _saved(request: HtmxHttpRequest, annotation: Annotation, event: str) -> HttpResponse:
    if not request.htmx:
        url = reverse("article_detail", args=[annotation.article_id])
        return HttpResponseRedirect(url + (f"#annotation-{annotation.pk}" if annotation.pk else ""))
    response = render(request, "annotations/editor.html#saved", {"event": event})
    detail = {
        "id": annotation.pk,
        "part": annotation.part,
        "start": annotation.start,
        "end": annotation.end,
        "stance": annotation.stance,
    }
    return trigger_client_event(response, event, detail)


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def annotation_panel(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.only("pk"), pk=pk)
    if not request.htmx:
        return HttpResponseRedirect(reverse("article_detail", args=[pk]))
    annotations = list(article.annotations.with_details(join_article=False))
    return render(
        request,
        "articles/article_detail.html#panel",
        annotation_panel_context(article, annotations),
    )


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def annotation_new(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.for_reading(), pk=pk)
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    part = request.GET.get("part", "") or Annotation.Part.BODY
    if request.GET.get("proposal", "").isdigit():  # "edit, then accept" a proposal
        return _editor(
            request, proposal_editor_form(article, int(request.GET["proposal"])), article
        )
    form = NewAnnotationForm(initial={"part": part, "start": start, "end": end}, article=article)
    suggested: list[ClaimMatch] = []
    try:
        text = article_text(article, part)
        form.initial["quote"] = passage_context(text, int(start), int(end))[0]
    except (ValueError, ValidationError):
        form.add_initial_error = _("Select a passage of the article first.")  # type: ignore[attr-defined]
    else:
        suggested = claims_for_passage(text=form.initial["quote"], limit=3)
    return _editor(request, form, article, suggested_claims=suggested)


@require_POST
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def annotation_add(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.for_reading(), pk=pk)
    form = NewAnnotationForm(
        request.POST, article=article, chain_tokens=request.POST.getlist("chain")
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                fields = lookup.annotation_fields_resolve(
                    data=form.cleaned_data, chain_tokens=form.chain_tokens, user=request.user
                )
                annotation = annotation_create(
                    article=article,
                    part=form.cleaned_data["part"],
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    author=request.user,
                    **fields,
                )
                from_proposal = proposal_saved(form.cleaned_data, annotation, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = _saved(request, annotation, "annotationSaved")
            return trigger_client_event(response, "proposalsChanged") if from_proposal else response
    return _editor(request, form, article, status=422 if request.htmx else 400)


def _require_editor(request: HttpRequest, annotation: Annotation) -> None:
    """Reviewers edit their own annotations; lead reviewers anyone's."""
    if not permissions.can_edit_annotation(request.user, annotation):
        raise PermissionDenied(_("Only its author or a lead reviewer can change this annotation."))


def _edit_form_initial(annotation: Annotation) -> dict[str, Any]:
    return {
        "claim": annotation.claim_id,
        "claim_new": annotation.claim.text_ar if annotation.claim else "",
        "claimant": annotation.claimant_id,
        "claimant_new": str(annotation.claimant.name_ar) if annotation.claimant else "",
        "stance": annotation.stance,
        "framing": annotation.framing,
        "tags": ", ".join(tag.name for tag in annotation.tags.all()),
        "note": annotation.note,
        "version": annotation.version,
    }


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def annotation_edit(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.with_details().select_related("article__outlet"), pk=annotation_id
    )
    _require_editor(request, annotation)
    form = EditAnnotationForm(
        initial=_edit_form_initial(annotation),
        chain_tokens=[str(step.claimant_id) for step in annotation.chain.all()],
    )
    return _editor(request, form, annotation.article, annotation=annotation)


@require_POST
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def annotation_save(request: AuthenticatedHtmxHttpRequest, annotation_id: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.with_details().select_related("article__outlet"), pk=annotation_id
    )
    _require_editor(request, annotation)
    form = EditAnnotationForm(request.POST, chain_tokens=request.POST.getlist("chain"))
    if form.is_valid():
        try:
            with transaction.atomic():
                saved = annotation_update(
                    annotation_id=annotation.pk,
                    expected_version=form.cleaned_data["version"],
                    user=request.user,
                    **lookup.annotation_fields_resolve(
                        data=form.cleaned_data, chain_tokens=form.chain_tokens, user=request.user
                    ),
                )
        except AnnotationConflict as conflict:
            return _conflict(request, form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, saved, "annotationSaved")
    return _editor(
        request,
        form,
        annotation.article,
        annotation=annotation,
        status=422 if request.htmx else 400,
    )


def _conflict(
    request: HttpRequest, form: AnnotationForm, conflict: AnnotationConflict
) -> HttpResponse:
    """The editor again, the reviewer's own changes kept, the other version shown beside them.

    The form now carries the current version: saving again is a deliberate overwrite.
    """
    data = request.POST.copy()
    data["version"] = str(conflict.current.version)
    again = EditAnnotationForm(data, chain_tokens=form.chain_tokens)
    again.is_valid()
    return _editor(
        request,
        again,
        conflict.current.article,
        annotation=conflict.current,
        conflict=conflict,
        status=409,
    )


@require_POST
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def annotation_delete(request: AuthenticatedHtmxHttpRequest, annotation_id: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.with_details().select_related("article__outlet"), pk=annotation_id
    )
    _require_editor(request, annotation)
    version = request.POST.get("version", "")
    if not version.isdigit():
        return render(
            request,
            "annotations/editor.html#message",
            {"message": _("The request did not say which version to delete. Reload the page.")},
            status=400,
        )
    try:
        annotation_writes.annotation_delete(
            annotation_id=annotation.pk, expected_version=int(version), user=request.user
        )
    except AnnotationConflict as conflict:
        form = EditAnnotationForm(
            initial=_edit_form_initial(conflict.current),
            chain_tokens=[str(step.claimant_id) for step in conflict.current.chain.all()],
        )
        return _editor(
            request,
            form,
            annotation.article,
            annotation=conflict.current,
            conflict=conflict,
            status=409,
        )
    return _saved(request, annotation, "annotationDeleted")


FIELD_LABELS = {
    "part": gettext_lazy("Part of the article"),
    "start": gettext_lazy("start"),
    "end": gettext_lazy("end"),
    "quote": gettext_lazy("Passage"),
    "claim_text": gettext_lazy("Claim"),
    "claimant_name": gettext_lazy("Claimant"),
    "chain_names": gettext_lazy("Attribution chain"),
    "stance": gettext_lazy("Stance"),
    "framing": gettext_lazy("Framing"),
    "tags": gettext_lazy("Tags"),
    "note": gettext_lazy("Note"),
    "review_status": gettext_lazy("Review status"),
    "is_orphan": gettext_lazy("Orphaned"),
}


def _shown(key: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if key == "stance":
        return str(Annotation.Stance(value).label) if value in Annotation.Stance.values else value
    if key == "framing":
        return str(Annotation.Framing(value).label) if value in Annotation.Framing.values else value
    if key == "chain_names":
        return " ← ".join(value)
    if key == "part" and value in Annotation.Part.values:
        return str(Annotation.Part(value).label)
    if key == "review_status" and value in Annotation.ReviewStatus.values:
        return str(Annotation.ReviewStatus(value).label)
    if key == "tags":
        return list_separator().join(value)
    if key == "is_orphan":
        return _("yes") if value else _("no")
    return str(value)


def _history_row(revision: AnnotationRevision, claim_texts: dict[int, str]) -> dict[str, Any]:
    """One entry of every kind: field changes, review decisions, claim moves and merges.

    Entries are read defensively: an unknown key or shape becomes a plain note, never a 500.
    """
    changed = revision.changes if isinstance(revision.changes, dict) else {}
    # A creation lists the fields a reader knows; its snapshot's ids (article, chain, claimant)
    # are shown through the named fields (claimant_name, chain_names) instead.
    created = revision.action == AnnotationRevision.Action.CREATED
    if created and not changed:
        snapshot = revision.snapshot if isinstance(revision.snapshot, dict) else {}
        # The part is said only when it is not the body, where nearly every passage is.
        changed = {
            key: [None, value]
            for key, value in snapshot.items()
            if not (key == "part" and value == Annotation.Part.BODY)
        }
    changes: list[tuple[Any, str, str]] = []
    notes: list[str] = []
    for key, value in changed.items():
        pair = isinstance(value, list | tuple) and len(value) == 2
        if key == "claim" and pair:
            old, new = value
            changes.append(
                (
                    gettext_lazy("Claim"),
                    claim_texts.get(old, f"#{old}") if old is not None else "—",
                    claim_texts.get(new, f"#{new}") if new is not None else "—",
                )
            )
        elif key in FIELD_LABELS and key not in {"start", "end"} and pair:
            changes.append((FIELD_LABELS[key], _shown(key, value[0]), _shown(key, value[1])))
        elif key == "decision":
            decisions = ReviewDecision.Decision
            label = decisions(value).label if value in decisions.values else value
            notes.append(_("Decision: %(decision)s") % {"decision": label})
        elif key == "reason":
            if value:
                notes.append(_("Reason: %(reason)s") % {"reason": value})
        elif key == "merge":
            notes.append(_("Moved by claim merge #%(merge)s") % {"merge": value})
        elif key == "merge_undone":
            notes.append(_("Moved back: claim merge #%(merge)s undone") % {"merge": value})
        elif key not in {"start", "end"} and key not in FIELD_LABELS and not created:
            notes.append(f"{key}: {value}")  # an entry of a kind this page does not know yet
    return {"revision": revision, "changes": changes, "notes": notes}


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def annotation_history(request: HttpRequest, annotation_ref: int) -> HttpResponse:
    revisions = list(
        AnnotationRevision.objects.filter(annotation_ref=annotation_ref)
        .select_related("user")
        .order_by("version", "created_at", "id")
    )
    if not revisions:
        raise Http404(_("No annotation with this number."))
    claim_ids = {
        claim_id
        for revision in revisions
        if isinstance(revision.changes, dict)
        and isinstance(pair := revision.changes.get("claim"), list)
        for claim_id in pair
        if isinstance(claim_id, int)
    }
    claim_texts = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "text_ar"))
    rows = [_history_row(revision, claim_texts) for revision in revisions]
    latest = revisions[-1].snapshot
    article_id = latest.get("article") or next(
        (r.snapshot.get("article") for r in revisions if r.snapshot.get("article")), None
    )
    template = "annotations/history.html"
    if wants_partial(request):
        template += "#history"
    return render(
        request,
        template,
        {
            "rows": rows,
            "annotation_ref": annotation_ref,
            "latest": latest,
            "latest_claim": latest.get("claim_text", ""),
            "deleted": revisions[-1].action == AnnotationRevision.Action.DELETED,
            "article_url": reverse("article_detail", args=[article_id]) if article_id else "",
        },
    )


@require_GET
def claim_suggestions(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("claim_new", "")[:2000]
    return render(
        request,
        "annotations/suggestions.html#claims",
        {"matches": lookup.claim_matches(query) if query.strip() else [], "query": query},
    )


@require_GET
def claimant_suggestions(request: HttpRequest) -> HttpResponse:
    target = request.GET.get("target", "claimant")
    if target not in {"claimant", "chain"}:
        target = "claimant"
    query = request.GET.get("claimant_new" if target == "claimant" else "chain_q", "")[:300]
    return render(
        request,
        "annotations/suggestions.html#claimants",
        {
            "claimants": lookup.claimant_matches(query),
            "query": query.strip(),
            "target": target,
        },
    )


# ---- "Edit, then accept" a proposal: the editor opens pre-filled from it, and saving marks it.


def proposal_editor_form(article: Article, proposal_id: int) -> NewAnnotationForm:
    proposal = get_object_or_404(
        AttributionProposal.objects.select_related("article__outlet"),
        pk=proposal_id,
        article=article,
    )
    initial, chain_tokens = proposal_services.proposal_editor_initial(proposal)
    form = NewAnnotationForm(
        initial=initial | {"proposal": proposal.pk}, article=article, chain_tokens=chain_tokens
    )
    if proposal.status != AttributionProposal.Status.PENDING:
        form.add_initial_error = _("This proposal was already decided.")  # type: ignore[attr-defined]
    return form


def proposal_saved(data: dict[str, Any], annotation: Annotation, user: Any) -> bool:
    """Mark the proposal the editor was opened on as edited (inside the save's transaction)."""
    if not data.get("proposal"):
        return False
    proposal = AttributionProposal.objects.filter(
        pk=data["proposal"], article_id=annotation.article_id
    ).first()
    if proposal is None:
        raise ValidationError(_("The proposal this annotation was opened from no longer exists."))
    proposal_services.proposal_edited(proposal=proposal, annotation=annotation, user=user)
    return True
