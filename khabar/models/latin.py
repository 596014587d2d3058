"""Names written in Latin script inside Arabic text: IBM، Apple وDell، ( CNN )، مادة " RDX ".

Arabic news writes many brands, outlets, products and foreign titles in Latin letters. They are
names far more often than not, but ANERcorp train holds too few of them (about 40 Latin tokens
in names) for the models to learn that; its Latin tokens are mostly lowercase glosses ("moon").
This pass finds runs of capitalised Latin words or acronyms the models left untagged and labels
them from the word before them (``latin_cues.tsv``: شركة → ORG, مادة → MISC, السيد → PERS) or
as a quoted title of several words (MISC); otherwise ORG, what a bare brand, outlet or acronym
most often is. Common terms (``latin_terms.tsv``: SMS، LED، GPS), addresses and handles, and a
bracketed gloss of a term (الصمام الثنائي الباعث للضوء ( LED )) are left out; a bracketed name
right after an entity is kept (a news agency's credit: بريطانيا ( CNN )). Runs of more than
``MAX_WORDS`` words are English sentences or captions, not names, and are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from khabar.doc import Token

MAX_WORDS = 5  # Latin words in one name
# lowercase words that join the capitalised words of one name (Bank of America, Un Chien andalou)
CONNECTORS = frozenset(("of", "the", "and", "de", "del", "della", "di", "da", "do", "dos", "la", "le", "les",
                        "du", "des", "von", "van", "der", "den", "al", "el", "d", "l", "y", "e", "for", "in",
                        "on", "at", "&", "'", "’", "-", "."))
SKIP_BACK = frozenset(('"', "«", "“", "(", "ـ", "و", "ل", "ب", "ف", "ك", "'", "-", ":", "،", ","))
WEB = frozenset(("http", "https", "www", "com", "org", "net"))
QUOTES = {"«": "»", '"': '"', "“": "”", "(": ")"}


def _latin(text: str) -> bool:
    return any("a" <= c.lower() <= "z" for c in text) and all(c.isascii() or c.isalpha() for c in text)


def _name_word(text: str) -> bool:
    """A capitalised word of two letters or more, an acronym, or a code with letters and digits (w4g)."""
    if len(text) < 2 or not _latin(text) or text.lower() in WEB:
        return False
    return text[0].isupper() or any(c.isdigit() for c in text) or text.isupper()


def _runs(toks: Sequence[Token]) -> list[tuple[int, int]]:
    """(first, last + 1) of each maximal run of Latin words, connectors and digits between them."""
    out: list[tuple[int, int]] = []
    n, i = len(toks), 0
    while i < n:
        c = toks[i].text[:1]
        if not (c.isascii() and c.isalpha()) or not _latin(toks[i].text):  # one test for an Arabic word
            i += 1
            continue
        j = i + 1
        while j < n:
            t = toks[j].text
            if _latin(t) or (t in CONNECTORS or t.isdigit()) and j + 1 < n and (
                    _latin(toks[j + 1].text) or toks[j + 1].text.isdigit() or toks[j + 1].text in CONNECTORS):
                j += 1
            else:
                break
        while j > i + 1 and toks[j - 1].text in CONNECTORS:  # a trailing joiner is not part of the name
            j -= 1
        out.append((i, j))
        i = j
    return out


def _cue(toks: Sequence[Token], i: int, cues: Mapping[str, str]) -> str | None:
    """The label the nearest real word before token ``i`` gives (skipping quotes, brackets, clitics)."""
    j = i - 1
    while j >= 0 and toks[j].text in SKIP_BACK:
        j -= 1
    if j < 0:
        return None
    t = toks[j]
    stem = t.stem or t.norm
    label = cues.get(stem) or cues.get(stem.removeprefix("ال"))
    if label == "PERS" and "ال" not in t.prefixes:  # لاعب X may be a genitive (a team's player)
        return None
    return label


def _web(t: Token) -> bool:
    """Part of an address or a handle (@name, site.com)."""
    return "@" in t.text or t.text.lower() in WEB or "." in t.text.strip(".")


def latin_names(toks: Sequence[Token], spans: Sequence[tuple[int, int, str]],
                cues: Mapping[str, str], terms: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """``spans`` plus the Latin-script names the models left untagged (see the module docstring).
    ``terms`` (lowercase) are common words such as SMS or LED that are no name on their own."""
    runs = _runs(toks)
    if not runs:  # most sentences: no Latin word at all
        return list(spans)
    taken = [False] * len(toks)
    for a, b, _ in spans:
        for k in range(a, b):
            taken[k] = True
    out = list(spans)
    n = len(toks)

    def name(k: int) -> bool:
        return _name_word(toks[k].text) and toks[k].text.lower() not in terms

    for a, b in runs:
        if any(taken[a:b]) or any(_web(toks[k]) for k in range(max(0, a - 2), min(n, b + 2))):
            continue
        words = [t.text for t in toks[a:b] if _latin(t.text)]
        if len(words) > MAX_WORDS:
            continue
        while a < b and not name(a):  # a name starts and ends with a name word
            a += 1
        while b > a and not name(b - 1):
            b -= 1
        if a == b:
            continue
        words = [t.text for t in toks[a:b] if _latin(t.text)]
        before = toks[a - 1].text if a else ""
        after = toks[b].text if b < n else ""
        quoted = before in QUOTES and QUOTES[before] == after
        if before == "(" and not (a >= 2 and taken[a - 2]):
            continue  # a bracketed gloss of a term (الصمام الثنائي ( LED )); a credit after a place is kept
        label = _cue(toks, a, cues)
        if label is None:
            label = "MISC" if quoted and before != "(" and len(words) > 1 else "ORG"
        out.append((a, b, label))
    return sorted(out)
