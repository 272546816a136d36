"""Claims: the list, the dossier (mentions by outlet, timeline, related claims), merging a claim
into another (and undoing it) and moving one mention to another claim."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, F, OrderBy, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from articles import arabic
from articles.claims import curation, lookup
from articles.infrastructure import permissions
from articles.models import Annotation, Claim, ClaimMerge, ClaimRelation
from articles.reports import charts, dossiers, tallies
from articles.search import short_lists
from articles.views.factcheck import verdict_context
from articles.views.htmx import HtmxHttpRequest, render_page_or_partial, wants_partial

PAGE_SIZE = 30
SORT_LABELS = [
    ("activity", _("most mentioned")),
    ("recent", _("most recent mention")),
    ("name", _("alphabetical")),
]
SORTS: dict[str, list[str | OrderBy]] = {
    "activity": [F("mention_count").desc(), F("last_seen").desc(nulls_last=True), "pk"],
    "recent": [F("last_seen").desc(nulls_last=True), F("mention_count").desc(), "pk"],
    "name": ["text_ar", "pk"],
}


class ListPaginator(Paginator[Any]):
    """A list page of aggregated rows whose total is counted from the plain rows: the pager's
    own count would wrap the whole aggregation (every mention joined) in a COUNT(*)."""

    def __init__(self, object_list: Any, per_page: int, *, count: QuerySet[Any]) -> None:
        super().__init__(object_list, per_page)
        self._plain = count

    @cached_property
    def count(self) -> int:
        return self._plain.count()


def sort_param(request: HttpRequest) -> str:
    sort = request.GET.get("sort", "activity")
    return sort if sort in SORTS else "activity"


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def claim_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    sort = sort_param(request)
    found = short_lists.search_queryset(Claim.objects.all(), query, ["text_ar", "gloss_en"])
    # A claim whose mentions were all deleted is not part of what outlets said: left out, unless
    # asked for (then marked "no mentions"), so that it can be found and merged or removed.
    unmentioned = request.GET.get("unmentioned") == "1"
    if not unmentioned:
        found = found.filter(Exists(Annotation.objects.filter(claim=OuterRef("pk"))))
    claims = tallies.claims_with_activity(found).order_by(*SORTS[sort])
    page = ListPaginator(claims, PAGE_SIZE, count=found).get_page(request.GET.get("page"))
    tallies.with_zones(page.object_list)
    return render_page_or_partial(
        request,
        "claims/claim_list.html",
        {
            "page": page,
            "query": query,
            "sort": sort,
            "sorts": SORT_LABELS,
            "unmentioned": unmentioned,
            "unmentioned_count": Claim.objects.filter(annotations__isnull=True).count(),
        },
        partial="results",
    )


# The claim pickers (templates/claims/claim_picker.html): the reader types words of a claim (or
# its number), picks one of the suggestions (`claim_pick`) into a hidden field, and the form posts
# the claim's id. A catalogue of 100,000 claims cannot be a <select> on every dossier (3,000
# claims already made the two menus 600 KB of the page). Without JavaScript the typed text comes
# alone and `typed_claim` resolves it: a number, or words only one claim matches.
PICK_TARGETS = frozenset({"claim", "other"})
PICK_SUGGESTIONS = 10


def _claim_number(text: str) -> int | None:
    """A claim's number as typed: '123', '#123' or in Arabic-Indic digits ('١٢٣')."""
    digits = text.strip().removeprefix("#").strip()
    if digits.isdecimal() and len(digits) <= 18:
        return int(digits)
    return None


def pick_matches(query: str, *, exclude: int | None) -> list[Claim]:
    """The picker's suggestions for the typed text: the claim of that number first, then the
    claims the words match (`lookup.claim_matches`, from the indexes), never `exclude`."""
    query = query.strip()[:2000]
    if not query:
        return []
    found: list[Claim] = []
    number = _claim_number(query)
    if number is not None:
        found.extend(Claim.objects.filter(pk=number).exclude(pk=exclude or 0))
    found.extend(
        claim
        for claim, _same in lookup.claim_matches(query)
        if claim.pk != exclude and claim not in found
    )
    return found[:PICK_SUGGESTIONS]


