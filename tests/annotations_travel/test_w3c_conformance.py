"""Every MUST of the W3C Web Annotation Data Model (Recommendation of 23 February 2017) that
concerns what the room exports: annotations (3.1), bodies and targets (3.2), agents and dates
(3.3), specific resources and selectors (4), collections (5.1) and pages (5.2). One test per
requirement, named after it, run on every annotation of the demo room (with an outlet address
known for one article and a highlight awaiting a claim), served alone and in collections."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from articles.claims import webannotation
from articles.models import Annotation, Article, Claim

from .conftest import ORIGINAL_URL

pytestmark = pytest.mark.django_db
ANNO = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}  # fmt: skip
XSD_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _iri(value: Any) -> bool:
    if not isinstance(value, str) or not value or re.search(r"\s", value):
        return False
    return bool(urlsplit(value).scheme)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _context_ok(doc: dict[str, Any]) -> bool:
    return ANNO in _list(doc.get("@context"))


@pytest.fixture
def client_in(room: Article, importer: Any) -> Client:
    client = Client()
    client.force_login(importer)
    return client


@pytest.fixture
def collections(client_in: Client, room: Article) -> list[dict[str, Any]]:
    """Every exported collection: each article's and each claim's, and the whole room's."""
    docs = []
    for article in Article.objects.filter(annotations__isnull=False).distinct():
        docs.append(json.loads(client_in.get(reverse("w3c_article", args=[article.pk])).content))
    for claim in Claim.objects.all():
        docs.append(json.loads(client_in.get(reverse("w3c_claim", args=[claim.pk])).content))
    whole = "".join(webannotation.full_export("http://testserver", id="http://testserver/all"))
    docs.append(json.loads(whole))
    return docs


@pytest.fixture
def annotations(collections: list[dict[str, Any]], client_in: Client) -> list[dict[str, Any]]:
    """Every annotation as served alone, and as found in every collection."""
    alone = [
        json.loads(client_in.get(reverse("w3c_annotation", args=[pk])).content)
        for pk in Annotation.objects.values_list("pk", flat=True)
    ]
    embedded = [item for doc in collections if "first" in doc for item in doc["first"]["items"]]
    assert len(alone) == Annotation.objects.count() and embedded
    return alone + embedded


def _targets(annotation: dict[str, Any]) -> list[Any]:
    return _list(annotation["target"])


def _selectors(target: dict[str, Any]) -> list[dict[str, Any]]:
    return _list(target.get("selector", []))


# --- 3.1 Annotations --------------------------------------------------------------------------


def test_annotation_served_alone_must_have_a_context_including_the_anno_context(
    client_in: Client,
) -> None:
    for pk in Annotation.objects.values_list("pk", flat=True):
        response = client_in.get(reverse("w3c_annotation", args=[pk]))
        assert response["Content-Type"].startswith("application/ld+json")
        assert _context_ok(json.loads(response.content))


