"""Exports written while they are read: rows come from the database in chunks and leave as text
in blocks, so an export of 100,000 annotations holds one chunk in memory, never the whole list.

The bidi middleware cannot rewrite a streamed response, so each JSON item passes through
`safe_tree` here and each CSV cell through `spreadsheet_cell` (in `csv_lines`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db.models import F
from django.http import StreamingHttpResponse

from articles.models import Annotation, AnnotationQuerySet
from articles.reports.export_cells import csv_lines, safe_tree

CHUNK_SIZE = 2000  # annotations per database fetch (and per prefetch of tags and chains)
BLOCK_CHARS = 64 * 1024  # text handed to the server at a time
_ITEMS = "\x00items\x00"  # stands for the streamed list while the rest of the document is dumped


def mentions_by_date(mentions: AnnotationQuerySet) -> Iterator[Annotation]:
    """Mentions with their details, oldest article first, fetched a chunk at a time."""
    return (
        mentions.with_details()
        .order_by(F("article__published_at").asc(nulls_last=True), "article_id", "start", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def mentions_by_article(mentions: AnnotationQuerySet) -> Iterator[Annotation]:
    """Mentions with their details, in the order the W3C exports list them."""
    return (
        mentions.with_details()
        .order_by("article_id", "start", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def blocks(pieces: Iterable[str], size: int = BLOCK_CHARS) -> Iterator[str]:
    """Small pieces of text gathered into blocks of about `size` characters."""
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(buffer)
            buffer.clear()
            held = 0
    if buffer:
        yield "".join(buffer)


def json_with_list(
    document: dict[str, Any], path: Sequence[str], items: Iterable[dict[str, Any]]
) -> Iterator[str]:
    """`document` as JSON with the list at `path` (keys from the top) filled from `items` as
    they come. The document itself must be small; only the list is streamed."""
    holder = document
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = _ITEMS
    text = json.dumps(safe_tree(document), ensure_ascii=False, indent=1)
    before, after = text.split(json.dumps(_ITEMS), 1)
    yield before + "["
    for n, item in enumerate(items):
        yield ("," if n else "") + "\n" + json.dumps(safe_tree(item), ensure_ascii=False)
    yield "\n]" + after


def streaming_response(
    pieces: Iterable[str], *, content_type: str, filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (block.encode("utf-8") for block in blocks(pieces)), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_stream(
    columns: Sequence[str],
    mentions: Iterable[Annotation],
    row: Callable[[Annotation], dict[str, Any]],
) -> Iterator[str]:
    return csv_lines(columns, (row(m) for m in mentions))
