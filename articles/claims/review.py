"""The review workflow and reviewer agreement.

Annotations start as drafts. Another reviewer confirms or disputes one, with a reason; a lead
reviewer resolves disputes. Every decision is a ReviewDecision plus an AnnotationRevision, so the
annotation's history shows who decided what.

Agreement compares two reviewers who annotated the same article independently: their passages
are paired by overlap, then Cohen's kappa on stance, span-overlap F1 (in characters) and the
share of paired passages linked to the same canonical claim.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from articles.claims.annotations import annotation_snapshot
from articles.infrastructure import permissions
from articles.models import Annotation, AnnotationRevision, ReviewDecision

Status = Annotation.ReviewStatus
Decision = ReviewDecision.Decision


def _record(
    annotation: Annotation, user: Any, decision: str, reason: str, status: str
) -> Annotation:
    before = annotation.review_status
    Annotation.objects.filter(pk=annotation.pk).update(
        review_status=status, version=F("version") + 1
    )
    annotation.refresh_from_db()
    ReviewDecision.objects.create(
        annotation=annotation, user=user, decision=decision, reason=reason
    )
    AnnotationRevision.objects.create(
        annotation=annotation,
        annotation_ref=annotation.pk,
        version=annotation.version,
        action=AnnotationRevision.Action.REVIEWED,
        user=user,
        changes={"review_status": [before, status], "decision": decision, "reason": reason},
        snapshot=annotation_snapshot(annotation),
    )
    return annotation


def _locked(annotation: Annotation) -> Annotation:
    return (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("claim", "claimant")
        .get(pk=annotation.pk)
    )


@transaction.atomic
def _require_version(annotation: Annotation, expected_version: int | None) -> None:
    """A decision is about the version the reviewer read; refuse it if the annotation moved on."""
    if expected_version is not None and annotation.version != expected_version:
        raise ValidationError(
            _(
                "This annotation changed since you read it (version %(read)s, now %(now)s); "
                "reload it and review it again."
            )
            % {"read": expected_version, "now": annotation.version}
        )


def _resolved_by_lead(annotation: Annotation) -> bool:
    last = annotation.decisions.order_by("-created_at", "-id").first()
    return last is not None and last.decision in (Decision.RESOLVE_CONFIRM, Decision.RESOLVE_REJECT)


def review_confirm(
    *, annotation: Annotation, user: Any, reason: str = "", expected_version: int | None = None
) -> Annotation:
    annotation = _locked(annotation)
    _require_version(annotation, expected_version)
    if not permissions.can_review(user, annotation):
        raise PermissionDenied(
            _("You cannot review your own annotation, or you are not a reviewer.")
        )
    if annotation.review_status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be confirmed; this one is %(status)s.")
            % {"status": annotation.get_review_status_display()}
        )
    if annotation.claim_id is None:
        raise ValidationError(_("This passage awaits a claim: complete it before confirming."))
    return _record(annotation, user, Decision.CONFIRM, reason.strip(), Status.CONFIRMED)


@transaction.atomic
def review_dispute(
    *, annotation: Annotation, user: Any, reason: str, expected_version: int | None = None
) -> Annotation:
    annotation = _locked(annotation)
    _require_version(annotation, expected_version)
    if not permissions.can_review(user, annotation):
        raise PermissionDenied(
            _("You cannot review your own annotation, or you are not a reviewer.")
        )
    if (
        annotation.review_status == Status.CONFIRMED
        and not permissions.can_resolve(user)
        and _resolved_by_lead(annotation)
    ):
        raise PermissionDenied(
            _("A lead reviewer resolved this annotation; only a lead may reopen it.")
        )
    if not reason.strip():
        raise ValidationError(_("Say why you dispute this annotation."))
    if annotation.review_status not in (Status.DRAFT, Status.CONFIRMED):
        raise ValidationError(
            _("This annotation is already %(status)s.")
            % {"status": annotation.get_review_status_display()}
        )
    return _record(annotation, user, Decision.DISPUTE, reason.strip(), Status.DISPUTED)


@transaction.atomic
def review_resolve(*, annotation: Annotation, user: Any, accept: bool, reason: str) -> Annotation:
    annotation = _locked(annotation)
    if not permissions.can_resolve(user):
        raise PermissionDenied(_("Only a lead reviewer can resolve a dispute."))
    if annotation.review_status != Status.DISPUTED:
        raise ValidationError(_("Only a disputed annotation can be resolved."))
    if not reason.strip():
        raise ValidationError(_("Say how you resolved the dispute."))
    decision, status = (
        (Decision.RESOLVE_CONFIRM, Status.CONFIRMED)
        if accept
        else (Decision.RESOLVE_REJECT, Status.REJECTED)
    )
    return _record(annotation, user, decision, reason.strip(), status)


# --- agreement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    article_id: int
    start: int
    end: int
    stance: str
    claim_id: int | None  # None: a highlight awaiting a claim
    part: str = "body"  # offsets in the headline and in the body never overlap


@dataclass(frozen=True)
class PairAgreement:
    reviewer_a: int
    reviewer_b: int
    articles: int
    matched: int
    kappa_stance: float | None
    span_f1: float | None
    claim_agreement: float | None


def _overlap(a: Span, b: Span) -> int:
    if a.part != b.part:
        return 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_spans(left: Sequence[Span], right: Sequence[Span]) -> list[tuple[Span, Span]]:
    """Greedy one-to-one pairing of overlapping passages, largest overlap first."""
    candidates = sorted(
        ((_overlap(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        reverse=True,
    )
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for overlap, i, j in candidates:
        if overlap <= 0:
            break
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        pairs.append((left[i], right[j]))
    return pairs


def cohens_kappa(labels: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two raters' labels on the same items; None with no items."""
    n = len(labels)
    if n == 0:
        return None
    observed = sum(a == b for a, b in labels) / n
    count_a = Counter(a for a, _ in labels)
    count_b = Counter(b for _, b in labels)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected == 1:
        return 1.0 if observed == 1 else 0.0
    return (observed - expected) / (1 - expected)


