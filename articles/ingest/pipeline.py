"""The import pipeline: one ImportBatch, its items analysed in parallel, written in chunks.

Worker processes (one per core) read, decode, parse and analyse items (`analysis.analyse_item`);
this process resolves outlets, drops duplicates (the same outlet's or address's text again),
keeps another outlet's identical text as a copy of the original, links near duplicates and
writes each chunk of articles, their search vectors, sketches and the batch's progress in ONE
transaction: a crash or kill leaves no half-imported article, and `run_batch` on the same batch
resumes after the last committed chunk.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import multiprocessing
import os
import signal
import threading
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from articles import arabic
from articles.ingest import search_index
from articles.ingest.dedupe import NearDuplicateIndex, Sketch
from articles.ingest.formats import EntryError
from articles.ingest.prepare import AnalysisContext, ItemResult, Prepared, Skipped, analyse_item
from articles.ingest.sources import (
    Caps,
    ItemRef,
    SourceProblem,
    items_from_paths,
    items_from_upload,
    read_item,
)
from articles.models import ImportBatch, ImportItem, Outlet
from articles.outlet_registry import KNOWN_OUTLETS

CHUNK_SIZE = 250
LOCK_NAMESPACE = 4_004  # first key of the batch's advisory lock (second key: the batch id)
WRITE_LOCK = 4_005  # serialises chunk writes of concurrent batches (exact-duplicate check)
UNIDENTIFIED_SLUG = "unidentified"
MAX_NOTES_PER_ITEM = 5000
MAX_ERRORS_PER_BATCH = 10000  # counts go on; the list of reasons stops growing
MAX_ITEM_NAME = 2000

ProgressCallback = Callable[[ImportBatch], None]


class BatchBusy(RuntimeError):
    """Another process is running this batch right now."""


@dataclass
class ChunkOutcome:
    created: int = 0
    duplicates: int = 0
    copies: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class StoredText:
    """An article (stored, or new in this chunk with a provisional negative id) with a text."""

    pk: int
    outlet_id: int
    url: str
    copy_of: int | None
    stored: bool


@dataclass
class Placement:
    """Where one imported article went: `created`, `copy` (of `of`) or `duplicate` (of `of`)."""

    prepared: Prepared
    article: int
    kind: str
    of: int | None = None
    stored: bool = True
    why: str = ""  # a duplicate's reason: the same "outlet", the same "address", "unidentified"


def worker_count() -> int:
    configured = getattr(settings, "IMPORT_WORKERS", 0)
    return configured or max(1, len(os.sched_getaffinity(0)))


def create_batch_from_paths(paths: Sequence[str], *, outlet: Outlet | None = None) -> ImportBatch:
    return ImportBatch.objects.create(
        source_files=[os.path.abspath(p) for p in paths], outlet=outlet
    )


def _remove_files(paths: list[str]) -> None:
    for name in paths:
        Path(name).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            Path(name).parent.rmdir()


def batch_items(batch: ImportBatch, caps: Caps) -> list[ItemRef]:
    uploads = list(batch.uploads.order_by("id"))
    if uploads:
        items: list[ItemRef] = []
        for upload in uploads:
            data = Path(upload.path).read_bytes() if upload.path else bytes(upload.data)
            items.extend(items_from_upload(upload.name, data, caps))
        return items
    return items_from_paths(batch.source_files, caps)


def _outlet_signatures() -> tuple[tuple[str, str, int], ...]:
    pairs = {
        (arabic.normalize(sig).strip(), sig.strip(), outlet_id)
        for outlet_id, signatures in Outlet.objects.values_list("id", "signatures")
        for sig in signatures
        if sig.strip()
    }
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[1])))


class OutletResolver:
    """Source id, URL domain, text signature, outlet name; unknown ones created for review."""

    def __init__(self, fixed: Outlet | None) -> None:
        self.fixed = fixed
        self.by_source: dict[str, Outlet] = {}
        self.by_domain: dict[str, Outlet] = {}
        self.by_name: dict[str, Outlet] = {}
        self.by_id: dict[int, Outlet] = {}
        for outlet in Outlet.objects.all():
            self._remember(outlet)

    def _remember(self, outlet: Outlet) -> None:
        self.by_id[outlet.pk] = outlet
        for source in outlet.source_ids:
            self.by_source.setdefault(source.lower(), outlet)
        for domain in outlet.domains:
            self.by_domain.setdefault(domain.lower().removeprefix("www."), outlet)
        for name in (outlet.name_ar, outlet.name_en, outlet.slug):
            if name:
                self.by_name.setdefault(name.strip().lower(), outlet)

    def _domain(self, domain: str) -> Outlet | None:
        parts = domain.split(".")
        for i in range(len(parts) - 1):
            if outlet := self.by_domain.get(".".join(parts[i:])):
                return outlet
        return None

    def resolve(self, p: Prepared) -> tuple[Outlet, str]:
        if self.fixed is not None:
            return self.fixed, "chosen for the whole upload"
        if p.source and (outlet := self.by_source.get(p.source.lower())):
            return outlet, f"source id: {p.source}"
        if p.domain and (outlet := self._domain(p.domain)):
            return outlet, f"URL domain: {p.domain}"
        if p.signature_outlet and (outlet := self.by_id.get(p.signature_outlet)):
            return outlet, f"text signature: {p.provenance.get('signature', '')}"
        if p.outlet_name and (outlet := self.by_name.get(p.outlet_name.lower())):
            return outlet, f"outlet name: {p.outlet_name}"
        return self._create(p)

    def _create(self, p: Prepared) -> tuple[Outlet, str]:
        key = p.source or p.domain or p.outlet_name
        if not key:
            outlet, _ = Outlet.objects.get_or_create(
                slug=UNIDENTIFIED_SLUG,
                defaults={
                    "name_ar": "مصدر غير محدد",
                    "name_en": "Unidentified source",
                    "needs_review": True,
                },
            )
            self._remember(outlet)
            return outlet, "unidentified: no source, URL or signature"
        slug = slugify(key, allow_unicode=False)[:90] or f"outlet-{abs(hash(key)) % 10**8}"
        defaults: dict[str, Any] = {
            "name_ar": p.outlet_name or key,
            "name_en": key if key.isascii() else "",
            "needs_review": True,
            "source_ids": [p.source] if p.source else [],
            "domains": [p.domain] if p.domain else [],
            "website": f"https://{p.domain}" if p.domain else "",
        }
        if p.source and (known := KNOWN_OUTLETS.get(p.source.lower())):
            # A corpus id the registry knows: named, placed and zoned, nothing left to review.
            defaults.update(known, needs_review=False)
            defaults["website"] = f"https://{known['domains'][0]}"
        with transaction.atomic():
            outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults=defaults)
        self._remember(outlet)
        return outlet, f"new outlet created for review from {key}"


def _localise(p: Prepared, outlet: Outlet) -> tuple[datetime | None, str]:
    if p.published_at is None:
        return None, "no date found"
    if not p.date_is_naive:
        return p.published_at, p.date_source
    try:
        zone = zoneinfo.ZoneInfo(outlet.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return p.published_at.replace(tzinfo=zone), f"{p.date_source} ({zone.key} time)"[:300]


def _iter_results(
    items: Sequence[ItemRef], skips: Sequence[int], context: AnalysisContext, workers: int
) -> Iterator[ItemResult]:
    """Results in item order; at most two items per worker in flight, to bound memory."""
    # fork() is only safe from a single-threaded process (the CLI, the db_worker), not from a
    # threaded web or test server: there the items are analysed in this process.
    if workers <= 1 or len(items) <= 1 or threading.active_count() > 1:
        for ref, skip in zip(items, skips, strict=True):
            yield analyse_item(_materialise(ref, context.caps), context, skip)
        return
    window = workers * 2
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_pool_process_init
    ) as pool:
        pending: list[Future[ItemResult]] = []
        position = 0
        while position < len(items) or pending:
            while position < len(items) and len(pending) < window:
                ref = _materialise(items[position], context.caps)
                pending.append(pool.submit(analyse_item, ref, context, skips[position]))
                position += 1
            yield pending.pop(0).result()


def _pool_process_init() -> None:
    """A pool process dies on SIGTERM, and with its parent.

    Forked from the task worker, it inherited the worker's graceful SIGTERM handler, so once
    the worker was killed the orphans ignored SIGTERM and kept the CPUs busy."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the parent, which stops us
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux): SIGTERM when the parent dies
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _materialise(ref: ItemRef, caps: Caps) -> ItemRef:
    """Upload zip members are read here so that workers get only the member's bytes."""
    if ref.data is None or not ref.members or ref.error:
        return ref
    try:
        return ItemRef(name=ref.name, data=read_item(ref, caps))
    except SourceProblem as exc:
        return ItemRef(name=ref.name, error=str(exc))


