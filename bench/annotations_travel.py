"""W3C Web Annotation export and import at scale (issue 17): time and peak memory.

    .venv/bin/python bench/annotations_travel.py [--annotations 100000] [--small 20000]

Builds a side database `bench_w3c` (bench/side_db.py): the demo data, 2,000 more articles from
the seed texts, 1,000 claims (tagged, related), 500 claimants (parents, outlets) and
`--annotations` annotations (a chain step and a tag each). Then, each in its own process (so
that its peak resident memory is its own):

1. export: `webannotation.full_export` written to a file;
   baseline: `COPY (the same annotations joined to their claims) TO` a file, in the same run;
2. import: the room emptied of annotations, claims, claimants and tags, then
   `webannotation.import_json(path)` (streamed from disk);
   baseline: `COPY FROM` the baseline file into a temporary table.

The same two steps run at `--small` annotations first: peak memory that does not grow with the
number of annotations is what "flat" means here. Prints seconds, ratios to the baselines and
peak RSS in MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "bench_w3c"
OUT = ROOT / "var" / "bench_w3c"


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from side_db import side_database_url

    os.environ["DATABASE_URL"] = side_database_url(DB)
    import django

    django.setup()


def build(n: int) -> None:
    """The room, with exactly `n` annotations."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from articles import arabic
    from articles.demo import load_demo
    from articles.infrastructure import permissions
    from articles.models import (
        Annotation,
        Article,
        AttributionStep,
        Claim,
        Claimant,
        ClaimMerge,
        ClaimRelation,
        Outlet,
        Tag,
    )

    user, _ = User.objects.get_or_create(username="bench-importer", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=permissions.ADMIN))
    Annotation.objects.all().delete()
    ClaimMerge.objects.all().delete()
    ClaimRelation.objects.all().delete()
    Claim.objects.all().delete()
    Claimant.objects.all().delete()
    Tag.objects.all().delete()
    if not Outlet.objects.exists():
        load_demo()
        Annotation.objects.all().delete()
    outlet = Outlet.objects.order_by("pk").first()
    assert outlet is not None
    if Article.objects.count() < 2000:
        texts = [
            p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
        ]
        words = [w for t in texts for w in arabic.words(t)]
        rng = random.Random(1)
        articles = []
        for i in range(2000):
            body = " ".join(rng.choice(words) for _ in range(400)) + f" {i}"
            articles.append(
                Article(
                    outlet=outlet,
                    title=f"مقال {i}",
                    body=body,
                    url=f"https://www.bench-outlet.example/news/{i}/",
                    content_hash=f"bench-{i:06d}",
                )
            )
        Article.objects.bulk_create(articles, batch_size=500)
    articles = list(Article.objects.only("pk", "body").order_by("pk"))
    tags = [Tag.objects.create(name=f"وسم {i}", slug=f"tag-{i}") for i in range(50)]
    claims = [Claim.objects.create(text_ar=f"ادعاء رقم {i} عن الأحداث") for i in range(1000)]
    for i, claim in enumerate(claims[:200]):
        claim.tags.add(tags[i % 50])
        ClaimRelation.objects.create(from_claim=claim, to_claim=claims[i + 1], kind="same_event")
    people = [Claimant.objects.create(name_ar=f"قائل {i}", kind="person") for i in range(500)]
    for i, person in enumerate(people[1:100], start=1):
        person.parent = people[0]
        person.outlet = outlet if i % 10 == 0 else None
        person.save()
    rng = random.Random(2)
    rows = []
    for i in range(n):
        article = articles[i % len(articles)]
        start = (i * 37) % (len(article.body) - 40)
        end = start + 20 + i % 15
        rows.append(
            Annotation(
                article_id=article.pk, start=start, end=end, quote=article.body[start:end],
                prefix=article.body[max(0, start - 32) : start], suffix=article.body[end : end + 32],
                claim=claims[i % 1000], claimant=people[i % 500], stance="asserts",
                framing="neutral", note="" if i % 3 else "ملاحظة", author=user,
            )
        )  # fmt: skip
    created = Annotation.objects.bulk_create(rows, batch_size=2000)
    AttributionStep.objects.bulk_create(
        (
            AttributionStep(annotation_id=a.pk, position=0, claimant=people[rng.randrange(500)])
            for a in created
        ),
        batch_size=5000,
    )
    through = Annotation.tags.through
    through.objects.bulk_create(
        (through(annotation_id=a.pk, tag_id=tags[a.pk % 50].pk) for a in created),
        batch_size=5000,
    )


