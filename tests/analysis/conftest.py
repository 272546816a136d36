"""Fixtures of the analysis tests: a reviewer, an editor (staff, Admin role) and data growers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from articles.claims.annotations import annotation_create
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, Outlet


@pytest.fixture
def reader(client: Client, django_user_model: Any) -> Client:
    """A logged-in account in the Reader role: reads and searches, changes nothing."""
    from django.contrib.auth.models import Group

    from articles.infrastructure.permissions import READER

    account = django_user_model.objects.create_user(username="reader", password="pw-for-tests-1")
    account.groups.add(Group.objects.get(name=READER))
    client.force_login(account)
    return client


@pytest.fixture
def editor_user(django_user_model: Any) -> Any:
    """Staff in the Admin role: may relate, merge and import claims and annotations."""
    from django.contrib.auth.models import Group

    from articles.infrastructure.permissions import ADMIN

    account = django_user_model.objects.create_user(
        username="editor", password="pw-for-tests-1", is_staff=True
    )
    account.groups.add(Group.objects.get(name=ADMIN))
    return account


@pytest.fixture
def editor(editor_user: Any) -> Client:
    client = Client()
    client.force_login(editor_user)
    return client


def grow(n: int, *, claim: Claim | None = None, seed: int = 0) -> list[Annotation]:
    """Add `n` articles (in new outlets, dated and undated) each with one mention, for query counts."""
    created = []
    for i in range(n):
        key = f"{seed}-{i}"
        outlet = Outlet.objects.create(name_ar=f"منفذ {key}", slug=f"outlet-{key}")
        body = f"قالت الوزارة إن القوات انسحبت من المنطقة رقم {key}."
        article = Article.objects.create(
            outlet=outlet,
            title=f"خبر {key}",
            body=body,
            content_hash=content_hash("", body),
            published_at=None if i % 2 else f"2024-01-0{i % 9 + 1}T10:00:00Z",
        )
        claimant = Claimant.objects.create(name_ar=f"متحدث {key}", aliases=[f"alias {key}"])
        target = claim or Claim.objects.create(text_ar=f"ادعاء {key}")
        created.append(
            annotation_create(
                article=article,
                start=0,
                end=5,
                claim=target,
                claimant=claimant,
                chain=[claimant],
                stance="denies" if i % 3 else "asserts",
            )
        )
    return created


@pytest.fixture(autouse=True)
def english_messages(settings: Any) -> Any:
    """These tests read the English wording of messages and labels (Arabic is the default)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
