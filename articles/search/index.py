"""The search index: each article's analysed title and body as one weighted tsvector.

- `stored_vectors(documents)`: THE function behind every stored vector (an upload or import,
  a feed item or a pasted address, a re-fetched version, an edit in the admin, a reindex): the
  capped weighted literals of `(title, body, boilerplate spans)` documents, from the batched
  analysis (`articles.ingest.indexing.index_articles`). PostgreSQL refuses a tsvector whose
  lexemes take more than 1 MB ("string is too long for tsvector"): an article with more
  distinct terms than that keeps those that fit, is still saved and found by them, and says so
  in its provenance (`TRUNCATED_NOTE`).
- `document_vector(title, body, skip_spans)` / `document_index`: the per-document reference
  analysis (uncapped; tests compare the batched analysis with it): terms with their positions,
  the title's weighted A, the body's weighted B and numbered after the title's (as
  `setweight(title, 'A') || setweight(body, 'B')` would give). Never written as such.
- `update_search_vectors(rows)`: write `(article_id, literal)` rows (literals from
  `stored_vectors`) and add their terms to the vocabulary used for "did you mean".
- `write_article_vectors(articles)` / `reindex_articles(ids)`: compute and write vectors for
  stored articles.
- `article_saved`: the post_save receiver that keeps a saved article's vector current: in the
  request for an ordinary article, in the worker (`reindex_article`, a task of the imports queue)
  for a text longer than `settings.SEARCH_INLINE_INDEX_CHARS` (a 3-million-character article
  takes 10-30 s to analyse). Such an article is saved at once and marked
  (`Article.reindex_requested_at`); searches see its earlier text until the worker has written
  the new vector, and the admin and the article page say so. The mark is the task's ticket: a
  task writes its vector only if the mark it read is still the row's (a later edit wins).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from articles import arabic
from articles.queues import IMPORTS_QUEUE

if TYPE_CHECKING:
    from articles.models import Article


VOCABULARY_TABLE = "articles_search_vocabulary"
TRUNCATED_NOTE = "truncated: only the terms that fit in 1 MB"  # provenance["search_index"]
# PostgreSQL keeps positions up to 16383 and lexemes up to 2047 bytes.
MAX_POSITION = _MAX_POSITION = 16383
MAX_TERM_CHARS = _MAX_TERM_CHARS = 200


# --- Index ---------------------------------------------------------------------------------------


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _in_spans(start: int, spans: Sequence[Sequence[int]]) -> bool:
    return any(s <= start < e for s, e, *_ in spans)


quote_term = _quote  # a term as a tsvector/tsquery literal
in_spans = _in_spans  # whether a word starting at `start` lies in a boilerplate span


def _analyse_document(
    text: str, skip_spans: Sequence[Sequence[int]] = ()
) -> tuple[dict[str, list[int]], int, list[str]]:
    """Positions of each term (1-based, in reading order, before capping), the number of
    positions, and the words in order (one conflation key each)."""
    positions: dict[str, list[int]] = {}
    words: list[str] = []
    pos = 0
    for start, word_positions in arabic.analysed_positions(text):
        if skip_spans and _in_spans(start, skip_spans):
            continue
        for terms in word_positions:
            pos += 1
            words.append(min(terms))
            for term in terms:
                if len(term) <= _MAX_TERM_CHARS:
                    positions.setdefault(term, []).append(pos)
    return positions, pos, words


def _weighted_literal(
    title: dict[str, list[int]], title_length: int, body: dict[str, list[int]]
) -> str:
    """Title positions weighted A, body positions weighted B and numbered after the title's;
    positions above 16383 become 16383 and each term keeps its first 256, as PostgreSQL does."""
    weighted: dict[str, dict[int, str]] = {}
    for terms, offset, weight in ((title, 0, "A"), (body, title_length, "B")):
        for term, found in terms.items():
            slots = weighted.setdefault(term, {})
            for pos in found:
                slots.setdefault(min(pos + offset, _MAX_POSITION), weight)  # A wins a tie
    return " ".join(
        f"{_quote(term)}:{','.join(f'{p}{slots[p]}' for p in sorted(slots)[:256])}"
        for term, slots in weighted.items()
    )


def document_vector(title: str, body: str, skip_spans: Sequence[Sequence[int]] = ()) -> str:
    return document_index(title, body, skip_spans)[0]


def document_index(
    title: str, body: str, skip_spans: Sequence[Sequence[int]] = ()
) -> tuple[str, list[str]]:
    """`document_vector` plus the body's analysed words in reading order (for near-duplicate
    shingles), from one pass of the analyser."""
    title_terms, title_length, _ = _analyse_document(title)
    body_terms, _, words = _analyse_document(body, skip_spans)
    return _weighted_literal(title_terms, title_length, body_terms), words


def stored_vectors(
    documents: Sequence[tuple[str, str, Sequence[Sequence[int]]]],
) -> tuple[list[str], set[int]]:
    """The literal to store for each `(title, body, boilerplate spans)` document, capped to
    what PostgreSQL accepts, and the indexes of the documents whose terms were cut."""
    from articles.ingest.indexing import index_articles  # it builds on this module

    indexed = index_articles(documents)
    return indexed.literals, indexed.truncated


def update_search_vectors(
    rows: Iterable[tuple[int, str]], *, truncated: Iterable[int] | None = None
) -> None:
    """Write vectors; with `truncated` (the ids whose vectors were cut), each row's provenance
    also says whether its index is complete."""
    params = [(literal, pk) for pk, literal in rows]
    if not params:
        return
    # A vector computed from the current text ends any wait for the worker's.
    with connection.cursor() as cursor:
        if truncated is None:
            cursor.executemany(
                """UPDATE articles_article SET search_vector = %s::tsvector,
                       reindex_requested_at = NULL WHERE id = %s""",
                params,
            )
        else:
            cut = set(truncated)
            cursor.executemany(
                """UPDATE articles_article SET search_vector = %s::tsvector,
                       reindex_requested_at = NULL,
                       provenance = CASE WHEN %s
                           THEN provenance || jsonb_build_object('search_index', %s::text)
                           ELSE provenance - 'search_index' END
                   WHERE id = %s""",
                [(literal, pk in cut, TRUNCATED_NOTE, pk) for literal, pk in params],
            )
        # Counted per batch; a reindex (manage.py reindex) recounts exactly.
        cursor.execute(
            f"""
            INSERT INTO {VOCABULARY_TABLE} (word, ndoc)
            SELECT word, count(*) FROM (
                SELECT unnest(tsvector_to_array(search_vector)) AS word
                FROM articles_article WHERE id = ANY(%s)
            ) AS words GROUP BY word
            ON CONFLICT (word) DO UPDATE SET ndoc = {VOCABULARY_TABLE}.ndoc + EXCLUDED.ndoc
            """,
            [[pk for _literal, pk in params]],
        )


def write_article_vectors(articles: Sequence[Article]) -> None:
    """Compute (capped) and write the vectors of these articles; their provenance in memory
    follows what is written."""
    literals, cut = stored_vectors([(a.title, a.body, a.boilerplate_spans) for a in articles])
    truncated = {articles[i].pk for i in cut}
    update_search_vectors(
        [(a.pk, literal) for a, literal in zip(articles, literals, strict=True)],
        truncated=truncated,
    )
    for article in articles:
        if not isinstance(article.provenance, dict):
            continue
        if article.pk in truncated:
            article.provenance["search_index"] = TRUNCATED_NOTE
        else:
            article.provenance.pop("search_index", None)


def reindex_articles(ids: Iterable[int]) -> None:
    from articles.models import Article

    articles = list(
        Article.objects.filter(pk__in=list(ids)).only(
            "title", "body", "boilerplate_spans", "provenance"
        )
    )
    write_article_vectors(articles)


def rebuild_vocabulary() -> None:
    """Recount the vocabulary from every stored vector (after a full reindex)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {VOCABULARY_TABLE}")
        cursor.execute(
            f"""INSERT INTO {VOCABULARY_TABLE} (word, ndoc)
            SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM articles_article
                                            WHERE search_vector IS NOT NULL')"""
        )


