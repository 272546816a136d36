"""Attribution extraction quality against the hand-made gold (bench/attribution_gold/).

    .venv/bin/python bench/attribution_quality.py [--system naive|extractor|both]
        [--set main|heldout|heldout2|heldout3|heldout4|both|all] [--per-source] [--errors N] [--claims]

Loads the gold (GUIDELINES.md says how it was made and the matching rule, fixed before any
system ran) and each article's text (seeds from fixtures/seeds, SaudiNewsNet entries from
../shared/corpora/saudinewsnet by zip + url), runs a system on every text and prints precision,
recall, F1 and chain accuracy, overall and (--per-source) per outlet, with the naive baseline
measured in the same run.

Gold sets (`--set`, default both, each scored and printed on its own, never pooled; `both` is
main + heldout as before, `all` adds heldout2, heldout3 and heldout4):
- `main`: `attribution_gold/gold.jsonl` (seeds + SaudiNewsNet 2015-07-21…27); the extractor's
  authors have seen its errors.
- `heldout`: `attribution_gold/heldout/gold.jsonl` (SaudiNewsNet 2015-07-31 only), marked later
  by someone who had not read the extractor (`heldout/DECISIONS.md`). Its errors were read and
  tuned on in issue 21's second session: it is a tuning set since.
- `heldout2`: `attribution_gold/heldout2/gold.jsonl` (SaudiNewsNet 2015-08-10 and 08-11), marked
  before that session changed any rule, without running the extractor on it; the unseen set
  (`heldout2/DECISIONS.md`). Do not run `--errors` on it while working on the extractor.
- `heldout3`: `attribution_gold/heldout3/gold.jsonl` (SaudiNewsNet 2015-08-08 and 08-09), marked
  blind by an annotator who never read or ran the extractor, no article sharing text with its
  development cases (`heldout3/DECISIONS.md`). Do not run `--errors` on it while working on the
  extractor.
- `heldout4`: `attribution_gold/heldout4/gold.jsonl` (SaudiNewsNet 2015-08-03 and 08-04), marked
  blind like heldout3 by an annotator who never read or ran the extractor, no article sharing text
  with its development cases (`heldout4/DECISIONS.md`). Do not run `--errors` on it while working
  on the extractor.

Systems:
- `naive`: a fixed list of reporting-verb forms; claimant = the three words after the verb;
  content = from the word after the next أن/إن (within ten words) or else after the claimant,
  twenty words long, clipped at the sentence end; chain = [claimant].
- `extractor`: `articles.proposals.extractor.extract(text)`, returning objects with claimant,
  claimant_start, claimant_end, cue, cue_start, cue_end, start, end, quote, chain, confidence.

`--claims` scores claim matching: for every gold attribution with a `claim` label, the
candidates are all labelled claims (wording = claim_text, mentions = the other gold contents of
that label, never the passage itself); precision@1 of `articles.claims.matching.rank_claims`
(if it exists) beside a word-overlap (Jaccard) baseline.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "attribution_gold"))

from gold_texts import SETS, load_gold, load_text  # noqa: E402

from articles.arabic import normalize  # noqa: E402

IOU_MIN = 0.5


# --- matching rule (GUIDELINES.md, section 6) -------------------------------------------------

_WORD = re.compile(r"\w+")


def _readings(word: str) -> frozenset[str]:
    """The word and, when it starts with و/ف, the word without it; each without ال/لل."""
    forms = {word}
    if word[0] in "وف" and len(word) - 1 >= 2:
        forms.add(word[1:])
    return frozenset(f[2:] if f[:2] in ("ال", "لل") and len(f) - 2 >= 2 else f for f in forms)


def claimant_words(name: str) -> list[frozenset[str]]:
    """The normalised words of a claimant, each as its set of readings."""
    return [_readings(w) for w in _WORD.findall(normalize(name))]


def _contained(a: list[frozenset[str]], b: list[frozenset[str]]) -> bool:
    return all(any(x & y for y in b) for x in a)


def claimants_agree(a: str, b: str) -> bool:
    """Equal after normalisation, or the words of one all found among the other's."""
    wa, wb = claimant_words(a), claimant_words(b)
    if not wa or not wb:
        return False
    return _contained(wa, wb) or _contained(wb, wa)


