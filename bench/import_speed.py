"""Benchmark: the whole import pipeline against a raw PostgreSQL COPY of the same text.

Run by hand from the project root (needs ../shared/corpora/saudinewsnet, or a path argument):

    .venv/bin/python bench/import_speed.py [CORPUS_DIR] [--workers N] [--rounds N] [--in-process]

In each round, on a freshly migrated empty database (a `test_` database created and dropped here):
1. baseline: COPY of every title and body into a table whose weighted 'arabic' tsvector column is
   generated on the way in, then its GIN index built;
2. pipeline: `manage.py import_articles CORPUS_DIR` (parse, detect, dedupe, analyse, index,
   lemmas, did-you-mean, queued proposals and impact lists), run as a user runs it: a fresh
   process, its start included (`--in-process` calls the command in this process instead).
Prints both times, articles per second and the ratio pipeline / baseline (goal: <= 2, < 120 s),
and the CPU seconds each side used by process (this one, the analysis workers, the PostgreSQL
backend when the server runs on this machine): on a shared machine those move much less with
the load than the wall times. On a machine whose speed drifts from minute to minute (the raw
COPY's own backend CPU has been seen to vary by 13% between two runs), `--rounds 5` alternates
the two five times and reports the median ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"


def read_corpus(corpus: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for path in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for item in json.load(io.BytesIO(archive.read(name))):
                    rows.append((item.get("title") or "", item.get("content") or ""))
    return rows


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, if it runs here."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the analysis workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def cpu_report(before: tuple[float, float, float | None]) -> str:
    me, children = own_cpu()
    backend = backend_cpu()
    parts = [f"this process {me - before[0]:.1f}", f"workers {children - before[1]:.1f}"]
    if backend is not None and before[2] is not None:
        parts.append(f"PostgreSQL backend {backend - before[2]:.1f}")
    return "CPU s: " + ", ".join(parts)


def _proc_cpu(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class BackendSampler:
    """CPU seconds of the PostgreSQL backends (and their parallel workers) serving another
    process's connections to `database`: their pids from pg_stat_activity, each read from /proc
    every `period` seconds while it lives (a backend's last moments before it exits are lost:
    at most one period each)."""

    def __init__(self, database: str, period: float = 0.2) -> None:
        self.database, self.period = database, period
        self.seen: dict[int, float] = {}
        self.kinds: dict[int, str] = {}  # what each backend was last seen doing
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg
        from django.db import connection

        url = _database_url(connection.settings_dict["NAME"])
        with psycopg.connect(url, autocommit=True) as conn:
            query = (
                "SELECT pid, backend_type, left(query, 60) FROM pg_stat_activity WHERE datname = %s"
            )
            # Backends that were there before (this process's own) are not the command's.
            before = {row[0] for row in conn.execute(query, [self.database]).fetchall()}
            while not self._stop.is_set():
                rows = conn.execute(query, [self.database]).fetchall()
                for pid, kind, last in rows:
                    if pid in before:
                        continue
                    cpu = _proc_cpu(pid)
                    if cpu is not None:
                        self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))
                        self.kinds[pid] = f"{kind}: {' '.join((last or '').split())}"
                self._stop.wait(self.period)

    def __enter__(self) -> BackendSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def total(self) -> float:
        return sum(self.seen.values())


def _database_url(name: str) -> str:
    """A URL for database `name` on the server this process uses."""
    from django.db import connection

    s = connection.settings_dict
    auth = quote(s["USER"]) + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    host = s["HOST"] or ""
    if host.startswith("/"):
        port = f"&port={s['PORT']}" if s["PORT"] else ""
        return f"postgres://{auth}@/{name}?host={quote(host)}{port}"
    return f"postgres://{auth}@{host}:{s['PORT'] or 5432}/{name}"


def run_command(corpus: Path, workers: int, database: str) -> tuple[str, str]:
    """`manage.py import_articles CORPUS` in a new process against `database`: (its output, its
    CPU report: the process with its analysis workers, and its PostgreSQL backends)."""
    env = dict(os.environ, DATABASE_URL=_database_url(database))
    command = [sys.executable, "manage.py", "import_articles", str(corpus), "--no-progress"]
    if workers:
        command += ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with BackendSampler(database) as sampler:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"import_articles failed ({done.returncode}):\n{done.stderr[-3000:]}")
    report = f"CPU s: command process with its workers {child:.1f}, "
    report += f"PostgreSQL backends {sampler.total:.1f} (sampled:"
    for pid, cpu in sorted(sampler.seen.items(), key=lambda kv: -kv[1])[:4]:
        report += f" {cpu:.1f} {sampler.kinds[pid]!r};"
    report += ")"
    return done.stdout, report


def cpu_now() -> tuple[float, float, float | None]:
    return (*own_cpu(), backend_cpu())


def raw_copy(rows: list[tuple[str, str]]) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_raw_copy (id bigserial PRIMARY KEY, title text, body text, "
            "tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('arabic', title), 'A') || "
            "setweight(to_tsvector('arabic', body), 'B')) STORED)"
        )
        with cursor.cursor.copy("COPY bench_raw_copy (title, body) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute("CREATE INDEX bench_raw_copy_tsv ON bench_raw_copy USING gin (tsv)")
        cursor.execute("DROP TABLE bench_raw_copy")
    return time.perf_counter() - started


def one_round(
    corpus: Path, rows: list[tuple[str, str]], workers: int, in_process: bool = False
) -> float:
    """Baseline then pipeline on a freshly migrated empty database; prints both, returns the ratio."""
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article, ImportBatch

    main_db = connection.settings_dict["NAME"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        cpu = cpu_now()
        baseline = raw_copy(rows)
        baseline_cpu = cpu_report(cpu)
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
        cpu = cpu_now()
        started = time.perf_counter()
        if in_process:
            out = io.StringIO()
            try:
                call_command(
                    "import_articles", str(corpus), workers=workers, no_progress=True, stdout=out
                )
            except SystemExit:
                pass  # non-zero exit when some entries failed; the figures still count
            pipeline = time.perf_counter() - started
            pipeline_cpu = cpu_report(cpu)
        else:
            _, pipeline_cpu = run_command(corpus, workers, test_db)
            pipeline = time.perf_counter() - started
        batch = ImportBatch.objects.latest("id")
        articles = Article.objects.count()
        near = Article.objects.filter(near_duplicate_of__isnull=False).count()
        print(f"database: {test_db} ({connection.settings_dict['HOST'] or 'local socket'})")
        print(
            f"raw COPY + 'arabic' tsvector + GIN: {baseline:6.1f} s "
            f"({len(rows) / baseline:,.0f} rows/s)"
        )
        print(
            f"import_articles {'in this process' if in_process else '(new process)  '}:"
            f"{pipeline:6.1f} s "
            f"({articles / pipeline:,.0f} articles/s)"
        )
        print(f"ratio pipeline / raw COPY: {pipeline / baseline:.2f}x")
        print(f"raw COPY {baseline_cpu}; pipeline {pipeline_cpu}; load {os.getloadavg()[0]:.1f}")
        print(
            f"created {batch.created:,}, duplicates {batch.duplicates:,}, skipped "
            f"{batch.skipped:,}, errors {batch.failed:,}; near duplicates linked {near:,}"
        )
        return pipeline / baseline
    finally:
        connection.creation.destroy_test_db(main_db, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="baseline and pipeline pairs, each on a new database; the median ratio is the figure",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="call the command in this process (without its start) instead of a new one",
    )
    args = parser.parse_args()
    if not any(args.corpus.glob("*.zip")):
        sys.exit(f"no zip files in {args.corpus}")

    import django

    django.setup()
    rows = read_corpus(args.corpus)
    print(f"corpus: {args.corpus} ({len(rows):,} entries)")
    ratios = []
    for number in range(1, args.rounds + 1):
        if args.rounds > 1:
            print(f"-- round {number} of {args.rounds}")
        ratios.append(one_round(args.corpus, rows, args.workers, args.in_process))
    if args.rounds > 1:
        listed = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"ratios: {listed}; median {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
