"""How a stored body is laid out for reading: paragraphs that keep their offsets into the body."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# A carriage return stays out of paragraphs: the HTML parser turns it into a line feed (or drops
# it from CRLF), which would shift every offset after it.
_LINE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class Paragraph:
    start: int  # code-point offset of the paragraph's first character in the body
    end: int
    text: str


@dataclass
class Block:
    """Consecutive paragraphs that are either article text or boilerplate of some kinds."""

    boilerplate: bool
    kinds: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)


def paragraphs(body: str) -> list[Paragraph]:
    """Non-blank lines of the body, each with its code-point span (annotations anchor to it)."""
    out = []
    for match in _LINE.finditer(body):
        text = match.group()
        if text.strip():
            out.append(Paragraph(match.start(), match.end(), text))
    return out


def _clean_spans(spans: Sequence[Sequence[object]], length: int) -> list[tuple[int, int, str]]:
    out = []
    for span in spans or []:
        try:
            start, end = int(span[0]), int(span[1])  # type: ignore[call-overload]
        except (TypeError, ValueError, IndexError):
            continue
        kind = str(span[2]) if len(span) > 2 else ""
        start, end = max(0, start), min(length, end)
        if start < end:
            out.append((start, end, kind))
    return sorted(out)


def blocks(body: str, boilerplate_spans: Sequence[Sequence[object]]) -> list[Block]:
    """The body as alternating blocks of article text and boilerplate, offsets kept.

    A paragraph that a boilerplate span cuts through is split at the span's edges, so each piece
    is wholly text or wholly boilerplate and still carries its exact offsets.
    """
    spans = _clean_spans(boilerplate_spans, len(body))
    out: list[Block] = []

    def add(piece: Paragraph, kind: str | None) -> None:
        if not piece.text.strip():
            return
        boiler = kind is not None
        if not out or out[-1].boilerplate != boiler:
            out.append(Block(boilerplate=boiler))
        if kind and kind not in out[-1].kinds:
            out[-1].kinds.append(kind)
        out[-1].paragraphs.append(piece)

    for para in paragraphs(body):
        cuts = {para.start, para.end}
        for start, end, _kind in spans:
            if start < para.end and end > para.start:
                cuts.update(c for c in (start, end) if para.start < c < para.end)
        edges = sorted(cuts)
        for a, b in zip(edges, edges[1:], strict=False):
            kind = next((k for s, e, k in spans if s <= a and b <= e), None)
            add(Paragraph(a, b, body[a:b]), kind)
    return out
