"""Highlighted snippets: the hit's own text with the words that matched the query in <mark>.

A body's boilerplate spans (date lines, a repeated title, comment boxes, footers: found at import,
see `articles.ingest.boilerplate`) are not the article's text and are not indexed: a snippet is
cut from the article's own words, its first hit is looked for among them, and a window never runs
across a span. Only a body that is boilerplate through and through is shown as it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, NamedTuple

from articles import arabic
from articles.search.query import ParsedQuery

Spans = list[tuple[int, int]]


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
# A frequent word's first hit is usually in the opening lines: the snippet of a body with
# boilerplate is first looked for in this many characters, and taken from them when they settle
# it (see `_opening_snippet`; without boilerplate the scan just stops past the snippet).
OPENING_CHARS = 600


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


def _clean_spans(spans: Sequence[Sequence[Any]], length: int) -> Spans:
    """The usable [start, end) spans, sorted; none when they leave no text (then the body is
    shown as it is rather than nothing)."""
    out: Spans = []
    for span in spans or ():
        try:
            start, end = max(0, int(span[0])), min(length, int(span[1]))
        except (TypeError, ValueError, IndexError):
            continue
        if start < end:
            out.append((start, end))
    out.sort()
    covered, pos = 0, 0
    for start, end in out:
        covered += max(0, end - max(start, pos))
        pos = max(pos, end)
    return out if covered < length else []


def _outside(pos: int, spans: Spans) -> bool:
    return not any(s <= pos < e for s, e in spans)


def highlight(
    text: str,
    query: ParsedQuery,
    *,
    limit: int | None = SNIPPET_WORDS,
    scan_chars: int = SNIPPET_SCAN_CHARS,
    skip_spans: Sequence[Sequence[Any]] = (),
    memo: dict[str, int] | None = None,
) -> str:
    """HTML of `text` (or of a window of `limit` words around the first hit) with the matched
    words wrapped in <mark>, in their original spelling; everything else escaped.

    At most `scan_chars` of the text are analysed to find the first hit. Words in `skip_spans`
    (the body's boilerplate) are neither hits nor part of the window."""
    memo = {} if memo is None else memo
    if limit is None:
        shown = text[:TITLE_MAX_CHARS]
        return _highlight_region(shown, query, None, memo=memo) + (
            "…" if len(text) > len(shown) else ""
        )
    skip = _clean_spans(skip_spans, len(text))
    size = min(SNIPPET_WINDOW_CHARS, max(scan_chars, 1))
    windows = _windows(text, size=size, budget=max(scan_chars, 1)) or [(0, 0)]
    if skip and OPENING_CHARS and windows[0][1] > OPENING_CHARS:
        opening = _opening_snippet(text, query, limit, skip, windows[0][1], memo)
        if opening is not None:
            return opening
    chosen: tuple[int, int, list[Any]] | None = None
    for start, end in windows:
        # Without boilerplate, the words far past the first hit change nothing: not analysed.
        analysed = _scan(text[start:end], query, memo, None if skip else limit)
        own = [a for a in analysed if _outside(start + a.start, skip)] if skip else analysed
        if chosen is None and (own or not skip):
            chosen = (start, end, analysed)  # no hit within the budget: the opening words
        if any(a.hit for a in own):
            chosen = (start, end, analysed)
            break
    if chosen is None:  # nothing but boilerplate within the budget
        chosen = (windows[0][0], windows[0][1], _scan(text[slice(*windows[0])], query, memo))
    start, end, analysed = chosen
    local = [(s - start, e - start) for s, e in skip if s < end and e > start]
    snippet = _highlight_region(text[start:end], query, limit, analysed, local)
    prefix = "…" if start > 0 and not snippet.startswith("…") else ""
    suffix = "…" if end < len(text) and not snippet.endswith("…") else ""
    return prefix + snippet + suffix


def _opening_snippet(
    text: str, query: ParsedQuery, limit: int, skip: Spans, window_end: int, memo: dict[str, int]
) -> str | None:
    """The snippet of the first window, from its opening `OPENING_CHARS` only, or None when they
    do not settle it. They do when they hold the first hit and, in its run of article words,
    more words after the snippet's last one: then the snippet starts `limit // 3` words before
    the hit whatever follows, and is exactly what analysing the whole window gives (the windows
    start at the text's start; the opening is cut at a space like them)."""
    end = _windows(text[:window_end], size=OPENING_CHARS, budget=OPENING_CHARS)[0][1]
    analysed = _scan(text[:end], query, memo)
    # The spans of the whole window: any span makes the cut keep the punctuation after words.
    local = [(s, e) for s, e in skip if s < window_end and e > 0]
    lo, hi = _own_run(analysed, query, local) if local else (0, len(analysed))
    first = next((i for i in range(lo, hi) if analysed[i].hit), None)
    if first is None or max(lo, first - limit // 3) + limit >= hi:
        return None
    snippet = _highlight_region(text[:end], query, limit, analysed, local)
    return snippet if snippet.endswith("…") else None


class _Tok(NamedTuple):
    """A word of the text: offsets, as written, and whether the query matches it."""

    start: int
    end: int
    text: str
    hit: bool


def _scan(
    text: str, query: ParsedQuery, memo: dict[str, int], enough: int | None = None
) -> list[_Tok]:
    """The words of `text` that the analysis indexes (what `arabic.analyse` gives), each with
    whether the query matches it. `memo` remembers each written form's answer (0: not a word
    the analysis keeps, 1: a word, 2: a hit) for the query: a page of hits repeats most words,
    and this is where a page's snippets spent their time.

    With `enough` (a snippet's words, no boilerplate), the scan stops one word past the window
    of `enough` words that the first hit settles (it starts `enough // 3` words before it)."""
    out: list[_Tok] = []
    stop: int | None = None
    for m in arabic.word_matches(text):
        raw = m.group()
        state = memo.get(raw)
        if state is None:
            positions = arabic.token_positions(raw)
            if positions is None:
                state = 0
            else:
                state = 2 if query.matches(frozenset().union(*positions)) else 1
            memo[raw] = state
        if state:
            out.append(_Tok(m.start(), m.end(), raw, state == 2))
            if enough is not None:
                if stop is None and state == 2:
                    stop = max(0, len(out) - 1 - enough // 3) + enough + 1
                if stop is not None and len(out) >= stop:
                    break
    return out


def _own_run(analysed: list[_Tok], query: ParsedQuery, skip: Spans) -> tuple[int, int]:
    """[lo, hi) token indexes of the run of article words (between boilerplate spans) holding
    the first hit, or the first run."""
    runs: list[tuple[int, int]] = []
    lo: int | None = None
    for i, a in enumerate(analysed):
        if _outside(a.start, skip):
            lo = i if lo is None else lo
        elif lo is not None:
            runs.append((lo, i))
            lo = None
    if lo is not None:
        runs.append((lo, len(analysed)))
    if not runs:
        return 0, len(analysed)
    for run in runs:
        if any(analysed[i].hit for i in range(*run)):
            return run
    return runs[0]


def _highlight_region(
    text: str,
    query: ParsedQuery,
    limit: int | None,
    analysed: list[_Tok] | None = None,
    skip: Spans | None = None,
    memo: dict[str, int] | None = None,
) -> str:
    if analysed is None:
        analysed = _scan(text, query, {} if memo is None else memo)
    if not analysed:
        return html.escape(text if limit is None else text[:300])
    lo, hi = _own_run(analysed, query, skip) if skip else (0, len(analysed))
    hits = [i for i in range(lo, hi) if analysed[i].hit]
    if limit is None or hi - lo <= limit:
        start_tok, end_tok = lo, hi
    else:
        first = hits[0] if hits else lo
        start_tok = max(lo, min(first - limit // 3, hi - limit))
        end_tok = start_tok + limit
    if skip:
        begin = analysed[start_tok].start
        finish = analysed[end_tok - 1].end
        # The punctuation that closes the last word belongs to the article's text.
        while finish < len(text) and not text[finish].isspace() and _outside(finish, skip):
            finish += 1
        # Marked as left out: the article's own words only, never its boilerplate.
        own = [_outside(a.start, skip) for a in analysed]
        cut_before, cut_after = any(own[:start_tok]), any(own[end_tok:])
    else:
        begin = 0 if start_tok == 0 else analysed[start_tok].start
        finish = len(text) if end_tok >= len(analysed) else analysed[end_tok - 1].end
        cut_before, cut_after = begin > 0, finish < len(text)
    out = ["…" if cut_before else ""]
    pos = begin
    hit_set = set(hits)
    for i in range(start_tok, end_tok):
        tok = analysed[i]
        if i in hit_set:
            out.append(html.escape(text[pos : tok.start]))
            out.append(f"<mark>{html.escape(tok.text)}</mark>")
            pos = tok.end
    out.append(html.escape(text[pos:finish]))
    out.append("…" if cut_after else "")
    return "".join(out)
