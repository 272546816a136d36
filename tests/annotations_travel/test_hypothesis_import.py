"""Annotations exported from Hypothesis come in (issue 17, item 2).

The samples are written here after Hypothesis's documented formats: its API's JSON (a list, a
search result's `rows`, an export file's `annotations`) and the JSON-LD it serves. Their
TextPositionSelectors count UTF-16 units from the start of the whole web page (menus
included), so they are wrong for the stored text; the quote, its prefix and suffix decide."""

from __future__ import annotations

import json
from typing import Any

import pytest

from articles.claims import webannotation
from articles.claims.anchoring import normalise_url
from articles.models import Annotation, Article

from .conftest import make_article

pytestmark = pytest.mark.django_db

SENTENCE = "وقال المتحدث إن القوات دخلت المدينة صباح اليوم."
BODY = (
    "🚨 عاجل 🚨 مصادر محلية تتحدث عن اشتباكات في ريف المدينة.\n"
    + SENTENCE
    + " وأضاف أن المدنيين غادروا الأحياء الشرقية.\n"
    + "وفي بيان لاحق، "
    + SENTENCE
    + " ونفى الجيش ذلك في بيان رسمي مساء اليوم."
)
MENU = "الرئيسية | سياسة | اقتصاد | رياضة 📰\n"
URL = "https://www.example-news.sa/news/2024/clashes/"
# How the outlet's page reads: menus first, and the editors' vocalisation in the second
# occurrence (the stored body has none).
PAGE = MENU + BODY.replace("وفي بيان لاحق، وقال", "وفي بيانٍ لاحقٍ، وقال")


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def selectors(page: str, exact: str, occurrence: int = 0) -> list[dict[str, Any]]:
    """What Hypothesis records: a range, a position (UTF-16, whole page) and a quote."""
    start = -1
    for _ in range(occurrence + 1):
        start = page.index(exact, start + 1)
    end = start + len(exact)
    return [
        {"type": "RangeSelector", "startContainer": "/main[1]/article[1]/p[2]",
         "startOffset": 0, "endContainer": "/main[1]/article[1]/p[2]", "endOffset": 20},
        {"type": "TextPositionSelector", "start": utf16(page[:start]), "end": utf16(page[:end])},
        {"type": "TextQuoteSelector", "exact": exact,
         "prefix": page[max(0, start - 32) : start], "suffix": page[end : end + 32]},
    ]  # fmt: skip


def api_row(exact: str, *, uri: str = URL, occurrence: int = 0, **extra: Any) -> dict[str, Any]:
    row = {
        "id": f"hyp{occurrence}{len(exact)}",
        "created": "2024-03-01T09:15:02.123456+00:00",
        "updated": "2024-03-01T09:20:41.000000+00:00",
        "user": "acct:alice@hypothes.is",
        "uri": uri,
        "text": "يبدو أن هذا الادعاء يتكرر 🤔",
        "tags": ["اشتباكات", "ريف 🌾"],
        "group": "__world__",
        "permissions": {"read": ["group:__world__"], "admin": ["acct:alice@hypothes.is"]},
        "target": [{"source": uri, "selector": selectors(PAGE, exact, occurrence)}],
        "document": {"title": ["اشتباكات في ريف المدينة"]},
        "links": {"html": f"https://hypothes.is/a/hyp{occurrence}{len(exact)}"},
        "user_info": {"display_name": "Alice"},
        "flagged": False,
        "hidden": False,
    }
    row.update(extra)
    return row


def jsonld(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": row["links"]["html"],
        "created": row["created"],
        "modified": row["updated"],
        "creator": row["user"],
        "body": [{"type": "TextualBody", "value": row["text"], "format": "text/markdown"}]
        + [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in row["tags"]],
        "target": [{"source": row["uri"], "selector": row["target"][0]["selector"]}],
    }


@pytest.fixture(autouse=True)
def _english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def article(demo: None) -> Article:
    # The room stored the address with tracking parameters and without "www.".
    return make_article(BODY, "http://example-news.sa/news/2024/clashes?utm_source=x&fbclid=1")


def test_addresses_normalise_scheme_www_trailing_slash_and_tracking() -> None:
    assert normalise_url(URL) == normalise_url(
        "http://example-news.sa/news/2024/clashes?utm_campaign=a&fbclid=b#comments"
    )
    assert normalise_url(URL) != normalise_url("https://example-news.sa/news/2024/other/")
    assert normalise_url("https://x.sa/a?id=2&b=1") == normalise_url("https://x.sa/a/?b=1&id=2")


def test_hypothesis_api_json_lands_as_drafts_awaiting_a_claim(
    article: Article, importer: Any
) -> None:
    rows = [api_row("اشتباكات في ريف المدينة"), api_row("المدنيين غادروا الأحياء الشرقية")]
    report = webannotation.import_json(json.dumps(rows), importer=importer)
    assert report.created_count == 2 and report.awaiting_claim == 2
    for annotation in Annotation.objects.filter(article=article):
        assert annotation.claim is None and annotation.review_status == "draft"
        assert annotation.author == importer
        assert annotation.note.startswith("يبدو أن هذا الادعاء يتكرر 🤔")
        # The named creator, as text only.
        assert "Alice (acct:alice@hypothes.is)" in annotation.note
        assert sorted(t.name for t in annotation.tags.all()) == ["اشتباكات", "ريف 🌾"]
        assert article.body[annotation.start : annotation.end] == annotation.quote
        assert annotation.created_at.isoformat().startswith("2024-03-01T09:15:02")


