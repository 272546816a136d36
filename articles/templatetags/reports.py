"""Template helpers for the analysis pages: dates that say when they are missing, bars of counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
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


@register.inclusion_tag("claims/tally_bar.html")
def tally_bar(tally: Tally, kind: str = "stance") -> dict[str, Any]:
    """A stacked bar of a tally (stance or framing) with its numbers, for lists and headers."""
    items = tally.stance_items if kind == "stance" else tally.framing_items
    return {
        "kind": kind,
        "segments": [{"value": v, "label": label, "n": n} for v, label, n in items],
    }


@register.filter
def decimal(value: float | None, places: int = 2) -> str:
    """A measure such as kappa: Latin digits, a point (the comma of Django's Arabic format reads
    as a list: "-1,00"), a true minus sign. Shown inside dir="ltr" so the sign stays in front."""
    if value is None:
        return "—"
    text = f"{float(value):.{int(places)}f}"
    return text.replace("-", "\u2212")
