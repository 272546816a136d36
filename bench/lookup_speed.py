"""Claim and claimant lookups at scale: the indexed lookups at 100,000 rows against the previous
Python scan at 5,000 rows, in the same run.

    .venv/bin/python bench/lookup_speed.py [--rows 100000] [--baseline-rows 5000] [--queries 200]

Builds (once; kept for the next run) a side database `bench_lookup` (bench/side_db.py) with
`--rows` claims and `--rows` claimants (two in three with one to three aliases), worded from the
seed articles' vocabulary (fixtures/seeds), then measures p50/p95 in milliseconds, warm, of
- find-or-create: `lookup.claim_worded` and `lookup.claimant_named` for existing rows written with
  other spellings (أ/ا, ة/ه, ى/ي, diacritics) and for new texts (half each);
- suggestions: `lookup.claim_matches(query)` and `lookup.claimant_matches(query)` for prefixes of
  2 to 12 characters of existing wordings and names, as typed;
and the same operations the way they were done before (every row normalised in Python: the scan
of `Claim.objects.only("text_ar")`, `claimant_named` over every claimant, and
`claim_matches`/`claimant_matches` fed whole querysets) over the first `--baseline-rows` rows.
Each query runs `--repeats` times: the p50/p95 are of each query's best run (on a shared machine
the other processes' load otherwise decides the p95), printed beside the raw p95 of first runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "bench_lookup"


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from side_db import side_database_url

    os.environ["DATABASE_URL"] = side_database_url(DB)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def vocabulary() -> list[str]:
    from articles import arabic

    words: set[str] = set()
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        words.update(w for w in arabic.words(path.read_text(encoding="utf-8")) if len(w) >= 3)
    return sorted(words)


_VARIANTS = str.maketrans({"ا": "أ", "ه": "ة", "ي": "ى"})


def respell(text: str, rng: random.Random) -> str:
    """Another spelling of the same text: hamza, ta marbuta, alef maqsura, a diacritic."""
    out = []
    for word in text.split():
        if rng.random() < 0.5:
            word = word.translate(_VARIANTS)
        if rng.random() < 0.3:
            word = word[:1] + "\u064e" + word[1:]
        out.append(word)
    return " ".join(out)


def fill(rows: int) -> None:
    from articles.claims.lookup import claim_terms, normal_names, normal_text
    from articles.models import Claim, Claimant, ClaimantName

    have = Claim.objects.count()
    if have >= rows:
        return
    rng = random.Random(21)
    words = vocabulary()
    print(f"building {rows - have} claims and claimants from {len(words)} seed words ...")
    started = time.perf_counter()
    batch = 5000
    for base in range(have, rows, batch):
        n = min(batch, rows - base)
        claims = []
        for i in range(n):
            text = " ".join(rng.choices(words, k=rng.randint(5, 14))) + f" {base + i}"
            claims.append(
                Claim(text_ar=text, text_normalized=normal_text(text), terms=claim_terms(text))
            )
        Claim.objects.bulk_create(claims)
        claimants = []
        for i in range(n):
            name = " ".join(rng.choices(words, k=rng.randint(1, 4))) + f" {base + i}"
            aliases = [
                " ".join(rng.choices(words, k=rng.randint(1, 3))) + f" {base + i}-{k}"
                for k in range(rng.choice([0, 1, 2, 3]))
            ]
            claimants.append(Claimant(name_ar=name, aliases=aliases))
        Claimant.objects.bulk_create(claimants)
        ClaimantName.objects.bulk_create(
            [ClaimantName(claimant=c, name=x) for c in claimants for x in normal_names(c)],
            ignore_conflicts=True,
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_claim")
        cursor.execute("VACUUM ANALYZE articles_claimantname")
    print(f"  built in {time.perf_counter() - started:.0f} s")


def timed(
    fn: Callable[[str], Any], queries: Sequence[str], repeats: int
) -> tuple[float, float, float]:
    """p50 and p95 over the queries of each query's best of `repeats` runs (what the operation
    costs when no other process holds the cores), and the p95 of the first runs as they came."""
    for q in queries[:5]:  # warm caches and the connection
        fn(q)
    best, first = [], []
    for q in queries:
        runs = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn(q)
            runs.append((time.perf_counter() - t) * 1000)
        best.append(min(runs))
        first.append(runs[0])

    def p95(values: list[float]) -> float:
        values = sorted(values)
        return values[max(0, int(len(values) * 0.95) - 1)]

    return statistics.median(best), p95(best), p95(first)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--baseline-rows", type=int, default=5_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3, help="runs per query; the best counts")
    args = ap.parse_args()
    setup()
    fill(args.rows)
    from articles import arabic
    from articles.claims import lookup
    from articles.models import Claim, Claimant

    rng = random.Random(5)
    claim_ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True)[: args.rows])
    claimant_ids = list(Claimant.objects.order_by("pk").values_list("pk", flat=True)[: args.rows])
    base_claims = Claim.objects.filter(pk__lte=claim_ids[args.baseline_rows - 1])
    base_claimants = Claimant.objects.filter(pk__lte=claimant_ids[args.baseline_rows - 1])

    def sample(model: Any, ids: list[int], field: str, k: int) -> list[str]:
        picked = rng.sample(ids, k)
        return list(model.objects.filter(pk__in=picked).values_list(field, flat=True))

    half = args.queries // 2
    words = vocabulary()

    def queries_for(model: Any, ids: list[int], field: str) -> list[str]:
        existing = [respell(t, rng) for t in sample(model, ids, field, half)]
        new = [" ".join(rng.choices(words, k=4)) + " جديد" for _ in range(half)]
        return existing + new

    def prefixes(model: Any, ids: list[int], field: str) -> list[str]:
        return [
            t[: rng.randint(2, 12)].strip() or t for t in sample(model, ids, field, args.queries)
        ]

    base_claim_ids = claim_ids[: args.baseline_rows]
    base_claimant_ids = claimant_ids[: args.baseline_rows]

    def old_claim_worded(text: str) -> Claim | None:
        wanted = arabic.normalize(text.strip())
        return next(
            (c for c in base_claims.only("text_ar") if arabic.normalize(c.text_ar) == wanted),
            None,
        )

    def old_claimant_named(name: str) -> Claimant | None:
        wanted = arabic.normalize(name).strip()
        for claimant in base_claimants.only("name_ar", "name_en", "aliases"):
            if wanted in lookup.normal_names(claimant):
                return claimant
        return None

    cases: list[tuple[str, Callable[[str], Any], Callable[[str], Any], list[str], list[str]]] = [
        (
            "claim find-or-create",
            lookup.claim_worded,
            old_claim_worded,
            queries_for(Claim, claim_ids, "text_ar"),
            queries_for(Claim, base_claim_ids, "text_ar"),
        ),
        (
            "claimant find-or-create",
            lookup.claimant_named,
            old_claimant_named,
            queries_for(Claimant, claimant_ids, "name_ar"),
            queries_for(Claimant, base_claimant_ids, "name_ar"),
        ),
        (
            "claim suggestions",
            lookup.claim_matches,
            lambda q: lookup.claim_matches(q, base_claims.only("text_ar", "gloss_en")),
            prefixes(Claim, claim_ids, "text_ar"),
            prefixes(Claim, base_claim_ids, "text_ar"),
        ),
        (
            "claimant suggestions",
            lookup.claimant_matches,
            lambda q: lookup.claimant_matches(
                q, base_claimants.only("name_ar", "name_en", "aliases", "kind")
            ),
            prefixes(Claimant, claimant_ids, "name_ar"),
            prefixes(Claimant, base_claimant_ids, "name_ar"),
        ),
    ]
    print(
        f"{len(claim_ids)} claims, {len(claimant_ids)} claimants; baseline (Python scan) over the "
        f"first {args.baseline_rows}; {args.queries} queries each; ms"
    )
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    r = args.repeats
    print(f"{'':<26}{f'indexed, best of {r}':>20}{'raw':>8}{f'scan, best of {r}':>20}{'raw':>8}")
    print(
        f"{'operation':<26}{'p50':>10}{'p95':>10}{'p95':>8}{'p50':>10}{'p95':>10}{'p95':>8}"
        f"{'ratio p95':>11}"
    )
    for name, new, old, new_queries, old_queries in cases:
        n50, n95, nraw = timed(new, new_queries, r)
        o50, o95, oraw = timed(old, old_queries[: max(20, args.queries // 5)], r)
        print(
            f"{name:<26}{n50:>10.2f}{n95:>10.2f}{nraw:>8.1f}{o50:>10.1f}{o95:>10.1f}{oraw:>8.1f}"
            f"{o95 / n95:>10.0f}x"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