def span_f1(left: Sequence[Span], right: Sequence[Span]) -> float | None:
    """F1 of the characters marked by each reviewer (per article, summed)."""

    def chars(spans: Iterable[Span]) -> set[tuple[int, str, int]]:
        return {(s.article_id, s.part, c) for s in spans for c in range(s.start, s.end)}

    a, b = chars(left), chars(right)
    if not a and not b:
        return None
    both = len(a & b)
    if both == 0:
        return 0.0
    precision, recall = both / len(b), both / len(a)
    return 2 * precision * recall / (precision + recall)


def reviewer_agreement(annotations: Iterable[Annotation]) -> list[PairAgreement]:
    """Agreement for every pair of reviewers who annotated at least one article in common."""
    by_article: dict[int, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for a in annotations:
        if a.author_id is None:
            continue
        by_article[a.article_id][a.author_id].append(
            Span(a.article_id, a.start, a.end, a.stance, a.claim_id, a.part)
        )
    pairs: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {"articles": 0, "matched": [], "left": [], "right": []}
    )
    for reviewers in by_article.values():
        ids = sorted(reviewers)
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                left, right = reviewers[ids[x]], reviewers[ids[y]]
                bucket = pairs[(ids[x], ids[y])]
                bucket["articles"] += 1
                bucket["matched"].extend(match_spans(left, right))
                bucket["left"].extend(left)
                bucket["right"].extend(right)
    out = []
    for (ra, rb), bucket in sorted(pairs.items()):
        matched = bucket["matched"]
        out.append(
            PairAgreement(
                reviewer_a=ra,
                reviewer_b=rb,
                articles=bucket["articles"],
                matched=len(matched),
                kappa_stance=cohens_kappa([(a.stance, b.stance) for a, b in matched]),
                span_f1=span_f1(bucket["left"], bucket["right"]),
                claim_agreement=(
                    sum(a.claim_id == b.claim_id for a, b in matched) / len(matched)
                    if matched
                    else None
                ),
            )
        )
    return out
