"""Exports (CSV, JSON) with the page's filters, and the W3C Web Annotation round trip."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.claims import webannotation
from articles.models import Annotation, Article, Claim, Outlet
from tests.task_backends import IMMEDIATE

pytestmark = pytest.mark.django_db


def content_of(response: Any) -> bytes:
    """A response's body, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _rows(response: Any) -> list[dict[str, str]]:
    text = content_of(response).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_mentions_csv_has_one_row_per_annotation_with_everything(
    reader: Client, demo: None
) -> None:
    response = reader.get(reverse("mentions_export", args=["csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert len(rows) == Annotation.objects.count()
    binaa = next(
        r for r in rows if r["outlet_slug"] == "al-binaa" and "كوناشينكوف" in r["claimant"]
    )
    mention = Annotation.objects.get(pk=binaa["annotation_id"])
    assert binaa["quote"] == mention.quote
    assert binaa["chain"] == " | ".join(
        s.claimant.name_ar for s in mention.chain.order_by("position")
    )
    assert binaa["stance"] == mention.stance and binaa["framing"] == mention.framing
    assert binaa["published_at"].startswith("2017-10-11")
    assert binaa["link"].endswith(f"/articles/{mention.article_id}/#annotation-{mention.pk}")
    undated = next(r for r in rows if r["outlet_slug"] == "sana")
    assert undated["published_at"] == "" and undated["date_source"] == "undated"


def test_exports_apply_the_same_filters_as_the_page(reader: Client, demo: None) -> None:
    params = {"alignment": "syrian_state"}
    data = json.loads(content_of(reader.get(reverse("mentions_export", args=["json"]), params)))
    assert (
        data["count"]
        == Annotation.objects.filter(article__outlet__alignment="syrian_state").count()
    )
    assert {m["outlet_slug"] for m in data["mentions"]} == {"sana"}
    claim = Claim.objects.filter(annotations__article__outlet__slug="sana").first()
    data = json.loads(
        content_of(reader.get(reverse("mentions_export", args=["json"]), {"claim": claim.pk}))
    )
    assert {m["claim_id"] for m in data["mentions"]} == {claim.pk}
    bad = reader.get(reverse("mentions_export", args=["csv"]), {"date_from": "yesterday"})
    assert bad.status_code == 400 and "date_from" in bad.content.decode()


def test_matrix_exports_match_the_matrix_page(reader: Client, demo: None) -> None:
    params = {"mode": "outlets", "review_status": "draft"}
    page = reader.get(reverse("matrix_page"), params).context["matrix"]
    rows = _rows(reader.get(reverse("matrix_export", args=["csv"]), params))
    assert len(rows) == len(page.cells)
    for row in rows:
        cell = page.cell(int(row["row_id"]), int(row["claim_id"]))
        assert int(row["mentions"]) == cell.total
        assert int(row["stance_asserts"]) == cell.stance["asserts"]
        assert int(row["framing_endorses"]) == cell.framing["endorses"]
    data = json.loads(
        reader.get(reverse("matrix_export", args=["json"]), {"mode": "claimants"}).content
    )
    assert data["mode"] == "claimants" and data["cells"][0]["row_type"] == "claimant"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(reader: Client, demo: None) -> None:
    mention = Annotation.objects.first()
    mention.note = '=HYPERLINK("http://evil")'
    mention.save()
    rows = _rows(reader.get(reverse("mentions_export", args=["csv"])))
    assert next(r for r in rows if r["annotation_id"] == str(mention.pk))["note"].startswith("'=")


def _jsonld(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def test_web_annotation_export_per_article_has_both_selectors_and_the_claim(
    reader: Client, demo: None
) -> None:
    article = Article.objects.get(outlet__slug="al-binaa")
    doc = _jsonld(reader, reverse("w3c_article", args=[article.pk]))
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == article.annotations.count()
    item = doc["first"]["items"][0]
    assert item["id"].endswith(".jsonld")
    mention = Annotation.objects.get(pk=int(item["id"].rsplit("/", 1)[1].split(".")[0]))
    assert item["type"] == "Annotation" and item["motivation"] == "identifying"
    assert not article.url  # no original address: the room's copy is the only target
    assert item["target"]["source"].endswith(f"/articles/{article.pk}/")
    quote, position = item["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": mention.quote,
        "prefix": mention.prefix,
        "suffix": mention.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": mention.start, "end": mention.end}
    assert article.body[position["start"] : position["end"]] == quote["exact"]
    body = item["body"][0]
    assert body["type"] == "ClaimMention"
    assert body["claim"]["textAr"] == mention.claim.text_ar
    assert body["claimant"]["nameAr"] == mention.claimant.name_ar
    assert [a["nameAr"] for a in body["chain"]] == [
        s.claimant.name_ar for s in mention.chain.order_by("position")
    ]
    assert body["stance"] == mention.stance
    assert item["created"] and item["modified"]


def _comparable(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The annotations of a document without their ids (new rows get new ids)."""
    items = []
    for item in doc["first"]["items"]:
        item = {k: v for k, v in item.items() if k != "id"}
        item["body"] = [{k: v for k, v in b.items() if k != "id"} for b in item["body"]]
        items.append(item)
    return sorted(items, key=lambda i: json.dumps(i["target"], sort_keys=True))


def test_web_annotations_round_trip_exactly(
    reader: Client, demo: None, user: Any, admin_user: Any
) -> None:
    claim = Claim.objects.get(gloss_en__startswith="The US-led coalition coordinates")
    # An import's author is its importer and it lands as a draft: a round trip is exact for those.
    claim.annotations.update(author=admin_user, review_status="draft")
    url = reverse("w3c_claim", args=[claim.pk])
    exported = _jsonld(reader, url)
    Annotation.objects.filter(claim=claim).delete()

    result = webannotation.import_json(json.dumps(exported), importer=admin_user)

    assert len(result.created) == exported["total"] and result.already_present == 0
    again = _jsonld(reader, url)
    assert _comparable(again) == _comparable(exported)
    # Importing the same document twice restores nothing twice.
    again_result = webannotation.import_json(json.dumps(exported), importer=admin_user)
    assert again_result.already_present == exported["total"]


HOSTILE = [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "Annotation 1: not an object of type Annotation"),
    (b'{"type": "Person"}', "not a Web Annotation document"),
    (b'{"type": "AnnotationCollection", "first": {"items": "x"}}', "no list of annotations"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
]


@pytest.mark.parametrize(("raw", "message"), HOSTILE)
def test_malformed_documents_get_a_clear_error(
    demo: None, admin_user: Any, raw: bytes, message: str
) -> None:
    with pytest.raises(webannotation.WebAnnotationError) as error:
        webannotation.import_json(raw, importer=admin_user)
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda i: i["target"]["selector"][1].update(end=10**9), "outside the article"),
        (lambda i: i["target"]["selector"][1].update(start=-1), "outside the article"),
        (lambda i: i["target"]["selector"][1].update(start="3"), "whole numbers"),
        (lambda i: i["body"][0].update(stance="shouts"), "unknown stance"),
        (lambda i: i["body"][0].update(claim=5), "no claim"),
        (lambda i: i["body"][0].update(chain=[{"nameAr": 5}]), "must be text"),
        (lambda i: i["body"][0].update(tags=[["nested"]]), "tags"),
        (lambda i: i.update(created="last week"), "ISO 8601"),
        (lambda i: i["target"].pop("selector"), "no selectors"),
    ],
)
def test_hostile_annotations_are_refused_and_nothing_is_imported(
    reader: Client, demo: None, admin_user: Any, change: Any, message: str
) -> None:
    article = Article.objects.get(outlet__slug="al-binaa")
    doc = _jsonld(reader, reverse("w3c_article", args=[article.pk]))
    Annotation.objects.filter(article=article).delete()
    change(doc["first"]["items"][-1])
    with pytest.raises(webannotation.WebAnnotationError) as error:
        webannotation.import_json(json.dumps(doc), importer=admin_user)
    text = " ".join(error.value.messages)
    assert message in text and f"Annotation {len(doc['first']['items'])}:" in text
    assert not Annotation.objects.filter(article=article).exists()  # all or nothing


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda i: i["target"]["selector"][0].update(exact="نص آخر تماما لا يرد هنا"),
            "does not match",
        ),
        (
            lambda i: i["target"].update(
                source="https://elsewhere/articles/999999/", contentHash="x"
            ),
            "not in this reading room",
        ),
    ],
)
def test_unresolvable_annotations_are_skipped_and_listed_the_others_imported(
    reader: Client, demo: None, admin_user: Any, change: Any, message: str
) -> None:
    article = Article.objects.get(outlet__slug="al-binaa")
    doc = _jsonld(reader, reverse("w3c_article", args=[article.pk]))
    Annotation.objects.filter(article=article).delete()
    change(doc["first"]["items"][-1])
    report = webannotation.import_json(json.dumps(doc), importer=admin_user)
    n = len(doc["first"]["items"])
    assert report.created_count == n - 1 and report.refused_count == 1
    assert report.refused[0].startswith(f"Annotation {n}") and message in report.refused[0]
    assert article.annotations.count() == n - 1


def test_oversized_upload_is_refused(demo: None, admin_user: Any) -> None:
    with pytest.raises(webannotation.WebAnnotationError, match="larger than"):
        webannotation.import_json(b" " * (webannotation.MAX_BYTES + 1), importer=admin_user)


def test_import_page_is_for_staff_and_reports_problems(
    client: Client,
    reader: Client,
    editor: Client,
    demo: None,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    # The import runs in the background worker (issue 20, item 9); here, at once.
    settings.TASKS = IMMEDIATE
    url = reverse("w3c_import")
    assert reader.get(url).status_code == 403  # not for readers
    assert editor.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        bad = editor.post(url, {"file": SimpleUploadedFile("a.jsonld", b"{oops")})
    assert bad.status_code == 302 and "not valid JSON" in editor.get(bad["Location"]).text
    article = Article.objects.get(outlet__slug="sana")
    doc = editor.get(reverse("w3c_article", args=[article.pk])).content
    Annotation.objects.filter(article=article).delete()
    with django_capture_on_commit_callbacks(execute=True):
        good = editor.post(url, {"file": SimpleUploadedFile("a.jsonld", doc)})
    assert good.status_code == 302 and article.annotations.count() == json.loads(doc)["total"]
    assert Outlet.objects.filter(slug="sana").exists()
