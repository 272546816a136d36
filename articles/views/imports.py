"""The admin's bulk-import pages: upload files, watch a batch's progress, read its report."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from articles.infrastructure import permissions
from articles.ingest.pipeline import batch_is_resumable, batch_report
from articles.models import ImportBatch, ImportUpload, Outlet
from articles.tasks import run_import_batch
from articles.views.htmx import wants_partial


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    # django-stubs sees BaseForm.files here; the form's metaclass moves fields into base_fields.
    files = MultipleFileField(  # type: ignore[assignment]
        label=gettext_lazy("Files or zip archives"),
        help_text=gettext_lazy(
            "Text (.txt), JSON, JSON Lines, CSV or HTML files, or zip archives of them."
        ),
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name_ar"),
        required=False,
        label=gettext_lazy("Outlet for the whole upload"),
        help_text=gettext_lazy("Leave empty to recognise each article's outlet from its data."),
    )

    def clean_files(self) -> list[UploadedFile[bytes]]:
        files: list[UploadedFile[bytes]] = self.cleaned_data["files"]
        total = sum(f.size or 0 for f in files)
        if total > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The upload is %(size)s, over the limit of %(limit)s.")
                % {
                    "size": filesizeformat(total),
                    "limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES),
                }
            )
        return files


def _require_import_permission(request: HttpRequest) -> None:
    if not permissions.can_import(request.user):
        raise PermissionDenied


def _too_large_form() -> ImportUploadForm:
    form = ImportUploadForm()
    form.errors["files"] = form.error_class(
        [
            _("The upload is over the limit of %(limit)s.")
            % {"limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)}
        ]
    )
    return form


def _store_on_disk(upload_file: UploadedFile[bytes], *, batch_id: int, name: str) -> Path:
    """Move (or copy in chunks) the upload to the staging folder: never read whole into memory.

    Django already streamed a large upload to a temporary file; moving it is a rename."""
    folder = Path(settings.IMPORT_UPLOAD_DIR) / f"batch-{batch_id}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (PurePath(name).name or "upload")
    temporary = getattr(upload_file, "temporary_file_path", None)
    if temporary is not None:
        shutil.move(temporary(), target)
    else:
        with open(target, "wb") as out:
            for chunk in upload_file.chunks():
                out.write(chunk)
    return target


def _admin_context(request: HttpRequest, admin_site: Any, title: str) -> dict[str, Any]:
    return {
        **admin_site.each_context(request),
        "title": title,
        "opts": ImportBatch._meta,
        "app_label": ImportBatch._meta.app_label,
    }


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, admin_site: Any) -> HttpResponse:
    _require_import_permission(request)
    context = _admin_context(request, admin_site, _("Import articles"))
    if request.method == "GET":
        return render(
            request, "admin/articles/import_upload.html", {**context, "form": ImportUploadForm()}
        )
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024:
        return render(
            request,
            "admin/articles/import_upload.html",
            {**context, "form": _too_large_form()},
            status=413,
        )
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "admin/articles/import_upload.html", {**context, "form": form}, status=400
        )
    files: list[UploadedFile[bytes]] = form.cleaned_data["files"]
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=request.user,  # type: ignore[misc]
            outlet=form.cleaned_data["outlet"],
            source_files=[],
        )
        names: list[str] = []
        for upload_file in files:
            name = PurePath(upload_file.name or "upload").name or "upload"
            if name in names:
                name = f"{len(names) + 1}-{name}"
            names.append(name)
            ImportUpload.objects.create(
                batch=batch,
                name=name,
                size=upload_file.size or 0,
                path=str(_store_on_disk(upload_file, batch_id=batch.pk, name=name)),
            )
        batch.source_files = names
        batch.save(update_fields=["source_files"])
        transaction.on_commit(lambda: run_import_batch.enqueue(batch.pk))
    return HttpResponseRedirect(reverse("admin:articles_importbatch_progress", args=[batch.pk]))


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def progress(request: HttpRequest, pk: int, admin_site: Any) -> HttpResponse:
    _require_import_permission(request)
    batch = get_object_or_404(ImportBatch.objects.select_related("outlet", "created_by"), pk=pk)
    active = batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING)
    context = {
        **_admin_context(request, admin_site, _("Import batch %(id)s") % {"id": batch.pk}),
        "batch": batch,
        "active": active,
        "resumable": batch_is_resumable(batch),
        "report": batch_report(batch) if not active else None,
    }
    template = "admin/articles/import_progress.html"
    if wants_partial(request):
        template += "#progress"
    return render(request, template, context)


@require_POST
def resume(request: HttpRequest, pk: int, admin_site: Any) -> HttpResponse:
    _require_import_permission(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch_is_resumable(batch):
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PENDING)
        transaction.on_commit(lambda: run_import_batch.enqueue(batch.pk))
        messages.success(request, _("The batch will resume in the background."))
    else:
        messages.warning(request, _("This batch cannot be resumed now."))
    return HttpResponseRedirect(reverse("admin:articles_importbatch_progress", args=[batch.pk]))
