"""Which mentions a report covers: the filter form shared by the matrix, dossiers and exports."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Literal

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Annotation, AnnotationQuerySet, Article, Claim, Outlet, Tag

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Filters -------------------------------------------------------------------------------


class DateRangeForm(forms.Form):
    """From and to dates of the articles, the first not after the second (the search page and
    the report filters)."""

    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class MentionFilterForm(DateRangeForm):
    """The filters shared by the matrix, the lists of mentions and the exports."""

    field_order = ["tag", "date_from", "date_to", "alignment", "review_status"]

    tag = forms.ModelChoiceField(
        Tag.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Tag"),
        empty_label=_("All tags"),
    )
    alignment = forms.ChoiceField(
        choices=[("", _("All alignments")), *Outlet.Alignment.choices],
        required=False,
        label=_("Outlet alignment"),
    )
    review_status = forms.ChoiceField(
        choices=[("", _("Any review status")), *Annotation.ReviewStatus.choices],
        required=False,
        label=_("Review status"),
    )

    @property
    def query_items(self) -> list[tuple[str, str]]:
        """The valid filters as URL parameters, to carry into cell links and exports."""
        if not self.is_valid():
            return []
        items: list[tuple[str, str]] = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            items.append((name, value.slug if isinstance(value, Tag) else str(value)))
        return items

    @property
    def active(self) -> bool:
        return bool(self.query_items)


def _day_bounds(day: date, *, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def filter_mentions(
    mentions: AnnotationQuerySet, form: MentionFilterForm | None, *, by_article: bool = True
) -> AnnotationQuerySet:
    """Apply the filter form (already validated) to a queryset of annotations.

    A date range keeps only dated articles: an undated article cannot be said to fall inside it.
    `by_article=False` leaves out the filters on the article and its outlet (dates, alignment):
    mentions carried by copies are filtered on the copy instead (`filter_articles`).
    """
    mentions = mentions.claim_mentions()
    if form is None or not form.is_valid():
        return mentions
    data = form.cleaned_data
    if tag := data.get("tag"):
        mentions = mentions.filter(
            Exists(Annotation.tags.through.objects.filter(annotation=OuterRef("pk"), tag=tag))
            | Exists(Claim.tags.through.objects.filter(claim=OuterRef("claim_id"), tag=tag))
        )
    if by_article:
        mentions = mentions.filter(_article_conditions(data, "article__"))
    if data.get("review_status"):
        mentions = mentions.filter(review_status=data["review_status"])
    return mentions


def filter_articles(
    articles: QuerySet[Article], form: MentionFilterForm | None
) -> QuerySet[Article]:
    """The form's conditions on articles and their outlets (dates, alignment)."""
    if form is None or not form.is_valid():
        return articles
    return articles.filter(_article_conditions(form.cleaned_data, ""))


def _article_conditions(data: dict[str, Any], prefix: str) -> Q:
    conditions = Q()
    if data.get("date_from"):
        conditions &= Q(**{f"{prefix}published_at__gte": _day_bounds(data["date_from"], end=False)})
    if data.get("date_to"):
        conditions &= Q(**{f"{prefix}published_at__lte": _day_bounds(data["date_to"], end=True)})
    if data.get("alignment"):
        conditions &= Q(**{f"{prefix}outlet__alignment": data["alignment"]})
    return conditions
