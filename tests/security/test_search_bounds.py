"""Item 8 of issue 20: a snippet analyses a bounded window, and a request a bounded total."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.search import snippets
from articles.search.query import parse_query


@pytest.fixture
def analysed_chars(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = snippets.arabic.analyse

    def counting(text: str) -> Any:
        seen.append(len(text))
        return real(text)

    monkeypatch.setattr(snippets.arabic, "analyse", counting)
    return seen


def huge_body(hit_at_end: bool = True) -> str:
    filler = " ".join(f"كلمة{i % 997} قالت الوزارة" for i in range(400_000))
    return filler + (" تنظيم داعش" if hit_at_end else "")


def test_item8_snippet_of_a_5mb_article_analyses_a_bounded_window(
    analysed_chars: list[int],
) -> None:
    body = huge_body()
    assert len(body) > 5_000_000
    html = snippets.highlight(body, parse_query("داعش"))
    assert sum(analysed_chars) <= snippets.SNIPPET_SCAN_CHARS
    assert html.startswith("") and "<mark>" not in html  # the hit is past the budget
    assert len(html) < 2_000
    analysed_chars.clear()
    near = "داعش " + body
    assert "<mark>داعش</mark>" in snippets.highlight(near, parse_query("داعش"))
    assert sum(analysed_chars) <= snippets.SNIPPET_WINDOW_CHARS


@pytest.mark.django_db
def test_item8_uncacheable_query_on_huge_articles_is_bounded_per_request(
    demo: None, reader: Any, analysed_chars: list[int], settings: Any
) -> None:
    from articles.models import Article, Outlet

    settings.SEARCH_INLINE_INDEX_CHARS = 10**9  # indexed at once here: the snippets are tested

    outlet = Outlet.objects.first()
    for i in range(3):
        Article.objects.create(
            outlet=outlet, title=f"مقال {i}", body=huge_body(), content_hash=f"huge-{i}"
        )
    client = Client()
    client.force_login(reader)
    # A random excluded word makes every query new: nothing can come from the cache.
    response = client.get(reverse("search_api"), {"q": "الوزارة -zzqx1", "page_size": 1000})
    assert response.status_code == 200
    assert response.json()["count"] >= 3
    titles = sum(snippets.TITLE_MAX_CHARS for _ in response.json()["results"])
    assert sum(analysed_chars) <= snippets.REQUEST_SCAN_CHARS + titles + 3 * snippets.MIN_SCAN_CHARS
