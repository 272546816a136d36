"""Background tasks (Django's tasks framework, run by django-tasks-db's `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.claims import webannotation
from articles.ingest.pipeline import BatchBusy, run_batch
from articles.models import AnnotationImport, ImportBatch

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


@task()
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
        result = webannotation.import_json(
            bytes(job.data), importer=job.created_by, room_hosts=job.room_hosts
        )
    except webannotation.WebAnnotationError as exc:
        job.status, job.problems = AnnotationImport.Status.FAILED, exc.messages
    except Exception as exc:  # the worker keeps going; the page says what happened
        logger.exception("annotation import %s failed", import_id)
        job.status, job.problems = AnnotationImport.Status.FAILED, [f"{type(exc).__name__}"]
    else:
        job.status = AnnotationImport.Status.DONE
        job.created, job.already_present = len(result.created), result.already_present
    job.data = b""
    job.finished_at = timezone.now()
    job.save()
    return {"import": import_id, "created": job.created}
