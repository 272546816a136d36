"""Dates as Arabic (and English/French) news pages print them.

Month names of every family Arabic outlets use (Egyptian/Gulf transliterations, Levantine/Iraqi
Syriac names, Maghreb French-derived names, Moroccan forms), Hijri dates, Arabic-Indic digits,
12-hour clocks with ص/م, numeric stamps and relative dates ("منذ ساعتين", "أمس").

Hijri dates are converted with the tabular (arithmetic) Islamic calendar: 30-year cycles with
leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29, epoch 1 Muharram 1 AH = 19 July 622
(proleptic Gregorian, the "civil" or Friday epoch). Saudi Umm al-Qura and sighting-based dates
can differ from it by a day or two, so a Gregorian date printed beside a Hijri one always wins.

Values come back naive unless the text carries an offset: the page's time zone is the caller's
to know. Relative dates need the fetch time (`now`); without it they are not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from articles.ingest.metadata import MONTHS as _BASE_MONTHS
from articles.ingest.metadata import arabic_digits_to_latin

GREGORIAN_MONTHS: dict[str, int] = {
    **_BASE_MONTHS,
    # Egyptian / Gulf spellings not in metadata.MONTHS
    "ابريل": 4,
    "يونيه": 6,
    "يوليه": 7,
    "أغسطس": 8,
    "سبتمبر": 9,
    # Levantine without hamza / with spelling variants
    "تشرين اول": 10,
    "تشرين ثاني": 11,
    "كانون ثاني": 1,
    "كانون اول": 12,
    "كانون الثانى": 1,
    "تشرين الثانى": 11,
    # Maghreb (Algeria, Tunisia)
    "جانفي": 1,
    "فيفري": 2,
    "أفريل": 4,
    "افريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويلية": 7,
    "جويليه": 7,
    "أوت": 8,
    "اوت": 8,
    # Morocco
    "يوليوز": 7,
    "غشت": 8,
    "شتنبر": 9,
    "نونبر": 11,
    "دجنبر": 12,
}
LATIN_MONTHS: dict[str, int] = {
    **{
        m: i
        for i, names in enumerate(
            [
                ("january", "jan", "janvier", "janv"),
                ("february", "feb", "février", "fevrier", "févr"),
                ("march", "mar", "mars"),
                ("april", "apr", "avril", "avr"),
                ("may", "mai"),
                ("june", "jun", "juin"),
                ("july", "jul", "juillet", "juil"),
                ("august", "aug", "août", "aout"),
                ("september", "sep", "sept", "septembre"),
                ("october", "oct", "octobre"),
                ("november", "nov", "novembre"),
                ("december", "dec", "décembre", "decembre", "déc"),
            ],
            1,
        )
        for m in names
    }
}
HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1,
    "صفر": 2,
    "ربيع الأول": 3,
    "ربيع الاول": 3,
    "ربيع الآخر": 4,
    "ربيع الاخر": 4,
    "ربيع الثاني": 4,
    "جمادى الأولى": 5,
    "جمادى الاولى": 5,
    "جمادى الأول": 5,
    "جمادى الآخرة": 6,
    "جمادى الاخرة": 6,
    "جمادى الثانية": 6,
    "جمادى الآخر": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعدة": 11,
    "ذي القعدة": 11,
    "ذو الحجة": 12,
    "ذي الحجة": 12,
}

_AR = "\u0621-\u064a"


def _alt(names: dict[str, Any]) -> str:
    return "|".join(sorted(map(re.escape, names), key=len, reverse=True))


_GREG = _alt(GREGORIAN_MONTHS)
_WEEKDAY = (
    "(?:يوم\\s+)?(?:السبت|الأحد|الاحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة)"
)
# "5 آذار/مارس 2024", "5 شباط (فبراير) 2024": a second month name of another family may follow.
_MONTH = rf"(?P<month>{_GREG})(?:\s*[/(]\s*(?:{_GREG})\s*\)?)?"
_TIME = (
    r"(?:\s*[-–|,،]?\s*(?:الساعة|at|à)?\s*(?P<hour>\d{1,2})\s*[:hH]\s*(?P<minute>\d{2})"
    rf"(?::\d{{2}})?\s*(?P<ampm>[مص](?![{_AR}])|مساء[ًا]?|صباح[ًا]?|ظهر[ًا]?|[AaPp]\.?[Mm]\.?)?)?"
)
_AR_DATE = re.compile(
    rf"(?:{_WEEKDAY}\s*[،,]?\s*)?(?P<day>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?{_MONTH}\s*[،,]?\s*"
    rf"(?:(?:من\s+)?(?:عام|سنة)\s+)?(?P<year>\d{{4}})(?:\s*م(?![{_AR}]))?{_TIME}"
)
_LATIN = _alt(LATIN_MONTHS)
_LATIN_DMY = re.compile(
    rf"(?i)\b(?P<day>\d{{1,2}})(?:er)?\.?\s+(?P<month>{_LATIN})\.?\s+(?P<year>\d{{4}}){_TIME}"
)
_LATIN_MDY = re.compile(
    rf"(?i)\b(?P<month>{_LATIN})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}"
)
_HIJRI = re.compile(
    rf"(?P<day>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{_alt(HIJRI_MONTHS)})\s*[،,]?\s*"
    rf"(?P<year>1[34]\d\d)\s*(?:هـ|ه\b|هجري[ةه]?)?"
)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?:(?P<y1>\d{4})[/.-](?P<m1>\d{1,2})[/.-](?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}))(?![\d/.-])"
    r"(?:(?:T|\s*[-–|,،]?\s*(?:الساعة\s*)?)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?"
    rf"\s*(?P<ampm>[مص](?![{_AR}])|[AaPp][Mm])?)?"
)
_UNITS = {
    "دقيقة": ("minutes", 1),
    "دقيقتين": ("minutes", 2),
    "دقيقتان": ("minutes", 2),
    "دقائق": ("minutes", None),
    "ساعة": ("hours", 1),
    "ساعتين": ("hours", 2),
    "ساعتان": ("hours", 2),
    "ساعات": ("hours", None),
    "يوم": ("days", 1),
    "يومين": ("days", 2),
    "يومان": ("days", 2),
    "أيام": ("days", None),
    "ايام": ("days", None),
}
_RELATIVE_AR = re.compile(
    rf"منذ\s+(?:(?P<n>\d{{1,3}})\s+)?(?P<unit>{_alt(_UNITS)})(?![{_AR}])"
    r"|(?P<yesterday>(?<![" + _AR + r"])(?:أمس|امس|البارحة)(?![" + _AR + r"]))"
)
_RELATIVE_LATIN = re.compile(
    r"(?i)(?:(?P<n>\d{1,3}|an?|une?)\s+(?P<unit>minute|hour|day|heure|jour)s?\s+ago"
    r"|il\s+y\s+a\s+(?P<n2>\d{1,3}|une?)\s+(?P<unit2>minute|heure|jour)s?"
    r"|\b(?P<yesterday>yesterday|hier)\b)"
)
_TIME_ONLY = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[مص](?![" + _AR + "]))?")

HIJRI_EPOCH_ORDINAL = date(622, 7, 19).toordinal()  # 1 Muharram 1 AH, civil epoch


@dataclass(frozen=True)
class ParsedDate:
    value: datetime  # naive unless the text carried an offset
    text: str  # the text the date was read from
    kind: str  # "gregorian", "hijri", "numeric", "relative"
    has_time: bool
    start: int = 0  # position in the searched text


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a Hijri date in the tabular Islamic calendar (see module docstring)."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        raise ValueError(f"not a Hijri date: {year}-{month}-{day}")
    days = (
        (year - 1) * 354
        + (3 + 11 * year) // 30
        + -(-59 * (month - 1) // 2)  # ceil(29.5 * (month - 1))
        + day
    )
    return date.fromordinal(HIJRI_EPOCH_ORDINAL + days - 1)


def gregorian_to_hijri(value: date) -> tuple[int, int, int]:
    """(year, month, day) in the tabular Islamic calendar; the inverse of hijri_to_gregorian."""
    days = value.toordinal() - HIJRI_EPOCH_ORDINAL + 1
    year = max(1, (30 * (days - 1) + 10646) // 10631)
    while year > 1 and hijri_to_gregorian(year, 1, 1) > value:
        year -= 1
    while hijri_to_gregorian(year + 1, 1, 1) <= value:
        year += 1
    month = 1
    while month < 12 and hijri_to_gregorian(year, month + 1, 1) <= value:
        month += 1
    day = value.toordinal() - hijri_to_gregorian(year, month, 1).toordinal() + 1
    return year, month, day


def _clock(match: re.Match[str]) -> tuple[int, int, bool]:
    if match.group("hour") is None:
        return 0, 0, False
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    ampm = (match.group("ampm") or "").strip().lower().replace(".", "")
    if ampm.startswith(("م", "p")) and hour < 12:
        hour += 12
    elif ampm.startswith(("ص", "a")) and hour == 12:
        hour = 0
    elif ampm.startswith("ظ") and hour < 11:
        hour += 12
    if hour > 23 or minute > 59:
        return 0, 0, False
    return hour, minute, True


def _build(match: re.Match[str], year: int, month: int, day: int, kind: str) -> ParsedDate | None:
    hour, minute, has_time = _clock(match)
    try:
        value = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    if not 1990 <= year <= 2100:
        return None
    return ParsedDate(value, match.group(0).strip(), kind, has_time, match.start())


def _relative(match: re.Match[str], now: datetime, latin: bool) -> ParsedDate | None:
    if match.group("yesterday"):
        day = (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return ParsedDate(day, match.group(0), "relative", False, match.start())
    if latin:
        unit_word = (match.group("unit") or match.group("unit2")).lower()
        raw_n = (match.group("n") or match.group("n2")).lower()
        n = 1 if raw_n in ("a", "an", "un", "une") else int(raw_n)
        unit = {"minute": "minutes", "hour": "hours", "heure": "hours"}.get(unit_word, "days")
    else:
        unit, fixed = _UNITS[match.group("unit")]
        n = fixed if fixed is not None else int(match.group("n") or 0)
        if (
            match.group("n")
            and fixed is not None
            and match.group("unit") in ("ساعة", "دقيقة", "يوم")
        ):
            n = int(match.group("n"))  # "منذ 11 ساعة": the singular after numbers above ten
        if not n:
            return None
    value = now - timedelta(**{unit: n})
    if unit == "days":
        value = value.replace(hour=0, minute=0, second=0, microsecond=0)
    return ParsedDate(value, match.group(0), "relative", unit != "days", match.start())


def find_dates(text: str, *, now: datetime | None = None) -> list[ParsedDate]:
    """Every date printed in `text`, in order of position (overlapping readings removed)."""
    latin = arabic_digits_to_latin(text)
    found: list[ParsedDate] = []
    for match in _AR_DATE.finditer(latin):
        month = GREGORIAN_MONTHS[match.group("month")]
        if parsed := _build(
            match, int(match.group("year")), month, int(match.group("day")), "gregorian"
        ):
            found.append(parsed)
    for pattern in (_LATIN_DMY, _LATIN_MDY):
        for match in pattern.finditer(latin):
            month = LATIN_MONTHS[match.group("month").lower()]
            year, day = int(match.group("year")), int(match.group("day"))
            if parsed := _build(match, year, month, day, "gregorian"):
                found.append(parsed)
    for match in _HIJRI.finditer(latin):
        try:
            g = hijri_to_gregorian(
                int(match.group("year")),
                HIJRI_MONTHS[match.group("month")],
                int(match.group("day")),
            )
        except ValueError:
            continue
        hijri = ParsedDate(
            datetime(g.year, g.month, g.day), match.group(0).strip(), "hijri", False, match.start()
        )
        found.append(hijri)
    for match in _NUMERIC.finditer(latin):
        if match.group("y1"):
            y, m, d = int(match.group("y1")), int(match.group("m1")), int(match.group("d1"))
        else:
            y, m, d = int(match.group("y2")), int(match.group("m2")), int(match.group("d2"))
            if m > 12 >= d:  # 03/25/2024: an American order, read as such
                m, d = d, m
        if parsed := _build(match, y, m, d, "numeric"):
            found.append(parsed)
    if now is not None:
        for match in _RELATIVE_AR.finditer(latin):
            if parsed := _relative(match, now, latin=False):
                found.append(parsed)
        for match in _RELATIVE_LATIN.finditer(latin):
            if parsed := _relative(match, now, latin=True):
                found.append(parsed)
    found.sort(key=lambda p: (p.start, -len(p.text)))
    kept: list[ParsedDate] = []
    for p in found:
        if kept and p.start < kept[-1].start + len(kept[-1].text):
            continue
        kept.append(p)
    return kept


def parse_date_text(text: str, *, now: datetime | None = None) -> ParsedDate | None:
    """The date a short text (a dateline, a byline block, a <time>) states.

    A Gregorian date wins over a Hijri one printed beside it (the tabular calendar can be a day
    off); otherwise the first date in the text.
    """
    dates = find_dates(text, now=now)
    if not dates:
        return None
    for preferred in ("gregorian", "numeric", "relative", "hijri"):
        for d in dates:
            if d.kind == preferred:
                if d.kind == "hijri" or d.has_time:
                    return d
                # "الخميس 7 آذار 2024 ... 10:30 ص" with words between the date and the clock
                tail = arabic_digits_to_latin(text)[
                    d.start + len(d.text) : d.start + len(d.text) + 30
                ]
                if (t := _TIME_ONLY.search(tail)) and d.kind != "relative":
                    hour, minute, ok = _clock(t)
                    if ok:
                        return ParsedDate(
                            d.value.replace(hour=hour, minute=minute), d.text, d.kind, True, d.start
                        )
                return d
    return None
