"""Turn hand marks (marks/*.txt) into gold.jsonl with code-point offsets, refusing ambiguity.

    .venv/bin/python bench/attribution_gold/locate.py [--set main|heldout|heldout2|heldout3|heldout4] [--show] [marks/FILE ...]

`--set heldout` reads heldout/marks/ and writes heldout/gold.jsonl (default: main, this folder).

A marks file:

    @doc snn:2015-07-21:<url>        (or seed:<stem>)
    # via random | story:<name> | traps | seed
    CUE | CLAIMANT | CONTENT | CHAIN | CLAIM-LABEL | CLAIM-TEXT

- CUE: the cue as written, unique in the text; or a context string unique in the text with the
  cue in brackets ("[وأضاف] المتحدث"); or "cue#k" for its k-th occurrence (1-based).
- CLAIMANT: "=Name" for a pronoun subject (no span); else the claimant as written (brackets
  for context allowed), taken at its occurrence nearest to the cue (within 400 code points;
  a tie refuses).
- CONTENT: "HEAD...TAIL" (or one string for the whole content): HEAD is found at its first
  occurrence after the cue (a leading "<" searches backwards from the cue instead: content
  before the cue); TAIL at its first occurrence ending after HEAD ("TAIL#k": k-th). Brackets
  may narrow a context in HEAD or TAIL like in CUE.
- CHAIN: empty or "-" for [claimant]; else "A > B > ..." (the last element must be the claimant).
- CLAIM-LABEL / CLAIM-TEXT: optional.

--show prints each resolved content (for checking by eye; never stored).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gold_texts import SETS, load_text, outlet_of, split_doc  # noqa: E402

WINDOW = 400
DENY = re.compile(r"(?:^|[وف])(?:نفى|نفت|ينفي|تنفي|نافيا|نافياً|نافيًا|نفي)")


class MarkError(Exception):
    pass


def _pattern(spec: str) -> tuple[str, int, int]:
    """(context string, offset of the wanted part in it, its length)."""
    if "[" in spec:
        a = spec.index("[")
        b = spec.index("]", a)
        inner = spec[a + 1 : b]
        ctx = spec[:a] + inner + spec[b + 1 :]
        return ctx, a, len(inner)
    return spec, 0, len(spec)


def _occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def _split_k(spec: str) -> tuple[str, int | None]:
    m = re.fullmatch(r"(.*)#(\d+)", spec)
    return (m.group(1), int(m.group(2))) if m else (spec, None)


def find_cue(text: str, spec: str) -> tuple[int, int]:
    spec, k = _split_k(spec)
    ctx, off, n = _pattern(spec)
    occ = _occurrences(text, ctx)
    if not occ:
        raise MarkError(f"cue {spec!r} not found")
    if k is None:
        if len(occ) > 1:
            raise MarkError(f"cue {spec!r} ambiguous ({len(occ)} occurrences)")
        k = 1
    if k > len(occ):
        raise MarkError(f"cue {spec!r} has only {len(occ)} occurrences")
    s = occ[k - 1] + off
    return s, s + n


def find_near(text: str, spec: str, cs: int, ce: int) -> tuple[int, int]:
    spec, k = _split_k(spec)
    ctx, off, n = _pattern(spec)
    cands = []
    for o in _occurrences(text, ctx):
        s, e = o + off, o + off + n
        d = cs - e if e <= cs else (s - ce if s >= ce else 0)
        if s < ce and e > cs:
            continue  # overlapping the cue itself
        if d <= WINDOW:
            cands.append((d, s, e))
    if not cands:
        raise MarkError(f"claimant {spec!r} not found near the cue")
    cands.sort()
    if k is not None:
        return cands[k - 1][1:]
    if len(cands) > 1 and cands[0][0] == cands[1][0]:
        raise MarkError(f"claimant {spec!r} ambiguous")
    return cands[0][1:]


def find_content(text: str, spec: str, cs: int, ce: int) -> tuple[int, int]:
    before = spec.startswith("<")
    spec = spec.lstrip("<")
    head, _, tail = spec.partition("...")
    head, tail = head.strip(), tail.strip()
    hctx, hoff, hn = _pattern(head)
    if before:
        occ = [o for o in _occurrences(text, hctx) if o + hoff + hn <= cs and cs - o < 2000]
        if not occ:
            raise MarkError(f"head {head!r} not found before the cue")
        s = occ[-1] + hoff
    else:
        occ = [o for o in _occurrences(text, hctx) if o + hoff >= ce and o - ce < 1500]
        if not occ:
            raise MarkError(f"head {head!r} not found after the cue")
        s = occ[0] + hoff
    if not tail:
        return s, s + hn
    tail, k = _split_k(tail)
    tctx, toff, tn = _pattern(tail)
    tocc = [o for o in _occurrences(text, tctx) if o + toff + tn > s]
    if not tocc:
        raise MarkError(f"tail {tail!r} not found after the head")
    if (k or 1) > len(tocc):
        raise MarkError(f"tail {tail!r} has only {len(tocc)} occurrences after the head")
    o = tocc[(k or 1) - 1]
    e = o + toff + tn
    if e - s > 3000:
        raise MarkError(f"content {head!r}...{tail!r} is {e - s} long")
    return s, e


def words3(span: str, last: bool) -> str:
    w = span.split()
    return " ".join(w[-3:] if last else w[:3])


def parse_marks(path: Path, show: bool) -> dict:
    doc = None
    atts: list[dict] = []
    text = ""
    errors = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@doc "):
            doc = line[5:].strip()
            text = load_text(doc)
            continue
        if doc is None:
            raise MarkError(f"{path}: no @doc before line {lineno}")
        fields = [f.strip() for f in line.split("|")]
        fields += [""] * (6 - len(fields))
        cue_spec, cl_spec, content_spec, chain_spec, label, claim_text = fields[:6]
        try:
            cs, ce = find_cue(text, cue_spec)
            if cl_spec.startswith("="):
                claimant, ks, ke = cl_spec[1:].strip(), None, None
            else:
                ks, ke = find_near(text, cl_spec, cs, ce)
                claimant = text[ks:ke]
            s, e = find_content(text, content_spec, cs, ce)
            chain = (
                [c.strip() for c in chain_spec.split(">")]
                if chain_spec and chain_spec != "-"
                else [claimant]
            )
            if chain[-1] != claimant:
                raise MarkError(f"chain {chain} does not end with the claimant {claimant!r}")
        except MarkError as err:
            errors.append(f"{path.name}:{lineno}: {err}")
            continue
        cue = text[cs:ce]
        content = text[s:e]
        att = {
            "claimant": claimant,
            "claimant_start": ks,
            "claimant_end": ke,
            "cue": cue,
            "cue_start": cs,
            "cue_end": ce,
            "start": s,
            "end": e,
            "head": words3(content, last=False),
            "tail": words3(content, last=True),
            "chain": chain,
            "stance": "denies" if DENY.search(cue) else "asserts",
        }
        if label:
            att["claim"] = label
        if claim_text:
            att["claim_text"] = claim_text
        if doc.startswith("seed:"):
            att["quote"] = content
        atts.append(att)
        if show:
            print(f"{path.name}:{lineno} [{cue}] <{claimant}> {{{content}}} chain={chain}")
    if errors:
        raise MarkError("\n".join(errors))
    assert doc is not None
    atts.sort(key=lambda a: (a["start"], a["cue_start"]))
    return {"doc": doc, "outlet": outlet_of(doc), "attributions": atts}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--set", choices=sorted(SETS), default="main")
    args = ap.parse_args()
    gold_set = SETS[args.set]
    files = args.files or sorted(gold_set.marks.glob("*.txt"))
    docs, failed = [], False
    for f in files:
        try:
            docs.append(parse_marks(f, args.show))
        except MarkError as err:
            print(err, file=sys.stderr)
            failed = True
    if failed:
        sys.exit(1)
    if not args.files:
        docs.sort(key=lambda d: (not d["doc"].startswith("seed:"), split_doc(d["doc"])))
        with gold_set.gold.open("w", encoding="utf-8") as out:
            for d in docs:
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
        n = sum(len(d["attributions"]) for d in docs)
        where = gold_set.gold.relative_to(gold_set.folder.parent)
        print(f"wrote {where}: {n} attributions in {len(docs)} documents")


if __name__ == "__main__":
    main()
