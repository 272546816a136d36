"""Importing the settings starts no database server and writes no file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_settings_starts_no_server_and_writes_nothing(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    secret = ROOT / "var" / "secret_key"
    had_secret = secret.exists()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SECRET_KEY"}}
    env |= {"NEWSROOM_PGDATA": str(pgdata), "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    code = (
        "import django, newsroom.settings; django.setup();"
        "from django.core.management import call_command; call_command('check');"
        "from django.db import connection; print(connection.settings_dict['ENGINE'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("newsroom.embedded_db")
    assert not pgdata.exists()
    assert secret.exists() == had_secret
