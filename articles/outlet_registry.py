"""Known outlets, their countries and time zones, named in both interface languages.

Countries are stored as ISO 3166-1 alpha-2 codes and shown in the interface language from the
small table below: only the countries of the outlets the room reads (add a row when an outlet
from another country arrives; an unknown code is shown as the code itself). Time zones are shown
by their city, translated the same way. `KNOWN_OUTLETS` names the SaudiNewsNet corpus ids and the
demo outlets: the importer uses it when it creates an outlet from a corpus id, so an imported
outlet is "صحيفة سبق" from Saudi Arabia, not "sabq".
"""

from __future__ import annotations

from typing import TypedDict

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COUNTRIES: dict[str, Promise] = {
    "SA": _("Saudi Arabia"),
    "SY": _("Syria"),
    "LB": _("Lebanon"),
    "EG": _("Egypt"),
    "IQ": _("Iraq"),
    "JO": _("Jordan"),
    "AE": _("United Arab Emirates"),
    "QA": _("Qatar"),
    "KW": _("Kuwait"),
    "BH": _("Bahrain"),
    "OM": _("Oman"),
    "YE": _("Yemen"),
    "PS": _("Palestine"),
    "TR": _("Turkey"),
    "IR": _("Iran"),
    "RU": _("Russia"),
    "GB": _("United Kingdom"),
    "US": _("United States"),
    "FR": _("France"),
    "DE": _("Germany"),
}
COUNTRY_CHOICES: list[tuple[str, Promise]] = list(COUNTRIES.items())

# English country names as they were typed before codes (data migration 0012 maps them).
COUNTRY_CODES_BY_NAME: dict[str, str] = {
    "saudi arabia": "SA",
    "syria": "SY",
    "lebanon": "LB",
    "egypt": "EG",
    "iraq": "IQ",
    "jordan": "JO",
    "united arab emirates": "AE",
    "uae": "AE",
    "qatar": "QA",
    "kuwait": "KW",
    "bahrain": "BH",
    "oman": "OM",
    "yemen": "YE",
    "palestine": "PS",
    "turkey": "TR",
    "iran": "IR",
    "russia": "RU",
    "united kingdom": "GB",
    "uk": "GB",
    "united states": "US",
    "usa": "US",
    "france": "FR",
    "germany": "DE",
}

ZONES: dict[str, Promise] = {
    "UTC": _("Coordinated Universal Time"),
    "Asia/Riyadh": _("Riyadh time"),
    "Asia/Damascus": _("Damascus time"),
    "Asia/Beirut": _("Beirut time"),
    "Africa/Cairo": _("Cairo time"),
    "Asia/Baghdad": _("Baghdad time"),
    "Asia/Amman": _("Amman time"),
    "Asia/Dubai": _("Dubai time"),
    "Asia/Qatar": _("Doha time"),
    "Europe/London": _("London time"),
    "Europe/Moscow": _("Moscow time"),
}


def country_name(code: str) -> str:
    """The country of `code` in the interface language (the code itself when not in the table)."""
    name = COUNTRIES.get(code.upper()) if code else None
    return str(name) if name is not None else code


def zone_name(zone: str) -> str:
    """A time zone as a reader names it ("توقيت دمشق"), or its UTC offset when not in the table."""
    name = ZONES.get(zone)
    if name is not None:
        return str(name)
    import zoneinfo
    from datetime import UTC, datetime

    try:
        offset = datetime.now(UTC).astimezone(zoneinfo.ZoneInfo(zone)).strftime("%z")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return f"UTC{offset[:3]}:{offset[3:]}"


class KnownOutlet(TypedDict):
    name_ar: str
    name_en: str
    country: str
    kind: str
    alignment: str
    timezone: str
    domains: list[str]
    notes: str


def _saudi(
    name_ar: str, name_en: str, domain: str, *, state: bool = False, kind: str = "newspaper"
) -> KnownOutlet:
    return {
        "name_ar": name_ar,
        "name_en": name_en,
        "country": "SA",
        "kind": kind,
        "alignment": "saudi_state" if state else "saudi_private",
        "timezone": "Asia/Riyadh",
        "domains": [domain],
        "notes": "",
    }


# Corpus ids (SaudiNewsNet's `source`) → the outlet they name.
KNOWN_OUTLETS: dict[str, KnownOutlet] = {
    "aawsat": _saudi("الشرق الأوسط", "Asharq Al-Awsat", "aawsat.com"),
    "aleqtisadiya": _saudi("الاقتصادية", "Al Eqtisadiah", "aleqt.com"),
    "aljazirah": _saudi("الجزيرة (السعودية)", "Al Jazirah", "al-jazirah.com"),
    "almadina": _saudi("المدينة", "Al Madina", "al-madina.com"),
    "alriyadh": _saudi("الرياض", "Al Riyadh", "alriyadh.com"),
    "alwatan": _saudi("الوطن (السعودية)", "Al Watan", "alwatan.com.sa"),
    "alweeam": _saudi("الوئام", "Alweeam", "alweeam.com.sa", kind="website"),
    "alyaum": _saudi("اليوم", "Alyaum", "alyaum.com"),
    "arreyadi": _saudi("الرياضي", "Arreyadi", "arreyadi.com.sa", kind="website"),
    "arriyadiyah": _saudi("الرياضية", "Arriyadiyah", "arriyadiyah.com"),
    "okaz": _saudi("عكاظ", "Okaz", "okaz.com.sa"),
    "sabq": _saudi("صحيفة سبق", "Sabq", "sabq.org", kind="website"),
    "was": _saudi(
        "وكالة الأنباء السعودية (واس)",
        "Saudi Press Agency",
        "spa.gov.sa",
        state=True,
        kind="news_agency",
    ),
    "3alyoum": _saudi("عاليوم", "3alyoum", "3alyoum.com", kind="website"),
}
