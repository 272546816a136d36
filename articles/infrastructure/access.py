"""Who may open which URL: one policy for every route, enforced by one middleware.

Every named URL pattern must appear in URL_POLICY (a test walks them all and fails on a new
route without a policy; the middleware refuses unknown routes). Levels:
- "public": no login needed (the login page, switching language);
- "reader": any logged-in account (reading and searching);
- "reviewer": may create and edit own annotations, claims and claimants;
- "lead": lead reviewers (resolve disputes, merge claims, edit anyone's annotations);
- "admin": staff with import rights.
A route may name one level for every method, or (read level, write level) for GET/HEAD vs the rest.
Object-level rules (editing only one's own annotation) stay in the views, via articles.roles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

Level = str
URL_POLICY: dict[str, Level | tuple[Level, Level]] = {
    "login": "public",
    "favicon": "public",
    "logout": "reader",
    "set_language": "public",
    "password_change": "reader",
    "password_change_done": "reader",
    "article_list": "reader",
    "article_detail": "reader",
    "article_versions": "reader",
    "archived_page": "reader",
    "import_url": "reviewer",
    "annotation_panel": "reader",
    "annotation_history": "reader",
    "annotation_new": "reviewer",
    "annotation_add": "reviewer",
    "annotation_edit": "reviewer",
    "annotation_save": "reviewer",
    "annotation_delete": "reviewer",
    "proposal_panel": "reviewer",
    "proposal_accept": "reviewer",
    "proposal_reject": "reviewer",
    "proposal_reopen": "reviewer",
    "proposals_accept_all": "reviewer",
    "proposal_stats": "lead",
    "claim_suggestions": "reader",
    "claim_pick": "reader",
    "claimant_suggestions": "reader",
    "search_page": "reader",
    "search_export": "reader",
    "search_api": "reader",
    "claim_list": "reader",
    "claim_detail": "reader",
    "claim_relation_add": "reviewer",
    "claim_relation_remove": "reviewer",
    "claim_merge": "lead",
    "merge_list": "reader",
    "merge_undo": "lead",
    "mention_move": "reviewer",
    "matrix_page": "reader",
    "matrix_cell": "reader",
    "claimant_list": "reader",
    "claimant_detail": "reader",
    "outlet_list": "reader",
    "outlet_detail": "reader",
    "mentions_export": "reader",
    "matrix_export": "reader",
    "w3c_article": "reader",
    "w3c_claim": "reader",
    "w3c_all": "reader",
    "claim_schemaorg": "reader",
    "claim_verdict": "lead",
    "w3c_import": "admin",
    "w3c_import_status": "admin",
    "w3c_import_run": "admin",
    "w3c_annotation": "reader",
    "review_queue": "reviewer",
    "review_decide": "reviewer",
    "review_agreement": "lead",
}

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def user_has_level(user: User | AnonymousUser, level: Level) -> bool:
    if level == "public":
        return True
    if not user.is_authenticated:
        return False
    if level == "reader":
        return True
    if level == "reviewer":
        return user.has_perm("articles.add_annotation")
    if level == "lead":
        return user.has_perm("articles.resolve_dispute")
    if level == "admin":
        return user.is_staff and user.has_perm("articles.add_importbatch")
    raise ValueError(f"unknown access level {level!r}")


def required_level(url_name: str, method: str) -> Level | None:
    policy = URL_POLICY.get(url_name)
    if policy is None or isinstance(policy, str):
        return policy
    return policy[0] if method in SAFE_METHODS else policy[1]


class AccessPolicyMiddleware:
    """Checks URL_POLICY after authentication; the Django admin keeps its own checks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if (
            match is None
            or "admin" in match.namespaces
            or getattr(view, "__module__", "").startswith("django.views.static")
        ):
            return None
        level = required_level(match.url_name or "", request.method or "GET")
        if level is None:
            raise PermissionDenied(f"no access policy for {match.view_name!r}")
        if not request.user.is_authenticated and level != "public":
            # LoginRequiredMiddleware sends the visitor to the login page; the JSON API answers
            # 401 itself.
            return None
        if not user_has_level(request.user, level):
            raise PermissionDenied
        return None
