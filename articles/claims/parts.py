"""Which text of an article a span's offsets count in, as W3C Web Annotation selectors.

A mention in the body is selected as before: a TextQuoteSelector and a TextPositionSelector
(code points of the stored body). A mention in the headline or the byline is selected by the
element of the article page that holds that text alone, refined by the same two selectors,
whose offsets then count in that text: a CssSelector (`#article-title`, `#article-byline`) with
`refinedBy`, as the Web Annotation Data Model allows (section 4.2.9, Refinement of Selection).
"""

from __future__ import annotations

from typing import Any

from articles.models import Annotation

# The element of the article page (templates/articles/article_detail.html) holding each part.
PART_ELEMENTS = {Annotation.Part.TITLE: "#article-title", Annotation.Part.BYLINE: "#article-byline"}
ELEMENT_PARTS = {css: part for part, css in PART_ELEMENTS.items()}


def _has_type(obj: Any, name: str) -> bool:
    kind = obj.get("type", obj.get("@type")) if isinstance(obj, dict) else None
    return kind == name or (isinstance(kind, list) and name in kind)


def selectors_for_part(part: str, selectors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The target's selectors for a span of `part`: as they are for the body, each refining the
    part's element otherwise."""
    css = PART_ELEMENTS.get(Annotation.Part(part))
    if css is None:
        return selectors
    return [{"type": "CssSelector", "value": css, "refinedBy": s} for s in selectors]


class UnknownPart(ValueError):
    """A CssSelector naming an element that is not an annotatable part of an article."""


def part_of_selectors(selectors: list[Any]) -> tuple[str, list[Any]]:
    """The part a target's selectors point into, and the selectors with that element unwrapped.

    Plain (unrefined) selectors are the body's. Raises UnknownPart for a CssSelector this room
    does not know, or selectors that disagree about the part."""
    parts: set[str] = set()
    inner: list[Any] = []
    for selector in selectors:
        if _has_type(selector, "CssSelector"):
            part = ELEMENT_PARTS.get(selector.get("value"))
            refined = selector.get("refinedBy")
            if part is None or not isinstance(refined, dict):
                raise UnknownPart(str(selector.get("value"))[:80])
            parts.add(part)
            inner.append(refined)
        else:
            parts.add(Annotation.Part.BODY)
            inner.append(selector)
    if len(parts) > 1:
        raise UnknownPart(", ".join(sorted(parts)))
    return (parts.pop() if parts else Annotation.Part.BODY), inner
