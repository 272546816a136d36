"""The query language of the one search box.

Words must all match; "exact phrase"; -excluded; a OR b; prefix*. `parse_query` turns the box
into a `ParsedQuery` (a tsquery plus what to highlight) or raises `QueryError` with a message for
the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from articles import arabic
from articles.search.index import quote_term as _quote

if TYPE_CHECKING:
    pass


# --- Query language ------------------------------------------------------------------------------

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 20


class QueryError(ValueError):
    """A query the reader must change; the message says how."""


@dataclass
class ParsedQuery:
    tsquery: str
    highlight_terms: frozenset[str]
    highlight_prefixes: tuple[str, ...]
    words: list[str]  # the positive words as typed, for "did you mean"
    notices: list[str] = field(default_factory=list)
    # Every positive term (prefixed ones apart): relevance is their OR's ts_rank, the mean of
    # each term's own rank, so impact lists can serve it (see articles/impact.py).
    rank_terms: tuple[str, ...] = ()
    rank_prefixes: tuple[str, ...] = ()
    # The query is exactly `rank_terms` OR'ed: any article containing one of them matches.
    any_of: bool = False

    @property
    def rank_tsquery(self) -> str:
        parts = [_quote(t) for t in self.rank_terms] + [
            _quote(p) + ":*" for p in self.rank_prefixes
        ]
        return " | ".join(parts)

    def matches(self, terms: frozenset[str]) -> bool:
        if terms & self.highlight_terms:
            return True
        return any(t.startswith(p) for t in terms for p in self.highlight_prefixes)


_LEXER = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)("|$)|(?P<or>\bOR\b|\|)|(?P<word>[^\s"|]+)')


@dataclass
class _Item:
    tsquery: str
    terms: set[str]
    prefixes: list[str]
    words: list[str]


def _position_query(options: Sequence[str], prefix: bool = False) -> str:
    suffix = ":*" if prefix else ""
    parts = [_quote(o) + suffix for o in options]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _word_item(word: str, prefix: bool) -> _Item | None:
    """A typed word; punctuation inside it splits it into a phrase (دير-الزور)."""
    positions = [p for tok in arabic.tokens(word) for p in arabic.query_terms(tok.text)]
    if not positions:
        return None
    last = len(positions) - 1
    parts = [_position_query(options, prefix and i == last) for i, options in enumerate(positions)]
    terms = {t for options in positions for t in options}
    prefixes = list(positions[-1]) if prefix else []
    query = parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    return _Item(query, terms, prefixes, [word])


def _phrase_item(text: str) -> _Item | None:
    positions: list[list[str]] = []
    words = []
    for tok in arabic.tokens(text):
        found = arabic.query_terms(tok.text)
        if found:
            positions.extend(found)
            words.append(tok.text)
    if not positions:
        return None
    parts = [_position_query(options) for options in positions]
    query = parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    return _Item(query, {t for options in positions for t in options}, [], words)


def parse_query(text: str) -> ParsedQuery:
    """Parse the search box; raises QueryError with a reader-facing message."""
    text = (text or "").strip()
    if not text:
        raise QueryError(_("Type a word or a phrase to search for."))
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            _("The query is too long (%(n)d characters); keep it under %(max)d.")
            % {"n": len(text), "max": MAX_QUERY_CHARS}
        )
    notices: list[str] = []
    if text.count('"') % 2:
        notices.append(_("A closing quotation mark was missing; the phrase runs to the end."))

    # Groups of alternatives (joined by OR) that must all match, and items that must not.
    groups: list[list[_Item]] = []
    excluded: list[_Item] = []
    pending_or = False
    dropped = False
    for m in _LEXER.finditer(text):
        if m.group("or"):
            pending_or = bool(groups)
            continue
        negative = bool(m.group("neg"))
        if m.group("phrase") is not None:
            item = _phrase_item(m.group("phrase"))
        else:
            word = m.group("word")
            negative = word.startswith("-") and len(word) > 1
            word = word.lstrip("-")
            prefix = word.endswith("*")
            item = _word_item(word.rstrip("*"), prefix)
        if item is None:
            dropped = True
            pending_or = False
            continue
        if negative:
            excluded.append(item)
        elif pending_or:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
    if not groups:
        if excluded:
            raise QueryError(_("Add at least one word to look for, not only words to exclude."))
        raise QueryError(_("The query has no words to search for, only punctuation or operators."))
    if sum(len(g) for g in groups) + len(excluded) > MAX_QUERY_WORDS:
        raise QueryError(
            _("Too many words in the query; use at most %(max)d.") % {"max": MAX_QUERY_WORDS}
        )
    if dropped:
        notices.append(_("Punctuation and operators without a word were ignored."))

    clauses = [
        g[0].tsquery if len(g) == 1 else "(" + " | ".join(i.tsquery for i in g) + ")"
        for g in groups
    ]
    clauses += ["!" + i.tsquery for i in excluded]
    positive = [i for g in groups for i in g]
    prefixes = {p for i in positive for p in i.prefixes}
    return ParsedQuery(
        tsquery=" & ".join(clauses),
        highlight_terms=frozenset(t for i in positive for t in i.terms),
        highlight_prefixes=tuple(p for i in positive for p in i.prefixes),
        words=[w for i in positive for w in i.words],
        notices=notices,
        rank_terms=tuple(sorted({t for i in positive for t in i.terms} - prefixes)),
        rank_prefixes=tuple(sorted(prefixes)),
        any_of=len(groups) == 1 and not excluded and not prefixes and "<->" not in clauses[0],
    )
