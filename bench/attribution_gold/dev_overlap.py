"""Which articles of a gold set's zips share text with the extractor's development cases.

    .venv/bin/python bench/attribution_gold/dev_overlap.py --set heldout3|heldout4 [--width 30] [DOC ...]

Mechanical check for a blind annotator (heldout3/ and heldout4/DECISIONS.md): the Arabic string constants of
tests/proposals/test_dev_cases.py are taken with `ast` (the test logic is never looked at), and
an article overlaps when any WIDTH-character window of those strings (whitespace runs collapsed
to one space on both sides) occurs in its content. Prints, for each overlapping article, its id
and the number of shared windows; never the texts. Without DOC arguments every entry of the
set's zips is checked.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gold_texts import ROOT, SETS, day_entries, load_text  # noqa: E402

DEV_CASES = ROOT / "tests" / "proposals" / "test_dev_cases.py"
ARABIC = re.compile(r"[\u0600-\u06ff]")
SPACE = re.compile(r"\s+")


def dev_strings(path: Path = DEV_CASES) -> list[str]:
    """The string constants of a Python file that contain Arabic letters, whitespace collapsed."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        SPACE.sub(" ", node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if ARABIC.search(node.value)
    ]


def windows(strings: list[str], width: int) -> set[str]:
    """Every WIDTH-character substring holding an Arabic letter (a shorter string whole)."""
    out: set[str] = set()
    for s in strings:
        if len(s) < width:
            continue
        for i in range(len(s) - width + 1):
            w = s[i : i + width]
            if ARABIC.search(w) and w.strip() == w:
                out.add(w)
    return out


def shared(text: str, keys: set[str], width: int) -> int:
    """How many of the windows occur in the text."""
    flat = SPACE.sub(" ", text)
    grams = {flat[i : i + width] for i in range(len(flat) - width + 1)}
    return len(keys & grams)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs", nargs="*")
    ap.add_argument("--set", choices=sorted(SETS), default="heldout3")
    ap.add_argument("--width", type=int, default=30)
    args = ap.parse_args(argv)
    keys = windows(dev_strings(), args.width)
    if args.docs:
        docs = [(d, load_text(d)) for d in args.docs]
    else:
        docs = [
            (f"snn:{day}:{url}", e["content"])
            for day in SETS[args.set].days
            for url, e in day_entries(day).items()
        ]
    hits = 0
    for doc, text in docs:
        n = shared(text, keys, args.width)
        if n:
            hits += 1
            print(n, doc, sep="\t")
    print(
        f"{len(keys)} windows of {args.width} characters; {hits} of {len(docs)} articles share one"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
