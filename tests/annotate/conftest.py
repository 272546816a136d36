"""Fixtures of the annotation tests: a logged-in client and a second reviewer."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def reader_client(client: Client, user: Any) -> Client:
    """Logged in, English interface: assertions read the English messages."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def other_user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(username="second", password="pw-for-tests-1")
