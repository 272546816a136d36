"""Metadata read from an article's own text and fields: title, byline, dateline, dates.

Everything inferred is returned together with how it was found, so the pipeline can record it in
`Article.provenance` and `Article.published_at_source`. Times come back naive: they are read in
the outlet's own time zone, which only the pipeline knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

_AR = "\u0621-\u064a\u0671-\u06d3"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

MONTHS: dict[str, int] = {
    # Egyptian / Gulf transliterations of the Latin month names
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "ابريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونية": 6,
    "يوليو": 7,
    "يولية": 7,
    "أغسطس": 8,
    "اغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine / Iraqi month names
    "كانون الثاني": 1,
    "شباط": 2,
    "آذار": 3,
    "اذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "اب": 8,
    "أيلول": 9,
    "ايلول": 9,
    "تشرين الأول": 10,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الأول": 12,
    "كانون الاول": 12,
}
_MONTH_ALT = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_WEEKDAY = "(?:السبت|الأحد|الاحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة)"
# "الثلاثاء، 16 أكتوبر 2018 07:05 م" / "16 تشرين الأول 2019" / "5 آب 2025 - 10:30 ص"
_TEXT_DATE = re.compile(
    rf"(?:{_WEEKDAY}\s*[،,]?\s*)?(?P<day>\d{{1,2}})\s*(?:من\s+)?(?P<month>{_MONTH_ALT})\s*[،,]?\s*"
    rf"(?P<year>\d{{4}})(?:\s*[-–,،]?\s*(?:الساعة\s*)?(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})"
    rf"(?::\d{{2}})?\s*(?P<ampm>[مص](?![{_AR}])|(?:مساء|صباحا|صباحاً|مساءً)(?![{_AR}]))?)?"
)
# "أضيف بتاريخ :2017/10/11", "نشر في 2019-03-02 14:10"
_STAMP_DATE = re.compile(
    r"(?P<label>أضيف بتاريخ|تاريخ النشر|نشر بتاريخ|نشر في|تاريخ الإضافة)\s*:?\s*"
    r"(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{1,4})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
)
_FIELD_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
)
_BYLINE_KATABA = re.compile(rf"^(?:كتب|كتبت|بقلم)\s*:?\s+(?P<name>[{_AR} ]{{3,60}})$")
_BYLINE_PARENS = re.compile(
    rf"^(?P<before>[^()]{{0,60}}?)\s*[-–—]?\s*\((?P<name>[{_AR} ]{{3,60}})\)$"
)
_NAME_LINE = re.compile(rf"^[{_AR}]{{2,}}(?: [{_AR}]{{2,}}){{1,3}}$")
_DATELINE = re.compile(
    rf"^(?P<place>[{_AR}]{{2,}}(?: [{_AR}]{{2,}})?)\s*[-–—]\s*"
    rf"(?P<agency>[{_AR}]{{2,}}(?: [{_AR}]{{2,}})?)\s*$"
)
_AGGREGATOR_SUFFIX = re.compile(r"\s+[-–—|]\s+(?P<suffix>[^\u0600-\u06ff]{2,60})$")


@dataclass
class TextMetadata:
    title: str
    body: str
    inferred: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FoundDate:
    value: datetime
    text: str
    how: str  # "text" or "field: <name>"
    has_time: bool


def arabic_digits_to_latin(text: str) -> str:
    return text.translate(_DIGITS)


def is_dateline(line: str) -> bool:
    """A line that is only a dateline such as "دمشق-سانا" (place-agency), never a title."""
    return bool(_DATELINE.match(line.strip())) and len(line.strip()) <= 40


def split_plain_text(text: str) -> tuple[str, str, bool]:
    """Title line and body of a one-article text file; a lone dateline first is not a title.

    Mirrors `articles.demo.split_title` so that re-importing the seeds finds the demo's copies.
    """
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    first = text.lstrip("\n").partition("\n")[0].strip()
    if not first or is_dateline(first):
        return "", text.strip(), False
    stripped = text.lstrip("\n")
    head, _, rest = stripped.partition("\n")
    return head.strip(), rest.strip(), True


def strip_aggregator_suffix(title: str) -> tuple[str, str]:
    """(clean title, removed suffix): " - It's Over 9000!" on an Arabic title is an aggregator's."""
    if not re.search(f"[{_AR}]", title):
        return title, ""
    match = _AGGREGATOR_SUFFIX.search(title)
    if not match or not re.search("[A-Za-z]", match.group("suffix")):
        return title, ""
    return title[: match.start()].rstrip(), match.group("suffix").strip()


