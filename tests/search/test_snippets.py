"""Snippets come from the article's own text: its boilerplate (date line, repeated title, comment
boxes) is neither the place of the first hit nor part of the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.ingest.boilerplate import find_spans
from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import Article
from articles.search.query import parse_query
from articles.search.snippets import highlight
from tests.ingest.conftest import saudi_record

TITLE = "الزلزال يضرب المدينة الساحلية فجر اليوم"
DATE_LINE = "الثلاثاء، 21 يوليو 2015 02:51 م"
FIRST = "هز زلزال قوي المدينة الساحلية فجر اليوم وخرج السكان إلى الشوارع"
REST = " ".join(["وقالت السلطات إن فرق الإنقاذ وصلت إلى الأحياء المتضررة"] * 12)
BODY = f"{DATE_LINE}\n{TITLE}\n{FIRST}. {REST}\nلا توجد تعليقات على الخبر\nاضف تعليق"


def spans() -> list[list[Any]]:
    found = find_spans(BODY, title=TITLE, date_text=DATE_LINE)
    assert [s[2] for s in found][:3] == ["date_line", "repeated_title", "comment_box"]
    return found


def test_the_first_hit_is_looked_for_past_the_repeated_title() -> None:
    html = highlight(BODY, parse_query("زلزال"), skip_spans=spans())
    assert "يوليو" not in html and "يضرب" not in html  # neither the date nor the title line
    assert "<mark>زلزال</mark> قوي" in html
    assert not html.startswith("…")  # nothing of the article's own text is left out before


def test_without_spans_the_snippet_starts_in_the_boilerplate() -> None:
    """What the spans change (so the test above can fail)."""
    html = highlight(BODY, parse_query("زلزال"))
    assert "<mark>الزلزال</mark> يضرب" in html


def test_with_no_hit_in_the_text_the_snippet_is_the_articles_opening_words() -> None:
    html = highlight(BODY, parse_query("يضرب"), skip_spans=spans())  # a word of the title only
    assert html.startswith("هز زلزال قوي")
    assert "<mark>" not in html and "يوليو" not in html


def test_a_window_does_not_run_into_a_footer() -> None:
    body = f"{DATE_LINE}\n{FIRST}.\nلا توجد تعليقات على الخبر\nاضف تعليق"
    found = find_spans(body, date_text=DATE_LINE)
    html = highlight(body, parse_query("السكان"), skip_spans=found)
    assert html == FIRST.replace("السكان", "<mark>السكان</mark>") + "."


def test_a_body_that_is_all_boilerplate_is_shown_as_it_is() -> None:
    body = "لا توجد تعليقات على الخبر"
    html = highlight(body, parse_query("تعليقات"), skip_spans=[[0, len(body), "comment_box"]])
    assert html == "لا توجد <mark>تعليقات</mark> على الخبر"


def test_spans_that_do_not_fit_the_body_are_ignored() -> None:
    html = highlight(FIRST, parse_query("السكان"), skip_spans=[[5, "x"], [900, 1000, "k"], []])
    assert "<mark>السكان</mark>" in html


def test_a_long_text_keeps_the_window_around_the_first_hit_in_the_text() -> None:
    words = ["كلام"] * 100 + ["الزلزال"] + ["كلام"] * 100
    body = f"{TITLE}\n" + " ".join(words)
    html = highlight(body, parse_query("زلزال"), limit=10, skip_spans=[[0, len(TITLE), "t"]])
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>الزلزال</mark>" in html and "يضرب" not in html


@pytest.mark.django_db
def test_an_imported_saudinewsnet_article_with_a_date_line_and_its_title_has_a_clean_snippet(
    tmp_path: Path, client: Client, user: Any
) -> None:
    """The record's date comes from its field; the body still opens with the printed date and
    the title, which the import marks and the snippet leaves out."""
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    body = f"{DATE_LINE.translate(digits)}\n{TITLE}\n{FIRST}. {REST}"
    path = tmp_path / "2015-07-21.json"
    path.write_text(json.dumps([saudi_record(1, title=TITLE, content=body)], ensure_ascii=False))
    run_batch(create_batch_from_paths([str(path)]), workers=1)
    article = Article.objects.get()
    assert [s[2] for s in article.boilerplate_spans] == ["date_line", "repeated_title"]
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    hit = client.get(reverse("search_api"), {"q": "زلزال"}).json()["results"][0]
    assert hit["snippet"].startswith("هز <mark>زلزال</mark> قوي")
    page = client.get(reverse("search_page"), {"q": "زلزال"}).content.decode()
    assert "هز <mark>زلزال</mark> قوي" in page and f"{TITLE}\n" not in page


@pytest.mark.django_db
def test_the_seed_snippet_skips_its_date_line_and_repeated_title(
    client: Client, demo: None
) -> None:
    seed = Article.objects.get(content_hash__isnull=False, body__startswith="الثلاثاء")
    assert [s[2] for s in seed.boilerplate_spans][:2] == ["date_line", "repeated_title"]
    html = highlight(seed.body, parse_query("القوات الأمريكية"), skip_spans=seed.boilerplate_spans)
    assert "2018" not in html and "تعيد الضربات" in html


def test_a_snippet_from_the_opening_lines_is_the_one_of_the_whole_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page of 1,000 hits cuts 1,000 snippets: each is looked for in the opening lines first,
    and must be exactly what analysing the whole first window gives, boilerplate or not."""
    import random

    from articles.search import snippets

    rng = random.Random(5)
    words = "زلزال قوي ضرب المدينة، وقالت السلطات: إن فرق الإنقاذ وصلت. الأحياء المتضررة".split()
    queries = [parse_query(q) for q in ("زلزال", "السلطات", "الإنقاذ OR المدينة", '"فرق الإنقاذ"')]
    checked = 0
    for n in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(20, 400)))
        spans: list[list[int]] = []
        if n % 2:
            start = rng.randint(0, len(text) // 2)
            spans = [[start, start + rng.randint(1, 300)]]
        for query in queries:
            fast = highlight(text, query, skip_spans=spans)
            monkeypatch.setattr(snippets, "OPENING_CHARS", 0)
            whole = highlight(text, query, skip_spans=spans)
            monkeypatch.setattr(snippets, "OPENING_CHARS", 600)
            assert fast == whole, (n, text, spans)
            checked += len(text) > 600
    assert checked > 300
