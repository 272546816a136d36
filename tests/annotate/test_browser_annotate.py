"""A reviewer annotates in headless Chromium: select, create, highlight, reload, edit, delete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from articles.claims.annotations import annotation_create
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, AnnotationRevision, Article, Claim, Claimant
from tests.conftest import login_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "وزارة الدفاع الروسية"


def select_span(page: Page, start: int, end: int) -> None:
    """Select body[start:end] in the page the way a mouse drag would, through the DOM."""
    page.evaluate(
        """([start, end]) => {
            const ps = Array.from(document.querySelectorAll('#article-body p[data-start]'));
            const point = (cp, edge) => {
                const p = edge === 'start' ? ps.find(q => +q.dataset.end > cp)
                                           : ps.findLast(q => +q.dataset.start < cp);
                const [s, e] = [+p.dataset.start, +p.dataset.end];
                const local = Math.min(Math.max(cp, s), e) - s;
                const text = p.firstChild.data;
                return [p.firstChild, Array.from(text).slice(0, local).join('').length];
            };
            const [a, b] = [point(start, 'start'), point(end, 'end')];
            const range = document.createRange();
            range.setStart(a[0], a[1]); range.setEnd(b[0], b[1]);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
        [start, end],
    )


def highlighted(page: Page, name: str) -> list[str]:
    return page.evaluate(
        """(name) => CSS.highlights.has(name)
            ? Array.from(CSS.highlights.get(name)).map(r => r.toString()) : []""",
        name,
    )


def test_reviewer_creates_sees_edits_and_deletes_an_annotation_in_arabic(
    browser: Any, live_server: Any, demo: None, user: Any, screenshot_dir: Path
) -> None:
    article = Article.objects.get(outlet__slug="sana")
    start = article.body.index(PHRASE)
    end = start + len(PHRASE)
    context = login_context(browser, live_server, user, language="ar")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#annotation-panel")).to_be_visible()
    shown = [
        text
        for name in [*(f"ann-{s}" for s in Annotation.Stance.values), "ann-overlap"]
        for text in highlighted(page, name)
    ]
    quotes = list(article.annotations.values_list("quote", flat=True))
    assert quotes and all(any(text and text in quote for text in shown) for quote in quotes)

    select_span(page, start, end)
    expect(page.locator("#annotate-button")).to_be_visible()
    page.keyboard.press("a")
    editor = page.locator("#annotation-editor")
    expect(editor.locator(".editor-quote")).to_have_text(PHRASE)
    claim_input = editor.locator("#id_claim_new")
    expect(claim_input).to_be_focused()
    claim_input.fill("روسيا تتهم التحالف بحماية داعش")
    expect(editor.locator("#claim-suggestions .suggestion").first).to_be_visible()
    editor.locator("#id_claimant_new").fill("متحدث باسم القاعدة الروسية")
    editor.locator("#id_chain_q").fill("سانا")
    expect(editor.locator("#chain-suggestions .suggestion").first).to_be_visible()
    editor.locator("#chain-suggestions .suggestion").first.click()
    editor.locator("#id_chain_q").fill("وكالة جديدة للأنباء")
    editor.locator("#id_chain_q").press("Enter")
    expect(editor.locator("#chain-list li")).to_have_count(2)
    editor.locator("#chain-list li").nth(1).locator("[data-chain=up]").click()
    expect(editor.locator("#chain-list li").first).to_contain_text("وكالة جديدة للأنباء")
    editor.locator("input[name=stance][value=denies]").check()
    editor.locator("input[name=framing][value=neutral]").check()  # both are chosen, never defaulted
    editor.locator("#id_tags").fill("دير الزور")
    page.screenshot(path=str(screenshot_dir / "annotate-form-ar.png"))
    editor.locator("#id_note").press("Control+Enter")

    expect(editor).to_be_hidden()
    expect(page.locator("#annotation-panel")).to_contain_text("روسيا تتهم التحالف بحماية داعش")
    annotation = Annotation.objects.get(claim__text_ar="روسيا تتهم التحالف بحماية داعش")
    assert (annotation.start, annotation.end, annotation.quote) == (start, end, PHRASE)
    assert annotation.claimant.name_ar == "متحدث باسم القاعدة الروسية"
    chain = [s.claimant for s in annotation.chain.all()]
    assert chain[0].name_ar == "وكالة جديدة للأنباء" and "سانا" in chain[1].all_names
    assert len(chain) == 2
    assert annotation.stance == "denies" and annotation.author == user
    expect(page.locator(f"#annotation-{annotation.pk}")).to_be_visible()
    assert PHRASE in highlighted(page, "ann-denies")
    assert not errors, errors

    page.reload()
    expect(page.locator(f"#annotation-{annotation.pk}")).to_be_visible()
    assert PHRASE in highlighted(page, "ann-denies")
    page.screenshot(path=str(screenshot_dir / "reading-highlights-ar.png"))
    page.locator("#article-body").screenshot(path=str(screenshot_dir / "reading-body-ar.png"))

    page.locator(f"#annotation-{annotation.pk} [data-edit]").click()
    expect(editor.locator("input[name=stance][value=denies]")).to_be_checked()
    editor.locator("input[name=stance][value=questions]").check()
    editor.locator("#id_note").fill("تعديل")
    editor.locator("button[type=submit]").click()
    expect(page.locator(f"#annotation-{annotation.pk}")).to_contain_text("تعديل")
    annotation.refresh_from_db()
    assert annotation.stance == "questions" and annotation.version == 2
    assert PHRASE in highlighted(page, "ann-questions")

    page.locator(f"#annotation-{annotation.pk} a[href$='/history/']").click()
    expect(editor.locator(".revision")).to_have_count(2)

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#annotation-{annotation.pk} button[type=submit]").click()
    expect(page.locator(f"#annotation-{annotation.pk}")).to_have_count(0)
    # The highlight is redrawn on the annotationDeleted event, just after the panel swap.
    for _ in range(50):
        if PHRASE not in highlighted(page, "ann-questions"):
            break
        page.wait_for_timeout(100)
    assert PHRASE not in highlighted(page, "ann-questions")
    assert not Annotation.objects.filter(pk=annotation.pk).exists()
    assert AnnotationRevision.objects.filter(annotation_ref=annotation.pk).count() == 3
    assert not errors, errors
    context.close()