def run_batch(
    batch: ImportBatch,
    *,
    workers: int | None = None,
    on_progress: ProgressCallback | None = None,
    after_chunk: Callable[[int], None] | None = None,
) -> ImportBatch:
    """Import (or resume) `batch`; raises BatchBusy when another process holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, batch.pk])
        if not cursor.fetchone()[0]:
            raise BatchBusy(f"import batch {batch.pk} is being processed by another process")
    try:
        return _run_locked(batch, workers or worker_count(), on_progress, after_chunk)
    except BaseException:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.INTERRUPTED, finished_at=timezone.now()
        )
        _restore_search_index()
        raise
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, batch.pk])


def _restore_search_index() -> None:
    """Best effort after an interruption; a run that cannot leaves it to the next one."""
    try:
        search_index.ensure()
    except (DatabaseError, KeyboardInterrupt):
        pass


def _run_locked(
    batch: ImportBatch,
    workers: int,
    on_progress: ProgressCallback | None,
    after_chunk: Callable[[int], None] | None,
) -> ImportBatch:
    caps = Caps.from_settings()
    items = batch_items(batch, caps)
    stored = {item.name: item for item in batch.items.all()}
    with transaction.atomic():
        for ref in items:
            key = item_key(ref.name)
            if key not in stored:
                stored[key] = ImportItem.objects.create(batch=batch, name=key)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.RUNNING,
            total=len(items),
            started_at=batch.started_at or timezone.now(),
            finished_at=None,
        )
    known = {ref.name: stored[item_key(ref.name)] for ref in items}
    batch.refresh_from_db()
    if on_progress:
        on_progress(batch)
    todo = [ref for ref in items if known[ref.name].status == ImportItem.Status.PENDING]
    skips = [known[ref.name].done_entries for ref in todo]
    context = AnalysisContext(caps=caps, signatures=_outlet_signatures())
    resolver = OutletResolver(batch.outlet)
    near = NearDuplicates()
    chunks_written = 0
    search_index.ensure()  # a run killed in bulk mode left it dropped
    bulk = search_index.bulk_wanted(sum(ref.size for ref in todo))
    if bulk:
        search_index.drop()
    words = WordCount()
    for result in _iter_results(todo, skips, context, workers):
        item = known[result.name]
        if result.error:
            _fail_item(batch, item, result)
        else:
            entries = result.entries
            for start in range(0, len(entries), CHUNK_SIZE):
                chunk = entries[start : start + CHUNK_SIZE]
                last = start + CHUNK_SIZE >= len(entries)
                placements = _write_chunk(batch, item, result, chunk, resolver, near, finished=last)
                words.add([p.prepared for p in placements if p.kind != "duplicate"])
                chunks_written += 1
                if after_chunk:
                    after_chunk(chunks_written)
                if on_progress and not last:
                    batch.refresh_from_db()
                    on_progress(batch)
            if not entries:
                _finish_empty_item(batch, item, result)
            words.count(result.terms)
        batch.refresh_from_db()
        if on_progress:
            on_progress(batch)
    if bulk:
        search_index.ensure()
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED if batch.failed else ImportBatch.Status.DONE,
            finished_at=timezone.now(),
        )
        # Every item has its outcome: the uploaded bytes are no longer needed.
        paths = [u.path for u in batch.uploads.all() if u.path]
        batch.uploads.all().delete()
        transaction.on_commit(lambda: _remove_files(paths))
    if batch.created:
        # Did-you-mean learns the batch's words; lists of newly frequent words are built ahead.
        from articles.search.upkeep import after_import

        # Counted here when this run wrote every article of the batch (not a resumed one).
        after_import(batch.pk, words.counts if words.stored == batch.created else None)
    batch.refresh_from_db()
    if on_progress:
        on_progress(batch)
    return batch


class WordCount:
    """How many of the articles this run stored hold each search term: the did-you-mean
    vocabulary's counts for the batch, from the terms the workers sent with each vector
    (`Prepared.term_numbers`), so the vectors need not be read back and unnested."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.stored = 0  # articles counted
        self._item: list[npt.NDArray[np.int32]] = []  # the current item's stored articles
        self.complete = True  # False once an article came without its terms

    def add(self, stored: Sequence[Prepared]) -> None:
        """Articles of the current item, written."""
        for p in stored:
            if p.term_numbers is None:
                self.complete = False
            else:
                self._item.append(p.term_numbers)
        self.stored += len(stored)

    def count(self, terms: Sequence[str]) -> None:
        """The current item is done: count its articles' terms (numbers into `terms`)."""
        if self._item:
            totals = np.bincount(np.concatenate(self._item), minlength=len(terms))
            counts = self.counts
            found = np.flatnonzero(totals)
            for number, n in zip(found.tolist(), totals[found].tolist(), strict=True):
                term = terms[number]
                counts[term] = counts.get(term, 0) + n
        self._item = []
        if not self.complete:
            self.stored = -1  # never equal to a batch's count: counted from the vectors


