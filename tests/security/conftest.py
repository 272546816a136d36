"""Accounts in each role for the hardening tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from articles.infrastructure import permissions

PASSWORD = "pw-for-tests-1"


def make_user(django_user_model: Any, username: str, role: str | None, **extra: Any) -> Any:
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def reader(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "reader1", permissions.READER)


@pytest.fixture
def reviewer(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "rev1", permissions.REVIEWER)


@pytest.fixture
def reviewer2(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "rev2", permissions.REVIEWER)


@pytest.fixture
def lead(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "lead1", permissions.LEAD)


@pytest.fixture
def room_admin(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "admin1", permissions.ADMIN, is_staff=True)


@pytest.fixture
def superuser(db: None, django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser(username="root", password=PASSWORD, email="")
