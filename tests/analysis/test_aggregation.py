"""The aggregation behind the pages: who was first, counts by stance and framing, matrix cells."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.claims.annotations import annotation_create
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, Outlet
from articles.reports import dossiers, filters, matrix, tallies
from articles.search import short_lists

pytestmark = pytest.mark.django_db


def _article(outlet: Outlet, when: datetime | None, n: int) -> Article:
    body = f"نص الخبر رقم {n} عن دير الزور والتحالف الدولي."
    return Article.objects.create(
        outlet=outlet,
        title=f"خبر {n}",
        body=body,
        content_hash=content_hash("", body),
        published_at=when,
    )


@pytest.fixture
def story() -> dict[str, object]:
    sana = Outlet.objects.create(name_ar="سانا", slug="sana-t", alignment="syrian_state")
    baladi = Outlet.objects.create(name_ar="بلدي", slug="baladi-t", alignment="syrian_opposition")
    binaa = Outlet.objects.create(
        name_ar="البناء", slug="binaa-t", alignment="lebanese_pro_damascus"
    )
    mod = Claimant.objects.create(name_ar="وزارة الدفاع الروسية")
    coalition = Claimant.objects.create(name_ar="التحالف الدولي")
    claim = Claim.objects.create(text_ar="التحالف ينسق مع داعش")
    other = Claim.objects.create(text_ar="روسيا نقلت مقاتلي داعش")
    early, late = datetime(2017, 10, 1, tzinfo=UTC), datetime(2017, 10, 11, tzinfo=UTC)
    a1 = annotation_create(
        article=_article(binaa, late, 1),
        start=0,
        end=7,
        claim=claim,
        claimant=mod,
        framing="endorses",
    )
    a2 = annotation_create(
        article=_article(sana, early, 2),
        start=0,
        end=7,
        claim=claim,
        claimant=mod,
        framing="endorses",
    )
    a3 = annotation_create(
        article=_article(baladi, None, 3),
        start=0,
        end=7,
        claim=claim,
        claimant=coalition,
        stance="denies",
        framing="disputes",
    )
    a4 = annotation_create(
        article=_article(sana, late, 4),
        start=0,
        end=7,
        claim=other,
        claimant=coalition,
        stance="reports",
    )
    return {
        "claim": claim,
        "other": other,
        "sana": sana,
        "baladi": baladi,
        "binaa": binaa,
        "mod": mod,
        "coalition": coalition,
        "mentions": [a1, a2, a3, a4],
    }


def test_the_earliest_dated_mention_is_first_and_undated_ones_come_last(story: dict) -> None:
    spread = dossiers.claim_spread(story["claim"])
    assert (
        spread.first and spread.first.pk == story["mentions"][1].pk
    )  # SANA on 1 October, before Al-Binaa on the 11th
    assert [o.outlet for o in spread.outlets] == [story["sana"], story["binaa"], story["baladi"]]
    assert spread.undated_count == 1
    assert [o.outlet for o in spread.undated] == [story["baladi"]]
    assert spread.outlets[-1].first_date is None


def test_counts_by_stance_and_framing(story: dict) -> None:
    tally = tallies.stance_counts(Annotation.objects.filter(claim=story["claim"]))
    assert tally.stance == {"asserts": 2, "denies": 1}
    assert tally.framing == {"endorses": 2, "disputes": 1}
    assert tally.total == 3
    assert tally.dominant_stance == "asserts"
    assert [(v, n) for v, _label, n in tally.stance_items] == [("asserts", 2), ("denies", 1)]


def test_matrix_cells_count_by_outlet_and_claim(story: dict) -> None:
    table = matrix.matrix(Annotation.objects.all(), mode="outlets")
    sana = story["sana"].pk
    assert table.cell(sana, story["claim"].pk).stance == {"asserts": 1}
    assert table.cell(sana, story["other"].pk).stance == {"reports": 1}
    assert table.cell(story["baladi"].pk, story["other"].pk) is None
    assert table.claims[0] == story["claim"]  # the most mentioned claim comes first
    assert table.rows[0].key == sana and table.rows[0].tally.total == 2
    assert table.max_cell == 1


def test_matrix_of_claimants_and_the_limit_on_claims(story: dict) -> None:
    table = matrix.matrix(Annotation.objects.all(), mode="claimants", max_claims=1)
    assert [c.pk for c in table.claims] == [story["claim"].pk]
    assert table.total_claims == 2
    assert table.cell(story["mod"].pk, story["claim"].pk).total == 2
    assert table.cell(story["coalition"].pk, story["claim"].pk).stance == {"denies": 1}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"alignment": "syrian_state"}, 2),
        ({"date_from": "2017-10-05"}, 2),  # the undated mention is left out of a date range
        ({"date_to": "2017-10-05"}, 1),
        ({"review_status": "confirmed"}, 0),
        ({}, 4),
    ],
)
def test_filters(story: dict, params: dict[str, str], expected: int) -> None:
    form = filters.MentionFilterForm(params)
    assert form.is_valid(), form.errors
    assert filters.filter_mentions(Annotation.objects.all(), form).count() == expected


def test_tag_filter_matches_claim_tags_and_annotation_tags(story: dict) -> None:
    from articles.models import Tag

    tag = Tag.objects.create(name="دير الزور", slug="deir")
    story["other"].tags.add(tag)
    story["mentions"][0].tags.add(tag)
    form = filters.MentionFilterForm({"tag": "deir"})
    assert form.is_valid()
    found = set(filters.filter_mentions(Annotation.objects.all(), form))
    assert found == {story["mentions"][0], story["mentions"][3]}


def test_activity_over_time_fills_empty_months_and_counts_undated(story: dict) -> None:
    activity = tallies.activity_over_time(Annotation.objects.all())
    assert sum(n for _l, n in activity.points) == 3 and activity.undated == 1
    assert len(activity.points) == 1  # all in October 2017


def test_search_matches_normalized_arabic() -> None:
    rows = [
        (1, "القوات الأمريكية", ""),
        (2, "روسيا", "Russia"),
        (3, "داعش", ["تنظيم الدولة", "ISIS"]),
    ]
    assert short_lists.search_ids(rows, "الامريكيه") == [1]
    assert short_lists.search_ids(rows, "russia") == [2]
    assert short_lists.search_ids(rows, "تنظيم الدوله") == [3]
    assert short_lists.search_ids(rows, "وروسيا") == [2]
    assert short_lists.search_ids(rows, "فرنسا") == []
