"""Template helpers for the analysis pages: dates that say when they are missing, bars of counts."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles.models import Article, Outlet
from articles.reports.dates import show_date
from articles.reports.tallies import Tally
from articles.templatetags.reading import published_display

register = template.Library()


@register.filter
def dated(article: Article) -> str:
    """The publication date, or an explicit 'undated' (the article carries no date)."""
    return published_display(article) if article.published_at else _("undated")


@register.filter
def outlet_day(moment: datetime | None, outlet: Outlet) -> str:
    """The day of `moment` in the outlet's time zone (as its readers saw it), or 'undated'."""
    if moment is None:
        return _("undated")
    return show_date(moment, zone=outlet.timezone, short=True)


@register.filter
def day_in(moment: datetime | None, zone: str | None) -> str:
    """The day of `moment` in the time zone `zone` (an outlet's, read with the moment), or "—"."""
    if moment is None:
        return "—"
    return show_date(moment, zone=zone, short=True)


@register.simple_tag
def tally_bar(tally: Tally, kind: str = "stance") -> SafeString:
    """A stacked bar of a tally (stance or framing) with its numbers, for lists and headers.
    Built here rather than by an included template: a busy dossier draws one per outlet, and
    an inclusion tag's template and context per bar were a good part of its render time."""
    items = tally.stance_items if kind == "stance" else tally.framing_items
    segments = format_html_join(
        "",
        '<span class="seg {0}-{1}" title="{2}: {3}"><i class="swatch {0}-{1}" aria-hidden="true">'
        "</i>{2} <b>{3}</b></span>",
        ((kind, value, label, formats.localize(n)) for value, label, n in items),
    )
    return format_html('<span class="tally tally-{}">{}</span>', kind, segments)


@register.filter
def decimal(value: float | None, places: int = 2) -> str:
    """A measure such as kappa: Latin digits, a point (the comma of Django's Arabic format reads
    as a list: "-1,00"), a true minus sign. Shown inside dir="ltr" so the sign stays in front."""
    if value is None:
        return "—"
    text = f"{float(value):.{int(places)}f}"
    return text.replace("-", "\u2212")
