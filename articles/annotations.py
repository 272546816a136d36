"""Writing annotations: one mention of a claim, its attribution chain and its history, together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import (
    QUOTE_CONTEXT_CHARS,
    Actor,
    Annotation,
    AnnotationRevision,
    Article,
    AttributionStep,
    Claim,
    Tag,
)


def passage_context(body: str, start: int, end: int) -> tuple[str, str, str]:
    """Quote, prefix and suffix of a code-point span of `body` (what re-anchoring needs)."""
    if not 0 <= start < end <= len(body):
        raise ValidationError(
            "The passage %(start)s–%(end)s is outside the article (length %(length)s).",
            params={"start": start, "end": end, "length": len(body)},
        )
    return (
        body[start:end],
        body[max(0, start - QUOTE_CONTEXT_CHARS) : start],
        body[end : end + QUOTE_CONTEXT_CHARS],
    )


def annotation_snapshot(annotation: Annotation) -> dict[str, Any]:
    """The annotation's state as plain data, for its history."""
    return {
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "claim": annotation.claim_id,
        "claim_text": annotation.claim.text_ar,
        "claimant": annotation.claimant_id,
        "claimant_name": str(annotation.claimant) if annotation.claimant else "",
        "chain": [step.actor_id for step in annotation.chain.all()],
        "stance": annotation.stance,
        "framing": annotation.framing,
        "tags": sorted(tag.name for tag in annotation.tags.all()),
        "note": annotation.note,
        "review_status": annotation.review_status,
    }


@transaction.atomic
def annotation_create(
    *,
    article: Article,
    start: int,
    end: int,
    claim: Claim,
    claimant: Actor | None,
    chain: Sequence[Actor] = (),
    stance: str = Annotation.Stance.ASSERTS,
    framing: str = Annotation.Framing.NEUTRAL,
    tags: Sequence[Tag] = (),
    note: str = "",
    reviewer: AbstractBaseUser | None = None,
) -> Annotation:
    quote, prefix, suffix = passage_context(article.body, start, end)
    annotation = Annotation.objects.create(
        article=article,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        claim=claim,
        claimant=claimant,
        stance=stance,
        framing=framing,
        note=note,
        reviewer=reviewer,
    )
    AttributionStep.objects.bulk_create(
        AttributionStep(annotation=annotation, position=i, actor=actor)
        for i, actor in enumerate(chain)
    )
    if tags:
        annotation.tags.set(tags)
    AnnotationRevision.objects.create(
        annotation=annotation,
        annotation_ref=annotation.pk,
        version=annotation.version,
        action=AnnotationRevision.Action.CREATED,
        user=reviewer,
        snapshot=annotation_snapshot(annotation),
    )
    return annotation