def item_key(name: str) -> str:
    """An item's name as stored: zip member paths can be longer than the column."""
    if len(name) <= MAX_ITEM_NAME:
        return name
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"{name[: MAX_ITEM_NAME - 60]}…{digest}…{name[-40:]}"


def _error_entry(item_name: str, entry: str, reason: str) -> dict[str, str]:
    return {"file": item_name, "entry": entry, "reason": reason}


def _append_errors(batch: ImportBatch, errors: list[dict[str, str]]) -> None:
    if not errors:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_importbatch SET errors = errors || %s::jsonb "
            "WHERE id = %s AND jsonb_array_length(errors) < %s",
            [json.dumps(errors, ensure_ascii=False), batch.pk, MAX_ERRORS_PER_BATCH],
        )


@transaction.atomic
def _fail_item(batch: ImportBatch, item: ImportItem, result: ItemResult) -> None:
    ImportItem.objects.filter(pk=item.pk).update(
        status=ImportItem.Status.FAILED, failed=1, encoding=result.encoding, format=result.format
    )
    item.status = ImportItem.Status.FAILED
    _append_errors(batch, [_error_entry(result.name, "", result.error)])
    ImportBatch.objects.filter(pk=batch.pk).update(
        processed=F("processed") + 1, failed=F("failed") + 1
    )


