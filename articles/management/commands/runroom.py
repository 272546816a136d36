"""`manage.py runroom` (what `make run` calls): the whole reading room in one foreground process.

Migrates, loads the demo data into an empty database, makes sure an admin can log in, collects
static files, then runs gunicorn and one background-task worker per queue (`WORKERS`: imports,
upkeep) until Ctrl-C, which stops them and (when it is embedded) the database server too.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.ingest.recovery import recover_interrupted
from articles.models import Article
from articles.queues import IMPORTS_QUEUE, UPKEEP_QUEUE
from articles.tasks import schedule_polling

# One worker process per queue, each restarted alone when it dies: an upload or import is
# picked up while the upkeep worker is busy for minutes (impact lists after a big import,
# proposals, feed polling), and upkeep goes on while an import runs.
WORKERS = {"imports-worker": IMPORTS_QUEUE, "upkeep-worker": UPKEEP_QUEUE}


def ensure_admin() -> tuple[str, str | None, bool]:
    """Return (username, password if newly generated, whether the password came from the
    environment). Environment variables take precedence."""
    User = get_user_model()
    username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
    password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
    if username and password:
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        return username, None, True
    existing = User.objects.filter(is_superuser=True).order_by("id").first()
    if existing is not None:
        return existing.get_username(), None, False
    username = username or "admin"
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email="", password=password)
    return username, password, False


def ensure_secret_key() -> None:
    """Give the web processes one lasting key (var/secret_key, unless DJANGO_SECRET_KEY is set):
    the settings read the file but never write it."""
    if os.environ.get("DJANGO_SECRET_KEY"):
        return
    path = settings.BASE_DIR / "var" / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(get_random_secret_key())


def worker_commands() -> dict[str, list[str]]:
    """The task workers' command lines: one `db_worker` per queue."""
    return {
        name: [sys.executable, "manage.py", "db_worker", "--queue-name", queue]
        for name, queue in WORKERS.items()
    }


def worker_recoveries() -> dict[str, Callable[[], object]]:
    """What runs before a dead worker restarts: recovery of its own queue only (the other worker
    may be running a task meanwhile)."""
    return {name: partial(recover_interrupted, queues=[queue]) for name, queue in WORKERS.items()}


