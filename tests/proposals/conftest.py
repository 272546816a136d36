"""Fixtures of the proposal tests: an article with known attributions, and accounts by role."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from articles.infrastructure.permissions import LEAD, READER, REVIEWER
from articles.ingest.fingerprint import content_hash
from articles.models import Article, Outlet

# Written for these tests (not corpus text): verb-first, "the agency", a denial, a chain, and a
# pronoun continuation two sentences after its speaker.
BODY = (
    "أكدت وزارة الدفاع الروسية أن القوات وصلت إلى المدينة صباح اليوم. "
    "وقالت الوكالة إن الهدوء عاد إلى الأحياء الشرقية. "
    "ونفى المتحدث باسم التحالف الدولي أن تكون الطائرات قصفت الجسر. "
    "وذكرت وكالة سبوتنيك نقلا عن مصدر عسكري أن الاشتباكات توقفت. "
    "قال الوزير إن الحكومة ستدعم المزارعين. وفي سياق آخر ارتفعت الأسعار. "
    "واستقبل الرئيس الوفد. وأضاف أن الدعم سيصل قريبا."
)


def _account(django_user_model: Any, name: str, role: str) -> Any:
    account = django_user_model.objects.create_user(username=name, password="pw-for-tests-1")
    account.groups.add(Group.objects.get(name=role))
    return account


@pytest.fixture
def reviewer(django_user_model: Any) -> Any:
    return _account(django_user_model, "reviewer", REVIEWER)


@pytest.fixture
def lead(django_user_model: Any) -> Any:
    return _account(django_user_model, "lead", LEAD)


@pytest.fixture
def reader(django_user_model: Any) -> Any:
    return _account(django_user_model, "reader", READER)


@pytest.fixture
def agency(db: None) -> Outlet:
    return Outlet.objects.create(
        name_ar="وكالة الأنباء التجريبية",
        name_en="Test News Agency",
        slug="test-agency",
        kind=Outlet.Kind.NEWS_AGENCY,
    )


@pytest.fixture
def article(agency: Outlet) -> Article:
    return Article.objects.create(
        outlet=agency, title="خبر", body=BODY, content_hash=content_hash("خبر", BODY)
    )


def english_client(client: Client, user: Any) -> Client:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
