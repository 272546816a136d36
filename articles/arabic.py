"""Arabic text analysis shared by search, import and annotation.

Interface (kept small and stable; the search issue fills in the full analysis):
- `normalize(text) -> str`: the matching form of a text (never applied to stored text).
- `tokens(text) -> list[Token]`: word tokens with their code-point offsets in `text`.
- `terms(text) -> list[str]`: the analysed index terms of a text, in order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # code-point offset in the analysed text
    end: int


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _DIACRITICS.sub("", text).translate(_ALEF).lower()


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def terms(text: str) -> list[str]:
    return [normalize(t.text) for t in tokens(text)]
