"""The search's "Copies" filter (`copies=hide`): word-for-word copies of another outlet's article
are left out of the page, its outlet counts, the API and the exports; without it they are found
and marked, one per outlet."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from articles.ingest.fingerprint import content_hash
from articles.models import Article, Outlet

pytestmark = pytest.mark.django_db

TEXT = "أعلنت وزارة الصحة افتتاح مستشفى جديد في مدينة حمص بطاقة مئتي سرير."


@pytest.fixture
def syndicated(db: None) -> dict[str, Article]:
    agency = Outlet.objects.create(name_ar="الوكالة", slug="agency")
    paper = Outlet.objects.create(name_ar="الصحيفة", slug="paper")
    site = Outlet.objects.create(name_ar="الموقع", slug="site")
    original = Article.objects.create(
        outlet=agency, title="مستشفى جديد", body=TEXT, content_hash=content_hash("", TEXT)
    )
    copy = Article.objects.create(
        outlet=paper,
        title="مستشفى جديد",
        body=TEXT,
        content_hash=content_hash("", TEXT),
        copy_of=original,
    )
    own = "افتتحت وزارة الصحة مستشفى جديدا في حمص، وقال مديره إن العمل يبدأ الأسبوع المقبل."
    rewritten = Article.objects.create(
        outlet=site, title="مستشفى في حمص", body=own, content_hash=content_hash("", own)
    )
    return {"original": original, "copy": copy, "rewritten": rewritten}


def test_api_leaves_copies_out_only_when_asked(
    client_in: Client, syndicated: dict[str, Article]
) -> None:
    url = reverse("search_api")
    every = {r["id"] for r in client_in.get(url, {"q": "مستشفى"}).json()["results"]}
    assert every == {a.pk for a in syndicated.values()}
    data = client_in.get(url, {"q": "مستشفى", "copies": "hide"}).json()
    assert {r["id"] for r in data["results"]} == {
        syndicated["original"].pk,
        syndicated["rewritten"].pk,
    }
    assert data["count"] == 2


def test_page_offers_the_filter_and_its_outlet_counts_follow_it(
    client_in: Client, syndicated: dict[str, Article]
) -> None:
    page = client_in.get(reverse("search_page"), {"q": "مستشفى"}).text
    assert 'name="copies"' in page and '<option value="hide">' in page
    assert f"/articles/{syndicated['copy'].pk}/" in page
    hidden = client_in.get(reverse("search_page"), {"q": "مستشفى", "copies": "hide"}).text
    assert f"/articles/{syndicated['copy'].pk}/" not in hidden
    assert f"/articles/{syndicated['original'].pk}/" in hidden
    assert '<option value="hide" selected>' in hidden
    assert "الصحيفة" not in hidden.split('id="search-results"', 1)[1]  # no facet for the copy


def test_zero_hits_with_copies_hidden_offers_to_search_with_them(
    client_in: Client, syndicated: dict[str, Article]
) -> None:
    page = client_in.get(
        reverse("search_page"), {"q": "مستشفى", "outlet": "paper", "copies": "hide"}
    ).text
    assert "No article matches." in page
    assert "?q=%D9%85%D8%B3%D8%AA%D8%B4%D9%81%D9%89&amp;outlet=paper" in page  # copies dropped


def test_exports_leave_copies_out_when_asked(
    client_in: Client, syndicated: dict[str, Article]
) -> None:
    response = client_in.get(
        reverse("search_export", args=["csv"]), {"q": "مستشفى", "copies": "hide"}
    )
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert {int(r["id"]) for r in rows} == {
        syndicated["original"].pk,
        syndicated["rewritten"].pk,
    }
    response = client_in.get(reverse("search_export", args=["jsonl"]), {"q": "مستشفى"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3
