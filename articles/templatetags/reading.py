"""Template helpers for showing articles as a reader expects."""

from __future__ import annotations

import zoneinfo
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from articles import roles
from articles.models import Article

register = template.Library()


@register.filter
def may_edit(annotation: Any, user: Any) -> bool:
    """Whether `user` may edit or delete `annotation` (its author, or a lead reviewer)."""
    return roles.can_edit_annotation(user, annotation)


@register.filter
def safe_url(url: str) -> str:
    """The URL when it is http(s), else "" (a javascript: or data: URL never becomes a link)."""
    return url if urlsplit(url.strip()).scheme.lower() in {"http", "https"} else ""


@register.filter
def published_display(article: Article) -> str:
    """The publication date in the outlet's own time zone; the time only when one was printed."""
    if article.published_at is None:
        return _("date unknown")
    try:
        tz = zoneinfo.ZoneInfo(article.outlet.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local = article.published_at.astimezone(tz)
    if (local.hour, local.minute) == (0, 0):
        return formats.date_format(local, "j F Y")
    return formats.date_format(local, "j F Y، H:i")
