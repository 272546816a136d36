"""The admin's source pages: health list, the test page, rules on the outlet, poll now."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Outlet, OutletRules, Source
from tests.feeds.site import Site, article_page, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlet(db: None) -> Outlet:
    return Outlet.objects.create(
        name_ar="سانا", name_en="SANA", slug="sana", timezone="Asia/Damascus"
    )


@pytest.fixture
def boss(client: Client, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


def test_the_source_list_shows_health_last_error_and_next_poll(
    boss: Client, outlet: Outlet
) -> None:
    Source.objects.create(outlet=outlet, url="https://a.example/feed", consecutive_failures=2,
                          last_error="malformed XML: boom", next_poll_at=timezone.now())  # fmt: skip
    Source.objects.create(outlet=outlet, url="https://b.example/feed", paused=True)
    page = boss.get(reverse("admin:articles_source_changelist")).text
    assert "failing (2 in a row)" in page and "malformed XML: boom" in page
    assert "paused" in page
    assert reverse("admin:articles_source_test", args=[Source.objects.first().pk]) in page


def test_the_test_page_shows_what_would_be_imported_without_importing(
    boss: Client, outlet: Outlet, site: Site
) -> None:
    url = site.add("/sana/news/1", article_page("sana", 1, author="رامي حسن"))
    feed = Source.objects.create(outlet=outlet, url=site.add("/feed", rss([{"link": url}])))
    page = boss.get(reverse("admin:articles_source_test", args=[feed.pk])).text
    assert "would be imported" in page and "رامي حسن" in page
    assert Article.objects.count() == 0


def test_the_test_action_reports_a_broken_source(boss: Client, outlet: Outlet, site: Site) -> None:
    feed = Source.objects.create(
        outlet=outlet, url=site.add("/html", "<html><body>x</body></html>")
    )
    response = boss.post(
        reverse("admin:articles_source_changelist"),
        {"action": "test_sources", "_selected_action": [feed.pk]},
    )
    assert response.status_code == 200
    assert "HTML page, not a feed" in response.text
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0


def test_rules_are_edited_on_the_outlet_and_bad_selectors_refused(
    boss: Client, outlet: Outlet
) -> None:
    url = reverse("admin:articles_outlet_change", args=[outlet.pk])
    form = {
        "name_ar": outlet.name_ar, "name_en": outlet.name_en, "slug": outlet.slug, "kind": outlet.kind,
        "alignment": outlet.alignment, "timezone": outlet.timezone, "domains": "", "source_ids": "",
        "signatures": "",
        "rules-TOTAL_FORMS": "1", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1", "rules-0-body_selector": "div.entry-content",
        "rules-0-drop_selectors": ".share\n.related", "rules-0-timezone": "Asia/Damascus",
        "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0", "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    bad = boss.post(url, {**form, "rules-0-author_selector": "div[[["})
    assert bad.status_code == 200 and "Not a valid CSS selector" in bad.text
    assert not OutletRules.objects.exists()
    ok = boss.post(url, form)
    assert ok.status_code == 302
    rules = OutletRules.objects.get(outlet=outlet)
    assert rules.drop_list == (".share", ".related")


def test_poll_now_makes_the_sources_due_and_queues_the_worker(boss: Client, outlet: Outlet) -> None:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    feed = Source.objects.create(outlet=outlet, url="https://a.example/feed", paused=True)
    boss.post(
        reverse("admin:articles_source_changelist"),
        {"action": "poll_now", "_selected_action": [feed.pk]},
    )
    feed.refresh_from_db()
    assert not feed.paused and feed.next_poll_at <= timezone.now()
    assert DBTaskResult.objects.filter(
        task_path="articles.tasks.poll_sources", status=TaskResultStatus.READY
    ).exists()


def test_a_source_is_added_in_the_admin_and_its_page_shows_its_last_poll(
    boss: Client, outlet: Outlet
) -> None:
    add = reverse("admin:articles_source_add")
    assert boss.get(add).status_code == 200
    response = boss.post(
        add,
        {"outlet": outlet.pk, "url": "https://sana.sy/feed", "kind": "auto", "poll_interval": 20},
    )
    assert response.status_code == 302
    feed = Source.objects.get()
    feed.last_report = {"status": "failed", "error": "malformed XML: line 3"}
    feed.save()
    page = boss.get(reverse("admin:articles_source_change", args=[feed.pk])).text
    assert "malformed XML: line 3" in page
    for name in ("feeditem", "fetchedpage", "articleversion"):
        assert boss.get(reverse(f"admin:articles_{name}_changelist")).status_code == 200
