"""How dates and choice labels read on the page: the fast paths give what Django's own would."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from django.utils import formats, translation

from articles.models import Annotation, Article, Outlet
from articles.templatetags.reading import published_display


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    ("zone", "moment", "shows_time"),
    [
        ("Asia/Riyadh", datetime(2015, 7, 20, 21, 0, tzinfo=UTC), False),  # local midnight
        ("Asia/Riyadh", datetime(2015, 7, 21, 6, 5, tzinfo=UTC), True),
        ("Asia/Damascus", datetime(2012, 1, 31, 23, 59, tzinfo=UTC), True),
        ("Not/AZone", datetime(987, 12, 1, 0, 0, tzinfo=UTC), False),  # unknown zone: UTC
    ],
)
def test_published_display_matches_djangos_date_format(
    language: str, zone: str, moment: datetime, shows_time: bool
) -> None:
    article = Article(outlet=Outlet(timezone=zone), published_at=moment)
    with translation.override(language):
        shown = published_display(article)
        try:
            local = moment.astimezone(ZoneInfo(zone))
        except ZoneInfoNotFoundError:
            local = moment
        comma = "،" if language == "ar" else ","  # the interface's own comma (issue 18)
        expected = formats.date_format(local, f"j F Y{comma} H:i" if shows_time else "j F Y")
    assert shown == expected
    assert (comma in shown) is shows_time


def test_published_display_names_the_month_in_the_page_language() -> None:
    article = Article(outlet=Outlet(timezone="UTC"), published_at=datetime(2015, 5, 3, tzinfo=UTC))
    with translation.override("ar"):
        arabic = published_display(article)
    with translation.override("en"):
        english = published_display(article)
    assert english == "3 May 2015"
    assert arabic != english and arabic.startswith("3 ") and arabic.endswith(" 2015")


def test_choice_labels_follow_the_language_and_keep_unknown_values() -> None:
    outlet = Outlet(alignment=Outlet.Alignment.SYRIAN_STATE)
    with translation.override("en"):
        assert outlet.get_alignment_display() == "Syrian state media"
    with translation.override("ar"):
        arabic = outlet.get_alignment_display()
    assert arabic and arabic != "Syrian state media"
    assert Annotation(stance="no-such-stance").get_stance_display() == "no-such-stance"
