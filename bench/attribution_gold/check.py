"""Validate gold.jsonl against the article texts and print counts per source.

    .venv/bin/python bench/attribution_gold/check.py [--set main|heldout|heldout2|heldout3|heldout4] [--gold PATH]

Checks: every document loads and is unique; outlet agrees with the text's source; spans lie
inside the text and agree with their strings (cue, claimant, head/tail, quote); claimant spans are
both null or both set; contents are non-empty and carry no leading/trailing space or final full
stop; chain ends with the claimant; a pronoun's antecedent is written before its cue; no two attributions share a cue span; no two attributions
of a document have the same claimant with content IoU >= 0.5 (they could not both be matched);
claim labels with a claim_text somewhere; every document comes from the set's zips (seeds only in
`main`). Exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gold_texts import SETS, GoldSet, load_gold, load_text, outlet_of, split_doc  # noqa: E402

STRIP_END = ".۔"


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def check(path: Path, gold_set: GoldSet = SETS["main"]) -> int:
    docs = load_gold(path)
    problems: list[str] = []
    seen: set[str] = set()
    per_source: Counter[str] = Counter()
    docs_per_source: Counter[str] = Counter()
    labels: dict[str, int] = Counter()
    label_docs: dict[str, set[str]] = defaultdict(set)
    labels_with_text: set[str] = set()
    for d in docs:
        doc = d["doc"]
        if doc in seen:
            problems.append(f"{doc}: duplicate document")
        seen.add(doc)
        kind, day, _ = split_doc(doc)
        if (kind == "seed" and not gold_set.seeds) or (kind == "snn" and day not in gold_set.days):
            problems.append(f"{doc}: not from the {gold_set.name} set's documents")
        text = load_text(doc)
        if d["outlet"] != outlet_of(doc):
            problems.append(f"{doc}: outlet {d['outlet']} != {outlet_of(doc)}")
        atts = d["attributions"]
        docs_per_source[d["outlet"]] += 1
        per_source[d["outlet"]] += len(atts)
        for i, a in enumerate(atts):
            where = f"{doc} #{i}"
            n = len(text)
            for k in ("cue_start", "cue_end", "start", "end"):
                if not (0 <= a[k] <= n):
                    problems.append(f"{where}: {k} outside the text")
            if text[a["cue_start"] : a["cue_end"]] != a["cue"] or not a["cue"]:
                problems.append(f"{where}: cue span disagrees")
            ks, ke = a["claimant_start"], a["claimant_end"]
            if (ks is None) != (ke is None):
                problems.append(f"{where}: claimant span half null")
            elif ks is not None and text[ks:ke] != a["claimant"]:
                problems.append(f"{where}: claimant span disagrees")
            elif ks is None and a["claimant"] not in text[: a["cue_end"]]:
                problems.append(f"{where}: pronoun antecedent not written before the cue")
            if not a["claimant"].strip():
                problems.append(f"{where}: empty claimant")
            content = text[a["start"] : a["end"]]
            if not content or content != content.strip() or content[-1] in STRIP_END:
                problems.append(f"{where}: content empty, padded or ends with a full stop")
            words = content.split()
            if a["head"] != " ".join(words[:3]) or a["tail"] != " ".join(words[-3:]):
                problems.append(f"{where}: head/tail disagree with the span")
            if "quote" in a and a["quote"] != content:
                problems.append(f"{where}: quote disagrees")
            if not a["chain"] or a["chain"][-1] != a["claimant"]:
                problems.append(f"{where}: chain does not end with the claimant")
            if "claim" in a:
                labels[a["claim"]] += 1
                label_docs[a["claim"]].add(doc)
                if a.get("claim_text"):
                    labels_with_text.add(a["claim"])
        cues = Counter((a["cue_start"], a["cue_end"]) for a in atts)
        for span, c in cues.items():
            if c > 1:
                problems.append(f"{doc}: {c} attributions share the cue at {span}")
        for i, a in enumerate(atts):
            for b in atts[i + 1 :]:
                if (
                    a["claimant"] == b["claimant"]
                    and iou((a["start"], a["end"]), (b["start"], b["end"])) >= 0.5
                ):
                    problems.append(
                        f"{doc}: near-duplicate attributions at {a['start']}/{b['start']}"
                    )
    for label in labels:
        if label not in labels_with_text:
            problems.append(f"claim {label}: no claim_text anywhere")
    total = sum(per_source.values())
    print(f"{'source':<14}{'docs':>6}{'attributions':>14}")
    for s in sorted(per_source):
        print(f"{s:<14}{docs_per_source[s]:>6}{per_source[s]:>14}")
    print(f"{'total':<14}{len(docs):>6}{total:>14}")
    snn_sources = {d["outlet"] for d in docs if d["doc"].startswith("snn:")}
    print(f"SaudiNewsNet sources: {len(snn_sources)}")
    cross = {k: v for k, v in label_docs.items() if len(v) > 1}
    print(
        f"claim labels: {len(labels)} ({sum(labels.values())} attributions); "
        f"in several articles: {len(cross)}"
    )
    for k in sorted(cross):
        print(f"  {k}: {labels[k]} attributions in {len(cross[k])} articles")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=sorted(SETS), default="main")
    ap.add_argument("--gold", type=Path, help="default: the set's gold.jsonl")
    args = ap.parse_args()
    gold_set = SETS[args.set]
    sys.exit(check(args.gold or gold_set.gold, gold_set))


if __name__ == "__main__":
    main()
