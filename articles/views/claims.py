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
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from articles.claims import curation
from articles.infrastructure import permissions
from articles.infrastructure.freshness import cached, fresh_key
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


class RelationForm(forms.Form):
    other = forms.ModelChoiceField(Claim.objects.all(), label=_("Related claim"))
    kind = forms.ChoiceField(choices=ClaimRelation.Kind.choices, label=_("Relation"))
    note = forms.CharField(required=False, max_length=1000, label=_("Note"))


class ClaimChoiceForm(forms.Form):
    claim = forms.ModelChoiceField(Claim.objects.all(), label=_("Claim"))


def _claim_options(exclude: int) -> SafeString:
    """Every other claim as the <option>s of the relation and merge menus. The options are built
    once per catalogue generation (thousands of claims made these menus most of the dossier's
    render time) and cached as one plain string (a list of thousands of SafeStrings took tens of
    milliseconds to unpickle from the cache on every dossier), then the claim itself is cut out."""

    def build() -> str:
        rows = Claim.objects.order_by("text_ar").values_list("pk", "text_ar")
        return "".join(  # a plain str: cheap to unpickle
            format_html('<option value="{}">{}</option>', pk, Truncator(text).chars(110))
            for pk, text in rows
        )

    options = cached(fresh_key("catalogue", "claim-options"), build)
    own = options.find(f'<option value="{exclude}">')
    if own >= 0:  # the text is escaped: no "<" inside an option, so the first "</option>" ends it
        options = options[:own] + options[options.index("</option>", own) + len("</option>") :]
    return mark_safe(options)  # built escaped


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
        "relation_form": form or RelationForm(),
        "claim_options": _claim_options(claim.pk) if can else "",
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
    form = RelationForm(request.POST)
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
    form = ClaimChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the claim to merge this one into."))
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
    form = ClaimChoiceForm(request.POST or None)
    claim_field = cast("forms.ModelChoiceField[Claim]", form.fields["claim"])
    if annotation.claim_id is None:  # a highlight awaiting a claim is completed, not moved
        raise Http404
    claim_field.queryset = Claim.objects.exclude(pk=annotation.claim_id)
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
        {
            "annotation": annotation,
            "form": form,
            "claim_options": _claim_options(annotation.claim_id or 0),
        },
    )
