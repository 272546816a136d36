"""Response-level defences that apply to every page, whoever wrote its template.

Bidi embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) inside imported or
typed text can make one string display as another ("gnp.exe" shown as "exe.png"). In HTML
responses each is replaced by U+FFFD, one code point for one (and one UTF-16 unit for one), so
code-point offsets used by annotation highlighting still line up. The marks that Arabic text
legitimately uses (LRM, RLM, ALM) are kept. JSON responses escape them already.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TRANSLATION = str.maketrans({c: "\ufffd" for c in BIDI_CONTROLS})
_UTF8_MARKERS = tuple(c.encode("utf-8") for c in BIDI_CONTROLS)
_REPLACEMENT = "\ufffd".encode()
# Any of them in UTF-8, found in one pass over the page (nine `in` tests took nine).
_UTF8_ANY = re.compile(b"|".join(re.escape(m) for m in _UTF8_MARKERS))


_ANY_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def neutralize_bidi(text: str) -> str:
    # A search first: `translate` looks every character up in a dictionary, ten times slower
    # than the search on the text that exports and pages nearly always have (none of them).
    if _ANY_CONTROL.search(text) is None:
        return text
    return text.translate(_TRANSLATION)


# Text responses people read or load into other programs: pages, and every export.
NEUTRALISED_TYPES = (
    "text/html",
    "text/csv",
    "text/plain",
    "application/json",
    "application/ld+json",
)
# JSON written with ensure_ascii escapes them as \u202e: neutralise the escapes too.
_JSON_ESCAPES = re.compile(rb"\\u(?:202[a-eA-E]|206[6-9])")


def safe_url(url: str | None) -> str:
    """The URL when it is http(s), else "": exports never carry javascript:, data: and the like."""
    if not url:
        return ""
    scheme = url.strip().split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https") else ""


class BidiControlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(NEUTRALISED_TYPES):
            return response
        content = response.content
        is_json = "json" in content_type
        if not _UTF8_ANY.search(content) and not (is_json and _JSON_ESCAPES.search(content)):
            return response
        charset = (response.charset or "utf-8").lower().replace("_", "-")
        if charset in ("utf-8", "utf8"):
            # Each control and U+FFFD are three bytes in UTF-8: replace the bytes directly, far
            # faster than decoding a large page and translating it character by character.
            for marker in _UTF8_MARKERS:
                content = content.replace(marker, _REPLACEMENT)
        else:
            content = neutralize_bidi(content.decode(charset)).encode(charset)
        if is_json:
            content = _JSON_ESCAPES.sub(rb"\\ufffd", content)
        response.content = content
        return response


def _has_nul(params: Any) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists())


class NulParameterMiddleware:
    """A NUL in a query or form parameter is refused with 400 before any view runs.

    PostgreSQL cannot compare or store NUL in text, so `?outlet=a%00b` reached the database as
    an error (500) wherever a parameter is used raw; no legitimate request carries one.
    Multipart bodies are left to the forms (Django's form fields refuse NUL themselves).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hostile = _has_nul(request.GET)
        if not hostile and request.content_type == "application/x-www-form-urlencoded":
            hostile = _has_nul(request.POST)
        if hostile:
            return HttpResponseBadRequest(
                "A parameter contains a NUL character.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
