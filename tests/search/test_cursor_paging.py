"""Following the API's `next` past the count's cap and past the impact lists' depth: each link
carries the last hit's sort key (a keyset cursor), every hit is handed over exactly once in the
order of ranking (or sorting) every hit, ties included, and deep pages are slices of one order
computed once per walk, not a ranking of every hit per page."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Outlet
from articles.search import execution, impact, upkeep
from articles.search.execution import Cursor, Filters, search_articles
from articles.search.query import parse_query
from tests.search.conftest import follow

pytestmark = pytest.mark.django_db

WORDS = "زلزال مدينة سكان انقاذ فرق حكومة مساعدات بيان وزارة صحة مستشفى طريق".split()


@pytest.fixture
def outlets() -> list[Outlet]:
    return [Outlet.objects.create(name_ar=f"منفذ {i}", slug=f"o{i}") for i in range(3)]


@pytest.fixture
def corpus(outlets: list[Outlet], monkeypatch: pytest.MonkeyPatch) -> list[Article]:
    """90 articles of varied length and repetition (many ranks tie), dates on 10 days (many tie
    too), a few undated; lists 6 deep, a count cap of 5, impact pages down to the 8th hit."""
    monkeypatch.setattr(impact, "DEPTH", 6)
    monkeypatch.setattr(execution, "COUNT_CAP", 5)
    monkeypatch.setattr(execution, "COUNT_CAP_PHRASE", 5)
    monkeypatch.setattr(execution, "IMPACT_MAX_DEPTH", 8)
    monkeypatch.setattr(execution, "DATE_WINDOW_FACTOR", 1)
    cache.clear()
    rng = random.Random(11)
    out = []
    for i in range(90):
        title = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 12)))
        day = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 9))
        out.append(
            Article.objects.create(
                outlet=outlets[i % 3],
                title=title,
                body=body,
                content_hash=f"h{i}",
                published_at=None if i % 17 == 0 else day,
            )
        )
    return out


def full_ids(q: str, sort: str = "relevance", **kw: Any) -> list[int]:
    results = search_articles(parse_query(q), Filters(**kw), sort, date_index=False)
    return list(results.values_list("pk", flat=True))


def ranking_every_hit(queries: CaptureQueriesContext) -> list[str]:
    """The statements that ranked every hit of the query (not a list build, not candidates)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "ts_rank" in q["sql"]
        and "ORDER BY" in q["sql"]
        and "AS score" not in q["sql"]  # a list build
        and '"id" IN' not in q["sql"]
        and "ANY(" not in q["sql"]
    ]


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize("q", ["زلزال", "زلزال OR طريق", "زلزال مدينة", "مدينة -بيان"])
def test_following_next_visits_every_hit_once_in_the_order_of_ranking_every_hit(
    client_in: Client, corpus: list[Article], q: str, sort: str
) -> None:
    expected = full_ids(q, sort)
    assert len(expected) > 2 * execution.IMPACT_MAX_DEPTH  # the walk goes past the lists
    ids, pages = follow(client_in, {"q": q, "page_size": 3, "sort": sort})
    assert ids == expected
    assert all("after=" in page["next"] for page in pages[1:-1])
    assert pages[-1]["next"] is None and pages[-1]["results"]
    assert all(page["count_exact"] is False for page in pages)
    # The count never says less than what was handed over.
    assert pages[-1]["count"] >= len(expected) - 3


def test_a_walk_by_relevance_is_unchanged_by_ties_across_the_lists_depth(
    client_in: Client, corpus: list[Article], outlets: list[Outlet]
) -> None:
    """Articles tied with the lists' last article and past it: same order as ranking all."""
    for n in range(6):
        Article.objects.create(
            outlet=outlets[0],
            title="طريق",
            body="زلزال طريق",
            content_hash=f"tie{n}",
            published_at=datetime(2020, 1, 5, tzinfo=UTC),
        )
    expected = full_ids("زلزال")
    for size in (1, 4, 7):
        cache.clear()
        ids, _pages = follow(client_in, {"q": "زلزال", "page_size": size})
        assert ids == expected, size


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_articles_added_during_a_walk_neither_repeat_nor_hide_a_hit(
    client_in: Client, corpus: list[Article], outlets: list[Outlet], sort: str
) -> None:
    """The next page starts after the last hit handed over, wherever new articles rank: one
    that ranks first (before the walk's position) does not push a hit back into the next page."""
    before = full_ids("زلزال", sort)
    params: dict[str, Any] = {"q": "زلزال", "page_size": 4, "sort": sort}
    first = client_in.get(reverse("search_api"), params)
    page = first.json()
    Article.objects.create(
        outlet=outlets[0],
        title="زلزال زلزال",
        body="زلزال زلزال زلزال",
        content_hash="new-first",
        published_at=datetime(2021, 1, 1, tzinfo=UTC),
    )
    ids = [r["id"] for r in page["results"]]
    while page["next"]:
        page = client_in.get(page["next"]).json()
        ids += [r["id"] for r in page["results"]]
    assert ids == before


