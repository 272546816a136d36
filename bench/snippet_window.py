"""Snippet cost on a 5 MB article whose only hit is at the end (issue 20, item 8).

Run: PYTHONPATH=. .venv/bin/python bench/snippet_window.py
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
import django

django.setup()
from articles.search.query import parse_query
from articles.search.snippets import highlight

words = (
    "قالت وزارة الخارجية في بيان إن القوات انسحبت من المدينة بعد اشتباكات عنيفة مع المسلحين".split()
)
import random

random.seed(1)
body = (
    " ".join(random.choice(words) + str(random.randint(0, 9999)) for _ in range(600_000))[
        :5_000_000
    ]
    + " داعش"
)
q = parse_query("داعش")
t = time.perf_counter()
h = highlight(body, q)
print("5MB body, hit at the end:", round(time.perf_counter() - t, 3), "s", len(h))
t = time.perf_counter()
h = highlight(body, q)
print("second call:", round(time.perf_counter() - t, 3), "s")
from articles.search.snippets import scan_budget

t = time.perf_counter()
for _ in range(20):
    highlight(body, q, scan_chars=scan_budget(20))
print("page of 20 such hits:", round(time.perf_counter() - t, 3), "s")
from articles.search.snippets import _highlight_region

t = time.perf_counter()
_highlight_region(body, q, 36)  # what every snippet did before: analyse the whole body
whole = time.perf_counter() - t
t = time.perf_counter()
highlight(body, q)
bounded = time.perf_counter() - t
print(f"whole body {whole:.3f} s, bounded window {bounded:.3f} s, ratio {whole / bounded:.0f}x")
