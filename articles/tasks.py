"""Background tasks (Django's tasks framework, run by django-tasks-db's `manage.py db_worker`)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.ingest.pipeline import BatchBusy, run_batch
from articles.ingest.polling import poll_due_sources
from articles.models import ImportBatch

logger = logging.getLogger(__name__)


@task()
def run_import_batch(batch_id: int) -> dict[str, int]:
    """Import (or resume) one batch; its progress and report live on the ImportBatch row."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status == ImportBatch.Status.DONE:
        return {"batch": batch_id, "created": 0}
    try:
        batch = run_batch(batch)
    except BatchBusy:
        logger.info("import batch %s is already being processed elsewhere", batch_id)
        return {"batch": batch_id, "created": 0}
    return {"batch": batch.pk, "created": batch.created, "failed": batch.failed}


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


@task()
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
