"""Database-backed sessions whose rows are cached until any session changes.

Every page reads its session; Django's database backend does it with a query per request. This
store keeps each session's row in the cache under the session generation (`articles.infrastructure.freshness`),
which triggers move on any write to the session table: a login, a logout (here or in another
process), or expired sessions being cleared end the cached entry at once. Expiry is still
checked on every read. Keys are hashes of the session key, never the key itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import cache
from django.utils import timezone

from articles.infrastructure.freshness import TIMEOUT, generation


class SessionStore(DatabaseSessionStore):
    def _cache_key(self) -> str:
        digest = hashlib.sha256((self.session_key or "").encode()).hexdigest()
        return f"session:{digest}:{generation('session')}"

    def _get_session_from_db(self) -> Any:
        if not self.session_key:
            return super()._get_session_from_db()  # type: ignore[misc]  # missing from django-stubs
        key = self._cache_key()
        row = cache.get(key)
        if row is not None:
            data, expires = row
            if expires > timezone.now():
                return self.model(
                    session_key=self.session_key, session_data=data, expire_date=expires
                )
        session = super()._get_session_from_db()  # type: ignore[misc]  # missing from django-stubs
        if session is not None:
            cache.set(key, (session.session_data, session.expire_date), TIMEOUT)
        return session
