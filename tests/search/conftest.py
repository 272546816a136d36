"""Fixtures and helpers shared by the search tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse


@pytest.fixture
def client_in(client: Client, user: Any) -> Client:
    """Logged in, English interface (so assertions read the English messages)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def follow(client: Client, params: dict[str, Any]) -> tuple[list[int], list[dict[str, Any]]]:
    """Every hit's id handed over by following the API's `next` from the first page, and the
    pages as they came."""
    ids: list[int] = []
    pages = []
    response = client.get(reverse("search_api"), params).json()
    while True:
        pages.append(response)
        ids += [r["id"] for r in response["results"]]
        if not response["next"]:
            return ids, pages
        response = client.get(response["next"]).json()
