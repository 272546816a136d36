"""Proposals made in the background: after an import batch, after a body edit, and by the
backfill command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.ingest.pipeline import create_batch_from_paths
from articles.models import Article, AttributionProposal, ProposalExtraction
from articles.proposals import records, store
from articles.proposals.services import proposal_reject
from articles.tasks import propose_for_batch, refresh_article_proposals, run_import_batch
from tests.proposals.conftest import BODY
from tests.task_backends import IMMEDIATE


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=IMMEDIATE, IMPORT_WORKERS=1)
def test_an_import_batch_queues_proposals_for_its_articles(tmp_path: Path) -> None:
    entries = [
        {"source": "test-agency", "title": f"خبر {i}", "content": f"{BODY} رقم {i}."}
        for i in range(3)
    ]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    batch = create_batch_from_paths([str(path)])
    run_import_batch.enqueue(batch.pk)
    articles = Article.objects.filter(import_batch=batch)
    assert articles.count() == 3
    for article in articles:
        assert ProposalExtraction.objects.filter(article=article).exists()
        assert article.proposals.filter(claimant="مصدر عسكري").exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=IMMEDIATE)
def test_an_edited_body_gets_its_proposals_again_and_an_unchanged_one_is_left_alone(
    article: Article, reviewer: Any
) -> None:
    # The fixture's article was queued before the settings changed: a plain save queues again.
    assert not article.proposals.exists()
    article.save()
    assert article.proposals.filter(claimant="الوكالة").exists()
    proposal_reject(proposal=article.proposals.get(claimant="الوكالة"), user=reviewer)
    article.body = article.body + " وأكد الناطق باسم الشرطة أن الطريق فتح من جديد."
    article.save(update_fields=["body"])
    assert article.proposals.filter(claimant="الناطق باسم الشرطة").exists()
    assert article.proposals.get(claimant="الوكالة").status == "rejected"
    assert refresh_article_proposals.call(article.pk) == {"article": article.pk, "added": 0}


@pytest.mark.django_db
def test_backfill_command_fills_missing_articles_only(article: Article, agency: Any) -> None:
    other = Article.objects.create(
        outlet=agency, body="قال الوزير إن الطريق فتح.", content_hash="other"
    )
    call_command("propose_attributions", "--missing", "--article", str(article.pk))
    assert article.proposals.exists() and not other.proposals.exists()
    before = AttributionProposal.objects.count()
    call_command("propose_attributions", "--missing")
    assert other.proposals.count() == 1
    assert AttributionProposal.objects.count() == before + 1
    assert store.articles_needing_proposals(missing_only=True) == []
    extraction = ProposalExtraction.objects.get(article=other)
    assert extraction.extractor_version == records.extractor_version()
    assert extraction.body_hash == records.body_hash(other.body)


@pytest.mark.django_db
def test_propose_for_batch_skips_articles_already_extracted(article: Article) -> None:
    store.propose_articles([article.pk], workers=1)
    assert propose_for_batch.call(12345) == {"batch": 12345, "articles": 0, "added": 0}


@pytest.mark.django_db
def test_bulk_proposals_in_worker_processes_equal_the_single_process_result(
    agency: Any,
) -> None:
    bodies = [f"{BODY} رقم {i}." for i in range(store.CHUNK + 20)]
    Article.objects.bulk_create(
        Article(outlet=agency, body=b, content_hash=f"bulk-{i}") for i, b in enumerate(bodies)
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    counts = store.propose_articles(ids, workers=2)
    assert counts.articles == len(ids)
    stored = sorted(AttributionProposal.objects.values_list("article_id", "fingerprint", "start"))
    AttributionProposal.objects.all().delete()
    store.propose_articles(ids, workers=1)
    again = sorted(AttributionProposal.objects.values_list("article_id", "fingerprint", "start"))
    assert stored == again and len(stored) == counts.added
