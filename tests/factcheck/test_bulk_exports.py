"""The all-annotations exports with the page's filters, streamed, and the links to every export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.claims import webannotation
from articles.models import Annotation
from articles.reports import streams
from tests.factcheck.conftest import Dossier

pytestmark = pytest.mark.django_db


def body(response: Any) -> bytes:
    assert response.streaming, "the export must be streamed"
    return b"".join(response.streaming_content)


def test_all_annotations_as_one_w3c_collection(reader: Client, dossier: Dossier) -> None:
    response = reader.get(reverse("w3c_all"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(body(response))
    assert document["type"] == "AnnotationCollection" and document["@context"]
    page = document["first"]
    assert page["type"] == "AnnotationPage" and page["id"] and page["partOf"] == document["id"]
    assert document["total"] == len(page["items"]) == Annotation.objects.count() == 4
    expected = {
        a.pk: webannotation.annotation_to_w3c(a, "http://testserver")
        for a in Annotation.objects.with_details()
    }
    for item in page["items"]:
        pk = int(item["id"].rsplit("/", 1)[1].removesuffix(".jsonld"))
        assert item == json.loads(json.dumps(expected[pk])), "the per-annotation serializer"


def test_the_w3c_export_applies_the_page_filters(reader: Client, dossier: Dossier) -> None:
    document = json.loads(body(reader.get(reverse("w3c_all"), {"review_status": "rejected"})))
    assert document["total"] == 1
    assert document["first"]["items"][0]["id"].endswith(
        f"/annotations/{dossier.rejected.pk}.jsonld"
    )
    document = json.loads(body(reader.get(reverse("w3c_all"), {"date_from": "2024-01-03"})))
    assert [i["id"] for i in document["first"]["items"]] == [
        webannotation.annotation_iri(dossier.denial, "http://testserver")
    ]
    assert reader.get(reverse("w3c_all"), {"date_from": "soon"}).status_code == 400


def test_the_claims_list_search_selects_the_mentions_of_the_claims_found(
    reader: Client, dossier: Dossier
) -> None:
    from articles.models import Claim

    Claim.objects.create(text_ar="ادعاء آخر لا علاقة له")
    found = json.loads(body(reader.get(reverse("w3c_all"), {"q": "انسحبت"})))
    assert found["total"] == 4
    none = json.loads(body(reader.get(reverse("w3c_all"), {"q": "لا علاقة"})))
    assert none["total"] == 0 and "first" not in none  # an empty collection has no page
    rows = list(
        csv.DictReader(
            io.StringIO(
                body(reader.get(reverse("mentions_export", args=["csv"]), {"q": "انسحبت"}))
                .decode("utf-8")
                .lstrip("\ufeff")
            )
        )
    )
    assert len(rows) == 4


def test_rows_are_fetched_a_chunk_at_a_time(
    reader: Client, dossier: Dossier, monkeypatch: Any
) -> None:
    """Tags and chains are prefetched per chunk of rows: with chunks of two, four annotations
    take two rounds of prefetching, so the rows never sit in memory all at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(streams, "CHUNK_SIZE", 2)
    with CaptureQueriesContext(connection) as queries:
        body(reader.get(reverse("w3c_all")))
    prefetches = [q for q in queries if "annotation_tags" in q["sql"]]
    assert len(prefetches) == 2
    monkeypatch.setattr(streams, "CHUNK_SIZE", 10)
    with CaptureQueriesContext(connection) as queries:
        body(reader.get(reverse("mentions_export", args=["csv"])))
    assert len([q for q in queries if "annotation_tags" in q["sql"]]) == 1


def test_json_with_list_streams_a_valid_document() -> None:
    pieces = list(
        streams.json_with_list(
            {"a": {"items": None, "n": 2}, "b": "\u202ex"}, ["a", "items"], iter([{"k": 1}, {}])
        )
    )
    assert len(pieces) > 2
    assert json.loads("".join(pieces)) == {"a": {"items": [{"k": 1}, {}], "n": 2}, "b": "\ufffdx"}
    empty = json.loads("".join(streams.json_with_list({"items": None}, ["items"], iter([]))))
    assert empty == {"items": []}


def test_every_page_links_its_exports(reader: Client, dossier: Dossier) -> None:
    article = reader.get(reverse("article_detail", args=[dossier.first.article_id]))
    assert reverse("w3c_article", args=[dossier.first.article_id]) in article.content.decode()
    claim = reader.get(reverse("claim_detail", args=[dossier.claim.pk])).content.decode()
    assert reverse("w3c_claim", args=[dossier.claim.pk]) in claim
    assert reverse("claim_schemaorg", args=[dossier.claim.pk]) in claim
    claims = reader.get(reverse("claim_list"), {"q": "انسحبت", "sort": "name"}).content.decode()
    assert f"{reverse('w3c_all')}?q=%D8" in claims
    matrix = reader.get(reverse("matrix_page"), {"alignment": "unknown", "top": 30})
    text = matrix.content.decode()
    assert f'{reverse("w3c_all")}?alignment=unknown"' in text


def test_outlet_claimant_and_matrix_cell_link_their_w3c_exports(
    reader: Client, dossier: Dossier
) -> None:
    outlet = dossier.first.article.outlet
    page = reader.get(reverse("outlet_detail", args=[outlet.slug])).content.decode()
    assert f'{reverse("w3c_all")}?outlet={outlet.slug}"' in page
    only_outlet = json.loads(body(reader.get(reverse("w3c_all"), {"outlet": outlet.slug})))
    assert only_outlet["total"] == 1
    page = reader.get(reverse("claimant_detail", args=[dossier.ministry.pk])).content.decode()
    assert f'{reverse("w3c_all")}?claimant={dossier.ministry.pk}"' in page
    cell = reader.get(
        reverse("matrix_cell"), {"claim": dossier.claim.pk, "row": outlet.pk}
    ).content.decode()
    assert f"{reverse('w3c_all')}?claim={dossier.claim.pk}&amp;row={outlet.pk}" in cell