def phase(name: str, n: int) -> dict[str, float]:
    """One measured step, in this process."""
    from django.db import connection

    from articles.claims import webannotation
    from articles.models import Annotation, Claim, Claimant, ClaimMerge, ClaimRelation, Tag

    OUT.mkdir(parents=True, exist_ok=True)
    doc, raw = OUT / f"all-{n}.jsonld", OUT / f"baseline-{n}.tsv"
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    if name == "export":
        with doc.open("w", encoding="utf-8") as out:
            webannotation.write_full_export(
                out, "http://room.example", id="http://room.example/all"
            )
    elif name == "export-baseline":
        with connection.cursor() as cursor, raw.open("wb") as out:
            copy_sql = (
                "COPY (SELECT a.*, c.text_ar FROM articles_annotation a"
                " JOIN articles_claim c ON c.id = a.claim_id ORDER BY a.article_id, a.start, a.id)"
                " TO STDOUT"
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for block in copy:
                    out.write(block)
    elif name == "empty":  # its own process: deleting loads the rows, which is not the import's
        Annotation.objects.all().delete()
        ClaimMerge.objects.all().delete()
        ClaimRelation.objects.all().delete()
        Claim.objects.all().delete()
        Claimant.objects.all().delete()
        Tag.objects.all().delete()
    elif name == "import":
        from django.contrib.auth.models import User

        report = webannotation.import_json(
            doc, importer=User.objects.get(username="bench-importer"), room_hosts=["room.example"]
        )
        assert report.created_count == n, report.as_dict()
    elif name == "import-baseline":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_copy (LIKE articles_annotation)"
                "; ALTER TABLE bench_copy ADD COLUMN claim_text text"
            )
            with raw.open("rb") as source, cursor.cursor.copy("COPY bench_copy FROM STDIN") as copy:
                while block := source.read(1 << 20):
                    copy.write(block)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with connection.cursor() as cursor:  # the backend's CPU, when the server is on this machine
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        db_cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        db_cpu = float("nan")
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime - cpu_before,
        "db_cpu": db_cpu,
        "rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    """This process's own peak (VmHWM): ru_maxrss would include the parent's at the fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(step: str, n: int) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--phase", step, "--annotations", str(n)],
        check=True, capture_output=True, text=True, env=os.environ.copy(),
    )  # fmt: skip
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--phase")
    args = parser.parse_args()
    setup()
    if args.phase:
        print(json.dumps(phase(args.phase, args.annotations)))
        return
    for n in dict.fromkeys([args.small, args.annotations]):
        build(n)
        results = {
            s: run(s, n)
            for s in ("export-baseline", "export", "import-baseline", "empty", "import")
        }
        size = (OUT / f"all-{n}.jsonld").stat().st_size / 1e6
        print(f"{n} annotations, file {size:.0f} MB")
        for step in ("export", "import"):
            mine, base = results[step], results[f"{step}-baseline"]
            print(
                f"  {step:6}: {mine['seconds']:.1f} s wall, CPU {mine['cpu']:.1f} s Python +"
                f" {mine['db_cpu']:.1f} s PostgreSQL (baseline COPY {base['seconds']:.2f} s,"
                f" wall ratio {mine['seconds'] / base['seconds']:.0f}),"
                f" peak RSS {mine['rss_mb']:.0f} MB (baseline {base['rss_mb']:.0f} MB)"
            )


if __name__ == "__main__":
    main()