def chains_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(claimants_agree(x, y) for x, y in zip(a, b, strict=True))


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


@dataclass
class Proposal:
    claimant: str
    claimant_start: int | None
    claimant_end: int | None
    cue: str
    cue_start: int
    cue_end: int
    start: int
    end: int
    quote: str
    chain: list[str]
    confidence: float = 0.5


def as_proposal(obj: Any) -> Proposal:
    if isinstance(obj, dict):  # tolerate dicts with the same keys as the command's JSON
        obj = type("P", (), obj)
    return Proposal(
        claimant=str(getattr(obj, "claimant", "") or ""),
        claimant_start=getattr(obj, "claimant_start", None),
        claimant_end=getattr(obj, "claimant_end", None),
        cue=str(getattr(obj, "cue", "") or ""),
        cue_start=int(getattr(obj, "cue_start", 0) or 0),
        cue_end=int(getattr(obj, "cue_end", 0) or 0),
        start=int(obj.start),
        end=int(obj.end),
        quote=str(getattr(obj, "quote", "") or ""),
        chain=[str(c) for c in (getattr(obj, "chain", None) or [])],
        confidence=float(getattr(obj, "confidence", 0.0) or 0.0),
    )


def match(gold: list[dict], props: list[Proposal]) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, proposal index, IoU), greedy by IoU."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(props):
            v = iou((g["start"], g["end"]), (p.start, p.end))
            if v >= IOU_MIN and claimants_agree(g["claimant"], p.claimant):
                pairs.append((-v, g["start"], p.start, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for negv, _, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, -negv))
    return out


# --- the naive baseline -----------------------------------------------------------------------

_VERBS = [
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "أكد",
    "أكدت",
    "يؤكد",
    "تؤكد",
    "أفاد",
    "أفادت",
    "ذكر",
    "ذكرت",
    "صرح",
    "صرحت",
    "أعلن",
    "أعلنت",
    "أوضح",
    "أوضحت",
    "أشار",
    "أشارت",
    "نفى",
    "نفت",
    "زعم",
    "زعمت",
    "اتهم",
    "اتهمت",
    "حذر",
    "حذرت",
    "اعتبر",
    "اعتبرت",
    "رأى",
    "رأت",
    "يرى",
    "ترى",
    "أضاف",
    "أضافت",
    "تابع",
    "تابعت",
    "لفت",
    "لفتت",
    "كشف",
    "كشفت",
    "بين",
    "بينت",
    "مشيرا",
    "موضحا",
    "مؤكدا",
    "مضيفا",
    "لافتا",
]
NAIVE_VERBS = frozenset(normalize(p + v) for v in _VERBS for p in ("", "و", "ف"))
_COMPLEMENTIZERS = frozenset(normalize(w) for w in ("أن", "إن", "أنّ", "إنّ", "بأن", "فإن"))
_TOKEN = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_EDGE_PUNCT = "\"'«»“”(),،:;؛.!?؟"


def naive_extract(text: str) -> list[Proposal]:
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    forms = [normalize(t[2].strip(_EDGE_PUNCT)) for t in toks]
    out: list[Proposal] = []
    for i, form in enumerate(forms):
        if form not in NAIVE_VERBS or i + 3 >= len(toks):
            continue
        cs, ce = toks[i + 1][0], toks[i + 3][1]
        claimant = text[cs:ce].strip(_EDGE_PUNCT)
        first = i + 4
        for j in range(i + 1, min(i + 11, len(toks))):
            if forms[j] in _COMPLEMENTIZERS:
                first = j + 1
                break
        if first >= len(toks):
            continue
        last = min(first + 19, len(toks) - 1)
        start, end = toks[first][0], toks[last][1]
        stop = _SENTENCE_END.search(text, start, end)
        if stop:
            end = stop.start()
        while end > start and text[end - 1] in _EDGE_PUNCT + " ":
            end -= 1
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        if end <= start:
            continue
        out.append(
            Proposal(
                claimant=claimant,
                claimant_start=cs,
                claimant_end=ce,
                cue=toks[i][2],
                cue_start=toks[i][0],
                cue_end=toks[i][1],
                start=start,
                end=end,
                quote=text[start:end],
                chain=[claimant],
                confidence=0.5,
            )
        )
    return out


