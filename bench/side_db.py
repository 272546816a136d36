"""A benchmark's own database beside the app's, on the embedded server or on DATABASE_URL's."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def side_database_url(name: str) -> str:
    """Create database `name` if missing and return a URL to it (the embedded server keeps
    running while this process lives)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import psycopg

    from newsroom.database import embedded_database_url

    base = os.environ.get("DATABASE_URL") or embedded_database_url()
    with psycopg.connect(base, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
