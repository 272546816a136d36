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
