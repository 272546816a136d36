"""The demo data: the five seeds, attributed as a careful reader would, loaded once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from articles.demo import load_demo
from articles.models import Annotation, Article, Claim, Claimant, ClaimRelation, Outlet

pytestmark = pytest.mark.django_db


def test_loading_the_demo_twice_creates_nothing_twice() -> None:
    first = load_demo()
    counts = [
        m.objects.count() for m in (Outlet, Article, Claimant, Claim, Annotation, ClaimRelation)
    ]
    second = load_demo()
    assert first.total_created > 0
    assert second.total_created == 0
    assert [
        m.objects.count() for m in (Outlet, Article, Claimant, Claim, Annotation, ClaimRelation)
    ] == counts
    assert counts[:2] == [5, 5]


def test_seed_articles_have_their_outlets_authors_and_dates(demo: None) -> None:
    by_outlet = {a.outlet.slug: a for a in Article.objects.select_related("outlet")}
    assert set(by_outlet) == {"youm7", "sana", "baladi-news", "north-pulse", "al-binaa"}
    youm7 = by_outlet["youm7"]
    cairo = timezone.localtime(
        youm7.published_at, timezone=__import__("zoneinfo").ZoneInfo("Africa/Cairo")
    )
    assert (cairo.year, cairo.month, cairo.day, cairo.hour, cairo.minute) == (2018, 10, 16, 19, 5)
    assert youm7.author == "أحمد عرفة"
    assert by_outlet["al-binaa"].published_at.date().isoformat() in {"2017-10-10", "2017-10-11"}
    assert by_outlet["al-binaa"].author == "معن حمية"
    assert by_outlet["baladi-news"].title.endswith("المرتقبة")  # aggregator suffix dropped
    assert "It's Over 9000" in by_outlet["baladi-news"].provenance["raw_title"]
    assert by_outlet["sana"].published_at is None and by_outlet["sana"].title == ""
    assert by_outlet["sana"].body.startswith("دمشق-سانا")


def test_demo_annotations_point_at_their_quotes(demo: None) -> None:
    annotations = list(Annotation.objects.select_related("article"))
    assert len(annotations) >= 10
    for annotation in annotations:
        assert annotation.article.body[annotation.start : annotation.end] == annotation.quote


def test_coordination_claim_is_carried_by_opposing_camps(demo: None) -> None:
    coordination = Claim.objects.get(gloss_en__startswith="The US-led coalition coordinates")
    outlets = set(
        Annotation.objects.filter(claim=coordination).values_list(
            "article__outlet__slug", flat=True
        )
    )
    assert {"sana", "al-binaa", "youm7"} <= outlets
    counter = Claim.objects.get(
        relations_out__to_claim=coordination, relations_out__kind="contradicts"
    )
    assert Annotation.objects.filter(claim=counter, article__outlet__slug="baladi-news").exists()
    konashenkov = Annotation.objects.get(claimant__name_en="Igor Konashenkov")
    assert [s.claimant.name_en for s in konashenkov.chain.all()] == [
        "Al-Binaa", "Russian Ministry of Defence", "Igor Konashenkov",
    ]  # fmt: skip


def test_seed_boilerplate_is_recorded_and_kept_out_of_the_text(demo: None) -> None:
    kinds = {
        a.outlet.slug: {kind for _start, _end, kind in a.boilerplate_spans}
        for a in Article.objects.select_related("outlet")
    }
    assert "comment_box" in kinds["youm7"]
    assert "subscription" in kinds["sana"]
    assert "related_articles" in kinds["baladi-news"]
    assert "comments_closed" in kinds["north-pulse"]
    sana = Article.objects.get(outlet__slug="sana")
    start, end, _kind = sana.boilerplate_spans[0]
    assert "telegram" in sana.body[start:end] and sana.body[start:end] in sana.body
