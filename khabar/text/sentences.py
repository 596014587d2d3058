"""Sentence splitting for Arabic news.

Breaks at paragraph breaks and at . ! ? ؟ … followed by space, but never inside a quotation
(« » “ ” "), after a one-letter abbreviation (د. م. أ.), or inside a number (3.5). A dateline
("واشنطن –", "القاهرة (رويترز) -") stays with the first sentence. ، and ؛ never break.
"""

from __future__ import annotations

import re

_PARA = re.compile(r"[^\n\r\u2029]+")
# runs of quote and terminator characters (one character class, so the regex engine scans fast);
# each run is split into quotes and terminator runs in Python
_CAND = re.compile(r'[«»“”".!?؟…]+')
_TERM = frozenset(".!?؟…")


def _candidates(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Quotes and maximal terminator runs in ``text[start:end]`` as (piece, start, end)."""
    out = []
    for m in _CAND.finditer(text, start, end):
        run = m.group()
        i = m.start()
        if len(run) == 1:
            out.append((run, i, i + 1))
            continue
        j = 0
        while j < len(run):
            k = j + 1
            if run[j] in _TERM:
                while k < len(run) and run[k] in _TERM:
                    k += 1
            out.append((run[j:k], i + j, i + k))
            j = k
    return out
_OPEN = {"«": "»", "“": "”"}
_CLOSE_TRAIL = "»”\"')]}’"
# one-letter abbreviations and common abbreviated titles
ABBREV = {"د", "م", "أ", "ا", "ج", "ص", "ق", "ت", "هـ", "ه", "ش", "Dr", "Mr", "Mrs", "Ms", "St", "No", "ط"}
_MAX_QUOTE = 1500  # a quote left open longer than this is treated as unbalanced


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), whitespace trimmed."""
    if "\n" not in text and "\r" not in text and "\u2029" not in text:  # one line (a headline, a query)
        s, e = len(text) - len(text.lstrip()), len(text.rstrip())
        return [(s, e)] if e > s else []
    out = []
    for m in _PARA.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _prev_word(text: str, start: int, i: int) -> str:
    j = i
    while j > start and not text[j - 1].isspace() and text[j - 1] not in "«“\"(":
        j -= 1
    return text[j:i]


def split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one paragraph as (start, end) spans."""
    out: list[tuple[int, int]] = []
    sent_start = start
    quote_stack: list[tuple[str, int]] = []
    straight_open = -1
    for tok, i, mend in _candidates(text, start, end):
        if tok in _OPEN:
            quote_stack.append((_OPEN[tok], i))
            continue
        if tok in ("»", "”"):
            if quote_stack and quote_stack[-1][0] == tok:
                quote_stack.pop()
            continue
        if tok == '"':
            straight_open = -1 if straight_open >= 0 else i
            continue
        # a terminator
        if quote_stack and i - quote_stack[-1][1] < _MAX_QUOTE:
            continue
        if straight_open >= 0 and i - straight_open < _MAX_QUOTE:
            continue
        quote_stack.clear()
        straight_open = -1
        j = mend
        if j < end and not text[j].isspace() and text[j] not in _CLOSE_TRAIL:
            continue  # 3.5, a.m., URLs
        if tok == "." :
            w = _prev_word(text, start, i)
            if w in ABBREV or (len(w) == 1 and w.isalpha()):
                continue
        while j < end and text[j] in _CLOSE_TRAIL:
            j += 1
        if j < end:
            out.append((sent_start, j))
            k = j
            while k < end and text[k].isspace():
                k += 1
            sent_start = k
    if sent_start < end:
        out.append((sent_start, end))
    return out


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """All sentences of ``text`` as (start, end, paragraph index)."""
    out = []
    for p, (s, e) in enumerate(paragraphs(text)):
        for a, b in split_paragraph(text, s, e):
            out.append((a, b, p))
    return out
