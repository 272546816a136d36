"""The search index during a bulk import: dropped before, built once after.

Adding articles to a GIN index one chunk at a time costs PostgreSQL about three times the CPU of
building the index once over the same rows (SaudiNewsNet: ~15 s against ~5 s). When a batch
brings at least as many bytes of text as the articles table already holds (the first import
into an empty or small database) and at least `BULK_MIN_BYTES`, the pipeline drops
`article_search_gin` before its first chunk and builds it again after its last.

Crash safety does not change: every chunk still commits its articles, their search vectors and
the batch's progress together; only the index is missing while the batch runs (searches still
answer, by scanning). A run that is interrupted rebuilds the index before it exits when it can;
after a kill, the next import run (the resume, or any other batch) and `manage.py reindex`
rebuild it first (`ensure`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

INDEX_NAME = "article_search_gin"  # as declared on Article.Meta.indexes
CREATE_SQL = (
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin (search_vector)"
)
BULK_MIN_BYTES = 16 * 1024 * 1024
# The build (parallel since PostgreSQL 18) runs fastest with small sort memory per process and
# one process per core: on SaudiNewsNet, 2 cores, leader + 1 worker with 32 MB each took 3.1-3.4
# s; leader + 2 workers with 256 MB between them (the settings before), 3.8-4.4 s; one process
# alone, 5.7-6.9 s. An external server's cores are not known here: this machine's are assumed.
BUILD_MEMORY_MB_PER_PROCESS = 32


def exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [INDEX_NAME])
        return bool(cursor.fetchone()[0])


def ensure() -> bool:
    """Build the index if a bulk import left it dropped; True when it had to be built."""
    if exists():
        return False
    processes = max(1, len(os.sched_getaffinity(0)))
    with _own_transaction() as cursor:
        cursor.execute(f"SET LOCAL max_parallel_maintenance_workers = {processes - 1}")
        memory = BUILD_MEMORY_MB_PER_PROCESS * processes
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{memory}MB'")
        cursor.execute(CREATE_SQL)
    return True


def bulk_wanted(pending_bytes: int) -> bool:
    """Whether a batch of `pending_bytes` should import with the index dropped."""
    if pending_bytes < BULK_MIN_BYTES:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_table_size('articles_article')")
        stored: int = cursor.fetchone()[0]
    return pending_bytes >= stored


def drop() -> None:
    with _own_transaction() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


@contextmanager
def _own_transaction() -> Iterator[Any]:
    """A transaction for the DDL. Inside an outer one (tests), deferred foreign-key checks are
    run first: PostgreSQL refuses to change a table's indexes while its trigger events wait."""
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if nested:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield cursor
