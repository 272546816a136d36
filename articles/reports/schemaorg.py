"""A claim dossier as schema.org JSON-LD, the form fact-checkers exchange claims in.

The document is a `Claim` (its wording, who put it forward, every article it appeared in with
the outlet, the outlet's own date, the quote and the stance, and its first appearance). When a
lead reviewer has recorded a verdict, the document is a `ClaimReview` of that Claim instead:
rating on a 1-5 scale (false ... true; "unproven" has no value on it), explanation, date,
published by the room's organisation.

Rejected mentions (judged not to be this claim) are left out. Text is exported as stored with
bidi controls shown as U+FFFD; URLs only when they are http(s).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.models import Annotation, Claim, Claimant, ClaimVerdict, Outlet
from articles.reports import dates
from articles.reports.export_cells import safe_tree
from newsroom.security import safe_url

SCHEMA_CONTEXT = "https://schema.org"
RR = "urn:arabic-reading-room:"
# Terms schema.org has no word for: how the claimant and the outlet stood to the claim.
EXTENSION_CONTEXT: dict[str, Any] = {
    "rr": RR,
    "stance": "rr:stance",
    "framing": "rr:framing",
    "reviewStatus": "rr:reviewStatus",
    "claimant": {"@id": "rr:claimant", "@type": "@id"},
}
CONTEXT: list[Any] = [SCHEMA_CONTEXT, EXTENSION_CONTEXT]
JSONLD_CONTENT_TYPE = "application/ld+json; charset=utf-8"
PUT_FORWARD = {Annotation.Stance.ASSERTS, Annotation.Stance.REPORTS}


def organisation(base: str) -> dict[str, Any]:
    """The room itself, author of its ClaimReviews."""
    node: dict[str, Any] = {
        "@type": "Organization",
        "@id": f"{base}/#organization",
        "name": settings.ROOM_NAME_AR,
        "url": f"{base}/",
    }
    if settings.ROOM_NAME_EN:
        node["alternateName"] = settings.ROOM_NAME_EN
    return node


def claimant_node(claimant: Claimant, base: str) -> dict[str, Any]:
    url = f"{base}{reverse('claimant_detail', args=[claimant.pk])}"
    node: dict[str, Any] = {
        "@type": "Person" if claimant.kind == Claimant.Kind.PERSON else "Organization",
        "@id": url,
        "url": url,
        "name": claimant.name_ar,
    }
    alternates = list(dict.fromkeys(n for n in [claimant.name_en, *claimant.aliases] if n))
    if alternates:
        node["alternateName"] = alternates
    return node


def outlet_node(outlet: Outlet, base: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "NewsMediaOrganization",
        "@id": f"{base}{reverse('outlet_detail', args=[outlet.slug])}",
        "name": outlet.name_ar,
    }
    if outlet.name_en:
        node["alternateName"] = outlet.name_en
    if website := safe_url(outlet.website):
        node["url"] = website
    return node


def appearance(mention: Annotation, base: str) -> dict[str, Any]:
    """The article a mention is in, seen from the claim: where, by whom, when, what it said."""
    article = mention.article
    room_page = f"{base}{article.get_absolute_url()}"
    original = safe_url(article.url)
    node: dict[str, Any] = {
        "@type": "NewsArticle",
        # One node per mention (an article can carry the claim twice, with two stances).
        "@id": f"{base}{mention.get_absolute_url()}",
        "url": [original, room_page] if original else [room_page],
        "mainEntityOfPage": room_page,
        "publisher": outlet_node(article.outlet, base),
        "text": mention.quote,
        "inLanguage": article.language if article.language != "other" else None,
        "stance": mention.stance,
        "framing": mention.framing,
        "reviewStatus": mention.review_status,
    }
    if article.title:
        node["headline"] = article.title
    if article.published_at:
        node["datePublished"] = dates.outlet_local(article.published_at, article.outlet).isoformat()
    if mention.claimant is not None:
        node["claimant"] = claimant_node(mention.claimant, base)["@id"]
    return {k: v for k, v in node.items() if v is not None}


def _first(mentions: Sequence[Annotation]) -> Annotation | None:
    dated = [m for m in mentions if m.article.published_at is not None]
    return min(dated, key=lambda m: (m.article.published_at, m.article_id, m.start), default=None)


def claim_node(claim: Claim, mentions: Sequence[Annotation], base: str) -> dict[str, Any]:
    url = f"{base}{reverse('claim_detail', args=[claim.pk])}"
    mentions = [m for m in mentions if m.review_status != Annotation.ReviewStatus.REJECTED]
    authors: dict[int, dict[str, Any]] = {}
    for mention in mentions:
        if mention.claimant is not None and mention.stance in PUT_FORWARD:
            authors.setdefault(mention.claimant_id, claimant_node(mention.claimant, base))  # type: ignore[arg-type]  # claimant_id is set when claimant is
    node: dict[str, Any] = {
        "@type": "Claim",
        "@id": url,
        "url": url,
        "text": claim.text_ar,
        "inLanguage": "ar",
        "appearance": [appearance(m, base) for m in mentions],
    }
    if claim.gloss_en:
        node["description"] = claim.gloss_en
    if authors:
        node["author"] = list(authors.values())
    if (first := _first(mentions)) is not None:
        node["firstAppearance"] = appearance(first, base)
    if keywords := sorted(t.name for t in claim.tags.all()):
        node["keywords"] = keywords
    return node


def rating_node(verdict: ClaimVerdict) -> dict[str, Any]:
    with translation.override("ar"):
        label = verdict.get_rating_display()
    node: dict[str, Any] = {
        "@type": "Rating",
        "bestRating": ClaimVerdict.BEST,
        "worstRating": ClaimVerdict.WORST,
        "alternateName": str(label),
    }
    if verdict.rating_value is not None:
        node["ratingValue"] = verdict.rating_value
    return node


def claim_document(
    claim: Claim, mentions: Sequence[Annotation], verdict: ClaimVerdict | None, base: str
) -> dict[str, Any]:
    """The dossier as one JSON-LD document: a ClaimReview when a verdict is recorded, else the
    Claim alone. `mentions` come from `with_details()`."""
    claim_json = claim_node(claim, mentions, base)
    if verdict is None:
        document = {"@context": CONTEXT, **claim_json}
    else:
        document = {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "@id": f"{claim_json['url']}#verdict-{verdict.pk}",
            "url": claim_json["url"],
            "claimReviewed": claim.text_ar,
            "itemReviewed": claim_json,
            "reviewRating": rating_node(verdict),
            "reviewBody": verdict.explanation,
            "author": organisation(base),
            "datePublished": verdict.reviewed_on.isoformat(),
            "inLanguage": "ar",
        }
    safe: dict[str, Any] = safe_tree(document)
    return safe
