"""Everything done to one import item without the database: read, decode, parse, infer
metadata, find boilerplate, hash, analyse for search, sketch for near duplicates.

`analyse_item` is pure apart from reading its file, so the pipeline runs it in worker processes
(one per core) while the main process writes to PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from articles import arabic
from articles.ingest import boilerplate, dedupe, metadata
from articles.ingest.encodings import EncodingProblem, decode
from articles.ingest.fingerprint import content_hash
from articles.ingest.formats import EntryError, FormatProblem, RawRecord, format_of, parse
from articles.ingest.indexing import index_articles
from articles.ingest.sources import Caps, ItemRef, SourceProblem, read_item
from articles.search.index import TRUNCATED_NOTE

# UTF-8 lead bytes of U+0600-U+06FF (the Arabic block), and the ASCII letters A-Z, a-z: bytes
# of multi-byte sequences are all >= 0x80, so counting these bytes counts those characters.
_ARABIC_LEAD_BYTES = (b"\xd8", b"\xd9", b"\xda", b"\xdb")
_LATIN_BYTES = bytes(range(65, 91)) + bytes(range(97, 123))


@dataclass
class Prepared:
    """One article ready to be written."""

    entry: str
    title: str
    body: str
    url: str
    author: str
    published_at: datetime | None
    date_source: str
    date_is_naive: bool
    source: str
    outlet_name: str
    domain: str
    signature_outlet: int | None
    language: str
    content_hash: str
    provenance: dict[str, Any]
    boilerplate_spans: list[list[Any]]
    search_vector: str = ""  # weighted tsvector literal, filled for the whole item by `_index`
    sketch: dedupe.Sketch | None = None
    # The distinct terms of `search_vector`, as numbers into the item's `ItemResult.terms`.
    term_numbers: Any = None


@dataclass
class Skipped:
    entry: str
    reason: str


@dataclass
class ItemResult:
    name: str
    error: str = ""
    encoding: str = ""
    format: str = ""
    entries: list[Prepared | Skipped | EntryError] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # what `Prepared.term_numbers` count in


@dataclass(frozen=True)
class AnalysisContext:
    """What workers need to know about the database, fixed for the whole batch."""

    caps: Caps
    signatures: tuple[
        tuple[str, str, int], ...
    ]  # (normalised, as written, outlet id), longest first


# Longest line read as a possible date line at the top of a body whose date came from a field.
DATE_LINE_CHARS = 80


def analyse_item(ref: ItemRef, context: AnalysisContext, skip_entries: int = 0) -> ItemResult:
    result = ItemResult(name=ref.name)
    if ref.error:
        result.error = ref.error
        return result
    try:
        decoded = decode(read_item(ref, context.caps))
        result.encoding = decoded.encoding
        result.format = format_of(ref.name, decoded.text)
        position = 0
        for parsed in parse(ref.name, decoded.text):
            position += 1
            if position <= skip_entries:
                continue
            if isinstance(parsed, EntryError):
                result.entries.append(parsed)
            else:
                result.entries.append(_prepare(parsed, result, context))
        result.terms = _index([e for e in result.entries if isinstance(e, Prepared)])
    except (SourceProblem, EncodingProblem, FormatProblem) as exc:
        result.error = str(exc)
        result.entries = []
    if not result.error and not result.entries and not skip_entries:
        result.error = "no articles found in the file"
    return result


def _index(prepared: list[Prepared]) -> list[str]:
    """Search vectors (title, body without boilerplate) and sketches of all the item's
    articles, analysed together (`articles.ingest.indexing`); returns the terms their
    `term_numbers` count in."""
    indexed = index_articles([(p.title, p.body, p.boilerplate_spans) for p in prepared])
    for i, p in enumerate(prepared):
        p.search_vector = indexed.literals[i]
        if i in indexed.truncated:
            # Too many distinct words for one PostgreSQL tsvector: indexed by those that fit.
            p.provenance["search_index"] = TRUNCATED_NOTE
        p.sketch = dedupe.sketch_of_hashes(indexed.word_hashes(i))
        p.term_numbers = indexed.term_numbers(i)
    return indexed.terms


def _language(text: str) -> str:
    sample = text[:1500].encode("utf-8", "surrogatepass")
    arabic_letters = sum(map(sample.count, _ARABIC_LEAD_BYTES))
    latin = len(sample) - len(sample.translate(None, _LATIN_BYTES))
    if arabic_letters >= latin:
        return "ar"
    return "en" if latin else "other"


def _find_signature(text: str, context: AnalysisContext) -> tuple[int, str] | None:
    if not context.signatures:
        return None
    normalised = arabic.normalize(text)
    for normalised_signature, signature, outlet_id in context.signatures:
        if normalised_signature in normalised:
            return outlet_id, signature
    return None


def _prepare(record: RawRecord, item: ItemResult, context: AnalysisContext) -> Prepared | Skipped:
    provenance: dict[str, Any] = {
        "file": item.name,
        "format": item.format,
        "encoding": item.encoding,
    }
    if record.entry:
        provenance["entry"] = record.entry
    title, body, author = record.title, record.body, record.author
    found: metadata.FoundDate | None = None
    if record.plain_text:
        meta = metadata.read_plain_text(body)
        title, body = meta.title, meta.body
        provenance.update(meta.inferred)
        author = meta.inferred.get("author", "")
    body = body.replace("\r\n", "\n")
    if not body.strip():
        return Skipped(record.entry, "no article text (the body is empty)")
    raw_title = title
    title = " ".join(title.split())
    title, suffix = metadata.strip_aggregator_suffix(title)
    if suffix:
        provenance["raw_title"] = raw_title
        provenance["aggregator_suffix"] = suffix
    elif record.plain_text:
        provenance["raw_title"] = raw_title
    if record.date:
        found = metadata.parse_field_date(record.date, record.date_field)
        if found is None:
            provenance["unreadable_date"] = record.date
    if found is None:
        found = metadata.find_text_date("\n".join(body.split("\n")[:8]))
        if found is None:
            found = metadata.find_text_date("\n".join(body.split("\n")[-4:]))
    if not author and record.author:
        author = record.author
    if record.author:
        provenance["author"] = "field"
    signature = _find_signature(body[:600] + "\n" + body[-600:], context)
    signature_texts = [s for s, _, _ in context.signatures]
    if signature:
        provenance["signature"] = signature[1]
    if "signature_line" in provenance:
        signature_texts.append(arabic.normalize(provenance["signature_line"]))
    printed = found if found and found.how == "text" else None
    if printed is None and found is not None:
        # The date came from a field: a date line heading the body is boilerplate all the same
        # (only short lines can be one: a body in one long line costs nothing here).
        head = body.split("\n", boilerplate.HEAD)[: boilerplate.HEAD]
        short = [line for line in head if len(line) <= DATE_LINE_CHARS]
        printed = metadata.find_text_date("\n".join(short)) if short else None
    spans = boilerplate.find_spans(
        body,
        title=title or raw_title,
        date_text=printed.text if printed else "",
        signatures=signature_texts,
    )
    domain = ""
    if record.url:
        host = urlsplit(record.url.strip()).hostname or ""
        domain = host.removeprefix("www.").lower()
    return Prepared(
        entry=record.entry,
        title=title,
        body=body,
        url=record.url.strip()[:2000],
        author=" ".join(author.split())[:300],
        published_at=found.value if found else None,
        date_source=f"{found.how}: {found.text}" if found else "",
        date_is_naive=found is not None and found.value.tzinfo is None,
        source=record.source.strip(),
        outlet_name=record.outlet.strip(),
        domain=domain,
        signature_outlet=signature[0] if signature else None,
        language=_language(body),
        content_hash=content_hash(title, body),
        provenance=provenance,
        boilerplate_spans=spans,
    )
