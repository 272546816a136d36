"""Django admin for every model, with search and filters."""

from __future__ import annotations

import zoneinfo
from functools import partial
from typing import Any

from cssselect import SelectorError, parse
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.claims.annotations import article_replace_body
from articles.infrastructure import login_throttle, permissions
from articles.models import (
    Annotation,
    AnnotationRevision,
    Article,
    ArticleVersion,
    AttributionStep,
    Claim,
    Claimant,
    ClaimRelation,
    ClaimRelationRemoval,
    ClaimVerdict,
    FeedItem,
    FetchedPage,
    ImportBatch,
    ImportItem,
    LoginFailure,
    Outlet,
    OutletRules,
    Source,
    Tag,
)
from articles.views import imports, sources


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class OutletRulesForm(forms.ModelForm):
    class Meta:
        model = OutletRules
        fields = [
            "body_selector",
            "title_selector",
            "date_selector",
            "author_selector",
            "drop_selectors",
            "timezone",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("body_selector", "title_selector", "date_selector", "author_selector"):
            if data.get(name):
                self._check_selector(name, data[name])
        for line in (data.get("drop_selectors") or "").splitlines():
            if line.strip():
                self._check_selector("drop_selectors", line.strip())
        zone = data.get("timezone")
        if zone:
            try:
                zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                self.add_error(
                    "timezone", _("Unknown time zone (use an IANA name such as Asia/Damascus).")
                )
        return data

    def _check_selector(self, field: str, selector: str) -> None:
        try:
            parse(selector)
        except SelectorError as exc:
            self.add_error(
                field,
                _("Not a valid CSS selector: %(selector)s (%(error)s)")
                % {"selector": selector, "error": exc},
            )


class OutletRulesInline(admin.StackedInline):
    model = OutletRules
    form = OutletRulesForm
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name_plural = _("extraction rules (CSS selectors tried before the generic extraction)")


class SourceInline(admin.TabularInline):
    model = Source
    fields = ["url", "kind", "poll_interval", "paused"]
    extra = 0
    show_change_link = True


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "kind", "alignment", "country", "to_review"]
    list_filter = ["kind", "alignment", "country", "needs_review"]
    search_fields = ["name_ar", "name_en", "slug", "alignment", "notes"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OutletRulesInline, SourceInline]

    @admin.display(description=_("needs review"), ordering="needs_review")
    def to_review(self, outlet: Outlet) -> str:
        # In words: the admin's boolean icon has the English "True"/"False" as its text.
        return str(_("yes") if outlet.needs_review else _("no"))


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "outlet",
        "kind",
        "health",
        "last_success_at",
        "short_error",
        "items_seen",
        "articles_created",
        "next_poll_at",
        "paused",
        "test_link",
    ]
    list_filter = ["paused", "kind", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["url", "outlet__name_ar", "outlet__name_en", "last_error"]
    autocomplete_fields = ["outlet"]
    fields = [
        "outlet",
        "url",
        "kind",
        "poll_interval",
        "paused",
        "next_poll_at",
        "detected_kind",
        "last_polled_at",
        "last_success_at",
        "consecutive_failures",
        "last_error",
        "items_seen",
        "articles_created",
        "etag",
        "last_modified",
        "last_report_display",
    ]
    readonly_fields = [
        "detected_kind",
        "last_polled_at",
        "last_success_at",
        "consecutive_failures",
        "last_error",
        "items_seen",
        "articles_created",
        "etag",
        "last_modified",
        "last_report_display",
    ]
    actions = ["test_sources", "poll_now", "pause", "resume"]

    @admin.display(description=_("health"))
    def health(self, source: Source) -> str:
        if source.paused:
            return format_html('<span class="source-paused">{}</span>', _("paused"))
        if source.consecutive_failures:
            return format_html(
                '<span class="source-failing">{}</span>',
                _("failing (%(n)s in a row)") % {"n": source.consecutive_failures},
            )
        if source.last_success_at is None:
            return str(_("not polled yet"))
        return format_html('<span class="source-ok">{}</span>', _("ok"))

    @admin.display(description=_("last error"))
    def short_error(self, source: Source) -> str:
        return source.last_error[:120]

    @admin.display(description=_("test"))
    def test_link(self, source: Source) -> str:
        url = reverse("admin:articles_source_test", args=[source.pk])
        return format_html('<a href="{}">{}</a>', url, _("test"))

    @admin.display(description=_("last poll"))
    def last_report_display(self, source: Source) -> str:
        return sources.render_report_summary(source.last_report)

    @admin.action(description=_("Test: fetch once and show what would be imported"))
    def test_sources(self, request: HttpRequest, queryset: QuerySet[Source]) -> HttpResponse:
        return sources.test_page(request, list(queryset[:5]), admin_site=self.admin_site)

    @admin.action(description=_("Poll now"))
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        n = queryset.update(next_poll_at=timezone.now(), paused=False)
        sources.enqueue_poll()
        messages.success(request, _("%(n)s sources will be polled in a moment.") % {"n": n})

    @admin.action(description=_("Pause"))
    def pause(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        queryset.update(paused=True)

    @admin.action(description=_("Resume"))
    def resume(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        queryset.update(paused=False, next_poll_at=timezone.now())

    def get_urls(self) -> list[URLPattern]:
        site = self.admin_site
        return [
            path(
                "<int:pk>/test/",
                site.admin_view(partial(sources.test_one, admin_site=site)),
                name="articles_source_test",
            ),
            *super().get_urls(),
        ]


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    list_display = ["url", "source", "status", "reason", "article", "attempts", "first_seen_at"]
    list_filter = ["status", "source__outlet"]
    search_fields = ["url", "reason", "guid"]
    raw_id_fields = ["article", "source"]
    list_select_related = ["source", "article"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FetchedPage)
class FetchedPageAdmin(admin.ModelAdmin):
    list_display = ["final_url", "status", "size", "fetched_at", "sha256"]
    search_fields = ["url", "final_url", "sha256"]
    exclude = ["content"]
    readonly_fields = ["sha256", "url", "final_url", "status", "headers", "size", "fetched_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ["article", "number", "created_at", "fetched_page"]
    raw_id_fields = ["article", "fetched_page"]
    readonly_fields = [
        "article",
        "number",
        "title",
        "body",
        "content_hash",
        "fetched_page",
        "reanchor",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("needs review"), ordering="needs_review")
    def to_review(self, outlet: Outlet) -> str:
        # In words: the admin's boolean icon has the English "True"/"False" as its text.
        return str(_("yes") if outlet.needs_review else _("no"))


REINDEX_MESSAGE = _(
    "This text is long: its search index is being rebuilt in the background. Until the worker "
    "has finished, searches find the article by its earlier text."
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_at", "author", "language", "created_at"]
    list_filter = ["outlet", "language", ("published_at", admin.DateFieldListFilter)]
    search_fields = ["title", "author", "url"]
    date_hierarchy = "published_at"
    list_select_related = ["outlet"]
    raw_id_fields = ["near_duplicate_of", "copy_of", "import_batch"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "reindex_requested_at"]
    # Records the import keeps for itself (internal codes, offsets): not edited by hand; the
    # article page shows what they mean.
    exclude = ["provenance", "boilerplate_spans"]
    show_full_result_count = False
    actions = ["fetch_again"]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        # A corrected headline, byline or body moves the annotations in it (or orphans them),
        # as a new version would: their offsets count in the old text.
        if change and {"body", "title", "author"} & set(form.changed_data):
            stored = Article.objects.get(pk=obj.pk)
            if stored.annotations.exists():
                article_replace_body(
                    article=stored,
                    body=obj.body,
                    title=obj.title,
                    byline=obj.author,
                    user=request.user,  # type: ignore[arg-type]
                )
        super().save_model(request, obj, form, change)
        if obj.reindex_requested_at is not None:
            # A long text is analysed by the worker, not in this request (articles.search.index).
            self.message_user(request, REINDEX_MESSAGE, messages.INFO)

    @admin.action(description=_("Fetch again (a changed text becomes a new version)"))
    def fetch_again(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        sources.fetch_again(request, list(queryset.select_related("outlet")[:20]))


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


class ClaimVerdictInline(admin.TabularInline):
    """A claim's verdicts, newest first, read-only: they are recorded (and superseded by a newer
    one) on the claim's page in the room, where the history stays whole."""

    model = ClaimVerdict
    fields = readonly_fields = (
        "rating",
        "reviewed_on",
        "explanation",
        "recorded_by",
        "recorded_at",
    )
    ordering = ["-recorded_at", "-id"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text_ar", "gloss_en", "created_at"]
    list_filter = ["tags"]
    search_fields = ["text_ar", "gloss_en", "notes"]
    filter_horizontal = ["tags"]
    inlines = [ClaimRelationInline, ClaimVerdictInline]


@admin.register(ClaimVerdict)
class ClaimVerdictAdmin(admin.ModelAdmin):
    """Verdicts as a list to search and filter. Read-only: a verdict is a published record; a
    lead corrects one by recording a newer verdict on the claim's page, which keeps the old."""

    list_display = ["claim_text", "rating", "reviewed_on", "recorded_by", "recorded_at"]
    list_filter = ["rating", "reviewed_on"]
    search_fields = ["claim__text_ar", "explanation"]
    list_select_related = ["claim", "recorded_by"]
    date_hierarchy = "reviewed_on"
    fields = readonly_fields = (
        "claim_link", "claim_ref", "rating", "explanation", "reviewed_on", "recorded_by",
        "recorded_at",
    )  # fmt: skip

    @admin.display(description=_("claim"), ordering="claim__text_ar")
    def claim_text(self, verdict: ClaimVerdict) -> str:
        return verdict.claim.text_ar if verdict.claim else f"#{verdict.claim_ref}"

    @admin.display(description=_("claim"))
    def claim_link(self, verdict: ClaimVerdict) -> str:
        if verdict.claim is None:
            return f"#{verdict.claim_ref}"
        url = reverse("claim_detail", args=[verdict.claim_id])
        return format_html('<a href="{}">{}</a>', url, verdict.claim.text_ar)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
        "copies",
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


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["username", "ip", "when"]
    search_fields = ["username", "ip"]
    readonly_fields = ["username", "ip", "when"]

    @admin.display(description=_("created at"), ordering="created_at")
    def when(self, failure: LoginFailure) -> str:
        return date_format(timezone.localtime(failure.created_at), "DATETIME_FORMAT")

    actions = ["unlock"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Unlock: forget every failure of these accounts"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[LoginFailure]) -> None:
        names = sorted(set(queryset.values_list("username", flat=True)))
        count = login_throttle.unlock_accounts(usernames=names)
        self.message_user(request, _("%(count)d failed logins forgotten.") % {"count": count})


User = get_user_model()
_SUPERUSER_ONLY_FIELDS = {"is_superuser", "is_staff", "user_permissions"}


def _is_admin_account(user: Any) -> bool:
    return bool(
        user.is_superuser or user.is_staff or user.groups.filter(name=permissions.ADMIN).exists()
    )


class RoomUserAdmin(UserAdmin):
    """Admins manage accounts, but only a superuser touches a superuser or hands out rights.

    Without this, Django's change_user permission lets the Admin group tick is_superuser on
    itself or reset a superuser's password.
    """

    actions = ["unlock_logins"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += sorted(_SUPERUSER_ONLY_FIELDS - set(readonly))
            if obj is not None and _is_admin_account(obj):
                readonly.append("groups")
        return readonly

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(name=permissions.ADMIN)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        target = self.get_object(request, id)
        if target is None and not request.user.is_superuser:
            # get_queryset hides superusers from non-superusers: refuse instead of 404-probing.
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(description=_("Clear failed logins (unlock)"))
    def unlock_logins(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        names = [user.get_username() for user in queryset]
        count = login_throttle.unlock_accounts(usernames=names)
        self.message_user(
            request, _("%(count)d failed logins forgotten.") % {"count": count}, messages.SUCCESS
        )


admin.site.unregister(User)
admin.site.register(User, RoomUserAdmin)


@admin.register(ClaimRelationRemoval)
class ClaimRelationRemovalAdmin(admin.ModelAdmin):
    list_display = ["from_claim", "kind", "to_claim", "created_by", "removed_by", "removed_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in ClaimRelationRemoval._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
