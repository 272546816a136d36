"""Fixtures for the import tests: seed texts, outlets from the demo data, file builders."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import ImportBatch, Outlet

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def saudi_record(i: int, **overrides: Any) -> dict[str, Any]:
    record = {
        "source": "sabq",
        "url": f"https://sabq.org/news/{i}",
        "date_extracted": "2015-07-21 02:51:32",
        "title": f"عنوان الخبر رقم {i}",
        "author": "",
        "content": f"نص الخبر رقم {i} عن اجتماع مجلس الوزراء في الرياض اليوم. "
        + " ".join(f"كلمة{i}_{j}" for j in range(40)),
    }
    record.update(overrides)
    return record


@pytest.fixture
def outlets(db: None) -> dict[str, Outlet]:
    """The demo's five outlets, without its articles."""
    spec = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text("utf-8"))
    made = {}
    for o in spec["outlets"]:
        made[o["slug"]] = Outlet.objects.create(**o)
    return made


@pytest.fixture
def run_import(db: None) -> Callable[..., ImportBatch]:
    def run(*paths: Path | str, outlet: Outlet | None = None, workers: int = 1) -> ImportBatch:
        batch = create_batch_from_paths([str(p) for p in paths], outlet=outlet)
        return run_batch(batch, workers=workers)

    return run


def subprocess_env() -> dict[str, str]:
    """Environment for a child `manage.py` that must use this test run's database."""
    s = connection.settings_dict
    auth = quote(s["USER"]) + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    host = s["HOST"]
    if host.startswith("/"):
        port = f"&port={s['PORT']}" if s["PORT"] else ""
        url = f"postgres://{auth}@/{s['NAME']}?host={quote(host)}{port}"
    else:
        url = f"postgres://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("NEWSROOM_EMBEDDED_DB", None)
    return env
