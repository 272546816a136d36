"""Task backends for tests, with the room's queues (a backend without them refuses a task of the
"imports" queue): IMMEDIATE runs a task where it is enqueued, DEFERRED only records it."""

from __future__ import annotations

from typing import Any

from django.conf import settings

_QUEUES = list(settings.TASKS["default"]["QUEUES"])

IMMEDIATE: dict[str, Any] = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": _QUEUES}
}
DEFERRED: dict[str, Any] = {
    "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": _QUEUES}
}
