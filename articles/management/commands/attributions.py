"""`manage.py attributions FILE [FILE ...]`: attribution proposals of article texts, as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest.encodings import EncodingProblem, decode
from articles.proposals.extractor import extract


class Command(BaseCommand):
    help = (
        "Print the attribution proposals of each FILE (decoded as the importer does) as one JSON "
        'object per line: {"file": PATH, "attributions": [...]} or {"file": PATH, "error": ...}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for name in options["files"]:
            record: dict[str, Any] = {"file": name}
            try:
                text = decode(Path(name).read_bytes()).text
            except (OSError, EncodingProblem) as exc:
                record["error"] = str(exc)
                failed += 1
            else:
                record["attributions"] = [a.as_json() for a in extract(text)]
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} files could not be read")