def worker_niceness() -> dict[str, int]:
    """Imports and proposals yield the cores to readers: under bench/load.py with a
    31,000-article import running, the web server otherwise shares the CPU with the import's
    analysis processes (which inherit the niceness) on equal terms. Upkeep yields to imports in
    turn (`UPKEEP_NICENESS`, five more than `WORKER_NICENESS` unless set)."""
    worker = int(os.environ.get("WORKER_NICENESS", "10"))
    upkeep = int(os.environ.get("UPKEEP_NICENESS", str(worker + 5)))
    return {name: upkeep if queue == UPKEEP_QUEUE else worker for name, queue in WORKERS.items()}


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Command(BaseCommand):
    help = "Run the reading room: migrate, demo data, admin account, web server and task worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        # Two single-threaded processes per core. Against three processes of two threads each
        # on two cores, alternating runs of bench/load.py (50 users, 45 s, three rounds each):
        # p95 293/275/276 ms against 450/412/336, 187-211 against 174-190 requests/s, and 7-11%
        # less CPU per request. Two threads of one process wait for each other's GIL between
        # their database round trips; processes do not. Five processes did worse than four
        # (p95 270/311/314 against 219/239/304).
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY") or 2 * available_cores()),
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "1")))
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the task workers."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_secret_key()
        call_command("migrate", interactive=False, verbosity=0)
        if not Article.objects.exists():
            call_command("load_demo", stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        username, password, from_environment = ensure_admin()
        if not options["no_worker"]:
            # The worker polls feeds on a schedule kept as a queued task row: queue the first
            # one if none is waiting (after a crash, or on the first run).
            schedule_polling(delay_seconds=5)

        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
        bind = f"{options['host']}:{options['port']}"
        gunicorn = [
            sys.executable, "-m", "gunicorn", "newsroom.wsgi:application",
            "--bind", bind,
            "--workers", str(options["workers"]),
            # One thread: gunicorn's sync worker, which needs a buffering reverse proxy in
            # front of it when slow clients can reach it (as any deployment has for TLS).
            "--threads", str(options["threads"]),
            # Close each connection after its response: with keep-alive, a worker that accepted
            # many long-lived connections serves them all on one core while the others idle
            # (measured with bench/load.py: 152 req/s, p50 288 ms with keep-alive; 168 req/s,
            # p50 183 ms without). Behind a reverse proxy, the proxy keeps the client's
            # connection alive.
            "--keep-alive", "0",
            # A search address carries its query: 500 Arabic letters are ~6,000 bytes once
            # percent-encoded, over gunicorn's 4,094-byte request line, and htmx repeats the
            # address in HX-Current-URL. Let such a request through to Django, which answers with
            # a message in the page ("the query is too long") instead of a bare "URI Too Long";
            # the reverse proxy in front keeps its own cap on the whole request.
            "--limit-request-line", "0",
            "--limit-request-field_size", "65536",
            "--access-logfile", "-" if os.environ.get("ACCESS_LOG") else "/dev/null",
            "--graceful-timeout", "5",
            # A sync worker tells the arbiter it is alive only between requests: a streamed
            # export of 100,000 annotations (30-60 s on two busy cores) would be killed at
            # gunicorn's default 30 s.
            "--timeout", os.environ.get("WEB_TIMEOUT", "180"),
        ]  # fmt: skip
        recover_interrupted()
        commands = {"web": gunicorn}
        before_restart: dict[str, Callable[[], object]] = {}
        niceness: dict[str, int] = {}
        if not options["no_worker"]:
            commands |= worker_commands()
            before_restart = worker_recoveries()
            niceness = worker_niceness()
        supervisor = Supervisor(
            commands,
            env=env,
            cwd=settings.BASE_DIR,
            log=self.stderr.write,
            niceness=niceness,
            before_restart=before_restart,
        )
        supervisor.start_all()

        host = "localhost" if options["host"] in {"127.0.0.1", "0.0.0.0"} else options["host"]
        self.stdout.write(
            self.style.SUCCESS(f"\nThe reading room is at http://{host}:{options['port']}/")
        )
        if password:
            self.stdout.write(
                f"Log in as {username!r} with password {password!r} (shown only once)."
            )
        elif from_environment:
            self.stdout.write(
                f"Log in as {username!r} with the password in DJANGO_SUPERUSER_PASSWORD."
            )
        else:
            self.stdout.write(f"Log in as {username!r} (password unchanged).")
        self.stdout.write("Press Ctrl-C to stop the server, the workers and the database.\n")

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                supervisor.tick()
                time.sleep(0.5)
        finally:
            supervisor.stop_all()
        self.stdout.write("Stopped.")


class Supervisor:
    """Keeps each child running: one that exits is restarted after a delay that doubles with
    each quick crash (1 s up to 60 s) and resets once it has run a minute. The others keep
    running: a crashed worker never takes the web server or the other worker down. Before a
    child restarts, its `before_restart` hook runs (for a worker: recovery of what it was
    running, articles.ingest.recovery)."""

    MAX_DELAY = 60.0
    STABLE_AFTER = 60.0

    def __init__(
        self,
        commands: dict[str, list[str]],
        *,
        env: dict[str, str],
        cwd: Any,
        log: Any,
        niceness: dict[str, int] | None = None,
        before_restart: dict[str, Callable[[], object]] | None = None,
    ) -> None:
        self.commands = commands
        self.niceness = niceness or {}
        self.before_restart = before_restart or {}
        self.env, self.cwd, self.log = env, cwd, log
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.started_at: dict[str, float] = {}
        self.delay: dict[str, float] = dict.fromkeys(commands, 1.0)
        self.restart_at: dict[str, float] = {}
        self.restarts: dict[str, int] = dict.fromkeys(commands, 0)

    def start(self, name: str) -> None:
        nice = self.niceness.get(name, 0)
        self.children[name] = subprocess.Popen(
            self.commands[name],
            env=self.env,
            cwd=self.cwd,
            preexec_fn=(lambda: os.nice(nice)) if nice else None,
        )
        self.started_at[name] = time.monotonic()

    def start_all(self) -> None:
        for name in self.commands:
            self.start(name)

    def tick(self) -> None:
        now = time.monotonic()
        for name, child in list(self.children.items()):
            if name in self.restart_at:
                if now >= self.restart_at[name]:
                    del self.restart_at[name]
                    hook = self.before_restart.get(name)
                    if hook is not None:
                        try:
                            hook()
                        except Exception as exc:  # the child restarts all the same
                            self.log(f"recovery before restarting {name} failed: {exc}\n")
                    self.restarts[name] += 1
                    self.start(name)
                continue
            if child.poll() is None:
                if now - self.started_at[name] > self.STABLE_AFTER:
                    self.delay[name] = 1.0
                continue
            wait = self.delay[name]
            self.log(f"{name} exited with {child.returncode}; restarting in {wait:.0f} s\n")
            self.restart_at[name] = now + wait
            self.delay[name] = min(wait * 2, self.MAX_DELAY)

    def stop_all(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.terminate()
        for child in self.children.values():
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
