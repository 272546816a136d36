"""`manage.py propose_attributions [--missing] [--article ID ...] [--workers N]`: extract and
store attribution proposals (decided ones are kept and never proposed again)."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Article
from articles.proposals import store


class Command(BaseCommand):
    help = "Propose attributions (who claims what) for articles, for reviewers to decide."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing",
            action="store_true",
            help="only articles without proposals from the current extractor version",
        )
        parser.add_argument(
            "--article", type=int, action="append", default=[], metavar="ID", help="this article"
        )
        parser.add_argument(
            "--workers", type=int, default=0, help="extraction processes (default: one per core)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queryset = Article.objects.all()
        if options["article"]:
            queryset = queryset.filter(pk__in=options["article"])
            found = set(queryset.values_list("pk", flat=True))
            unknown = sorted(set(options["article"]) - found)
            if unknown:
                raise CommandError(f"no article with id {', '.join(map(str, unknown))}")
        ids = store.articles_needing_proposals(missing_only=options["missing"], queryset=queryset)
        started = time.monotonic()
        done = 0
        show = sys.stderr.isatty()

        def progress(counts: store.RefreshCounts) -> None:
            nonlocal done
            done += counts.articles
            if show:
                sys.stderr.write(f"\r{done}/{len(ids)} articles")
                sys.stderr.flush()

        counts = store.propose_articles(ids, workers=options["workers"] or None, on_chunk=progress)
        if show:
            sys.stderr.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{counts.articles} articles in {elapsed:.1f}s: {counts.added} proposals added, "
            f"{counts.updated} moved, {counts.dropped} stale ones dropped"
        )
