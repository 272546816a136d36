"""Django admin for every model, with search and filters."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Annotation,
    AnnotationRevision,
    Article,
    AttributionStep,
    Claim,
    Claimant,
    ClaimRelation,
    ImportBatch,
    ImportItem,
    Outlet,
    Tag,
)
from articles.views import imports


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "kind", "alignment", "country", "to_review"]
    list_filter = ["kind", "alignment", "country", "needs_review"]
    search_fields = ["name_ar", "name_en", "slug", "alignment", "notes"]
    prepopulated_fields = {"slug": ["name_en"]}

    @admin.display(description=_("needs review"), ordering="needs_review")
    def to_review(self, outlet: Outlet) -> str:
        # In words: the admin's boolean icon has the English "True"/"False" as its text.
        return str(_("yes") if outlet.needs_review else _("no"))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_at", "author", "language", "created_at"]
    list_filter = ["outlet", "language", ("published_at", admin.DateFieldListFilter)]
    search_fields = ["title", "author", "url"]
    date_hierarchy = "published_at"
    list_select_related = ["outlet"]
    raw_id_fields = ["near_duplicate_of", "import_batch"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    # Records the import keeps for itself (internal codes, offsets): not edited by hand; the
    # article page shows what they mean.
    exclude = ["provenance", "boilerplate_spans"]
    show_full_result_count = False


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_en", "aliases"]
    autocomplete_fields = ["parent", "outlet"]
    list_select_related = ["parent"]


class ClaimRelationInline(admin.TabularInline):
    model = ClaimRelation
    fk_name = "from_claim"
    autocomplete_fields = ["to_claim"]
    extra = 0


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text_ar", "gloss_en", "created_at"]
    list_filter = ["tags"]
    search_fields = ["text_ar", "gloss_en", "notes"]
    filter_horizontal = ["tags"]
    inlines = [ClaimRelationInline]


class AttributionStepInline(admin.TabularInline):
    model = AttributionStep
    autocomplete_fields = ["claimant"]
    extra = 0


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["quote", "claim", "claimant", "stance", "framing", "review_status", "author"]
    list_filter = ["stance", "framing", "review_status", "article__outlet", "tags"]
    search_fields = ["quote", "note", "claim__text_ar", "claimant__name_ar", "claimant__name_en"]
    autocomplete_fields = ["claim", "claimant"]
    raw_id_fields = ["article"]
    list_select_related = ["claim", "claimant", "author"]
    filter_horizontal = ["tags"]
    inlines = [AttributionStepInline]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(AnnotationRevision)
class AnnotationRevisionAdmin(admin.ModelAdmin):
    list_display = ["annotation_ref", "version", "action", "user", "created_at"]
    list_filter = ["action"]
    search_fields = ["annotation_ref"]
    # The snapshot and changes are shown, in words, by the annotation's history page.
    exclude = ["snapshot", "changes"]
    readonly_fields = [
        *(f.name for f in AnnotationRevision._meta.fields if f.name not in {"snapshot", "changes"}),
        "history_link",
    ]

    @admin.display(description=_("History"))
    def history_link(self, revision: AnnotationRevision) -> str:
        if revision.annotation_ref is None:
            return "—"
        url = reverse("annotation_history", args=[revision.annotation_ref])
        return format_html('<a href="{}">{}</a>', url, _("History of this annotation"))


@admin.register(ClaimRelation)
class ClaimRelationAdmin(admin.ModelAdmin):
    list_display = ["from_claim", "kind", "to_claim"]
    list_filter = ["kind"]
    search_fields = ["from_claim__text_ar", "to_claim__text_ar"]
    autocomplete_fields = ["from_claim", "to_claim"]


class ImportItemInline(admin.TabularInline):
    model = ImportItem
    readonly_fields = (
        "name",
        "status",
        "format",
        "encoding",
        "entries",
        "created",
        "duplicates",
        "skipped",
        "failed",
    )
    fields = readonly_fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "status",
        "progress",
        "created",
        "duplicates",
        "skipped",
        "failed",
        "outlet",
        "created_by",
        "created_at",
        "report_link",
    ]
    list_filter = ["status"]
    list_select_related = ["outlet", "created_by"]
    search_fields = ["id", "source_files"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
    inlines = [ImportItemInline]
    change_list_template = "admin/articles/importbatch/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # batches are made by uploading files (see get_urls)

    @admin.display(description=_("progress"))
    def progress(self, batch: ImportBatch) -> str:
        if batch.is_waiting:
            return str(batch.get_status_display())
        return f"{batch.progress_percent}% ({batch.processed}/{batch.total})"

    @admin.display(description=_("report"))
    def report_link(self, batch: ImportBatch) -> str:
        url = reverse("admin:articles_importbatch_progress", args=[batch.pk])
        return format_html('<a href="{}">{}</a>', url, _("progress and report"))

    def get_urls(self) -> list[URLPattern]:
        site = self.admin_site
        return [
            path(
                "upload/",
                site.admin_view(partial(imports.upload, admin_site=site)),
                name="articles_importbatch_upload",
            ),
            path(
                "<int:pk>/progress/",
                site.admin_view(partial(imports.progress, admin_site=site)),
                name="articles_importbatch_progress",
            ),
            path(
                "<int:pk>/resume/",
                site.admin_view(partial(imports.resume, admin_site=site)),
                name="articles_importbatch_resume",
            ),
            *super().get_urls(),
        ]
