"""The search page and the JSON API: results, filters, errors, permissions, query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Annotation, Article, Outlet

pytestmark = pytest.mark.django_db


def test_messages_are_in_arabic_by_default(client: Client, user: Any) -> None:
    client.force_login(user)
    response = client.get(reverse("search_api"), {"q": "؟؟"})
    assert (
        response.json()["error"]
        == "لا يحتوي الاستعلام على كلمات للبحث، بل على علامات ترقيم أو عوامل فقط."
    )


def test_search_page_lists_hits_with_highlights_in_the_original_spelling(
    client_in: Client, demo: None
) -> None:
    response = client_in.get(reverse("search_page"), {"q": "القوات الأمريكية"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 articles found" in html
    assert "<mark>الأميركية</mark>" in html  # 004's spelling, highlighted as written
    assert "<mark>القـ.ـوات</mark>" in html  # 003's obfuscated spelling
    assert "?q=%D8%A7%D9%84" in html  # results link to the article page with the query


def test_search_page_answers_htmx_with_the_results_fragment(client_in: Client, demo: None) -> None:
    response = client_in.get(reverse("search_page"), {"q": "داعش"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="search-results"')
    assert "<html" not in html


def test_search_page_query_count_is_fixed(
    client_in: Client, demo: None, django_assert_num_queries: Any
) -> None:
    client_in.get(reverse("search_page"))  # caches session, user, permissions and the empty filters
    # generations, the search transaction (savepoint inside the test's transaction, two SET
    # LOCAL, the impact-list lookup that may spare the count of a frequent word, count, page,
    # outlet counts, release); the filter menus with nothing chosen come from the cache.
    with django_assert_num_queries(9):
        client_in.get(reverse("search_page"), {"q": "القوات"})
    Article.objects.filter(pk__in=Article.objects.values("pk")[:2]).update(published_at=None)
    # The same, and the form's four model selects for the filter menus with a sort chosen.
    with django_assert_num_queries(13):
        client_in.get(reverse("search_page"), {"q": "القوات", "sort": "newest"})
    # Asked again: results and filter menus come from the cache.
    with django_assert_num_queries(1):  # the generations
        again = client_in.get(reverse("search_page"), {"q": "القوات", "sort": "newest"})
    assert again.text.count('<li class="hit') == 5


@pytest.mark.parametrize(
    "q",
    ["", "   ", "!!!؟؟،", '"', '"القوات', "OR", "-", "-القوات", "*", "x" * 10_000, "OR OR -"],
)
def test_hostile_queries_get_a_message_never_a_server_error(client_in: Client, q: str) -> None:
    # An empty box is left out of the address (a redirect to the clean one), then answered.
    response = client_in.get(reverse("search_page"), {"q": q, "page": "1"}, follow=True)
    assert response.status_code == 200


def test_bad_filters_show_messages(client_in: Client, demo: None) -> None:
    response = client_in.get(
        reverse("search_page"), {"q": "القوات", "date_from": "2020-01-02", "date_to": "2019-01-01"}
    )
    assert "The start date is after the end date." in response.content.decode()
    response = client_in.get(reverse("search_page"), {"q": "القوات", "outlet": "nope", "page": "x"})
    assert response.status_code == 200
    response = client_in.get(reverse("search_page"), {"q": "القوات", "page": "99"})
    assert "There is no page 99" in response.content.decode()


def test_filters_narrow_the_results(client_in: Client, demo: None) -> None:
    annotated = Article.objects.filter(annotations__isnull=False).distinct().count()
    outlet = Outlet.objects.get(articles__provenance__source_file="001_5b11a9e5e613e591.txt")
    data = client_in.get(reverse("search_api"), {"q": "القوات", "outlet": outlet.slug}).json()
    assert {r["outlet"] for r in data["results"]} == {outlet.slug}
    data = client_in.get(reverse("search_api"), {"q": "القوات", "annotated": "yes"}).json()
    assert data["count"] == annotated
    claim_id = Annotation.objects.values_list("claim_id", flat=True).first()
    with_claim = Article.objects.filter(annotations__claim_id=claim_id).distinct().count()
    data = client_in.get(reverse("search_api"), {"q": "القوات", "claim": claim_id}).json()
    assert data["count"] == with_claim


def test_outlet_counts_cover_every_outlet_with_hits(client_in: Client, demo: None) -> None:
    html = client_in.get(reverse("search_page"), {"q": "القوات الأمريكية"}).content.decode()
    assert html.count('class="n">1</span>') == 5


def test_did_you_mean_is_offered_for_a_misspelling(client_in: Client, demo: None) -> None:
    html = client_in.get(reverse("search_page"), {"q": "سورياا"}).content.decode()
    assert "Did you mean:" in html  # this client reads the English interface
    assert ">سوريا</a>" in html


# --- API -----------------------------------------------------------------------------------------


def test_api_shape(client_in: Client, demo: None) -> None:
    response = client_in.get(reverse("search_api"), {"q": "القوات", "page_size": 2})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "count_exact", "provisional", "next", "results"}
    assert data["provisional"] is False
    assert data["count"] == 5
    assert data["next"].startswith("http://testserver/api/search?")
    assert "page=2" in data["next"]
    first = data["results"][0]
    assert set(first) == {"id", "title", "url", "outlet", "published_at", "snippet"}
    article = Article.objects.get(pk=first["id"])
    assert first["url"] == article.url
    assert "<mark>" in first["snippet"]
    last = client_in.get(reverse("search_api"), {"q": "القوات", "page_size": 2, "page": 3}).json()
    assert last["next"] is None and len(last["results"]) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "q is required"),
        ({"q": "القوات", "page_size": "1001"}, "page_size"),
        ({"q": "القوات", "page_size": "0"}, "page_size"),
        ({"q": "القوات", "page_size": "many"}, "page_size"),
        ({"q": "القوات", "page": "-1"}, "page"),
        ({"q": "القوات", "page": "7"}, "no page 7"),
        ({"q": "؟؟؟"}, "no words"),
        ({"q": "-القوات"}, "not only words to exclude"),
        ({"q": "ب" * 10_000}, "too long"),
    ],
)
def test_api_bad_parameters_are_400_with_a_message(
    client_in: Client, demo: None, params: dict[str, str], message: str
) -> None:
    response = client_in.get(reverse("search_api"), params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_page_size_up_to_1000(client_in: Client, demo: None) -> None:
    response = client_in.get(reverse("search_api"), {"q": "القوات", "page_size": 1000})
    assert response.status_code == 200 and response.json()["count"] == 5


def test_api_requires_login(client: Client, demo: None) -> None:
    response = client.get(reverse("search_api"), {"q": "القوات"})
    assert response.status_code == 401
    assert "results" not in response.json()


def test_search_page_requires_login(client: Client, demo: None) -> None:
    response = client.get(reverse("search_page"), {"q": "القوات"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
