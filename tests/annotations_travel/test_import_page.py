"""The import page (issue 17, item 5) and the highlights awaiting a claim in the workflow."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.claims.review import review_confirm
from articles.models import Annotation, AnnotationImport, Article
from tests.task_backends import IMMEDIATE

from .test_hypothesis_import import api_row

pytestmark = pytest.mark.django_db


def test_the_navigation_links_the_import_page_for_importers_only(
    room: Article, importer: Any, user: Any
) -> None:
    client = Client()
    client.force_login(importer)
    assert reverse("w3c_import") in client.get(reverse("article_list")).text
    client.force_login(user)
    assert reverse("w3c_import") not in client.get(reverse("article_list")).text
    assert client.get(reverse("w3c_import")).status_code == 403


def test_a_dry_run_reports_then_the_same_file_is_imported(
    demo: None, importer: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from .conftest import make_article
    from .test_hypothesis_import import BODY

    settings.TASKS = IMMEDIATE
    article = make_article(BODY, "https://example-news.sa/news/2024/clashes")
    rows = [
        api_row("اشتباكات في ريف المدينة"),
        api_row("اشتباكات في ريف المدينة", uri="https://elsewhere.example/a"),
    ]
    client = Client()
    client.force_login(importer)
    upload = SimpleUploadedFile("hypothesis.json", json.dumps(rows).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("w3c_import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    job = AnnotationImport.objects.get()
    assert job.dry_run and job.report["created"] == 1 and job.report["refused_count"] == 1
    assert not article.annotations.exists()
    assert reverse("w3c_import_run", args=[job.pk]) in page.text
    with django_capture_on_commit_callbacks(execute=True):
        run = client.post(reverse("w3c_import_run", args=[job.pk]))
    assert article.annotations.count() == 1
    done = AnnotationImport.objects.get(pk=int(run["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert done.status == "done" and not done.dry_run and done.created == 1


def test_a_highlight_awaiting_a_claim_is_shown_completed_by_a_reviewer_then_confirmed(
    room: Article, user: Any, lead: Any
) -> None:
    highlight = Annotation.objects.get(article=room, claim__isnull=True)
    reviewer = Client()
    reviewer.force_login(user)
    queue = reviewer.get(reverse("review_queue")).text
    assert f'id="review-{highlight.pk}"' in queue
    panel = reviewer.get(reverse("article_detail", args=[room.pk])).text
    assert "Awaiting a claim" in panel or "بانتظار" in panel
    assert reverse("annotation_edit", args=[highlight.pk]) in panel
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        review_confirm(annotation=highlight, user=user, expected_version=highlight.version)
    saved = reviewer.post(
        reverse("annotation_save", args=[highlight.pk]),
        {"claim_new": "ادعاء أكمله المراجع", "stance": "reports", "framing": "neutral",
         "version": highlight.version},
    )  # fmt: skip
    assert saved.status_code in (200, 204, 302), saved.content[:300]
    highlight.refresh_from_db()
    assert highlight.claim is not None and highlight.claim.text_ar == "ادعاء أكمله المراجع"
    confirmed = review_confirm(annotation=highlight, user=lead, expected_version=highlight.version)
    assert confirmed.review_status == "confirmed"


def test_pages_and_exports_still_answer_with_a_highlight_awaiting_a_claim(
    room: Article, importer: Any
) -> None:
    from articles.models import Claimant, Outlet

    client = Client()
    client.force_login(importer)
    highlight = Annotation.objects.get(claim__isnull=True)
    urls = [
        reverse("article_list"),
        reverse("article_detail", args=[room.pk]),
        reverse("annotation_panel", args=[room.pk]),
        reverse("annotation_edit", args=[highlight.pk]),
        reverse("annotation_history", args=[highlight.pk]),
        reverse("claim_list"),
        reverse("claimant_list"),
        reverse("outlet_list"),
        reverse("outlet_detail", args=[room.outlet.slug]),
        reverse("matrix_page"),
        reverse("matrix_page") + "?mode=claimants",
        reverse("mentions_export", args=["csv"]),
        reverse("mentions_export", args=["json"]),
        reverse("matrix_export", args=["json"]),
        reverse("review_queue"),
        reverse("review_agreement"),
        reverse("search_page") + "?q=داعش",
        reverse("w3c_article", args=[room.pk]),
        reverse("w3c_annotation", args=[highlight.pk]),
        reverse("claimant_detail", args=[Claimant.objects.order_by("pk").first().pk]),
        reverse("outlet_detail", args=[Outlet.objects.order_by("pk").first().slug]),
    ]
    for url in urls:
        # Fragments (the panel, the editor) answer plain requests with their article's page.
        assert client.get(url, follow=True).status_code == 200, url
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200, url
    assert client.get(reverse("mention_move", args=[highlight.pk])).status_code == 404
