"""A reviewer works through proposals with the keyboard in headless Chromium (Arabic, RTL):
P to reach them, Enter accepts, J moves, X rejects, E edits in the annotation editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from articles.models import Article, AttributionProposal
from articles.proposals.services import proposals_refresh
from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = AttributionProposal.Status


def highlighted(page: Page, name: str) -> list[str]:
    return page.evaluate(
        """(name) => CSS.highlights.has(name)
            ? Array.from(CSS.highlights.get(name)).map(r => r.toString()) : []""",
        name,
    )


def test_reviewer_accepts_rejects_and_edits_proposals_with_the_keyboard(
    browser: Any, live_server: Any, article: Article, reviewer: Any, screenshot_dir: Path
) -> None:
    proposals_refresh(article=article)
    pending = list(article.proposals.order_by("start", "cue_start"))
    first, second, third = pending[0], pending[1], pending[2]
    context = login_context(browser, live_server, reviewer, language="ar")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"/articles/{article.pk}/")
    items = page.locator("#proposal-panel li.proposal")
    expect(items).to_have_count(len(pending))
    assert sorted(highlighted(page, "proposal")) == sorted(p.quote for p in pending)
    assert highlighted(page, "ann-asserts") == []  # proposals are not painted as annotations
    page.screenshot(path=str(screenshot_dir / "proposals-panel-ar.png"), full_page=True)

    page.keyboard.press("p")
    expect(page.locator(f"#proposal-{first.pk}")).to_be_focused()
    assert highlighted(page, "proposal-focus") == [first.quote]
    page.keyboard.press("Enter")
    expect(items).to_have_count(len(pending) - 1)
    expect(page.locator(f"#proposal-{second.pk}")).to_be_focused()
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED and first.annotation is not None
    expect(page.locator(f"#annotation-{first.annotation.pk}")).to_be_visible()

    page.keyboard.press("j")
    expect(page.locator(f"#proposal-{third.pk}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#proposal-{second.pk}")).to_be_focused()
    page.keyboard.press("x")
    expect(items).to_have_count(len(pending) - 2)
    expect(page.locator(f"#proposal-{third.pk}")).to_be_focused()
    second.refresh_from_db()
    assert second.status == Status.REJECTED
    # U undoes the rejection: the proposal is back in its place, and focused; X again.
    page.keyboard.press("u")
    expect(items).to_have_count(len(pending) - 1)
    expect(page.locator(f"#proposal-{second.pk}")).to_be_focused()
    page.keyboard.press("Delete")
    expect(items).to_have_count(len(pending) - 2)
    expect(page.locator(f"#proposal-{third.pk}")).to_be_focused()
    second.refresh_from_db()
    assert second.status == Status.REJECTED

    # A click on a proposed passage in the text focuses its proposal.
    fourth = pending[3]
    page.evaluate(
        """([start]) => {
            const p = Array.from(document.querySelectorAll('#article-body p[data-start]'))
                .find(q => +q.dataset.start <= start && start < +q.dataset.end);
            const local = Array.from(p.firstChild.data).slice(0, start - +p.dataset.start + 2)
                .join('').length;
            const range = document.createRange();
            range.setStart(p.firstChild, local); range.setEnd(p.firstChild, local + 1);
            const rect = range.getBoundingClientRect();
            p.dispatchEvent(new MouseEvent('click', {bubbles: true,
                clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2}));
        }""",
        [fourth.start],
    )
    expect(page.locator(f"#proposal-{fourth.pk}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#proposal-{third.pk}")).to_be_focused()

    page.keyboard.press("e")
    editor = page.locator("#annotation-editor")
    expect(editor.locator(".from-proposal")).to_be_visible()
    expect(editor.locator(".editor-quote")).to_have_text(third.quote)
    expect(editor.locator("#chain-list li").last).to_contain_text(third.claimant)
    editor.locator("input[name=stance][value=reports]").check()
    editor.locator("#id_note").fill("عُدّل من اقتراح")
    page.screenshot(path=str(screenshot_dir / "proposals-edit-ar.png"))
    editor.locator("#id_note").press("Control+Enter")
    expect(editor).to_be_hidden()
    expect(items).to_have_count(len(pending) - 3)
    third.refresh_from_db()
    assert third.status == Status.EDITED and third.annotation is not None
    assert third.annotation.stance == "reports" and third.annotation.note == "عُدّل من اقتراح"
    page.wait_for_function(  # the panel repaints its highlights once the swap has settled
        """(q) => !Array.from(CSS.highlights.get("proposal") || []).some(r => r.toString() === q)""",
        arg=third.quote,
    )
    page.screenshot(path=str(screenshot_dir / "proposals-after-ar.png"), full_page=True)
    assert not errors, errors
    context.close()


def test_readers_get_no_proposal_panel_nor_script(
    browser: Any, live_server: Any, article: Article, reader: Any
) -> None:
    proposals_refresh(article=article)
    context = login_context(browser, live_server, reader, language="ar")
    page = context.new_page()
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#annotation-panel")).to_be_visible()
    expect(page.locator("#proposal-panel")).to_have_count(0)
    assert highlighted(page, "proposal") == []
    context.close()


def test_lead_sees_acceptance_per_outlet_and_cue_in_arabic(
    browser: Any,
    live_server: Any,
    article: Article,
    reviewer: Any,
    lead: Any,
    screenshot_dir: Path,
) -> None:
    from articles.proposals.services import proposal_accept, proposal_reject

    proposals_refresh(article=article)
    proposal_accept(proposal=article.proposals.get(claimant="الوكالة"), user=reviewer)
    proposal_reject(proposal=article.proposals.get(claimant="مصدر عسكري"), user=reviewer)
    context = login_context(browser, live_server, lead, language="ar")
    page = context.new_page()
    page.goto("/review/")
    page.get_by_role("link", name="قبول الإسنادات المقترحة").click()
    tables = page.locator("table.acceptance")
    expect(tables).to_have_count(2)
    expect(tables.first).to_contain_text(article.outlet.name_ar)
    expect(tables.nth(1)).to_contain_text("ذكر")
    page.screenshot(path=str(screenshot_dir / "proposals-acceptance-ar.png"), full_page=True)
    context.close()


def test_reviewer_picks_a_likely_claim_with_the_keyboard_before_accepting(
    browser: Any, live_server: Any, article: Article, reviewer: Any, screenshot_dir: Path
) -> None:
    from articles.models import Claim

    reached = Claim.objects.create(text_ar="القوات وصلت إلى المدينة صباح اليوم")
    not_reached = Claim.objects.create(text_ar="القوات لم تصل إلى المدينة")
    Claim.objects.create(text_ar="الطائرات قصفت الجسر")
    proposals_refresh(article=article)
    first = article.proposals.order_by("start", "cue_start").first()
    assert first is not None and first.claimant == "وزارة الدفاع الروسية"
    context = login_context(browser, live_server, reviewer, language="ar")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/articles/{article.pk}/")
    item = page.locator(f"#proposal-{first.pk}")
    likely = item.locator(".likely-claims li")
    expect(likely).to_have_count(3)  # the default, then its two likely claims
    expect(likely.nth(1)).to_contain_text(reached.text_ar)
    expect(likely.nth(2)).to_contain_text(not_reached.text_ar)
    expect(likely.nth(2).locator(".contradicts")).to_have_text("ذو صلة (يناقضه)")
    expect(likely.nth(1).locator(".contradicts")).to_have_count(0)
    page.keyboard.press("p")
    expect(item).to_be_focused()
    page.keyboard.press("2")  # the second likely claim, the opposite one
    expect(item.locator('input[data-claim-key="2"]')).to_be_checked()
    page.keyboard.press("0")
    expect(item.locator('input[data-claim-key="0"]')).to_be_checked()
    # Arabic-Indic digits choose too (no key of Playwright's keyboard types one: dispatched).
    item.dispatch_event("keydown", {"key": "٢", "bubbles": True, "cancelable": True})
    expect(item.locator('input[data-claim-key="2"]')).to_be_checked()
    expect(item).to_be_focused()
    item.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "proposals-likely-claims-ar-1366.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    item.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "proposals-likely-claims-ar-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 768})
    page.keyboard.press("Enter")
    expect(page.locator(f"#proposal-{first.pk}")).to_have_count(0)
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED and first.annotation is not None
    assert first.annotation.claim_id == not_reached.pk
    assert first.annotation.stance == "denies"  # the passage says the opposite of its wording
    expect(page.locator(f"#annotation-{first.annotation.pk}")).to_be_visible()
    assert not errors, errors
    context.close()
