"""The first admin account `make run` prints: generated once, or taken from the environment."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from articles.management.commands.runroom import ensure_admin

pytestmark = pytest.mark.django_db


def test_a_fresh_room_generates_a_password_once_and_then_leaves_it(monkeypatch: Any) -> None:
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    username, password, from_environment = ensure_admin()
    assert username == "admin" and password and not from_environment
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert ensure_admin() == ("admin", None, False), "shown only once"


def test_a_password_from_the_environment_is_said_to_come_from_there(monkeypatch: Any) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "pw-Boss-2026")
    assert ensure_admin() == ("boss", None, True)
    boss = get_user_model().objects.get(username="boss")
    assert boss.is_superuser and boss.check_password("pw-Boss-2026")
