"""A reader logs in through the form and sees the five seed articles (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_logs_in_and_sees_the_seed_articles(
    browser: Any, live_server: Any, demo: None, django_user_model: Any, screenshot_dir: Path
) -> None:
    django_user_model.objects.create_user(username="reader", password="pw-for-tests-1")
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "reader")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit].primary")
    page.wait_for_selector(".article-row")
    assert page.locator("html").get_attribute("dir") == "rtl"
    rows = page.locator(".article-row")
    assert rows.count() == 5
    text = page.locator("#results").inner_text()
    for outlet in ["اليوم السابع", "سانا", "بلدي نيوز", "نورث بالس", "جريدة البناء"]:
        assert outlet in text
    assert "16 أكتوبر 2018" in text
    page.screenshot(path=str(screenshot_dir / "home-ar.png"), full_page=True)

    page.select_option("#outlet-filter", "al-binaa")
    expect(page.locator(".article-row")).to_have_count(1)
    assert "outlet=al-binaa" in page.url
    page.click(".article-row .title")
    page.wait_for_selector("#article-body")
    assert "إيغور كوناشينكوف" in page.locator(".side-panel").inner_text()
    page.screenshot(path=str(screenshot_dir / "article-ar.png"), full_page=True)
    context.close()


def test_english_interface_is_left_to_right_with_arabic_text_right_to_left(
    browser: Any, live_server: Any, demo: None, user: Any, screenshot_dir: Path
) -> None:
    context = login_context(browser, live_server, user, language="en")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Articles"
    page.screenshot(path=str(screenshot_dir / "home-en.png"), full_page=True)
    page.locator(".article-row .title").first.click()
    assert page.locator("article.reader").get_attribute("dir") == "rtl"
    context.close()