def load_extractor() -> Callable[[str], list[Proposal]] | None:
    try:
        try:
            from articles.proposals.extractor import extract
        except Exception as first:  # the module may need Django's settings
            if os.environ.get("DJANGO_SETTINGS_MODULE"):
                raise first
            os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
            import django

            django.setup()
            from articles.proposals.extractor import extract
    except Exception as err:  # noqa: BLE001 - any failure means: score naive only
        print(
            f"extractor not available ({type(err).__name__}: {err}); "
            "scoring the naive baseline only",
            file=sys.stderr,
        )
        return None
    return lambda text: [as_proposal(p) for p in extract(text)]


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Tally:
    gold: int = 0
    props: int = 0
    matched: int = 0
    chains_ok: int = 0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.props += other.props
        self.matched += other.matched
        self.chains_ok += other.chains_ok

    def row(self) -> str:
        p = self.matched / self.props if self.props else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        c = f"{self.chains_ok / self.matched:.3f}" if self.matched else "  -  "
        return (
            f"{self.gold:>5} {self.props:>6} {self.matched:>6}  P {p:.3f}  R {r:.3f}  "
            f"F1 {f:.3f}  chain {c}"
        )


@dataclass
class Run:
    name: str
    per_source: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[tuple[str, dict]] = field(default_factory=list)
    false_alarms: list[tuple[str, Proposal]] = field(default_factory=list)
    seconds: float = 0.0
    chars: int = 0


def score(name: str, system: Callable[[str], list[Proposal]], docs: list[dict]) -> Run:
    run = Run(name)
    for d in docs:
        text = load_text(d["doc"])
        t0 = time.perf_counter()
        props = system(text)
        run.seconds += time.perf_counter() - t0
        run.chars += len(text)
        gold = d["attributions"]
        pairs = match(gold, props)
        t = Tally(gold=len(gold), props=len(props), matched=len(pairs))
        t.chains_ok = sum(chains_agree(gold[gi]["chain"], props[pi].chain) for gi, pi, _ in pairs)
        run.per_source[d["outlet"]].add(t)
        got_g = {gi for gi, _, _ in pairs}
        got_p = {pi for _, pi, _ in pairs}
        run.misses += [(d["doc"], g) for gi, g in enumerate(gold) if gi not in got_g]
        run.false_alarms += [(d["doc"], p) for pi, p in enumerate(props) if pi not in got_p]
    return run


