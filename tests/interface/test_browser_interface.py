"""Issue 18 in headless Chromium: what a person sees after each action."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.infrastructure import permissions
from articles.models import Annotation, Article
from tests.annotate.test_browser_annotate import select_span
from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(django_user_model: Any, name: str, role: str) -> Any:
    user = django_user_model.objects.create_user(username=name)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_disputing_without_a_reason_shows_the_message_next_to_the_form(
    browser: Any, live_server: Any, demo: None, django_user_model: Any
) -> None:
    reviewer = _user(django_user_model, "checker", permissions.REVIEWER)
    annotation = Annotation.objects.filter(review_status=Annotation.ReviewStatus.DRAFT).first()
    assert annotation is not None
    page = login_context(browser, live_server, reviewer, language="en").new_page()
    page.goto("/review/")
    card = page.locator(f"#review-{annotation.pk}")
    card.locator("button[value='dispute']").click()
    expect(card.locator(".result [role='alert']")).to_contain_text("Say why")
    annotation.refresh_from_db()
    assert annotation.review_status == Annotation.ReviewStatus.DRAFT


def test_the_search_box_refuses_a_4000_character_query_with_a_message(
    browser: Any, live_server: Any, demo: None, django_user_model: Any
) -> None:
    reader = _user(django_user_model, "reader1", permissions.READER)
    page = login_context(browser, live_server, reader, language="en").new_page()
    page.goto("/search/")
    expect(page.locator("#search-too-long")).to_be_hidden()
    page.locator("#search-q").fill("ق" * 4000)
    expect(page.locator("#search-too-long")).to_be_visible()
    expect(page.locator("#search-too-long")).to_contain_text("at most 500 characters")
    # Following a shared link with such a query: the page answers with its own message.
    page.goto("/search/?q=" + "ق" * 4000)
    expect(page.locator(".search-error")).to_contain_text("too long")


def test_selection_snaps_to_whole_words_unless_alt_is_held_and_save_stays_on_screen(
    browser: Any, live_server: Any, demo: None, django_user_model: Any
) -> None:
    lead = _user(django_user_model, "lead1", permissions.LEAD)
    article = Article.objects.get(outlet__slug="sana")
    word = "الروسية"
    start = article.body.index(word)
    context = login_context(browser, live_server, lead, language="ar")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for height in (768, 900):
        page.set_viewport_size({"width": 1366, "height": height})
        page.goto(f"/articles/{article.pk}/")
        # From inside the word to inside the word: the whole word is taken.
        page.mouse.click(5, 5)
        select_span(page, start + 2, start + len(word) - 2)
        page.keyboard.press("a")
        editor = page.locator("#annotation-editor")
        expect(editor.locator(".editor-quote")).to_have_text(word)
        # Stance and framing start empty.
        assert editor.locator("input[name='stance']:checked").count() == 0
        assert editor.locator("input[name='framing']:checked").count() == 0
        save = editor.locator(".editor-actions button[type='submit']")
        expect(save).to_be_visible()
        box = save.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, (height, box)
        page.keyboard.press("Escape")
    # Alt held while selecting keeps the exact partial selection.
    page.goto(f"/articles/{article.pk}/")
    page.keyboard.down("Alt")
    page.mouse.click(5, 5)
    page.keyboard.up("Alt")
    select_span(page, start + 2, start + len(word) - 2)
    page.keyboard.press("a")
    expect(page.locator("#annotation-editor .editor-quote")).to_have_text(word[2:-2])
    assert not errors
