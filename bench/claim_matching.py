"""Claim matching on the demo annotations: precision@1 of `rank_claims` beside a naive baseline.

    .venv/bin/python bench/claim_matching.py [--verbose]

Reads fixtures/demo.json (no database). For every demo annotation, all demo claims are ranked
for its quote; a hit is its own claim ranked first. Two settings:
- `wording`: each claim is its canonical wording only;
- `wording+mentions`: plus the quotes of the other demo annotations of that claim (never the
  annotation being ranked), as the reading room uses confirmed mentions.
Baseline: word-set Jaccard of the normalised words (`arabic.normalize`, split on spaces)
between the quote and the best of the claim's texts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles import arabic  # noqa: E402
from articles.claims.matching import rank_claims  # noqa: E402

Ranker = Callable[[str, list[tuple[str, list[str]]]], list[tuple[int, float]]]


def jaccard_rank(passage: str, claims: list[tuple[str, list[str]]]) -> list[tuple[int, float]]:
    def bag(text: str) -> set[str]:
        return set(arabic.normalize(text).split())

    p = bag(passage)
    scored = []
    for i, (wording, mentions) in enumerate(claims):
        best = 0.0
        for text in [wording, *mentions]:
            b = bag(text)
            if p | b:
                best = max(best, len(p & b) / len(p | b))
        scored.append((i, best))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    spec = json.loads((ROOT / "fixtures" / "demo.json").read_text(encoding="utf-8"))
    keys = [c["key"] for c in spec["claims"]]
    wording = {c["key"]: c["text_ar"] for c in spec["claims"]}
    notes = spec["annotations"]
    print(f"demo: {len(notes)} annotations, {len(keys)} candidate claims")
    rankers: list[tuple[str, Ranker]] = [("jaccard", jaccard_rank), ("rank_claims", rank_claims)]
    for setting in ("wording", "wording+mentions"):
        for name, ranker in rankers:
            hits = 0
            for n, note in enumerate(notes):
                claims = [
                    (
                        wording[key],
                        [
                            other["quote"]
                            for m, other in enumerate(notes)
                            if other["claim"] == key and m != n
                        ]
                        if setting == "wording+mentions"
                        else [],
                    )
                    for key in keys
                ]
                ranked = ranker(note["quote"], claims)
                hit = keys[ranked[0][0]] == note["claim"]
                hits += hit
                if args.verbose and not hit:
                    print(f"    miss {note['claim']} -> {keys[ranked[0][0]]} {ranked[:3]}")
            print(
                f"  {setting:<17} {name:<12} precision@1 {hits / len(notes):.3f}"
                f" ({hits}/{len(notes)})"
            )


if __name__ == "__main__":
    main()
