"""Impact lists and capped counts: the fast paths return exactly what ranking or sorting every hit
returns, and the lists stay true as articles are created, changed and deleted."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from articles.models import Article, Outlet
from articles.search import execution, impact, index
from articles.search.execution import Filters, paginate, search_articles
from articles.search.query import parse_query

pytestmark = pytest.mark.django_db

WORDS = "زلزال مدينة سكان انقاذ فرق حكومة مساعدات بيان وزارة صحة مستشفى طريق".split()


@pytest.fixture
def outlets() -> list[Outlet]:
    return [Outlet.objects.create(name_ar=f"منفذ {i}", slug=f"o{i}") for i in range(3)]


@pytest.fixture
def corpus(outlets: list[Outlet]) -> list[Article]:
    """80 articles of varied length, title and repetition, so ranks differ and some tie."""
    rng = random.Random(7)
    out = []
    for i in range(80):
        title = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40)))
        out.append(
            Article.objects.create(
                outlet=outlets[i % 3],
                title=title,
                body=body,
                content_hash=f"h{i}",
                published_at=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 9)),
            )
        )
    return out


@pytest.fixture
def small_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists of 4 articles and a count cap of 5: every query here takes the fast paths."""
    monkeypatch.setattr(impact, "DEPTH", 4)
    monkeypatch.setattr(execution, "COUNT_CAP", 5)
    monkeypatch.setattr(execution, "COUNT_CAP_PHRASE", 5)


