"""`manage.py backup FILE`: dump the database (embedded or external) with checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from articles.infrastructure.backup import conninfo, dump


class Command(BaseCommand):
    help = "Dump the whole database to FILE (pg_dump custom format) plus FILE.json with checksums."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        connection.ensure_connection()  # the embedded server names its host once started
        fingerprints = dump(conninfo(connection.settings_dict), file)
        rows = sum(count for count, _ in fingerprints.values())
        self.stdout.write(f"Dumped {len(fingerprints)} tables, {rows} rows, to {file}")
