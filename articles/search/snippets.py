"""Highlighted snippets: the hit's own text with the words that matched the query in <mark>."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from articles import arabic
from articles.search.query import ParsedQuery

if TYPE_CHECKING:
    pass


# --- Snippets ------------------------------------------------------------------------------------

SNIPPET_WORDS = 36
# The analysis (tokenising, stemming) costs about a microsecond per character: a snippet looks
# for its first hit in windows of this size and gives up after the scan budget, so a 5 MB body
# costs what a 40 kB one does. Past the budget the snippet is the article's opening words.
SNIPPET_WINDOW_CHARS = 8_000
SNIPPET_SCAN_CHARS = 40_000
# A title (highlighted whole) longer than this is cut: no title legitimately is.
TITLE_MAX_CHARS = 2_000
# Per request, over every hit of a page (the API's pages hold up to 1,000 hits).
REQUEST_SCAN_CHARS = 200_000
MIN_SCAN_CHARS = 2_000


def scan_budget(hits: int) -> int:
    """Characters each of `hits` snippets may analyse so one request stays bounded."""
    return max(MIN_SCAN_CHARS, min(SNIPPET_SCAN_CHARS, REQUEST_SCAN_CHARS // max(hits, 1)))


def _windows(text: str, *, size: int, budget: int) -> list[tuple[int, int]]:
    """[start, end) spans covering text[:budget], each cut at a space so no word is split."""
    spans: list[tuple[int, int]] = []
    pos, stop = 0, min(len(text), budget)
    while pos < stop:
        end = min(len(text), pos + size, stop)
        if end < len(text):
            half = pos + (end - pos) // 2
            space = max(text.rfind(" ", half, end), text.rfind("\n", half, end))
            if space > pos:
                end = space
        spans.append((pos, end))
        pos = end
    return spans


def highlight(
    text: str,
    query: ParsedQuery,
    *,
    limit: int | None = SNIPPET_WORDS,
    scan_chars: int = SNIPPET_SCAN_CHARS,
) -> str:
    """HTML of `text` (or of a window of `limit` words around the first hit) with the matched
    words wrapped in <mark>, in their original spelling; everything else escaped.

    At most `scan_chars` of the text are analysed to find the first hit."""
    if limit is None:
        shown = text[:TITLE_MAX_CHARS]
        return _highlight_region(shown, query, None) + ("…" if len(text) > len(shown) else "")
    size = min(SNIPPET_WINDOW_CHARS, max(scan_chars, 1))
    spans = _windows(text, size=size, budget=max(scan_chars, 1)) or [(0, 0)]
    chosen: tuple[int, int, list[Any]] | None = None
    for start, end in spans:
        analysed = arabic.analyse(text[start:end])
        if chosen is None:
            chosen = (start, end, analysed)  # no hit within the budget: the opening words
        if any(query.matches(a.terms) for a in analysed):
            chosen = (start, end, analysed)
            break
    assert chosen is not None
    start, end, analysed = chosen
    snippet = _highlight_region(text[start:end], query, limit, analysed)
    prefix = "…" if start > 0 and not snippet.startswith("…") else ""
    suffix = "…" if end < len(text) and not snippet.endswith("…") else ""
    return prefix + snippet + suffix


def _highlight_region(
    text: str, query: ParsedQuery, limit: int | None, analysed: list[Any] | None = None
) -> str:
    if analysed is None:
        analysed = arabic.analyse(text)
    hits = [i for i, a in enumerate(analysed) if query.matches(a.terms)]
    if limit is None or len(analysed) <= limit:
        start_tok, end_tok = 0, len(analysed)
    else:
        first = hits[0] if hits else 0
        start_tok = max(0, min(first - limit // 3, len(analysed) - limit))
        end_tok = start_tok + limit
    if not analysed:
        return html.escape(text if limit is None else text[:300])
    begin = 0 if start_tok == 0 else analysed[start_tok].token.start
    finish = len(text) if end_tok >= len(analysed) else analysed[end_tok - 1].token.end
    out = ["…" if begin > 0 else ""]
    pos = begin
    hit_set = set(hits)
    for i in range(start_tok, end_tok):
        tok = analysed[i].token
        if i in hit_set:
            out.append(html.escape(text[pos : tok.start]))
            out.append(f"<mark>{html.escape(tok.text)}</mark>")
            pos = tok.end
    out.append(html.escape(text[pos:finish]))
    out.append("…" if finish < len(text) else "")
    return "".join(out)
