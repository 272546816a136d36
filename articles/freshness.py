"""Caching what depends only on the corpus, the catalogue or permissions, and knowing when it
is stale.

Three PostgreSQL sequences move on every write to what they watch, however the write is made
(triggers of migration 0009):
- "corpus": articles and outlets;
- "catalogue": the names the filters offer (outlets, claims, claimants, tags);
- "permission": users' groups and permissions, groups' permissions, active/superuser flags.
A key made by `fresh_key` holds the generation read once per request, so an entry is never
served after what it depends on changed: the key it was stored under is no longer asked for.

What depends on annotations or on the user is never cached here. The cache is Django's default
cache (`CACHES`): local memory in each process, which is enough since the keys come from shared
database state; several machines can share a cache server by changing that setting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Literal

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import get_language

Dependency = Literal["corpus", "catalogue", "permission"]
SEQUENCES: dict[Dependency, str] = {
    "corpus": "articles_corpus_generation",
    "catalogue": "articles_catalogue_generation",
    "permission": "articles_permission_generation",
}
# A bound on how long an entry lives even if nothing changed (and on a process's memory).
TIMEOUT = 600


def generation(dependency: Dependency) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {SEQUENCES[dependency]}")
        row = cursor.fetchone()
    return int(row[0])


def request_generation(request: HttpRequest, dependency: Dependency) -> int:
    """The generation read once per request, so every fragment of a page agrees."""
    seen: dict[str, int] = request.__dict__.setdefault("_generations", {})
    if dependency not in seen:
        seen[dependency] = generation(dependency)
    return seen[dependency]


def fresh_key(request: HttpRequest, dependency: Dependency, kind: str, *parts: Any) -> str:
    """A key for `kind` with `parts`, in the current language, valid while `dependency` is
    unchanged."""
    stamp = request_generation(request, dependency)
    raw = "\x1f".join(str(p) for p in (kind, get_language(), dependency, stamp, *parts))
    return f"fresh:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached[T](key: str, compute: Callable[[], T]) -> T:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
