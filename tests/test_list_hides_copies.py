"""The article list can leave out word-for-word copies of another outlet's article
(`?copies=hide`): its count, its pages, its pager links and the article page's previous/next
follow the filter; near-duplicates (an outlet's own edit of a text) stay listed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.ingest.fingerprint import content_hash
from articles.models import Article, Outlet

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2024, 5, 1, 8, tzinfo=dt.UTC)


def _article(outlet: Outlet, body: str, hours: int, **fields: Any) -> Article:
    return Article.objects.create(
        outlet=outlet,
        title=body[:30],
        body=body,
        content_hash=content_hash("", body),
        published_at=WHEN + dt.timedelta(hours=hours),
        **fields,
    )


@pytest.fixture
def reader_client(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def syndicated(db: None) -> dict[str, Any]:
    agency = Outlet.objects.create(name_ar="الوكالة", slug="agency")
    paper = Outlet.objects.create(name_ar="الصحيفة", slug="paper")
    originals, copies = [], []
    for i in range(30):
        text = f"نص الخبر رقم {i} كما وزعته الوكالة على المشتركين."
        original = _article(agency, text, hours=2 * i)
        originals.append(original)
        copies.append(_article(paper, text, hours=2 * i + 1, copy_of=original))
    edited = _article(
        paper, "نص الخبر رقم 3 كما حررته الصحيفة بعد التعديل.", 100, near_duplicate_of=originals[3]
    )
    return {"originals": originals, "copies": copies, "edited": edited}


def _count(page: str) -> int:
    """The list's "N articles" line (in whichever language the page speaks)."""
    found = re.search(r'<p class="count">[^<\d]*(\d[\d,]*)', page)
    assert found, "no count line"
    return int(found.group(1).replace(",", ""))


def test_list_hides_word_for_word_copies_but_keeps_near_duplicates(
    reader_client: Client, syndicated: dict[str, Any]
) -> None:
    copies = {a.pk for a in syndicated["copies"]}
    every = reader_client.get(reverse("article_list")).text
    assert _count(every) == 61
    hidden = reader_client.get(reverse("article_list"), {"copies": "hide"}).text
    assert _count(hidden) == 31
    assert 'name="copies" value="hide" checked' in hidden
    for pk in copies:
        assert f'href="/articles/{pk}/?' not in hidden
    assert f'href="/articles/{syndicated["edited"].pk}/?' in hidden
    # With an outlet chosen too: the paper's own article only.
    paper = reader_client.get(reverse("article_list"), {"outlet": "paper", "copies": "hide"}).text
    assert (
        paper.count('class="article-row"') == 1
        and f'href="/articles/{syndicated["edited"].pk}/?' in paper
    )


def test_pager_links_keep_the_copies_filter(
    reader_client: Client, syndicated: dict[str, Any]
) -> None:
    first = reader_client.get(reverse("article_list"), {"copies": "hide"}).text
    assert 'rel="next" href="?copies=hide&amp;page=2"' in first
    second = reader_client.get(reverse("article_list"), {"copies": "hide", "page": "2"}).text
    assert 'rel="prev" href="?copies=hide&amp;page=1"' in second
    both = reader_client.get(reverse("article_list"), {"outlet": "agency", "copies": "hide"}).text
    assert 'href="?outlet=agency&amp;copies=hide&amp;page=2"' in both


def test_previous_and_next_skip_copies_when_the_list_hid_them(
    reader_client: Client, syndicated: dict[str, Any]
) -> None:
    originals = syndicated["originals"]
    # Newest first, copies hidden: originals[5] is followed by originals[4], not by the copy
    # of originals[4] published an hour later.
    response = reader_client.get(
        reverse("article_detail", args=[originals[5].pk]), {"from": "/?copies=hide"}
    )
    assert response.context["following"] == originals[4]
    assert response.context["preceding"] == originals[6]
    shown = reader_client.get(reverse("article_detail", args=[originals[5].pk]), {"from": "/"})
    assert shown.context["following"] == syndicated["copies"][4]
    assert shown.context["preceding"] == syndicated["copies"][5]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_ticks_hide_copies_and_the_list_keeps_only_originals_in_the_browser(
    browser: Any, live_server: Any, user: Any, screenshot_dir: Path
) -> None:
    from playwright.sync_api import expect

    from tests.conftest import login_context

    agency = Outlet.objects.create(name_ar="الوكالة", slug="agency")
    paper = Outlet.objects.create(name_ar="الصحيفة", slug="paper")
    for i in range(3):
        text = f"نص الخبر رقم {i} كما وزعته الوكالة على المشتركين."
        original = _article(agency, text, hours=2 * i)
        _article(paper, text, hours=2 * i + 1, copy_of=original)
    context = login_context(browser, live_server, user)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator(".article-row")).to_have_count(6)
    expect(page.locator(".article-row .badge.copy")).to_have_count(3)
    page.get_by_role("checkbox").check()
    expect(page.locator(".article-row")).to_have_count(3)
    expect(page.locator(".article-row .badge.copy")).to_have_count(0)
    assert "copies=hide" in page.url
    page.screenshot(path=str(screenshot_dir / "list-hide-copies.png"), full_page=True)
    page.reload()  # the address alone brings the filtered list back, box ticked
    expect(page.locator(".article-row")).to_have_count(3)
    expect(page.get_by_role("checkbox")).to_be_checked()
    context.close()
