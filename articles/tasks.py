"""Background tasks (Django's tasks framework, run by django-tasks-db's `manage.py db_worker`)."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.claims import webannotation
from articles.ingest.pipeline import BatchBusy, run_batch
from articles.ingest.polling import poll_due_sources
from articles.models import AnnotationImport, Article, ImportBatch
from articles.proposals import store
from articles.queues import IMPORTS_QUEUE, UPKEEP_QUEUE

logger = logging.getLogger(__name__)


@task(queue_name=IMPORTS_QUEUE)
def run_import_batch(batch_id: int) -> dict[str, int]:
    """Import (or resume) one batch; its progress and report live on the ImportBatch row.

    When it is done, the batch's articles get their attribution proposals (another task)."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status == ImportBatch.Status.DONE:
        return {"batch": batch_id, "created": 0}
    try:
        batch = run_batch(batch)
    except BatchBusy:
        logger.info("import batch %s is already being processed elsewhere", batch_id)
        return {"batch": batch_id, "created": 0}
    if batch.created:
        propose_for_batch.enqueue(batch.pk)
    return {"batch": batch.pk, "created": batch.created, "failed": batch.failed}


@task(queue_name=UPKEEP_QUEUE)
def propose_for_batch(batch_id: int) -> dict[str, int]:
    """Attribution proposals for an import batch's articles that have none from this extractor."""
    ids = store.articles_needing_proposals(
        missing_only=True, queryset=Article.objects.filter(import_batch_id=batch_id)
    )
    counts = store.propose_articles(ids)
    return {"batch": batch_id, "articles": counts.articles, "added": counts.added}


@task(queue_name=UPKEEP_QUEUE)
def refresh_article_proposals(article_id: int) -> dict[str, int]:
    """Proposals of one article whose body (may have) changed; nothing when they are current."""
    article = Article.objects.filter(pk=article_id).only("pk", "body").first()
    if article is None or not store.stale_extraction(article):
        return {"article": article_id, "added": 0}
    counts = store.propose_articles([article.pk], workers=1)
    return {"article": article_id, "added": counts.added, "dropped": counts.dropped}


@task(queue_name=IMPORTS_QUEUE)
def run_annotation_import(import_id: int) -> dict[str, int]:
    """Import one W3C Web Annotation file; the outcome lives on its AnnotationImport row."""
    with transaction.atomic():
        job = AnnotationImport.objects.select_for_update().filter(pk=import_id).first()
        if job is None or job.status in (
            AnnotationImport.Status.DONE,
            AnnotationImport.Status.FAILED,
        ):
            return {"import": import_id, "created": 0}
        job.status = AnnotationImport.Status.RUNNING
        job.save(update_fields=["status"])
    try:
        source = Path(job.path) if job.path else bytes(job.data)
        result = webannotation.import_json(
            source, importer=job.created_by, room_hosts=job.room_hosts, dry_run=job.dry_run
        )
    except webannotation.WebAnnotationError as exc:
        job.status, job.problems = AnnotationImport.Status.FAILED, exc.messages
    except Exception as exc:  # the worker keeps going; the page says what happened
        logger.exception("annotation import %s failed", import_id)
        job.status, job.problems = AnnotationImport.Status.FAILED, [f"{type(exc).__name__}"]
    else:
        job.status = AnnotationImport.Status.DONE
        job.created, job.already_present = result.created_count, result.already_present
        job.report = result.as_dict()
    if not (job.dry_run and job.status == AnnotationImport.Status.DONE):
        # A checked file is kept for the import that may follow; anything else is dropped.
        job.data = b""
        if job.path:
            Path(job.path).unlink(missing_ok=True)
            job.path = ""
    job.finished_at = timezone.now()
    job.save()
    return {"import": import_id, "created": job.created}


POLL_TASK_PATH = "articles.tasks.poll_sources"


def schedule_polling(*, delay_seconds: int | None = None) -> bool:
    """Make sure one poll task waits in the queue (a row of django-tasks-db, so the schedule
    survives restarts). Returns whether one was enqueued."""
    with transaction.atomic():
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=POLL_TASK_PATH, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        delay = settings.FEEDS_POLL_EVERY_SECONDS if delay_seconds is None else delay_seconds
        poll_sources.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()
    # One finished row a minute: keep a day of them (failed runs stay for reading).
    DBTaskResult.objects.filter(
        task_path=POLL_TASK_PATH,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=timezone.now() - timedelta(days=1),
    ).delete()
    return True


@task(queue_name=UPKEEP_QUEUE)
def poll_sources() -> dict[str, int]:
    """Poll the sources that are due, then queue the next run (`FEEDS_POLL_EVERY_SECONDS`)."""
    try:
        reports = poll_due_sources()
    finally:
        schedule_polling()
    if reports is None:
        return {"busy": 1}
    return {
        "sources": len(reports),
        "failed": sum(1 for r in reports if r.status == "failed"),
        "imported": sum(r.count("imported") for r in reports),
        "updated": sum(r.count("updated") for r in reports),
    }
