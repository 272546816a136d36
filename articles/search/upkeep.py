"""Keeping search ready after an import: the did-you-mean vocabulary learns the batch's words,
and the impact lists of the words that became frequent are built in the background, so no
reader waits for a list to be built by the first search of a frequent word.

`after_import(batch_id, counts)` runs when a batch finishes (in the process that ran it): the
batch's words are added to the vocabulary (counted by the pipeline as it wrote the vectors, or,
for a resumed batch, by one count over the batch's stored vectors), then the frequent words
without a list are handed to the upkeep worker in small tasks (`build_impact_lists`, a task of
this module, on the upkeep queue `default`), so a list build never holds that worker for long;
uploads and imports have a worker of their own (`articles.queues.IMPORTS_QUEUE`) and never wait
for these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.cache import cache
from django.db import connection
from django.tasks import task

from articles.search import execution, impact
from articles.search.index import VOCABULARY_TABLE

# Terms per background task: a list build ranks every article containing its term.
TERMS_PER_TASK = 20
# A term a search queued is not queued again for this long.
QUEUED_SECONDS = 3600


def vocabulary_add_batch(batch_id: int, counts: Mapping[str, int] | None = None) -> None:
    """Add the words of one import batch's articles to the vocabulary (counted once, when the
    batch finishes; `manage.py reindex` recounts exactly).

    `counts`: the batch's words and their numbers of articles, when the caller counted them
    while writing (the pipeline does, from the terms of each vector it wrote): one upsert of
    those rows, the same as counting the stored vectors again. Without them, a vector holds
    each word once, so a word's articles are its rows among the unnested vectors: counted by a
    hash aggregate, half the CPU of ts_stat's tree (SaudiNewsNet-sized batch: 3.8 s against
    7.1 s in PostgreSQL, the same 254,859 words and counts), but reading every vector back
    costs PostgreSQL as much as building the search index."""
    with connection.cursor() as cursor:
        if counts is not None:
            if counts:
                cursor.execute(
                    f"""
                    INSERT INTO {VOCABULARY_TABLE} (word, ndoc)
                    SELECT * FROM unnest(%s::text[], %s::int[])
                    ON CONFLICT (word) DO UPDATE SET ndoc = {VOCABULARY_TABLE}.ndoc + EXCLUDED.ndoc
                    """,
                    [list(counts), list(counts.values())],
                )
            return
        cursor.execute(
            f"""
            INSERT INTO {VOCABULARY_TABLE} (word, ndoc)
            SELECT word, count(*) FROM articles_article,
                   unnest(tsvector_to_array(search_vector)) AS word
            WHERE search_vector IS NOT NULL AND import_batch_id = %s
            GROUP BY word
            ON CONFLICT (word) DO UPDATE SET ndoc = {VOCABULARY_TABLE}.ndoc + EXCLUDED.ndoc
            """,
            [batch_id],
        )


def frequent_terms_without_lists(min_documents: int | None = None) -> list[str]:
    """Words in more articles than the count cap whose impact list does not exist yet, most
    frequent first (their first search would otherwise build the list)."""
    if min_documents is None:
        min_documents = execution.COUNT_CAP
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT v.word FROM {VOCABULARY_TABLE} v
                WHERE v.ndoc > %s AND NOT EXISTS (
                    SELECT 1 FROM {impact.FLOOR_TABLE} f WHERE f.term = v.word)
                ORDER BY v.ndoc DESC""",
            [min_documents],
        )
        return [row[0] for row in cursor.fetchall()]


def build_lists(terms: Sequence[str]) -> int:
    """Build the lists of the given terms that still lack one; how many were built."""
    missing = [t for t in terms if t not in impact.floors(terms)]
    if missing:
        impact.build(missing)
    return len(missing)


def queue_lists(terms: Sequence[str]) -> None:
    """Queue the lists of `terms` that a search found missing, once per term and hour in this
    process's cache (a task builds only the lists still missing, so a second one costs little)."""
    fresh = [t for t in terms if cache.add(f"impact-queued:{t}", True, QUEUED_SECONDS)]
    for i in range(0, len(fresh), TERMS_PER_TASK):
        build_impact_lists.enqueue(fresh[i : i + TERMS_PER_TASK])


def queue_deeper_lists(terms: Sequence[str], depth: int) -> None:
    """Queue deeper lists for `terms`, which a reader walked past (see
    `execution.ranked_order`), once per term, depth and hour in this process's cache."""
    fresh = [t for t in terms if cache.add(f"impact-deepen:{depth}:{t}", True, QUEUED_SECONDS)]
    for i in range(0, len(fresh), TERMS_PER_TASK):
        deepen_impact_lists.enqueue(fresh[i : i + TERMS_PER_TASK], depth)


def deepen_lists(terms: Sequence[str], depth: int) -> int:
    """Rebuild the lists of `terms` that hold fewer than `depth` articles (and whose term has
    more), `depth` deep; how many were rebuilt. A list holding every article with its term
    (floor 0) is as deep as it gets."""
    known = impact.floors(terms)
    depths = impact.list_depths(terms)
    shallow = [t for t in terms if known.get(t, 0.0) > 0 and depths.get(t, 0) < depth]
    if shallow:
        impact.build(shallow, depth)
    return len(shallow)


def after_import(batch_id: int, counts: Mapping[str, int] | None = None) -> int:
    """Vocabulary and impact lists after a finished batch (`counts`: see
    `vocabulary_add_batch`); the number of list tasks queued."""
    vocabulary_add_batch(batch_id, counts)
    terms = frequent_terms_without_lists()
    chunks = [terms[i : i + TERMS_PER_TASK] for i in range(0, len(terms), TERMS_PER_TASK)]
    for chunk in chunks:
        build_impact_lists.enqueue(chunk)
    return len(chunks)


@task()
def build_impact_lists(terms: list[str]) -> dict[str, int]:
    """Impact lists for frequent words, built ahead of their first search (after an import)."""
    return {"built": build_lists(terms)}


@task()
def deepen_impact_lists(terms: list[str], depth: int) -> dict[str, int]:
    """Deeper impact lists for words whose hits a reader walked past their lists' depth."""
    return {"deepened": deepen_lists(terms, depth)}
