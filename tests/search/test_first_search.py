"""The first search of a frequent word never waits for its impact list: a list that takes too
long to build is left to the worker, and meanwhile every hit is ranked when that is quick, or the
page is the best of the newest hits, said to be provisional and never cached."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Outlet
from articles.search import execution, impact
from articles.search.execution import Filters, paginate, search_articles
from articles.search.query import parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus() -> list[Article]:
    """30 articles with the word, one a day, of varied length (so ranks differ); the 5 oldest
    are the best ranked (the word in the title and often in a short body)."""
    outlet = Outlet.objects.create(name_ar="منفذ", slug="o")
    out = []
    for i in range(30):
        best = i < 5
        title = "زلزال المدينة" if best else f"خبر رقم {i}"
        body = "زلزال " * (3 if best else 1) + "كلام " * (5 if best else 40 + i)
        out.append(
            Article.objects.create(
                outlet=outlet,
                title=title,
                body=body,
                content_hash=f"h{i}",
                published_at=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=i),
            )
        )
    return out


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(execution, "COUNT_CAP", 5)
    monkeypatch.setattr(execution, "PROVISIONAL_WINDOW", 10)


@contextmanager
def _times_out(seconds: float) -> Iterator[None]:
    raise impact.TimedOut
    yield  # pragma: no cover


def _queued_terms() -> list[str]:
    terms: list[str] = []
    for task in DBTaskResult.objects.filter(task_path__endswith="build_impact_lists"):
        terms += task.args_kwargs["args"][0]
    return terms


def first_page(q: str, size: int = 3) -> tuple[list[int], bool]:
    paginator = paginate(parse_query(q), Filters(), "relevance", size)
    ids = [a.pk for a in paginator.page(1).object_list]
    return ids, bool(getattr(paginator.object_list, "provisional", False))


def ranked_ids(q: str) -> list[int]:
    return list(
        search_articles(parse_query(q), Filters(), "relevance").values_list("pk", flat=True)
    )


def test_a_quick_list_is_built_by_the_first_search(corpus: list[Article], small_cap: None) -> None:
    ids, provisional = first_page("زلزال")
    assert ids == ranked_ids("زلزال")[:3] and not provisional
    assert impact.missing(["زلزال"]) == []


def test_a_slow_list_is_queued_and_every_hit_ranked_meanwhile(
    corpus: list[Article], small_cap: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = impact.time_limit

    def build_times_out(seconds: float) -> Any:
        return _times_out(seconds) if seconds == execution.BUILD_SECONDS else real(seconds)

    monkeypatch.setattr(impact, "time_limit", build_times_out)
    ids, provisional = first_page("زلزال كلام")  # two words: their common hits may be few
    assert ids == ranked_ids("زلزال كلام")[:3] and not provisional  # exact: every hit ranked
    assert impact.missing(["زلزال", "كلام"]) == ["زلزال", "كلام"]  # not built by the reader...
    assert sorted(_queued_terms()) == ["زلزال", "كلام"]  # ...but queued for the worker, once
    first_page("زلزال كلام")
    assert sorted(_queued_terms()) == ["زلزال", "كلام"]


def test_one_word_whose_list_is_slow_goes_straight_to_the_recent_hits(
    corpus: list[Article], small_cap: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranking every hit of one word costs what building its list does."""
    real = impact.time_limit
    asked: list[float] = []

    def build_times_out(seconds: float) -> Any:
        asked.append(seconds)
        return _times_out(seconds) if seconds == execution.BUILD_SECONDS else real(seconds)

    monkeypatch.setattr(impact, "time_limit", build_times_out)
    ids, provisional = first_page("زلزال")
    assert provisional and asked == [execution.BUILD_SECONDS]
    assert _queued_terms() == ["زلزال"]


def test_past_both_limits_the_page_is_the_best_of_the_newest_hits(
    corpus: list[Article], small_cap: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(impact, "time_limit", _times_out)
    ids, provisional = first_page("زلزال")
    assert provisional
    newest = [a.pk for a in sorted(corpus, key=lambda a: a.published_at, reverse=True)[:10]]
    expected = [pk for pk in ranked_ids("زلزال") if pk in newest][:3]
    assert ids == expected
    assert not set(ids) & {a.pk for a in corpus[:5]}  # the best overall are older: not there


def test_the_page_says_the_ranking_is_provisional_and_is_not_cached(
    client: Client,
    user: Any,
    corpus: list[Article],
    small_cap: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    monkeypatch.setattr(impact, "time_limit", _times_out)
    html = client.get(reverse("search_page"), {"q": "زلزال"}).content.decode()
    assert "still being prepared" in html
    api = client.get(reverse("search_api"), {"q": "زلزال"}).json()
    assert api["provisional"] is True
    monkeypatch.undo()
    monkeypatch.setattr(execution, "COUNT_CAP", 5)
    impact.build(["زلزال"])  # what the worker does
    html = client.get(reverse("search_page"), {"q": "زلزال"}).content.decode()
    assert "still being prepared" not in html  # the provisional page was not kept
    api = client.get(reverse("search_api"), {"q": "زلزال"}).json()
    assert api["provisional"] is False
    assert [r["id"] for r in api["results"]] == ranked_ids("زلزال")[:20]


def test_a_statement_past_the_time_limit_is_cancelled_and_the_transaction_goes_on(
    db: None,
) -> None:
    from django.db import transaction

    with transaction.atomic():
        with pytest.raises(impact.TimedOut), impact.time_limit(0.05):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(2)")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout'), 1")
            assert cursor.fetchone() == ("0", 1)
