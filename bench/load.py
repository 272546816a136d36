"""Load scenario: readers and reviewers against the production server, then 20 simultaneous saves.

Run by hand (never in CI), from the project root:

    .venv/bin/python bench/load.py --prepare          # once: a database with SaudiNewsNet imported
    .venv/bin/python bench/load.py --users 50 --seconds 60

What it does:
1. Uses its own database `newsroom_load` (`--database NAME`) on the embedded server (or on the server of
   DATABASE_URL). `--prepare` migrates it, imports ../shared/corpora/saudinewsnet with
   `import_articles` and loads the demo data.
2. Starts the reading room exactly as `make run` does (`manage.py runroom`: gunicorn with its
   default workers, and the task workers) on 127.0.0.1 only.
3. Logs in N users (sessions made in the database, so password hashing is not part of the
   load): 70% readers (article list pages, outlet filters, article pages, searches) and 30%
   reviewers (read an article, annotate a passage of a real article). The load itself is
   made by wrk (Debian package `wrk`), a C load generator, so the measuring client takes
   little of the two cores from the server: one connection per user, each request drawn from
   the mix by a generated Lua script (var/load-scenario.lua), 0-0.2 s of think time between a
   connection's requests, for a bounded time.
4. Reports requests/s, p50/p95/p99/max latency, requests per kind, every status seen and the
   errors (anything but 200, and 422 for an annotation the reviewer already made), and how
   long a fixed Python loop took just before and after (`reference_loop_ms`: the speed of the
   cores at the time; annotations left by earlier runs are removed first, so runs compare),
   and the CPU milliseconds per request of the app, PostgreSQL and the whole machine
   (`cpu_ms_per_request`, read from /proc: what a change to the code saves, whatever the
   latency that the machine's other work adds).
5. Then 20 lead reviewers open the same annotation and save it at the same moment: exactly one
   must win, 19 must get the conflict message (409), and the history must hold one update.
Faults during the load (issue 20's target: zero errors under both):

    .venv/bin/python bench/load.py --users 50 --seconds 60 --during-import
    .venv/bin/python bench/load.py --users 50 --seconds 60 --during-import --kill-worker 20

`--during-import` runs on a copy of the load database made for the run (`newsroom_load_run`,
`CREATE DATABASE ... TEMPLATE newsroom_load`, so every run starts from the same state) and
queues an import of all 31,000 SaudiNewsNet articles for the server's task worker, as the
admin's upload does (on the imports queue, which its own worker takes while the upkeep worker
works through the impact lists `--prepare`'s import left queued). The load starts once the
batch is running and has written its first articles (`--import-start-wait`), so the whole load
runs while the import runs. The articles are new to the database: each one's text ends
with a sentence of its own (files written once to var/load-import/, outside the repository), so
they go through the whole pipeline (analysis, exact and near-duplicate detection, writes,
vocabulary) instead of being skipped as exact duplicates. `--kill-worker N` sends SIGKILL to
the import worker N seconds into the load (the import's worker processes die with it);
`runroom`'s supervisor restarts it, recovery queues the interrupted batch again and the new
worker resumes it. After the load the script waits for the import to finish
(`--import-wait`, default 1200 s) and reports the batch, the worker's restarts and whether the
search index is in place.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
LOAD_DB = "newsroom_load"
LOAD_USER = "load-"  # prefix of the usernames this script makes
SEARCH_WORDS = [
    "القوات الأمريكية",
    "السعودية",
    "وزارة الصحة",
    "ايران",
    "الاقتصاد",
    '"مجلس الوزراء"',
    "النفط OR الغاز",
    "مدرس*",
]


def database_url() -> str:
    """A URL to the load-test database, on the embedded server unless DATABASE_URL is set."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from side_db import side_database_url

    return side_database_url(LOAD_DB)


def run_copy(url: str) -> str:
    """A fresh copy of the load database for a run that changes it (`--during-import`)."""
    import psycopg

    copy = f"{LOAD_DB}_run"
    with psycopg.connect(url, autocommit=True) as conn:
        # The template must have no other session: end this script's earlier runs' leftovers.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname IN (%s, %s) AND pid <> pg_backend_pid()",
            [LOAD_DB, copy],
        )
    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{LOAD_DB}"')
    return urllib.parse.urlsplit(url)._replace(path=f"/{copy}").geturl()


