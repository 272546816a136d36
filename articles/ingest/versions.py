"""Reading an article's versions: what changed between two texts, paragraph by paragraph and
word by word (difflib), as plain segments that templates escape like any other text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "changed"
    segments: tuple[Segment, ...]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _words(old: str, new: str) -> tuple[Segment, ...]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("removed", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("added", "".join(b[j1:j2])))
    return tuple(out)


def text_diff(old: str, new: str) -> list[DiffLine]:
    """The paragraphs of `new` against `old`; a replaced paragraph is diffed word by word."""
    a, b = _paragraphs(old), _paragraphs(new)
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend(DiffLine("same", (Segment("same", p),)) for p in a[i1:i2])
        elif op == "replace" and i2 - i1 == j2 - j1:
            lines.extend(
                DiffLine("changed", _words(x, y)) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)
            )
        else:
            lines.extend(DiffLine("removed", (Segment("removed", p),)) for p in a[i1:i2])
            lines.extend(DiffLine("added", (Segment("added", p),)) for p in b[j1:j2])
    return lines
