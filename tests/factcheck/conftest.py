"""Fixtures of the fact-checker exports: accounts by role and a claim carried by three outlets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.claims.annotations import annotation_create
from articles.infrastructure.permissions import LEAD, READER, REVIEWER
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, Outlet, Tag


def account(django_user_model: Any, name: str, role: str) -> Any:
    user = django_user_model.objects.create_user(username=name, password="pw-for-tests-1")
    user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead_user(django_user_model: Any) -> Any:
    return account(django_user_model, "lead", LEAD)


@pytest.fixture
def lead(lead_user: Any) -> Client:
    return logged_in(lead_user)


@pytest.fixture
def reviewer(django_user_model: Any) -> Client:
    return logged_in(account(django_user_model, "reviewer2", REVIEWER))


@pytest.fixture
def reader(django_user_model: Any) -> Client:
    return logged_in(account(django_user_model, "reader2", READER))


@dataclass
class Dossier:
    claim: Claim
    first: Annotation  # Sabq, dated: the first appearance
    denial: Annotation  # SANA, dated later, the claimant denies
    undated: Annotation  # an undated article whose URL is not http(s)
    rejected: Annotation  # judged not to be this claim
    minister: Claimant
    ministry: Claimant


def _article(outlet: Outlet, body: str, **fields: Any) -> Article:
    return Article.objects.create(
        outlet=outlet, body=body, content_hash=content_hash("", body), **fields
    )


@pytest.fixture
def dossier(db: None) -> Dossier:
    sabq = Outlet.objects.create(
        name_ar="سبق", name_en="Sabq", slug="sabq-t", timezone="Asia/Riyadh",
        website="https://sabq.org/",
    )  # fmt: skip
    sana = Outlet.objects.create(
        name_ar="سانا", name_en="SANA", slug="sana-t", timezone="Asia/Damascus"
    )
    other = Outlet.objects.create(name_ar="موقع آخر", slug="other-t")
    minister = Claimant.objects.create(
        name_ar="وزير الدفاع", name_en="Minister of Defence", kind="person", aliases=["الوزير"]
    )
    ministry = Claimant.objects.create(name_ar="وزارة الخارجية", kind="state_body")
    claim = Claim.objects.create(text_ar="القوات انسحبت من المنطقة", gloss_en="Forces withdrew")
    claim.tags.add(Tag.objects.create(name="انسحاب", slug="withdrawal"))
    body = "قال وزير الدفاع إن القوات انسحبت من المنطقة صباح اليوم."
    start = body.index("القوات")
    end = start + len("القوات انسحبت من المنطقة")
    a1 = _article(
        sabq, body, title="انسحاب القوات", url="https://sabq.org/news/1",
        published_at="2024-01-01T22:30:00Z",
    )  # fmt: skip
    a2 = _article(
        sana, body + " نفي.", title="نفي", url="http://sana.sy/?p=2",
        published_at="2024-01-03T08:00:00Z",
    )  # fmt: skip
    a3 = _article(other, body + " بلا تاريخ", url="javascript:alert(1)")
    a4 = _article(other, body + " مرفوض", published_at="2023-12-01T00:00:00Z")
    first = annotation_create(
        article=a1, start=start, end=end, claim=claim, claimant=minister, stance="asserts"
    )
    denial = annotation_create(
        article=a2, start=start, end=end, claim=claim, claimant=ministry, stance="denies",
        framing="disputes",
    )  # fmt: skip
    undated = annotation_create(
        article=a3, start=start, end=end, claim=claim, claimant=ministry, stance="reports"
    )
    rejected = annotation_create(article=a4, start=start, end=end, claim=claim, claimant=None)
    Annotation.objects.filter(pk=rejected.pk).update(review_status="rejected")
    return Dossier(claim, first, denial, undated, rejected, minister, ministry)


@pytest.fixture(autouse=True)
def english_messages(settings: Any) -> Any:
    """These tests read English labels (Arabic is the default)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