def test_typing_the_moment_the_editor_opens_is_heard_even_when_htmx_settles_slowly(
    browser: Any, live_server: Any, demo: None, user: Any
) -> None:
    """htmx wires up hx-trigger while settling: the claim search is focused only once it listens.

    A long settle delay stands in for a slow machine, where a reviewer (or Playwright) could
    type between the swap and the settle and see no suggestions.
    """
    article = Article.objects.get(outlet__slug="sana")
    start = article.body.index(PHRASE)
    context = login_context(browser, live_server, user, language="ar")
    page = context.new_page()
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#annotation-panel")).to_be_visible()
    page.evaluate("() => { window.htmx.config.defaultSettleDelay = 1500; }")
    select_span(page, start, start + len(PHRASE))
    page.keyboard.press("a")
    claim_input = page.locator("#annotation-editor #id_claim_new")
    expect(claim_input).to_be_focused()
    page.keyboard.type("التحالف")
    expect(page.locator("#claim-suggestions .suggestion").first).to_be_visible()


def test_second_reviewer_gets_a_conflict_showing_the_other_version(
    browser: Any, live_server: Any, demo: None, user: Any, other_user: Any, screenshot_dir: Path
) -> None:
    annotation = Annotation.objects.filter(article__outlet__slug="al-binaa").first()
    first = login_context(browser, live_server, user, language="ar").new_page()
    second = login_context(browser, live_server, other_user, language="en").new_page()
    for page in (first, second):
        page.goto(f"/articles/{annotation.article_id}/")
        page.locator(f"#annotation-{annotation.pk} [data-edit]").click()
        expect(page.locator("#annotation-form")).to_be_visible()
    first.locator("#id_note").fill("ملاحظة المراجع الأول")
    first.locator("#id_note").press("Control+Enter")
    expect(first.locator("#annotation-editor")).to_be_hidden()

    second.locator("#id_note").fill("second reviewer's note")
    second.locator("#id_note").press("Control+Enter")
    conflict = second.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("ملاحظة المراجع الأول")
    expect(conflict).to_contain_text("reviewer")
    expect(second.locator("#id_note")).to_have_value("second reviewer's note")
    second.screenshot(path=str(screenshot_dir / "annotate-conflict-en.png"))
    annotation.refresh_from_db()
    assert annotation.note == "ملاحظة المراجع الأول" and annotation.version == 2

    second.locator("#annotation-form button[type=submit]").click()
    expect(second.locator("#annotation-editor")).to_be_hidden()
    annotation.refresh_from_db()
    assert annotation.note == "second reviewer's note" and annotation.version == 3


