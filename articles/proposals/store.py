"""Writing extracted proposals: one article or thirty thousand, the same statements.

Each chunk of articles is one transaction: its rows are COPYed into a temporary table, then
- pending proposals the new extraction no longer finds are deleted (stale);
- pending proposals it finds again get the new offsets, confidence and extractor version (a body
  edit may have moved them);
- new fingerprints are inserted; a fingerprint already decided (accepted, edited, rejected) is
  left alone, so nothing decided is proposed again (`ON CONFLICT DO NOTHING` on the unique
  (article, fingerprint));
- each article's `ProposalExtraction` records the extractor version and the body's hash.

`propose_articles` extracts in worker processes (one per core) while this process writes.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet

from articles.models import Article, ProposalExtraction
from articles.proposals.records import ProposalRow, body_hash, extract_many, extractor_version

CHUNK = 400  # articles per transaction and per task sent to a worker process

_COLUMNS = (
    "article_id",
    "fingerprint",
    "claimant",
    "claimant_start",
    "claimant_end",
    "antecedent",
    "cue",
    "cue_lemma",
    "cue_start",
    "cue_end",
    "start",
    "end",
    "quote",
    "chain",
    "confidence",
)
_QUOTED = ", ".join(f'"{c}"' for c in _COLUMNS)

Extracted = tuple[int, str, list[ProposalRow]]


@dataclass
class RefreshCounts:
    articles: int = 0
    added: int = 0
    updated: int = 0
    dropped: int = 0

    def __iadd__(self, other: RefreshCounts) -> RefreshCounts:
        self.articles += other.articles
        self.added += other.added
        self.updated += other.updated
        self.dropped += other.dropped
        return self


def _text_array(values: Sequence[str]) -> str:
    """A text[] literal (psycopg's list dumper costs more per element than this)."""
    items = []
    for value in values:
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        items.append(f'"{escaped}"')
    return "{" + ",".join(items) + "}"


def write_extractions(results: Sequence[Extracted]) -> RefreshCounts:
    """Store the proposals of these articles (see the module docstring); one transaction."""
    counts = RefreshCounts(articles=len(results))
    if not results:
        return counts
    ids = [pk for pk, _hash, _rows in results]
    version = extractor_version()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            "CREATE TEMP TABLE proposal_incoming ("
            "article_id bigint, fingerprint varchar(40), claimant varchar(300), "
            "claimant_start integer, claimant_end integer, antecedent boolean, "
            "cue varchar(100), cue_lemma varchar(100), cue_start integer, cue_end integer, "
            '"start" integer, "end" integer, quote text, chain varchar(300)[], '
            "confidence double precision) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY proposal_incoming ({_QUOTED}) FROM STDIN") as copy:
            for pk, _hash, rows in results:
                for r in rows:
                    copy.write_row(
                        (
                            pk,
                            r.fingerprint,
                            r.claimant,
                            r.claimant_start,
                            r.claimant_end,
                            r.antecedent,
                            r.cue,
                            r.cue_lemma,
                            r.cue_start,
                            r.cue_end,
                            r.start,
                            r.end,
                            r.quote,
                            _text_array(r.chain),
                            r.confidence,
                        )
                    )
        cursor.execute(
            "DELETE FROM articles_attributionproposal p WHERE p.article_id = ANY(%s) "
            "AND p.status = 'pending' AND NOT EXISTS (SELECT 1 FROM proposal_incoming i "
            "WHERE i.article_id = p.article_id AND i.fingerprint = p.fingerprint)",
            [ids],
        )
        counts.dropped = cursor.rowcount
        cursor.execute(
            "UPDATE articles_attributionproposal p SET claimant = i.claimant, "
            "claimant_start = i.claimant_start, claimant_end = i.claimant_end, "
            "antecedent = i.antecedent, cue = i.cue, cue_start = i.cue_start, "
            'cue_end = i.cue_end, "start" = i."start", "end" = i."end", quote = i.quote, '
            "chain = i.chain, confidence = i.confidence, extractor_version = %s "
            "FROM proposal_incoming i WHERE p.article_id = i.article_id "
            "AND p.fingerprint = i.fingerprint AND p.status = 'pending' "
            'AND (p."start", p."end", p.cue_start, p.claimant_start, p.confidence, p.chain, '
            "p.extractor_version) IS DISTINCT FROM "
            '(i."start", i."end", i.cue_start, i.claimant_start, i.confidence, i.chain, %s)',
            [version, version],
        )
        counts.updated = cursor.rowcount
        cursor.execute(
            f"INSERT INTO articles_attributionproposal ({_QUOTED}, extractor_version, status, "
            "created_at) "
            f"SELECT {_QUOTED}, %s, 'pending', now() FROM proposal_incoming "
            "ON CONFLICT (article_id, fingerprint) DO NOTHING",
            [version],
        )
        counts.added = cursor.rowcount
        cursor.execute(
            "INSERT INTO articles_proposalextraction "
            "(article_id, extractor_version, body_hash, extracted_at) "
            "SELECT unnest(%s::bigint[]), %s, unnest(%s::varchar[]), now() "
            "ON CONFLICT (article_id) DO UPDATE SET extractor_version = EXCLUDED.extractor_version, "
            "body_hash = EXCLUDED.body_hash, extracted_at = EXCLUDED.extracted_at",
            [ids, version, [h for _pk, h, _rows in results]],
        )
        # ON COMMIT DROP is not enough inside a caller's transaction (a savepoint commits nothing).
        cursor.execute("DROP TABLE proposal_incoming")
    return counts


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for at in range(0, len(ids), size):
        yield ids[at : at + size]


