"""Search vectors and near-duplicate word hashes for many articles at once (an import item).

The result for each article is the same as `articles.search.index.document_index` gives (the same
weighted tsvector literal: title terms weighted A, body terms B and numbered after the title's)
and the same words for `dedupe.sketch`, but the work is done per distinct written token instead
of per occurrence:

- every distinct token is analysed once per process (`arabic.token_positions`) and gets an id;
  per-token tables (numpy arrays) hold its positions, the term ids at each position and the
  CRC-32 of each position's conflation key (what near-duplicate shingles are built from);
- a title or body becomes an array of token ids, and the (article, term, position, weight)
  keys of all articles of the item are gathered, de-duplicated and sorted by numpy in one pass;
- each article's tsvector literal is joined from precomputed pieces ("'term':" and the
  weighted position as text, "12A").

News vocabulary is Zipfian: after the first few hundred articles almost every token is known.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from articles import arabic
from articles.search.index import MAX_POSITION, MAX_TERM_CHARS, in_spans, quote_term

MAX_POSITIONS_PER_TERM = 256  # what PostgreSQL keeps per lexeme
# PostgreSQL refuses a tsvector whose lexemes and positions take more than 1 MB (1,048,575
# bytes) together ("string is too long for tsvector"): each lexeme counts its bytes, one byte of
# alignment, two for its number of positions and two per position. A huge article keeps the
# terms that fit under this budget, in term order, and is still imported and found by them.
TSVECTOR_LEXEME_BUDGET = 1_000_000
MAX_TOKENS = 500_000  # tables start afresh past this many distinct tokens (~100 MB)
_POSITION_BITS = 14  # positions go up to MAX_POSITION = 2**14 - 1
_TERM_BITS = 26
_SLOT_BITS = _POSITION_BITS + 1  # a position and its weight (0: title, A; 1: body, B)
_ARTICLE_BITS = 63 - _SLOT_BITS - _TERM_BITS
_SLOT_TEXT = [f"{i >> 1}{'B' if i & 1 else 'A'}" for i in range(2 << _POSITION_BITS)]
assert MAX_POSITION < 1 << _POSITION_BITS


class _Column:
    """A growable numpy array (appends happen once per distinct token or term)."""

    def __init__(self, dtype: type) -> None:
        self._data: npt.NDArray[Any] = np.zeros(1024, dtype=dtype)
        self.size = 0

    def append(self, value: int) -> None:
        if self.size == len(self._data):
            self._data = np.concatenate([self._data, np.zeros_like(self._data)])
        self._data[self.size] = value
        self.size += 1

    def extend(self, values: list[int]) -> None:
        if self.size + len(values) > len(self._data):
            grown = np.zeros(max(2 * len(self._data), self.size + len(values)), self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : self.size + len(values)] = values
        self.size += len(values)

    @property
    def array(self) -> np.ndarray:
        return self._data[: self.size]


class _Tables:
    """Per-process analysis of every token seen so far, as lookup arrays."""

    def __init__(self) -> None:
        self.generation = arabic.analysis_generation()
        self.token_ids: dict[str, int] = {}
        self.token_first = _Column(np.int64)  # first position entry of the token
        self.token_positions = _Column(np.int64)  # how many positions it takes (0, 1 or 2)
        self.entry_first = _Column(np.int64)  # per position entry: first term slot
        self.entry_terms = _Column(np.int64)  # number of terms at that position
        self.entry_key = _Column(np.uint64)  # CRC-32 of the position's conflation key
        self.slot_term = _Column(np.int64)  # term id of each slot
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = [""]  # term id -> term (id 0 is no term, like heads[0])
        # Piece written before a position: " 'term':" for a term's first one, "," after that.
        self.heads: list[str] = [","]

    def add_tokens(self, tokens: list[str]) -> None:
        token_first: list[int] = []
        token_positions: list[int] = []
        entry_first: list[int] = []
        entry_terms: list[int] = []
        entry_key: list[int] = []
        slot_term: list[int] = []
        entries, slots = self.entry_key.size, self.slot_term.size
        term_ids, term_id = self.term_ids, self._term_id
        for token, positions in zip(tokens, arabic.tokens_positions(tokens), strict=True):
            token_first.append(entries + len(entry_key))
            token_positions.append(len(positions or ()))
            for terms in positions or ():
                kept = [term for term in terms if len(term) <= MAX_TERM_CHARS]
                entry_first.append(slots + len(slot_term))
                entry_terms.append(len(kept))
                entry_key.append(zlib.crc32(min(terms).encode("utf-8")))
                slot_term.extend([term_ids.get(term) or term_id(term) for term in kept])
            self.token_ids[token] = len(self.token_ids)
        self.token_first.extend(token_first)
        self.token_positions.extend(token_positions)
        self.entry_first.extend(entry_first)
        self.entry_terms.extend(entry_terms)
        self.entry_key.extend(entry_key)
        self.slot_term.extend(slot_term)

    def _term_id(self, term: str) -> int:
        term_id = self.term_ids.get(term)
        if term_id is None:
            term_id = self.term_ids[term] = len(self.heads)
            self.heads.append(f" {quote_term(term)}:")
            self.terms.append(term)
        return term_id


_tables: _Tables | None = None


def _current_tables() -> _Tables:
    global _tables
    if (
        _tables is None
        or _tables.generation != arabic.analysis_generation()
        or len(_tables.token_ids) > MAX_TOKENS
    ):
        _tables = _Tables()
    return _tables


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + count) for each pair."""
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(ends) else 0
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts - (ends - counts), counts) + np.arange(total, dtype=np.int64)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """`np.unique` by sorting (numpy's hash-based unique is far slower on large int64 arrays)."""
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