def page_ids(
    q: str, sort: str = "relevance", start: int = 0, size: int = 3, **kw: object
) -> list[int]:
    paginator = paginate(parse_query(q), Filters(**kw), sort, size, start // size + 1)  # type: ignore[arg-type]
    return [a.pk for a in paginator.page(start // size + 1).object_list]


def full_ids(q: str, sort: str = "relevance", **kw: object) -> list[int]:
    results = search_articles(parse_query(q), Filters(**kw), sort, date_index=False)  # type: ignore[arg-type]
    return list(results.values_list("pk", flat=True))


def check_lists() -> None:
    """The invariant the fast path relies on, checked against every article."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT f.term, a.id, ts_rank(a.search_vector, f.query, 1), f.floor, i.score
               FROM articles_search_impact_floor f
               JOIN articles_article a ON a.search_vector @@ f.query
               LEFT JOIN articles_search_impact i ON i.term = f.term AND i.article_id = a.id"""
        )
        for term, pk, rank, floor, listed in cursor.fetchall():
            if listed is None:
                assert rank <= floor, (term, pk)
            else:
                assert listed == pytest.approx(rank), (term, pk)
        cursor.execute(
            """SELECT count(*) FROM articles_search_impact i
               JOIN articles_search_impact_floor f ON f.term = i.term
               LEFT JOIN articles_article a ON a.id = i.article_id
               WHERE a.id IS NULL OR NOT a.search_vector @@ f.query"""
        )
        assert cursor.fetchone()[0] == 0


def test_or_rank_is_the_mean_of_the_terms_ranks(corpus: list[Article]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT ts_rank(search_vector, 'زلزال | مدينه | سكان'::tsquery, 1),
                      (ts_rank(search_vector, 'زلزال'::tsquery, 1)
                       + ts_rank(search_vector, 'مدينه'::tsquery, 1)
                       + ts_rank(search_vector, 'سكان'::tsquery, 1)) / 3
               FROM articles_article"""
        )
        for whole, mean in cursor.fetchall():
            assert whole == pytest.approx(mean, rel=1e-5)


@pytest.mark.parametrize(
    "q", ["زلزال", "الزلزال", "زلزال مدينة", '"فرق انقاذ"', "زلزال OR طريق", "حكومة -بيان"]
)
@pytest.mark.parametrize("match_first", [0, 10_000])  # candidates intersected with GIN first
def test_fast_pages_equal_ranking_every_hit(
    corpus: list[Article],
    small_lists: None,
    monkeypatch: pytest.MonkeyPatch,
    q: str,
    match_first: int,
) -> None:
    monkeypatch.setattr(execution, "MATCH_FIRST_ABOVE", match_first)
    monkeypatch.setattr(impact, "FIRST_BATCH", 1)  # rounds of 4 * page size: 12, 48, 192
    full = full_ids(q)
    assert len(full) > execution.COUNT_CAP
    for start in range(0, min(len(full), 12), 3):
        assert page_ids(q, start=start) == full[start : start + 3], start


def test_fast_pages_with_filters_equal_ranking_every_hit(
    corpus: list[Article], outlets: list[Outlet], small_lists: None
) -> None:
    full = full_ids("زلزال", outlet=outlets[1].slug)
    assert page_ids("زلزال", outlet=outlets[1].slug) == full[:3]
    day = datetime(2020, 1, 3).date()
    full = full_ids("مدينة", date_from=day, date_to=day)
    assert page_ids("مدينة", date_from=day, date_to=day) == full[:3]


@pytest.mark.parametrize("window", [8, 2000])  # too few hits among the newest 8: sort them all
@pytest.mark.parametrize("q", ["زلزال", "زلزال مدينة", '"فرق انقاذ"'])
def test_date_sort_equals_sorting_every_hit(
    corpus: list[Article], small_lists: None, monkeypatch: pytest.MonkeyPatch, q: str, window: int
) -> None:
    monkeypatch.setattr(execution, "NEWEST_WINDOW", window)
    assert page_ids(q, sort="newest", size=5) == full_ids(q, sort="newest")[:5]
    assert page_ids(q, sort="newest", size=5, start=5) == full_ids(q, sort="newest")[5:10]
    assert page_ids(q, sort="oldest", size=5) == full_ids(q, sort="oldest")[:5]


def test_count_stops_at_the_cap_and_says_so(corpus: list[Article], small_lists: None) -> None:
    paginator = paginate(parse_query("زلزال"), Filters(), "relevance", 2)
    assert paginator.count == 5 and not paginator.exact
    paginator = paginate(parse_query("زلزال"), Filters(), "relevance", 2, page=4)
    assert paginator.count == 8 and not paginator.exact  # the asked page stays reachable
    exact = paginate(parse_query("زلزال"), Filters(outlet="nowhere"), "relevance", 2)
    assert exact.count == 0 and exact.exact


def test_lists_are_built_on_first_use_and_kept_true(
    corpus: list[Article], outlets: list[Outlet], small_lists: None
) -> None:
    page_ids("زلزال مدينة")
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM articles_search_impact_floor ORDER BY term")
        assert {"زلزال", "مدينه"} <= {r[0] for r in cursor.fetchall()}
    check_lists()

    # A new article that outranks every listed one enters the list and the first page.
    best = Article.objects.create(
        outlet=outlets[0], title="زلزال", body="زلزال زلزال", content_hash="best"
    )
    check_lists()
    assert page_ids("زلزال")[0] == best.pk == full_ids("زلزال")[0]

    # Changed so the word is gone: out of the list and of the results.
    best.title, best.body = "طريق", "طريق"
    best.save()
    check_lists()
    assert best.pk not in full_ids("زلزال")
    assert page_ids("زلزال", start=3) == full_ids("زلزال")[3:6]

    # Deleted listed articles leave their lists; pages still equal ranking every hit.
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM articles_search_impact WHERE term = 'زلزال'")
        listed = [r[0] for r in cursor.fetchall()]
    Article.objects.filter(pk__in=listed[:2]).delete()
    check_lists()
    for start in (0, 3):
        assert page_ids("زلزال", start=start) == full_ids("زلزال")[start : start + 3]


def test_bulk_vector_writes_keep_the_lists_true(corpus: list[Article], small_lists: None) -> None:
    page_ids("مدينة")
    index.reindex_articles([a.pk for a in corpus[:30]])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET search_vector = setweight('مدينه:1'::tsvector, 'A')"
            " WHERE id = %s",
            [corpus[40].pk],
        )
    check_lists()
    assert page_ids("مدينة") == full_ids("مدينة")[:3]


def test_search_page_says_more_than_when_the_count_stops(
    client: object, user: object, corpus: list[Article], small_lists: None
) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    assert isinstance(client, Client)
    client.force_login(user)  # type: ignore[arg-type]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("search_page"), {"q": "زلزال"}).content.decode()
    assert "More than 20 articles found" in html  # the cap reaches past the page
    # Outlets are offered without counts (counting them would visit every hit).
    assert html.count("?q=%D8%B2%D9%84%D8%B2%D8%A7%D9%84&amp;outlet=o") == 2 * 3  # href, hx-get
    assert 'class="n"' not in html
    data = client.get(reverse("search_api"), {"q": "زلزال", "page_size": 2}).json()
    assert data["count"] == 5 and data["count_exact"] is False


def test_lists_alone_show_a_word_has_more_hits_than_the_cap(
    corpus: list[Article], small_lists: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(impact, "DEPTH", 6)
    assert page_ids("زلزال") == full_ids("زلزال")[:3]  # builds the list: 6 articles > cap 5

    def no_count(*args: object) -> int:
        raise AssertionError("counted")

    monkeypatch.setattr(execution, "capped_count", no_count)
    paginator = paginate(parse_query("زلزال"), Filters(), "relevance", 3)
    assert paginator.count == 5 and not paginator.exact
    assert [a.pk for a in paginator.page(1).object_list] == full_ids("زلزال")[:3]
    with pytest.raises(AssertionError, match="counted"):  # not for an AND query
        paginate(parse_query("زلزال مدينة"), Filters(), "relevance", 3)
