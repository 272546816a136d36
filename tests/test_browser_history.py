"""Back after live filtering gives the whole page on every list page (headless Chromium).

htmx keeps no snapshots here (historyCacheSize 0), so Back asks the server again with
HX-History-Restore-Request: the answer must be the whole page, not the fragment the live
filter swapped in.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _whole_page(page: Page) -> None:
    expect(page.locator("header nav, nav").first).to_be_visible()
    expect(page.locator("h1, .search-page").first).to_be_visible()  # search has no h1
    expect(page.locator("form").first).to_be_visible()
    expect(page.locator("#results, #search-results")).to_have_count(1)
    assert page.evaluate("document.querySelectorAll('body').length") == 1
    assert page.evaluate("!!document.querySelector('link[rel=stylesheet]')")


def _filter_twice(page: Page, selector: str, first: str, second: str) -> None:
    field = page.locator(selector)
    if page.evaluate(f"document.querySelector({selector!r}).tagName") == "SELECT":
        field.select_option(first)
        page.wait_for_url(f"**{first}**")
        field.select_option(second)
        page.wait_for_url(f"**{second}**")
    else:
        field.fill(first)
        page.wait_for_url("**q=**")
        field.fill(second)
        page.wait_for_function("(v) => decodeURIComponent(location.search).includes(v)", arg=second)


@pytest.mark.parametrize(
    ("path", "selector", "first", "second"),
    [
        ("/", "#outlet-filter", "sana", "al-binaa"),
        ("/claims/", "#claim-q", "داعش", "التحالف"),
        ("/claimants/", "#claimant-q", "وزارة", "سانا"),
        ("/outlets/", "#outlet-q", "سانا", "البناء"),
        ("/search/", "#search-q", "القوات", "داعش"),
    ],
)
def test_back_after_live_filtering_shows_the_whole_page(
    browser: Any, live_server: Any, demo: None, user: Any, path: str, selector: str, first: str,
    second: str,
) -> None:  # fmt: skip
    context = login_context(browser, live_server, user, language="ar")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path)
    _whole_page(page)
    _filter_twice(page, selector, first, second)
    page.go_back()
    page.wait_for_function("(v) => !decodeURIComponent(location.search).includes(v)", arg=second)
    _whole_page(page)
    page.go_back()
    _whole_page(page)
    assert not errors
    context.close()
