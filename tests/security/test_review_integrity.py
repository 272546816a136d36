"""Items 4 and 5 of issue 20: every history entry renders; review decisions are bound to the
version they were made on; lead resolutions and claim relations are not anyone's to undo."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from articles.claims import curation
from articles.claims.annotations import annotation_create, annotation_update
from articles.claims.review import review_confirm, review_dispute, review_resolve
from articles.models import (
    Annotation,
    AnnotationRevision,
    Article,
    Claim,
    ClaimRelation,
    ClaimRelationRemoval,
)


@pytest.fixture
def draft(demo: None, reviewer: Any) -> Annotation:
    article = Article.objects.get(outlet__slug="sana")
    return annotation_create(
        article=article, start=0, end=9, claim=Claim.objects.first(), claimant=None, author=reviewer
    )


def _edit(annotation: Annotation, user: Any, **changes: Any) -> Annotation:
    annotation.refresh_from_db()
    fields = {
        "claim": annotation.claim,
        "claimant": annotation.claimant,
        "stance": annotation.stance,
        "framing": annotation.framing,
        "note": annotation.note,
        **changes,
    }
    return annotation_update(
        annotation_id=annotation.pk, expected_version=annotation.version, user=user, **fields
    )


def test_item4_history_renders_review_decisions_moves_and_merges(
    draft: Annotation, reviewer: Any, reviewer2: Any, lead: Any
) -> None:
    review_dispute(annotation=draft, user=reviewer2, reason="wrong span <b>")
    review_resolve(annotation=draft, user=lead, accept=True, reason="fine")
    other = Claim.objects.exclude(pk=draft.claim_id).first()
    assert other is not None
    curation.annotation_move(annotation=draft, claim=other, user=reviewer)
    third = Claim.objects.exclude(pk__in=[draft.claim_id, other.pk]).first()
    assert third is not None
    merge = curation.claims_merge(source=other, target=third, user=lead)
    curation.merge_undo(merge=merge, user=lead)
    AnnotationRevision.objects.create(
        annotation_ref=draft.pk, version=99, action="updated", changes={"odd": 1, "note": "x"}
    )
    client = Client()
    client.force_login(reviewer)
    response = client.get(reverse("annotation_history", args=[draft.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "wrong span &lt;b&gt;" in text  # the reason, escaped
    assert "Decision: disputed" in text and "Decision: dispute resolved: confirmed" in text
    assert f"claim merge #{merge.pk}" in text and "undone" in text
    assert other.text_ar in text


def test_item5_edit_after_confirmation_sends_it_back_to_review(
    draft: Annotation, reviewer: Any, reviewer2: Any
) -> None:
    review_confirm(annotation=draft, user=reviewer2, expected_version=draft.version)
    draft.refresh_from_db()
    assert draft.review_status == "confirmed"
    edited = _edit(draft, reviewer, stance=Annotation.Stance.DENIES)
    assert edited.review_status == "draft"
    last = AnnotationRevision.objects.filter(annotation_ref=draft.pk).latest("id")
    assert last.changes["review_status"] == ["confirmed", "draft"]
    client = Client()
    client.force_login(reviewer)
    assert "Review status" in client.get(reverse("annotation_history", args=[draft.pk])).text


def test_item5_saving_without_a_change_keeps_the_confirmation(
    draft: Annotation, reviewer: Any, reviewer2: Any
) -> None:
    review_confirm(annotation=draft, user=reviewer2, expected_version=draft.version)
    assert _edit(draft, reviewer).review_status == "confirmed"


def test_item5_moving_a_confirmed_mention_sends_it_back_to_review(
    draft: Annotation, reviewer: Any, reviewer2: Any
) -> None:
    review_confirm(annotation=draft, user=reviewer2, expected_version=draft.version)
    other = Claim.objects.exclude(pk=draft.claim_id).first()
    assert other is not None
    moved = curation.annotation_move(annotation=draft, claim=other, user=reviewer)
    assert moved.review_status == "draft"


def test_item5_stale_confirm_and_dispute_are_refused(
    draft: Annotation, reviewer: Any, reviewer2: Any
) -> None:
    read_version = draft.version
    _edit(draft, reviewer, note="changed after the reviewer read it")
    with pytest.raises(ValidationError, match="changed since you read it"):
        review_confirm(annotation=draft, user=reviewer2, expected_version=read_version)
    with pytest.raises(ValidationError, match="changed since you read it"):
        review_dispute(annotation=draft, user=reviewer2, reason="x", expected_version=read_version)
    client = Client()
    client.force_login(reviewer2)
    response = client.post(
        reverse("review_decide", args=[draft.pk]),
        {"action": "confirm", "version": read_version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    draft.refresh_from_db()
    assert draft.review_status == "draft"


def test_item5_reviewer_cannot_redispute_what_a_lead_resolved(
    draft: Annotation, reviewer2: Any, lead: Any, django_user_model: Any
) -> None:
    from articles.infrastructure import permissions

    from .conftest import make_user

    review_dispute(annotation=draft, user=reviewer2, reason="no")
    review_resolve(annotation=draft, user=lead, accept=True, reason="it is right")
    third = make_user(django_user_model, "rev3", permissions.REVIEWER)
    with pytest.raises(PermissionDenied):
        review_dispute(annotation=draft, user=third, reason="still no")
    draft.refresh_from_db()
    assert draft.review_status == "confirmed"


def test_item5_claim_relation_removal_needs_its_creator_or_a_lead_and_leaves_a_trace(
    demo: None, reviewer: Any, reviewer2: Any, lead: Any
) -> None:
    first, second = Claim.objects.order_by("pk")[:2]
    ClaimRelation.objects.all().delete()
    relation = curation.relation_add(
        claim=first, other=second, kind=ClaimRelation.Kind.CONTRADICTS, user=lead
    )
    with pytest.raises(PermissionDenied):
        curation.relation_remove(relation=relation, user=reviewer)
    client = Client()
    client.force_login(reviewer)
    response = client.post(reverse("claim_relation_remove", args=[first.pk, relation.pk]))
    assert response.status_code == 403
    assert ClaimRelation.objects.filter(pk=relation.pk).exists()
    own = curation.relation_add(
        claim=first, other=second, kind=ClaimRelation.Kind.REFINES, user=reviewer2
    )
    removal = curation.relation_remove(relation=own, user=reviewer2)
    assert removal.removed_by == reviewer2 and removal.created_by == reviewer2
    curation.relation_remove(relation=relation, user=lead)
    assert ClaimRelationRemoval.objects.count() == 2  # both removals leave a trace
    assert not ClaimRelation.objects.filter(from_claim=first, to_claim=second).exists()
