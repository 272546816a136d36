"""Copies arriving by feed or pasted address: another outlet's identical text is stored as a
copy of the original, the same outlet's is a duplicate, through the same pipeline as uploads."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from articles.ingest.polling import import_url, poll_source
from articles.models import Article, ArticleVersion, FeedItem, Outlet
from articles.views.sources import render_report_summary
from tests.feeds.site import Site, article_page, rss
from tests.feeds.test_polling import fetcher, outlets, source  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

TITLE = "الأمم المتحدة: ارتفاع عدد النازحين في الشمال"
PARAGRAPHS = [
    "قالت الأمم المتحدة اليوم إن عدد النازحين في شمال البلاد ارتفع إلى أكثر من مئة ألف شخص "
    "خلال الأسبوع الماضي، بسبب استمرار المعارك في محيط المدن الكبرى.",
    "وأضاف المتحدث باسم المنظمة أن فرق الإغاثة تواجه صعوبات في الوصول إلى المناطق المتضررة، "
    "داعيا جميع الأطراف إلى فتح ممرات آمنة للمدنيين وضمان وصول المساعدات الإنسانية.",
    "وأشار إلى أن المخيمات القائمة تجاوزت طاقتها الاستيعابية، وأن المنظمة تحتاج إلى تمويل "
    "عاجل لتأمين الخيام والمياه والغذاء قبل حلول فصل الشتاء.",
]


def feed_of(site: Site, outlet: str, n: int) -> tuple[str, str]:
    page = article_page(outlet, n, title=TITLE, paragraphs=PARAGRAPHS, author=None)
    url = site.add(f"/{outlet}/news/{n}", page)
    return url, site.add(f"/f/{outlet}/{n}", rss([{"title": TITLE, "link": url, "guid": url}]))


def test_a_feed_copy_from_another_outlet_is_stored_and_linked(
    site: Site,
    outlets: dict[str, Outlet],  # noqa: F811
) -> None:
    _, feed_a = feed_of(site, "sana", 1)
    url_b, feed_b = feed_of(site, "north-pulse", 2)
    poll_source(source(outlets["sana"], feed_a), fetcher=fetcher())
    report = poll_source(source(outlets["north-pulse"], feed_b), fetcher=fetcher())
    original = Article.objects.get(outlet__slug="sana")
    copy = Article.objects.get(outlet__slug="north-pulse")
    assert copy.body == original.body, "the two layouts should give the same text"
    assert copy.copy_of == original
    [outcome] = report.pages
    assert (outcome.status, outcome.copy_of, outcome.article_id) == (
        "imported",
        original.pk,
        copy.pk,
    )
    assert report.summary()["copies"] == 1
    with translation.override("en"):
        assert "(1 copy)" in render_report_summary(report.summary())
    assert FeedItem.objects.get(url=url_b).article == copy
    assert ArticleVersion.objects.filter(article=copy, number=1).exists()


def test_the_same_outlet_listing_the_text_at_a_new_address_is_a_duplicate(
    site: Site,
    outlets: dict[str, Outlet],  # noqa: F811
) -> None:
    _, feed_a = feed_of(site, "sana", 1)
    _, feed_again = feed_of(site, "sana", 2)
    poll_source(source(outlets["sana"], feed_a), fetcher=fetcher())
    report = poll_source(source(outlets["sana"], feed_again), fetcher=fetcher())
    [outcome] = report.pages
    assert outcome.status == "duplicate" and "same outlet and text" in outcome.reason
    assert Article.objects.count() == 1


def test_a_pasted_address_of_a_copy_is_stored_as_a_copy(
    site: Site,
    outlets: dict[str, Outlet],  # noqa: F811
    admin_user: Any,
) -> None:
    _, feed_a = feed_of(site, "sana", 1)
    poll_source(source(outlets["sana"], feed_a), fetcher=fetcher())
    original = Article.objects.get()
    page = article_page("north-pulse", 9, title=TITLE, paragraphs=PARAGRAPHS, author=None)
    url_b = site.add("/north-pulse/news/9", page)
    outcome = import_url(url_b, user=admin_user, outlet=outlets["north-pulse"], fetcher=fetcher())
    assert outcome.copy_of == original.pk
    assert Article.objects.get(pk=outcome.article_id).copy_of == original
