"""The local site every feed test fetches from, and politeness relaxed for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.feeds.site import Site


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _relaxed_for_local_site(settings: Any) -> None:
    settings.FEEDS_RELAXED_HOSTS = ["127.0.0.1"]
    settings.FEEDS_CONNECT_TIMEOUT = 2
    settings.FEEDS_READ_TIMEOUT = 2
    settings.FEEDS_TOTAL_TIMEOUT = 5


@pytest.fixture
def client() -> Any:
    """A browser that asks for English: the tests read the English texts (the room's own
    language is Arabic, translated in locale/ar)."""
    from django.test import Client

    return Client(headers={"Accept-Language": "en"})
