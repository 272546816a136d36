"""From an extracted `Attribution` to a stored proposal row: lemma, fingerprint, versions.

Pure functions (no database): the bulk writer runs them in worker processes.

The fingerprint is what a decision is remembered by. It is the normalised claimant, the cue's
lemma and the normalised quote, plus which occurrence of that triple this is in the article (a
repeated sentence gets two proposals, and rejecting one does not hide the other). Offsets are
not part of it, so an edited body that moves a sentence keeps its decisions.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from articles import arabic
from articles.proposals import extractor
from articles.proposals import lexicon as lx
from articles.proposals.extractor import Attribution

_SPACES = re.compile(r"\s+")
logger = logging.getLogger(__name__)


@cache
def extractor_version() -> str:
    """A digest of the extractor's code and word lists: any change to them is a new version."""
    digest = hashlib.sha1()
    for module in (extractor, lx):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def body_hash(body: str) -> str:
    return hashlib.md5(body.encode("utf-8"), usedforsecurity=False).hexdigest()


def _norm(text: str) -> str:
    return _SPACES.sub(" ", arabic.normalize(text)).strip()


@cache
def _printed_lemmas() -> dict[str, str]:
    """Normalised lemma -> the lemma as Arabic prints it (for the pages)."""
    printed: dict[str, str] = {}
    for past, _stem, _comps in lx.REPORTING_VERBS:
        printed.setdefault(_norm(past), past)
    for lemma in lx.IRREGULAR_FORMS:
        printed.setdefault(_norm(lemma), lemma)
    for stem in lx.PARTICIPLES:
        printed.setdefault(_norm(stem), stem + "ًا")
    for past in lx.SPEAKER_VERBS:
        printed.setdefault(_norm(past), past)
    for marker in lx.ACCORDING_TO:
        printed.setdefault(_norm(marker), marker)
    for a, b in lx.ACCORDING_TO_PAIRS:
        printed.setdefault(_norm(a + b), f"{a} {b}")
    return printed


@cache
def cue_lemma(cue: str) -> str:
    """The reporting word a cue is a form of, as printed: وأضافت → أضاف, بحسب → بحسب."""
    key = _norm(cue)
    pair = extractor._PAIR_CUES.get(key) or extractor._PAIR_CUES.get(key[1:])
    if pair is not None:
        lemma = pair
    else:
        found = extractor._CUES.get(key.replace(" ", ""))
        lemma = found.lemma if found is not None else key
    return _printed_lemmas().get(lemma, lemma)


@dataclass(frozen=True, slots=True)
class ProposalRow:
    """One proposal as the database stores it (without article, status and decision)."""

    fingerprint: str
    claimant: str
    claimant_start: int | None
    claimant_end: int | None
    antecedent: bool
    cue: str
    cue_lemma: str
    cue_start: int
    cue_end: int
    start: int
    end: int
    quote: str
    chain: tuple[str, ...]
    confidence: float


def fingerprint(claimant: str, lemma: str, quote: str, occurrence: int) -> str:
    key = "\x1f".join((_norm(claimant), _norm(lemma), _norm(quote), str(occurrence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def rows_for(attributions: Iterable[Attribution]) -> list[ProposalRow]:
    """Proposal rows of one article's attributions, in reading order, with their fingerprints."""
    seen: dict[tuple[str, str, str], int] = {}
    rows = []
    for a in attributions:
        lemma = cue_lemma(a.cue)
        triple = (_norm(a.claimant), _norm(lemma), _norm(a.quote))
        occurrence = seen.get(triple, 0)
        seen[triple] = occurrence + 1
        rows.append(
            ProposalRow(
                fingerprint=fingerprint(a.claimant, lemma, a.quote, occurrence),
                claimant=a.claimant[:300],
                claimant_start=a.claimant_start,
                claimant_end=a.claimant_end,
                antecedent=a.claimant_start is None,
                cue=a.cue[:100],
                cue_lemma=lemma[:100],
                cue_start=a.cue_start,
                cue_end=a.cue_end,
                start=a.start,
                end=a.end,
                quote=a.quote,
                chain=tuple(name[:300] for name in a.chain),
                confidence=a.confidence,
            )
        )
    return rows


def extract_rows(body: str) -> list[ProposalRow]:
    """The proposal rows of one body; none (and a logged error) if the extractor fails on it,
    so that one odd article never stops a batch."""
    try:
        attributions = extractor.extract(body)
    except Exception:
        logger.exception("attribution extractor failed on a body of %d characters", len(body))
        return []
    return [row for row in rows_for(attributions) if row.end > row.start]


def extract_many(items: Sequence[tuple[int, str]]) -> list[tuple[int, str, list[ProposalRow]]]:
    """(article id, body hash, rows) for each (article id, body): the worker processes' job."""
    return [(pk, body_hash(body), extract_rows(body)) for pk, body in items]