_INDEXED_FIELDS = frozenset({"title", "body", "boilerplate_spans"})


def article_saved(
    sender: type, instance: Article, update_fields: frozenset[str] | None = None, **kwargs: object
) -> None:
    """post_save: keep the vector current when the indexed text may have changed.

    Bulk imports write their vectors with their rows (`articles.ingest.indexing`).
    """
    if kwargs.get("raw"):
        return
    if update_fields is not None and not (_INDEXED_FIELDS & set(update_fields)):
        return
    if len(instance.title) + len(instance.body) <= settings.SEARCH_INLINE_INDEX_CHARS:
        write_article_vectors([instance])
        instance.reindex_requested_at = None
        return
    request_reindex(instance)


def request_reindex(article: Article) -> None:
    """Leave the article's vector to the worker: mark it, and queue the task once the save
    is committed (the worker must read the text that was saved)."""
    from articles.models import Article

    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(reindex_requested_at=now)
    article.reindex_requested_at = now
    article_id = article.pk
    transaction.on_commit(lambda: reindex_article.enqueue(article_id))


def requeue_pending_indexes() -> int:
    """Queue again the index of each marked article without a task waiting for it (its task
    was lost with a worker that died); how many were queued."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from articles.models import Article

    pending = set(
        Article.objects.filter(reindex_requested_at__isnull=False).values_list("pk", flat=True)
    )
    if not pending:
        return 0
    waiting = DBTaskResult.objects.filter(
        task_path=reindex_article.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    queued = {row["args"][0] for row in waiting if row.get("args")}
    missing = sorted(pending - queued)
    for article_id in missing:
        reindex_article.enqueue(article_id)
    return len(missing)


# The imports queue: someone edited the article and waits for it.
@task(queue_name=IMPORTS_QUEUE)
def reindex_article(article_id: int) -> dict[str, int]:
    """The vector of an article whose long text was edited; nothing if no edit waits for one."""
    from articles.models import Article

    article = (
        Article.objects.filter(pk=article_id, reindex_requested_at__isnull=False)
        .only("title", "body", "boilerplate_spans", "reindex_requested_at")
        .first()
    )
    if article is None:
        return {"article": article_id, "written": 0}
    literals, cut = stored_vectors([(article.title, article.body, article.boilerplate_spans)])
    with transaction.atomic():
        current = (
            Article.objects.select_for_update()
            .filter(pk=article_id)
            .values_list("reindex_requested_at", flat=True)
            .first()
        )
        if current != article.reindex_requested_at:
            return {"article": article_id, "written": 0}  # edited again: the later task writes
        update_search_vectors([(article_id, literals[0])], truncated={article_id} if cut else ())
    return {"article": article_id, "written": 1}
