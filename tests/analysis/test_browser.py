"""A researcher opens each analysis page from the demo annotations and follows a matrix cell
to its passage (headless Chromium), in Arabic and in English; screenshots for looking at."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from articles.models import Claim
from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_open_from_the_demo_and_a_matrix_cell_leads_to_its_passage(
    browser: Any, live_server: Any, demo: None, editor_user: Any, screenshot_dir: Path
) -> None:
    context = login_context(browser, live_server, editor_user, language="ar")
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="الادعاءات", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("الادعاءات")
    page.fill("#claim-q", "والتحالف")
    expect(page.locator("#results tbody tr")).to_have_count(3)  # htmx search, Arabic-aware
    page.locator("#results a.claim-text", has_text="ينسّق مع تنظيم داعش").click()
    expect(page.locator(".dossier-head h1")).to_contain_text("التحالف الدولي")
    expect(page.locator("svg.timeline")).to_be_visible()
    claim = Claim.objects.get(gloss_en__startswith="The US-led coalition coordinates")
    outlets = claim.annotations.values("article__outlet").distinct().count()
    expect(page.locator(".outlet-group")).to_have_count(outlets)
    page.screenshot(path=str(screenshot_dir / "analysis-dossier-ar.png"), full_page=True)

    # A relation added and removed without reloading the page.
    page.select_option("#rel-kind", "same_event")
    # The related claim is found by typing (a catalogue of claims is no menu), and picked.
    page.fill("#rel-other", "صناعه امريكيه")  # spelled without hamza or ta marbuta
    suggestion = page.locator("#rel-other-suggestions button", has_text="داعش صناعة أمريكية")
    expect(suggestion).to_have_count(1)
    suggestion.click()
    expect(page.locator("#relations [data-chosen]")).to_contain_text("داعش صناعة أمريكية")
    page.screenshot(path=str(screenshot_dir / "analysis-dossier-picker-ar.png"), full_page=False)
    page.click("#relations button.primary")
    expect(page.locator("#relations .relation", has_text="داعش صناعة أمريكية")).to_have_count(1)
    page.locator("#relations .relation", has_text="داعش صناعة أمريكية").locator("button").click()
    expect(page.locator("#relations .relation", has_text="داعش صناعة أمريكية")).to_have_count(0)

    page.get_by_role("link", name="أصحاب الادعاءات", exact=True).first.click()
    page.locator("#results tbody a").first.click()
    expect(page.locator(".eyebrow")).to_contain_text("صاحب الادعاء")
    page.get_by_role("link", name="وسائل الإعلام", exact=True).first.click()
    page.locator("#results tbody a", has_text="سانا").click()
    expect(page.locator(".dossier-head h1")).to_contain_text("سانا")

    page.get_by_role("link", name="المصفوفة", exact=True).first.click()
    expect(page.locator("table.matrix")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "analysis-matrix-ar.png"), full_page=True)
    row = page.locator("table.matrix tbody tr", has_text="جريدة البناء")
    row.locator(f'td.cell a[href*="claim={claim.pk}"]').click()
    passages = page.locator("#cell-panel .mention")
    expect(passages).to_have_count(
        claim.annotations.filter(article__outlet__slug="al-binaa").count()
    )
    page.screenshot(path=str(screenshot_dir / "analysis-matrix-cell-ar.png"), full_page=True)
    passages.first.locator("blockquote a").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/#annotation-\d+$"))
    context.close()


def test_english_dossier_and_matrix_read_left_to_right(
    browser: Any, live_server: Any, demo: None, django_user_model: Any, screenshot_dir: Path
) -> None:
    from django.contrib.auth.models import Group

    from articles.infrastructure.permissions import READER

    user = django_user_model.objects.create_user(username="reading", password="pw-for-tests-1")
    user.groups.add(Group.objects.get(name=READER))
    context = login_context(browser, live_server, user, language="en")
    page = context.new_page()
    claim = Claim.objects.get(gloss_en__startswith="The US-led coalition coordinates")
    page.goto(f"/claims/{claim.pk}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    expect(page.locator(".dossier-head h1")).to_have_attribute("dir", "rtl")
    expect(page.locator("#relations form")).to_have_count(0)  # readers see relations, not the forms
    page.screenshot(path=str(screenshot_dir / "analysis-dossier-en.png"), full_page=True)
    page.goto("/matrix/?mode=claimants")
    expect(page.locator("table.matrix")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "analysis-matrix-claimants-en.png"), full_page=True)
    # Without JavaScript a cell is a plain link to its passages.
    href = page.locator("table.matrix td.cell a").first.get_attribute("href")
    page.goto(href)
    expect(page.locator("#passages .mention").first).to_be_visible()
    context.close()
