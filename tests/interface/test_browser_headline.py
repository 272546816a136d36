"""Issue 18, items 3 and 10 in headless Chromium: a headline annotated with the keyboard, and an
editor that never covers the annotation cards, Save on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from articles.infrastructure import permissions
from articles.models import Annotation, Article
from tests.annotate.test_browser_annotate import highlighted, select_span
from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = "القـ.ـوات"  # in the North Press-style headline only


def _user(django_user_model: Any, name: str, role: str) -> Any:
    user = django_user_model.objects.create_user(username=name)
    user.groups.add(Group.objects.get(name=role))
    return user


def _selection(page: Page) -> str:
    return str(page.evaluate("() => window.getSelection().toString()"))


def test_a_headline_passage_is_annotated_with_the_keyboard(
    browser: Any, live_server: Any, demo: None, django_user_model: Any, screenshot_dir: Path
) -> None:
    reviewer = _user(django_user_model, "annotator", permissions.REVIEWER)
    article = Article.objects.get(outlet__slug="north-pulse")
    assert WORD in article.title and WORD not in article.body
    page = login_context(browser, live_server, reviewer, language="ar").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"/articles/{article.pk}/")
    # V starts a keyboard selection at the first text on screen: the headline.
    page.keyboard.press("v")
    for _ in range(12):
        if "ـوات" in _selection(page):
            break
        page.keyboard.press("Shift+ArrowLeft")  # right to left: one word further
    assert "ـوات" in _selection(page)
    assert page.evaluate(
        "() => document.getElementById('article-title').contains("
        "window.getSelection().getRangeAt(0).startContainer)"
    )
    page.keyboard.press("a")
    editor = page.locator("#annotation-editor")
    expect(editor.locator(".editor-quote")).to_contain_text(WORD)
    expect(editor.locator(".part-label")).to_have_text("في العنوان")
    claim = editor.locator("#id_claim_new")
    expect(claim).to_be_focused()
    page.keyboard.type("القوات الأمريكية تبدأ الانسحاب من العراق")
    editor.locator("input[name=stance][value=reports]").check()
    editor.locator("input[name=framing][value=neutral]").check()
    editor.locator("#id_note").press("Control+Enter")
    expect(editor).to_be_hidden()

    annotation = Annotation.objects.get(claim__text_ar="القوات الأمريكية تبدأ الانسحاب من العراق")
    assert annotation.part == "title" and WORD in annotation.quote
    assert article.title[annotation.start : annotation.end] == annotation.quote
    card = page.locator(f"#annotation-{annotation.pk}")
    expect(card).to_be_visible()
    expect(card).to_have_attribute("data-part", "title")
    expect(card.locator(".part-label")).to_have_text("في العنوان")
    assert annotation.quote in highlighted(page, "ann-reports")
    in_title = page.evaluate(
        """() => Array.from(CSS.highlights.get('ann-reports'))
            .every(r => document.getElementById('article-title').contains(r.startContainer))"""
    )
    assert in_title
    # After a reload the highlight is painted in the headline from the stored offsets.
    page.reload()
    expect(page.locator(f"#annotation-{annotation.pk}")).to_be_visible()
    assert annotation.quote in highlighted(page, "ann-reports")
    page.locator(".article-head").screenshot(path=str(screenshot_dir / "headline-annotated-ar.png"))
    # Jumping to the card's passage flashes the headline's words.
    page.locator(f"#annotation-{annotation.pk} [data-jump]").click()
    assert annotation.quote in highlighted(page, "ann-focus")
    # On a phone: the headline keeps its highlight, the card follows the article, no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator(f"#annotation-{annotation.pk}")).to_be_attached()
    assert annotation.quote in highlighted(page, "ann-reports")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "headline-annotated-ar-390.png"))
    assert not errors, errors


def _boxes_apart(page: Page) -> list[str]:
    """Cards of the panel whose box meets the editor's (there must be none)."""
    return list(
        page.evaluate(
            """() => {
                const e = document.getElementById('annotation-editor').getBoundingClientRect();
                return Array.from(document.querySelectorAll('#annotation-panel li.annotation'))
                  .filter(li => {
                    const c = li.getBoundingClientRect();
                    return c.height > 0 && c.left < e.right && e.left < c.right
                      && c.top < e.bottom && e.top < c.bottom;
                  }).map(li => li.id);
            }"""
        )
    )


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1440, 900), (390, 844)])
def test_the_editor_never_covers_the_cards_and_save_can_be_reached(
    browser: Any,
    live_server: Any,
    demo: None,
    django_user_model: Any,
    screenshot_dir: Path,
    width: int,
    height: int,
) -> None:
    lead = _user(django_user_model, f"lead{width}", permissions.LEAD)
    article = Article.objects.get(outlet__slug="north-pulse")
    assert article.annotations.count() >= 2
    # A passage low in the article, whose likely claims make the editor long.
    phrase = "وقالت المصادر أن الحديث عن سحب القوات الأمريكية من سوريا"
    start = article.body.index(phrase)
    page = login_context(browser, live_server, lead, language="ar").new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/articles/{article.pk}/")
    # The reader has scrolled down to the passage, as one does before selecting it.
    page.evaluate(
        """(at) => Array.from(document.querySelectorAll('#article-body p[data-start]'))
            .find(p => +p.dataset.end > at).scrollIntoView({block: 'center'})""",
        start,
    )
    select_span(page, start, start + len(phrase))
    page.keyboard.press("a")
    editor = page.locator("#annotation-editor")
    expect(editor.locator(".editor-quote")).to_be_visible()
    expect(editor.locator("#likely-claims")).to_be_visible()
    assert _boxes_apart(page) == []
    save = editor.locator(".editor-actions button[type='submit']")
    if width > 900:
        # Beside the text: on screen as it opens, Save included.
        box = save.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box
        # Back at the top of the page the panel sits lower: the editor shrinks, Save stays.
        page.evaluate("() => window.scrollTo(0, 0)")
        page.wait_for_timeout(100)
        box = save.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box
    else:
        # On a phone the page scrolls to the editor below the article.
        editor_box = editor.bounding_box()
        assert editor_box is not None and 0 <= editor_box["y"] < height / 2, editor_box
        save.scroll_into_view_if_needed()
        expect(save).to_be_in_viewport()
        assert _boxes_apart(page) == []
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, scroll_width
    page.screenshot(path=str(screenshot_dir / f"editor-open-ar-{width}x{height}.png"))
    # Editing an existing card: the editor opens above the cards, never over them.
    page.keyboard.press("Escape")
    expect(editor).to_be_hidden()
    page.locator("#annotation-panel li.annotation [data-edit]").last.click()
    expect(editor.locator(".editor-inner[data-mode='edit']")).to_be_visible()
    assert _boxes_apart(page) == []
