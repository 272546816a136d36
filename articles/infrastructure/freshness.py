"""Caching what depends only on the corpus, the catalogue or permissions, and knowing when it
is stale.

Three PostgreSQL sequences move on every write to what they watch, however the write is made
(triggers of migration 0009):
- "corpus": articles and outlets;
- "catalogue": the names the filters offer (outlets, claims, claimants, tags);
- "permission": users' groups and permissions, groups' permissions, active/superuser flags;
- "session": sessions; "account": user accounts.
All of them are read in one query, once per request (`GenerationsMiddleware`); a key made by
`fresh_key` holds the generation, so an entry is never served after what it depends on
changed: the key it was stored under is no longer asked for.

What depends on annotations or on the user is never cached here. The cache is Django's default
cache (`CACHES`): local memory in each process, which is enough since the keys come from shared
database state; several machines can share a cache server by changing that setting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Literal

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

Dependency = Literal["corpus", "catalogue", "permission", "session", "account"]
SEQUENCES: dict[Dependency, str] = {
    "corpus": "articles_corpus_generation",
    "catalogue": "articles_catalogue_generation",
    "permission": "articles_permission_generation",
    "session": "articles_session_generation",
    "account": "articles_account_generation",
}
_ALL_SQL = "SELECT " + ", ".join(f"(SELECT last_value FROM {s})" for s in SEQUENCES.values())
# The generations read for the request being served (None outside a request: read each time).
_request_generations: ContextVar[dict[str, int] | None] = ContextVar(
    "request_generations", default=None
)
# A bound on how long an entry lives even if nothing changed (and on a process's memory).
TIMEOUT = 600


def _read_all() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(_ALL_SQL)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(SEQUENCES, row, strict=True)}


def generation(dependency: Dependency) -> int:
    """The generation of `dependency`: read once per request with all the others (the values
    of one request agree), or read now outside a request."""
    seen = _request_generations.get()
    if seen is None:
        return _read_all()[dependency]
    if not seen:
        seen.update(_read_all())
    return seen[dependency]


class GenerationsMiddleware:
    """Marks the start and end of a request, so its generations are read at most once."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = _request_generations.set({})
        try:
            return self.get_response(request)
        finally:
            _request_generations.reset(token)


def fresh_key(dependency: Dependency, kind: str, *parts: Any) -> str:
    """A key for `kind` with `parts`, in the current language, valid while `dependency` is
    unchanged."""
    stamp = generation(dependency)
    raw = "\x1f".join(str(p) for p in (kind, get_language(), dependency, stamp, *parts))
    return f"fresh:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached[T](key: str, compute: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """The value under `key`, computed and stored when missing (unless `keep` says not to)."""
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        if keep is None or keep(value):
            cache.set(key, value, TIMEOUT)
    return value


def cached_html(
    key: str, render: Callable[[], str], keep: Callable[[str], bool] | None = None
) -> SafeString:
    """HTML rendered (and escaped) by our own templates, cached like `cached`."""
    return mark_safe(cached(key, render, keep))
