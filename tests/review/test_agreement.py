"""Agreement between reviewers: kappa on stance, span F1, same-claim share."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import annotation_create
from articles.claims.review import Span, cohens_kappa, match_spans, reviewer_agreement, span_f1
from articles.models import Article, Claim


def test_kappa_is_one_for_identical_labels_and_zero_at_chance() -> None:
    assert cohens_kappa([("asserts", "asserts"), ("denies", "denies")]) == 1.0
    # Rater A always says asserts; B alternates: observed 0.5, expected 0.5.
    assert cohens_kappa([("asserts", "asserts"), ("asserts", "denies")]) == 0.0
    assert cohens_kappa([]) is None


def test_kappa_textbook_value() -> None:
    labels = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohens_kappa(labels) == pytest.approx(0.4)


def test_spans_pair_by_largest_overlap_and_f1_counts_characters() -> None:
    a = [Span(1, 0, 10, "asserts", 1), Span(1, 20, 30, "denies", 2)]
    b = [Span(1, 5, 15, "asserts", 1), Span(1, 40, 50, "asserts", 3)]
    assert match_spans(a, b) == [(a[0], b[0])]
    # a marks 20 chars, b marks 20, 5 in common: precision = recall = 0.25.
    assert span_f1(a, b) == pytest.approx(0.25)


@pytest.mark.django_db
def test_agreement_page_for_leads_only(
    client: Client, demo: None, reviewer: Any, reviewer2: Any, lead: Any
) -> None:
    article = Article.objects.get(outlet__slug="sana")
    c1, c2 = Claim.objects.all()[:2]
    annotation_create(
        article=article,
        start=0,
        end=20,
        claim=c1,
        claimant=None,
        stance="asserts",
        author=reviewer,
    )
    annotation_create(
        article=article,
        start=5,
        end=20,
        claim=c1,
        claimant=None,
        stance="asserts",
        author=reviewer2,
    )
    annotation_create(
        article=article,
        start=40,
        end=60,
        claim=c2,
        claimant=None,
        stance="denies",
        author=reviewer,
    )
    pairs = reviewer_agreement(article.annotations.all())
    assert len(pairs) == 1 and pairs[0].matched == 1 and pairs[0].claim_agreement == 1.0
    client.force_login(reviewer)
    assert client.get(reverse("review_agreement")).status_code == 403
    client.force_login(lead)
    response = client.get(reverse("review_agreement"))
    assert response.status_code == 200 and "rev1 · rev2" in response.text
