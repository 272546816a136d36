"""Template helpers for showing articles as a reader expects."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django import template
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from articles.infrastructure import permissions
from articles.models import Article
from articles.outlet_registry import zone_name
from articles.reports.dates import list_separator, show_date
from newsroom.security import safe_url

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

register = template.Library()


class ListRow(TypedDict):
    """What `ArticleQuerySet.for_listing` adds to each article of a list."""

    lead: str
    annotation_count: int


@register.filter
def may_edit(annotation: Any, user: Any) -> bool:
    """Whether `user` may edit or delete `annotation` (its author, or a lead reviewer)."""
    return permissions.can_edit_annotation(user, annotation)


# The URL when it is http(s), else "": one rule for pages and exports (newsroom.security).
register.filter("safe_url", safe_url)


PART_LABELS = {
    "title": gettext_lazy("In the headline"),
    "byline": gettext_lazy("In the byline"),
}


@register.filter
def part_label(annotation: Any) -> str:
    """Where a quoted passage sits when it is not in the body ("In the headline"); else ""."""
    label = PART_LABELS.get(getattr(annotation, "part", "body"))
    return str(label) if label else ""


@register.filter
def published_display(article: Article) -> str:
    """The publication date in the outlet's own time zone; the time only when one was printed."""
    if article.published_at is None:
        return _("date unknown")
    return show_date(article.published_at, zone=article.outlet.timezone, with_time=True)


BOILERPLATE_KINDS = {
    "comments_closed": gettext_lazy("comments closed"),
    "comment_box": gettext_lazy("comment box"),
    "repeated_title": gettext_lazy("repeated headline"),
    "date_line": gettext_lazy("date line"),
    "signature": gettext_lazy("outlet signature"),
    "subscription": gettext_lazy("subscription call"),
    "related_articles": gettext_lazy("related articles"),
}


@register.filter
def boilerplate_kinds(kinds: list[str]) -> str:
    """What a block of boilerplate is, in the reader's words ("سطر التاريخ، العنوان مكرّرًا")."""
    # A code the table lacks reads "other"; a kind written in words (by an editor) is data.
    names = [
        str(BOILERPLATE_KINDS.get(kind, _("other") if "_" in kind else kind)) for kind in kinds
    ]
    return list_separator().join(dict.fromkeys(names))


@register.filter
def date_source_display(source: str) -> str:
    """Where a publication date was read, for a reader: the words as printed, or the file's field.
    (`published_at_source` keeps the import's own record, with its internal terms.)"""
    how, _sep, rest = (source or "").partition(": ")
    printed = rest.split(" (")[0].strip()
    if not printed:
        return ""
    if how == "text":
        return _("As printed in the article: %(text)s") % {"text": printed}
    return _("As given by the imported file: %(text)s") % {"text": printed}


@register.filter
def zone_label(zone: str) -> str:
    """A time zone as a reader names it ("توقيت دمشق")."""
    return zone_name(zone)


@register.simple_tag
def article_row(article: WithAnnotations[Article, ListRow], back: str) -> SafeString:
    """One row of the article list (`back`: the list's address, URL-encoded, for the reader to
    come back to). Built with format_html, which escapes every value as the template would: as
    a template, 25 rows were two thirds of the cost of rendering a list page."""
    published = article.published_at
    badge = ""
    if article.annotation_count:
        count = article.annotation_count
        text = ngettext("%(counter)s annotation", "%(counter)s annotations", count)
        badge = format_html('<span class="badge">{}</span>', text % {"counter": count})
    if article.copy_of_id:
        badge = format_html(
            '{}<span class="badge copy" title="{}">{}</span>',
            badge,
            _("The same text as another outlet's article"),
            pgettext("article list", "copy"),
        )
    if article.title:
        title = format_html("{}", article.title)
    else:
        title = format_html('<span class="lead">{}</span>', truncatewords(article.lead, 14))
    return format_html(
        '<li class="article-row">\n'
        '      <div class="meta">\n'
        '        <span class="outlet">{}</span>\n'
        '        <span class="alignment">{}</span>\n'
        "        <time{}>{}</time>\n"
        "        {}\n"
        "      </div>\n"
        '      <a class="title" lang="{}" dir="auto" href="{}?from={}">{}</a>\n'
        "    </li>",
        article.outlet.name_ar,
        article.outlet.get_alignment_display(),
        format_html(' datetime="{}"', timezone.localtime(published).isoformat())
        if published
        else mark_safe(""),
        published_display(article),
        badge,
        article.language,
        reverse("article_detail", args=[article.pk]),
        back,
        title,
    )


@register.filter
def shown_at(moment: datetime | None) -> str:
    """When something happened in the room (a save, a merge): the site's zone, with the time."""
    if moment is None:
        return "—"
    return show_date(moment, with_time=True)
