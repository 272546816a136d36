"""The claim dossier: how a claim spread across outlets and over time.

A mention's date is its article's publication date; articles without one are "undated" and are
kept apart rather than given a made-up date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from articles.models import Annotation, Outlet
from articles.reports.tallies import Tally, tally

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Claim dossier --------------------------------------------------------------------------


@dataclass
class OutletSpread:
    """One outlet's share of a claim: its mentions and when it first carried the claim."""

    outlet: Outlet
    mentions: list[Annotation]
    first_date: datetime | None
    tally: Tally

    @property
    def undated(self) -> bool:
        return self.first_date is None


@dataclass
class ClaimSpread:
    outlets: list[OutletSpread]
    first: Annotation | None  # the earliest dated mention
    undated_count: int

    @property
    def dated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is not None]

    @property
    def undated(self) -> list[OutletSpread]:
        return [o for o in self.outlets if o.first_date is None]


def mention_date(mention: Annotation) -> datetime | None:
    return mention.article.published_at


def claim_spread(mentions: Sequence[Annotation]) -> ClaimSpread:
    """Group mentions (with article and outlet loaded) by outlet, in order of first appearance.

    Outlets whose articles are all undated come after the dated ones, by name.
    """
    by_outlet: dict[int, list[Annotation]] = defaultdict(list)
    for mention in mentions:
        by_outlet[mention.article.outlet_id].append(mention)
    spreads: list[OutletSpread] = []
    for items in by_outlet.values():
        dated = [m for m in items if mention_date(m) is not None]
        items.sort(
            key=lambda m: (mention_date(m) is None, mention_date(m) or 0, m.article_id, m.start)
        )
        spreads.append(
            OutletSpread(
                outlet=items[0].article.outlet,
                mentions=items,
                first_date=min((mention_date(m) for m in dated), default=None),  # type: ignore[type-var]
                tally=tally(items),
            )
        )
    spreads.sort(key=lambda s: (s.first_date is None, s.first_date or 0, s.outlet.name_ar))
    dated_mentions = [m for m in mentions if mention_date(m) is not None]
    first = min(
        dated_mentions, key=lambda m: (mention_date(m), m.article_id, m.start), default=None
    )
    return ClaimSpread(
        outlets=spreads,
        first=first,
        undated_count=len(mentions) - len(dated_mentions),
    )