IMPORT_DIR = ROOT / "var" / "load-import"
IMPORT_MARK = "\nأعيد نشر هذا الخبر ضمن اختبار الحمل رقم {n}."


def import_files() -> list[str]:
    """SaudiNewsNet with one sentence added to each article's text (written once)."""
    import zipfile

    done = IMPORT_DIR / "complete"
    if not done.exists():
        IMPORT_DIR.mkdir(parents=True, exist_ok=True)
        n = 0
        for path in sorted(CORPUS.glob("*.zip")):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    records = json.loads(archive.read(name))
                    for record in records:
                        n += 1
                        if record.get("content"):
                            record["content"] += IMPORT_MARK.format(n=n)
                    out = IMPORT_DIR / Path(name).name
                    out.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        done.write_text(str(n))
    return sorted(str(p) for p in IMPORT_DIR.glob("*.json"))


def queue_import() -> int:
    """An import batch of the marked corpus, queued for the server's task worker."""
    from django.db import transaction

    from articles.ingest.pipeline import create_batch_from_paths
    from articles.tasks import run_import_batch

    with transaction.atomic():
        batch = create_batch_from_paths(import_files())
        # The imports queue has its own worker: the upkeep tasks `--prepare`'s import left
        # queued (impact lists) do not hold it back.
        transaction.on_commit(lambda: run_import_batch.enqueue(batch.pk))
    return batch.pk


def worker_pid(runroom_pid: int, queue: str = "imports") -> int | None:
    """The import worker: runroom's `db_worker` child of that queue (not the import's own
    processes, nor the upkeep worker)."""
    wanted = b"--queue-name\x00" + queue.encode() + b"\x00"
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        if ppid == runroom_pid and b"db_worker" in cmdline and wanted in cmdline + b"\x00":
            return int(entry)
    return None


class WorkerKiller(threading.Thread):
    """SIGKILL the import worker after `after` seconds; note when the supervisor restarted it."""

    def __init__(self, runroom_pid: int, after: float) -> None:
        super().__init__(daemon=True)
        self.runroom_pid, self.after = runroom_pid, after
        self.report: dict[str, Any] = {}

    def run(self) -> None:
        time.sleep(self.after)
        pid = worker_pid(self.runroom_pid)
        if pid is None:
            self.report["error"] = "no worker found"
            return
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        self.report.update(killed_pid=pid, killed_at_s=self.after)
        for _ in range(600):
            time.sleep(0.1)
            new = worker_pid(self.runroom_pid)
            if new is not None and new != pid:
                self.report.update(
                    restarted_pid=new, restarted_after_s=round(time.monotonic() - killed, 1)
                )
                return
        self.report["error"] = "the worker was not restarted within 60 s"


def wait_until_importing(batch_id: int, wait: float) -> dict[str, Any]:
    """Hold the load until the worker has taken the import and written articles, so the whole
    load runs while the import runs (the worker runs niced: once 50 users saturate the cores, a
    worker still starting takes minutes to reach its first article, and a short load would end
    before the import began)."""
    from articles.models import ImportBatch

    started = time.monotonic()
    batch = ImportBatch.objects.get(pk=batch_id)
    while time.monotonic() - started < wait:
        batch.refresh_from_db()
        if batch.status == "running" and batch.created > 0:
            break
        time.sleep(1)
    else:
        raise SystemExit(f"the import did not start within {wait:.0f} s (status {batch.status})")
    return {
        "waited_s": round(time.monotonic() - started, 1),
        "status": batch.status,
        "created": batch.created,
    }


def import_outcome(batch_id: int, wait: float) -> dict[str, Any]:
    from articles.ingest import search_index
    from articles.models import ImportBatch

    started = time.monotonic()
    batch = ImportBatch.objects.get(pk=batch_id)
    at_end_of_load = {"status": batch.status, "created": batch.created}
    while batch.status not in ("done", "failed") and time.monotonic() - started < wait:
        time.sleep(5)
        batch.refresh_from_db()
    return {
        "batch": batch_id,
        "at_end_of_load": at_end_of_load,
        "status": batch.status,
        "created": batch.created,
        "duplicates": batch.duplicates,
        "skipped": batch.skipped,
        "failed": batch.failed,
        "waited_after_load_s": round(time.monotonic() - started),
        "search_index_present": search_index.exists(),
    }


def manage(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DATABASE_URL": url},
    )


