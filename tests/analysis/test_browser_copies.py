"""A reader opens an annotated article that another outlet published word for word: both pages
show "also published by" and link to each other (headless Chromium, Arabic), screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import Article, Outlet
from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


def test_the_original_and_its_copy_link_to_each_other(
    browser: Any, live_server: Any, demo: None, editor_user: Any, screenshot_dir: Path
) -> None:
    annotated = Article.objects.filter(annotations__isnull=False).distinct()
    seeds = sorted(SEEDS.glob("*.txt"))
    other = Outlet.objects.create(name_ar="صحيفة الوطن", slug="al-watan")
    batch = run_batch(create_batch_from_paths([str(p) for p in seeds], outlet=other), workers=1)
    assert batch.copies == len(seeds)  # the demo's articles are the seeds: all copied
    copy = Article.objects.filter(import_batch=batch, copy_of__in=annotated).first()
    assert copy is not None
    original = copy.copy_of
    assert original is not None

    context = login_context(browser, live_server, editor_user, language="ar")
    page = context.new_page()
    page.goto(original.get_absolute_url())
    block = page.locator(".also-published")
    expect(block.locator("h2")).to_have_text("نشرته أيضًا")
    link = block.locator(f'a[href="/articles/{copy.pk}/"]')
    expect(link).to_have_text(other.name_ar)
    expect(block.locator("li").filter(has_text=other.name_ar)).to_contain_text("حرفيًا")
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "copies-original-ar.png"))
    link.click()

    expect(page).to_have_url(f"{live_server.url}/articles/{copy.pk}/")
    note = page.locator(".also-published .copy-note")
    expect(note).to_contain_text(f"نسخة حرفية من المقال {original.pk}")
    expect(page.locator(".also-published li", has_text=original.outlet.name_ar)).to_contain_text(
        "الأصل"
    )
    expect(page.locator("#annotation-panel .count")).to_have_text("(0)")  # nothing copied
    page.screenshot(path=str(screenshot_dir / "copies-copy-ar.png"))
    note.locator("a.original-annotations").click()
    expect(page).to_have_url(f"{live_server.url}/articles/{original.pk}/#annotation-panel")
    count = original.annotations.count()
    expect(page.locator("#annotation-panel .count")).to_have_text(f"({count})")

    # The matrix counts the copying outlet with what its copies carry, unless left out.
    page.goto("/matrix/")
    expect(page.locator(".copies-note")).to_contain_text("النسخ محسوبة")
    row = page.locator("table.matrix tbody tr", has_text=other.name_ar)
    expect(row).to_have_count(1)
    row.locator("td.cell a").first.click()
    expect(page.locator("#cell-panel .carried .mention").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "copies-matrix-ar.png"), full_page=True)
    page.select_option("#copies", "exclude")
    page.locator(".filter-bar button.primary").click()
    expect(page.locator(".copies-note")).to_contain_text("النسخ مستبعدة")
    expect(page.locator("table.matrix tbody tr", has_text=other.name_ar)).to_have_count(0)
    context.close()
