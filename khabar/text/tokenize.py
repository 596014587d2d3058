"""Tokenisation with offsets: Arabic words (with their diacritics and tatweel), numbers,
Latin words and single punctuation marks. Every token is a span of the original text."""

from __future__ import annotations

import re
from collections.abc import Iterator

AR_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc"
AR_MARK = "\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_WORD = rf"[{AR_LETTER}\u0640][{AR_LETTER}{AR_MARK}]*"
_NUM = r"\d+(?:[.,٫٬]\d+)*"
_LATIN = r"[A-Za-z\u00c0-\u024f]+(?:['’\-.][A-Za-z\u00c0-\u024f]+)*"
_SKIP = r"\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
TOKEN_RE = re.compile(rf"{_WORD}|{_NUM}|{_LATIN}|[^{_SKIP}]")
# (skipped characters, token) pairs: findall over this walks the text without Match objects
GAP_TOKEN_RE = re.compile(rf"([{_SKIP}]*)({_WORD}|{_NUM}|{_LATIN}|[^{_SKIP}])")


def iter_tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every token in ``text[start:end]``."""
    for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        yield m.span()


def is_arabic_word(s: str) -> bool:
    return bool(s) and re.match(rf"[{AR_LETTER}]", s.lstrip("\u0640")) is not None