def snippet(text: str, start: int, end: int, width: int = 70) -> str:
    s = text[start:end].replace("\n", " ")
    return s if len(s) <= width else s[: width // 2] + " … " + s[-width // 2 :]


def report(runs: list[Run], docs: list[dict], per_source: bool, errors: int) -> None:
    print(f"{len(docs)} articles, {sum(len(d['attributions']) for d in docs)} gold attributions")
    print(f"{'system':<10} {'source':<13} {'gold':>5} {'props':>6} {'match':>6}")
    for run in runs:
        total = Tally()
        for t in run.per_source.values():
            total.add(t)
        rate = len(docs) / run.seconds if run.seconds else float("inf")
        if per_source:
            for s in sorted(run.per_source):
                print(f"{run.name:<10} {s:<13} {run.per_source[s].row()}")
        print(f"{run.name:<10} {'ALL':<13} {total.row()}   ({rate:,.0f} articles/s)")
    for run in runs:
        if errors <= 0:
            continue
        print(f"\n{run.name}: first {errors} misses")
        for doc, g in run.misses[:errors]:
            text = load_text(doc)
            print(
                f"  {doc[:60]} [{g['cue']}] <{g['claimant']}> {{{snippet(text, g['start'], g['end'])}}}"
            )
        print(f"{run.name}: first {errors} false alarms")
        for doc, p in run.false_alarms[:errors]:
            text = load_text(doc)
            print(f"  {doc[:60]} [{p.cue}] <{p.claimant}> {{{snippet(text, p.start, p.end)}}}")


# --- claim matching ---------------------------------------------------------------------------


def _bag(text: str) -> set[str]:
    return {min(r) for r in claimant_words(text)}


def jaccard_rank(passage: str, claims: list[tuple[str, list[str]]]) -> list[tuple[int, float]]:
    p = _bag(passage)
    scored = []
    for i, (wording, mentions) in enumerate(claims):
        best = 0.0
        for t in [wording, *mentions]:
            b = _bag(t)
            if p or b:
                best = max(best, len(p & b) / len(p | b))
        scored.append((i, best))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored


def score_claims(docs: list[dict]) -> None:
    items = []  # (label, doc, start, end, passage)
    wording: dict[str, str] = {}
    for d in docs:
        text = load_text(d["doc"])
        for a in d["attributions"]:
            if "claim" in a:
                items.append(
                    (a["claim"], d["doc"], a["start"], a["end"], text[a["start"] : a["end"]])
                )
                if a.get("claim_text"):
                    wording.setdefault(a["claim"], a["claim_text"])
    labels = sorted({it[0] for it in items})
    rankers: list[tuple[str, Callable[..., list[tuple[int, float]]]]] = [("jaccard", jaccard_rank)]
    try:
        from articles.claims.matching import rank_claims

        rankers.append(("rank_claims", rank_claims))
    except Exception as err:  # noqa: BLE001
        print(f"rank_claims not available ({type(err).__name__}: {err}); Jaccard baseline only")
    print(f"\nclaim matching: {len(items)} labelled passages, {len(labels)} candidate claims")
    for name, ranker in rankers:
        hits = 0
        for label, doc, s, e, passage in items:
            claims = [
                (
                    wording.get(lab, ""),
                    [
                        it[4]
                        for it in items
                        if it[0] == lab and (it[1], it[2], it[3]) != (doc, s, e)
                    ],
                )
                for lab in labels
            ]
            ranked = ranker(passage, claims)
            if ranked and labels[ranked[0][0]] == label:
                hits += 1
        p1 = hits / len(items) if items else 0.0
        print(f"  {name:<12} precision@1 {p1:.3f} ({hits}/{len(items)})")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--system", choices=["naive", "extractor", "both"], default="both")
    ap.add_argument("--set", choices=[*SETS, "both", "all"], default="both")
    ap.add_argument("--per-source", action="store_true")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--claims", action="store_true")
    args = ap.parse_args(argv)
    systems: list[tuple[str, Callable[[str], list[Proposal]]]] = []
    if args.system in ("naive", "both"):
        systems.append(("naive", naive_extract))
    if args.system in ("extractor", "both"):
        ex = load_extractor()
        if ex is not None:
            systems.append(("extractor", ex))
        elif args.system == "extractor":
            systems.append(("naive", naive_extract))
    names = {"both": ["main", "heldout"], "all": list(SETS)}.get(args.set, [args.set])
    for i, name in enumerate(names):
        gold_set = SETS[name]
        docs = load_gold(gold_set.gold)
        print(f"{chr(10) if i else ''}== {name} gold: {gold_set.gold.relative_to(ROOT)} ==")
        runs = [score(sys_name, fn, docs) for sys_name, fn in systems]
        report(runs, docs, args.per_source, args.errors)
        if args.claims:
            score_claims(docs)


if __name__ == "__main__":
    main()
