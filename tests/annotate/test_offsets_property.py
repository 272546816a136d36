"""Property: any span of a real article round-trips exactly, through storage and through the JS.

Bodies come from one SaudiNewsNet zip when the corpus is present (synthetic Arabic with astral
characters otherwise). The browser's arithmetic (code points <-> UTF-16 code units inside a
paragraph, static/js/reader.js) is mirrored here so it can be checked on thousands of spans.
"""

from __future__ import annotations

import json
import os
import zipfile
from functools import cache
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.claims.annotations import check_quote, find_anchor, passage_context
from articles.models import QUOTE_CONTEXT_CHARS
from articles.text_layout import Paragraph, paragraphs

pytestmark = pytest.mark.slow  # hundreds of generated spans

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "saudinewsnet"
SYNTHETIC = [
    "قال المتحدث 𝔸 إن القوات انسحبت 😀 من المدينة.\n\nوأضاف: «لا تعليق» 👍🏽 على الخبر\r\nانتهى",
    "🇸🇾 دمشق-سانا\nتابعونا 📱 على تيليغرام 𝕏\n\n\nفقرة أخيرة ـــ مع تطويل ومدّ",
]


@cache
def bodies() -> list[str]:
    zips = sorted(CORPUS.glob("*.zip")) if CORPUS.is_dir() else []
    if not zips:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"SaudiNewsNet is missing at {CORPUS}; CI must have it")
        return SYNTHETIC
    with zipfile.ZipFile(zips[0]) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".json"))
        items = json.loads(archive.read(name))
    texts = [item["content"] for item in items if item.get("content", "").strip()][:300]
    return texts + SYNTHETIC


def cp_to_units(text: str, cp: int) -> int:
    """reader.js cpToUnits: the UTF-16 index of code point `cp` of `text`."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[:cp])


def units_to_cp(text: str, units: int) -> int:
    """reader.js unitsToCp."""
    cp = u = 0
    for ch in text:
        if u >= units:
            break
        u += 2 if ord(ch) > 0xFFFF else 1
        cp += 1
    return cp


def point_at(paras: list[Paragraph], cp: int, edge: str) -> tuple[Paragraph, int] | None:
    """reader.js pointAt: (paragraph, UTF-16 offset) of a code-point offset of the body."""
    if edge == "start":
        p = next((q for q in paras if q.end > cp), None)
        return (p, cp_to_units(p.text, max(cp, p.start) - p.start)) if p else None
    p = next((q for q in reversed(paras) if q.start < cp), None)
    return (p, cp_to_units(p.text, min(cp, p.end) - p.start)) if p else None


def quote_of(paras: list[Paragraph], start: int, end: int) -> str:
    """reader.js quoteOf: the paragraphs' pieces, a line break where the body has a gap."""
    out, last = "", None
    for p in paras:
        if p.end <= start or p.start >= end:
            continue
        if last is not None and p.start > last:
            out += "\n"
        out += p.text[max(start, p.start) - p.start : min(end, p.end) - p.start]
        last = p.end
    return out


@st.composite
def spans(draw: st.DrawFn) -> tuple[str, int, int]:
    texts = bodies()
    body = texts[draw(st.integers(0, len(texts) - 1))]
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, min(len(body), start + 400)))
    return body, start, end


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spans())
def test_random_spans_round_trip_quote_context_and_offsets(span: tuple[str, int, int]) -> None:
    body, start, end = span
    quote, prefix, suffix = passage_context(body, start, end)
    assert (
        prefix + quote + suffix
        == body[max(0, start - QUOTE_CONTEXT_CHARS) : end + QUOTE_CONTEXT_CHARS]
    )
    assert len(prefix) <= QUOTE_CONTEXT_CHARS and len(suffix) <= QUOTE_CONTEXT_CHARS

    # Re-anchoring an unchanged body finds the same place, or refuses when it cannot tell.
    found = find_anchor(body, quote, prefix, suffix)
    if found is None:
        twins = [
            i
            for i in range(len(body))
            if i != start
            and body.startswith(quote, i)
            and body[max(0, i - len(prefix)) : i].endswith(prefix)
            and body[i + len(quote) :].startswith(suffix)
        ]
        assert twins, "an unambiguous passage must be found again"
    else:
        assert found == start
    # The same words with text added before them move by exactly that much.
    shifted = "سطر مضاف 😀\n" + body
    assert find_anchor(shifted, quote, prefix, suffix) in {None, start + len("سطر مضاف 😀\n")}

    # Through the browser: code points -> (paragraph, UTF-16) -> code points.
    paras = paragraphs(body)
    a, b = point_at(paras, start, "start"), point_at(paras, end, "end")
    if (
        a is None
        or b is None
        or a[0].start + units_to_cp(a[0].text, a[1]) >= b[0].start + units_to_cp(b[0].text, b[1])
    ):
        return  # the span holds only line breaks: nothing a reader can select
    back_start = a[0].start + units_to_cp(a[0].text, a[1])
    back_end = b[0].start + units_to_cp(b[0].text, b[1])
    in_text = any(p.start <= start < p.end for p in paras)
    assert back_start == start if in_text else back_start == a[0].start
    assert back_end == end if any(p.start < end <= p.end for p in paras) else back_end == b[0].end
    units = a[0].text.encode("utf-16-le")[: 2 * a[1]].decode("utf-16-le")
    assert units == a[0].text[: back_start - a[0].start]
    check_quote(body, back_start, back_end, quote_of(paras, back_start, back_end))


@given(spans(), st.text(min_size=1, max_size=5))
@settings(max_examples=300, deadline=None)
def test_a_changed_quote_is_rejected(span: tuple[str, int, int], noise: str) -> None:
    body, start, end = span
    quote = body[start:end]
    wrong = quote + noise
    if " ".join(wrong.split()) == " ".join(quote.split()):
        return
    with pytest.raises(ValidationError):
        check_quote(body, start, end, wrong)
