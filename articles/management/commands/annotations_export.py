"""`manage.py annotations_export FILE --base URL`: every claim, claimant and annotation of the
room as one W3C Web Annotation collection (streamed to the file; what annotations_import and
the import page restore without loss)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from articles.claims import webannotation


class Command(BaseCommand):
    help = "Export all annotations, claims and claimants as W3C Web Annotations (JSON-LD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--base", default="http://localhost:8000", help="the room's address, for the ids"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base = options["base"].rstrip("/")
        with open(options["path"], "w", encoding="utf-8") as out:
            webannotation.write_full_export(out, base, id=f"{base}/annotations/all.jsonld")
        self.stdout.write(f"Wrote {options['path']}.")