def typed_claim(text: str, *, exclude: int | None) -> Claim:
    """The one claim a typed text names (no suggestion was picked: no JavaScript), or a
    ValidationError that says what to type."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Choose a claim: type words of it and pick a suggestion."))
    number = _claim_number(text)
    if number is not None:
        claim = Claim.objects.filter(pk=number).exclude(pk=exclude or 0).first()
        if claim is None:
            raise ValidationError(_("No other claim has the number %(n)s.") % {"n": number})
        return claim
    matches = pick_matches(text, exclude=exclude)
    wanted = arabic.normalize(text).strip()
    exact = [c for c in matches if arabic.normalize(c.text_ar).strip() == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(_("No claim matches these words."))
    listed = "، ".join(f"#{c.pk} «{Truncator(c.text_ar).chars(60)}»" for c in matches[:5])
    raise ValidationError(
        _("More than one claim matches: type the number of the one you mean (%(claims)s).")
        % {"claims": listed}
    )


class PickedClaimForm(forms.Form):
    """A form with a claim picker: `pick_field` holds the picked claim's id (hidden), or else the
    typed `<pick_field>_q` is resolved (`typed_claim`)."""

    pick_field = "claim"

    def __init__(self, *args: Any, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exclude = exclude
        field = cast("forms.ModelChoiceField[Claim]", self.fields[self.pick_field])
        if exclude is not None:
            field.queryset = Claim.objects.exclude(pk=exclude)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get(self.pick_field) is None and not self.has_error(self.pick_field):
            try:
                data[self.pick_field] = typed_claim(
                    data.get(f"{self.pick_field}_q", ""), exclude=self.exclude
                )
            except ValidationError as exc:
                self.add_error(f"{self.pick_field}_q", exc)
        return data


class RelationForm(PickedClaimForm):
    pick_field = "other"
    kind = forms.ChoiceField(choices=ClaimRelation.Kind.choices, label=_("Relation"))
    other = forms.ModelChoiceField(
        Claim.objects.all(), required=False, widget=forms.HiddenInput, label=_("Related claim")
    )
    other_q = forms.CharField(required=False, max_length=2000, label=_("Related claim"))
    note = forms.CharField(required=False, max_length=1000, label=_("Note"))


class ClaimChoiceForm(PickedClaimForm):
    claim = forms.ModelChoiceField(
        Claim.objects.all(), required=False, widget=forms.HiddenInput, label=_("Claim")
    )
    claim_q = forms.CharField(required=False, max_length=2000, label=_("Claim"))


@require_GET
def claim_pick(request: HttpRequest) -> HttpResponse:
    """A claim picker's suggestions for what was typed in it (htmx)."""
    target = request.GET.get("target", "claim")
    if target not in PICK_TARGETS:
        target = "claim"
    query = request.GET.get(f"{target}_q", "")[:2000]
    exclude = _claim_number(request.GET.get("exclude", ""))
    return render(
        request,
        "claims/claim_picker.html#suggestions",
        {"matches": pick_matches(query, exclude=exclude), "query": query.strip(), "target": target},
    )


def _relations(claim: Claim) -> list[dict[str, Any]]:
    """The claim's relations seen from this claim: 'contradicts X' or 'is contradicted by X'."""
    inverse = {
        ClaimRelation.Kind.CONTRADICTS: _("contradicted by"),
        ClaimRelation.Kind.REFINES: _("refined by"),
        ClaimRelation.Kind.SAME_EVENT: _("same event"),
    }
    rows = []
    relations = (
        ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
        .select_related("from_claim", "to_claim")
        .order_by("kind", "pk")
    )
    for rel in relations:
        outgoing = rel.from_claim_id == claim.pk
        rows.append(
            {
                "relation": rel,
                "kind": rel.kind,
                "label": rel.get_kind_display()
                if outgoing
                else inverse[ClaimRelation.Kind(rel.kind)],
                "other": rel.to_claim if outgoing else rel.from_claim,
            }
        )
    return rows


def _relations_context(
    request: HttpRequest, claim: Claim, form: RelationForm | None = None
) -> dict[str, Any]:
    can = permissions.can_relate_claims(request.user)
    return {
        "claim": claim,
        "relations": _relations(claim),
        "can_curate": can,
        "can_merge": permissions.can_merge_claims(request.user),
        "relation_form": form or RelationForm(exclude=claim.pk),
        "relation_kinds": ClaimRelation.Kind.choices,
    }


# Mentions listed per page of the dossier; the summary, spread and timeline count them all.
MENTIONS_PAGE = 25


