"""Issue 20: uploads and imports never wait behind upkeep. Each queue has its own worker under
`runroom`, restarted alone when it dies, and recovery after a crash touches only its queue."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from articles.ingest.pipeline import LOCK_NAMESPACE, create_batch_from_paths
from articles.ingest.recovery import recover_interrupted
from articles.management.commands import runroom
from articles.models import Article, ImportBatch
from articles.queues import IMPORTS_QUEUE, UPKEEP_QUEUE
from articles.search.index import reindex_article
from articles.search.upkeep import build_impact_lists
from articles.tasks import (
    poll_sources,
    propose_for_batch,
    refresh_article_proposals,
    run_annotation_import,
    run_import_batch,
)


def test_what_a_person_waits_for_is_queued_apart_from_upkeep() -> None:
    for waited_for in (run_import_batch, run_annotation_import, reindex_article):
        assert waited_for.queue_name == IMPORTS_QUEUE
    for upkeep in (build_impact_lists, propose_for_batch, refresh_article_proposals, poll_sources):
        assert upkeep.queue_name == UPKEEP_QUEUE
    assert IMPORTS_QUEUE != UPKEEP_QUEUE
    assert sorted(runroom.WORKERS.values()) == sorted([IMPORTS_QUEUE, UPKEEP_QUEUE])


@pytest.fixture
def keep_signal_handlers() -> Iterator[None]:
    """db_worker installs its own SIGINT/SIGTERM handlers: give pytest its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_worker(name: str, *extra: str) -> None:
    """The worker `name` exactly as runroom starts it, until its queue is empty."""
    argv = runroom.worker_commands()[name]
    options = argv[argv.index("db_worker") + 1 :]
    call_command("db_worker", *options, "--batch", "--no-startup-delay", *extra, verbosity=0)


def ready(queue: str) -> list[str]:
    rows = DBTaskResult.objects.filter(queue_name=queue, status=TaskResultStatus.READY)
    return list(rows.values_list("task_path", flat=True))


@pytest.mark.django_db(transaction=True)
@override_settings(IMPORT_WORKERS=1)
def test_an_import_queued_behind_upkeep_is_picked_up_by_the_import_worker(
    tmp_path: Path, keep_signal_handlers: None
) -> None:
    # Upkeep queued first, and at a higher priority than the import: a single worker would
    # take all of it before the upload.
    for i in range(5):
        build_impact_lists.using(priority=90).enqueue([f"كلمة{i}"])
    refresh_article_proposals.enqueue(123456)
    path = tmp_path / "upload.json"
    entries = [
        {"source": "test-agency", "title": f"خبر {i}", "content": f"نص الخبر {i}."}
        for i in range(3)
    ]
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    batch = create_batch_from_paths([str(path)])
    upload = run_import_batch.enqueue(batch.pk)

    run_worker("imports-worker", "--max-tasks", "1")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.created == 3
    assert DBTaskResult.objects.get(id=upload.id).status == TaskResultStatus.SUCCESSFUL
    # The upkeep is untouched by the import worker, and the batch queued its proposals there.
    waiting = ready(UPKEEP_QUEUE)
    assert waiting.count("articles.search.upkeep.build_impact_lists") == 5
    assert "articles.tasks.propose_for_batch" in waiting
    assert ready(IMPORTS_QUEUE) == []

    # Upkeep still runs: in its own worker, which never takes an import.
    later = run_import_batch.enqueue(batch.pk)
    run_worker("upkeep-worker")
    assert ready(UPKEEP_QUEUE) == []
    assert DBTaskResult.objects.get(id=later.id).status == TaskResultStatus.READY


def _supervise(crashing: str, hooks: dict[str, Any]) -> runroom.Supervisor:
    sleep = [sys.executable, "-c", "import time; time.sleep(30)"]
    crash = [sys.executable, "-c", "import sys; sys.exit(3)"]
    commands = {"web": sleep} | {
        name: crash if name == crashing else sleep for name in runroom.WORKERS
    }
    return runroom.Supervisor(
        commands, env={}, cwd=".", log=lambda message: None, before_restart=hooks
    )


