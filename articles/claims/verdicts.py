"""A lead reviewer's verdict on a claim (true, misleading, false ...), for fact-checkers.

Each recording adds a row, so a changed verdict keeps the earlier ones as its history; the
newest row is the claim's verdict, and the one the schema.org export publishes as a ClaimReview.
A merge does not carry a verdict over (it judged the merged-away wording): the rows wait,
detached, and `verdicts_restore` gives them back when the merge is undone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.infrastructure import permissions
from articles.models import Claim, ClaimVerdict

MAX_EXPLANATION = 5000


def current_verdict(claim: Claim) -> ClaimVerdict | None:
    return (
        ClaimVerdict.objects.filter(claim=claim)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-id")
        .first()
    )


def verdict_history(claim: Claim) -> list[ClaimVerdict]:
    """Every verdict recorded on the claim, newest first (the first is the current one)."""
    return list(
        ClaimVerdict.objects.filter(claim=claim)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-id")
    )


def verdict_record(
    *, claim: Claim, rating: str, explanation: str, reviewed_on: date, user: Any
) -> ClaimVerdict:
    """Record a verdict (a new row; the earlier ones stay as history). Leads only."""
    if not permissions.can_record_verdict(user):
        raise PermissionDenied
    explanation = explanation.strip()
    problems: dict[str, str] = {}
    if rating not in ClaimVerdict.Rating.values:
        problems["rating"] = _("Choose a rating.")
    if not explanation:
        problems["explanation"] = _("Explain the verdict: fact-checkers publish the reasons.")
    elif len(explanation) > MAX_EXPLANATION:
        problems["explanation"] = _("The explanation is longer than %(n)s characters.") % {
            "n": MAX_EXPLANATION
        }
    # A day ahead of the server's date is still today somewhere.
    if reviewed_on > timezone.localdate() + timedelta(days=1):
        problems["reviewed_on"] = _("The date of the verdict is in the future.")
    if problems:
        raise ValidationError(problems)
    return ClaimVerdict.objects.create(
        claim=claim,
        claim_ref=claim.pk,
        rating=rating,
        explanation=explanation,
        reviewed_on=reviewed_on,
        recorded_by=user,
    )


def verdicts_restore(claim: Claim) -> int:
    """Give a claim brought back (a merge undone) the verdicts it had."""
    return ClaimVerdict.objects.filter(claim=None, claim_ref=claim.pk).update(claim=claim)