def prepare(url: str) -> None:
    manage(url, "migrate", "-v0")
    manage(url, "import_articles", str(CORPUS))
    manage(url, "load_demo")


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # The sessions this script makes must be signed with the server's key: without one in the
    # environment, a first run (no var/secret_key yet) would sign them with a key of its own
    # and every request of the load would be logged out.
    if not os.environ.get("DJANGO_SECRET_KEY"):
        import secrets

        os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    import django

    django.setup()


def reference_loop_ms() -> float:
    """The best of five timings of a fixed pure-Python loop on an idle server: how fast this
    machine's cores are right now. On shared machines it has been seen to vary by 1.6x within a
    minute, and the load's figures move with it; compare runs by it."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        timings.append((time.perf_counter() - started) * 1000)
    return round(min(timings), 1)


def forget_earlier_runs() -> int:
    """Delete the annotations (and their history) that earlier runs' users made, so that every
    run starts from the same database: each run adds about 2,000, and article pages and list
    counts grow heavier with them (p95 rose from 333 to 410 ms over eight runs)."""
    from django.db import transaction
    from django.db.models import Q

    from articles.models import Annotation, AnnotationRevision

    made_here = Q(author__username__startswith=LOAD_USER) | Q(
        pk__in=AnnotationRevision.objects.filter(user__username__startswith=LOAD_USER)
        .exclude(annotation=None)
        .values("annotation")
    )
    with transaction.atomic():
        ids = list(Annotation.objects.filter(made_here).values_list("pk", flat=True))
        Annotation.objects.filter(pk__in=ids).delete()
        AnnotationRevision.objects.filter(
            Q(user__username__startswith=LOAD_USER) | Q(annotation_ref__in=ids)
        ).delete()
    return len(ids)


def make_sessions(count: int, role: str, prefix: str) -> list[dict[str, str]]:
    """Users of a role, each with a logged-in session cookie."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    User = get_user_model()
    group = Group.objects.get(name=role)
    out = []
    for i in range(count):
        user, _ = User.objects.get_or_create(username=f"{prefix}{i}")
        user.groups.add(group)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out.append({settings.SESSION_COOKIE_NAME: session.session_key, "django_language": "ar"})
    return out