def test_english_interface_annotates_a_passage_with_astral_characters(
    browser: Any, live_server: Any, demo: None, user: Any, screenshot_dir: Path
) -> None:
    outlet = Article.objects.first().outlet
    body = "سطر أول 😀 فيه رمز\n\nقال 𝔸 المتحدث إن القوات 🇸🇾 انسحبت من ديرالزور\nنهاية 👍🏽 النص"
    article = Article.objects.create(
        outlet=outlet, title="نص تجريبي", body=body, content_hash=content_hash("", body)
    )
    phrase = "𝔸 المتحدث إن القوات 🇸🇾 انسحبت"
    start = body.index(phrase)
    claim = Claim.objects.order_by("pk").first()
    annotation_create(
        article=article,
        start=body.index("😀"),
        end=body.index("😀") + 6,
        claim=claim,
        claimant=None,
    )
    context = login_context(browser, live_server, user, language="en")
    page = context.new_page()
    page.goto(f"/articles/{article.pk}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert highlighted(page, "ann-asserts") == ["😀 فيه "]
    select_span(page, start, start + len(phrase))
    page.locator("#annotate-button").click()
    editor = page.locator("#annotation-editor")
    expect(editor.locator(".editor-quote")).to_have_text(phrase)
    editor.locator("#id_claim_new").fill("التحالف")
    suggestion = editor.locator("#claim-suggestions .suggestion").first
    expect(suggestion).to_be_visible()
    picked = int(suggestion.get_attribute("data-id") or 0)
    suggestion.click()
    expect(editor.locator("[data-combo=claim] [data-chosen]")).to_be_visible()
    editor.locator("#id_claimant_new").fill("كوناشينكوف")
    expect(editor.locator("#claimant-suggestions .suggestion").first).to_contain_text(
        "Igor Konashenkov"
    )
    editor.locator("#claimant-suggestions .suggestion").first.click()
    editor.locator("input[name=stance][value=asserts]").check()
    editor.locator("input[name=framing][value=neutral]").check()
    page.screenshot(path=str(screenshot_dir / "annotate-form-en.png"))
    editor.locator("button[type=submit]").click()
    expect(editor).to_be_hidden()
    created = Annotation.objects.get(article=article, quote=phrase)
    assert (created.start, created.end) == (start, start + len(phrase))
    assert created.claim_id == picked and created.claimant == Claimant.objects.get(
        name_en="Igor Konashenkov"
    )
    page.reload()
    assert sorted(highlighted(page, "ann-asserts")) == sorted(["😀 فيه ", phrase])
    page.screenshot(path=str(screenshot_dir / "reading-highlights-en.png"))
    context.close()


def test_highlight_starting_inside_a_word_keeps_the_letters_joined(
    browser: Any, live_server: Any, demo: None, user: Any, screenshot_dir: Path
) -> None:
    outlet = Article.objects.first().outlet
    body = "قالت المصادر إن القوات الأمريكية انسحبت من المستشفيات"
    article = Article.objects.create(
        outlet=outlet, title="", body=body, content_hash=content_hash("", body)
    )
    claim = Claim.objects.order_by("pk").first()
    # Both edges fall inside words: "الأمر|يكية" and "المستش|فيات".
    start, end = body.index("يكية"), body.index("فيات")
    annotation_create(article=article, start=start, end=end, claim=claim, claimant=None)
    context = browser.new_context(device_scale_factor=3, viewport={"width": 900, "height": 500})
    context.add_cookies(login_context(browser, live_server, user).cookies())
    page = context.new_page()
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    assert highlighted(page, "ann-asserts") == [body[start:end]]
    # No element was inserted: the paragraph is still one text node.
    assert page.locator("#article-body p").first.evaluate("p => p.childNodes.length") == 1
    page.locator("#article-body p").first.screenshot(
        path=str(screenshot_dir / "highlight-mid-word-ar.png")
    )
    context.close()


def test_everything_works_from_the_keyboard(
    browser: Any, live_server: Any, demo: None, user: Any, screenshot_dir: Path
) -> None:
    article = Article.objects.get(outlet__slug="baladi-news")
    before = set(article.annotations.values_list("pk", flat=True))
    context = login_context(browser, live_server, user, language="ar")
    page = context.new_page()
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#annotation-panel")).to_be_visible()

    page.keyboard.press("?")
    expect(page.locator("#help-overlay")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "reading-help-ar.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#help-overlay")).to_be_hidden()

    page.keyboard.press("v")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowLeft")  # forward, word by word, in right-to-left text
    page.keyboard.press("a")
    editor = page.locator("#annotation-editor")
    expect(editor.locator("#id_claim_new")).to_be_focused()
    page.keyboard.type("ادعاء مكتوب بلوحة المفاتيح")
    page.keyboard.press("Tab")
    for radio in ("input[name=stance][value=asserts]", "input[name=framing][value=neutral]"):
        editor.locator(radio).focus()  # radios are chosen with Space, as a keyboard user does
        page.keyboard.press("Space")
    page.keyboard.press("Control+Enter")
    expect(editor).to_be_hidden()
    created = article.annotations.exclude(pk__in=before).get()
    # Keyboard selection starts at the first annotatable text on screen: the headline.
    assert (created.part, created.start) == ("title", 0)
    assert len(created.quote.split()) in {2, 3} and article.title.startswith(created.quote)
    expect(page.locator(f"#annotation-{created.pk}")).to_be_visible()

    page.keyboard.press("j")
    expect(page.locator("#annotation-panel li.annotation.current")).to_have_count(1)
    current = page.locator("#annotation-panel li.annotation.current").get_attribute("data-id")
    page.keyboard.press("j")
    assert (
        page.locator("#annotation-panel li.annotation.current").get_attribute("data-id") != current
    )
    page.keyboard.press("k")
    expect(page.locator("#annotation-panel li.annotation.current")).to_have_attribute(
        "data-id", current or ""
    )
    page.keyboard.press("e")
    expect(editor.locator("#annotation-form")).to_be_visible()
    expect(editor.locator(".editor-inner")).to_have_attribute("data-annotation", current or "")
    page.keyboard.press("Escape")
    expect(editor).to_be_hidden()
    context.close()


