"""Precision and recall of the attribution extractor by confidence threshold, on the gold.

    .venv/bin/python bench/attribution_confidence.py [--thresholds 0.5 0.7 0.8 0.9]

The reading room's "accept all high-confidence" accepts proposals at >= 0.8: this prints, for each
threshold, how many proposals reach it and their precision and recall against the gold, with the
matching rule of `attribution_quality.py` (GUIDELINES.md section 6), plus precision per confidence
value (one value per construction, see the extractor's docstring).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "attribution_gold"))

from attribution_quality import as_proposal, match  # noqa: E402
from gold_texts import SETS, load_gold, load_text  # noqa: E402

from articles.proposals.extractor import extract  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.7, 0.8, 0.9])
    # The held-out set is for a final measurement only: reading it while tuning makes it dev.
    ap.add_argument("--set", choices=list(SETS), default="main")
    args = ap.parse_args()
    scored: list[tuple[float, bool]] = []
    gold_total = 0
    for doc in load_gold(SETS[args.set].gold):
        gold = doc["attributions"]
        gold_total += len(gold)
        props = [as_proposal(p) for p in extract(load_text(doc["doc"]))]
        matched = {pi for _gi, pi, _iou in match(gold, props)}
        scored += [(p.confidence, i in matched) for i, p in enumerate(props)]
    print(f"{gold_total} gold attributions, {len(scored)} proposals")
    for t in args.thresholds:
        kept = [ok for conf, ok in scored if conf >= t]
        p = sum(kept) / len(kept) if kept else 0.0
        print(
            f"confidence >= {t:.2f}: {len(kept):4d} proposals  P {p:.3f}  R {sum(kept) / gold_total:.3f}"
        )
    by_value: dict[float, list[bool]] = defaultdict(list)
    for conf, ok in scored:
        by_value[conf].append(ok)
    for conf in sorted(by_value):
        oks = by_value[conf]
        print(f"  confidence {conf:.2f}: {len(oks):4d} proposals  P {sum(oks) / len(oks):.3f}")


if __name__ == "__main__":
    main()
