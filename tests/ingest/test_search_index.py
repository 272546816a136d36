"""Bulk mode: the GIN search index dropped for a large batch, rebuilt after it; crash safety."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.ingest import pipeline, search_index
from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import Article, ImportBatch
from articles.search.execution import Filters, search_articles
from articles.search.query import parse_query
from tests.ingest.conftest import saudi_record
from tests.ingest.test_pipeline import write_json

BULK_WANTED = search_index.bulk_wanted


def _index_definition() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["article_search_gin"]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _hits(query: str) -> list[int]:
    return sorted(a.pk for a in search_articles(parse_query(query), Filters()))


@pytest.fixture
def bulk(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every batch is taken as large enough for bulk mode; records drops and builds."""
    monkeypatch.setattr(search_index, "bulk_wanted", lambda pending_bytes: True)
    calls: list[str] = []
    drop, ensure = search_index.drop, search_index.ensure

    def spy_drop() -> None:
        calls.append("drop")
        drop()

    def spy_ensure() -> bool:
        built = ensure()
        if built:
            calls.append("build")
        return built

    monkeypatch.setattr(search_index, "drop", spy_drop)
    monkeypatch.setattr(search_index, "ensure", spy_ensure)
    return calls


def _files(tmp_path: Path) -> None:
    write_json(tmp_path / "a.json", [saudi_record(i) for i in range(8)])
    write_json(tmp_path / "b.json", [saudi_record(100 + i) for i in range(4)])


def test_bulk_import_rebuilds_the_same_index_and_finds_the_same_articles(
    tmp_path: Path, db: None, bulk: list[str]
) -> None:
    definition = _index_definition()
    assert definition is not None
    _files(tmp_path)
    batch = run_batch(create_batch_from_paths([str(tmp_path)]), workers=1)
    assert bulk == ["drop", "build"]
    assert batch.created == 12 and _index_definition() == definition
    hits = _hits("الرياض")
    assert len(hits) == 12
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert _hits("الرياض") == hits
        assert _hits("كلمة3_7") == [Article.objects.get(url=saudi_record(3)["url"]).pk]


def test_a_small_batch_into_a_larger_table_keeps_the_index(
    tmp_path: Path, db: None, bulk: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _files(tmp_path)
    run_batch(create_batch_from_paths([str(tmp_path / "a.json")]), workers=1)
    bulk.clear()
    monkeypatch.setattr(search_index, "bulk_wanted", BULK_WANTED)
    monkeypatch.setattr(search_index, "BULK_MIN_BYTES", 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_table_size('articles_article')")
        stored = cursor.fetchone()[0]
    assert (tmp_path / "b.json").stat().st_size < stored
    run_batch(create_batch_from_paths([str(tmp_path / "b.json")]), workers=1)
    assert bulk == [] and _index_definition() is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_table_size('articles_article')")
        stored = cursor.fetchone()[0]
    assert search_index.bulk_wanted(stored) and not search_index.bulk_wanted(stored - 1)


def test_an_interrupted_bulk_batch_restores_the_index(
    tmp_path: Path, db: None, bulk: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 3)
    _files(tmp_path)

    def interrupt(chunks: int) -> None:
        if chunks == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(create_batch_from_paths([str(tmp_path)]), workers=1, after_chunk=interrupt)
    assert bulk == ["drop", "build"] and _index_definition() is not None
    assert Article.objects.count() == 6


@pytest.mark.slow
def test_a_kill_in_bulk_mode_keeps_whole_articles_and_the_resume_rebuilds_the_index(
    tmp_path: Path, db: None, bulk: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 3)
    _files(tmp_path)
    batch = create_batch_from_paths([str(tmp_path)])

    def kill(chunks: int) -> None:
        if chunks == 2:
            raise SystemExit("killed")

    # A SIGKILL runs no cleanup: nothing restores the index.
    monkeypatch.setattr(pipeline, "_restore_search_index", lambda: None)
    with pytest.raises(SystemExit):
        run_batch(batch, workers=1, after_chunk=kill)
    assert _index_definition() is None
    batch.refresh_from_db()
    stored = Article.objects.count()
    assert stored == 6 == batch.created
    assert Article.objects.filter(search_vector__isnull=True).count() == 0
    assert sorted(a.pk for a in search_articles(parse_query("الرياض"), Filters())) == sorted(
        Article.objects.values_list("pk", flat=True)
    )

    resumed = run_batch(batch, workers=1)
    assert resumed.status == ImportBatch.Status.DONE
    assert (resumed.created, resumed.duplicates) == (12, 0)
    assert _index_definition() is not None
    assert len(_hits("الرياض")) == 12


def test_reindex_rebuilds_a_missing_index(db: None) -> None:
    search_index.drop()
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "Rebuilt the search index" in out.getvalue()
    assert _index_definition() is not None
