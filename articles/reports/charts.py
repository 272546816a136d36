"""Server-rendered SVG pictures for the analysis pages: a claim's timeline, activity over time,
and the glyph in each matrix cell.

No chart library: the geometry is a few lines of arithmetic. Right-to-left layouts mirror the
x axis (time runs from right to left, bars grow from the right), labels sit on the inline-start
side, and every mark carries a <title> with its numbers for hover; the pages repeat the numbers
in tables for screen readers.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Annotation
from articles.reports.dates import short_day_formatter, show_date
from articles.reports.dossiers import ClaimSpread
from articles.reports.filters import FRAMINGS, STANCES
from articles.reports.tallies import Tally

STANCE_COLORS = {
    "asserts": "#e2a400",
    "denies": "#d64550",
    "questions": "#8a63d2",
    "reports": "#2a9bb0",
}
FRAMING_COLORS = {"endorses": "#2f7d4f", "neutral": "#aab1ba", "disputes": "#b5472f"}
FONT = "font-family=\"'Noto Sans Arabic','Segoe UI',Tahoma,'DejaVu Sans',sans-serif\""


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


_FLIP = {"start": "end", "end": "start", "middle": "middle"}


def _label(
    x: float, y: float, text: str, *, anchor: str, size: int = 13, cls: str = "", rtl: bool = False
) -> str:
    """A text label; `anchor` is physical (start = left). In RTL the text itself runs
    right-to-left (so "10 أكتوبر 2017" keeps its order) and the anchor is flipped to match."""
    klass = f' class="{cls}"' if cls else ""
    direction = ' direction="rtl"' if rtl else ""
    anchor = _FLIP[anchor] if rtl else anchor
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="{size}"{direction}{klass}>'
        f"{escape(text)}</text>"
    )


def _day(d: datetime | date, zone: str | None = None) -> str:
    return show_date(d, zone=zone, short=True)


@dataclass(frozen=True)
class _Scale:
    """Maps dates onto [left, right], mirrored in right-to-left layouts."""

    start: float
    end: float
    left: float
    right: float
    rtl: bool

    def x(self, value: float) -> float:
        share = 0.5 if self.end == self.start else (value - self.start) / (self.end - self.start)
        if self.rtl:
            share = 1 - share
        return self.left + share * (self.right - self.left)


def claim_timeline(spread: ClaimSpread, *, rtl: bool, width: int = 820) -> SafeString:
    """One lane per outlet, in order of first appearance; a mark per day an outlet carried the
    claim (its size grows with the day's mentions, its colour is their most frequent stance), a
    larger one on each outlet's first day, a ring around the very first mention's day. A busy
    claim's thousand mentions are as many marks as outlet-days, each with its numbers."""
    lanes = spread.dated
    if not lanes:
        return mark_safe("")
    lane_h, top, label_w, pad = 34, 34, 190, 18
    height = top + lane_h * len(lanes) + 28
    plot_left = pad if rtl else label_w
    plot_right = width - label_w if rtl else width - pad
    stamps = [d.first_at.timestamp() for lane in lanes for d in lane.days]
    scale = _Scale(min(stamps), max(stamps), plot_left + 12, plot_right - 12, rtl)
    first = spread.first
    first_day = (
        (first.article.outlet_id, first.article.published_at.date())
        if first is not None and first.article.published_at is not None
        else None
    )
    title = _("First appearance and spread across outlets")  # xgettext skips f-strings
    parts = [
        # direction="ltr": text-anchor then means the physical side in both interfaces (the
        # page's rtl would flip "end" and push labels off the canvas); Arabic still shapes.
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" direction="ltr" '
        f'xmlns="http://www.w3.org/2000/svg" {FONT} aria-labelledby="timeline-title">',
        f'<title id="timeline-title">{escape(title)}</title>',
    ]
    # Axis: first and last dates, at their mirrored ends.
    # Each end of the axis is the day its own outlet printed (the claims list says the same).
    dated = [(d.first_at, lane.outlet.timezone) for lane in lanes for d in lane.days]
    earliest, earliest_zone = min(dated, key=lambda pair: pair[0])
    latest, latest_zone = max(dated, key=lambda pair: pair[0])
    axis_y = top - 14
    parts.append(
        f'<line x1="{plot_left}" x2="{plot_right}" y1="{axis_y + 6}" y2="{axis_y + 6}" class="axis"/>'
    )
    # The outer ticks are anchored inwards so that neither date runs past the canvas.
    first_anchor, last_anchor = ("end", "start") if rtl else ("start", "end")
    parts.append(
        _label(
            scale.x(scale.start),
            axis_y,
            _day(earliest, earliest_zone),
            anchor=first_anchor,
            size=12,
            cls="tick",
            rtl=rtl,
        )
    )
    if latest != earliest:
        parts.append(
            _label(
                scale.x(scale.end),
                axis_y,
                _day(latest, latest_zone),
                anchor=last_anchor,
                size=12,
                cls="tick",
                rtl=rtl,
            )
        )
    # Per mark only what differs: labels, translations and the article URL's pattern are
    # looked up (and escaped) once (escaping is character by character, so escaping the pieces
    # escapes the whole).
    tip_format = html.escape(_("%(outlet)s, %(date)s: %(claimant)s %(stance)s (%(framing)s)"))
    unattributed = html.escape(str(_("unattributed")))
    first_label = html.escape(_("First appearance") + " — ")
    lane_first_label = html.escape(_("First in this outlet") + " — ")
    stance_labels = {value: html.escape(str(label)) for value, label in Annotation.Stance.choices}
    framing_labels = {value: html.escape(str(label)) for value, label in Annotation.Framing.choices}
    separator = html.escape(_(", "))
    several_formats: dict[int, str] = {}  # the tooltip of a day of n mentions, per n (plurals)
    url_head, url_tail = (
        html.escape(part) for part in reverse("article_detail", args=[0]).rsplit("0", 1)
    )
    day = short_day_formatter()
    for i, lane in enumerate(lanes):
        y = top + lane_h * i + lane_h / 2
        label_x, anchor = (width - 6, "end") if rtl else (6, "start")
        if i % 2 == 0:
            parts.append(
                f'<rect x="0" y="{_num(y - lane_h / 2)}" width="{width}" height="{lane_h}" class="lane"/>'
            )
        parts.append(f'<a href="#outlet-{lane.outlet.pk}">')
        parts.append(
            _label(label_x, y + 4, lane.outlet.name_ar, anchor=anchor, cls="lane-label", rtl=rtl)
        )
        parts.append("</a>")
        y_text = _num(y)
        parts.append(
            f'<line x1="{plot_left}" x2="{plot_right}" y1="{y_text}" y2="{y_text}" class="lane-line"/>'
        )
        outlet_name, zone = html.escape(lane.outlet.name_ar), lane.outlet.timezone
        for k, mark in enumerate(lane.days):
            x = _num(scale.x(mark.first_at.timestamp()))
            stance = mark.tally.dominant_stance
            date_text = html.escape(day(mark.first_at, zone))
            if mark.count == 1:
                framing = mark.tally.dominant_framing
                tip = tip_format % {
                    "outlet": outlet_name,
                    "date": date_text,
                    "claimant": html.escape(mark.claimant) if mark.claimant else unattributed,
                    "stance": stance_labels[stance],
                    "framing": framing_labels[framing],
                }
            else:
                counts = mark.tally.stance
                stances = separator.join(
                    f"{stance_labels[value]} {counts[value]}" for value in STANCES if counts[value]
                )
                if (several := several_formats.get(mark.count)) is None:
                    several = several_formats[mark.count] = html.escape(
                        ngettext(
                            "%(outlet)s, %(date)s: %(n)s mention (%(stances)s)",
                            "%(outlet)s, %(date)s: %(n)s mentions (%(stances)s)",
                            mark.count,
                        )
                    )
                tip = several % {
                    "outlet": outlet_name,
                    "date": date_text,
                    "n": mark.count,
                    "stances": stances,
                }
            ringed = first_day == (lane.outlet.pk, mark.first_at.date())
            if ringed:
                tip = first_label + tip
            elif k == 0:
                tip = lane_first_label + tip
            parts.append(
                f'<a href="{url_head}{mark.article_id}{url_tail}#annotation-{mark.first_pk}">'
                f'<g class="mark" data-mentions="{mark.count}"><title>{tip}</title>'
            )
            if ringed:
                parts.append(f'<circle cx="{x}" cy="{y_text}" r="12" class="first-ring"/>')
            r = (8 if k == 0 else 5.5) + min(4.5, 1.5 * math.log2(mark.count))
            parts.append(
                f'<circle cx="{x}" cy="{y_text}" r="{_num(r)}" fill="{STANCE_COLORS[stance]}" class="dot"/>'
                "</g></a>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def activity_bars(
    points: list[tuple[str, int]], *, rtl: bool, width: int = 820, height: int = 150
) -> SafeString:
    """Columns of mentions per period; `points` are (period label, count), oldest first."""
    if not points:
        return mark_safe("")
    top, bottom, pad = 14, 26, 10
    peak = max(n for _label_, n in points) or 1
    slot = (width - 2 * pad) / len(points)
    bar_w = max(2.0, min(36.0, slot * 0.7))
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" {FONT} aria-labelledby="bars-title">',
        f'<title id="bars-title">{escape(_("Mentions over time"))}</title>',
        f'<line x1="{pad}" x2="{width - pad}" y1="{height - bottom}" y2="{height - bottom}" class="axis"/>',
    ]
    label_every = max(1, round(len(points) / 8))
    for i, (label, n) in enumerate(points):
        index = len(points) - 1 - i if rtl else i
        cx = pad + slot * index + slot / 2
        h = (height - top - bottom) * n / peak
        tip = ngettext("%(period)s: %(n)s mention", "%(period)s: %(n)s mentions", n) % {
            "period": label,
            "n": n,
        }
        parts.append(
            f'<g class="mark"><title>{escape(tip)}</title>'
            f'<rect x="{_num(cx - bar_w / 2)}" y="{_num(height - bottom - h)}" width="{_num(bar_w)}" '
            f'height="{_num(max(h, 0))}" class="bar"/></g>'
        )
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(_label(cx, height - 8, label, anchor="middle", size=11, cls="tick"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def cell_glyph(cell: Tally, *, peak: int, rtl: bool, title: str) -> SafeString:
    """A matrix cell: a bar whose length is the number of mentions, split by stance, over a thin
    bar split by framing."""
    width, stance_h, gap, framing_h = 72, 14, 3, 6
    length = width * (cell.total / peak if peak else 0)
    length = max(length, 10.0)
    parts = [
        f'<svg class="glyph" viewBox="0 0 {width} {stance_h + gap + framing_h}" '
        f'width="{width}" height="{stance_h + gap + framing_h}" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">',
        f"<title>{escape(title)}</title>",
    ]

    def segments(
        counts: dict[str, int], order: list[str], colors: dict[str, str], y: int, h: int
    ) -> None:
        offset = 0.0
        total = sum(counts[k] for k in order) or 1
        for key in order:
            if not counts[key]:
                continue
            w = length * counts[key] / total
            x = width - offset - w if rtl else offset
            parts.append(
                f'<rect x="{_num(x)}" y="{y}" width="{_num(w)}" height="{h}" fill="{colors[key]}"/>'
            )
            offset += w

    segments(cell.stance, STANCES, STANCE_COLORS, 0, stance_h)
    segments(cell.framing, FRAMINGS, FRAMING_COLORS, stance_h + gap, framing_h)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def cell_title(row: str, claim: str, cell: Tally) -> str:
    """The numbers of a matrix cell in words (hover text and accessible label)."""
    sep = _(", ")
    stances = sep.join(f"{label} {n}" for _v, label, n in cell.stance_items)
    framings = sep.join(f"{label} {n}" for _v, label, n in cell.framing_items)
    return ngettext(
        "%(row)s × %(claim)s: %(n)s mention — stance: %(stances)s; framing: %(framings)s",
        "%(row)s × %(claim)s: %(n)s mentions — stance: %(stances)s; framing: %(framings)s",
        cell.total,
    ) % {"row": row, "claim": claim, "n": cell.total, "stances": stances, "framings": framings}
