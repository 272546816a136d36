"""The data model's rules, enforced by the database itself."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from articles.claims.annotations import annotation_create
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, ClaimRelation, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def article() -> Article:
    outlet = Outlet.objects.create(name_ar="سانا", slug="sana")
    body = "قال المتحدث إن القوات وصلت. 𝔸 نص بعد حرف خارج المستوى الأساسي."
    return Article.objects.create(
        outlet=outlet, title="عنوان", body=body, content_hash=content_hash("", body)
    )


@pytest.fixture
def claim() -> Claim:
    return Claim.objects.create(text_ar="القوات وصلت")


def make_annotation(article: Article, claim: Claim, start: int, end: int) -> Annotation:
    return Annotation.objects.create(article=article, claim=claim, start=start, end=end, quote="x")


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2)])
def test_database_rejects_impossible_spans(
    article: Article, claim: Claim, start: int, end: int
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_annotation(article, claim, start, end)


def test_database_rejects_span_ending_beyond_the_body(article: Article, claim: Claim) -> None:
    length = len(article.body)
    make_annotation(article, claim, length - 3, length)  # the very end is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        make_annotation(article, claim, 0, length + 1)


def test_offsets_count_code_points_not_utf16_units(article: Article, claim: Claim) -> None:
    # The body holds one astral character (two UTF-16 units, one code point): a span ending at
    # the body's code-point length must be accepted by the database's own length check.
    assert len(article.body) < len(article.body.encode("utf-16-le")) // 2
    start = article.body.index("𝔸")
    annotation = annotation_create(
        article=article, start=start, end=len(article.body), claim=claim, claimant=None
    )
    assert annotation.quote.startswith("𝔸")


def test_body_cannot_shrink_under_an_anchored_annotation(article: Article, claim: Claim) -> None:
    make_annotation(article, claim, 10, len(article.body))
    article.body = article.body[:5]
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_content_hash_is_unique_after_unicode_and_space_folding(article: Article) -> None:
    same_text = "  " + article.body.replace(" ", "\u00a0 \n") + "\n"
    assert content_hash("", same_text) == article.content_hash
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            outlet=article.outlet, body=same_text, content_hash=content_hash("", same_text)
        )


def test_claim_cannot_relate_to_itself(claim: Claim) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimRelation.objects.create(from_claim=claim, to_claim=claim, kind="contradicts")


def test_annotation_create_records_quote_context_chain_and_history(
    article: Article, claim: Claim
) -> None:
    agency = Claimant.objects.create(name_ar="سانا", kind="news_agency")
    speaker = Claimant.objects.create(name_ar="المتحدث", kind="person", parent=agency)
    start = article.body.index("القوات")
    annotation = annotation_create(
        article=article, start=start, end=start + len("القوات وصلت"), claim=claim,
        claimant=speaker, chain=[agency, speaker], stance="asserts",
    )  # fmt: skip
    assert annotation.quote == "القوات وصلت"
    end = start + len("القوات وصلت")
    assert annotation.suffix == article.body[end:][:32] and annotation.suffix
    assert annotation.prefix == article.body[:start][-32:]
    assert [s.claimant for s in annotation.chain.all()] == [agency, speaker]
    revision = annotation.revisions.get()
    assert revision.action == "created" and revision.snapshot["chain"] == [agency.pk, speaker.pk]