def test_deep_pages_rank_every_hit_at_most_once_per_walk(
    client_in: Client, corpus: list[Article]
) -> None:
    """Past the lists' depth the order is computed once and the later pages are slices of it
    (before, each page ranked every hit again and skipped the earlier ones with OFFSET)."""
    with CaptureQueriesContext(connection) as queries:
        ids, pages = follow(client_in, {"q": "زلزال", "page_size": 2})
    assert len(pages) > 10 and len(ranking_every_hit(queries)) <= 1


def test_a_walk_past_the_lists_asks_for_deeper_lists_which_then_serve_it(
    client_in: Client, corpus: list[Article]
) -> None:
    expected = full_ids("زلزال")
    follow(client_in, {"q": "زلزال", "page_size": 4})
    queued = DBTaskResult.objects.filter(task_path__endswith="deepen_impact_lists")
    assert queued.exists()
    for task in queued:
        upkeep.deepen_lists(*task.args_kwargs["args"])
    assert impact.list_depths(["زلزال"])["زلزال"] > impact.DEPTH
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        ids, _pages = follow(client_in, {"q": "زلزال", "page_size": 4})
    assert ids == expected
    assert not ranking_every_hit(queries)


def test_a_page_number_link_still_gives_that_page(client_in: Client, corpus: list[Article]) -> None:
    expected = full_ids("زلزال")
    for number in (1, 3, 6):
        page = client_in.get(
            reverse("search_api"), {"q": "زلزال", "page_size": 3, "page": number}
        ).json()
        assert [r["id"] for r in page["results"]] == expected[(number - 1) * 3 : number * 3]


@pytest.mark.parametrize("after", ["", "x", "!!!!", "bm90IGEgY3Vyc29y", "MX4yfjN-NH41"])
def test_a_cursor_that_no_next_link_gave_is_refused(
    client_in: Client, corpus: list[Article], after: str
) -> None:
    response = client_in.get(reverse("search_api"), {"q": "زلزال", "after": after})
    assert response.status_code == 400 and "after" in response.json()["error"]


def test_a_cursor_keeps_its_sort_key_exactly() -> None:
    cursor = Cursor(id=42, published=None, created=1_600_000_000_123_456, rank=0.06079271)
    assert Cursor.parse(cursor.token()) == cursor
    dated = Cursor(id=7, published=-5, created=3, rank=None)
    assert Cursor.parse(dated.token()) == dated


def test_a_page_the_lists_cannot_prove_has_them_deepened_by_the_worker(
    corpus: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An AND whose words rarely meet at the top of their lists ranks every hit; the worker
    then deepens the lists and the same page is proven by them, still equal to ranking all."""
    monkeypatch.setattr(impact, "DEPTH", 2)
    query = parse_query("زلزال مدينة")
    expected = full_ids("زلزال مدينة")[:3]

    def first_page() -> tuple[list[int], list[int] | None]:
        hits = execution.RankedHits(query, Filters(), 10)
        page = [a.pk for a in hits[0:3]]
        keep = hits._matching
        return page, impact.top_ids(query.rank_terms, 3, hits._rank_candidates, keep)

    page, proof = first_page()
    assert page == expected and proof is None
    queued = DBTaskResult.objects.filter(task_path__endswith="deepen_impact_lists")
    assert queued.exists()
    for task in queued:
        upkeep.deepen_lists(*task.args_kwargs["args"])
    page, proof = first_page()
    assert page == expected and proof is not None


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize("q", ["زلزال", "زلزال مدينة"])
def test_a_walk_with_copies_hidden_hands_over_every_original_and_no_copy(
    client_in: Client, corpus: list[Article], q: str, sort: str
) -> None:
    copies = set()
    for i, article in enumerate(corpus):
        if i % 4 == 3:  # another outlet's word-for-word copy of the article before it
            article.copy_of = corpus[i - 1]
            article.save(update_fields=["copy_of"])
            copies.add(article.pk)
    cache.clear()
    everything = full_ids(q, sort)
    expected = full_ids(q, sort, hide_copies=True)
    assert set(everything) & copies and not set(expected) & copies
    assert expected == [pk for pk in everything if pk not in copies]
    ids, pages = follow(client_in, {"q": q, "page_size": 3, "sort": sort, "copies": "hide"})
    assert ids == expected
    assert all("copies=hide" in page["next"] for page in pages[:-1])
    ids, _pages = follow(client_in, {"q": q, "page_size": 3, "sort": sort})
    assert ids == everything  # the same walk without the filter still hands the copies over
