"""Boilerplate in a stored body: lines that are not article text, as code-point spans.

The body itself is never changed: the spans ([start, end, kind]) tell search and the reading
page what to leave out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from articles import arabic
from articles.ingest.metadata import arabic_digits_to_latin

Span = list[Any]  # [start, end, kind]
MAX_LINE = 200  # boilerplate lines are short
HEAD = 6  # lines at the top that may repeat the title or the date
TAIL = 40  # lines at the bottom that may hold footers and related-article lists

_COMMENT_BOX = re.compile(
    r"^(?:لا توجد تعليقات(?: على (?:الخبر|المقال|الموضوع))?|"
    r"[اأإ]ضف تعليق(?:ا|اً)?|اترك تعليق(?:ا|اً)?|"
    r"التعليقات|تعليقات الفيسبوك|شارك(?:نا)? برأيك|أضف تعليقك|عدد التعليقات.*)[.:!]?$"
)
_COMMENTS_CLOSED = re.compile(r"^التعليقات مغلقة")
_SUBSCRIPTION = re.compile(
    r"^(?:تابعوا|تابعونا|تابعنا|للاشتراك|اشترك|انضموا|انضم إلى|حمل تطبيق)"
    r"|(?:تيلغرام|تلغرام|تيليغرام|واتس ?[أا]ب|فيسبوك|تويتر|يوتيوب|انستغرام|\(VK\)).*"
    r"(?:الرابط|صفحتنا|قناتنا|حسابنا)"
)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_RELATED = re.compile(
    r"^(?:مقالات ذات صلة|أخبار ذات صلة|اخبار ذات صلة|مواضيع ذات صلة|"
    r"اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا)\s*:?$"
)
_DATE_STAMP = re.compile(r"^(?:أضيف بتاريخ|تاريخ النشر|نشر بتاريخ)\s*:?")


def _lines(body: str) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for raw in body.split("\n"):
        end = pos + len(raw)
        stripped = raw.strip()
        if stripped:
            offset = raw.index(stripped[0])
            yield pos + offset, pos + offset + len(stripped), stripped
        pos = end + 1


def find_spans(
    body: str,
    *,
    title: str = "",
    date_text: str = "",
    signatures: Sequence[str] = (),
) -> list[Span]:
    """Spans of `body` that are comment boxes, subscription footers, related-article lists,
    closed-comment footers, repeated title or date lines and outlet signature lines."""
    lines = list(_lines(body))
    # Boilerplate sits above and below the text: the middle of a long body is not scanned.
    scanned = (
        range(len(lines))
        if len(lines) <= HEAD + TAIL
        else [*range(HEAD), *range(len(lines) - TAIL, len(lines))]
    )
    spans: list[Span] = []
    norm_title: str | None = None  # normalised when a header line needs it
    signature_set = {arabic.normalize(s) for s in signatures if s}
    tail_from: tuple[int, str] | None = None
    for i in scanned:
        start, end, text = lines[i]
        if len(text) > MAX_LINE and len(text) > len(title) + 10:
            continue  # a paragraph of the article, not a footer, header or list heading
        in_header = i < HEAD
        kind = ""
        if _RELATED.match(text):
            tail_from = (i, "related_articles")
            break
        if _COMMENTS_CLOSED.match(text):
            kind = "comments_closed"
        elif _COMMENT_BOX.match(text):
            kind = "comment_box"
        elif _SUBSCRIPTION.search(text) and len(text) < 160 and i >= len(lines) - 8:
            tail_from = (i, "subscription")
            break
        elif in_header and title and _same_text(text, norm_title := norm_title or _norm(title)):
            kind = "repeated_title"
        elif in_header and date_text and _is_date_line(text, date_text):
            kind = "date_line"
        elif _DATE_STAMP.match(text) and len(text) < 60:
            kind = "date_line"
        elif signature_set and i >= len(lines) - 3 and arabic.normalize(text) in signature_set:
            kind = "signature"
        if kind:
            spans.append([start, end, kind])
    if tail_from is not None:
        first, kind = tail_from
        spans.append([lines[first][0], lines[-1][1], kind])
    return _merge(spans)


def _is_date_line(line: str, date_text: str) -> bool:
    """A line that is the printed date (found with Latin digits, printed with either)."""
    line = arabic_digits_to_latin(line)
    return line == date_text or line.startswith(date_text) and len(line) < len(date_text) + 4


def _norm(text: str) -> str:
    return arabic.normalize(text).strip()


def _same_text(line: str, normalised: str) -> bool:
    return bool(normalised) and _norm(line) == normalised


def _merge(spans: list[Span]) -> list[Span]:
    spans.sort()
    merged: list[Span] = []
    for span in spans:
        if merged and span[0] <= merged[-1][1] and span[2] == merged[-1][2]:
            merged[-1][1] = max(merged[-1][1], span[1])
        else:
            merged.append(span)
    return merged
