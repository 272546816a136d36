"""Background tasks (Django's tasks framework, run by django-tasks-db's `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django.tasks import task

from articles.ingest.pipeline import BatchBusy, run_batch
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
