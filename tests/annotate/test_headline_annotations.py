"""Annotations in the headline and the byline: offsets into their own stored text, everywhere."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from articles.claims import webannotation
from articles.claims.annotations import annotation_create, article_replace_body
from articles.claims.parts import UnknownPart, part_of_selectors, selectors_for_part
from articles.claims.review import reviewer_agreement
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, AttributionProposal, Claim, Outlet
from articles.proposals.services import covered

pytestmark = pytest.mark.django_db

TITLE = "مع بدء انسحاب القـ.ـوات الأمريكية من العراق"
BYLINE = "بقلم مراسل الوكالة في دمشق"
BODY = "قال مسؤول عراقي إن الانسحاب بدأ.\nوأضاف أن القوات الأمريكية ستبقى في سوريا."
WORD = "القـ.ـوات"  # obfuscated: it occurs in the headline only


@pytest.fixture
def article(db: None) -> Article:
    outlet = Outlet.objects.create(name_ar="نورث بالس", slug="north")
    return Article.objects.create(
        outlet=outlet,
        title=TITLE,
        author=BYLINE,
        body=BODY,
        content_hash=content_hash(TITLE, BODY),
    )


@pytest.fixture
def claim(db: None) -> Claim:
    return Claim.objects.create(text_ar="القوات الأمريكية تنسحب من العراق")


def _title_annotation(article: Article, claim: Claim, **extra: Any) -> Annotation:
    start = TITLE.index(WORD)
    return annotation_create(
        article=article,
        part=Annotation.Part.TITLE,
        start=start,
        end=start + len(WORD),
        claim=claim,
        claimant=None,
        **extra,
    )


def test_a_headline_annotation_quotes_the_headline_not_the_body(
    article: Article, claim: Claim
) -> None:
    annotation = _title_annotation(article, claim)
    assert annotation.part == "title"
    assert annotation.quote == WORD
    assert annotation.prefix == TITLE[: TITLE.index(WORD)]
    assert WORD not in article.body
    snapshot = annotation.revisions.get().snapshot
    assert snapshot["part"] == "title" and snapshot["quote"] == WORD


def test_a_byline_annotation_counts_in_the_author_field(article: Article, claim: Claim) -> None:
    annotation = annotation_create(
        article=article, part="byline", start=0, end=4, claim=claim, claimant=None
    )
    assert annotation.quote == BYLINE[:4]


def test_the_database_refuses_a_headline_span_beyond_the_headline(
    article: Article, claim: Claim
) -> None:
    # Within the body's length, beyond the title's: only the part's own text counts.
    assert len(TITLE) + 5 < len(BODY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            article=article, part="title", start=0, end=len(TITLE) + 5, quote="x", claim=claim
        )


def test_the_database_refuses_a_headline_shortened_under_an_annotation(
    article: Article, claim: Claim
) -> None:
    _title_annotation(article, claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="عنوان قصير")
    # The body may shrink below the headline span's end: it is not the span's text.
    article_replace_body(article=article, body="نص قصير")


def test_a_new_version_moves_headline_annotations_in_the_new_headline(
    article: Article, claim: Claim
) -> None:
    title_mention = _title_annotation(article, claim)
    body_mention = annotation_create(
        article=article, start=BODY.index("القوات"), end=BODY.index("القوات") + 6, claim=claim,
        claimant=None,
    )  # fmt: skip
    report = article_replace_body(article=article, body=BODY, title="عاجل: " + TITLE, user=None)
    title_mention.refresh_from_db()
    body_mention.refresh_from_db()
    assert report.moved == [title_mention.pk] and report.kept == [body_mention.pk]
    assert article.title[title_mention.start : title_mention.end] == WORD
    assert not title_mention.is_orphan
    # A headline without the words orphans the mention; the body's stays.
    report = article_replace_body(article=article, body=BODY, title="عنوان آخر تماما")
    title_mention.refresh_from_db()
    assert report.orphaned == [title_mention.pk] and title_mention.is_orphan


def test_editing_the_headline_in_the_admin_re_anchors(
    article: Article, claim: Claim, admin_client: Client
) -> None:
    annotation = _title_annotation(article, claim)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"outlet": article.outlet_id, "title": "تحديث: " + TITLE, "author": BYLINE}
    data |= {"body": BODY, "language": "ar", "url": "", "published_at_source": ""}
    data |= {"published_at_0": "", "published_at_1": ""}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    annotation.refresh_from_db()
    article.refresh_from_db()
    assert article.title.startswith("تحديث")
    assert article.title[annotation.start : annotation.end] == WORD


def test_the_editor_opens_and_saves_a_headline_passage(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    start = TITLE.index(WORD)
    editor = reader_client.get(
        reverse("annotation_new", args=[article.pk]),
        {"part": "title", "start": start, "end": start + len(WORD)},
        headers={"HX-Request": "true"},
    )
    html = editor.content.decode()
    assert WORD in html and 'name="part" value="title"' in html and "In the headline" in html
    response = reader_client.post(
        reverse("annotation_add", args=[article.pk]),
        {
            "part": "title",
            "start": start,
            "end": start + len(WORD),
            "quote": WORD,
            "claim": claim.pk,
            "stance": "asserts",
            "framing": "neutral",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    saved = Annotation.objects.get()
    assert (saved.part, saved.quote) == ("title", WORD)
    assert '"part": "title"' in response.headers["HX-Trigger"]


def test_a_body_offset_posted_with_a_headline_quote_is_refused(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    start = TITLE.index(WORD)
    response = reader_client.post(
        reverse("annotation_add", args=[article.pk]),
        {"start": start, "end": start + len(WORD), "quote": WORD, "claim": claim.pk,
         "stance": "asserts", "framing": "neutral"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "does not match the article" in response.content.decode()
    assert not Annotation.objects.exists()


def test_the_article_page_marks_the_headline_and_lists_its_mention_first(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    annotation_create(article=article, start=0, end=3, claim=claim, claimant=None)
    mention = _title_annotation(article, claim)
    html = reader_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert f'id="article-title" data-part="title" data-start="0" data-end="{len(TITLE)}"' in html
    assert f'data-part="byline" data-start="0" data-end="{len(BYLINE)}"' in html
    cards = (
        html.index('data-part="body" data-start="0"'),
        html.index(f'id="annotation-{mention.pk}"'),
    )
    assert cards[1] < cards[0], "the headline's mention comes first in reading order"
    assert "In the headline" in html


def test_exports_say_which_part_the_quote_is_in(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    _title_annotation(article, claim)
    raw = b"".join(
        reader_client.get(reverse("mentions_export", args=["csv"])).streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert rows[0]["part"] == "title" and rows[0]["quote"] == WORD
    data = json.loads(
        b"".join(reader_client.get(reverse("mentions_export", args=["json"])).streaming_content)
    )
    assert data["mentions"][0]["part"] == "title"


def test_w3c_selectors_refine_the_headline_element_and_import_back(
    reader_client: Client, article: Article, claim: Claim, admin_user: Any
) -> None:
    _title_annotation(article, claim, stance="asserts", author=admin_user)
    doc = json.loads(reader_client.get(reverse("w3c_article", args=[article.pk])).content)
    selectors = doc["first"]["items"][0]["target"]["selector"]
    assert {s["type"] for s in selectors} == {"CssSelector"}
    assert {s["value"] for s in selectors} == {"#article-title"}
    refined = {s["refinedBy"]["type"]: s["refinedBy"] for s in selectors}
    assert refined["TextQuoteSelector"]["exact"] == WORD
    assert (
        TITLE[refined["TextPositionSelector"]["start"] : refined["TextPositionSelector"]["end"]]
        == WORD
    )
    Annotation.objects.all().delete()
    result = webannotation.import_json(json.dumps(doc), importer=admin_user)
    restored = result.created[0]
    assert (restored.part, restored.quote, restored.start) == ("title", WORD, TITLE.index(WORD))
    # The same offsets read against the body do not match: the part is not guessed.
    for selector in doc["first"]["items"][0]["target"]["selector"]:
        selector["value"] = "#article-byline"
    with pytest.raises(webannotation.WebAnnotationError, match="does not match"):
        Annotation.objects.all().delete()
        webannotation.import_json(json.dumps(doc), importer=admin_user)


def test_body_selectors_are_unchanged_and_unknown_elements_refused() -> None:
    plain = [{"type": "TextPositionSelector", "start": 1, "end": 2}]
    assert selectors_for_part("body", plain) == plain
    assert part_of_selectors(plain) == ("body", plain)
    with pytest.raises(UnknownPart):
        part_of_selectors([{"type": "CssSelector", "value": "#nav", "refinedBy": plain[0]}])
    mixed = [{"type": "CssSelector", "value": "#article-title", "refinedBy": plain[0]}, plain[0]]
    with pytest.raises(UnknownPart):
        part_of_selectors(mixed)


def test_agreement_never_pairs_a_headline_span_with_a_body_span(
    article: Article, claim: Claim, user: Any, other_user: Any
) -> None:
    annotation_create(article=article, part="title", start=0, end=10, claim=claim, claimant=None,
                      author=user)  # fmt: skip
    annotation_create(article=article, start=0, end=10, claim=claim, claimant=None,
                      author=other_user)  # fmt: skip
    (pair,) = reviewer_agreement(Annotation.objects.all())
    assert pair.matched == 0 and pair.span_f1 == 0.0


def test_a_headline_annotation_does_not_cover_a_body_proposal(
    article: Article, claim: Claim
) -> None:
    mention = annotation_create(
        article=article, part="title", start=0, end=20, claim=claim, claimant=None
    )
    proposal = AttributionProposal(article=article, start=0, end=20)
    assert not covered(proposal, [mention])
    mention.part = "body"
    assert covered(proposal, [mention])
