"""`manage.py import_articles PATH [PATH ...]`: bulk import with a progress bar and a report.

Exits 1 when any item or entry failed, 2 on bad arguments, 130 when interrupted (the batch can
then be resumed with `--resume BATCH_ID`).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from articles.ingest.pipeline import BatchBusy, batch_report, create_batch_from_paths, run_batch
from articles.models import ImportBatch, Outlet
from articles.tasks import propose_for_batch

BAR_WIDTH = 30
LIST_LIMIT = 20


class Command(BaseCommand):
    help = (
        "Import articles from files, folders and zip archives (txt, JSON, JSON Lines, CSV, HTML)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="files, folders or zip archives")
        parser.add_argument("--outlet", help="slug of the outlet for every article imported")
        parser.add_argument(
            "--resume", type=int, metavar="BATCH_ID", help="continue an interrupted batch"
        )
        parser.add_argument(
            "--workers", type=int, default=0, help="analysis processes (default: one per core)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[str] = options["paths"]
        if options["resume"] is not None:
            if paths:
                raise CommandError("give either paths or --resume BATCH_ID, not both")
            try:
                batch = ImportBatch.objects.get(pk=options["resume"])
            except ImportBatch.DoesNotExist:
                raise CommandError(f"there is no import batch {options['resume']}") from None
            if batch.status == ImportBatch.Status.DONE:
                raise CommandError(f"import batch {batch.pk} is already complete")
        else:
            if not paths:
                raise CommandError("give at least one file, folder or zip archive to import")
            outlet = None
            if options["outlet"]:
                outlet = Outlet.objects.filter(slug=options["outlet"]).first()
                if outlet is None:
                    raise CommandError(f"there is no outlet with the slug '{options['outlet']}'")
            batch = create_batch_from_paths(paths, outlet=outlet)
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        started = time.monotonic()
        self.stdout.write(f"Import batch {batch.pk}")
        try:
            batch = run_batch(
                batch,
                workers=options["workers"] or None,
                on_progress=(lambda b: self._bar(b, started)) if show_bar else None,
            )
        except BatchBusy as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            self.stderr.write(
                f"\nInterrupted. Nothing half-imported is kept; resume with:\n"
                f"  manage.py import_articles --resume {batch.pk}"
            )
            sys.exit(130)
        if show_bar:
            sys.stderr.write("\n")
        self.verbosity = options["verbosity"]
        self._summary(batch, time.monotonic() - started)
        if batch.created:
            propose_for_batch.enqueue(batch.pk)
            self.stdout.write(
                "Attribution proposals queued for the background worker (`make run` starts it; "
                "or now: manage.py propose_attributions --missing)."
            )
        if batch.failed:
            sys.exit(1)

    def _bar(self, batch: ImportBatch, started: float) -> None:
        done = round(BAR_WIDTH * batch.progress_percent / 100)
        elapsed = time.monotonic() - started
        sys.stderr.write(
            f"\r[{'#' * done}{'.' * (BAR_WIDTH - done)}] {batch.progress_percent:3d}% "
            f"{batch.processed}/{batch.total} files · {batch.created} created · "
            f"{batch.duplicates} duplicates · {batch.failed} errors · {elapsed:.0f}s "
        )
        sys.stderr.flush()

    def _summary(self, batch: ImportBatch, elapsed: float) -> None:
        with translation.override("en"):  # the command speaks English, its reasons too
            report = batch_report(batch)
        rate = batch.created / elapsed if elapsed else 0.0
        self.stdout.write(
            f"{batch.processed} of {batch.total} files in {elapsed:.1f}s: "
            f"{report['created']} created ({rate:.0f}/s; {report['copies']} of them copies of "
            f"another outlet's article), {report['duplicates']} duplicates, "
            f"{report['skipped']} skipped, {report['failed']} errors"
        )
        verbose = self.verbosity >= 2
        for title, rows in (
            ("Copies", report["copy_entries"]),
            ("Duplicates", report["duplicate_entries"]),
            ("Skipped", report["skipped_entries"]),
            ("Errors", report["errors"]),
        ):
            if not rows:
                continue
            self.stdout.write(f"{title}:")
            shown = rows if verbose or title == "Errors" else rows[:LIST_LIMIT]
            for row in shown:
                where = f"{row['file']} {row['entry']}".strip()
                self.stdout.write(f"  {where}: {row['reason']}")
            if len(shown) < len(rows):
                self.stdout.write(f"  … and {len(rows) - len(shown)} more (-v 2 lists all)")
        if batch.failed:
            self.stdout.write(self.style.ERROR(f"Batch {batch.pk} finished with errors."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Batch {batch.pk} done."))
