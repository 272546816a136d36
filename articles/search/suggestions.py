"""Did you mean: the closest words of the corpus vocabulary (pg_trgm) to a query's words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import connection

from articles import arabic
from articles.search.index import VOCABULARY_TABLE

if TYPE_CHECKING:
    pass


# --- Did you mean --------------------------------------------------------------------------------


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def suggest(words: Sequence[str]) -> str | None:
    """A corrected query built from the corpus vocabulary, or None when every word is known."""
    keys = [arabic.query_terms(w) for w in words]
    flat = sorted({t for k in keys for options in k for t in options})
    if not flat:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, ndoc FROM {VOCABULARY_TABLE} WHERE word = ANY(%s)", [flat])
        known = dict(cursor.fetchall())
        changed = False
        out = []
        for word, positions in zip(words, keys, strict=True):
            if all(any(o in known for o in options) for options in positions):
                out.append(word)
                continue
            target = arabic.primary_term(arabic.normalize(word))
            cursor.execute(
                f"""SELECT word, ndoc FROM {VOCABULARY_TABLE}
                    WHERE word %% %s ORDER BY similarity(word, %s) DESC, ndoc DESC LIMIT 20""",
                [target, target],
            )
            scored = [(_edit_distance(target, w), -n, w) for w, n in cursor.fetchall()]
            candidates = [c for c in scored if c[0] <= max(1, len(target) // 4)]
            if not candidates:
                out.append(word)
                continue
            out.append(min(candidates)[2])
            changed = True
    return " ".join(out) if changed else None
