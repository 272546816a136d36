"""Highlighted snippets: the hit's own text with the words that matched the query in <mark>."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from articles import arabic
from articles.search.query import ParsedQuery

if TYPE_CHECKING:
    pass


# --- Snippets ------------------------------------------------------------------------------------

SNIPPET_WORDS = 36


def highlight(text: str, query: ParsedQuery, *, limit: int | None = SNIPPET_WORDS) -> str:
    """HTML of `text` (or of a window of `limit` words around the first hit) with the matched
    words wrapped in <mark>, in their original spelling; everything else escaped."""
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
