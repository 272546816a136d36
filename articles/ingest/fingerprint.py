"""Identity of an article's text: the hash that makes exact duplicates collide."""

from __future__ import annotations

import hashlib
import unicodedata


def fold_text(text: str) -> str:
    """Unicode NFKC and folded whitespace: how two copies of one text are compared.

    `str.split()` splits on exactly the characters the regex `\\s` matches in a str pattern
    (both ask `Py_UNICODE_ISSPACE`), so this is `re.sub(r"\\s+", " ", text).strip()`, faster.
    """
    return " ".join(unicodedata.normalize("NFKC", text).split())


def content_hash(title: str, body: str) -> str:
    """SHA-256 of the folded body (or of the title when there is no body)."""
    folded = fold_text(body) or fold_text(title)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
