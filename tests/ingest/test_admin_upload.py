"""The admin door: upload many files, background batch, live progress, report, resume."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import Article, ImportBatch, ImportUpload
from tests.ingest.conftest import SEED_FILES, saudi_record, seed_text, subprocess_env, zip_bytes
from tests.task_backends import IMMEDIATE

UPLOAD_URL = "/admin/articles/importbatch/upload/"


def uploads() -> list[SimpleUploadedFile]:
    lines = "\n".join(json.dumps(saudi_record(i), ensure_ascii=False) for i in range(3))
    return [
        SimpleUploadedFile(
            "feed.zip", zip_bytes({"d/feed.jsonl": lines.encode(), "bad.json": b"[{"})
        ),
        SimpleUploadedFile(SEED_FILES[4], seed_text(SEED_FILES[4]).encode("windows-1256")),
    ]


@override_settings(TASKS=IMMEDIATE)
def test_upload_runs_in_the_background_and_reports(
    admin_client: Any, outlets: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert admin_client.get(UPLOAD_URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(UPLOAD_URL, {"files": uploads()})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_importbatch_progress", args=[batch.pk])
    assert (batch.status, batch.created, batch.failed, batch.total) == ("failed", 4, 1, 3)
    assert not ImportUpload.objects.filter(batch=batch).exists()  # bytes dropped when done
    page = admin_client.get(response["Location"]).content.decode()
    assert "bad.json" in page and "invalid JSON at line 1" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    al_binaa = Article.objects.get(outlet__slug="al-binaa")
    assert al_binaa.provenance["encoding"] == "windows-1256"


@override_settings(TASKS=IMMEDIATE)
def test_outlet_for_the_whole_upload(
    admin_client: Any, outlets: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(UPLOAD_URL, {"files": uploads(), "outlet": outlets["sana"].pk})
    assert set(Article.objects.values_list("outlet__slug", flat=True)) == {"sana"}


def test_progress_polls_while_running_and_serves_a_fragment_to_htmx(
    admin_client: Any, db: None, django_assert_num_queries: Any
) -> None:
    batch = ImportBatch.objects.create(status=ImportBatch.Status.RUNNING, total=4, processed=1)
    url = reverse("admin:articles_importbatch_progress", args=[batch.pk])
    full = admin_client.get(url).content.decode()
    assert "<html" in full and 'hx-trigger="every 1s"' in full and 'value="25"' in full
    admin_client.get(url, headers={"HX-Request": "true"})  # warm the session and permissions
    # the cache generations (session and user come from the cache), then the page's own
    with django_assert_num_queries(3):
        fragment = admin_client.get(url, headers={"HX-Request": "true"})
    assert fragment["Vary"].find("HX-Request") >= 0
    text = fragment.content.decode()
    assert text.lstrip().startswith('<section id="import-progress"') and "<html" not in text


def test_batch_list_shows_status_and_upload_link(
    admin_client: Any, db: None, django_assert_num_queries: Any
) -> None:
    for status in ("done", "failed", "running"):
        ImportBatch.objects.create(status=status)
    url = "/admin/articles/importbatch/"
    admin_client.get(url)
    with django_assert_num_queries(4):  # the cache generations, then the admin page's own
        page = admin_client.get(url).content.decode()
    assert UPLOAD_URL in page and page.count("/progress/") == 3


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1000)
def test_upload_over_the_size_limit_is_refused_with_a_message(admin_client: Any, db: None) -> None:
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    big = SimpleUploadedFile("big.txt", ("نص " * 1000).encode())
    response = admin_client.post(UPLOAD_URL, {"files": [big]})
    assert response.status_code in (400, 413)
    assert "over the limit of 1000" in response.content.decode().replace("\xa0", " ")
    assert not ImportBatch.objects.exists()


def test_upload_without_files_is_a_form_error(admin_client: Any, db: None) -> None:
    response = admin_client.post(UPLOAD_URL, {})
    assert response.status_code == 400 and b"errorlist" in response.content


def test_staff_without_import_permission_is_refused(client: Any, django_user_model: Any) -> None:
    staff = django_user_model.objects.create_user("clerk", password="pw-x-12345", is_staff=True)
    client.force_login(staff)
    assert client.get(UPLOAD_URL).status_code == 403


@override_settings(TASKS=IMMEDIATE)
def test_interrupted_batch_is_resumed_from_the_admin(
    admin_client: Any, tmp_path: Path, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    (tmp_path / "a.json").write_text(json.dumps([saudi_record(1), saudi_record(2)]), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps([saudi_record(3)]), "utf-8")
    batch = create_batch_from_paths([str(tmp_path)])

    def crash(chunks: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(batch, workers=1, after_chunk=crash)
    url = reverse("admin:articles_importbatch_progress", args=[batch.pk])
    resume_url = reverse("admin:articles_importbatch_resume", args=[batch.pk])
    assert f'action="{resume_url}"' in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:articles_importbatch_resume", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.created, Article.objects.count()) == ("done", 3, 3)
    assert f'action="{resume_url}"' not in admin_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_process_runs_an_uploaded_batch(admin_client: Any) -> None:
    response = admin_client.post(UPLOAD_URL, {"files": uploads()})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == "pending"
    env = subprocess_env()
    from articles.management.commands.runroom import worker_commands

    # The import worker as runroom starts it (an upload is on the imports queue).
    worker = worker_commands()["imports-worker"]
    subprocess.run(
        [*worker, "--batch", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.failed) == ("failed", 4, 1)
