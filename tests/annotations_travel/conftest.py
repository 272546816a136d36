"""Fixtures for issue 17: the demo room with one article whose original address is known and
one imported highlight awaiting a claim; an importer."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.contrib.auth.models import Group

from articles.claims.annotations import annotation_snapshot
from articles.infrastructure import permissions
from articles.models import Annotation, AnnotationRevision, Article, Outlet

ORIGINAL_URL = "https://www.al-binaa.example/news/dair-ezzor-2017/"


@pytest.fixture
def importer(db: None, django_user_model: Any) -> Any:
    account = django_user_model.objects.create_user(
        username="importer", password="pw-for-tests-1", is_staff=True, first_name="Huda"
    )
    account.groups.add(Group.objects.get(name=permissions.ADMIN))
    return account


@pytest.fixture
def room(demo: None, importer: Any) -> Article:
    """The demo data; al-binaa's article has its original address; one highlight has no claim."""
    article = Article.objects.get(outlet__slug="al-binaa")
    Article.objects.filter(pk=article.pk).update(url=ORIGINAL_URL)
    article.refresh_from_db()
    first = article.annotations.order_by("start").first()
    assert first is not None
    highlight = Annotation.objects.create(
        article=article,
        start=0,
        end=5,
        quote=article.body[0:5],
        suffix=article.body[5:37],
        claim=None,
        stance="reports",
        framing="neutral",
        note="highlight 😀",
        author=importer,
    )
    AnnotationRevision.objects.create(
        annotation=highlight,
        annotation_ref=highlight.pk,
        version=1,
        action=AnnotationRevision.Action.CREATED,
        user=importer,
        snapshot=annotation_snapshot(highlight),
    )
    return article


def make_article(body: str, url: str, slug: str = "al-binaa") -> Article:
    return Article.objects.create(
        outlet=Outlet.objects.get(slug=slug),
        title="خبر للاختبار",
        body=body,
        url=url,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


@pytest.fixture
def lead(db: None, django_user_model: Any) -> Any:
    account = django_user_model.objects.create_user(username="lead", password="pw-for-tests-1")
    account.groups.add(Group.objects.get(name=permissions.LEAD))
    return account
