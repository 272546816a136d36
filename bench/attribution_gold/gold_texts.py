"""Article texts of the attribution gold: seeds from fixtures/seeds, SaudiNewsNet entries by zip + url.

A document id is "seed:<file stem>" (text = the file decoded as UTF-8, exactly as stored) or
"snn:<YYYY-MM-DD>:<url>" (text = the entry's `content` field exactly as in the zip's JSON).

The gold sets share the rules (GUIDELINES.md): `main` (this folder: seeds + 2015-07-21…27) and
`heldout` (`heldout/`: 2015-07-31 only, marked later; used for tuning from issue 21's second
session on), `heldout2` (`heldout2/`: 2015-08-10 and 2015-08-11, marked before that session
changed any rule), `heldout3` (`heldout3/`: 2015-08-08 and 2015-08-09, marked blind by an
annotator who never read or ran the extractor; never used for tuning) and `heldout4`
(`heldout4/`: 2015-08-03 and 2015-08-04, marked blind the same way).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
GOLD_DIR = Path(__file__).resolve().parent
GOLD = GOLD_DIR / "gold.jsonl"
GOLD_DAYS = tuple(f"2015-07-{d}" for d in range(21, 28))


@dataclass(frozen=True)
class GoldSet:
    """One gold standard: its folder (marks/ and gold.jsonl), zips and selection seed prefix."""

    name: str
    folder: Path
    days: tuple[str, ...]
    seed_prefix: str
    seeds: bool

    @property
    def gold(self) -> Path:
        return self.folder / "gold.jsonl"

    @property
    def marks(self) -> Path:
        return self.folder / "marks"


SETS = {
    "main": GoldSet("main", GOLD_DIR, GOLD_DAYS, "gold-2015-07", seeds=True),
    "heldout": GoldSet(
        "heldout", GOLD_DIR / "heldout", ("2015-07-31",), "gold-heldout-2015-07-31", seeds=False
    ),
    "heldout2": GoldSet(
        "heldout2",
        GOLD_DIR / "heldout2",
        ("2015-08-10", "2015-08-11"),
        "gold-heldout2-2015-08-10",
        seeds=False,
    ),
    "heldout3": GoldSet(
        "heldout3",
        GOLD_DIR / "heldout3",
        ("2015-08-08", "2015-08-09"),
        "gold-heldout3-2015-08-08",
        seeds=False,
    ),
    "heldout4": GoldSet(
        "heldout4",
        GOLD_DIR / "heldout4",
        ("2015-08-03", "2015-08-04"),
        "gold-heldout4-2015-08-03",
        seeds=False,
    ),
}

SEED_OUTLETS = {
    "000_398f31dbc2a75417": "youm7",
    "001_5b11a9e5e613e591": "sana",
    "002_848d51e5e84e87d4": "baladi",
    "003_307b6d8156389d2c": "northpress",
    "004_6fc3cf2ddfe7e700": "albinaa",
}


@cache
def day_entries(day: str) -> dict[str, dict[str, str]]:
    """All entries of one SaudiNewsNet zip, by url."""
    with zipfile.ZipFile(CORPUS / f"{day}.zip") as z:
        (name,) = [n for n in z.namelist() if n.endswith(".json")]
        return {e["url"]: e for e in json.loads(z.read(name))}


def split_doc(doc: str) -> tuple[str, str, str]:
    """("seed", stem, "") or ("snn", day, url)."""
    kind, _, rest = doc.partition(":")
    if kind == "seed":
        return kind, rest, ""
    if kind == "snn":
        day, _, url = rest.partition(":")
        return kind, day, url
    raise ValueError(f"unknown document id {doc!r}")


def load_text(doc: str) -> str:
    kind, a, b = split_doc(doc)
    if kind == "seed":
        return (SEEDS / f"{a}.txt").read_bytes().decode("utf-8")
    return day_entries(a)[b]["content"]


def outlet_of(doc: str) -> str:
    kind, a, b = split_doc(doc)
    if kind == "seed":
        return SEED_OUTLETS[a]
    return day_entries(a)[b]["source"]


def load_gold(path: Path = GOLD) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
