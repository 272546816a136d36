"""How a stored body is laid out for reading: paragraphs that keep their offsets into the body."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Paragraph:
    start: int  # code-point offset of the paragraph's first character in the body
    end: int
    text: str


def paragraphs(body: str) -> list[Paragraph]:
    """Non-blank lines of the body, each with its code-point span (annotations anchor to it)."""
    out = []
    for match in _LINE.finditer(body):
        text = match.group()
        if text.strip():
            out.append(Paragraph(match.start(), match.end(), text))
    return out
