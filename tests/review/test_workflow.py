"""Drafts, confirmation, disputes and their resolution; who may decide what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import annotation_create
from articles.claims.review import review_confirm, review_dispute, review_resolve
from articles.models import Annotation, AnnotationRevision, Article, Claim, ReviewDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo: None, reviewer: Any) -> Annotation:
    article = Article.objects.get(outlet__slug="sana")
    return annotation_create(
        article=article,
        start=0,
        end=9,
        claim=Claim.objects.first(),
        claimant=None,
        author=reviewer,
    )


def test_annotations_start_as_drafts(draft: Annotation) -> None:
    assert draft.review_status == "draft"


def test_reviewer_cannot_confirm_their_own_annotation(draft: Annotation, reviewer: Any) -> None:
    with pytest.raises(PermissionDenied):
        review_confirm(annotation=draft, user=reviewer)


def test_reader_cannot_review(draft: Annotation, reader: Any) -> None:
    with pytest.raises(PermissionDenied):
        review_confirm(annotation=draft, user=reader)


def test_another_reviewer_confirms_and_history_shows_who(draft: Annotation, reviewer2: Any) -> None:
    confirmed = review_confirm(annotation=draft, user=reviewer2, reason="matches the text")
    assert confirmed.review_status == "confirmed" and confirmed.version == draft.version + 1
    revision = AnnotationRevision.objects.filter(annotation_ref=draft.pk, action="reviewed").get()
    assert revision.user == reviewer2 and revision.changes["review_status"] == [
        "draft",
        "confirmed",
    ]


def test_dispute_needs_a_reason(draft: Annotation, reviewer2: Any) -> None:
    with pytest.raises(ValidationError):
        review_dispute(annotation=draft, user=reviewer2, reason="  ")


def test_only_a_lead_resolves_a_dispute(draft: Annotation, reviewer2: Any, lead: Any) -> None:
    review_dispute(annotation=draft, user=reviewer2, reason="wrong claimant")
    with pytest.raises(PermissionDenied):
        review_resolve(annotation=draft, user=reviewer2, accept=True, reason="no")
    resolved = review_resolve(
        annotation=draft, user=lead, accept=False, reason="the claimant is SANA"
    )
    assert resolved.review_status == "rejected"
    decisions = list(
        ReviewDecision.objects.filter(annotation=draft).values_list("decision", "user__username")
    )
    assert decisions == [("dispute", "rev2"), ("resolve_reject", "lead")]


def test_queue_lists_others_drafts_and_disputes_for_leads(
    client: Client, draft: Annotation, reviewer: Any, reviewer2: Any, lead: Any
) -> None:
    client.force_login(reviewer)
    assert draft not in client.get(reverse("review_queue")).context["page"]
    client.force_login(reviewer2)
    assert draft in client.get(reverse("review_queue")).context["page"]
    review_dispute(annotation=draft, user=reviewer2, reason="unclear")
    assert draft not in client.get(reverse("review_queue")).context["page"]
    client.force_login(lead)
    assert draft in client.get(reverse("review_queue")).context["page"]


def test_decision_through_htmx_answers_a_fragment_and_an_event(
    client: Client, draft: Annotation, reviewer2: Any
) -> None:
    client.force_login(reviewer2)
    response = client.post(
        reverse("review_decide", args=[draft.pk]),
        {"action": "confirm", "version": draft.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "annotationReviewed" in response["HX-Trigger"]
    response = client.post(
        reverse("review_decide", args=[draft.pk]),
        {"action": "confirm", "version": draft.version + 1},
        headers={"HX-Request": "true"},
    )
    assert (
        response.status_code == 422 and "draft" in response.text.lower() or "مسودة" in response.text
    )


def test_queue_query_count_is_constant(
    client: Client, demo: None, reviewer: Any, reviewer2: Any, django_assert_num_queries: Any
) -> None:
    article = Article.objects.get(outlet__slug="sana")
    claim = Claim.objects.first()
    client.force_login(reviewer2)
    annotation_create(article=article, start=0, end=5, claim=claim, claimant=None, author=reviewer)
    client.get(reverse("review_queue"))  # loads session, user and permissions into the cache
    with django_assert_num_queries(6) as first:
        client.get(reverse("review_queue"))
    for i in range(15):
        annotation_create(
            article=article, start=i + 1, end=i + 9, claim=claim, claimant=None, author=reviewer
        )
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("review_queue"))


def test_reviewer_cannot_edit_another_reviewers_annotation(
    client: Client, draft: Annotation, reviewer2: Any, lead: Any
) -> None:
    data = {
        "version": draft.version,
        "claim": draft.claim_id,
        "stance": "denies",
        "framing": "neutral",
    }
    client.force_login(reviewer2)
    assert client.post(reverse("annotation_save", args=[draft.pk]), data).status_code == 403
    assert (
        client.post(reverse("annotation_delete", args=[draft.pk]), {"version": 1}).status_code
        == 403
    )
    client.force_login(lead)
    response = client.post(
        reverse("annotation_save", args=[draft.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.stance == "denies"


def test_reader_is_offered_no_annotating_and_reviewer_edits_only_their_own(
    client: Client, draft: Annotation, reader: Any, reviewer: Any, reviewer2: Any
) -> None:
    url = reverse("article_detail", args=[draft.article_id])
    client.force_login(reader)
    page = client.get(url).text
    assert 'id="annotate-button"' not in page and "data-new-url" not in page
    assert reverse("annotation_edit", args=[draft.pk]) not in page
    client.force_login(reviewer2)
    page = client.get(url).text
    assert 'id="annotate-button"' in page
    assert reverse("annotation_edit", args=[draft.pk]) not in page  # someone else's
    client.force_login(reviewer)
    assert reverse("annotation_edit", args=[draft.pk]) in client.get(url).text
