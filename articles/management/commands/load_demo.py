"""`manage.py load_demo`: the five seed articles, their outlets and who claims what in them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from articles.demo import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (seed articles, outlets, claimants, claims, annotations). Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_demo()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{n} {kind}" for kind, n in result.created.items())
        self.stdout.write(f"Demo data: created {summary}.")
