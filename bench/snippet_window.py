"""Snippet cost on a 5 MB article whose only hit is at the end (issue 20, item 8).

Run: .venv/bin/python bench/snippet_window.py
Prints the time to highlight the whole body (what snippets did before) and the bounded window.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def main() -> None:
    import django

    django.setup()
    from articles.search.query import parse_query
    from articles.search.snippets import _highlight_region, highlight, scan_budget

    words = "قالت وزارة الخارجية في بيان إن القوات انسحبت من المدينة بعد اشتباكات".split()
    rng = random.Random(1)
    filler = " ".join(rng.choice(words) + str(rng.randint(0, 9999)) for _ in range(600_000))
    body = filler[:5_000_000] + " داعش"
    query = parse_query("داعش")
    highlight(body[:10_000], query)  # warm the analyser

    started = time.perf_counter()
    _highlight_region(body, query, 36)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    highlight(body, query)
    bounded = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(20):
        highlight(body, query, scan_chars=scan_budget(20))
    page = time.perf_counter() - started
    print(f"body {len(body):,} chars, hit at the end")
    print(f"whole body {whole:.3f} s, bounded window {bounded:.3f} s, ratio {whole / bounded:.0f}x")
    print(f"a page of 20 such hits (shared request budget): {page:.3f} s")


if __name__ == "__main__":
    main()