def test_utf16_positions_of_the_whole_page_are_only_a_hint(article: Article, importer: Any) -> None:
    exact = "مصادر محلية تتحدث"
    row = api_row(exact)
    position = row["target"][0]["selector"][1]
    # Emoji and the menu make the page's UTF-16 offset differ from the body's code points.
    assert position["start"] != BODY.index(exact)
    webannotation.import_json(json.dumps([row]), importer=importer)
    annotation = Annotation.objects.get(article=article)
    assert (annotation.start, annotation.end) == (BODY.index(exact), BODY.index(exact) + len(exact))


def test_a_repeated_quote_is_told_apart_by_its_prefix_and_suffix(
    article: Article, importer: Any
) -> None:
    second = BODY.index(SENTENCE, BODY.index(SENTENCE) + 1)
    row = api_row(SENTENCE, occurrence=1)
    # The page's prefix has vocalisation the body lacks: the match is by closeness.
    assert row["target"][0]["selector"][2]["prefix"] not in BODY
    webannotation.import_json(json.dumps([row]), importer=importer)
    assert Annotation.objects.get(article=article).start == second
    first = api_row(SENTENCE, occurrence=0)
    webannotation.import_json(json.dumps([first]), importer=importer)
    assert sorted(article.annotations.values_list("start", flat=True)) == [
        BODY.index(SENTENCE),
        second,
    ]


def test_a_page_whose_text_differs_from_the_stored_body_is_anchored_fuzzily(
    article: Article, importer: Any
) -> None:
    row = api_row("وفي بيانٍ لاحقٍ")
    page_quote = "وفي بيانٍ لاحقٍ"  # as the page reads
    row["target"][0]["selector"][2]["exact"] = page_quote
    report = webannotation.import_json(json.dumps([row]), importer=importer)
    annotation = Annotation.objects.get(article=article)
    assert report.reanchored == 1
    assert annotation.quote == "وفي بيان لاحق"


def test_hypothesis_json_ld_imports_like_its_api_json(article: Article, importer: Any) -> None:
    doc = jsonld(api_row("اشتباكات في ريف المدينة"))
    report = webannotation.import_json(json.dumps(doc), importer=importer)
    annotation = Annotation.objects.get(pk=report.created_ids[0])
    assert annotation.claim is None and annotation.note.startswith("يبدو")
    assert sorted(t.name for t in annotation.tags.all()) == ["اشتباكات", "ريف 🌾"]


@pytest.mark.parametrize("wrap", ["rows", "annotations"])
def test_search_results_and_export_files_are_read(
    article: Article, importer: Any, wrap: str
) -> None:
    doc = {"total": 1, wrap: [api_row("اشتباكات في ريف المدينة")]}
    assert webannotation.import_json(json.dumps(doc), importer=importer).created_count == 1


def test_unresolvable_annotations_are_listed_with_a_reason_and_the_rest_imported(
    article: Article, importer: Any
) -> None:
    rows = [
        api_row("اشتباكات في ريف المدينة"),
        api_row("اشتباكات في ريف المدينة", uri="https://elsewhere.example/story/9"),
        api_row("اشتباكات في ريف المدينة", id="gone"),
    ]
    rows[2]["target"][0]["selector"][2]["exact"] = "جملة لا ترد في الخبر أبداً بأي شكل"
    rows[2]["target"][0]["selector"][2]["prefix"] = ""
    rows[2]["target"][0]["selector"][2]["suffix"] = ""
    report = webannotation.import_json(json.dumps(rows), importer=importer)
    assert report.created_count == 1 and report.refused_count == 2
    assert "not in this reading room" in report.refused[0]
    assert "does not match" in report.refused[1]


def test_a_malformed_annotation_refuses_the_whole_file(article: Article, importer: Any) -> None:
    rows = [api_row("اشتباكات في ريف المدينة"), api_row("مصادر محلية", created="yesterday")]
    with pytest.raises(webannotation.WebAnnotationError, match="ISO 8601"):
        webannotation.import_json(json.dumps(rows), importer=importer)
    assert not Annotation.objects.filter(article=article).exists()  # nothing half-written


def test_a_dry_run_reports_and_writes_nothing(article: Article, importer: Any) -> None:
    rows = [api_row("اشتباكات في ريف المدينة")]
    report = webannotation.import_json(json.dumps(rows), importer=importer, dry_run=True)
    assert report.created_count == 1 and report.tags_created == 2
    assert not Annotation.objects.filter(article=article).exists()
    again = webannotation.import_json(json.dumps(rows), importer=importer)
    assert again.created_count == 1
    twice = webannotation.import_json(json.dumps(rows), importer=importer)
    assert twice.created_count == 0 and twice.already_present == 1
