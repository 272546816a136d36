"""Keeping claims clean: relating, merging (and undoing a merge) and moving a mention.

A merge deletes the merged-away claim after moving everything that pointed at it to the target
claim, and records in a ClaimMerge exactly what moved, so that `merge_undo` can put it all back
(the claim comes back with its old id, so links to it keep working).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from articles.claims import verdicts
from articles.claims.annotations import REOPENED_BY_EDIT, annotation_snapshot
from articles.infrastructure import permissions
from articles.models import (
    Annotation,
    AnnotationRevision,
    Claim,
    ClaimMerge,
    ClaimRelation,
    ClaimRelationRemoval,
)

SYMMETRIC_RELATIONS = {ClaimRelation.Kind.CONTRADICTS, ClaimRelation.Kind.SAME_EVENT}


def _require_merger(user: Any) -> None:
    if not permissions.can_merge_claims(user):
        raise PermissionDenied(_("Only a lead reviewer may merge claims."))


def _require_curator(user: Any) -> None:
    if not permissions.can_relate_claims(user):
        raise PermissionDenied(_("Only editors may change claims."))


def _record_claim_change(
    annotations: list[Annotation],
    *,
    old: int | None,
    new: int,
    user: Any,
    why: dict[str, Any],
    reopen: bool = False,
) -> None:
    """Bump each annotation's version and keep the change in its history.

    `reopen`: a confirmed or rejected annotation goes back to review (a move by its author
    changes what was confirmed; a lead's merge of two claims for one statement does not).
    """
    ids = [a.pk for a in annotations]
    Annotation.objects.filter(pk__in=ids).update(claim_id=new, version=F("version") + 1)
    if reopen:
        reopened = [a for a in annotations if a.review_status in REOPENED_BY_EDIT]
        Annotation.objects.filter(pk__in=[a.pk for a in reopened]).update(
            review_status=Annotation.ReviewStatus.DRAFT
        )
        statuses = {a.pk: a.review_status for a in reopened}
    else:
        statuses = {}
    fresh = {a.pk: a for a in Annotation.objects.filter(pk__in=ids).with_details()}
    AnnotationRevision.objects.bulk_create(
        AnnotationRevision(
            annotation=fresh[pk],
            annotation_ref=pk,
            version=fresh[pk].version,
            action=AnnotationRevision.Action.UPDATED,
            user=user if getattr(user, "is_authenticated", False) else None,
            changes={
                "claim": [old, new],
                **why,
                **(
                    {"review_status": [statuses[pk], Annotation.ReviewStatus.DRAFT]}
                    if pk in statuses
                    else {}
                ),
            },
            snapshot=annotation_snapshot(fresh[pk]),
        )
        for pk in ids
    )


# --- Relations -------------------------------------------------------------------------------


@transaction.atomic
def relation_add(
    *, claim: Claim, other: Claim, kind: str, note: str = "", user: Any
) -> ClaimRelation:
    _require_curator(user)
    if kind not in ClaimRelation.Kind.values:
        raise ValidationError(_("Unknown kind of relation."))
    if claim.pk == other.pk:
        raise ValidationError(_("A claim cannot be related to itself."))
    same = Q(from_claim=claim, to_claim=other, kind=kind)
    if kind in SYMMETRIC_RELATIONS:
        same |= Q(from_claim=other, to_claim=claim, kind=kind)
    if ClaimRelation.objects.filter(same).exists():
        raise ValidationError(_("These claims are already related that way."))
    return ClaimRelation.objects.create(
        from_claim=claim,
        to_claim=other,
        kind=kind,
        note=note,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def relation_remove(*, relation: ClaimRelation, user: Any) -> ClaimRelationRemoval:
    """Only whoever related the claims, or a lead, removes the relation; a record stays."""
    _require_curator(user)
    if not permissions.can_remove_relation(user, relation):
        raise PermissionDenied(
            _("Only whoever related these claims, or a lead reviewer, may remove the relation.")
        )
    removal = ClaimRelationRemoval.objects.create(
        from_claim=relation.from_claim,
        to_claim=relation.to_claim,
        kind=relation.kind,
        note=relation.note,
        created_by_id=relation.created_by_id,
        related_at=relation.created_at,
        removed_by=user,
    )
    relation.delete()
    return removal


# --- Moving one mention --------------------------------------------------------------------


@transaction.atomic
def annotation_move(*, annotation: Annotation, claim: Claim, user: Any) -> Annotation:
    """Attach one mention to another claim; the change is kept in the annotation's history."""
    if not permissions.can_move_mention(user, annotation):
        raise PermissionDenied(_("Only the annotation's reviewer or an editor may move it."))
    locked = Annotation.objects.select_for_update().get(pk=annotation.pk)
    if locked.claim_id == claim.pk:
        raise ValidationError(_("The mention is already attached to this claim."))
    _record_claim_change(
        [locked], old=locked.claim_id, new=claim.pk, user=user, why={}, reopen=True
    )
    return Annotation.objects.with_details().get(pk=annotation.pk)


# --- Merging ------------------------------------------------------------------------------


@transaction.atomic
def claims_merge(*, source: Claim, target: Claim, user: Any) -> ClaimMerge:
    """Merge `source` into `target`: mentions, relations and tags move; `source` is deleted."""
    _require_merger(user)
    if source.pk == target.pk:
        raise ValidationError(_("A claim cannot be merged into itself."))
    locked = {
        c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    if len(locked) != 2:
        raise ValidationError(_("One of the claims no longer exists."))
    source, target = locked[source.pk], locked[target.pk]

    source_tags = set(source.tags.values_list("pk", flat=True))
    target_tags = set(target.tags.values_list("pk", flat=True))
    tags_added = sorted(source_tags - target_tags)
    target.tags.add(*tags_added)

    repointed: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    existing = {
        (r.from_claim_id, r.to_claim_id, r.kind)
        for r in ClaimRelation.objects.filter(Q(from_claim=target) | Q(to_claim=target))
    }
    for rel in ClaimRelation.objects.filter(Q(from_claim=source) | Q(to_claim=source)).order_by(
        "pk"
    ):
        side = "from" if rel.from_claim_id == source.pk else "to"
        new_from = target.pk if side == "from" else rel.from_claim_id
        new_to = target.pk if side == "to" else rel.to_claim_id
        duplicate = (new_from, new_to, rel.kind) in existing or (
            rel.kind in SYMMETRIC_RELATIONS and (new_to, new_from, rel.kind) in existing
        )
        if new_from == new_to or duplicate:
            dropped.append(
                {
                    "from": rel.from_claim_id,
                    "to": rel.to_claim_id,
                    "kind": rel.kind,
                    "note": rel.note,
                    "created_at": rel.created_at.isoformat(),
                }
            )
            rel.delete()
            continue
        ClaimRelation.objects.filter(pk=rel.pk).update(from_claim_id=new_from, to_claim_id=new_to)
        existing.add((new_from, new_to, rel.kind))
        repointed.append({"id": rel.pk, "side": side})

    merge = ClaimMerge.objects.create(
        source_ref=source.pk,
        source_snapshot={
            "text_ar": source.text_ar,
            "gloss_en": source.gloss_en,
            "notes": source.notes,
            "created_by": source.created_by_id,
            "created_at": source.created_at.isoformat(),
            "updated_at": source.updated_at.isoformat(),
            "tags": sorted(source_tags),
        },
        target=target,
        user=user if user.is_authenticated else None,
        moved={},
    )
    annotations = list(Annotation.objects.filter(claim=source).order_by("pk"))
    _record_claim_change(
        annotations, old=source.pk, new=target.pk, user=user, why={"merge": merge.pk}
    )
    earlier = list(ClaimMerge.objects.filter(target=source).values_list("pk", flat=True))
    ClaimMerge.objects.filter(pk__in=earlier).update(target=target)
    merge.moved = {
        "annotations": [a.pk for a in annotations],
        "relations_repointed": repointed,
        "relations_dropped": dropped,
        "tags_added": tags_added,
        "merges_repointed": earlier,
    }
    merge.save(update_fields=["moved"])
    source.delete()
    return merge


@transaction.atomic
def merge_undo(*, merge: ClaimMerge, user: Any) -> Claim:
    """Bring the merged-away claim back with its id, mentions, relations and tags."""
    _require_merger(user)
    merge = ClaimMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if merge.target_id is None:
        raise ValidationError(
            _("The claim it was merged into has been deleted: it cannot be undone.")
        )
    if Claim.objects.filter(pk=merge.source_ref).exists():
        raise ValidationError(_("A claim with the merged claim's id exists already."))
    snap, moved = merge.source_snapshot, merge.moved
    source = Claim.objects.create(
        pk=merge.source_ref,
        text_ar=snap["text_ar"],
        gloss_en=snap["gloss_en"],
        notes=snap["notes"],
        created_by_id=snap["created_by"],
    )
    Claim.objects.filter(pk=source.pk).update(
        created_at=parse_datetime(snap["created_at"]), updated_at=parse_datetime(snap["updated_at"])
    )
    source.tags.set(snap["tags"])
    target = Claim.objects.get(pk=merge.target_id)
    target.tags.remove(*moved["tags_added"])

    # Mentions moved on since the merge (to a third claim, or deleted) stay where they are.
    back = list(Annotation.objects.filter(pk__in=moved["annotations"], claim=target).order_by("pk"))
    _record_claim_change(
        back, old=target.pk, new=source.pk, user=user, why={"merge_undone": merge.pk}
    )
    for item in moved["relations_repointed"]:
        field = "from_claim_id" if item["side"] == "from" else "to_claim_id"
        ClaimRelation.objects.filter(pk=item["id"], **{field: target.pk}).update(
            **{field: source.pk}
        )
    for item in moved["relations_dropped"]:
        ends = {item["from"], item["to"]}
        if Claim.objects.filter(pk__in=ends).count() != len(ends):
            continue  # the other claim was deleted since: nothing to relate to
        rel, _created = ClaimRelation.objects.get_or_create(
            from_claim_id=item["from"],
            to_claim_id=item["to"],
            kind=item["kind"],
            defaults={"note": item["note"]},
        )
        ClaimRelation.objects.filter(pk=rel.pk).update(
            created_at=parse_datetime(item["created_at"])
        )
    ClaimMerge.objects.filter(pk__in=moved["merges_repointed"]).update(target=source)
    verdicts.verdicts_restore(source)
    merge.undone_at = timezone.now()
    merge.undone_by = user if user.is_authenticated else None
    merge.save(update_fields=["undone_at", "undone_by"])
    return source
