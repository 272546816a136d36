"""URL routes of the reading room."""

from django.conf.urls.i18n import set_language
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path

from articles.views import actors, claims, exports, matrix, outlets, reading

urlpatterns = [
    path("", reading.article_list, name="home"),
    path("articles/<int:pk>/", reading.article_detail, name="article_detail"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/relations/", claims.relation_add, name="claim_relation_add"),
    path(
        "claims/<int:pk>/relations/<int:relation_pk>/remove/",
        claims.relation_remove,
        name="claim_relation_remove",
    ),
    path("claims/<int:pk>/merge/", claims.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/annotations.jsonld", exports.w3c_claim, name="w3c_claim"),
    path("claims/merges/", claims.merge_list, name="merge_list"),
    path("claims/merges/<int:pk>/undo/", claims.merge_undo, name="merge_undo"),
    path("mentions/<int:pk>/move/", claims.mention_move, name="mention_move"),
    re_path(r"^mentions\.(?P<fmt>csv|json)$", exports.mentions_export, name="mentions_export"),
    path("matrix/", matrix.matrix_page, name="matrix"),
    path("matrix/cell/", matrix.matrix_cell, name="matrix_cell"),
    re_path(r"^matrix\.(?P<fmt>csv|json)$", exports.matrix_export, name="matrix_export"),
    path("claimants/", actors.claimant_list, name="claimant_list"),
    path("claimants/<int:pk>/", actors.claimant_detail, name="claimant_detail"),
    path("outlets/", outlets.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", outlets.outlet_detail, name="outlet_detail"),
    path("articles/<int:pk>/annotations.jsonld", exports.w3c_article, name="w3c_article"),
    path("annotations/import/", exports.w3c_import, name="w3c_import"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Switching language must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
