"""An admin uploads files in the browser and watches the batch finish (headless Chromium)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from articles.models import ImportBatch
from articles.tasks import run_import_batch
from tests.conftest import login_context
from tests.ingest.conftest import SEEDS, saudi_record, zip_bytes


def label(status: ImportBatch.Status) -> str:
    with translation.override("ar"):
        return str(status.label)


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_files_and_the_progress_page_updates_live(
    browser: Any,
    live_server: Any,
    admin_user: Any,
    outlets: Any,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    lines = "\n".join(json.dumps(saudi_record(i), ensure_ascii=False) for i in range(6))
    (tmp_path / "feed.zip").write_bytes(
        zip_bytes({"2015/feed.jsonl": lines.encode(), "bad.json": b"[{"})
    )
    files = [tmp_path / "feed.zip", *sorted(SEEDS.glob("00[1-4]*.txt"))]
    context = login_context(browser, live_server, admin_user)
    page = context.new_page()
    page.goto("/admin/articles/importbatch/")
    page.locator("a[href$='/importbatch/upload/']").click()
    page.locator("input[type=file]").set_input_files([str(f) for f in files])
    page.screenshot(path=str(screenshot_dir / "import-upload-ar.png"), full_page=True)
    page.locator("input[type=submit]").click()

    expect(page.locator("#import-progress")).to_have_attribute("hx-trigger", "every 1s")
    expect(page.locator("#import-progress .badge")).to_have_text(label(ImportBatch.Status.PENDING))
    page.screenshot(path=str(screenshot_dir / "import-progress-pending-ar.png"), full_page=True)

    batch = ImportBatch.objects.get()
    run_import_batch.call(batch.pk)  # what the db_worker does; the page polls meanwhile

    expect(page.locator("#import-progress .badge")).to_have_text(
        label(ImportBatch.Status.FAILED), timeout=10_000
    )
    expect(page.locator(".import-counts .created dd")).to_have_text("10")
    expect(page.locator(".import-table")).to_contain_text("invalid JSON at line 1")
    expect(page.locator("#import-progress progress")).to_have_attribute("value", "100")
    assert page.locator("#import-progress").get_attribute("hx-trigger") is None
    page.screenshot(path=str(screenshot_dir / "import-report-ar.png"), full_page=True)

    page.goto("/admin/articles/importbatch/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    context.close()