class Client:
    """One user's keep-alive HTTP connection to 127.0.0.1 with its cookies."""

    def __init__(self, port: int, cookies: dict[str, str]) -> None:
        self.port = port
        self.cookies = dict(cookies)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
            hdrs["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            hdrs["Referer"] = f"http://127.0.0.1:{self.port}/"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text


LUA = r"""
-- Generated by bench/load.py: one wrk connection per user, requests drawn from the mix.
local readers, reviewers, articles, outlets, searches, passages = %(data)s
local csrf = "%(csrf)s"
statuses = {}  -- globals: done() reads them from each thread
kinds = {}
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(1000 + (id or 0))
end

local function pick(list) return list[math.random(#list)] end
local function count(kind) kinds[kind] = (kinds[kind] or 0) + 1 end
local function headers(cookie, extra)
  local h = {["Cookie"] = "sessionid=" .. cookie .. "; django_language=ar; csrftoken=" .. csrf}
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

function request()
  if math.random() < %(reviewer_share)s then
    local cookie = pick(reviewers)
    if math.random() < 0.5 then
      count("article")
      return wrk.format("GET", "/articles/" .. pick(articles) .. "/", headers(cookie))
    end
    count("annotate")
    local p = pick(passages)
    return wrk.format("POST", "/articles/" .. p[1] .. "/annotations/add/", headers(cookie, {
      ["Content-Type"] = "application/x-www-form-urlencoded", ["X-CSRFToken"] = csrf,
      ["HX-Request"] = "true"}), p[2] .. "&claim_new=" .. p[3])
  end
  local cookie = pick(readers)
  local r = math.random()
  if r < 0.25 then
    count("list")
    return wrk.format("GET", "/?page=" .. math.random(200), headers(cookie))
  elseif r < 0.35 then
    count("list")
    return wrk.format("GET", "/?outlet=" .. pick(outlets), headers(cookie))
  elseif r < 0.75 then
    count("article")
    return wrk.format("GET", "/articles/" .. pick(articles) .. "/", headers(cookie))
  end
  count("search")
  local extra = nil
  if math.random() < 0.5 then extra = {["HX-Request"] = "true"} end
  return wrk.format("GET", "/search/?q=" .. pick(searches), headers(cookie, extra))
end

function delay()
  return math.random(0, 200)  -- think time between a user's requests, in ms
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function merged(name)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get(name) or {}) do total[tostring(k)] = (total[tostring(k)] or 0) + v end
  end
  return total
end

local function json(tbl)
  local parts = {}
  for k, v in pairs(tbl) do
    if type(v) == "table" then parts[#parts + 1] = string.format("%%q: %%s", k, json(v))
    else parts[#parts + 1] = string.format("%%q: %%d", k, math.floor(v)) end
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local out = {requests = summary.requests, duration_us = summary.duration,
    connect_errors = summary.errors.connect, read_errors = summary.errors.read,
    write_errors = summary.errors.write, timeouts = summary.errors.timeout,
    status_errors = summary.errors.status,
    p50_us = latency:percentile(50), p95_us = latency:percentile(95),
    p99_us = latency:percentile(99), max_us = latency.max,
    statuses = merged("statuses"), kinds = merged("kinds")}
  io.write("WRK-RESULT " .. json(out) .. "\n")
end
"""


def lua_list(values: list[Any]) -> str:
    def one(v: Any) -> str:
        if isinstance(v, (list, tuple)):
            return lua_list(list(v))
        if isinstance(v, int):
            return str(v)
        return json.dumps(str(v))  # a JSON string literal is a valid Lua string literal here

    return "{" + ",".join(one(v) for v in values) + "}"


def passages(article_ids: list[int], count: int) -> list[tuple[int, str, str]]:
    """Annotation forms for passages of real articles, as a reviewer would submit them."""
    from articles.models import Article
    from newsroom.security import BIDI_CONTROLS

    rng = random.Random(7)
    out: list[tuple[int, str, str]] = []
    for article in Article.objects.filter(pk__in=article_ids[: count * 2]).only("pk", "body"):
        body = article.body
        if len(body) < 80:
            continue
        start = rng.randrange(0, len(body) - 40)
        quote_text = body[start : start + 30]
        if any(c in quote_text for c in BIDI_CONTROLS) or not quote_text.strip():
            continue
        form = urllib.parse.urlencode(
            {"start": start, "end": start + len(quote_text), "quote": quote_text,
             "claimant_new": "مصدر تجريبي", "stance": "asserts", "framing": "neutral",
             "tags": "", "note": "load"}
        )  # fmt: skip
        claim = urllib.parse.quote(f"ادعاء تجريبي {rng.randint(1, 30)}")
        out.append((article.pk, form, claim))
        if len(out) == count:
            break
    return out


class Probe(threading.Thread):
    """One more reader, in Python, who asks for each kind of page in turn while wrk runs: the
    latency of each kind under the load (wrk reports one histogram for the whole mix)."""

    def __init__(
        self,
        port: int,
        cookies: dict[str, str],
        seconds: float,
        article_ids: list[int],
        outlets: list[str],
    ) -> None:
        super().__init__(daemon=True)
        self.client = Client(port, cookies)
        self.deadline = time.monotonic() + seconds - 1
        self.rng = random.Random(3)
        self.article_ids, self.outlets = article_ids, outlets
        self.latencies: dict[str, list[float]] = {}

    def run(self) -> None:
        rng = self.rng
        while time.monotonic() < self.deadline:
            q = urllib.parse.quote(rng.choice(SEARCH_WORDS))
            for kind, path in (
                ("list", f"/?page={rng.randint(1, 200)}"),
                ("list", f"/?outlet={rng.choice(self.outlets)}"),
                ("article", f"/articles/{rng.choice(self.article_ids)}/"),
                ("search", f"/search/?q={q}"),
            ):
                start = time.perf_counter()
                self.client.request("GET", path)
                self.latencies.setdefault(kind, []).append(time.perf_counter() - start)
                time.sleep(rng.random() * 0.2)

    def summary(self) -> dict[str, dict[str, float]]:
        def pct(values: list[float], p: float) -> float:
            ordered = sorted(values)
            return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000, 1)

        return {
            kind: {"n": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95)}
            for kind, v in sorted(self.latencies.items())
        }


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_by_process(server_sid: int) -> dict[str, float]:
    """CPU seconds used so far by the app (processes of the server's session: gunicorn and the
    task worker), PostgreSQL (every `postgres` process, with the backends it has reaped), the
    load client (wrk and this script), and the whole machine (busy time of every core)."""
    totals = {"app": 0.0, "postgres": 0.0, "load_client": 0.0}
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # exited meanwhile
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # fields[0] is the state (field 3 of proc(5)): session is field 6, utime..cstime 14-17.
        sid = int(fields[3])
        utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
        if comm == "postgres":
            totals["postgres"] += (utime + stime + cutime + cstime) / CLK_TCK
        elif sid == server_sid:
            totals["app"] += (utime + stime) / CLK_TCK
        elif comm == "wrk" or int(entry) == me:
            totals["load_client"] += (utime + stime) / CLK_TCK
    cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    idle = int(cpu[3]) + int(cpu[4])  # idle and iowait
    totals["machine"] = (sum(int(x) for x in cpu[:8]) - idle) / CLK_TCK
    return totals