def find_text_date(text: str) -> FoundDate | None:
    """The first full date printed in `text` (Arabic month names or a dated stamp)."""
    latin = arabic_digits_to_latin(text)
    candidates: list[tuple[int, FoundDate]] = []
    for match in _TEXT_DATE.finditer(latin):
        found = _from_text_match(match)
        if found:
            candidates.append((match.start(), found))
            break
    for match in _STAMP_DATE.finditer(latin):
        found = _from_stamp_match(match)
        if found:
            candidates.append((match.start(), found))
            break
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _from_text_match(match: re.Match[str]) -> FoundDate | None:
    month = MONTHS[match.group("month")]
    hour = int(match.group("hour") or 0)
    minute = int(match.group("minute") or 0)
    ampm = (match.group("ampm") or "").strip()
    if ampm.startswith("م") and hour < 12:
        hour += 12
    elif ampm.startswith("ص") and hour == 12:
        hour = 0
    try:
        value = datetime(int(match.group("year")), month, int(match.group("day")), hour, minute)
    except ValueError:
        return None
    return FoundDate(value, match.group(0).strip(), "text", match.group("hour") is not None)


def _from_stamp_match(match: re.Match[str]) -> FoundDate | None:
    a, b, c = (int(match.group(k)) for k in ("a", "b", "c"))
    year, month, day = (a, b, c) if a > 31 else (c, b, a)
    hour, minute = int(match.group("hour") or 0), int(match.group("minute") or 0)
    try:
        value = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    return FoundDate(value, match.group(0).strip(), "text", match.group("hour") is not None)


def parse_field_date(raw: str, field_name: str) -> FoundDate | None:
    """A date from a structured field (ISO 8601 and the usual numeric layouts, or Arabic text)."""
    text = arabic_digits_to_latin(raw.strip())
    if not text:
        return None
    how = f"field: {field_name}" if field_name else "field"
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return FoundDate(value, raw, how, "T" in text or ":" in text)
    except ValueError:
        pass
    for fmt in _FIELD_DATE_FORMATS:
        try:
            return FoundDate(datetime.strptime(text, fmt), raw, how, "%H" in fmt)
        except ValueError:
            continue
    found = find_text_date(text)
    return FoundDate(found.value, raw, how, found.has_time) if found else None


def read_plain_text(text: str) -> TextMetadata:
    """Title, byline, dateline, signature lines and date of a one-article text file."""
    title, body, has_title = split_plain_text(text)
    inferred: dict[str, Any] = {}
    if has_title:
        inferred["title"] = "first line"
    else:
        inferred["title"] = "none: the first line is a dateline"
    header = body.split("\n")[:8]
    for line in (line.strip() for line in header):
        if not line:
            continue
        if "author" not in inferred:
            if m := _BYLINE_KATABA.match(line):
                inferred["author"] = m.group("name").strip()
                inferred["author_how"] = f"byline: {line}"
                continue
            if (m := _BYLINE_PARENS.match(line)) and m.group("before").strip():
                inferred["author"] = m.group("name").strip()
                inferred["author_how"] = f"byline: {line}"
                inferred.setdefault("signature_line", m.group("before").strip(" -–—"))
                continue
        if "dateline" not in inferred and is_dateline(line):
            m = _DATELINE.match(line)
            assert m is not None
            inferred["dateline"] = {
                "text": line,
                "place": m.group("place"),
                "agency": m.group("agency"),
            }
    if "author" not in inferred:
        lines = [ln.strip() for ln in header if ln.strip()]
        if (
            len(lines) > 1
            and _NAME_LINE.match(lines[0])
            and len(lines[1]) > 80
            and lines[0] != title
        ):
            inferred["author"] = lines[0]
            inferred["author_how"] = f"name line under the title: {lines[0]}"
    return TextMetadata(title=title, body=body, inferred=inferred)
