"""Fixtures of the annotation tests: a logged-in client and a second reviewer.

Both accounts are lead reviewers: these tests edit annotations that other people (or the demo
loader) made, which plain reviewers may not (tests/test_access.py covers that rule).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from articles.infrastructure.permissions import LEAD


@pytest.fixture
def user(django_user_model: Any) -> Any:
    account = django_user_model.objects.create_user(username="reviewer", password="pw-for-tests-1")
    account.groups.add(Group.objects.get(name=LEAD))
    return account


@pytest.fixture
def reader_client(client: Client, user: Any) -> Client:
    """Logged in, English interface: assertions read the English messages."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def other_user(django_user_model: Any) -> Any:
    account = django_user_model.objects.create_user(username="second", password="pw-for-tests-1")
    account.groups.add(Group.objects.get(name=LEAD))
    return account