def _bodies(ids: Sequence[int]) -> list[tuple[int, str]]:
    return list(Article.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "body"))


def articles_needing_proposals(
    *, missing_only: bool = True, queryset: QuerySet[Article] | None = None
) -> list[int]:
    """Ids of articles (of `queryset`, default all) never extracted, or extracted by another
    extractor version; all of them when `missing_only` is false."""
    rows = (Article.objects.all() if queryset is None else queryset).order_by("pk")
    if missing_only:
        current = ProposalExtraction.objects.filter(
            article=OuterRef("pk"), extractor_version=extractor_version()
        )
        rows = rows.filter(~Exists(current))
    return list(rows.values_list("pk", flat=True))


def propose_articles(
    article_ids: Iterable[int],
    *,
    workers: int | None = None,
    on_chunk: Callable[[RefreshCounts], None] | None = None,
) -> RefreshCounts:
    """Extract and store the proposals of these articles, in chunks (one transaction each).

    With more than one worker, worker processes extract while this process reads the next
    bodies and writes the previous chunk."""
    ids = list(article_ids)
    total = RefreshCounts()
    workers = workers or max(1, len(os.sched_getaffinity(0)))
    # fork() is only safe from a single-threaded process (the CLI, the db_worker), not from a
    # threaded web or test server: there everything runs in this process.
    if workers <= 1 or len(ids) <= CHUNK or threading.active_count() > 1:
        for chunk in _chunks(ids, CHUNK):
            counts = write_extractions(extract_many(_bodies(chunk)))
            total += counts
            if on_chunk:
                on_chunk(counts)
        return total
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = []
        for chunk in _chunks(ids, CHUNK):
            pending.append(pool.submit(extract_many, _bodies(chunk)))
            # Keep a few chunks in flight: enough to keep every worker busy, bodies bounded.
            while len(pending) > workers * 2:
                counts = write_extractions(pending.pop(0).result())
                total += counts
                if on_chunk:
                    on_chunk(counts)
        for future in pending:
            counts = write_extractions(future.result())
            total += counts
            if on_chunk:
                on_chunk(counts)
    return total


def stale_extraction(article: Article) -> bool:
    """Whether this article's proposals were extracted from another body or extractor."""
    return not ProposalExtraction.objects.filter(
        article=article, extractor_version=extractor_version(), body_hash=body_hash(article.body)
    ).exists()
