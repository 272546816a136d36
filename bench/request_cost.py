"""Instructions per request, by kind of page, counted by callgrind: the CPU a change saves.

Run by hand (never in CI), from the project root, after `bench/load.py --prepare`:

    .venv/bin/python bench/request_cost.py                     # this working tree
    .venv/bin/python bench/request_cost.py --against f772779   # and a commit, in the same run

Wall times and CPU times moved by 2x between identical load runs on the shared 2-core machines
this was written on; callgrind counts instructions, which stay the same for the same work
however busy the machine is. For each kind (article page, article list page, search page,
saving an annotation) it runs Django's test client against the `newsroom_load` database under
`valgrind --tool=callgrind` twice, with 5 warm-up requests and then 0 or 20 more, and reports
(instructions with 20 - instructions with 0) / 20. Each request asks for a different article or
list page, as the load does, so their cached fragments are mostly not yet cached; saving an
annotation is rolled back. The page is served in-process: no gunicorn, no HTTP. `--against REV`
checks REV out into a temporary git worktree and measures it the same way, alternately with
this tree. Needs valgrind (Debian: apt-get install valgrind); about 3 minutes per kind and tree.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("article", "list", "search", "annotate")
WARM_UP, MEASURED = 5, 20


def inner(root: Path, kind: str, count: int, url: str) -> None:
    """The requests themselves (run under valgrind, in the checkout `root`)."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from load import SEARCH_WORDS

    from articles.models import Article

    search = quote(SEARCH_WORDS[1])  # السعودية: a frequent word

    users = get_user_model().objects
    reader_user = users.filter(username__startswith="load-reader-").first()
    reviewer_user = users.filter(username__startswith="load-reviewer-").first()
    if reader_user is None or reviewer_user is None:
        sys.exit("no load users yet: run bench/load.py --prepare first")
    reader = Client(HTTP_HOST="127.0.0.1")
    reader.force_login(reader_user)
    reviewer = Client(HTTP_HOST="127.0.0.1")
    reviewer.force_login(reviewer_user)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[1000:1100])
    bodies = dict(Article.objects.filter(pk__in=ids).values_list("pk", "body"))

    class Rollback(Exception):
        pass

    def one(i: int, rng: random.Random) -> None:
        pk = ids[i]
        if kind == "article":
            status = reader.get(f"/articles/{pk}/").status_code
        elif kind == "list":
            status = reader.get(f"/?page={i + 1}").status_code
        elif kind == "search":
            status = reader.get(f"/search/?q={search}&page={i % 3 + 1}").status_code
        else:
            body = bodies[pk]
            start = rng.randrange(0, max(1, len(body) - 40))
            quote = body[start : start + 30]
            form = {"start": start, "end": start + len(quote), "quote": quote,
                    "claimant_new": "مصدر تجريبي", "stance": "asserts", "framing": "neutral",
                    "tags": "", "note": "bench", "claim_new": f"ادعاء تجريبي {rng.randint(1, 30)}"}  # fmt: skip
            try:
                with transaction.atomic():
                    status = reviewer.post(
                        f"/articles/{pk}/annotations/add/", form, HTTP_HX_REQUEST="true"
                    ).status_code
                    raise Rollback
            except Rollback:
                pass
        if status not in (200, 422):
            sys.exit(f"{kind} request {i} answered {status}")

    rng = random.Random(1)
    for i in range(WARM_UP):
        one(i, rng)
    for i in range(WARM_UP + 5, WARM_UP + 5 + count):
        one(i, rng)


def instructions(root: Path, kind: str, count: int, url: str) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         __file__, "--inner", str(root), kind, str(count)],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0",
                                              "BENCH_DATABASE_URL": url},
    )  # fmt: skip
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip().replace(",", ""))
    sys.exit(f"callgrind gave no count for {kind} in {root}:\n{result.stderr[-2000:]}")


def per_request(root: Path, kind: str, url: str) -> float:
    return (instructions(root, kind, MEASURED, url) - instructions(root, kind, 0, url)) / MEASURED


def worktree(rev: str, url: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="request-cost-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=ROOT, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=path, check=True, env={**os.environ, "DATABASE_URL": url},
    )  # fmt: skip
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--against", help="a git revision to measure in the same run")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--inner", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        root, kind, count = args.inner
        inner(Path(root), kind, int(count), os.environ["BENCH_DATABASE_URL"])
        return
    kinds = args.kinds.split(",")
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"unknown kinds {sorted(unknown)}; choose among {', '.join(KINDS)}")
    if shutil.which("valgrind") is None:
        sys.exit("bench/request_cost.py needs valgrind (Debian: apt-get install valgrind)")
    from load import database_url  # the database bench/load.py prepared

    url = database_url()  # keeps the embedded server up while we run
    other = worktree(args.against, url) if args.against else None
    try:
        for kind in kinds:
            mine = per_request(ROOT, kind, url)
            line = f"{kind:9} this tree {mine / 1e6:6.2f} M instructions/request"
            if other is not None:
                theirs = per_request(other, kind, url)
                line += f"   {args.against} {theirs / 1e6:6.2f} M   ratio {mine / theirs:.2f}"
            print(line, flush=True)
    finally:
        if other is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT)


if __name__ == "__main__":
    main()
