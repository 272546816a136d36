"""One throttle for every login form (the reading room's and the Django admin's).

Two keys, each with a cool-down that doubles with every further failure instead of a lockout:
- the account *and* the address it is tried from (LOGIN_THROTTLE_FAILURES failures): guessing
  one account is slowed, but a stranger's failures never keep its owner out from elsewhere;
- the address alone (LOGIN_THROTTLE_ADDRESS_FAILURES, across every account): one machine
  spraying passwords over many accounts is slowed.
Failures older than LOGIN_THROTTLE_WINDOW_SECONDS are forgotten; a cool-down never exceeds that
window. A successful login clears only its own account-and-address failures. Attempts refused
during a cool-down are not recorded, so a refused guess cannot lengthen it. Admins unlock from
the admin (failed logins → "unlock", or the users' "clear failed logins" action).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone

from articles.models import LoginFailure


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: REMOTE_ADDR, or the configured trusted proxy header when set.

    Only the rightmost entry of the header is used: it is the one the trusted proxy appended;
    anything left of it was written by the client and can be forged.
    """
    header = getattr(settings, "LOGIN_TRUSTED_PROXY_HEADER", "")
    if header:
        key = header.upper().replace("-", "_")
        if not key.startswith("HTTP_"):
            key = "HTTP_" + key
        entries = [part for part in request.META.get(key, "").split(",") if part.strip()]
        if entries:
            forwarded = _valid_ip(entries[-1])
            if forwarded is not None:
                return forwarded
    return _valid_ip(request.META.get("REMOTE_ADDR", "") or "")


def normalise_username(username: str) -> str:
    return username[:150].lower()


def _cool_down(*, failures: int, threshold: int, last: Any) -> float:
    if failures < threshold or last is None:
        return 0.0
    base = settings.LOGIN_THROTTLE_BASE_DELAY_SECONDS
    exponent = min(failures - threshold, 30)
    delay = min(base * 2**exponent, settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    remaining = (last + timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(float(remaining), 0.0)


def wait_seconds(*, username: str, ip: str | None) -> int:
    """Seconds to wait before this account may be tried from this address (0: go ahead)."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(created_at__gte=since)
    by_address = recent.filter(ip=ip) if ip is not None else recent.filter(ip__isnull=True)
    pair = by_address.filter(username=normalise_username(username)).aggregate(
        n=Count("id"), last=Max("created_at")
    )
    address = by_address.aggregate(n=Count("id"), last=Max("created_at"))
    wait = max(
        _cool_down(
            failures=pair["n"], threshold=settings.LOGIN_THROTTLE_FAILURES, last=pair["last"]
        ),
        _cool_down(
            failures=address["n"],
            threshold=settings.LOGIN_THROTTLE_ADDRESS_FAILURES,
            last=address["last"],
        ),
    )
    return int(wait + 0.999)


def record_failure(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=normalise_username(username), ip=ip)


def clear_failures(*, username: str, ip: str | None) -> None:
    failures = LoginFailure.objects.filter(username=normalise_username(username))
    if ip is None:
        failures.filter(ip__isnull=True).delete()
    else:
        failures.filter(ip=ip).delete()


def unlock_accounts(*, usernames: list[str]) -> int:
    """An admin's unlock: forget every recorded failure of these accounts, from any address."""
    deleted, _ = LoginFailure.objects.filter(
        username__in=[normalise_username(name) for name in usernames]
    ).delete()
    return deleted
