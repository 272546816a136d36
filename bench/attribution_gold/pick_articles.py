"""Choose SaudiNewsNet articles for the attribution gold (procedure in GUIDELINES.md, section 7).

    .venv/bin/python bench/attribution_gold/pick_articles.py [--set main|heldout|heldout2|heldout3|heldout4] --random [--per-source 2]
    .venv/bin/python bench/attribution_gold/pick_articles.py [--set main|heldout|heldout2|heldout3|heldout4] --story WORD [WORD ...]
    .venv/bin/python bench/attribution_gold/pick_articles.py [--set main|heldout|heldout2|heldout3|heldout4] --traps [--n 10]

Prints document ids with source, length and cue count; never the texts. `--set` chooses the zips
and the shuffle seeds (`main`: 2015-07-21…27, "gold-2015-07:…"; `heldout`: 2015-07-31,
"gold-heldout-2015-07-31:…"; `heldout2`: 2015-08-10/11; `heldout3`: 2015-08-08/09,
"gold-heldout3-2015-08-08:…"; `heldout4`: 2015-08-03/04, "gold-heldout4-2015-08-03:…"; see
gold_texts.SETS); the filters are the same for all.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gold_texts import SETS, GoldSet, day_entries  # noqa: E402

CUE = re.compile(
    r"(?<![\w])[وف]?(?:قال|قالت|يقول|تقول|أكد|أكدت|يؤكد|تؤكد|أفاد|أفادت|ذكر|ذكرت|صرح|صرّح|أعلن|أعلنت|"
    r"أوضح|أوضحت|أشار|أشارت|نفى|نفت|زعم|اتهم|حذر|حذّر|اعتبر|رأى|أضاف|أضافت|تابع|لفت|شدد|"
    r"مشيرا|مشيراً|مشيرًا|موضحا|موضحاً|مؤكدا|مؤكداً|بحسب|حسب|وفقا|وفقاً|وفقًا|نقلا عن|نقلاً عن)(?![\w])"
)
TRAP = re.compile(
    r"(?:وفق[اًً]*|طبق[اًً]*|حسب|بحسب)\s+(?:لل|ل)?(?:أسعار|اسعار|جدول|نظام|المادة|مادة|الحاجة|ال?لائحة|ترتيب|نتائج|الأنظمة|التعليمات)"
)


def articles(gold_set: GoldSet) -> list[tuple[str, dict[str, str]]]:
    out = []
    for day in gold_set.days:
        for url, e in day_entries(day).items():
            out.append((f"snn:{day}:{url}", e))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=sorted(SETS), default="main")
    ap.add_argument("--random", action="store_true")
    ap.add_argument("--per-source", type=int, default=2)
    ap.add_argument("--story", nargs="*")
    ap.add_argument("--traps", action="store_true")
    ap.add_argument("--n", type=int, default=10)
    args = ap.parse_args()
    gold_set = SETS[args.set]
    pool = articles(gold_set)
    if args.random:
        by_source: dict[str, list[tuple[str, int, int]]] = {}
        for doc, e in pool:
            c = e["content"]
            cues = len(CUE.findall(c))
            if 1200 <= len(c) <= 4500 and cues >= 6:
                by_source.setdefault(e["source"], []).append((doc, len(c), cues))
        for source in sorted(by_source):
            cands = sorted(by_source[source])
            random.Random(f"{gold_set.seed_prefix}:{source}").shuffle(cands)
            for doc, n, cues in cands[: args.per_source]:
                print(source, n, cues, doc, sep="\t")
    if args.story:
        words = args.story
        for doc, e in pool:
            c = e["content"]
            if all(w in c for w in words):
                print(e["source"], len(c), len(CUE.findall(c)), doc, e["title"][:60], sep="\t")
    if args.traps:
        cands = sorted(
            (doc, e["source"], len(e["content"]), len(CUE.findall(e["content"])))
            for doc, e in pool
            if TRAP.search(e["content"]) and len(e["content"]) <= 4500 and CUE.search(e["content"])
        )
        random.Random(f"{gold_set.seed_prefix}:traps").shuffle(cands)
        for doc, source, n, cues in cands[: args.n]:
            print(source, n, cues, doc, sep="\t")


if __name__ == "__main__":
    main()
