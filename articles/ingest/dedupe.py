"""Near-duplicate detection: MinHash sketches of word shingles, banded for LSH lookup.

Exact copies are found by `Article.content_hash` (once per outlet; another outlet's copy is
linked by `Article.copy_of`, see `pipeline._write_chunk`). Near duplicates (the same wire
story republished with small edits) share most of their 3-word shingles: each body gets a
one-permutation MinHash signature over its analysed words in order (`articles.search.index.document_index`,
built on `articles.arabic`), split into
bands; two articles sharing a band are candidates, confirmed when their signatures agree on at
least `NEAR_DUPLICATE_THRESHOLD` of their positions.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SIGNATURE_SIZE = 60
BANDS = 10
ROWS = SIGNATURE_SIZE // BANDS
SHINGLE_WORDS = 3
MIN_SHINGLES = 12  # shorter texts say too little to call them the same story
NEAR_DUPLICATE_THRESHOLD = 0.7
_EMPTY = int(np.iinfo(np.int64).max)
_MULTIPLIERS = tuple(
    np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB)
)[:SHINGLE_WORDS]
_DENSIFY_OFFSET = 1 << 40  # keeps borrowed values apart from the bin's own range


@dataclass(frozen=True)
class Sketch:
    signature: list[int]  # SIGNATURE_SIZE values (empty bins densified)
    bands: list[int]  # BANDS signed 64-bit keys


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """CRC-32 of each word (UTF-8), as uint64: what shingles are mixed from."""
    crc = zlib.crc32
    return np.fromiter((crc(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))


def shingle_hashes(words: Sequence[str]) -> np.ndarray:
    """32-bit hashes of every run of SHINGLE_WORDS consecutive words."""
    return _mix(word_hashes(words))


def _mix(hashes: np.ndarray) -> np.ndarray:
    """Each word is hashed once (CRC-32); a shingle's hash mixes its words' hashes position by
    position in 64-bit arithmetic, so no shingle string is ever built."""
    if len(hashes) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.int64)
    mixed = np.zeros(len(hashes) - SHINGLE_WORDS + 1, dtype=np.uint64)
    for offset, multiplier in enumerate(_MULTIPLIERS):
        window = hashes[offset : offset + len(mixed)]
        mixed = (mixed ^ window) * multiplier
    return (mixed >> np.uint64(32)).astype(np.int64)


def sketch(terms: Sequence[str]) -> Sketch | None:
    """The MinHash sketch of a body's terms (boilerplate left out), or None when too short.

    Near duplicates are judged on what search indexes: the body's analysed words in reading
    order (one conflation key per position, as `articles.search.index.document_index` gives them).
    """
    return sketch_of_hashes(word_hashes(terms))


def sketch_of_hashes(hashes: np.ndarray) -> Sketch | None:
    """`sketch` from the words' `word_hashes` (the import computes them per distinct word)."""
    hashes = _mix(hashes)
    hashes.sort()
    if len(hashes) > 1:
        hashes = hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]
    if len(hashes) < MIN_SHINGLES:
        return None
    # One-permutation hashing: the low bits choose the bin, the rest is the value kept per bin.
    bins = hashes % SIGNATURE_SIZE
    values = hashes // SIGNATURE_SIZE
    signature = np.full(SIGNATURE_SIZE, _EMPTY, dtype=np.int64)
    np.minimum.at(signature, bins, values)
    sig = signature.tolist()
    if _EMPTY in sig:
        sig = _densify(sig)
    bands = []
    for b in range(BANDS):
        rows = sig[b * ROWS : (b + 1) * ROWS]
        digest = zlib.crc32(repr((b, rows)).encode()) | (zlib.adler32(repr(rows).encode()) << 32)
        bands.append(digest - (1 << 63) if digest >= (1 << 63) else digest)
    return Sketch(signature=sig, bands=bands)


def _densify(signature: list[int]) -> list[int]:
    """Fill empty bins from the next filled one (rotation), so short texts get every band."""
    size = len(signature)
    filled = [i for i, v in enumerate(signature) if v != _EMPTY]
    out = list(signature)
    for i, value in enumerate(signature):
        if value == _EMPTY:
            j = next((k for k in filled if k > i), filled[0])
            distance = (j - i) % size
            out[i] = signature[j] + distance * _DENSIFY_OFFSET
    return out


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


class NearDuplicateIndex:
    """Candidates by shared band, confirmed by signature similarity; first article wins."""

    def __init__(self) -> None:
        self._by_band: dict[int, list[int]] = {}
        self._signatures: dict[int, list[int]] = {}
        self._root: dict[int, int] = {}

    def add(self, article_id: int, sk: Sketch, root: int | None = None) -> None:
        self._signatures[article_id] = sk.signature
        self._root[article_id] = root or article_id
        for band in sk.bands:
            self._by_band.setdefault(band, []).append(article_id)

    def match(self, sk: Sketch) -> tuple[int, float] | None:
        """(the original article's id, similarity) of the best near duplicate, if any."""
        seen: set[int] = set()
        best: tuple[int, float] | None = None
        for band in sk.bands:
            for candidate in self._by_band.get(band, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                score = similarity(sk.signature, self._signatures[candidate])
                if score >= NEAR_DUPLICATE_THRESHOLD and (
                    best is None or score > best[1] or score == best[1] and candidate < best[0]
                ):
                    best = (candidate, score)
        if best is None:
            return None
        return self._root[best[0]], best[1]
