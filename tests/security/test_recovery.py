"""Item 6 of issue 20: a crashed worker is restarted and harms nothing."""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from django.test import override_settings

from articles.ingest import search_index
from articles.ingest.pipeline import _pool_process_init
from articles.ingest.recovery import recover_interrupted
from articles.management.commands import runroom
from articles.models import ImportBatch, ImportItem
from tests.task_backends import DEFERRED


def test_item6_supervisor_restarts_a_crashed_worker_and_keeps_the_web_up() -> None:
    recoveries: list[int] = []
    supervisor = runroom.Supervisor(
        {
            "web": [sys.executable, "-c", "import time; time.sleep(30)"],
            "worker": [sys.executable, "-c", "import sys; sys.exit(3)"],
        },
        env={},
        cwd=".",
        log=lambda message: None,
        before_restart={"worker": lambda: recoveries.append(1)},
    )
    supervisor.start_all()
    web = supervisor.children["web"]
    try:
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline and supervisor.restarts["worker"] < 2:
            supervisor.tick()
            time.sleep(0.1)
        assert supervisor.restarts["worker"] >= 2  # restarted, with a growing delay
        assert supervisor.delay["worker"] >= 4
        assert len(recoveries) == supervisor.restarts["worker"]  # recovery before each restart
        assert supervisor.children["web"] is web and web.poll() is None  # the web stayed up
    finally:
        supervisor.stop_all()
    assert web.poll() is not None


@pytest.mark.django_db
def test_item6_interrupted_batches_are_resumed_or_failed_and_the_index_restored(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from articles.tasks import run_import_batch

    resumable = ImportBatch.objects.create(status=ImportBatch.Status.RUNNING, total=2)
    ImportItem.objects.create(batch=resumable, name="a.json", status=ImportItem.Status.PENDING)
    finished_items = ImportBatch.objects.create(status=ImportBatch.Status.RUNNING, total=1)
    ImportItem.objects.create(batch=finished_items, name="b.json", status=ImportItem.Status.DONE)
    stale_task = run_import_batch.enqueue(resumable.pk)
    DBTaskResult.objects.filter(id=stale_task.id).update(status=TaskResultStatus.RUNNING)
    search_index.drop()
    assert not search_index.exists()

    with override_settings(TASKS=DEFERRED), django_capture_on_commit_callbacks(execute=True):
        outcome = recover_interrupted()

    assert outcome.resumed == [resumable.pk] and outcome.failed == [finished_items.pk]
    resumable.refresh_from_db()
    finished_items.refresh_from_db()
    assert resumable.status == "pending"  # queued again: the worker picks it up
    assert finished_items.status == "failed"
    assert DBTaskResult.objects.get(id=stale_task.id).status == TaskResultStatus.FAILED
    assert outcome.index_rebuilt and search_index.exists()


def _handlers() -> tuple[Any, Any]:
    return signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)


def test_item6_pool_processes_die_on_sigterm() -> None:
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)  # like the worker's handler
    try:
        with ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("fork"), initializer=_pool_process_init
        ) as pool:
            term, interrupt = pool.submit(_handlers).result(timeout=30)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert term == signal.SIG_DFL
    assert interrupt == signal.SIG_IGN


def test_item6_supervisor_runs_the_worker_at_a_lower_cpu_priority_than_the_web() -> None:
    import os

    sleep = [sys.executable, "-c", "import time; time.sleep(30)"]
    supervisor = runroom.Supervisor(
        {"web": sleep, "worker": sleep},
        env={},
        cwd=".",
        log=lambda message: None,
        niceness={"worker": 10},
    )
    supervisor.start_all()
    try:
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        web = os.getpriority(os.PRIO_PROCESS, supervisor.children["web"].pid)
        worker = os.getpriority(os.PRIO_PROCESS, supervisor.children["worker"].pid)
        assert web == mine and worker == min(mine + 10, 19)
    finally:
        supervisor.stop_all()
