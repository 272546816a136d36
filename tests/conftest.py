"""Shared fixtures: users, the demo data, and a headless Chromium for browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make next
# to it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: rolled-back writes do not move the corpus
    generation back, so an entry cached by one test could otherwise match another's data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(django_user_model: Any) -> Any:
    """A reviewer: may read, search and annotate (edit own annotations)."""
    from django.contrib.auth.models import Group

    from articles.infrastructure.permissions import REVIEWER

    account = django_user_model.objects.create_user(username="reviewer", password="pw-for-tests-1")
    account.groups.add(Group.objects.get(name=REVIEWER))
    return account


@pytest.fixture
def admin_user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser(
        username="boss", password="pw-for-tests-1", email=""
    )


@pytest.fixture
def demo(db: None) -> None:
    from articles.demo import load_demo

    load_demo()


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = (
            "Chromium is not installed: browser tests need Debian's 'chromium' package "
            "(`make test` installs it when run as root)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " Under CI=true browser tests must run.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def login_context(browser: Any, live_server: Any, user: Any, *, language: str = "ar") -> Any:
    """A browser context already logged in as `user` (session cookie set, no login form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(
        locale=language, viewport={"width": 1400, "height": 1000}, base_url=live_server.url
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    return context


@pytest.fixture
def screenshot_dir() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
