"""Login throttling, the deployment check, backups that restore to the same data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.infrastructure.backup import conninfo, dump, restore, table_fingerprints

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client: Client, reviewer: Any) -> None:
    for _ in range(settings.LOGIN_THROTTLE_FAILURES):
        response = client.post(reverse("login"), {"username": "rev1", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "rev1", "password": "pw-for-tests-1"})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_deploy_check_is_clean_with_production_settings() -> None:
    env = {
        **os.environ,
        "DJANGO_HTTPS": "true",
        "DJANGO_SECRET_KEY": "x7" * 30 + "-production-like-secret-key-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "newsroom.example.org",
        "DJANGO_DEBUG": "false",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_to_the_same_counts_and_checksums(demo: None, tmp_path: Path) -> None:
    source = conninfo(connection.settings_dict)
    before = dump(source, tmp_path / "room.dump")
    assert before["articles_article"][0] == 5 and before["articles_annotation"][0] >= 10

    scratch = f"{connection.settings_dict['NAME']}_restore"
    admin = conninfo({**connection.settings_dict, "NAME": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        target = conninfo({**connection.settings_dict, "NAME": scratch})
        assert restore(tmp_path / "room.dump", target) == []
        assert table_fingerprints(target) == before
        # Restored into the same database, the cache generations move past their value before
        # the restore: nothing cached from the replaced data can be served.
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('articles_corpus_generation')")
            live = cursor.fetchone()[0]
        assert restore(tmp_path / "room.dump", source) == []
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value FROM articles_corpus_generation")
            assert cursor.fetchone()[0] > live
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
