"""Arabic normalisation for matching only, with an offset map back to the original text.

``norm_word`` folds one word (cached per type); ``normalize_text`` folds a whole text into a
separate layer whose ``offsets[i]`` is the original index of normalised character ``i``.
The original text is never changed.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

# Characters dropped for matching: harakat, Quranic marks, tatweel, bidi and zero-width marks.
_DROP = (
    [chr(c) for c in range(0x064B, 0x0660)]  # fathatan .. hamza below/above marks
    + ["\u0670"]  # superscript alef
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + ["\u0640"]  # tatweel
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u2060"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
BIDI_MARKS = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2060" + "".join(
    chr(c) for c in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))
)

_FOLD: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "ک": "ك", "ڪ": "ك",
    "ٸ": "ي",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Eastern Arabic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian digits
_FOLD["٫"] = "."  # Arabic decimal separator
_FOLD["٬"] = ","  # Arabic thousands separator

_TABLE: dict[int, str] = {ord(c): "" for c in _DROP}
_TABLE.update({ord(k): v for k, v in _FOLD.items()})


def _presentation(ch: str) -> str:
    """Fold an Arabic presentation form (FB50–FDFF, FE70–FEFF) to base letters."""
    out = unicodedata.normalize("NFKC", ch)
    return "".join(_TABLE.get(ord(c), c) for c in out if ord(c) not in (0x20,))


for _c in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
    _ch = chr(_c)
    if unicodedata.category(_ch) != "Cn":
        _TABLE[_c] = _presentation(_ch)

_CHANGED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "A-Z]")


@lru_cache(maxsize=500_000)
def norm_word(word: str) -> str:
    """The matching form of one word: no diacritics/tatweel/marks, folded letters and digits."""
    return word.translate(_TABLE).lower()


def strip_diacritics(s: str) -> str:
    """Remove harakat only (keeps letters as written)."""
    return "".join(c for c in s if c not in DIACRITICS)


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised layer: ``text`` and ``offsets`` with ``len(offsets) == len(text) + 1``."""

    text: str
    offsets: array  # type: ignore[type-arg]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span back to original offsets (end exclusive)."""
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1 if end > start else o_start
        return o_start, o_end


def normalize_text(text: str) -> NormText:
    """Normalise a whole text, keeping for each output character its original index."""
    parts: list[str] = []
    offsets = array("i")
    pos = 0
    for m in _CHANGED.finditer(text):
        i = m.start()
        if i > pos:
            parts.append(text[pos:i])
            offsets.extend(range(pos, i))
        ch = text[i]
        rep = _TABLE.get(ord(ch), ch.lower())
        if rep:
            parts.append(rep)
            offsets.extend([i] * len(rep))
        pos = i + 1
    if pos < len(text):
        parts.append(text[pos:])
        offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return NormText("".join(parts), offsets)