def cpu_per_request(before: dict[str, float], after: dict[str, float], requests: int) -> dict:
    """Milliseconds of CPU per request served, by process kind: steadier than latency on a
    shared machine, since it does not count the time a request waited for a core."""
    return {k: round((after[k] - before[k]) * 1000 / max(requests, 1), 2) for k in before}


def run_load(
    server_sid: int,
    port: int,
    readers: list[dict[str, str]],
    reviewers: list[dict[str, str]],
    seconds: float,
    article_ids: list[int],
    outlets: list[str],
) -> dict[str, Any]:
    """wrk, one connection per user, the mix drawn per request by a Lua script."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("bench/load.py needs wrk (Debian: apt-get install wrk)")
    cookie = settings.SESSION_COOKIE_NAME
    csrf = _get_new_csrf_string()
    data = ", ".join(
        lua_list(x)
        for x in (
            [c[cookie] for c in readers],
            [c[cookie] for c in reviewers],
            article_ids,
            outlets,
            [urllib.parse.quote(q) for q in SEARCH_WORDS],
            passages(article_ids, 1000),
        )
    )
    share = len(reviewers) / (len(readers) + len(reviewers))
    script = ROOT / "var" / "load-scenario.lua"
    script.write_text(LUA % {"data": data, "csrf": csrf, "reviewer_share": f"{share:.3f}"})
    users = len(readers) + len(reviewers)
    probe = Probe(port, readers[0], seconds, article_ids, outlets)
    probe.start()
    cpu_before = cpu_by_process(server_sid)
    result = subprocess.run(
        [wrk, "--threads", "2", "--connections", str(users), "--duration", f"{int(seconds)}s",
         "--timeout", "10s", "--script", str(script), f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    cpu_after = cpu_by_process(server_sid)
    probe.join()
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRK-RESULT "))
    raw = json.loads(line.removeprefix("WRK-RESULT "))
    wall = raw["duration_us"] / 1e6
    return {
        "users": users,
        "seconds": round(wall, 1),
        "requests": raw["requests"],
        "requests_per_second": round(raw["requests"] / wall, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "by_kind": raw["kinds"],
        "statuses": raw["statuses"],
        # 422 is a correct answer to an annotation the same reviewer already made (the editor
        # shows a message); anything else but 200 is an error, as is a socket error.
        "errors": sum(n for status, n in raw["statuses"].items() if status not in ("200", "422"))
        + sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")),
        "cpu_ms_per_request": cpu_per_request(cpu_before, cpu_after, raw["requests"]),
        "probe_by_kind": probe.summary(),
        "socket_errors": {
            k: raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
        },
    }


def run_conflict(port: int, leads: list[dict[str, str]]) -> dict[str, Any]:
    """20 lead reviewers save the same annotation at the same moment."""
    from articles.claims.annotations import annotation_create
    from articles.models import Annotation, AnnotationRevision, Article, Claim

    article = Article.objects.filter(outlet__slug="sana").first()
    annotation = annotation_create(
        article=article, start=0, end=9, claim=Claim.objects.first(), claimant=None
    )
    barrier = threading.Barrier(len(leads))
    results: list[int] = []
    lock = threading.Lock()

    def save(i: int, cookies: dict[str, str]) -> None:
        client = Client(port, cookies)
        client.request("GET", f"/articles/{article.pk}/")  # a CSRF cookie, as a browser would have
        data = {
            "version": annotation.version,
            "claim": annotation.claim_id,
            "stance": "denies",
            "framing": "neutral",
            "note": f"reviewer {i}",
        }
        barrier.wait()
        status, _ = client.request(
            "POST", f"/annotations/{annotation.pk}/save/", data, {"HX-Request": "true"}
        )
        with lock:
            results.append(status)

    threads = [threading.Thread(target=save, args=(i, c)) for i, c in enumerate(leads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    annotation.refresh_from_db()
    updates = AnnotationRevision.objects.filter(
        annotation_ref=annotation.pk, action="updated"
    ).count()
    return {
        "saves": len(results),
        "won (200)": results.count(200),
        "conflict (409)": results.count(409),
        "other": sorted(s for s in results if s not in (200, 409)),
        "final_version": annotation.version,
        "updates_in_history": updates,
        "final_note": annotation.note,
        "still_exists": Annotation.objects.filter(pk=annotation.pk).exists(),
    }


def main() -> None:
    global LOAD_DB
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--prepare", action="store_true", help="migrate and import SaudiNewsNet first"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument(
        "--during-import",
        action="store_true",
        help="import all of SaudiNewsNet again (new texts) in the worker during the load",
    )
    parser.add_argument(
        "--kill-worker",
        type=float,
        metavar="SECONDS",
        help="SIGKILL the import worker this many seconds into the load",
    )
    parser.add_argument("--import-wait", type=float, default=1200)
    parser.add_argument(
        "--import-start-wait",
        type=float,
        default=600,
        help="how long to wait for the queued import to start writing articles before the load",
    )
    parser.add_argument(
        "--database",
        default=LOAD_DB,
        help="the load database's name (a run with faults uses a copy named NAME_run)",
    )
    args = parser.parse_args()
    LOAD_DB = args.database

    url = database_url()
    if args.prepare:
        prepare(url)
    if args.during_import or args.kill_worker is not None:
        url = run_copy(url)
    django_setup(url)
    from django.contrib.auth.models import Group  # noqa: F401  (apps are ready)

    from articles.infrastructure import permissions
    from articles.models import Article, Outlet

    removed = forget_earlier_runs()
    if removed:
        print(f"removed {removed:,} annotations left by earlier runs")
    article_ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[:2000])
    outlets = list(Outlet.objects.values_list("slug", flat=True))
    n_reviewers = max(1, round(args.users * 0.3))
    readers = make_sessions(args.users - n_reviewers, permissions.READER, f"{LOAD_USER}reader-")
    reviewers = make_sessions(n_reviewers, permissions.REVIEWER, f"{LOAD_USER}reviewer-")
    leads = make_sessions(20, permissions.LEAD, f"{LOAD_USER}lead-")

    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "load-server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runroom", "--port", str(args.port), "--host", "127.0.0.1"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(120):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request(
                    "GET", "/accounts/login/"
                )
                break
            except OSError:
                time.sleep(0.5)
        # Warm up every gunicorn worker (the first request of each loads the analysis and
        # fills caches: over 30 s on a busy shared machine); not measured.
        warm = Client(args.port, readers[0])
        warm.conn.timeout = 300
        for path in ("/", "/", "/", f"/articles/{article_ids[0]}/", "/search/?q=%D8%A7"):
            warm.request("GET", path)
        print(
            f"{Article.objects.count()} articles; {args.users} users for {args.seconds:.0f} s on 127.0.0.1:{args.port}"
        )
        batch_id = None
        import_started: dict[str, Any] = {}
        if args.during_import:
            batch_id = queue_import()
            import_started = wait_until_importing(batch_id, args.import_start_wait)
            print(f"the import is running: {import_started}", flush=True)
        before = reference_loop_ms()
        killer = None
        if args.kill_worker is not None:
            killer = WorkerKiller(server.pid, args.kill_worker)
            killer.start()
        results = run_load(
            server.pid, args.port, readers, reviewers, args.seconds, article_ids, outlets
        )
        results["reference_loop_ms"] = {"before": before, "after": reference_loop_ms()}
        if import_started:
            results["import_before_load"] = import_started
        if killer is not None:
            killer.join(timeout=60)
            results["worker_killed"] = killer.report
        print(json.dumps(results, ensure_ascii=False, indent=1), flush=True)
        if batch_id is not None:
            print("the import during the load:")
            print(json.dumps(import_outcome(batch_id, args.import_wait), indent=1), flush=True)
        print("20 simultaneous saves of one annotation:")
        print(json.dumps(run_conflict(args.port, leads), ensure_ascii=False, indent=1))
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
