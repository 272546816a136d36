"""`manage.py poll_sources [--once] [--source ID ...] [--test]`: poll feeds and sitemaps now.

Without `--once`, keeps polling every `FEEDS_POLL_EVERY_SECONDS` until Ctrl-C (for running
without the task worker). `--source` polls those sources whether due or not; `--test` fetches
a few new pages of each and prints what would be imported, writing nothing.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.fetch import Fetcher
from articles.ingest.polling import PollReport, poll_due_sources, poll_source
from articles.models import Source


class Command(BaseCommand):
    help = "Poll the due feeds and sitemaps (or the given sources) and import new articles."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Poll once, then exit.")
        parser.add_argument(
            "--source", type=int, action="append", dest="sources", help="Poll this source id."
        )
        parser.add_argument(
            "--test", action="store_true", help="Show what would be imported; write nothing."
        )
        parser.add_argument("--threads", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["test"]:
            fetcher = Fetcher()
            sources = Source.objects.select_related("outlet")
            if options["sources"]:
                sources = sources.filter(pk__in=options["sources"])
            for source in sources:
                self._print(poll_source(source, fetcher=fetcher, dry_run=True))
            return
        while True:
            reports = poll_due_sources(source_ids=options["sources"], threads=options["threads"])
            if reports is None:
                if options["once"]:
                    raise CommandError("another poll run is in progress")
            else:
                for report in reports:
                    self._print(report)
            if options["once"] or options["sources"]:
                return
            time.sleep(settings.FEEDS_POLL_EVERY_SECONDS)

    def _print(self, report: PollReport) -> None:
        line = {"source": report.source, "url": report.url, **report.summary()}
        if any(p.status == "would_import" for p in report.pages):
            line["pages"] = [
                {
                    "url": p.url,
                    "status": p.status,
                    "title": p.title,
                    "published_at": p.published_at.isoformat() if p.published_at else None,
                    "author": p.author,
                    "reason": p.reason,
                }
                for p in report.pages
            ]
        self.stdout.write(json.dumps(line, ensure_ascii=False, default=str))