@transaction.atomic
def _finish_empty_item(batch: ImportBatch, item: ImportItem, result: ItemResult) -> None:
    ImportItem.objects.filter(pk=item.pk).update(
        status=ImportItem.Status.DONE, encoding=result.encoding, format=result.format
    )
    item.status = ImportItem.Status.DONE
    ImportBatch.objects.filter(pk=batch.pk).update(processed=F("processed") + 1)


_ARTICLE_COLUMNS = (
    "id",
    "outlet_id",
    "title",
    "body",
    "url",
    "author",
    "published_at",
    "published_at_source",
    "language",
    "content_hash",
    "provenance",
    "boilerplate_spans",
    "near_duplicate_of_id",
    "copy_of_id",
    "import_batch_id",
    "search_vector",  # PostgreSQL parses the weighted literal on the way in
    "created_at",
    "updated_at",
)


def _array_literal(values: Sequence[int]) -> str:
    """A bigint[] in PostgreSQL's text form (psycopg's list dumper is far slower per element)."""
    return "{" + ",".join(map(str, values)) + "}"


def _write_chunk(
    batch: ImportBatch,
    item: ImportItem,
    result: ItemResult,
    chunk: Sequence[Prepared | Skipped | EntryError],
    resolver: OutletResolver,
    near: NearDuplicates,
    *,
    finished: bool,
) -> list[Placement]:
    """Writes one chunk; returns where each of its articles went (new, copy or duplicate).

    A text already stored for the same outlet, or from the same address, is a duplicate and is
    not stored again; the same text from another outlet is stored as a copy of the original
    (the stored article that is no copy itself)."""
    outcome = ChunkOutcome()
    notes: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    articles: list[Prepared] = []
    for entry in chunk:
        if isinstance(entry, EntryError):
            outcome.failed += 1
            errors.append(_error_entry(result.name, entry.entry, entry.reason))
        elif isinstance(entry, Skipped):
            outcome.skipped += 1
            notes.append({"entry": entry.entry, "kind": "skipped", "reason": entry.reason})
        else:
            articles.append(entry)
    outlets = [resolver.resolve(p) for p in articles]  # may create outlets (own transactions)
    with transaction.atomic(), connection.cursor() as cursor:
        # Losing the last chunks to a power cut is fine (their items stay pending and are
        # redone on resume); waiting for each WAL flush is not.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        cursor.execute(
            "SELECT content_hash, id, outlet_id, url, copy_of_id FROM articles_article "
            "WHERE content_hash = ANY(%s) ORDER BY id",
            [[p.content_hash for p in articles]],
        )
        texts: dict[str, list[StoredText]] = {}
        for text_hash, pk, outlet_id, url, original_id in cursor.fetchall():
            texts.setdefault(text_hash, []).append(
                StoredText(pk, outlet_id, url, original_id, True)
            )
        fresh: list[tuple[Prepared, Outlet, str]] = []
        placements: list[Placement] = []
        for p, (outlet, how) in zip(articles, outlets, strict=True):
            known = texts.get(p.content_hash, [])
            same = next(
                (t for t in known if t.outlet_id == outlet.pk or p.url and t.url == p.url), None
            )
            if same is None and known and outlet.slug == UNIDENTIFIED_SLUG:
                # Nothing says another outlet published it: the stored text is this one.
                same = known[0]
            if same is not None:
                why = (
                    "outlet"
                    if same.outlet_id == outlet.pk
                    else "address"
                    if p.url and same.url == p.url
                    else "unidentified"
                )
                placements.append(Placement(p, same.pk, "duplicate", same.pk, same.stored, why))
                continue
            original = next(
                (t.pk for t in known if t.copy_of is None), known[0].pk if known else None
            )
            # The id is filled in once the new rows' ids are drawn.
            placements.append(Placement(p, 0, "copy" if original else "created", original))
            texts.setdefault(p.content_hash, []).append(
                StoredText(-len(fresh) - 1, outlet.pk, p.url, original, False)
            )
            fresh.append((p, outlet, how))
        ids: list[int] = []
        if fresh:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('articles_article', 'id')) "
                "FROM generate_series(1, %s)",
                [len(fresh)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        new_id = {-i - 1: pk for i, pk in enumerate(ids)}
        fresh_ids = iter(ids)
        copy_of: dict[int, int] = {}
        for placed in placements:
            placed.of = new_id.get(placed.of, placed.of) if placed.of else None
            if placed.kind == "duplicate":
                placed.article = new_id.get(placed.article, placed.article)
            else:
                placed.article = next(fresh_ids)
                if placed.of:
                    copy_of[placed.article] = placed.of
        outlet_of = {new_id.get(t.pk, t.pk): t.outlet_id for ts in texts.values() for t in ts}
        for placed in placements:
            if placed.kind == "duplicate":
                outcome.duplicates += 1
                notes.append(
                    {
                        "entry": placed.prepared.entry,
                        "kind": "duplicate",
                        "article": placed.of,
                        "same": placed.why,
                        "earlier_in_batch": not placed.stored,
                        "reason": _duplicate_reason(
                            placed.of or 0, placed.why, not placed.stored, language="en"
                        ),
                    }
                )
            elif placed.kind == "copy":
                outcome.copies += 1
                original_outlet = resolver.by_id.get(outlet_of.get(placed.of or 0, 0))
                name = original_outlet.name_ar if original_outlet else ""
                notes.append(
                    {
                        "entry": placed.prepared.entry,
                        "kind": "copy",
                        "article": placed.article,
                        "original": placed.of,
                        "outlet": original_outlet.pk if original_outlet else None,
                        "reason": _copy_reason(placed.of or 0, name, language="en"),
                    }
                )
        # A copy's text is its original's: no near-duplicate link and no sketch of its own.
        links = near.links(
            cursor,
            [(pk, p) for pk, (p, _, _) in zip(ids, fresh, strict=True) if pk not in copy_of],
        )
        if fresh:
            now = timezone.now()
            with cursor.cursor.copy(
                f"COPY articles_article ({', '.join(_ARTICLE_COLUMNS)}) FROM STDIN"
            ) as copy:
                for pk, (p, outlet, how) in zip(ids, fresh, strict=True):
                    published_at, date_source = _localise(p, outlet)
                    provenance = {**p.provenance, "outlet": how, "batch": batch.pk}
                    link = links.get(pk)
                    if link:
                        provenance["near_duplicate"] = {
                            "of": link[0],
                            "similarity": round(link[1], 2),
                        }
                    copy.write_row(
                        (
                            pk,
                            outlet.pk,
                            p.title,
                            p.body,
                            p.url,
                            p.author,
                            published_at,
                            date_source[:300],
                            p.language,
                            p.content_hash,
                            json.dumps(provenance, ensure_ascii=False),
                            json.dumps(p.boilerplate_spans),
                            link[0] if link else None,
                            copy_of.get(pk),
                            batch.pk,
                            p.search_vector,
                            now,
                            now,
                        )
                    )
            sketched = [
                (pk, p.sketch)
                for pk, (p, _, _) in zip(ids, fresh, strict=True)
                if p.sketch and pk not in copy_of
            ]
            if sketched:
                with cursor.cursor.copy(
                    "COPY articles_articlesketch (article_id, signature, bands) FROM STDIN"
                ) as copy:
                    for pk, sk in sketched:
                        copy.write_row((pk, _array_literal(sk.signature), _array_literal(sk.bands)))
        outcome.created = len(fresh)
        _append_errors(batch, errors)
        updates: dict[str, Any] = {
            "done_entries": F("done_entries") + len(chunk),
            "created": F("created") + outcome.created,
            "duplicates": F("duplicates") + outcome.duplicates,
            "skipped": F("skipped") + outcome.skipped,
            "failed": F("failed") + outcome.failed,
            "encoding": result.encoding,
            "format": result.format,
            "entries": F("done_entries") + len(chunk) if finished else F("entries"),
        }
        if finished:
            updates["status"] = ImportItem.Status.DONE
        ImportItem.objects.filter(pk=item.pk).update(**updates)
        if notes:
            cursor.execute(
                "UPDATE articles_importitem SET notes = notes || %s::jsonb "
                "WHERE id = %s AND jsonb_array_length(notes) < %s",
                [json.dumps(notes, ensure_ascii=False), item.pk, MAX_NOTES_PER_ITEM],
            )
        ImportBatch.objects.filter(pk=batch.pk).update(
            processed=F("processed") + (1 if finished else 0),
            created=F("created") + outcome.created,
            duplicates=F("duplicates") + outcome.duplicates,
            copies=F("copies") + outcome.copies,
            skipped=F("skipped") + outcome.skipped,
            failed=F("failed") + outcome.failed,
        )
    near.commit()
    if finished:
        item.status = ImportItem.Status.DONE
    return placements


class NearDuplicates:
    """Near-duplicate lookup for one run: articles stored before it are queried by band (GIN),
    the ones this run writes are kept in memory."""

    def __init__(self) -> None:
        self.index = NearDuplicateIndex()
        self.pending: list[tuple[int, Sketch, int | None]] = []
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(article_id) FROM articles_articlesketch")
            self.stored_up_to: int | None = cursor.fetchone()[0]

    def links(
        self, cursor: Any, new: Iterable[tuple[int, Prepared]]
    ) -> dict[int, tuple[int, float]]:
        """New article id -> (original article id, similarity)."""
        sketched = [(pk, p.sketch) for pk, p in new if p.sketch is not None]
        if not sketched:
            return {}
        candidates = NearDuplicateIndex()
        if self.stored_up_to is not None:
            cursor.execute(
                "SELECT s.article_id, s.signature, s.bands, a.near_duplicate_of_id "
                "FROM articles_articlesketch s JOIN articles_article a ON a.id = s.article_id "
                "WHERE s.bands && %s::bigint[] AND s.article_id <= %s ORDER BY s.article_id",
                [sorted({band for _, sk in sketched for band in sk.bands}), self.stored_up_to],
            )
            for article_id, signature, bands, root in cursor.fetchall():
                candidates.add(article_id, Sketch(signature=signature, bands=bands), root)
        links: dict[int, tuple[int, float]] = {}
        staged: list[tuple[int, Sketch, int | None]] = []
        for pk, sk in sketched:
            found = [m for m in (candidates.match(sk), self.index.match(sk)) if m]
            match = max(found, key=lambda m: (m[1], -m[0])) if found else None
            if match:
                links[pk] = match
            candidates.add(pk, sk, match[0] if match else None)
            staged.append((pk, sk, match[0] if match else None))
        self.pending = staged
        return links

    def commit(self) -> None:
        """The chunk is written: its articles become candidates for the rest of the run."""
        for pk, sk, root in self.pending:
            self.index.add(pk, sk, root)
        self.pending = []


def _lock_is_free(batch_id: int) -> bool:
    """Whether no process runs the batch now (its advisory lock can be taken)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, batch_id])
        free = bool(cursor.fetchone()[0])
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, batch_id])
    return free


def batch_is_resumable(batch: ImportBatch) -> bool:
    """An interrupted batch: items left, and no process holding it."""
    if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.PENDING):
        return False
    unfinished = batch.items.filter(status=ImportItem.Status.PENDING).exists() or not batch.total
    return unfinished and _lock_is_free(batch.pk)


def _duplicate_reason(
    article: int, same: str, earlier_in_batch: bool, *, language: str | None = None
) -> str:
    """Why an entry was not stored, in the active language (or `language`: notes are stored in
    English, and the report translates them when it is shown)."""
    if language:
        with translation.override(language):
            return _duplicate_reason(article, same, earlier_in_batch)
    if same == "address":
        reason = gettext("same text and address as article %(article)s: not stored again")
    elif same == "unidentified":
        reason = gettext(
            "same text as article %(article)s, from an unidentified source: not stored again"
        )
    else:
        reason = gettext("same outlet and text as article %(article)s: not stored again")
    reason %= {"article": article}
    if earlier_in_batch:
        reason += " " + gettext("(earlier in this batch)")
    return reason


def _copy_reason(original: int, outlet: str, *, language: str | None = None) -> str:
    if language:
        with translation.override(language):
            return _copy_reason(original, outlet)
    return gettext("stored as a copy of article %(article)s (%(outlet)s)") % {
        "article": original,
        "outlet": outlet,
    }


def batch_report(batch: ImportBatch) -> dict[str, Any]:
    """The report both doors show: counts, and file + entry + reason for every entry that was
    not stored as a new original (duplicates, copies, skipped), reasons in the active language."""
    duplicates: list[dict[str, Any]] = []
    copies: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    names = dict(Outlet.objects.values_list("pk", "name_ar"))
    for name, notes in batch.items.exclude(notes=[]).values_list("name", "notes"):
        for note in notes:
            row = {"file": name, "entry": note.get("entry", ""), "reason": note.get("reason", "")}
            if note.get("article"):
                row["article"] = note["article"]
            kind = note.get("kind")
            if kind == "copy":
                row["original"] = note.get("original")
                row["reason"] = _copy_reason(
                    note.get("original") or 0, names.get(note.get("outlet"), "")
                )
                copies.append(row)
            elif kind == "duplicate":
                if "same" in note:
                    row["reason"] = _duplicate_reason(
                        note.get("article") or 0, note["same"], note.get("earlier_in_batch", False)
                    )
                duplicates.append(row)
            else:
                skipped.append(row)
    return {
        "created": batch.created,
        "copies": batch.copies,
        "duplicates": batch.duplicates,
        "skipped": batch.skipped,
        "failed": batch.failed,
        "duplicate_entries": duplicates,
        "copy_entries": copies,
        "skipped_entries": skipped,
        "errors": batch.errors,
    }
