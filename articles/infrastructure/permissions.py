"""Roles and what each may do: admin, lead reviewer, reviewer, reader.

Roles are Django groups holding model permissions (editable in the admin). The groups are
(re)created after every migrate, so a fresh database has them. The checks below are the one
place views ask "may this user ...?"; superusers may do everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, Group, Permission, User

READER = "Reader"
REVIEWER = "Reviewer"
LEAD = "Lead reviewer"
ADMIN = "Admin"

_READ = [
    "view_article", "view_outlet", "view_claimant", "view_claim", "view_claimrelation",
    "view_tag", "view_annotation", "view_attributionstep", "view_annotationrevision",
    "view_claimverdict",
]  # fmt: skip
_REVIEW = [
    "add_annotation", "change_annotation", "delete_annotation", "review_annotation",
    "add_claim", "change_claim", "add_claimant", "change_claimant", "add_tag", "add_claimrelation",
    "delete_claimrelation",
]  # fmt: skip
_LEAD = [
    "edit_any_annotation", "resolve_dispute", "merge_claim", "view_agreement", "record_verdict",
]  # fmt: skip
_ADMIN = [
    "add_importbatch", "change_importbatch", "view_importbatch", "add_outlet", "change_outlet",
    "delete_outlet", "change_article", "delete_article", "add_article", "delete_claim",
    "delete_claimant", "change_tag", "delete_tag", "add_user", "change_user", "view_user",
    "view_group", "add_source", "change_source", "view_source", "delete_source",
    "add_outletrules", "change_outletrules", "view_outletrules", "delete_outletrules",
    "view_feeditem", "view_fetchedpage", "view_articleversion",
]  # fmt: skip

ROLE_PERMISSIONS: dict[str, list[str]] = {
    READER: _READ,
    REVIEWER: _READ + _REVIEW,
    LEAD: _READ + _REVIEW + _LEAD,
    ADMIN: _READ + _REVIEW + _LEAD + _ADMIN,
}
ROLE_ORDER = [READER, REVIEWER, LEAD, ADMIN]


def ensure_roles(**kwargs: Any) -> None:
    """Create the role groups with their permissions (idempotent; runs after migrate)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(
            codename__in=codenames, content_type__app_label__in=["articles", "auth"]
        )
        group.permissions.add(*perms)


def _perm(user: User | AnonymousUser, codename: str) -> bool:
    return bool(user.is_authenticated and user.has_perm(f"articles.{codename}"))


def can_read(user: User | AnonymousUser) -> bool:
    return _perm(user, "view_article")


def can_annotate(user: User | AnonymousUser) -> bool:
    return _perm(user, "add_annotation")


def can_review_proposals(user: User | AnonymousUser) -> bool:
    """Accepting or rejecting the extractor's proposals: whoever may annotate."""
    return _perm(user, "add_annotation")


def can_see_proposal_stats(user: User | AnonymousUser) -> bool:
    """How reviewers judged the extractor, per outlet and cue: lead reviewers."""
    return _perm(user, "resolve_dispute")


def can_edit_annotation(user: User | AnonymousUser, annotation: Any) -> bool:
    """The author or a lead; an imported highlight awaiting a claim: any reviewer, who
    completes it (it cannot be confirmed before)."""
    if _perm(user, "edit_any_annotation"):
        return True
    if annotation.claim_id is None and _perm(user, "review_annotation"):
        return True
    return _perm(user, "change_annotation") and annotation.author_id == user.pk


def can_move_mention(user: User | AnonymousUser, annotation: Any) -> bool:
    """Moving a mention to another claim: whoever may edit the annotation."""
    return can_edit_annotation(user, annotation)


def can_relate_claims(user: User | AnonymousUser) -> bool:
    """Relating claims (contradicts, same event, ...): reviewers and above."""
    return _perm(user, "add_claimrelation")


def can_remove_relation(user: User | AnonymousUser, relation: Any) -> bool:
    """Whoever related the claims, or a lead (relations from before this rule: leads only)."""
    if can_resolve(user):
        return True
    return can_relate_claims(user) and relation.created_by_id == user.pk


def can_review(user: User | AnonymousUser, annotation: Any) -> bool:
    """Confirm or dispute: a reviewer, never on their own annotation."""
    return _perm(user, "review_annotation") and annotation.author_id != user.pk


def can_resolve(user: User | AnonymousUser) -> bool:
    return _perm(user, "resolve_dispute")


def can_merge_claims(user: User | AnonymousUser) -> bool:
    return _perm(user, "merge_claim")


def can_record_verdict(user: User | AnonymousUser) -> bool:
    """Rating a claim true, false, misleading ... for fact-checkers: lead reviewers."""
    return _perm(user, "record_verdict")


def can_import_url(user: User | AnonymousUser) -> bool:
    """Bringing one article in by its address: reviewers and above."""
    return _perm(user, "add_annotation")


def can_import(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_staff and _perm(user, "add_importbatch"))


def can_view_agreement(user: User | AnonymousUser) -> bool:
    return _perm(user, "view_agreement")


def role_of(user: User | AnonymousUser) -> str | None:
    """The highest role a user holds (superusers count as Admin)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.values_list("name", flat=True))
    for role in reversed(ROLE_ORDER):
        if role in names:
            return role
    return None
