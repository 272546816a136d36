"""Recovery after a crash: batches left "running", task rows left RUNNING, a dropped index.

A batch whose process died keeps the status it had, though no process holds its advisory lock.
`recover_interrupted` (run by `runroom` at start and each time it restarts the worker) marks
such batches interrupted and queues them again when they can resume (failed otherwise), resets
the worker's task rows that no worker runs any more, and rebuilds the search index a bulk
import dropped when no import is running.
"""

from __future__ import annotations

import logging
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


def reset_orphaned_tasks() -> int:
    """Task rows left RUNNING by a worker that is gone: failed, so nothing waits on them
    (the batches they ran are queued again by `recover_interrupted`)."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def recover_interrupted(*, workers_running: bool = False) -> Recovery:
    """Call when no worker runs (`workers_running=False` also resets its task rows)."""
    from articles.tasks import run_import_batch

    outcome = Recovery()
    if not workers_running:
        outcome.tasks_reset = reset_orphaned_tasks()
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
    if outcome.resumed or outcome.failed or outcome.tasks_reset or outcome.index_rebuilt:
        logger.warning("recovered after a crash: %s", outcome)
    return outcome
