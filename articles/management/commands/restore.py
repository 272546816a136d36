"""`manage.py restore FILE`: replace the database's contents with a dump, then verify them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.infrastructure.backup import conninfo, restore


class Command(BaseCommand):
    help = "Restore a dump made by `backup` into the configured database and compare checksums."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        connection.ensure_connection()  # the embedded server names its host once started
        name = connection.settings_dict["NAME"]
        if not file.exists():
            raise CommandError(f"No dump at {file}")
        if (
            not yes
            and input(f"Replace every table of database {name!r} with {file}? [y/N] ") != "y"
        ):
            raise CommandError("Cancelled.")
        connection.close()
        try:
            mismatches = restore(file, conninfo(connection.settings_dict))
        except (RuntimeError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        if mismatches:
            raise CommandError("Restored, but checksums differ:\n" + "\n".join(mismatches))
        self.stdout.write(f"Restored {file} into {name!r}; every table matches its checksum.")
