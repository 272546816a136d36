"""Recovery after a crash: batches left "running", task rows left RUNNING, a dropped index.

A batch whose process died keeps the status it had, though no process holds its advisory lock.
`recover_interrupted` (run by `runroom` at start, and each time it restarts a worker for that
worker's queue) marks such batches interrupted and queues them again when they can resume
(failed otherwise), resets the task rows of the dead worker's queue that no worker runs any
more (a task of the other queue, running in its live worker, is left alone), queues again the
index of every article an edit left waiting for one, and rebuilds the search index a bulk import
dropped when no import is running.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone

from articles.ingest import search_index
from articles.ingest.pipeline import _lock_is_free, batch_is_resumable
from articles.models import ImportBatch

logger = logging.getLogger(__name__)


@dataclass
class Recovery:
    resumed: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    tasks_reset: int = 0
    index_rebuilt: bool = False
    indexes_requeued: int = 0


def reset_orphaned_tasks(queues: Sequence[str] | None = None) -> int:
    """Task rows left RUNNING by a worker that is gone: failed, so nothing waits on them
    (the batches they ran are queued again by `recover_interrupted`). `queues`: only the rows of
    these queues (the dead worker's), every queue when None."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    if queues is not None:
        rows = rows.filter(queue_name__in=list(queues))
    return rows.update(status=TaskResultStatus.FAILED, finished_at=timezone.now())


def recover_interrupted(
    *, workers_running: bool = False, queues: Sequence[str] | None = None
) -> Recovery:
    """Call when the workers of `queues` (all of them when None) are not running
    (`workers_running=False` also resets their task rows). A batch another live worker holds
    is left alone: its advisory lock says so."""
    from articles.search.index import requeue_pending_indexes
    from articles.tasks import run_import_batch

    outcome = Recovery()
    if not workers_running:
        outcome.tasks_reset = reset_orphaned_tasks(queues)
    stuck = ImportBatch.objects.filter(
        status__in=[ImportBatch.Status.RUNNING, ImportBatch.Status.INTERRUPTED]
    ).order_by("pk")
    busy = False
    for batch in stuck:
        if not _lock_is_free(batch.pk):
            busy = True  # a live process holds it
            continue
        if batch_is_resumable(batch):
            with transaction.atomic():
                ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PENDING)
                transaction.on_commit(partial(run_import_batch.enqueue, batch.pk))
            outcome.resumed.append(batch.pk)
        else:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED, finished_at=timezone.now()
            )
            outcome.failed.append(batch.pk)
    if not busy:
        outcome.index_rebuilt = search_index.ensure()
    outcome.indexes_requeued = requeue_pending_indexes()
    if (
        outcome.resumed
        or outcome.failed
        or outcome.tasks_reset
        or outcome.index_rebuilt
        or outcome.indexes_requeued
    ):
        logger.warning("recovered after a crash: %s", outcome)
    return outcome
