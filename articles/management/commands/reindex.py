"""`manage.py reindex`: recompute every article's search vector and the search vocabulary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from articles.ingest import search_index
from articles.models import Article
from articles.search.index import rebuild_vocabulary, write_article_vectors


class Command(BaseCommand):
    help = "Recompute the search index of all articles (after changing the text analysis)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(ids), batch_size):
            chunk = Article.objects.filter(pk__in=ids[i : i + batch_size]).only(
                "title", "body", "boilerplate_spans", "provenance"
            )
            with transaction.atomic():
                write_article_vectors(list(chunk))
        rebuild_vocabulary()
        if search_index.ensure():  # an import killed in bulk mode left it dropped
            self.stdout.write("Rebuilt the search index (an interrupted bulk import dropped it).")
        self.stdout.write(f"Reindexed {len(ids)} articles.")
