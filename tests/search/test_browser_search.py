"""A reader types in the search box: results update live, the URL follows (headless Chromium)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_live_search_updates_results_and_url(
    browser: Any, live_server: Any, demo: None, user: Any, screenshot_dir: Path
) -> None:
    context = login_context(browser, live_server, user)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="بحث").first.click()
    expect(page).to_have_url(live_server.url + "/search/")

    box = page.locator("#search-q")
    box.press_sequentially("ديرالزور", delay=30)
    expect(page.locator(".hit")).to_have_count(5)
    expect(page).to_have_url(
        re.compile(r"/search/\?q=%D8%AF%D9%8A%D8%B1%D8%A7%D9%84%D8%B2%D9%88%D8%B1")
    )

    box.fill("القوات الأمريكية")
    box.dispatch_event("input")
    expect(page.locator(".hit")).to_have_count(5)
    expect(page.locator(".hit mark", has_text="الأميركية").first).to_be_visible()
    assert "q=" in page.url and "%D8%A7%D9%84%D9%82%D9%88%D8%A7%D8%AA" in page.url
    page.screenshot(path=str(screenshot_dir / "search-ar.png"), full_page=True)

    page.select_option("select[name=sort]", "newest")
    expect(page).to_have_url(re.compile(r"sort=newest"))

    # The shared URL renders the same results without any typing.
    other = context.new_page()
    other.goto(page.url)
    expect(other.locator(".hit")).to_have_count(5)
    other.locator(".hit .title").first.click()
    expect(other).to_have_url(re.compile(r"/articles/\d+/\?q="))
    context.close()


def test_a_provisional_ranking_is_said_on_the_page_and_snippets_skip_the_date_line(
    browser: Any,
    live_server: Any,
    demo: None,
    user: Any,
    screenshot_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the worker prepares a frequent word's list, the page says its ranking is
    provisional; the Youm7 seed's snippet starts in its text, not its date line or title."""
    from contextlib import contextmanager

    from articles.search import execution, impact
    from articles.views import search as search_views

    @contextmanager
    def times_out(seconds: float) -> Any:
        raise impact.TimedOut
        yield  # pragma: no cover

    monkeypatch.setattr(execution, "COUNT_CAP", 2)
    monkeypatch.setattr(search_views, "PAGE_SIZE", 2)  # 5 hits: more than a page and the cap
    monkeypatch.setattr(impact, "time_limit", times_out)
    context = login_context(browser, live_server, user)
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=القوات")
    expect(page.locator(".search-notice")).to_contain_text("ما زال ترتيب نتائج هذا البحث")
    snippets = page.locator(".hit .snippet").all_inner_texts()
    assert snippets and not any("2018" in s[:40] for s in snippets)
    page.screenshot(path=str(screenshot_dir / "search-provisional-ar.png"), full_page=True)
    context.close()
