"""`manage.py annotations_import FILE --user NAME [--dry-run] [--host HOST]`: a W3C Web
Annotation or Hypothesis file imported as the import page does (streamed from disk; one
transaction; `--dry-run` reports and writes nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.claims import webannotation


class Command(BaseCommand):
    help = "Import W3C Web Annotations or Hypothesis annotations from a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--user", required=True, help="the importer (staff, with import rights)"
        )
        parser.add_argument("--host", action="append", default=[], help="this room's host name")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        try:
            report = webannotation.import_json(
                Path(options["path"]),
                importer=user,
                room_hosts=options["host"],
                dry_run=options["dry_run"],
            )
        except webannotation.WebAnnotationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