def test_reviewer_picks_a_suggested_claim_the_passage_contradicts(
    browser: Any, live_server: Any, demo: None, user: Any, screenshot_dir: Path
) -> None:
    outlet = Article.objects.get(outlet__slug="sana").outlet
    body = "وأكد مسؤول في واشنطن أن القوات الأمريكية ستنسحب من سوريا قريبا.\nولم يذكر موعدا."
    article = Article.objects.create(
        outlet=outlet, title="خبر", body=body, content_hash=content_hash("خبر", body)
    )
    stays = Claim.objects.get(text_ar="القوات الأمريكية لن تنسحب من سوريا")
    start, end = body.index("أن") + 3, body.index(".")
    context = login_context(browser, live_server, user, language="ar")
    page = context.new_page()
    page.goto(f"/articles/{article.pk}/")
    select_span(page, start, end)
    expect(page.locator("#annotate-button")).to_be_visible()
    page.keyboard.press("a")
    editor = page.locator("#annotation-editor")
    first = editor.locator("#likely-claims .suggestion").first
    expect(first).to_contain_text(stays.text_ar)
    expect(first.locator(".contradicts")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "annotate-likely-claims-ar.png"))
    first.click()
    expect(editor.locator("[data-chosen-label]").first).to_have_text(stays.text_ar)
    expect(editor.locator("input[name=stance][value=denies]")).to_be_checked()
    editor.locator("input[name=framing][value=neutral]").check()
    editor.locator("#id_note").press("Control+Enter")
    expect(editor).to_be_hidden()
    annotation = Annotation.objects.get(article=article)
    assert (annotation.claim, annotation.stance) == (stays, "denies")
