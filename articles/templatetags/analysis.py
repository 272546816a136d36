"""Template helpers for the analysis pages: dates that say when they are missing, bars of counts."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from articles.analysis import Tally
from articles.charts import FRAMING_COLORS, STANCE_COLORS
from articles.models import Article
from articles.templatetags.reading import published_display

register = template.Library()


@register.filter
def dated(article: Article) -> str:
    """The publication date, or an explicit 'undated' (the article carries no date)."""
    return published_display(article) if article.published_at else _("undated")


@register.filter
def stance_color(stance: str) -> str:
    return STANCE_COLORS.get(stance, "#999")


@register.filter
def framing_color(framing: str) -> str:
    return FRAMING_COLORS.get(framing, "#999")


@register.inclusion_tag("claims/tally_bar.html")
def tally_bar(tally: Tally, kind: str = "stance") -> dict[str, Any]:
    """A stacked bar of a tally (stance or framing) with its numbers, for lists and headers."""
    items = tally.stance_items if kind == "stance" else tally.framing_items
    return {
        "kind": kind,
        "segments": [
            {"value": v, "label": label, "n": n}
            for v, label, n in items
        ],
    }
