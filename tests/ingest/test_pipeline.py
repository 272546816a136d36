"""Idempotent re-import, duplicates and near duplicates, crash and resume, the CLI."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.ingest import pipeline
from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import Article, ArticleSketch, ImportBatch, Outlet
from tests.ingest.conftest import SEEDS, saudi_record, subprocess_env

WIRE = (
    "أعلنت وزارة الداخلية السعودية اليوم عن ضبط خلية إرهابية في المنطقة الشرقية تضم عددا من "
    "المطلوبين أمنيا، وأوضح المتحدث الأمني أن العملية جاءت بعد متابعة دقيقة استمرت عدة أشهر "
    "وأسفرت عن مصادرة أسلحة وذخائر ومبالغ مالية، مؤكدا أن التحقيقات ما زالت جارية لكشف "
    "جميع المتورطين وأن الأجهزة الأمنية ستواصل جهودها لحماية أمن الوطن والمواطنين والمقيمين"
)


def write_json(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def test_reimporting_the_seeds_after_the_demo_creates_nothing(demo: None, run_import: Any) -> None:
    before = Article.objects.count()
    batch = run_import(SEEDS)
    assert (batch.created, batch.duplicates, batch.failed) == (0, 5, 0)
    assert Article.objects.count() == before
    assert all(n["kind"] == "duplicate" for i in batch.items.all() for n in i.notes)


def test_reimporting_the_same_files_changes_nothing(tmp_path: Path, run_import: Any) -> None:
    path = write_json(tmp_path / "a.json", [saudi_record(i) for i in range(5)])
    first = run_import(path)
    snapshot = list(Article.objects.order_by("id").values())
    outlets = Outlet.objects.count()
    second = run_import(path)
    assert (first.created, second.created, second.duplicates) == (5, 0, 5)
    assert list(Article.objects.order_by("id").values()) == snapshot
    assert Outlet.objects.count() == outlets


def test_exact_duplicates_after_whitespace_folding_are_stored_once(
    tmp_path: Path, run_import: Any
) -> None:
    a = saudi_record(1, content=WIRE)
    b = saudi_record(2, content="  " + WIRE.replace(" ", "  \n", 3), source="okaz")
    batch = run_import(write_json(tmp_path / "a.json", [a, b]))
    assert (batch.created, batch.duplicates) == (1, 1)
    note = batch.items.get().notes[0]
    assert note["entry"] == "#2" and "earlier in this batch" in note["reason"]


def test_republished_wire_story_is_linked_as_near_duplicate(
    tmp_path: Path, run_import: Any
) -> None:
    original = saudi_record(1, content=WIRE, source="was")
    edited = saudi_record(
        2,
        source="okaz",
        content="الرياض - واس\n" + WIRE.replace("اليوم", "أمس") + " وأضاف المتحدث.",
    )
    unrelated = saudi_record(3, source="sabq")
    run_import(write_json(tmp_path / "a.json", [original]))
    run_import(write_json(tmp_path / "b.json", [edited, unrelated]))
    first = Article.objects.get(url=original["url"])
    copy = Article.objects.get(url=edited["url"])
    assert copy.near_duplicate_of == first
    assert copy.provenance["near_duplicate"]["of"] == first.pk
    assert Article.objects.get(url=unrelated["url"]).near_duplicate_of is None
    assert ArticleSketch.objects.count() == 3


def test_two_worker_processes_give_the_same_result(tmp_path: Path, run_import: Any) -> None:
    for n in range(3):
        write_json(tmp_path / f"{n}.json", [saudi_record(n * 10 + i) for i in range(4)])
    batch = run_import(tmp_path, workers=2)
    assert (batch.created, batch.total, batch.processed) == (12, 3, 3)
    assert Article.objects.exclude(search_vector=None).count() == 12


def test_a_crash_mid_batch_leaves_whole_chunks_and_resume_finishes(
    tmp_path: Path, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 3)
    write_json(tmp_path / "a.json", [saudi_record(i) for i in range(8)])
    write_json(tmp_path / "b.json", [saudi_record(100 + i) for i in range(4)])
    batch = create_batch_from_paths([str(tmp_path)])

    def crash(chunks: int) -> None:
        if chunks == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(batch, workers=1, after_chunk=crash)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INTERRUPTED
    assert Article.objects.count() == 6 == batch.created
    assert batch.items.get(name__endswith="a.json").done_entries == 6

    resumed = run_batch(batch, workers=1)
    assert resumed.status == ImportBatch.Status.DONE
    assert (resumed.created, resumed.duplicates, resumed.processed) == (12, 0, 2)
    assert Article.objects.count() == 12
    assert sorted(Article.objects.values_list("url", flat=True)) == sorted(
        [saudi_record(i)["url"] for i in range(8)]
        + [saudi_record(100 + i)["url"] for i in range(4)]
    )


def test_command_resume_and_refusals(tmp_path: Path, db: None) -> None:
    path = write_json(tmp_path / "a.json", [saudi_record(1)])
    batch = create_batch_from_paths([str(path)])
    out = StringIO()
    call_command("import_articles", resume=batch.pk, stdout=out)
    assert "1 created" in out.getvalue()
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="already complete"):
        call_command("import_articles", resume=batch.pk, stdout=StringIO())
    with pytest.raises(CommandError, match="no import batch 999"):
        call_command("import_articles", resume=999, stdout=StringIO())
    with pytest.raises(CommandError, match="no outlet"):
        call_command("import_articles", str(path), outlet="nope", stdout=StringIO())


def test_command_summary_names_file_entry_and_reason_and_exits_non_zero(
    tmp_path: Path, db: None
) -> None:
    write_json(
        tmp_path / "good.json", [saudi_record(1), saudi_record(1), {"title": 5, "content": []}]
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path), stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "1 created" in text and "1 duplicates" in text and "2 errors" in text
    assert "empty.txt: the file is empty" in text
    assert "good.json #3: field 'content' should be text, not list" in text
    assert "good.json #2: same outlet and text as article" in text


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killing_the_command_mid_batch_keeps_whole_chunks_and_resume_completes(
    tmp_path: Path,
) -> None:
    files, per_file = 30, 100
    for f in range(files):
        write_json(
            tmp_path / f"{f:02}.json",
            [
                saudi_record(f * per_file + i, content=f"خبر {f}-{i} " + WIRE[: 40 + i])
                for i in range(per_file)
            ],
        )
    child = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(tmp_path), "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            batch = ImportBatch.objects.first()
            if batch and batch.created >= 2 * per_file:
                break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.RUNNING and batch.processed < files
    stored = Article.objects.count()
    assert stored == batch.created == sum(batch.items.values_list("created", flat=True))
    # Progress and articles commit together: every stored article is a recorded entry.
    assert sum(batch.items.values_list("done_entries", flat=True)) == stored

    resumed = subprocess.run(
        [sys.executable, "manage.py", "import_articles", "--resume", str(batch.pk)],
        cwd=settings.BASE_DIR,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.duplicates) == ("done", files * per_file, 0)
    assert Article.objects.count() == files * per_file
