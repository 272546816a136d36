"""A lead records a verdict on the claim dossier (in Arabic, headless Chromium) and the claim's
schema.org export then carries a ClaimReview; a screenshot of the dossier for looking at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from articles.models import ClaimVerdict
from tests.conftest import login_context
from tests.factcheck.conftest import Dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_records_a_verdict_and_the_json_ld_has_a_claimreview(
    browser: Any, live_server: Any, dossier: Dossier, lead_user: Any, screenshot_dir: Path
) -> None:
    context = login_context(browser, live_server, lead_user, language="ar")
    page = context.new_page()
    page.goto(f"/claims/{dossier.claim.pk}/")
    verdict = page.locator("#verdict")
    expect(verdict.locator("h2")).to_have_text("الحكم")
    expect(verdict).to_contain_text("لم يُسجَّل حكم على هذا الادعاء.")
    before = page.request.get(f"/claims/{dossier.claim.pk}/claim.jsonld")
    assert json.loads(before.text())["@type"] == "Claim"

    page.select_option("#id_rating", "misleading")
    page.fill("#id_explanation", "الصور المتداولة التُقطت عام 2015 في مكان آخر.")
    page.fill("#id_reviewed_on", "2024-02-03")
    page.screenshot(path=str(screenshot_dir / "factcheck-verdict-form-ar.png"), full_page=True)
    page.get_by_role("button", name="سجّل الحكم").click()
    expect(verdict.locator(".verdict-rating .chip")).to_have_text("مضلل")  # swapped by htmx
    expect(verdict).to_contain_text("الصور المتداولة التُقطت عام 2015")
    expect(verdict).to_contain_text("سجّله lead")
    assert page.url.endswith(f"/claims/{dossier.claim.pk}/"), "no reload"
    assert ClaimVerdict.objects.filter(claim=dossier.claim).count() == 1
    page.screenshot(path=str(screenshot_dir / "factcheck-verdict-recorded-ar.png"), full_page=True)

    link = page.locator(f'a[href="/claims/{dossier.claim.pk}/claim.jsonld"]')
    expect(link).to_be_visible()
    after = json.loads(page.request.get(link.get_attribute("href") or "").text())
    assert after["@type"] == "ClaimReview"
    assert after["reviewRating"]["alternateName"] == "مضلل"
    assert after["reviewRating"]["ratingValue"] == 2
    assert after["itemReviewed"]["@type"] == "Claim"
    context.close()
