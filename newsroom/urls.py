"""URL routes of the reading room."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, re_path
from django.views.i18n import set_language

from articles.views import (
    accounts,
    annotate,
    claimants,
    claims,
    exports,
    factcheck,
    matrix,
    outlets,
    proposals,
    provenance,
    reading,
    review,
    search,
)

urlpatterns = [
    path("", reading.article_list, name="article_list"),
    path("articles/<int:pk>/", reading.article_detail, name="article_detail"),
    path("articles/<int:pk>/versions/", provenance.article_versions, name="article_versions"),
    path(
        "articles/<int:pk>/versions/<int:number>/archived/",
        provenance.archived_page,
        name="archived_page",
    ),
    path("articles/import-url/", provenance.import_url_page, name="import_url"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/agreement/", review.review_agreement, name="review_agreement"),
    path("annotations/<int:pk>/review/", review.review_decide, name="review_decide"),
    path("accounts/login/", accounts.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("articles/<int:pk>/annotations/", annotate.annotation_panel, name="annotation_panel"),
    path("articles/<int:pk>/annotations/new/", annotate.annotation_new, name="annotation_new"),
    path("articles/<int:pk>/annotations/add/", annotate.annotation_add, name="annotation_add"),
    path("annotations/<int:annotation_id>/edit/", annotate.annotation_edit, name="annotation_edit"),
    path("annotations/<int:annotation_id>/save/", annotate.annotation_save, name="annotation_save"),
    path(
        "annotations/<int:annotation_id>/delete/",
        annotate.annotation_delete,
        name="annotation_delete",
    ),
    path(
        "annotations/<int:annotation_ref>/history/",
        annotate.annotation_history,
        name="annotation_history",
    ),
    path("articles/<int:pk>/proposals/", proposals.proposal_panel, name="proposal_panel"),
    path(
        "articles/<int:pk>/proposals/accept-all/",
        proposals.proposals_accept_all,
        name="proposals_accept_all",
    ),
    path("proposals/<int:pk>/accept/", proposals.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/reject/", proposals.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/reopen/", proposals.proposal_reopen, name="proposal_reopen"),
    path("proposals/acceptance/", proposals.proposal_stats, name="proposal_stats"),
    path("claims/suggest/", annotate.claim_suggestions, name="claim_suggestions"),
    path("claims/pick/", claims.claim_pick, name="claim_pick"),
    path("claimants/suggest/", annotate.claimant_suggestions, name="claimant_suggestions"),
    path("search/", search.search_page, name="search_page"),
    re_path(r"^search/export\.(?P<fmt>csv|jsonl)$", search.search_export, name="search_export"),
    # Answers anonymous callers itself (401 JSON), instead of redirecting them to the login page.
    path("api/search", login_not_required(search.search_api), name="search_api"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/relations/", claims.claim_relation_add, name="claim_relation_add"),
    path(
        "claims/<int:pk>/relations/<int:relation_pk>/remove/",
        claims.claim_relation_remove,
        name="claim_relation_remove",
    ),
    path("claims/<int:pk>/merge/", claims.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/annotations.jsonld", exports.w3c_claim, name="w3c_claim"),
    path("claims/<int:pk>/verdict/", factcheck.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/claim.jsonld", factcheck.claim_schemaorg, name="claim_schemaorg"),
    path("annotations.jsonld", factcheck.w3c_all, name="w3c_all"),
    path("claims/merges/", claims.merge_list, name="merge_list"),
    path("claims/merges/<int:pk>/undo/", claims.merge_undo, name="merge_undo"),
    path("mentions/<int:pk>/move/", claims.mention_move, name="mention_move"),
    re_path(r"^mentions\.(?P<fmt>csv|json)$", exports.mentions_export, name="mentions_export"),
    path("matrix/", matrix.matrix_page, name="matrix_page"),
    path("matrix/cell/", matrix.matrix_cell, name="matrix_cell"),
    re_path(r"^matrix\.(?P<fmt>csv|json)$", exports.matrix_export, name="matrix_export"),
    path("claimants/", claimants.claimant_list, name="claimant_list"),
    path("claimants/<int:pk>/", claimants.claimant_detail, name="claimant_detail"),
    path("outlets/", outlets.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", outlets.outlet_detail, name="outlet_detail"),
    path("articles/<int:pk>/annotations.jsonld", exports.w3c_article, name="w3c_article"),
    path("annotations/import/", exports.w3c_import, name="w3c_import"),
    path("annotations/import/<int:pk>/", exports.w3c_import_status, name="w3c_import_status"),
    path("annotations/import/<int:pk>/run/", exports.w3c_import_run, name="w3c_import_run"),
    path("annotations/<int:pk>.jsonld", exports.w3c_annotation, name="w3c_annotation"),
    # Switching language must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Browsers ask for /favicon.ico whatever the page links (the admin's pages, a PDF view).
    path(
        "favicon.ico",
        login_not_required(lambda request: redirect(static("favicon.svg"), permanent=True)),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
]
