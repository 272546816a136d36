"""An importer checks a Hypothesis file with a dry run from the navigation, reads the report,
then imports it (headless Chromium, in Arabic); screenshots for looking at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from articles.models import Annotation
from tests.conftest import login_context
from tests.task_backends import IMMEDIATE

from .conftest import make_article
from .test_hypothesis_import import BODY, api_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dry_run_from_the_navigation_then_import(
    browser: Any, live_server: Any, demo: None, importer: Any, settings: Any,
    screenshot_dir: Path, tmp_path: Path,
) -> None:  # fmt: skip
    settings.TASKS = IMMEDIATE
    article = make_article(BODY, "https://example-news.sa/news/2024/clashes")
    rows = [
        api_row("اشتباكات في ريف المدينة"),
        api_row("المدنيين غادروا الأحياء الشرقية"),
        api_row("اشتباكات في ريف المدينة", uri="https://elsewhere.example/story/9"),
    ]
    upload = tmp_path / "hypothesis-export.json"
    upload.write_text(json.dumps({"annotations": rows}, ensure_ascii=False), encoding="utf-8")
    context = login_context(browser, live_server, importer, language="ar")
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="استيراد التعليقات", exact=True).click()
    expect(page.locator("h1")).to_have_text("استيراد التعليقات")
    page.set_input_files("input[type=file]", str(upload))
    expect(page.locator("input[name=dry_run]")).to_be_checked()
    page.get_by_role("button", name="إرسال").click()
    expect(page.locator("h1")).to_have_text("تجربة استيراد تعليقات")
    expect(page.locator("table.report")).to_be_visible()
    expect(page.locator(".form-errors li")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "w3c-import-dry-run-ar.png"), full_page=True)
    assert not article.annotations.exists()
    page.get_by_role("button", name="استورد هذا الملف الآن").click()
    expect(page.locator("h1")).to_have_text("استيراد التعليقات")
    assert Annotation.objects.filter(article=article, claim__isnull=True).count() == 2
    page.screenshot(path=str(screenshot_dir / "w3c-import-done-ar.png"), full_page=True)
