"""Accounts and their permissions, looked up once per change, not per request.

ModelBackend reads a user's permissions with two queries (own and groups') on every request
that checks one, and every page does (the navigation, the access policy). This backend keeps
each user's set in the cache under the permission generation (`articles.infrastructure.freshness`), which
triggers move on any change to users' groups, permissions or superuser/active flags: a revoked
permission is gone on the next request, whichever process serves it. The logged-in user's row
is cached the same way under the account generation (any write to a user: a new password, a
deactivation), so a changed password or a disabled account takes effect on the next request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from articles.infrastructure.freshness import TIMEOUT, generation


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        key = f"user:{user_id}:{generation('account')}"
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(key, user, TIMEOUT)
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"perms:{user_obj.pk}:{generation('permission')}"
            perms = cache.get(key)
            if perms is None:
                perms = super().get_all_permissions(user_obj)
                cache.set(key, perms, TIMEOUT)
            user_obj._perm_cache = perms
        cached_perms: set[str] = user_obj._perm_cache
        return cached_perms
