"""Arabic-aware matching in short lists (claims, claimants, outlets, tags) done in Python.

The texts are compared after the same analysis as article search (spelling variants, diacritics,
clitics), on one narrow query of ids and names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from django.db.models import QuerySet

from articles import arabic
from articles.models import Annotation

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Arabic-aware search in short lists -----------------------------------------------------


def matches(query_terms: Sequence[str], texts: Iterable[str]) -> bool:
    """Every term of the query occurs in one of the texts, compared in normalized form.

    Substring matching lets a term match inside a word carrying clitics (و، ال، ب...).
    """
    haystack = " ".join(arabic.normalize(t) for t in texts if t)
    return all(any(form in haystack for form in _query_forms(term)) for term in query_terms)


_CONJUNCTIONS = ("و", "ف")


def _query_forms(term: str) -> list[str]:
    """The term, and without a leading conjunction: "والقوات" must find "القوات".

    Only the query is trimmed (substring matching already covers clitics in the stored text).
    """
    forms = [term]
    if term[:1] in _CONJUNCTIONS and len(term) > 3:
        forms.append(term[1:])
    return forms


def search_ids(rows: Iterable[tuple[Any, ...]], query: str) -> list[int]:
    """Ids of (id, text, text...) rows whose texts match `query`; lists and arrays are flattened."""
    query_terms = [t for t in arabic.terms(query) if t]
    if not query_terms:
        return []
    found: list[int] = []
    for pk, *texts in rows:
        flat: list[str] = []
        for text in texts:
            if isinstance(text, list | tuple):
                flat.extend(text)
            elif text:
                flat.append(text)
        if matches(query_terms, flat):
            found.append(pk)
    return found


def search_queryset(queryset: QuerySet[Any], query: str, fields: Sequence[str]) -> QuerySet[Any]:
    """Narrow `queryset` to rows whose `fields` match `query` in normalized Arabic.

    The texts are compared in Python (one narrow query of ids and names): claims, claimants and
    outlets number in the thousands at most, and this keeps spelling variants, diacritics and
    clitics from hiding a match without a derived column to keep in sync.
    """
    query = query.strip()
    if not query:
        return queryset
    rows = queryset.order_by().values_list("pk", *fields)
    return queryset.filter(pk__in=search_ids(rows, query))
