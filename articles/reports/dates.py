"""Moments in an outlet's own time zone, and the one way a date is shown.

Every page, chart and export that shows a publication day goes through `show_date`: the day as
the outlet printed it (its own zone, not UTC, not the server's), month names in the interface
language, the interface's punctuation ("11 أكتوبر 2017، 14:30" in Arabic, "11 October 2017,
14:30" in English). Digits are the ones Django's locale uses for the language (Latin digits in
both: the outlets of the corpus print them too).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import get_language_bidi

from articles.models import Annotation, Outlet

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


def zone_of(name: str | None) -> zoneinfo.ZoneInfo:
    """The IANA zone `name`, or UTC for an empty or unknown one."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def outlet_local(moment: datetime, outlet: Outlet) -> datetime:
    """A moment as the outlet printed it: dates are read in the outlet's own time zone."""
    return moment.astimezone(zone_of(outlet.timezone))


def list_separator() -> str:
    """The comma of the interface language."""
    return "، " if get_language_bidi() else ", "


def show_date(
    moment: datetime | date,
    *,
    zone: str | None = None,
    with_time: bool = False,
    short: bool = False,
) -> str:
    """The one way a day is shown: in `zone` (the outlet's; the site's when None), month named
    in the interface language, the time (when asked for and not midnight) after the
    language's comma. `short` uses abbreviated month names (tables, chart axes)."""
    if isinstance(moment, datetime):
        if timezone.is_aware(moment):
            moment = moment.astimezone(zone_of(zone)) if zone else timezone.localtime(moment)
        local: datetime | None = moment
        day_of: date = moment.date()
    else:
        local, day_of = None, moment
    months = MONTHS_3 if short else MONTHS
    month = str(months[day_of.month])
    if short:
        month = month.capitalize() if not get_language_bidi() else month
    text = f"{day_of.day} {month} {day_of.year:04d}"
    if with_time and local is not None and (local.hour, local.minute) != (0, 0):
        text += f"{list_separator()}{local.hour:02d}:{local.minute:02d}"
    return text


def short_day_formatter() -> Callable[[datetime, str | None], str]:
    """`show_date(moment, zone=zone, short=True)` for many aware moments (a timeline's thousand
    dots): the month names, the language and the zones are looked up once, not per moment."""
    bidi = get_language_bidi()
    months = {n: str(m) if bidi else str(m).capitalize() for n, m in MONTHS_3.items()}
    zones: dict[str | None, zoneinfo.ZoneInfo | Any] = {}

    def day(moment: datetime, zone: str | None) -> str:
        if zone not in zones:
            zones[zone] = zone_of(zone) if zone else timezone.get_current_timezone()
        local = moment.astimezone(zones[zone]) if timezone.is_aware(moment) else moment
        return f"{local.day} {months[local.month]} {local.year:04d}"

    return day
