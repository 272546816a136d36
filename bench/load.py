"""Load scenario: readers and reviewers against the production server, then 20 simultaneous saves.

Run by hand (never in CI), from the project root:

    .venv/bin/python bench/load.py --prepare          # once: a database with SaudiNewsNet imported
    .venv/bin/python bench/load.py --users 50 --seconds 60

What it does:
1. Uses its own database `newsroom_load` on the embedded server (or on the server of
   DATABASE_URL). `--prepare` migrates it, imports ../shared/corpora/saudinewsnet with
   `import_articles` and loads the demo data.
2. Starts the reading room exactly as `make run` does (`manage.py runroom`: gunicorn with its
   default workers, and the task worker) on 127.0.0.1 only.
3. Logs in N users (sessions made in the database, so password hashing is not part of the
   load): 70% readers (article list pages, outlet filters, article pages, searches) and 30%
   reviewers (read an article, annotate a passage, edit their annotation). Each user waits
   0-0.2 s between requests. It runs for a bounded time and stops by itself.
4. Reports requests/s, p50/p95/max latency per kind and overall, and every error.
5. Then 20 lead reviewers open the same annotation and save it at the same moment: exactly one
   must win, 19 must get the conflict message (409), and the history must hold one update.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
LOAD_DB = "newsroom_load"
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
    import django

    django.setup()


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
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
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


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_load(
    port: int,
    readers: list[dict[str, str]],
    reviewers: list[dict[str, str]],
    seconds: float,
    article_ids: list[int],
    outlets: list[str],
) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def timed(
        client: Client,
        kind: str,
        method: str,
        path: str,
        data: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200,),
        headers: dict[str, str] | None = None,
    ) -> str:
        start = time.perf_counter()
        try:
            status, text = client.request(method, path, data, headers)
        except Exception as exc:  # a refused or dropped connection counts as an error
            status, text = 0, repr(exc)
        elapsed = time.perf_counter() - start
        with lock:
            latencies[kind].append(elapsed)
            if status not in ok:
                errors.append(f"{kind} {method} {path} -> {status} {text[:120]!r}")
        return text

    def reader(cookies: dict[str, str], seed: int) -> None:
        rng = random.Random(seed)
        client = Client(port, cookies)
        while time.monotonic() < deadline:
            choice = rng.random()
            if choice < 0.25:
                timed(client, "list", "GET", f"/?page={rng.randint(1, 200)}")
            elif choice < 0.35:
                timed(client, "list", "GET", f"/?outlet={rng.choice(outlets)}")
            elif choice < 0.75:
                timed(client, "article", "GET", f"/articles/{rng.choice(article_ids)}/")
            else:
                q = urllib.parse.quote(rng.choice(SEARCH_WORDS))
                timed(
                    client,
                    "search",
                    "GET",
                    f"/search/?q={q}",
                    headers={"HX-Request": "true"} if rng.random() < 0.5 else None,
                )
            time.sleep(rng.random() * 0.2)

    def reviewer(cookies: dict[str, str], seed: int) -> None:
        rng = random.Random(seed)
        client = Client(port, cookies)
        while time.monotonic() < deadline:
            article_id = rng.choice(article_ids)
            page = timed(client, "article", "GET", f"/articles/{article_id}/")
            match = re.search(r'data-start="(\d+)" data-end="(\d+)">([^<]{40,})<', page)
            if not match:
                continue
            start = int(match.group(1)) + 5
            paragraph = html.unescape(match.group(3))
            quote_text = paragraph[5:35]
            if "\ufffd" in quote_text:  # a bidi control shown neutralised: not the stored text
                continue
            data = {
                "start": start,
                "end": start + len(quote_text),
                "quote": quote_text,
                "claim_new": f"ادعاء تجريبي {rng.randint(1, 30)}",
                "claimant_new": "مصدر تجريبي",
                "stance": "asserts",
                "framing": "neutral",
                "tags": "",
                "note": "load",
            }
            # 422: the editor answered with a message (e.g. this reviewer already linked that
            # passage to that claim): a correct answer, not a server error.
            timed(
                client,
                "annotate",
                "POST",
                f"/articles/{article_id}/annotations/add/",
                data,
                ok=(200, 422),
                headers={"HX-Request": "true"},
            )
            time.sleep(rng.random() * 0.2)

    threads = [threading.Thread(target=reader, args=(c, i)) for i, c in enumerate(readers)]
    threads += [
        threading.Thread(target=reviewer, args=(c, 1000 + i)) for i, c in enumerate(reviewers)
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    everything = [x for v in latencies.values() for x in v]
    return {
        "users": len(threads),
        "seconds": round(wall, 1),
        "requests": len(everything),
        "requests_per_second": round(len(everything) / wall, 1),
        "p50_ms": round(percentile(everything, 50) * 1000, 1),
        "p95_ms": round(percentile(everything, 95) * 1000, 1),
        "max_ms": round(max(everything, default=0) * 1000, 1),
        "by_kind": {
            k: {
                "n": len(v),
                "p50_ms": round(percentile(v, 50) * 1000, 1),
                "p95_ms": round(percentile(v, 95) * 1000, 1),
            }
            for k, v in sorted(latencies.items())
        },
        "errors": len(errors),
        "error_samples": errors[:10],
    }


def run_conflict(port: int, leads: list[dict[str, str]]) -> dict[str, Any]:
    """20 lead reviewers save the same annotation at the same moment."""
    from articles.annotations import annotation_create
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
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--prepare", action="store_true", help="migrate and import SaudiNewsNet first"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()

    url = database_url()
    if args.prepare:
        prepare(url)
    django_setup(url)
    from django.contrib.auth.models import Group  # noqa: F401  (apps are ready)

    from articles import roles
    from articles.models import Article, Outlet

    article_ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[:2000])
    outlets = list(Outlet.objects.values_list("slug", flat=True))
    n_reviewers = max(1, round(args.users * 0.3))
    readers = make_sessions(args.users - n_reviewers, roles.READER, "load-reader-")
    reviewers = make_sessions(n_reviewers, roles.REVIEWER, "load-reviewer-")
    leads = make_sessions(20, roles.LEAD, "load-lead-")

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
        Client(args.port, readers[0]).request("GET", "/")  # warm up
        print(
            f"{Article.objects.count()} articles; {args.users} users for {args.seconds:.0f} s on 127.0.0.1:{args.port}"
        )
        print(
            json.dumps(
                run_load(args.port, readers, reviewers, args.seconds, article_ids, outlets),
                ensure_ascii=False,
                indent=1,
            )
        )
        print("20 simultaneous saves of one annotation:")
        print(json.dumps(run_conflict(args.port, leads), ensure_ascii=False, indent=1))
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
