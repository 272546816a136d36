"""Every page fits a 390 px phone screen: nothing scrolls sideways, in Arabic and in English."""

from __future__ import annotations

from typing import Any

import pytest

from articles.models import Article, Claim, Claimant
from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages() -> list[str]:
    article = Article.objects.order_by("pk").first()
    claim = Claim.objects.order_by("pk").first()
    claimant = Claimant.objects.filter(claims_made__isnull=False).order_by("pk").first()
    assert article and claim and claimant
    return [
        "/",
        f"/articles/{article.pk}/",
        "/search/?q=القوات",
        "/search/?q=zzzzqqq",
        "/claims/",
        f"/claims/{claim.pk}/",
        "/claims/merges/",
        "/claimants/",
        f"/claimants/{claimant.pk}/",
        "/outlets/",
        "/outlets/sana/",
        "/matrix/",
        "/matrix/?mode=claimants",
        "/review/",
        "/review/agreement/",
        "/annotations/import/",
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_page_scrolls_sideways_on_a_phone(
    browser: Any, live_server: Any, demo: None, admin_user: Any, language: str
) -> None:
    context = login_context(browser, live_server, admin_user, language=language)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for path in _pages():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    context.close()
    assert not too_wide


def test_on_a_wide_screen_list_tables_fill_their_column(
    browser: Any, live_server: Any, demo: None, admin_user: Any
) -> None:
    # Tables scroll inside themselves on phones; on a laptop they must not shrink to their
    # content and leave their white background as an empty band beside them.
    context = login_context(browser, live_server, admin_user, language="ar")
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    narrow = {}
    for path in ("/claims/", "/claimants/", "/outlets/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        table, rows = page.evaluate(
            """() => { const t = document.querySelector('table.data-table');
                       return [t.getBoundingClientRect().width,
                               t.querySelector('tr').getBoundingClientRect().width]; }"""
        )
        if rows < table - 1:
            narrow[path] = (table, rows)
    context.close()
    assert not narrow
