"""`manage.py extract_article FILE.html [--url URL]`: the article in one saved page, as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest.webpage import extract_article


class Command(BaseCommand):
    help = "Print the article extracted from one HTML file as one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a saved HTML page")
        parser.add_argument(
            "--url", default=None, help="the page's address (resolves relative links)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        article = extract_article(data, url=options["url"])
        self.stdout.write(json.dumps(article.as_json(), ensure_ascii=False))
