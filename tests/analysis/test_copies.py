"""Word-for-word copies in the reports: the matrix counts them for the outlet that published
them unless left out, the cell lists what they carry, both article pages link each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.claims.annotations import annotation_create
from articles.ingest.fingerprint import content_hash
from articles.models import Article, Claim, Claimant, Outlet
from articles.reports.filters import MentionFilterForm
from articles.reports.matrix import filtered_matrix

pytestmark = pytest.mark.django_db

BODY = "قالت وزارة الدفاع إن القوات انسحبت من المدينة بعد معارك استمرت ثلاثة أيام."


@dataclass
class Copies:
    claim: Claim
    original: Article
    copy: Article  # no annotations of its own: carries the original's
    annotated_copy: Article  # annotated in its own right: counts its own
    outlets: dict[str, Outlet]


def article(outlet: Outlet, *, copy_of: Article | None = None, day: int = 1) -> Article:
    return Article.objects.create(
        outlet=outlet,
        title=f"خبر {outlet.slug}",
        body=BODY,
        content_hash=content_hash("", BODY),
        published_at=f"2024-03-0{day}T10:00:00Z",
        copy_of=copy_of,
    )


@pytest.fixture
def copies(db: None) -> Copies:
    outlets = {
        slug: Outlet.objects.create(name_ar=name, slug=slug, alignment=alignment)
        for slug, name, alignment in [
            ("first", "الوسيلة الأولى", "syrian_state"),
            ("second", "الوسيلة الثانية", "syrian_opposition"),
            ("third", "الوسيلة الثالثة", "syrian_state"),
        ]
    }
    claim = Claim.objects.create(text_ar="القوات انسحبت من المدينة")
    claimant = Claimant.objects.create(name_ar="وزارة الدفاع")
    original = article(outlets["first"])
    copy = article(outlets["second"], copy_of=original, day=2)
    annotated_copy = article(outlets["third"], copy_of=original, day=3)
    for target, stance in ((original, "asserts"), (annotated_copy, "questions")):
        annotation_create(
            article=target, start=0, end=20, claim=claim, claimant=claimant, stance=stance
        )
    return Copies(claim, original, copy, annotated_copy, outlets)


def cells(query: dict[str, str] | None = None, **kwargs: Any) -> dict[str, int]:
    form = MentionFilterForm(query or None)
    table = filtered_matrix(form=form, mode="outlets", max_claims=15, **kwargs)
    return {
        row.label: tally.total
        for row, row_cells in table.grid
        for _claim, tally in row_cells
        if tally is not None
    }


def test_the_matrix_counts_a_copy_for_its_outlet_unless_copies_are_left_out(
    copies: Copies,
) -> None:
    assert cells() == {"الوسيلة الأولى": 1, "الوسيلة الثانية": 1, "الوسيلة الثالثة": 1}
    assert cells(copies=False) == {"الوسيلة الأولى": 1, "الوسيلة الثالثة": 1}
    included = filtered_matrix(form=None, mode="outlets", max_claims=15)
    assert (included.copies, included.carried) == (True, 1)


def test_a_copy_annotated_in_its_own_right_counts_its_own_mentions_only(copies: Copies) -> None:
    [mention] = copies.annotated_copy.annotations.all()
    mention.delete()
    assert cells()["الوسيلة الثالثة"] == 1  # now it carries the original's
    table = filtered_matrix(form=None, mode="outlets", max_claims=15)
    assert table.carried == 2


def test_date_and_alignment_filters_apply_to_the_copy_not_to_the_original(
    copies: Copies,
) -> None:
    opposition = cells({"alignment": "syrian_opposition"})
    assert opposition == {"الوسيلة الثانية": 1}
    assert "الوسيلة الثانية" not in cells({"date_from": "2024-03-03"})
    assert "الوسيلة الثانية" in cells({"date_from": "2024-03-02", "date_to": "2024-03-02"})


def test_claimant_rows_count_each_text_once(copies: Copies) -> None:
    table = filtered_matrix(form=None, mode="claimants", max_claims=15)
    assert [row.tally.total for row in table.rows] == [2] and not table.copies


def test_the_matrix_page_says_how_copies_are_counted_and_toggles(
    client: Client, admin_user: Any, copies: Copies
) -> None:
    client.force_login(admin_user)
    page = client.get(reverse("matrix_page")).content.decode()
    assert "Copies counted (the default)" in page and "الوسيلة الثانية" in page
    assert "1 of the mentions counted here is carried by a copy." in page
    page = client.get(reverse("matrix_page"), {"copies": "exclude"}).content.decode()
    assert "Copies left out" in page and "الوسيلة الثانية" not in page


def test_a_matrix_cell_lists_the_passages_a_copy_carries(
    client: Client, admin_user: Any, copies: Copies
) -> None:
    client.force_login(admin_user)
    query = {"row": copies.outlets["second"].pk, "claim": copies.claim.pk}
    page = client.get(reverse("matrix_cell"), query).content.decode()
    assert "Carried word for word: 1 passage" in page
    assert reverse("article_detail", args=[copies.copy.pk]) in page
    assert reverse("article_detail", args=[copies.original.pk]) in page
    left_out = client.get(reverse("matrix_cell"), {**query, "copies": "exclude"})
    assert "Carried word for word" not in left_out.content.decode()


def test_both_pages_show_also_published_by_with_links_to_each_other(
    client: Client, admin_user: Any, copies: Copies
) -> None:
    client.force_login(admin_user)
    original_page = client.get(copies.original.get_absolute_url()).content.decode()
    block = original_page[original_page.index('class="also-published"') :]
    block = block[: block.index("</div>")]
    assert reverse("article_detail", args=[copies.copy.pk]) in block
    assert reverse("article_detail", args=[copies.annotated_copy.pk]) in block
    assert block.count("word for word") == 2 and "A word-for-word copy" not in block
    copy_page = client.get(copies.copy.get_absolute_url()).content.decode()
    block = copy_page[copy_page.index('class="also-published"') :]
    block = block[: block.index("</div>")]
    assert "A word-for-word copy of article" in block and "الوسيلة الأولى" in block
    assert f"{copies.original.get_absolute_url()}#annotation-panel" in block
    assert '<span class="badge">original</span>' in block
    assert reverse("article_detail", args=[copies.annotated_copy.pk]) in block
    # The original's annotations are not copied onto the copy.
    assert copies.copy.annotations.count() == 0


def test_lists_mark_copies_and_the_outlet_list_counts_them(
    client: Client, admin_user: Any, copies: Copies
) -> None:
    client.force_login(admin_user)
    home = client.get(reverse("article_list")).content.decode()
    assert home.count('class="badge copy"') == 2
    outlets = client.get(reverse("outlet_list")).content.decode()
    assert outlets.count("(1 copy)") == 2


def test_search_finds_each_copy_under_its_outlet_and_marks_it(
    client: Client, admin_user: Any, copies: Copies
) -> None:
    client.force_login(admin_user)
    page = client.get(reverse("search_page"), {"q": "انسحبت"}).content.decode()
    assert "3 articles found" in page
    assert page.count('class="badge copy"') == 2


def test_pages_with_copies_speak_arabic(client: Client, admin_user: Any, copies: Copies) -> None:
    from django.conf import settings

    from tests.interface.test_arabic_everywhere import data_words, english_words

    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    cell = {"row": copies.outlets["second"].pk, "claim": copies.claim.pk}
    paths = [
        copies.original.get_absolute_url(),
        copies.copy.get_absolute_url(),
        reverse("article_list"),
        reverse("outlet_list"),
        reverse("search_page") + "?q=انسحبت",
        reverse("matrix_page"),
        reverse("matrix_page") + "?copies=exclude",
        reverse("matrix_cell") + f"?row={cell['row']}&claim={cell['claim']}",
    ]
    allowed = data_words()
    with translation.override("ar"):
        for path in paths:
            response = client.get(path, headers={"Accept-Language": "ar"})
            assert response.status_code == 200, path
            assert english_words(response.content.decode(), allowed) == [], path
    page = client.get(copies.copy.get_absolute_url()).content.decode()
    assert "نسخة حرفية من المقال" in page and "نشرته أيضًا" in page


def test_near_copies_stay_under_also_published_by_marked_as_changed(
    client: Client, admin_user: Any, copies: Copies
) -> None:
    outlet = Outlet.objects.create(name_ar="الوسيلة الرابعة", slug="fourth")
    body = BODY + " وأضاف المتحدث."
    near = Article.objects.create(
        outlet=outlet,
        title="خبر معدل",
        body=body,
        content_hash=content_hash("", body),
        near_duplicate_of=copies.original,
    )
    client.force_login(admin_user)
    page = client.get(near.get_absolute_url()).content.decode()
    block = page[page.index('class="also-published"') :]
    block = block[: block.index("</div>")]
    # The original (badged), and its two word-for-word copies: all with changes from this one.
    assert block.count("<li>") == 3 and block.count("with changes") == 3
    assert '<span class="badge">original</span>' in block
    original_page = client.get(copies.original.get_absolute_url()).content.decode()
    assert reverse("article_detail", args=[near.pk]) in original_page
