"""In Chromium: an admin saves a long article and is told its index is being rebuilt; the
article page says so too until the worker has written it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from articles.models import Article
from articles.search.index import reindex_article
from tests.conftest import login_context

FILLER = "وقال المتحدث إن المفاوضات ستستمر خلال الأسابيع المقبلة في العاصمة. "


@pytest.mark.django_db(transaction=True)
@override_settings(SEARCH_INLINE_INDEX_CHARS=2_000)
def test_an_admin_saving_a_long_article_is_told_the_index_follows(
    browser: Any, live_server: Any, admin_user: Any, demo: None, screenshot_dir: Path
) -> None:
    article = Article.objects.filter(outlet__slug="sana").first()
    assert article is not None
    context = login_context(browser, live_server, admin_user, language="ar")
    page = context.new_page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.fill("textarea[name=body]", article.body + "\n" + FILLER * 40)
    page.click("input[name=_continue]")
    message = page.locator(".messagelist .info")
    message.wait_for()
    assert "يُعاد بناء فهرس البحث" in message.inner_text()
    page.screenshot(path=str(screenshot_dir / "admin-long-article-saved.png"))

    page.goto(f"/articles/{article.pk}/")
    notice = page.locator(".article-meta .reindexing")
    assert "بنصه السابق" in notice.inner_text()
    page.screenshot(path=str(screenshot_dir / "article-being-reindexed.png"))

    assert reindex_article.call(article.pk)["written"] == 1
    page.reload()
    assert page.locator(".article-meta .reindexing").count() == 0
    context.close()
