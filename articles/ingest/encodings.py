"""Decoding raw bytes to text, with encoding detection tuned for Arabic.

UTF-8 (with or without BOM) and UTF-16 are recognised from their structure. Single-byte Arabic
code pages (windows-1256, ISO-8859-6) cannot be told apart by structure alone, so each candidate
is decoded and scored by how much of the result looks like Arabic prose; when no candidate wins
clearly the item fails instead of storing mojibake.

Strict UTF-8 comes first. A file that is UTF-8 but for a few bad bytes (a truncated copy, one
corrupted sector) is still UTF-8: its many valid multi-byte sequences could not have come from a
single-byte code page, where Arabic letters are lone high bytes. Such a file is decoded as UTF-8
with each bad byte replaced by U+FFFD, and its encoding reads "utf-8 (N invalid bytes
replaced)" in the import report and the article's provenance, instead of being read as
windows-1256 mojibake. When too many bytes are bad for that, the code pages are scored; when
neither gives Arabic text the item fails with a message saying to save it as UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

SINGLE_BYTE_CANDIDATES = ("windows-1256", "iso-8859-6")
MIN_ARABIC_SHARE = 0.6  # share of letters that are Arabic for a single-byte decode to count
MIN_MARGIN = 0.15  # how far ahead of the runner-up the winning decode must be

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LETTER = re.compile(r"[^\W\d_]")
_COMMON_WORDS = frozenset(
    "في من على إلى أن التي الذي عن مع هذا هذه كان قد لا ما بين بعد قبل كما أو ثم حيث وقد".split()
)
# UTF-8 Arabic read as windows-1252/latin-1 and saved again: "Ø§Ù„" for "ال".
_MOJIBAKE = re.compile("[ØÙ][\u0080-\u00bf\u0152-\u2122]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Nearly UTF-8: at least this many valid multi-byte sequences, and at most one bad byte per
# this many of them (with a floor, so a short file may have a few).
MIN_UTF8_SEQUENCES = 10
UTF8_SEQUENCES_PER_BAD_BYTE = 100
MIN_TOLERATED_BAD_BYTES = 16


class EncodingProblem(ValueError):
    """The bytes cannot be turned into trustworthy text."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def arabic_score(text: str) -> float:
    """Share of letters that are Arabic, plus a bonus for common Arabic function words."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    share = len(_ARABIC_LETTER.findall(text)) / letters
    words = text.split()
    common = sum(1 for w in words if w in _COMMON_WORDS) / max(1, len(words))
    return share + min(common * 2, 0.3)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not _utf16_layout(sample):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return controls > len(sample) * 0.05


def _utf16_layout(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is mostly a zero or an Arabic block byte."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]

    def plausible_high(half: bytes) -> float:
        return sum(1 for b in half if b in (0, 6)) / max(1, len(half))

    if plausible_high(odd) > 0.9 and plausible_high(even) < 0.5:
        return "utf-16-le"
    if plausible_high(even) > 0.9 and plausible_high(odd) < 0.5:
        return "utf-16-be"
    return None


def _check_text(text: str, encoding: str) -> Decoded:
    if _CONTROL.search(text[:8192]) and len(_CONTROL.findall(text[:8192])) > 8:
        raise EncodingProblem("the file holds binary data, not text")
    mojibake = len(_MOJIBAKE.findall(text[:20000]))
    if mojibake > 5 and mojibake > len(_ARABIC_LETTER.findall(text[:20000])) * 0.05:
        raise EncodingProblem(
            "the text is mojibake (UTF-8 Arabic that was decoded as Latin-1 and saved again); "
            "re-export it from the original source"
        )
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)


def _nearly_utf8(data: bytes) -> Decoded | None:
    sequences = len(_UTF8_MULTIBYTE.findall(data))
    if sequences < MIN_UTF8_SEQUENCES:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    tolerated = max(MIN_TOLERATED_BAD_BYTES, sequences // UTF8_SEQUENCES_PER_BAD_BYTE)
    if bad > tolerated:
        return None
    return _check_text(text, f"utf-8 ({bad} invalid bytes replaced)")


def decode(data: bytes) -> Decoded:
    """Decode `data` or raise EncodingProblem with a message a person can act on."""
    if not data.strip():
        raise EncodingProblem("the file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise EncodingProblem(
                    f"the file starts with a {encoding} byte-order mark "
                    f"but is not valid {encoding} "
                    f"(byte {exc.start})"
                ) from None
    layout = _utf16_layout(data[:8192])
    if layout:
        try:
            return _check_text(data.decode(layout), layout)
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise EncodingProblem("the file holds binary data, not text")
    try:
        return _check_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly
    scored = []
    for encoding in SINGLE_BYTE_CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((arabic_score(text), encoding, text))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < MIN_ARABIC_SHARE:
        raise EncodingProblem(
            "unknown encoding: the file is not UTF-8 or UTF-16, and neither windows-1256 nor "
            "ISO-8859-6 gives Arabic text; save it as UTF-8 and import it again"
        )
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MIN_MARGIN:
        raise EncodingProblem(
            f"ambiguous encoding: {scored[0][1]} and {scored[1][1]} both give plausible text; "
            "save the file as UTF-8 and import it again"
        )
    score, encoding, text = scored[0]
    return _check_text(text, encoding)
