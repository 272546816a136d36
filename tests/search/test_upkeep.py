"""After an import, did-you-mean knows the batch's words and the lists of frequent words are
built in the background, before anyone searches them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import ImportBatch
from articles.search import execution, impact, upkeep
from articles.search.execution import Filters, paginate
from articles.search.index import VOCABULARY_TABLE
from articles.search.query import parse_query
from articles.search.suggestions import suggest

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_import(db: None) -> Callable[..., ImportBatch]:
    def run(path: Path) -> ImportBatch:
        return run_batch(create_batch_from_paths([str(path)]), workers=1)

    return run


def _batch_file(tmp_path: Path, n: int) -> Path:
    entries = [
        {
            "title": f"تقرير رقم {i}",
            "content": f"أعلنت هيئة الأرصاد أن موجة الحرّ مستمرة في المنطقة الشرقية، رقم {i}.",
            "source": "alyaum",
            "url": f"https://example.org/heat/{i}",
        }
        for i in range(n)
    ]
    path = tmp_path / "heat.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def _ndoc(word: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ndoc FROM {VOCABULARY_TABLE} WHERE word = %s", [word])
        row = cursor.fetchone()
    return row[0] if row else None


def test_a_finished_import_teaches_did_you_mean_its_words(
    run_import: Callable[..., ImportBatch], tmp_path: Path
) -> None:
    batch = run_import(_batch_file(tmp_path, 3))
    assert batch.created == 3
    term = parse_query("الأرصاد").rank_terms[0]
    assert _ndoc(term) == 3
    assert suggest(["الارصاض"]) is not None


def test_a_batch_adds_what_ts_stat_counts_over_its_vectors(
    run_import: Callable[..., ImportBatch], tmp_path: Path
) -> None:
    """The batch's count (a hash aggregate over unnested vectors) equals ts_stat's, which
    `manage.py reindex` uses; words already known have the batch's articles added."""
    first = run_import(_batch_file(tmp_path, 4))
    path = tmp_path / "more.json"
    path.write_text(
        json.dumps(
            [
                {
                    "title": "تقرير",
                    "content": f"موجة الحر تشتد في المنطقة {i} وتمتد",
                    "url": f"u{i}",
                }
                for i in range(3)
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    second = run_import(path)
    assert first.created == 4 and second.created == 3
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, ndoc FROM {VOCABULARY_TABLE}")
        counted = dict(cursor.fetchall())
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM articles_article')"
        )
        expected = dict(cursor.fetchall())
    assert counted == expected
    assert counted[parse_query("موجة").rank_terms[0]] == 7


def _recount(batch_id: int) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, count(*) FROM articles_article, "
            "unnest(tsvector_to_array(search_vector)) AS word "
            "WHERE import_batch_id = %s GROUP BY word",
            [batch_id],
        )
        return dict(cursor.fetchall())


def _vocabulary() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, ndoc FROM {VOCABULARY_TABLE}")
        return dict(cursor.fetchall())


def _spy_counts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the pipeline hands to the vocabulary (None: counted from the stored vectors)."""
    seen: list[object] = []
    real = upkeep.vocabulary_add_batch

    def spy(batch_id: int, counts: object = None) -> None:
        seen.append(counts)
        real(batch_id, counts)  # type: ignore[arg-type]

    monkeypatch.setattr(upkeep, "vocabulary_add_batch", spy)
    return seen


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pipeline_counts_the_batch_words_as_it_writes_them(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Duplicates are not counted, copies are (they are stored with their vectors): the counts
    handed over equal a recount of the batch's stored vectors, without reading them back."""
    seen = _spy_counts(monkeypatch)
    path = _batch_file(tmp_path, 5)
    entries = json.loads(path.read_text(encoding="utf-8"))
    entries.append(dict(entries[0]))  # a duplicate
    entries.append({**entries[1], "source": "okaz", "url": "https://okaz.example/1"})  # a copy
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps([{"title": "ريف دمشق", "content": "اشتباكات في ريف دمشق", "url": "x"}]),
        encoding="utf-8",
    )
    batch = run_batch(create_batch_from_paths([str(path), str(other)]), workers=workers)
    assert (batch.created, batch.copies, batch.duplicates) == (7, 1, 1)
    assert len(seen) == 1 and isinstance(seen[0], dict)
    assert seen[0] == _recount(batch.pk) == _vocabulary()


def test_a_resumed_batch_counts_its_words_from_the_stored_vectors(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run that finishes a batch did not write its first chunks: it counts them all from
    the stored vectors, so nothing is missed or counted twice."""
    from articles.ingest import pipeline

    seen = _spy_counts(monkeypatch)
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    batch = create_batch_from_paths([str(_batch_file(tmp_path, 5))])

    def crash(chunks: int) -> None:
        if chunks == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(batch, workers=1, after_chunk=crash)
    batch = run_batch(batch, workers=1)
    assert batch.created == 5
    assert seen == [None]
    assert _vocabulary() == _recount(batch.pk)
    assert _ndoc(parse_query("الأرصاد").rank_terms[0]) == 5


def test_lists_of_newly_frequent_words_are_queued_and_built_before_any_search(
    run_import: Callable[..., ImportBatch], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(execution, "COUNT_CAP", 5)
    monkeypatch.setattr(upkeep, "TERMS_PER_TASK", 3)
    run_import(_batch_file(tmp_path, 8))
    frequent = upkeep.frequent_terms_without_lists()
    term = parse_query("الأرصاد").rank_terms[0]
    assert term in frequent  # in 8 articles, above the cap of 5, no list yet
    queued = DBTaskResult.objects.filter(task_path__endswith="build_impact_lists")
    assert queued.count() == -(-len(frequent) // 3)
    for result in queued:
        upkeep.build_lists(result.args_kwargs["args"][0])  # what the worker runs
    assert upkeep.frequent_terms_without_lists() == []
    assert term in impact.floors([term])

    def no_build(terms: object, depth: object = None) -> None:
        raise AssertionError("a search built a list")

    monkeypatch.setattr(impact, "build", no_build)
    paginator = paginate(parse_query("الأرصاد"), Filters(), "relevance", 3)
    assert len(list(paginator.page(1).object_list)) == 3