@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.prefetch_related("tags"), pk=pk)
    # The spread, the tallies and the timeline come counted per outlet and day (a busy claim
    # has thousands of mentions); only the page's mentions are read in full.
    spread = dossiers.claim_spread(claim)
    page = Paginator(dossiers.SpreadOrder(claim, spread), MENTIONS_PAGE).get_page(
        request.GET.get("page")
    )
    by_outlet: dict[int, list[Annotation]] = {}
    for mention in page.object_list:
        by_outlet.setdefault(mention.article.outlet_id, []).append(mention)
    context = _relations_context(request, claim)
    context.update(
        {
            "mention_count": spread.count,
            "mentions_page": page,
            "page_groups": [
                (outlet, by_outlet[outlet.outlet.pk])
                for outlet in spread.outlets
                if outlet.outlet.pk in by_outlet
            ],
            "spread": spread,
            "tally": spread.tally,
            "timeline": charts.claim_timeline(spread, rtl=get_language_bidi()),
            "merges_in": list(
                ClaimMerge.objects.filter(target=claim, undone_at=None).select_related("user")
            ),
            "move_allowed": {
                m.pk for m in page.object_list if permissions.can_move_mention(request.user, m)
            },
        }
    )
    context.update(verdict_context(request, claim))
    return render(request, "claims/claim_detail.html", context)


def _relations_response(
    request: HttpRequest, claim: Claim, form: RelationForm | None = None, status: int = 200
) -> HttpResponse:
    if wants_partial(request):
        return render(
            request,
            "claims/claim_detail.html#relations",
            _relations_context(request, claim, form),
            status=status,
        )
    if form is not None and form.errors:
        for error in form.non_field_errors() or [e for errs in form.errors.values() for e in errs]:
            messages.error(request, error)  # type: ignore[arg-type]  # django-stubs: ErrorList yields messages
    return redirect(reverse("claim_detail", args=[claim.pk]) + "#relations")


@require_POST
def claim_relation_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    if not permissions.can_relate_claims(request.user):
        raise PermissionDenied
    form = RelationForm(request.POST, exclude=claim.pk)
    if form.is_valid():
        try:
            curation.relation_add(
                claim=claim,
                other=form.cleaned_data["other"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        return _relations_response(request, claim, form, status=422 if request.htmx else 200)
    return _relations_response(request, claim)


@require_POST
def claim_relation_remove(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    relation = get_object_or_404(
        ClaimRelation, Q(from_claim=claim) | Q(to_claim=claim), pk=relation_pk
    )
    curation.relation_remove(relation=relation, user=request.user)
    return _relations_response(request, claim)


@require_POST
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Claim, pk=pk)
    form = ClaimChoiceForm(request.POST, exclude=source.pk)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(
            request, " ".join([str(_("Choose the claim to merge this one into.")), *errors])
        )
        return redirect("claim_detail", pk=source.pk)
    target = form.cleaned_data["claim"]
    try:
        merge = curation.claims_merge(source=source, target=target, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("claim_detail", pk=source.pk)
    messages.success(
        request,
        _("Merged: %(n)s mentions moved to this claim. The merge can be undone below.")
        % {"n": len(merge.moved["annotations"])},
    )
    return redirect("claim_detail", pk=target.pk)


@require_GET
def merge_list(request: HttpRequest) -> HttpResponse:
    merges = ClaimMerge.objects.select_related("target", "user", "undone_by")
    page = Paginator(merges, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/merge_list.html",
        {"page": page, "can_merge": permissions.can_merge_claims(request.user)},
    )


@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(ClaimMerge, pk=pk)
    try:
        source = curation.merge_undo(merge=merge, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("merge_list")
    messages.success(request, _("Merge undone: the claim and its mentions are back."))
    return redirect("claim_detail", pk=source.pk)


@require_http_methods(["GET", "POST"])
def mention_move(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(Annotation.objects.with_details(), pk=pk)
    if not permissions.can_move_mention(request.user, annotation):
        raise PermissionDenied
    if annotation.claim_id is None:  # a highlight awaiting a claim is completed, not moved
        raise Http404
    form = ClaimChoiceForm(request.POST or None, exclude=annotation.claim_id)
    if request.method == "POST" and form.is_valid():
        try:
            curation.annotation_move(
                annotation=annotation, claim=form.cleaned_data["claim"], user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The mention was moved to this claim."))
            return HttpResponseRedirect(
                reverse("claim_detail", args=[form.cleaned_data["claim"].pk])
            )
    return render(
        request,
        "claims/mention_move.html",
        {"annotation": annotation, "form": form},
    )
