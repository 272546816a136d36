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