@pytest.mark.parametrize("crashing", list(runroom.WORKERS))
def test_each_queues_worker_restarts_alone(crashing: str) -> None:
    recovered: list[str] = []
    hooks = {name: partial(recovered.append, name) for name in runroom.WORKERS}
    supervisor = _supervise(crashing, hooks)
    supervisor.start_all()
    first = dict(supervisor.children)
    try:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and supervisor.restarts[crashing] < 2:
            supervisor.tick()
            time.sleep(0.1)
        assert supervisor.restarts[crashing] >= 2
        assert recovered == [crashing] * supervisor.restarts[crashing]  # its own recovery only
        for name, child in first.items():
            if name != crashing:  # the web server and the other worker: the same processes
                assert supervisor.restarts[name] == 0
                assert supervisor.children[name] is child and child.poll() is None
    finally:
        supervisor.stop_all()


def test_runroom_recovers_only_the_dead_workers_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(runroom, "recover_interrupted", lambda **kw: calls.append(kw))
    hooks = runroom.worker_recoveries()
    assert set(hooks) == set(runroom.WORKERS) == set(runroom.worker_commands())
    for name, queue in runroom.WORKERS.items():
        hooks[name]()
        assert calls[-1] == {"queues": [queue]}
        assert runroom.worker_commands()[name][-2:] == ["--queue-name", queue]


def test_upkeep_runs_at_a_lower_cpu_priority_than_imports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("UPKEEP_NICENESS", raising=False)
    monkeypatch.setenv("WORKER_NICENESS", "10")
    nice = runroom.worker_niceness()
    by_queue = {queue: nice[name] for name, queue in runroom.WORKERS.items()}
    assert by_queue == {IMPORTS_QUEUE: 10, UPKEEP_QUEUE: 15}


@pytest.mark.django_db
def test_recovery_of_one_queue_leaves_the_other_workers_running_task_alone() -> None:
    upkeep = build_impact_lists.enqueue(["كلمة"])
    upload = run_import_batch.enqueue(999_999)
    DBTaskResult.objects.filter(id__in=[upkeep.id, upload.id]).update(
        status=TaskResultStatus.RUNNING
    )

    outcome = recover_interrupted(queues=[UPKEEP_QUEUE])

    assert outcome.tasks_reset == 1
    assert DBTaskResult.objects.get(id=upkeep.id).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(id=upload.id).status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_feed_polls_batch_is_held_while_it_is_written(
    monkeypatch: pytest.MonkeyPatch, demo: None
) -> None:
    """Recovery (when the other worker restarts) takes a running batch whose advisory lock is
    free for an interrupted one: a poll's batch holds it from the moment it exists."""
    from django.utils import timezone

    from articles.ingest import polling
    from articles.ingest.fetch import FetchResult
    from articles.ingest.webpage import extract_article
    from articles.models import Outlet

    other = connections.create_connection("default")
    seen: list[bool] = []
    write_chunk = polling._write_chunk

    def observed(batch: ImportBatch, *args: Any, **kwargs: Any) -> Any:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, batch.pk])
            taken = bool(cursor.fetchone()[0])
            if taken:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, batch.pk])
        seen.append(taken)
        return write_chunk(batch, *args, **kwargs)

    monkeypatch.setattr(polling, "_write_chunk", observed)
    outlet = Outlet.objects.get(slug="sana")
    html = (
        "<html><head><title>خبر</title></head><body><article><h1>خبر عن الطقس</h1>"
        + "<p>قالت الأرصاد الجوية إن الطقس سيكون حارا في معظم المناطق خلال الأيام المقبلة.</p>" * 5
        + "</article></body></html>"
    )
    url = "https://sana.example/news/1"
    page = FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        content=html.encode(),
        fetched_at=timezone.now(),
    )
    fetched = polling.FetchedArticle(url=url, result=page, article=extract_article(html, url=url))
    try:
        _outcomes, batch = polling.import_fetched([fetched], outlet=outlet)
        assert batch is not None
        with other.cursor() as cursor:  # released once written
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, batch.pk])
            assert cursor.fetchone()[0]
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, batch.pk])
    finally:
        other.close()
    assert seen == [False]  # another session could not take it: recovery leaves it alone
    assert batch.status == ImportBatch.Status.DONE
    assert Article.objects.filter(import_batch=batch).exists()
