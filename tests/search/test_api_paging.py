"""The API hands over every hit: `next` leads past the count's cap to the last hit; an exact
count on request; every hit of a search streamed as CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from articles.ingest.fingerprint import content_hash
from articles.models import Article, Outlet
from articles.search import execution
from tests.search.conftest import follow

pytestmark = pytest.mark.django_db

BODY = "زلزال قوي ضرب المنطقة فجر اليوم وقالت السلطات إن الأضرار محدودة رقم {n}"


@pytest.fixture
def quakes(db: None, monkeypatch: pytest.MonkeyPatch) -> list[Article]:
    """23 articles with the same word and a count cap of 5: every search of it passes the cap."""
    monkeypatch.setattr(execution, "COUNT_CAP", 5)
    outlet = Outlet.objects.create(
        slug="quake-news", name_ar="أخبار الزلازل", timezone="Asia/Damascus"
    )
    start = datetime(2024, 1, 1, tzinfo=UTC)
    made = []
    for n in range(23):
        body = BODY.format(n=n) + (" \u202eمقلوب" if n == 0 else "")
        made.append(
            Article.objects.create(
                outlet=outlet,
                title=f"=SUM(A{n}) زلزال" if n == 1 else f"زلزال {n}",
                body=body,
                url="javascript:alert(1)" if n == 2 else f"https://example.org/{n}",
                published_at=start + timedelta(hours=n),
                content_hash=content_hash(f"زلزال {n}", body),
            )
        )
    return made


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_following_next_reaches_the_last_hit_past_the_cap(
    client_in: Client, quakes: list[Article], sort: str
) -> None:
    ids, pages = follow(client_in, {"q": "زلزال", "page_size": 4, "sort": sort})
    assert sorted(ids) == sorted(a.pk for a in quakes)
    assert len(ids) == len(set(ids)) == 23
    assert pages[0]["count_exact"] is False  # 23 hits, cap 5: the first page cannot know
    assert pages[-1]["next"] is None and len(pages) == 6


def test_a_multiple_of_the_page_size_ends_without_an_empty_page(
    client_in: Client, quakes: list[Article]
) -> None:
    Article.objects.filter(pk__in=[a.pk for a in quakes[20:]]).delete()
    ids, pages = follow(client_in, {"q": "زلزال", "page_size": 4})
    assert len(ids) == 20 and all(page["results"] for page in pages)


def test_an_exact_count_on_request(client_in: Client, quakes: list[Article]) -> None:
    capped = client_in.get(reverse("search_api"), {"q": "زلزال", "page_size": 4}).json()
    exact = client_in.get(
        reverse("search_api"), {"q": "زلزال", "page_size": 4, "count": "exact"}
    ).json()
    assert capped["count_exact"] is False and capped["count"] < 23
    assert exact["count_exact"] is True and exact["count"] == 23
    bad = client_in.get(reverse("search_api"), {"q": "زلزال", "count": "all"})
    assert bad.status_code == 400


def test_csv_export_streams_every_hit_safely(client_in: Client, quakes: list[Article]) -> None:
    response = client_in.get(reverse("search_export", args=["csv"]), {"q": "زلزال"})
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 23
    assert set(rows[0]) == {"id", "outlet", "published_at", "title", "url", "snippet"}
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[quakes[1].pk]["title"].startswith("'=SUM")
    assert by_id[quakes[2].pk]["url"] == ""
    assert "\u202e" not in text
    assert (
        by_id[quakes[3].pk]["published_at"] == "2024-01-01T06:00:00+03:00"
    )  # 03:00 UTC in the outlet's zone
    assert "<mark>" not in text and "زلزال" in by_id[quakes[3].pk]["snippet"]


def test_json_lines_export_keeps_the_filters(client_in: Client, quakes: list[Article]) -> None:
    response = client_in.get(
        reverse("search_export", args=["jsonl"]),
        {"q": "زلزال", "date_from": "2024-01-01", "date_to": "2024-01-01", "sort": "oldest"},
    )
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    moments = [datetime.fromisoformat(line["published_at"]).astimezone(UTC) for line in lines]
    assert lines and all(m.date().isoformat() == "2024-01-01" for m in moments)
    assert len(lines) == 23  # hours 0 to 22 of that day
    assert [line["id"] for line in lines] == sorted(line["id"] for line in lines)


def test_the_search_page_links_to_the_exports(client_in: Client, quakes: list[Article]) -> None:
    html = client_in.get(reverse("search_page"), {"q": "زلزال", "page": "1"}).text
    assert reverse("search_export", args=["csv"]) + "?q=" in html
    assert reverse("search_export", args=["jsonl"]) in html


def test_an_export_without_a_query_says_what_is_missing(client_in: Client, db: None) -> None:
    response = client_in.get(reverse("search_export", args=["csv"]))
    assert response.status_code == 400 and b"search" in response.content
