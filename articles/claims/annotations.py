"""Writing annotations: one mention of a claim, its attribution chain and its history, together.

Every write goes through here so that it is validated against the stored text of the article
(its body, title or byline: `Annotation.part`), versioned
(optimistic locking on `Annotation.version`) and recorded as an `AnnotationRevision`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.infrastructure import permissions
from articles.models import (
    QUOTE_CONTEXT_CHARS,
    Annotation,
    AnnotationRevision,
    Article,
    AttributionStep,
    Claim,
    Claimant,
    Tag,
)


def article_text(article: Article, part: str) -> str:
    """The stored text an annotation of `part` counts its offsets in (ValidationError if the
    part is unknown)."""
    if part not in Annotation.Part.values:
        raise ValidationError(_("Unknown part of the article: %(part)s."), params={"part": part})
    return article.part_text(part)


def passage_context(body: str, start: int, end: int) -> tuple[str, str, str]:
    """Quote, prefix and suffix of a code-point span of `body` (what re-anchoring needs).

    `body` is the text of the annotation's part: the article's body, title or byline."""
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


def annotation_snapshot(
    annotation: Annotation,
    *,
    chain: Sequence[Claimant] | None = None,
    tags: Sequence[Tag] | None = None,
) -> dict[str, Any]:
    """The annotation's state as plain data, for its history.

    `chain` and `tags` are the annotation's own when the caller has just written them: read
    back, they cost three queries and one more per step of the chain.
    """
    if chain is None:
        chain = [step.claimant for step in annotation.chain.all()]
    if tags is None:
        tags = list(annotation.tags.all())
    return {
        "article": annotation.article_id,
        "part": annotation.part,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "claim": annotation.claim_id,
        "claim_text": annotation.claim.text_ar if annotation.claim else "",
        "claimant": annotation.claimant_id,
        "claimant_name": str(annotation.claimant) if annotation.claimant else "",
        "chain": [claimant.pk for claimant in chain],
        "chain_names": [str(claimant) for claimant in chain],
        "stance": annotation.stance,
        "framing": annotation.framing,
        "tags": sorted(tag.name for tag in tags),
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
    claimant: Claimant | None,
    chain: Sequence[Claimant] = (),
    stance: str = Annotation.Stance.ASSERTS,
    framing: str = Annotation.Framing.NEUTRAL,
    tags: Sequence[Tag] = (),
    note: str = "",
    author: User | None = None,
    part: str = Annotation.Part.BODY,
) -> Annotation:
    """A new mention at `start`–`end` of the article's `part` (its body, title or byline)."""
    quote, prefix, suffix = passage_context(article_text(article, part), start, end)
    annotation = Annotation.objects.create(
        article=article,
        part=part,
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
        author=author,
    )
    AttributionStep.objects.bulk_create(
        AttributionStep(annotation=annotation, position=i, claimant=claimant)
        for i, claimant in enumerate(chain)
    )
    if tags:
        annotation.tags.set(tags)
    AnnotationRevision.objects.create(
        annotation=annotation,
        annotation_ref=annotation.pk,
        version=annotation.version,
        action=AnnotationRevision.Action.CREATED,
        user=author,
        snapshot=annotation_snapshot(
            annotation, chain=chain, tags=list({tag.pk: tag for tag in tags}.values())
        ),
    )
    return annotation


_SPACE = re.compile(r"\s+")


def check_quote(body: str, start: int, end: int, quote: str) -> None:
    """Refuse a posted span whose text is not the posted quote (a stale page or a wrong offset).

    Whitespace is compared folded: the browser does not show the line breaks between paragraphs
    exactly as they are stored.
    """
    stored, _prefix, _suffix = passage_context(body, start, end)
    if _SPACE.sub(" ", stored).strip() != _SPACE.sub(" ", quote).strip():
        raise ValidationError(
            _(
                "The selected text does not match the article at %(start)s–%(end)s: the page "
                "may be out of date. Reload it and select the passage again."
            ),
            code="quote_mismatch",
            params={"start": start, "end": end},
        )


