"""What goes into an export cell: text as pages show it, never a formula, never a script URL.

Exports leave the room's pages and their protections behind, so each cell is made safe here:
bidi embedding, override and isolate controls are shown as U+FFFD (as `newsroom.security` does
for pages), a text that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is prefixed with an apostrophe in CSV, and a URL is kept only when it is http
or https.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newsroom.security import neutralize_bidi

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cells(row: dict[str, Any]) -> dict[str, Any]:
    """Bidi controls neutralised in every text value (JSON keeps its types)."""
    return {k: neutralize_bidi(v) if isinstance(v, str) else v for k, v in row.items()}


def safe_tree(value: Any) -> Any:
    """Bidi controls neutralised in every text of a JSON document, however deeply nested."""
    if isinstance(value, str):
        return neutralize_bidi(value)
    if isinstance(value, dict):
        return {k: safe_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe_tree(v) for v in value]
    return value


def spreadsheet_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    if isinstance(value, str):
        value = neutralize_bidi(value)
        if value.startswith(_FORMULA_STARTS):
            return "'" + value
    return value


def csv_lines(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A CSV document line by line (a BOM first, so spreadsheets read the Arabic as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    buffer.write("\ufeff")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_cell(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
