"""Moments in an outlet's own time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from articles.models import Annotation, Outlet

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


def outlet_local(moment: datetime, outlet: Outlet) -> datetime:
    """A moment as the outlet printed it: dates are read in the outlet's own time zone."""
    import zoneinfo

    try:
        zone = zoneinfo.ZoneInfo(outlet.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return moment.astimezone(zone)