class IndexedArticles:
    """`literals[i]`: article i's weighted tsvector literal; `word_hashes(i)`: the CRC-32 of
    each of its body's analysed words' conflation keys, in reading order (for
    `dedupe.sketch_of_hashes`); `terms` and `term_numbers(i)`: the distinct terms of article
    i's literal, as numbers into `terms` (the words `tsvector_to_array` gives back once it is
    stored: what the did-you-mean vocabulary counts, without reading the vectors again)."""

    def __init__(self, literals: list[str], hashes: np.ndarray, bounds: np.ndarray) -> None:
        self.literals = literals
        self.truncated: set[int] = set()  # articles whose index keeps only the terms that fit
        self.terms: list[str] = []
        self._hashes = hashes
        self._bounds = bounds
        self._term_numbers: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self._term_cuts: list[int] = [0] * (len(literals) + 1)

    def word_hashes(self, i: int) -> np.ndarray:
        return self._hashes[self._bounds[2 * i + 1] : self._bounds[2 * i + 2]]

    def term_numbers(self, i: int) -> npt.NDArray[np.int32]:
        return self._term_numbers[self._term_cuts[i] : self._term_cuts[i + 1]]


def index_articles(articles: Sequence[tuple[str, str, Sequence[Sequence[int]]]]) -> IndexedArticles:
    """Analyse `(title, body, skip_spans)` articles; body words starting inside a span are left
    out."""
    if len(articles) >= 1 << _ARTICLE_BITS:
        raise ValueError("too many articles for one call")
    tables = _current_tables()
    words: list[list[str]] = []  # title and body of each article: documents 2i and 2i + 1
    for title, body, spans in articles:
        words.append(arabic.words(title))
        if spans:
            words.append(
                [m.group() for m in arabic.word_matches(body) if not in_spans(m.start(), spans)]
            )
        else:
            words.append(arabic.words(body))
    ndocs = len(words)
    counts = np.fromiter(map(len, words), dtype=np.int64, count=ndocs)
    total = int(counts.sum())
    flat = list(chain.from_iterable(words))
    known = tables.token_ids
    token = np.fromiter(map(known.get, flat, repeat(-1)), dtype=np.int64, count=total)
    missing = np.flatnonzero(token < 0).tolist()
    if missing:
        tables.add_tokens(list(dict.fromkeys(flat[i] for i in missing)))
        token[missing] = [known[flat[i]] for i in missing]
    if len(tables.term_ids) >= 1 << _TERM_BITS:  # pragma: no cover - reset before that
        raise ValueError("too many distinct terms")
    token_first = tables.token_first.array
    token_positions = tables.token_positions.array
    per_token = token_positions[token]
    entries = _ranges(token_first[token], per_token)
    doc_of_entry = np.repeat(np.repeat(np.arange(ndocs, dtype=np.int64), counts), per_token)
    entries_per_doc = np.bincount(doc_of_entry, minlength=ndocs)
    bounds = np.zeros(ndocs + 1, dtype=np.int64)
    np.cumsum(entries_per_doc, out=bounds[1:])
    hashes = tables.entry_key.array[entries]
    # A body's positions follow its title's: offset by the number of title positions.
    is_body = doc_of_entry & 1
    offset = np.where(is_body, entries_per_doc[doc_of_entry - is_body], 0)
    position = np.arange(len(entries), dtype=np.int64) - bounds[doc_of_entry] + 1 + offset
    np.minimum(position, MAX_POSITION, out=position)
    slot = (position << 1) | is_body

    terms_per_entry = tables.entry_terms.array[entries]
    term = tables.slot_term.array[_ranges(tables.entry_first.array[entries], terms_per_entry)]
    keys = _sorted_unique(
        (np.repeat(doc_of_entry >> 1, terms_per_entry) << (_TERM_BITS + _SLOT_BITS))
        | (term << _SLOT_BITS)
        | np.repeat(slot, terms_per_entry)
    )
    # Positions capped at 16383 can meet: one position per term keeps the title's weight.
    if len(keys) > 1:
        keep = np.ones(len(keys), dtype=bool)
        np.not_equal(keys[1:] >> 1, keys[:-1] >> 1, out=keep[1:])
        keys = keys[keep]
    group = keys >> _SLOT_BITS  # (article, term)
    first = np.ones(len(keys), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    index = np.arange(len(keys), dtype=np.int64)
    rank = index - np.maximum.accumulate(np.where(first, index, 0))
    if len(rank) and rank.max() >= MAX_POSITIONS_PER_TERM:
        keep = rank < MAX_POSITIONS_PER_TERM
        keys, first = keys[keep], first[keep]
    keys, first, truncated = _fit_tsvector(keys, first, tables.heads, len(articles))
    heads = np.where(first, (keys >> _SLOT_BITS) & ((1 << _TERM_BITS) - 1), 0)
    # Head and position pieces interleaved, joined per article: no string per key is built.
    pieces: list[str] = [""] * (2 * len(keys))
    pieces[0::2] = map(tables.heads.__getitem__, heads.tolist())
    pieces[1::2] = map(_SLOT_TEXT.__getitem__, (keys & ((1 << _SLOT_BITS) - 1)).tolist())
    cuts = np.searchsorted(keys >> (_TERM_BITS + _SLOT_BITS), np.arange(len(articles) + 1)).tolist()
    literals = ["".join(pieces[2 * a : 2 * b])[1:] for a, b in zip(cuts, cuts[1:], strict=False)]
    indexed = IndexedArticles(literals, hashes, bounds)
    indexed.truncated = truncated
    # Each article's distinct terms: the term of each (article, term) group's first key.
    grouped = keys[first]
    used, numbers = np.unique(grouped >> _SLOT_BITS & ((1 << _TERM_BITS) - 1), return_inverse=True)
    indexed.terms = [tables.terms[t] for t in used.tolist()]
    indexed._term_numbers = numbers.astype(np.int32)
    indexed._term_cuts = np.searchsorted(
        grouped >> (_TERM_BITS + _SLOT_BITS), np.arange(len(articles) + 1)
    ).tolist()
    return indexed


def _fit_tsvector(
    keys: npt.NDArray[np.int64], first: npt.NDArray[np.bool_], heads: list[str], narticles: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], set[int]]:
    """Drop the terms past TSVECTOR_LEXEME_BUDGET bytes of an article; say which were cut.

    A term costs its piece of the literal (" 'term':", at least the lexeme's bytes plus the
    alignment byte and the two-byte count PostgreSQL adds) and two bytes per position."""
    article = keys >> (_TERM_BITS + _SLOT_BITS)
    distinct = np.bincount(article[first], minlength=narticles)
    # Below this many distinct terms even the longest ones, with all their positions, fit: most
    # articles cost nothing here.
    most = 4 * MAX_TERM_CHARS + 4 + 2 * MAX_POSITIONS_PER_TERM
    big = np.flatnonzero(distinct > TSVECTOR_LEXEME_BUDGET // most)
    if not len(big):
        return keys, first, set()
    term = (keys >> _SLOT_BITS) & ((1 << _TERM_BITS) - 1)
    in_big = np.isin(article, big)
    measured = np.flatnonzero(in_big & first)
    size = np.where(in_big, 2, 0).astype(np.int64)
    size[measured] += [len(heads[t].encode()) for t in term[measured].tolist()]
    total = np.cumsum(size)
    article_start = np.searchsorted(article, article, side="left")
    within = total - np.where(article_start > 0, total[article_start - 1], 0)
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    last = np.append(starts[1:] - 1, len(keys) - 1)  # each term's last position
    fits = within[last] <= TSVECTOR_LEXEME_BUDGET
    keep = fits[group]
    if keep.all():
        return keys, first, set()
    truncated = set(np.unique(article[~keep]).tolist())
    return keys[keep], first[keep], truncated
