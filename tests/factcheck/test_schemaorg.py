"""The claim dossier as schema.org JSON-LD, expanded by a JSON-LD processor (pyld) offline.

The processor reads "https://schema.org" from a document loader written here: a context with
only the terms the export uses, each mapped as schema.org's own context maps it (vocabulary
http://schema.org/, url and sameAs as IRIs). Without @vocab, a term that is not in it would be
dropped by expansion, so the test also checks that nothing was dropped.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pyld import jsonld

from articles.claims.verdicts import verdict_record
from articles.models import ClaimVerdict
from articles.reports import schemaorg
from tests.factcheck.conftest import Dossier

pytestmark = pytest.mark.django_db

S = "http://schema.org/"
RR = schemaorg.RR
TYPES = ["Claim", "ClaimReview", "Rating", "NewsArticle", "NewsMediaOrganization",
         "Organization", "Person"]  # fmt: skip
PROPERTIES = [
    "alternateName", "appearance", "author", "bestRating", "claimReviewed", "datePublished",
    "description", "firstAppearance", "headline", "inLanguage", "itemReviewed", "keywords",
    "mainEntityOfPage", "name", "publisher", "ratingValue", "reviewBody", "reviewRating", "text",
    "worstRating",
]  # fmt: skip
SCHEMA_CONTEXT = {
    "@context": {
        "schema": S,
        **{t: f"schema:{t}" for t in TYPES},
        **{p: f"schema:{p}" for p in PROPERTIES},
        "url": {"@id": "schema:url", "@type": "@id"},
    }
}


def offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise jsonld.JsonLdError(
        f"no network: {url}", "jsonld.LoadDocumentError", code="loading document failed"
    )


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    return jsonld.expand(document, {"documentLoader": offline_loader})  # type: ignore[no-any-return]


def nodes(expanded: Any) -> list[dict[str, Any]]:
    """Every node object in an expanded document, however deep."""
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if "@value" in value:
                return
            found.append(value)
            for key, item in value.items():
                if not key.startswith("@"):
                    walk(item)

    walk(expanded)
    return found


def of_type(expanded: Any, name: str) -> list[dict[str, Any]]:
    return [n for n in nodes(expanded) if S + name in n.get("@type", [])]


def keys_of(value: Any) -> int:
    if isinstance(value, list):
        return sum(keys_of(v) for v in value)
    if isinstance(value, dict):
        return sum(1 + keys_of(v) for k, v in value.items() if not k.startswith("@"))
    return 0


def values(node: dict[str, Any], name: str) -> list[Any]:
    return [v.get("@value", v.get("@id")) for v in node.get(name, [])]


def get_document(client: Client, dossier: Dossier) -> dict[str, Any]:
    response = client.get(reverse("claim_schemaorg", args=[dossier.claim.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)  # type: ignore[no-any-return]


def test_claim_without_verdict_is_a_claim_and_no_claimreview(
    reader: Client, dossier: Dossier
) -> None:
    document = get_document(reader, dossier)
    expanded = expand(document)
    assert keys_of(expanded) == keys_of(document), "a term was dropped by expansion"
    assert of_type(expanded, "ClaimReview") == []
    (claim,) = [n for n in of_type(expanded, "Claim") if S + "appearance" in n]
    assert values(claim, S + "text") == [dossier.claim.text_ar]
    for required in ("appearance", "firstAppearance", "author"):
        assert claim.get(S + required), required


def test_appearances_carry_outlet_date_in_its_zone_quote_and_stance(
    reader: Client, dossier: Dossier
) -> None:
    expanded = expand(get_document(reader, dossier))
    (claim,) = [n for n in of_type(expanded, "Claim") if S + "appearance" in n]
    appearances = {a["@id"]: a for a in claim[S + "appearance"]}
    room = "http://testserver"
    first_id = f"{room}{dossier.first.get_absolute_url()}"
    assert set(appearances) == {
        f"{room}{m.get_absolute_url()}" for m in (dossier.first, dossier.denial, dossier.undated)
    }, "every mention but the rejected one"
    first = appearances[first_id]
    assert S + "NewsArticle" in first["@type"]
    assert values(first, S + "url") == [
        "https://sabq.org/news/1",
        f"{room}/articles/{dossier.first.article_id}/",
    ]
    (publisher,) = first[S + "publisher"]
    assert values(publisher, S + "name") == ["سبق"]
    assert values(publisher, S + "alternateName") == ["Sabq"]
    # 22:30 UTC on 1 January is 01:30 on 2 January in Riyadh.
    assert values(first, S + "datePublished") == ["2024-01-02T01:30:00+03:00"]
    assert values(first, S + "text") == [dossier.first.quote]
    assert values(first, RR + "stance") == ["asserts"]
    denial = appearances[f"{room}{dossier.denial.get_absolute_url()}"]
    assert values(denial, RR + "stance") == ["denies"]
    assert values(denial, S + "datePublished") == [
        "2024-01-03T11:00:00+03:00"
    ]  # Damascus: UTC+3 since 2022
    undated = appearances[f"{room}{dossier.undated.get_absolute_url()}"]
    assert S + "datePublished" not in undated
    assert values(undated, S + "url") == [f"{room}/articles/{dossier.undated.article_id}/"]
    (first_appearance,) = claim[S + "firstAppearance"]
    assert first_appearance["@id"] == first_id


def test_authors_are_the_claimants_who_put_the_claim_forward(
    reader: Client, dossier: Dossier
) -> None:
    expanded = expand(get_document(reader, dossier))
    (claim,) = [n for n in of_type(expanded, "Claim") if S + "appearance" in n]
    authors = {a["@id"]: a for a in claim[S + "author"]}
    minister = authors[f"http://testserver/claimants/{dossier.minister.pk}/"]
    assert S + "Person" in minister["@type"]
    assert values(minister, S + "name") == ["وزير الدفاع"]
    assert values(minister, S + "alternateName") == ["Minister of Defence", "الوزير"]
    ministry = authors[f"http://testserver/claimants/{dossier.ministry.pk}/"]
    assert S + "Organization" in ministry["@type"], "it reports the claim in another mention"
    assert len(authors) == 2


def test_a_recorded_verdict_makes_a_claimreview_with_its_rating(
    reader: Client, dossier: Dossier, lead_user: Any
) -> None:
    verdict_record(
        claim=dossier.claim, rating="mostly_true", explanation="صحيح في معظمه",
        reviewed_on=date(2024, 2, 1), user=lead_user,
    )  # fmt: skip
    verdict = verdict_record(
        claim=dossier.claim, rating="misleading", explanation="الصور قديمة",
        reviewed_on=date(2024, 2, 3), user=lead_user,
    )  # fmt: skip
    document = get_document(reader, dossier)
    expanded = expand(document)
    assert keys_of(expanded) == keys_of(document), "a term was dropped by expansion"
    (review,) = of_type(expanded, "ClaimReview")
    for required in ("claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished"):
        assert review.get(S + required), required
    assert values(review, S + "claimReviewed") == [dossier.claim.text_ar]
    assert values(review, S + "datePublished") == ["2024-02-03"]
    assert values(review, S + "reviewBody") == ["الصور قديمة"], "the newest verdict"
    (rating,) = review[S + "reviewRating"]
    assert values(rating, S + "ratingValue") == [ClaimVerdict.SCALE["misleading"]]
    assert values(rating, S + "bestRating") == [5] and values(rating, S + "worstRating") == [1]
    assert values(rating, S + "alternateName") == ["مضلل"]
    (item,) = review[S + "itemReviewed"]
    assert S + "Claim" in item["@type"] and item[S + "appearance"]
    (author,) = review[S + "author"]
    assert S + "Organization" in author["@type"] and values(author, S + "name")
    assert review["@id"].endswith(f"#verdict-{verdict.pk}")


def test_unproven_has_no_value_on_the_scale(
    reader: Client, dossier: Dossier, lead_user: Any
) -> None:
    verdict_record(
        claim=dossier.claim, rating="unproven", explanation="لا دليل",
        reviewed_on=date(2024, 2, 1), user=lead_user,
    )  # fmt: skip
    (review,) = of_type(expand(get_document(reader, dossier)), "ClaimReview")
    (rating,) = review[S + "reviewRating"]
    assert S + "ratingValue" not in rating
    assert values(rating, S + "alternateName") == ["غير مثبت"]
    assert values(rating, S + "bestRating") == [5]


def test_only_http_urls_and_no_bidi_controls(reader: Client, dossier: Dossier) -> None:
    from articles.models import Article, Claim

    Article.objects.filter(pk=dossier.first.article_id).update(title="\u202eexe.gnp")
    Claim.objects.filter(pk=dossier.claim.pk).update(gloss_en="x\u2066y")
    text = reader.get(reverse("claim_schemaorg", args=[dossier.claim.pk])).content.decode()
    assert "javascript:" not in text
    assert "\u202e" not in text and "\u2066" not in text and "\ufffdexe.gnp" in text


def test_the_processor_really_is_offline() -> None:
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://example.org/context.jsonld", "name": "x"})


def test_the_dossier_and_the_export_agree_on_the_first_appearance(dossier: Dossier) -> None:
    """The earliest dated mention was rejected (judged not to be this claim): neither the
    dossier page's header nor the schema.org export names it as the first appearance."""
    from articles.reports import dossiers

    spread = dossiers.claim_spread(dossier.claim)
    assert spread.first is not None and spread.first.pk == dossier.first.pk
    assert dossier.rejected.article.published_at < dossier.first.article.published_at