class AnnotationConflict(Exception):
    """Someone else saved the annotation since the version the editor started from."""

    def __init__(self, current: Annotation, expected_version: int) -> None:
        super().__init__(
            f"annotation {current.pk} is at version {current.version}, not {expected_version}"
        )
        self.current = current
        self.expected_version = expected_version
        # The change that made the editor's version stale: who saved it and when.
        self.revision = (
            AnnotationRevision.objects.filter(annotation_ref=current.pk)
            .select_related("user")
            .order_by("-version", "-id")
            .first()
        )


REOPENED_BY_EDIT = (Annotation.ReviewStatus.CONFIRMED, Annotation.ReviewStatus.REJECTED)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def _revision(
    annotation: Annotation,
    action: str,
    user: User | None,
    before: dict[str, Any],
    after: dict[str, Any],
) -> AnnotationRevision:
    return AnnotationRevision.objects.create(
        annotation=annotation if action != AnnotationRevision.Action.DELETED else None,
        annotation_ref=annotation.pk,
        version=annotation.version,
        action=action,
        user=user,
        changes=_changes(before, after),
        snapshot=after,
    )


def _locked(annotation_id: int, expected_version: int) -> Annotation:
    annotation = Annotation.objects.select_for_update().get(pk=annotation_id)
    if annotation.version != expected_version:
        raise AnnotationConflict(
            Annotation.objects.with_details().get(pk=annotation_id), expected_version
        )
    return annotation


def _require_editor(user: User | AnonymousUser | None, annotation: Annotation) -> None:
    if user is None or not permissions.can_edit_annotation(user, annotation):
        raise PermissionDenied(_("Only its author or a lead reviewer can change this annotation."))


@transaction.atomic
def annotation_update(
    *,
    annotation_id: int,
    expected_version: int,
    user: User | None,
    claim: Claim,
    claimant: Claimant | None,
    chain: Sequence[Claimant] = (),
    stance: str = Annotation.Stance.ASSERTS,
    framing: str = Annotation.Framing.NEUTRAL,
    tags: Sequence[Tag] = (),
    note: str = "",
) -> Annotation:
    """Save an edit made from `expected_version`; raise AnnotationConflict if that is stale.

    Only the annotation's author or a lead reviewer may (PermissionDenied otherwise)."""
    annotation = _locked(annotation_id, expected_version)
    _require_editor(user, annotation)
    before = annotation_snapshot(annotation)
    annotation.claim = claim
    annotation.claimant = claimant
    annotation.stance = stance
    annotation.framing = framing
    annotation.note = note
    annotation.version += 1
    annotation.save()
    current_chain = [step.claimant_id for step in annotation.chain.order_by("position")]
    if current_chain != [claimant.pk for claimant in chain]:
        annotation.chain.all().delete()
        AttributionStep.objects.bulk_create(
            AttributionStep(annotation=annotation, position=i, claimant=claimant)
            for i, claimant in enumerate(chain)
        )
    annotation.tags.set(tags)
    annotation = Annotation.objects.with_details().get(pk=annotation.pk)
    after = annotation_snapshot(annotation)
    if annotation.review_status in REOPENED_BY_EDIT and _changes(before, after):
        # A confirmation (or rejection) was about what the annotation said then: any change
        # sends it back to review, and the history shows the status going back to draft.
        Annotation.objects.filter(pk=annotation.pk).update(
            review_status=Annotation.ReviewStatus.DRAFT
        )
        annotation.review_status = Annotation.ReviewStatus.DRAFT
        after = annotation_snapshot(annotation)
    _revision(annotation, AnnotationRevision.Action.UPDATED, user, before, after)
    return annotation


