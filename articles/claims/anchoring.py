"""Finding an imported quote in an article, and an article by its outlet's address.

Annotations made elsewhere (Hypothesis, another reading room) describe a passage by its quote,
some context either side and a position. The position counts from wherever the other tool
counted (Hypothesis: UTF-16 units from the start of the whole web page, menus included), so it
is only a hint: the quote decides, as in Hypothesis's own anchoring. `anchor_quote` tries the
exact quote first; failing that, an approximate search (Myers' bit-parallel edit distance, up to
a quarter of the quote's length in edits) lists candidate passages, and each is scored by how
well the quote, the prefix and the suffix agree and, a little, by its distance from the hint.

`normalise_url` reduces an address to what identifies the page: the scheme, a leading `www.`,
default ports, a trailing slash, the fragment and tracking parameters (utm_*, fbclid, ...) do
not count; the remaining parameters are sorted and the path is compared decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
    "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ocid", "ref_src", "cmpid", "ito",
    "spm", "share", "amp",
}  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")


def normalise_url(url: str) -> str | None:
    """`host/path?sorted-query`, or None when `url` is not an http(s) address."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = re.sub("/{2,}", "/", unquote(parts.path)).rstrip("/")
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    )
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def url_probe(url: str) -> str | None:
    """A piece of the address that any spelling of it contains (to find candidates in SQL):
    the last segment of the decoded path, or the host for a site's home page."""
    normal = normalise_url(url)
    if normal is None:
        return None
    path = normal.split("?", 1)[0]
    segment = path.rsplit("/", 1)[-1]
    return segment if "/" in path and segment else path


# --- Quotes -----------------------------------------------------------------------------------

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, tatweel
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: bool  # the quote occurs as given


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (for the short prefixes and suffixes)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _myers_ends(text: str, pattern: str, max_errors: int) -> list[tuple[int, int]]:
    """(end, errors) of the best approximate occurrences of `pattern` in `text` (local minima
    of the edit distance of `pattern` to a substring ending there, within `max_errors`)."""
    m = len(pattern)
    if m == 0:
        return []
    full = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = full, 0, m
    scores: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & full) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & full  # row 0 is all zeros: an occurrence may start anywhere
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        scores.append(score)
    found = []
    for j, value in enumerate(scores):
        if value > max_errors:
            continue
        if j > 0 and scores[j - 1] < value:
            continue
        if j + 1 < len(scores) and scores[j + 1] <= value:
            continue
        found.append((j + 1, value))
    found.sort(key=lambda pair: pair[1])
    return found[:10]


def _start_for(text: str, pattern: str, end: int, max_errors: int) -> tuple[int, int]:
    """The start that gives the fewest edits for an occurrence ending at `end`: the same
    bit-parallel recurrence run backwards from `end`, anchored there (row 0 counts up)."""
    m = len(pattern)
    full = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(reversed(pattern)):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = full, 0, m
    best = (end, m)
    for taken in range(1, min(end, m + max_errors) + 1):
        eq = peq.get(text[end - taken], 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & full) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        if score < best[1] or (score == best[1] and abs(taken - m) < abs(end - best[0] - m)):
            best = (end - taken, score)
    return best


def _score(
    body: str, start: int, end: int, errors: int, quote: str, prefix: str, suffix: str,
    hint: int | None,
) -> float:  # fmt: skip
    score = 50 * (1 - errors / max(1, len(quote)))
    if prefix:
        before = body[max(0, start - len(prefix)) : start]
        score += 20 * (1 - _edit_distance(before, prefix) / len(prefix))
    if suffix:
        after = body[end : end + len(suffix)]
        score += 20 * (1 - _edit_distance(after, suffix) / len(suffix))
    if hint is not None:
        score += 2 * (1 - min(1.0, abs(start - hint) / max(1, len(body))))
    return score


def anchor_quote(
    body: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Anchor | None:
    """Where `quote` is in `body`: exact occurrences first, else the best approximate one."""
    if not quote.strip():
        return None
    exact = [m.start() for m in re.finditer(re.escape(quote), body)]
    if len(exact) == 1:
        return Anchor(exact[0], exact[0] + len(quote), True)
    if exact:
        best = max(
            exact, key=lambda s: _score(body, s, s + len(quote), 0, quote, prefix, suffix, hint)
        )
        return Anchor(best, best + len(quote), True)
    # Approximate: the quote as given, and without marks and with single spaces (a page's
    # vocalisation or layout may differ from the stored text).
    candidates: list[tuple[float, int, int]] = []
    for pattern in {quote, _SPACE.sub(" ", _MARKS.sub("", quote)).strip()}:
        if len(pattern) < 4:
            continue
        max_errors = max(1, min(256, len(pattern) // 4))
        for end, _errors in _myers_ends(body, pattern, max_errors):
            start, errors = _start_for(body, pattern, end, max_errors)
            if errors > max_errors or start >= end:
                continue
            # Trim whitespace the approximate match took in at either edge.
            while start < end and body[start].isspace():
                start += 1
            while end > start and body[end - 1].isspace():
                end -= 1
            if start < end:
                candidates.append(
                    (_score(body, start, end, errors, pattern, prefix, suffix, hint), start, end)
                )
    if not candidates:
        return None
    _value, start, end = max(candidates)
    return Anchor(start, end, False)


def utf16_to_code_points(text: str, offset: int) -> int:
    """A UTF-16 offset into `text` as a code-point offset (characters outside the BMP, such as
    emoji, count twice in UTF-16)."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
