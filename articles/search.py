"""Full-text search over articles: index maintenance (this module's interface), queries later.

Interface used by import and by article saves:
- `document_terms(title, body, skip_spans)`: the analysed title and body as space-joined
  terms; pure, picklable, safe to run in worker processes.
- `SEARCH_VECTOR_SQL`: the SQL expression that turns those two strings (two %s parameters,
  title then body) into the weighted tsvector stored in `Article.search_vector`.
- `update_search_vectors(rows)`: write vectors for `(article_id, title_terms, body_terms)` rows.
- `reindex_articles(ids)`: recompute vectors for stored articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from articles import arabic

TS_CONFIG = "simple"
SEARCH_VECTOR_SQL = (
    f"setweight(to_tsvector('{TS_CONFIG}', %s), 'A') || setweight(to_tsvector('{TS_CONFIG}', %s), 'B')"
)


def _without_spans(body: str, skip_spans: Sequence[Sequence[int]]) -> str:
    if not skip_spans:
        return body
    parts, pos = [], 0
    for start, end, *_ in sorted(skip_spans):
        parts.append(body[pos:start])
        pos = max(pos, end)
    parts.append(body[pos:])
    return "\n".join(parts)


def document_terms(
    title: str, body: str, skip_spans: Sequence[Sequence[int]] = ()
) -> tuple[str, str]:
    return " ".join(arabic.terms(title)), " ".join(arabic.terms(_without_spans(body, skip_spans)))


def update_search_vectors(rows: Iterable[tuple[int, str, str]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE articles_article SET search_vector = {SEARCH_VECTOR_SQL} WHERE id = %s",
            [(title, body, pk) for pk, title, body in rows],
        )


def reindex_articles(ids: Iterable[int]) -> None:
    from articles.models import Article

    rows = [
        (a.pk, *document_terms(a.title, a.body, a.boilerplate_spans))
        for a in Article.objects.filter(pk__in=list(ids)).only("title", "body", "boilerplate_spans")
    ]
    update_search_vectors(rows)
