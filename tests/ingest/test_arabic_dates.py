"""Dates as Arabic, English and French news pages print them."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from articles.ingest.arabic_dates import (
    find_dates,
    gregorian_to_hijri,
    hijri_to_gregorian,
    parse_date_text,
)

NOW = datetime(2024, 3, 7, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Levantine / Iraqi month names
        ("5 كانون الثاني 2024", date(2024, 1, 5)),
        ("12 شباط 2024", date(2024, 2, 12)),
        ("7 آذار 2024", date(2024, 3, 7)),
        ("1 نيسان 2023", date(2023, 4, 1)),
        ("20 أيار 2023", date(2023, 5, 20)),
        ("19 حزيران 2024", date(2024, 6, 19)),
        ("3 تموز 2022", date(2022, 7, 3)),
        ("15 آب 2021", date(2021, 8, 15)),
        ("9 أيلول 2020", date(2020, 9, 9)),
        ("16 تشرين الأول 2019", date(2019, 10, 16)),
        ("30 تشرين الثاني 2023", date(2023, 11, 30)),
        ("27 كانون الأول 2023", date(2023, 12, 27)),
        # Maghreb month names
        ("2 جانفي 2024", date(2024, 1, 2)),
        ("17 فيفري 2023", date(2023, 2, 17)),
        ("8 مارس 2023", date(2023, 3, 8)),
        ("12 أفريل 2023", date(2023, 4, 12)),
        ("1 ماي 2023", date(2023, 5, 1)),
        ("21 جوان 2023", date(2023, 6, 21)),
        ("5 جويلية 2023", date(2023, 7, 5)),
        ("20 أوت 2023", date(2023, 8, 20)),
        ("3 شتنبر 2023", date(2023, 9, 3)),
        ("14 نونبر 2023", date(2023, 11, 14)),
        ("25 دجنبر 2023", date(2023, 12, 25)),
        # Egyptian / Gulf forms
        ("الثلاثاء، 16 أكتوبر 2018", date(2018, 10, 16)),
        ("10 يناير 2024", date(2024, 1, 10)),
        ("4 فبراير 2024", date(2024, 2, 4)),
        ("22 أغسطس 2023", date(2023, 8, 22)),
        ("1 يونيو 2023", date(2023, 6, 1)),
        ("7 ديسمبر 2023", date(2023, 12, 7)),
        # Arabic-Indic digits
        ("الأحد، ٣ مارس ٢٠٢٤", date(2024, 3, 3)),
        ("٠٥ كانون الثاني ٢٠٢٤", date(2024, 1, 5)),
        # English and French
        ("March 5, 2024", date(2024, 3, 5)),
        ("5 mars 2024", date(2024, 3, 5)),
    ],
)
def test_every_month_family_reads_to_the_right_day(text: str, expected: date) -> None:
    found = parse_date_text(text)
    assert found is not None and found.value.date() == expected


def test_twelve_hour_clock_with_arabic_pm_marker() -> None:
    found = parse_date_text("الثلاثاء، 16 أكتوبر 2018 07:05 م")
    assert found is not None and found.value == datetime(2018, 10, 16, 19, 5) and found.has_time


def test_arabic_indic_time_with_morning_marker() -> None:
    found = parse_date_text("الأحد، ٣ مارس ٢٠٢٤ ١٢:١٥ ص")
    assert found is not None and found.value == datetime(2024, 3, 3, 0, 15)


def test_time_after_words_between_date_and_clock() -> None:
    found = parse_date_text("السبت 2 جانفي 2021 على الساعة 14:30")
    assert found is not None and found.value == datetime(2021, 1, 2, 14, 30)


def test_two_month_families_side_by_side() -> None:
    found = parse_date_text("الأحد 5 آذار/مارس 2023 الساعة 9:15 مساءً")
    assert found is not None and found.value == datetime(2023, 3, 5, 21, 15)


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [
        ((1445, 9, 1), date(2024, 3, 11)),  # 1 Ramadan 1445
        ((1445, 10, 1), date(2024, 4, 10)),  # Eid al-Fitr 1445
        ((1444, 9, 1), date(2023, 3, 23)),
        ((1, 1, 1), date(622, 7, 19)),  # the civil epoch
    ],
)
def test_tabular_hijri_conversion(hijri: tuple[int, int, int], gregorian: date) -> None:
    assert hijri_to_gregorian(*hijri) == gregorian


def test_hijri_conversion_round_trips() -> None:
    rng = random.Random(16)
    for _ in range(500):
        day = date.fromordinal(
            rng.randint(date(1950, 1, 1).toordinal(), date(2080, 1, 1).toordinal())
        )
        assert hijri_to_gregorian(*gregorian_to_hijri(day)) == day


def test_hijri_only_date_is_converted() -> None:
    found = parse_date_text("الجمعة 12 رمضان 1445هـ")
    assert found is not None and found.kind == "hijri" and found.value.date() == date(2024, 3, 22)


def test_gregorian_beside_hijri_wins() -> None:
    found = parse_date_text("الخميس 26 شعبان 1445هـ 07 مارس 2024م")
    assert (
        found is not None and found.kind == "gregorian" and found.value.date() == date(2024, 3, 7)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("منذ ساعتين", datetime(2024, 3, 7, 10, 0)),
        ("منذ ساعة", datetime(2024, 3, 7, 11, 0)),
        ("منذ 3 ساعات", datetime(2024, 3, 7, 9, 0)),
        ("منذ ٥ دقائق", datetime(2024, 3, 7, 11, 55)),
        ("منذ 11 ساعة", datetime(2024, 3, 7, 1, 0)),
        ("منذ يومين", datetime(2024, 3, 5)),
        ("أمس", datetime(2024, 3, 6)),
        ("2 hours ago", datetime(2024, 3, 7, 10, 0)),
        ("il y a 3 heures", datetime(2024, 3, 7, 9, 0)),
    ],
)
def test_relative_dates_count_back_from_the_fetch_time(text: str, expected: datetime) -> None:
    found = parse_date_text(text, now=NOW)
    assert found is not None and found.value == expected


def test_relative_dates_are_not_guessed_without_a_fetch_time() -> None:
    assert parse_date_text("منذ ساعتين") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أضيف بتاريخ :2017/10/11", datetime(2017, 10, 11)),
        ("تاريخ النشر: 2024-03-05 14:30", datetime(2024, 3, 5, 14, 30)),
        ("05/03/2024", datetime(2024, 3, 5)),
    ],
)
def test_numeric_stamps_read_day_first(text: str, expected: datetime) -> None:
    found = parse_date_text(text)
    assert found is not None and found.value == expected


def test_impossible_dates_are_ignored() -> None:
    assert parse_date_text("31 شباط 2024") is None
    assert find_dates("لا تاريخ هنا") == []
