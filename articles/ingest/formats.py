"""Parsing decoded text into article records: .txt, JSON arrays, JSON Lines, CSV and HTML.

Each parser yields `RawRecord`s or `EntryError`s (a bad entry never stops the rest of its file);
a problem with the file as a whole raises `FormatProblem`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

MAX_CELL_CHARS = 512 * 1024
MAX_JSON_DEPTH = 20

# Field names in the order they are tried: SaudiNewsNet's first, then the usual synonyms.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "body": ("content", "body", "text", "article", "article_body"),
    "url": ("url", "link", "source_url"),
    "author": ("author", "byline", "writer"),
    "date": ("published_at", "date", "date_published", "published", "pubdate", "date_extracted"),
    "source": ("source", "source_id"),
    "outlet": ("outlet", "outlet_name", "site", "site_name", "publisher", "newspaper"),
}
TEXT_EXTENSIONS = {".txt", ".text", ""}
JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
CSV_EXTENSIONS = {".csv", ".tsv"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_EXTENSIONS | JSON_EXTENSIONS | JSONL_EXTENSIONS | CSV_EXTENSIONS | HTML_EXTENSIONS


class FormatProblem(ValueError):
    """The file as a whole cannot be read as articles."""


@dataclass
class RawRecord:
    entry: str  # "" for a one-article file, else "#3" / "line 7" / "row 12"
    title: str = ""
    body: str = ""
    url: str = ""
    author: str = ""
    date: str = ""
    date_field: str = ""
    source: str = ""
    outlet: str = ""
    plain_text: bool = False  # a .txt file: title and metadata are inferred from the text
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class EntryError:
    entry: str
    reason: str


def format_of(name: str, text: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in JSON_EXTENSIONS:
        return "json"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in CSV_EXTENSIONS:
        return "csv"
    if suffix in HTML_EXTENSIONS:
        return "html"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "txt"


def parse(name: str, text: str) -> Iterator[RawRecord | EntryError]:
    kind = format_of(name, text)
    if kind == "json":
        yield from parse_json(text)
    elif kind == "jsonl":
        yield from parse_jsonl(text)
    elif kind == "csv":
        yield from parse_csv(text, delimiter="\t" if name.lower().endswith(".tsv") else ",")
    elif kind == "html":
        yield parse_html(text)
    else:
        yield RawRecord(entry="", body=text, plain_text=True)


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, stopping early past `limit`."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


def _text_field(obj: dict[str, Any], key: str) -> tuple[str, str]:
    """The first present synonym of `key`: (value, the field name it came from)."""
    for name in FIELD_NAMES[key]:
        if name in obj and obj[name] is not None:
            value = obj[name]
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise ValueError(f"field '{name}' should be text, not {type(value).__name__}")
            return value, name
    return "", ""


def record_from_mapping(entry: str, obj: Any) -> RawRecord | EntryError:
    if not isinstance(obj, dict):
        return EntryError(entry, f"expected an object with article fields, found {_kind(obj)}")
    lowered = {str(k).strip().lower(): v for k, v in obj.items()}
    try:
        body, _ = _text_field(lowered, "body")
        title, _ = _text_field(lowered, "title")
        date, date_field = _text_field(lowered, "date")
        record = RawRecord(
            entry=entry,
            title=title,
            body=body,
            url=_text_field(lowered, "url")[0],
            author=_text_field(lowered, "author")[0],
            date=date,
            date_field=date_field,
            source=_text_field(lowered, "source")[0],
            outlet=_text_field(lowered, "outlet")[0],
        )
    except ValueError as exc:
        return EntryError(entry, str(exc))
    if not any(name in lowered for name in FIELD_NAMES["body"] + FIELD_NAMES["title"]):
        fields = ", ".join(sorted(map(str, lowered))[:10]) or "none"
        return EntryError(
            entry,
            f"no article text: expected a 'content', 'body' or 'text' field (found: {fields})",
        )
    return record


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def _loads(text: str) -> Any:
    try:
        value = json.loads(text)
    except RecursionError:
        raise FormatProblem(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)") from None
    if _depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise FormatProblem(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)")
    return value


def parse_json(text: str) -> Iterator[RawRecord | EntryError]:
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        truncated = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) else ""
        raise FormatProblem(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{truncated}"
        ) from None
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise FormatProblem(
            f"JSON of the wrong shape: expected a list of articles, found {_kind(data)}"
        )
    for i, obj in enumerate(data, 1):
        yield record_from_mapping(f"#{i}", obj)


def parse_jsonl(text: str) -> Iterator[RawRecord | EntryError]:
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        entry = f"line {lineno}"
        try:
            obj = _loads(line)
        except json.JSONDecodeError as exc:
            yield EntryError(entry, f"invalid JSON at column {exc.colno}: {exc.msg}")
            continue
        except FormatProblem as exc:
            yield EntryError(entry, str(exc))
            continue
        yield record_from_mapping(entry, obj)


def parse_csv(text: str, *, delimiter: str = ",") -> Iterator[RawRecord | EntryError]:
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatProblem("the CSV file has no header row") from None
    except csv.Error as exc:
        raise FormatProblem(f"CSV header row unreadable: {exc}") from None
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    if not set(names) & set(FIELD_NAMES["body"]):
        raise FormatProblem(
            "the CSV has no column with the article text: expected one of "
            f"{', '.join(FIELD_NAMES['body'][:3])} (header: {', '.join(names)[:200]})"
        )
    row_number = 1
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = f"a cell is longer than {MAX_CELL_CHARS:,} characters"
            yield EntryError(f"row {row_number}", f"{reason}; the rows after it were not read")
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            yield EntryError(
                f"row {row_number}",
                f"expected {len(names)} cells like the header, found {len(row)}",
            )
            continue
        yield record_from_mapping(f"row {row_number}", dict(zip(names, row, strict=True)))


def parse_html(text: str) -> RawRecord | EntryError:
    """One article from an HTML page, by the same extraction fetched pages get
    (`articles.ingest.webpage`). A date printed without an offset is passed on naive, so the
    pipeline reads it in the outlet's time zone."""
    from articles.ingest.webpage import extract_article

    try:
        article = extract_article(text)
    except (AssertionError, ValueError) as exc:
        return EntryError("", f"unreadable HTML: {exc}")
    date = ""
    if article.published_at is not None:
        value = article.published_at
        date = (value.replace(tzinfo=None) if article.date_is_local else value).isoformat()
    return RawRecord(
        entry="",
        title=article.title,
        body=article.body,
        url=article.canonical_url or "",
        author=article.author or "",
        date=date,
        date_field=f"html {article.date_source}" if date else "",
        outlet=article.outlet_name,
        extra={
            "extractor": article.extractor,
            "title_source": article.title_source,
            "author_source": article.author_source,
            "language": article.language,
        },
    )
