"""Users in each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from articles.infrastructure import permissions


def make_user(django_user_model: Any, username: str, role: str | None) -> Any:
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-1")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reviewer(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "rev1", permissions.REVIEWER)


@pytest.fixture
def reviewer2(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "rev2", permissions.REVIEWER)


@pytest.fixture
def lead(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "lead", permissions.LEAD)


@pytest.fixture
def reader(db: None, django_user_model: Any) -> Any:
    return make_user(django_user_model, "reader1", permissions.READER)
