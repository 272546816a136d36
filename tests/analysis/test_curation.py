"""Merging claims (and undoing it), relating them, and moving one mention to another claim."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from articles.claims import curation
from articles.models import Annotation, AnnotationRevision, Claim, ClaimMerge, ClaimRelation, Tag

pytestmark = pytest.mark.django_db


def _claims() -> dict[str, Claim]:
    by_gloss = {c.gloss_en: c for c in Claim.objects.all()}
    return {
        "coordination": by_gloss["The US-led coalition coordinates with ISIS around Deir ez-Zor"],
        "moved": by_gloss["Russia moved ISIS fighters from Deir ez-Zor to southern Syria"],
        "hasakah": by_gloss["The coalition trains ISIS defectors in rural Hasakah"],
        "made": by_gloss["ISIS is an American creation"],
        "stays": by_gloss["US forces will not leave Syria"],
        "reinforces": by_gloss["The coalition is reinforcing its bases in north-east Syria"],
    }


def _state() -> dict[str, Any]:
    """Everything a merge may touch, as plain data to compare before and after."""
    return {
        "claims": sorted(Claim.objects.values_list("pk", "text_ar", "gloss_en", "created_at")),
        "claim_tags": sorted(Claim.tags.through.objects.values_list("claim_id", "tag_id")),
        "mentions": sorted(Annotation.objects.values_list("pk", "claim_id")),
        "relations": sorted(
            ClaimRelation.objects.values_list("from_claim_id", "to_claim_id", "kind", "note")
        ),
    }


def test_merge_moves_mentions_relations_and_tags_and_undo_restores_everything(
    demo: None, editor_user: Any
) -> None:
    c = _claims()
    source, target = c["hasakah"], c["reinforces"]
    extra = Tag.objects.create(name="الحسكة", slug="hasakah")
    source.tags.add(extra)
    ClaimRelation.objects.create(
        from_claim=c["made"], to_claim=source, kind="contradicts", note="n"
    )
    ClaimRelation.objects.create(
        from_claim=source, to_claim=target, kind="same_event"
    )  # becomes self
    before = _state()
    source_mentions = set(source.annotations.values_list("pk", flat=True))
    assert source_mentions

    merge = curation.claims_merge(source=source, target=target, user=editor_user)

    assert not Claim.objects.filter(pk=source.pk).exists()
    assert set(target.annotations.values_list("pk", flat=True)) >= source_mentions
    assert set(merge.moved["annotations"]) == source_mentions
    assert extra in target.tags.all()
    # hasakah refines coordination → now reinforces refines coordination; made contradicts it too.
    assert ClaimRelation.objects.filter(
        from_claim=target, to_claim=c["coordination"], kind="refines"
    ).exists()
    assert ClaimRelation.objects.filter(
        from_claim=c["made"], to_claim=target, kind="contradicts"
    ).exists()
    assert len(merge.moved["relations_dropped"]) == 1  # the one that would relate target to itself
    for pk in source_mentions:
        revision = AnnotationRevision.objects.filter(annotation_ref=pk).latest("id")
        assert revision.changes["claim"] == [source.pk, target.pk]
        assert revision.snapshot["claim"] == target.pk

    curation.merge_undo(merge=merge, user=editor_user)

    after = _state()
    assert after == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == editor_user
    with pytest.raises(ValidationError):
        curation.merge_undo(merge=merge, user=editor_user)


def test_undo_of_an_earlier_merge_after_a_later_one(demo: None, editor_user: Any) -> None:
    c = _claims()
    first = curation.claims_merge(source=c["made"], target=c["coordination"], user=editor_user)
    second = curation.claims_merge(source=c["coordination"], target=c["moved"], user=editor_user)
    first.refresh_from_db()
    assert first.target == c["moved"]  # follows the mentions it moved
    curation.merge_undo(merge=second, user=editor_user)
    first.refresh_from_db()
    assert first.target_id == c["coordination"].pk
    curation.merge_undo(merge=first, user=editor_user)
    assert (
        Claim.objects.get(pk=c["made"].pk).annotations.count()
        == Annotation.objects.filter(pk__in=first.moved["annotations"]).count()
    )


def test_merge_refuses_itself_and_readers(demo: None, editor_user: Any, user: Any) -> None:
    c = _claims()
    with pytest.raises(ValidationError):
        curation.claims_merge(source=c["made"], target=c["made"], user=editor_user)
    with pytest.raises(PermissionDenied):
        curation.claims_merge(source=c["made"], target=c["stays"], user=user)


def test_moving_one_mention_is_recorded_in_its_history(demo: None, editor_user: Any) -> None:
    c = _claims()
    mention = c["coordination"].annotations.first()
    version = mention.version
    moved = curation.annotation_move(annotation=mention, claim=c["made"], user=editor_user)
    assert moved.claim == c["made"] and moved.version == version + 1
    revision = AnnotationRevision.objects.filter(annotation_ref=mention.pk).latest("id")
    assert revision.changes == {"claim": [c["coordination"].pk, c["made"].pk]}
    assert revision.user == editor_user and revision.version == version + 1
    with pytest.raises(ValidationError):
        curation.annotation_move(annotation=moved, claim=c["made"], user=editor_user)


def test_relations_are_added_and_removed_through_the_dossier(
    demo: None, editor: Client, reader: Client
) -> None:
    c = _claims()
    url = reverse("claim_relation_add", args=[c["made"].pk])
    response = editor.post(
        url, {"other": c["stays"].pk, "kind": "contradicts"}, headers={"HX-Request": "true"}
    )
    assert (
        response.status_code == 200
        and 'id="relations"' in response.text
        and "<html" not in response.text
    )
    relation = ClaimRelation.objects.get(from_claim=c["made"], to_claim=c["stays"])
    # The same relation the other way round is the same symmetric relation: refused, clearly.
    response = editor.post(
        reverse("claim_relation_add", args=[c["stays"].pk]),
        {"other": c["made"].pk, "kind": "contradicts"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "form-errors" in response.text
    assert (
        reader.post(reverse("claim_relation_remove", args=[c["made"].pk, relation.pk])).status_code
        == 403
    )
    response = editor.post(reverse("claim_relation_remove", args=[c["made"].pk, relation.pk]))
    assert response.status_code == 302 and not ClaimRelation.objects.filter(pk=relation.pk).exists()


def test_merge_and_undo_through_the_pages(demo: None, editor: Client) -> None:
    c = _claims()
    response = editor.post(
        reverse("claim_merge", args=[c["made"].pk]), {"claim": c["coordination"].pk}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "claim_detail", args=[c["coordination"].pk]
    )
    merge = ClaimMerge.objects.get()
    page = editor.get(response["Location"])
    assert (
        "داعش صناعة أمريكية" in page.text
    )  # listed under "merged into this one" with an undo button
    assert reverse("merge_undo", args=[merge.pk]) in page.text
    assert editor.get(reverse("claim_detail", args=[c["made"].pk])).status_code == 404
    response = editor.post(reverse("merge_undo", args=[merge.pk]))
    assert response["Location"] == reverse("claim_detail", args=[c["made"].pk])
    assert editor.get(response["Location"]).status_code == 200
    assert (
        editor.post(reverse("claim_merge", args=[c["made"].pk]), {"claim": "nonsense"}).status_code
        == 302
    )


def test_move_page(demo: None, editor: Client, reader: Client) -> None:
    c = _claims()
    mention = c["coordination"].annotations.first()
    url = reverse("mention_move", args=[mention.pk])
    assert reader.get(url).status_code == 403  # the demo mentions have no reviewer
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"claim": c["stays"].pk})
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.claim == c["stays"]
    assert editor.post(url, {"claim": "x"}).status_code == 200  # the form again, with its error