def test_annotation_must_have_exactly_one_iri_that_identifies_it(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        assert _iri(annotation.get("id"))
    alone = [a for a in annotations if "@context" in a]
    assert len({a["id"] for a in alone}) == len(alone)


def test_annotation_id_dereferences_to_the_annotation(
    client_in: Client, annotations: list[dict[str, Any]]
) -> None:
    item = annotations[-1]
    path = urlsplit(item["id"]).path
    served = json.loads(client_in.get(path).content)
    assert served["id"] == item["id"] and served["target"] == item["target"]


def test_annotation_must_have_one_or_more_types_including_annotation(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        assert "Annotation" in _list(annotation["type"])


def test_annotation_must_have_one_or_more_targets(annotations: list[dict[str, Any]]) -> None:
    for annotation in annotations:
        assert annotation.get("target") and all(_targets(annotation))


def test_motivation_and_body_purposes_must_be_motivations(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        assert set(_list(annotation["motivation"])) <= MOTIVATIONS
        for body in _list(annotation["body"]):
            if "purpose" in body:
                assert set(_list(body["purpose"])) <= MOTIVATIONS


# --- 3.2 Bodies and targets -------------------------------------------------------------------


def test_each_body_must_be_an_identified_resource_a_textual_body_or_a_specific_resource(
    annotations: list[dict[str, Any]],
) -> None:
    """External resources MUST have an IRI; a TextualBody MUST have a value; a
    SpecificResource MUST have a source. The ClaimMention is an identified resource."""
    for annotation in annotations:
        for body in _list(annotation["body"]):
            if body.get("type") == "TextualBody":
                assert "value" in body
            elif body.get("type") == "SpecificResource":
                assert "source" in body
            else:
                assert _iri(body.get("id")), body


def test_textual_body_must_have_exactly_one_value_which_is_text(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        for body in _list(annotation["body"]):
            if body.get("type") == "TextualBody":
                assert isinstance(body["value"], str) and body["value"]


def test_every_annotation_has_a_readable_language_tagged_body_with_claim_and_claimant(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        mention = next(b for b in annotation["body"] if b["type"] == "ClaimMention")
        readable = {
            b["language"]: b["value"]
            for b in annotation["body"]
            if b["type"] == "TextualBody" and b.get("purpose") == "describing"
        }
        assert "ar" in readable
        if mention["claim"] is not None:
            assert mention["claim"]["textAr"] in readable["ar"]
            if mention["claim"]["glossEn"]:
                assert mention["claim"]["glossEn"] in readable["en"]
        else:
            assert readable["ar"]  # "awaiting a claim", in words
        if mention["claimant"] is not None:
            assert mention["claimant"]["nameAr"] in readable["ar"]


def test_targets_must_be_specific_resources_with_exactly_one_source_iri(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        for target in _targets(annotation):
            assert target["type"] == "SpecificResource"
            assert _iri(target["source"])  # a single string: exactly one source


def test_target_source_is_the_outlets_address_where_known_with_the_rooms_page(
    annotations: list[dict[str, Any]], room: Article
) -> None:
    for annotation in annotations:
        sources = [t["source"] for t in _targets(annotation)]
        room_pages = [s for s in sources if "/articles/" in s and "testserver" in s]
        assert len(room_pages) == 1
        if room_pages[0].endswith(f"/articles/{room.pk}/"):
            assert sources[0] == ORIGINAL_URL
        else:
            assert len(sources) == 1


# --- 3.3 Agents and dates ---------------------------------------------------------------------


def test_created_and_modified_must_be_xsd_datetimes_with_a_timezone(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        for key in ("created", "modified"):
            assert XSD_DATETIME.match(annotation[key]), annotation[key]


def test_creator_is_an_agent_with_an_iri_and_a_name(annotations: list[dict[str, Any]]) -> None:
    """`creator` is optional (an annotation whose author's account is gone has none); when
    present it is an Agent identified by an IRI, with a name."""
    creators = [a["creator"] for a in annotations if "creator" in a]
    assert creators
    for creator in creators:
        assert _iri(creator["id"]) and creator["name"] and creator["type"] == "Person"


# --- 4 Specific resources and selectors -------------------------------------------------------


def test_text_quote_selector_must_have_exactly_one_exact_text(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        for target in _targets(annotation):
            quotes = [s for s in _selectors(target) if s["type"] == "TextQuoteSelector"]
            assert len(quotes) == 1
            assert isinstance(quotes[0]["exact"], str) and quotes[0]["exact"]
            assert all(isinstance(quotes[0].get(k, ""), str) for k in ("prefix", "suffix"))


def test_text_position_selector_must_have_one_start_and_one_end_non_negative_integers(
    annotations: list[dict[str, Any]],
) -> None:
    for annotation in annotations:
        for target in _targets(annotation):
            for selector in _selectors(target):
                if selector["type"] == "TextPositionSelector":
                    assert type(selector["start"]) is int and type(selector["end"]) is int
                    assert 0 <= selector["start"] <= selector["end"]


def test_selectors_of_a_target_select_the_same_text_of_its_source(
    annotations: list[dict[str, Any]],
) -> None:
    bodies = dict(Article.objects.values_list("content_hash", "body"))
    for annotation in annotations:
        for target in _targets(annotation):
            selectors = {s["type"]: s for s in _selectors(target)}
            if "TextPositionSelector" in selectors:
                body = bodies[target["contentHash"]]
                position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
                assert body[position["start"] : position["end"]] == quote["exact"]
                assert body[: position["start"]].endswith(quote["prefix"])
                assert body[position["end"] :].startswith(quote["suffix"])


# --- 5.1 Collections --------------------------------------------------------------------------


def test_collection_must_have_a_context_including_the_anno_context(
    collections: list[dict[str, Any]],
) -> None:
    assert all(_context_ok(doc) for doc in collections)


def test_collection_must_have_exactly_one_iri(collections: list[dict[str, Any]]) -> None:
    assert all(_iri(doc["id"]) for doc in collections)


def test_collection_must_have_one_or_more_types_including_annotation_collection(
    collections: list[dict[str, Any]],
) -> None:
    assert all("AnnotationCollection" in _list(doc["type"]) for doc in collections)


def test_collection_total_must_be_one_non_negative_integer_counting_its_annotations(
    collections: list[dict[str, Any]],
) -> None:
    for doc in collections:
        assert type(doc["total"]) is int and doc["total"] >= 0
        assert doc["total"] == len(doc.get("first", {}).get("items", []))


def test_collection_with_annotations_must_have_a_first_page_and_names_its_last(
    collections: list[dict[str, Any]],
) -> None:
    for doc in collections:
        assert doc["total"] > 0
        assert isinstance(doc["first"], dict) and _iri(doc["first"]["id"])
        assert _iri(doc["last"]) and doc["last"] == doc["first"]["id"]


def test_empty_collection_has_no_page() -> None:
    doc = webannotation.collection([], base="http://x", id="http://x/c", label="empty")
    assert doc["total"] == 0 and "first" not in doc and "last" not in doc


# --- 5.2 Pages --------------------------------------------------------------------------------


def test_page_must_have_an_iri(collections: list[dict[str, Any]]) -> None:
    ids = [doc["first"]["id"] for doc in collections]
    assert all(_iri(i) for i in ids)


def test_page_must_have_one_or_more_types_including_annotation_page(
    collections: list[dict[str, Any]],
) -> None:
    assert all("AnnotationPage" in _list(doc["first"]["type"]) for doc in collections)


def test_page_must_have_an_ordered_list_of_one_or_more_annotations_as_items(
    collections: list[dict[str, Any]],
) -> None:
    for doc in collections:
        items = doc["first"]["items"]
        assert isinstance(items, list) and items
        assert all("Annotation" in _list(i["type"]) for i in items)


def test_page_is_part_of_its_collection_and_as_last_page_has_no_next(
    collections: list[dict[str, Any]],
) -> None:
    for doc in collections:
        page = doc["first"]
        assert page["partOf"] == doc["id"]
        assert "next" not in page  # the only page is the last
        assert type(page["startIndex"]) is int and page["startIndex"] == 0


def test_annotations_embedded_in_a_page_share_the_collections_context(
    collections: list[dict[str, Any]],
) -> None:
    for doc in collections:
        assert all("@context" not in item for item in doc["first"]["items"])