@transaction.atomic
def annotation_delete(
    *, annotation_id: int, expected_version: int, user: User | None
) -> AnnotationRevision:
    """Delete from `expected_version` (AnnotationConflict if stale); the history stays.

    Only the annotation's author or a lead reviewer may (PermissionDenied otherwise)."""
    annotation = _locked(annotation_id, expected_version)
    _require_editor(user, annotation)
    before = annotation_snapshot(annotation)
    annotation.version += 1
    revision = _revision(annotation, AnnotationRevision.Action.DELETED, user, before, {})
    revision.snapshot = before
    revision.save(update_fields=["snapshot"])
    annotation.delete()
    return revision


@dataclass
class ReanchorReport:
    kept: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def find_anchor(body: str, quote: str, prefix: str, suffix: str) -> int | None:
    """Where `quote` now starts in `body`, judged by its context; None when absent or ambiguous.

    Every occurrence is scored by how much of the remembered prefix and suffix surrounds it.
    Only a unique best occurrence is accepted: two equally good places mean we cannot know which
    words the reviewer meant, and guessing would silently move the annotation.
    """
    if not quote:
        return None
    scored: list[tuple[int, int]] = []
    at = body.find(quote)
    while at >= 0:
        before = body[max(0, at - len(prefix)) : at]
        after = body[at + len(quote) : at + len(quote) + len(suffix)]
        scored.append((_common_suffix(before, prefix) + _common_prefix(after, suffix), at))
        at = body.find(quote, at + 1)
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


@transaction.atomic
def article_replace_body(
    *,
    article: Article,
    body: str,
    user: User | None = None,
    title: str | None = None,
    byline: str | None = None,
) -> ReanchorReport:
    """Replace an article's body (and its title or byline, when given) and re-anchor its
    annotations by quote and context, each in the new text of its own part.

    An annotation whose quote is still at its offsets stays; one found elsewhere moves (and the
    move is recorded in its history); one not found, or found in several equally likely places,
    becomes an orphan: shown as such, never highlighted on the wrong words.
    """
    report = ReanchorReport()
    texts = {
        Annotation.Part.BODY: body,
        Annotation.Part.TITLE: article.title if title is None else title,
        Annotation.Part.BYLINE: article.author if byline is None else byline,
    }
    annotations = list(
        Annotation.objects.select_for_update().filter(article=article).order_by("pk")
    )
    placements: dict[int, int | None] = {}
    for annotation in annotations:
        text = texts[Annotation.Part(annotation.part)]
        if text[annotation.start : annotation.end] == annotation.quote:
            placements[annotation.pk] = annotation.start
        else:
            placements[annotation.pk] = find_anchor(
                text, annotation.quote, annotation.prefix, annotation.suffix
            )
    # Orphan everything first: the database refuses a text shorter than a live span's end.
    Annotation.objects.filter(article=article).update(is_orphan=True)
    article.body = body
    article.title = texts[Annotation.Part.TITLE]
    article.author = texts[Annotation.Part.BYLINE]
    article.save(update_fields=["body", "title", "author", "updated_at"])
    for annotation in Annotation.objects.with_details().filter(article=article).order_by("pk"):
        start = placements[annotation.pk]
        was_orphan = next(a.is_orphan for a in annotations if a.pk == annotation.pk)
        before = annotation_snapshot(annotation) | {"is_orphan": was_orphan}
        if start is None:
            report.orphaned.append(annotation.pk)
            if was_orphan:
                continue
        else:
            end = start + len(annotation.quote)
            text = texts[Annotation.Part(annotation.part)]
            _quote, annotation.prefix, annotation.suffix = passage_context(text, start, end)
            annotation.start, annotation.end, annotation.is_orphan = start, end, False
            if before["start"] == start and not was_orphan:
                report.kept.append(annotation.pk)
                annotation.save(update_fields=["is_orphan", "prefix", "suffix"])
                continue
            report.moved.append(annotation.pk)
        annotation.version += 1
        annotation.save()
        after = annotation_snapshot(annotation) | {"is_orphan": annotation.is_orphan}
        _revision(annotation, AnnotationRevision.Action.UPDATED, user, before, after)
    return report
