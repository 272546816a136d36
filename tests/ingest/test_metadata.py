"""Metadata read from the five seeds: outlet, author, date, clean title, boilerplate."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from articles.ingest.metadata import find_text_date, split_plain_text, strip_aggregator_suffix
from articles.models import Article
from tests.ingest.conftest import SEEDS


@pytest.fixture
def seeds_imported(run_import: Any, outlets: Any) -> dict[str, Article]:
    # The Youm7 seed carries no outlet name at all (see fixtures/seeds/README): the admin names
    # its outlet for that upload; the four others are recognised from their own text.
    run_import(SEEDS / "000_398f31dbc2a75417.txt", outlet=outlets["youm7"])
    batch = run_import(*sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("000")))
    assert batch.created == 4
    return {a.provenance["file"].rsplit("/", 1)[1][:3]: a for a in Article.objects.all()}


def kinds(article: Article) -> dict[str, str]:
    return {kind: article.body[start:end] for start, end, kind in article.boilerplate_spans}


def test_youm7_seed_date_pm_byline_repeated_title_and_comment_box(seeds_imported: Any) -> None:
    a = seeds_imported["000"]
    assert a.outlet.slug == "youm7"
    assert a.author == "أحمد عرفة"
    assert a.published_at == datetime(2018, 10, 16, 19, 5, tzinfo=ZoneInfo("Africa/Cairo"))
    assert "الثلاثاء، 16 أكتوبر 2018 07:05 م" in a.published_at_source
    assert a.title.startswith("لهذا صعدت القوات الأمريكية")
    found = kinds(a)
    assert found["date_line"] == "الثلاثاء، 16 أكتوبر 2018 07:05 م"
    assert found["repeated_title"] == a.title
    assert found["comment_box"] == "اضف تعليق"
    assert [s[2] for s in a.boilerplate_spans].count("comment_box") == 2


def test_sana_seed_dateline_is_not_a_title_and_footer_is_boilerplate(seeds_imported: Any) -> None:
    a = seeds_imported["001"]
    assert a.outlet.slug == "sana"
    assert a.title == "" and a.body.startswith("دمشق-سانا\n")
    assert a.provenance["dateline"] == {"text": "دمشق-سانا", "place": "دمشق", "agency": "سانا"}
    assert a.published_at is None and a.published_at_source == "no date found"
    footer = kinds(a)["subscription"]
    assert footer.startswith("تابعوا آخر الأخبار") and footer.endswith("على الرابط:")


def test_baladi_seed_aggregator_suffix_parenthesised_byline_related_list(
    seeds_imported: Any,
) -> None:
    a = seeds_imported["002"]
    assert a.outlet.slug == "baladi-news"
    assert a.title == 'مقاتلو "الدولة".. ورقة التحالف وروسيا بمعركة جنوب سوريا المرتقبة'
    assert a.provenance["raw_title"].endswith(" - It's Over 9000!")
    assert a.provenance["aggregator_suffix"] == "It's Over 9000!"
    assert a.author == "كنان سلطان"
    related = kinds(a)["related_articles"]
    assert related.startswith("مقالات ذات صلة") and related.endswith('من "التحالف"')


def test_north_pulse_seed_signature_and_wordpress_footer(seeds_imported: Any) -> None:
    a = seeds_imported["003"]
    assert a.outlet.slug == "north-pulse"
    assert a.provenance["outlet"] == "text signature: نورث بالس"
    assert a.author == "" and a.published_at is None
    found = kinds(a)
    assert found["signature"] == "نورث بالس"
    assert found["comments_closed"].startswith("التعليقات مغلقة")


def test_al_binaa_seed_added_on_date_and_author_line(seeds_imported: Any) -> None:
    a = seeds_imported["004"]
    assert a.outlet.slug == "al-binaa"
    assert a.author == "معن حمية"
    assert a.published_at == datetime(2017, 10, 11, tzinfo=ZoneInfo("Asia/Beirut"))
    assert a.published_at_source == "text: أضيف بتاريخ :2017/10/11 (Asia/Beirut time)"
    assert kinds(a) == {"signature": "جريدة البناء", "date_line": "أضيف بتاريخ :2017/10/11"}


def test_boilerplate_is_left_out_of_search(seeds_imported: Any) -> None:
    from django.db import connection

    a = seeds_imported["001"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [a.pk])
        vector = cursor.fetchone()[0]
    assert "telegram" not in vector.lower()
    assert "الرق" in vector


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأحد، 3 آب 2025 - 10:30 ص", datetime(2025, 8, 3, 10, 30)),
        ("16 تشرين الأول 2019 12:15 م", datetime(2019, 10, 16, 12, 15)),
        ("الخميس ١٢ كانون الثاني ٢٠٢٣", datetime(2023, 1, 12)),
        ("أضيف بتاريخ :2017/10/11", datetime(2017, 10, 11)),
        ("نشر في 02-03-2019 14:10", datetime(2019, 3, 2, 14, 10)),
        ("12 شباط 2020 12:05 ص", datetime(2020, 2, 12, 0, 5)),
    ],
)
def test_arabic_dates_with_levantine_months_and_am_pm(text: str, expected: datetime) -> None:
    found = find_text_date(text)
    assert found is not None and found.value == expected


def test_no_date_from_relative_words() -> None:
    assert find_text_date("في شهر آب الجاري، يوم الأحد") is None


def test_title_without_arabic_keeps_its_dash_suffix() -> None:
    assert strip_aggregator_suffix("Syria - BBC News") == ("Syria - BBC News", "")
    assert strip_aggregator_suffix("خبر عاجل - الجزيرة") == ("خبر عاجل - الجزيرة", "")


def test_split_matches_the_demo_loader(tmp_path: Path) -> None:
    from articles.demo import split_title

    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        title, body, has_title = split_plain_text(text)
        assert (title, body) == split_title(text, has_title_line=has_title)
