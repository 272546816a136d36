"""Attribution extraction speed: articles per second on SaudiNewsNet, single process.

Runs `articles.proposals.extractor.extract` over the article bodies of a few corpus zips
(default: the August ones from 2015-08-01 to 2015-08-04, all their non-empty articles; --limit
to cut) and, on the same texts in the same run, a baseline: the project's own Arabic analysis,
`articles.arabic.normalize` of the body plus `articles.arabic.tokens` (what any Arabic-aware
pass over an article costs at least). Prints both rates and the ratio. Best of --repeats runs.
Target (issue 21): >= 300 articles/s per core. `--before REF` also times the extractor (and its
lexicon) as they were at git revision REF, on the same texts in the same run, so a change is
reported as a ratio measured under the same load.

    .venv/bin/python bench/attribution_speed.py [--zips 2015-08-01 2015-08-02] [--limit N] [--repeats 3]
        [--before main]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import types
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
sys.path.insert(0, str(ROOT))

from articles import arabic  # noqa: E402
from articles.proposals.extractor import extract  # noqa: E402

DEFAULT_ZIPS = ("2015-08-01", "2015-08-02", "2015-08-03", "2015-08-04")


def load(*, zips: list[str], limit: int | None) -> list[str]:
    texts: list[str] = []
    for name in zips:
        with zipfile.ZipFile(CORPUS / f"{name}.zip") as zf:
            texts += [
                a["content"] for a in json.loads(zf.read(zf.namelist()[0])) if a.get("content")
            ]
    return texts[:limit] if limit else texts


def best_rate(*, work: Callable[[str], object], texts: list[str], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for text in texts:
            work(text)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def extractor_at(ref: str) -> Callable[[str], object]:
    """`extract` of articles/proposals/extractor.py (with its lexicon) at git revision `ref`."""

    def source(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout

    lexicon = types.ModuleType("_lexicon_before")
    exec(
        compile(source("articles/proposals/lexicon.py"), "lexicon@" + ref, "exec"), lexicon.__dict__
    )
    sys.modules["_lexicon_before"] = lexicon
    code = source("articles/proposals/extractor.py").replace(
        "from articles.proposals import lexicon as lx", "import _lexicon_before as lx"
    )
    module = types.ModuleType("_extractor_before")
    sys.modules["_extractor_before"] = module
    exec(compile(code, "extractor@" + ref, "exec"), module.__dict__)
    return module.extract  # type: ignore[no-any-return]


def baseline(text: str) -> object:
    return arabic.normalize(text), arabic.tokens(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zips", nargs="+", default=list(DEFAULT_ZIPS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", default=None, help="git revision to time beside the current")
    args = parser.parse_args()
    texts = load(zips=args.zips, limit=args.limit)
    chars = sum(map(len, texts))
    extract(texts[0])  # build the lexicon and regexes outside the timing
    proposals = sum(len(extract(t)) for t in texts)
    before = extractor_at(args.before) if args.before else None
    if before is not None:
        before(texts[0])
    # the systems take turns in every repeat, so a burst of load on the machine hits all of them
    works: list[Callable[[str], object]] = [extract, baseline] + ([before] if before else [])
    rates = [0.0] * len(works)
    for _ in range(args.repeats):
        for k, work in enumerate(works):
            rates[k] = max(rates[k], best_rate(work=work, texts=texts, repeats=1))
    rate, base = rates[0], rates[1]
    old = rates[2] if before else None
    print(
        f"articles: {len(texts)} ({chars / len(texts):.0f} characters on average) from {', '.join(args.zips)}"
    )
    print(f"proposals: {proposals} ({proposals / len(texts):.1f} per article)")
    print(f"extract:                     {rate:8.0f} articles/s  ({1000 / rate:.2f} ms/article)")
    print(f"baseline normalize+tokens:   {base:8.0f} articles/s  ({1000 / base:.2f} ms/article)")
    if old is not None:
        print(
            f"extract at {args.before}:{' ' * max(1, 17 - len(args.before))}{old:8.0f} articles/s"
            f"  ({1000 / old:.2f} ms/article); now/then {rate / old:.2f}"
        )
    print(
        f"extract costs {base / rate:.2f}x the baseline; target >= 300 articles/s: "
        f"{'met' if rate >= 300 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
