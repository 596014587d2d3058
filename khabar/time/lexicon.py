"""The time lexicon (``data/lexicon.tsv``, ``data/holidays.tsv``) and per-word analysis.

A word is looked up after stripping the proclitics و ف (conjunction), ب ل ك (preposition) and
ال (article), so بالأمس، وفي، لمدة، للعام، بايلول all reach their entries. Analyses are cached
per normalised word type; multi-word entries (كانون الثاني، ذو الحجة، في وقت سابق) are indexed
by their first word so a lookup costs one dict access per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from khabar.text.normalize import norm_word


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: category (MONTH, WEEKDAY, UNIT …), value and tag (ctx, weak …)."""

    cat: str
    value: str
    tag: str
    words: tuple[str, ...]  # the normalised words of the form


@dataclass(frozen=True, slots=True)
class Hit:
    """An entry found for a word: with the proclitics it carried and whether it was definite."""

    entry: Entry
    pre: str  # stripped proclitics, e.g. "و", "بال"
    definite: bool


def _norm_phrase(form: str) -> tuple[str, ...]:
    return tuple(norm_word(w) for w in form.split())


def strip_article(w: str) -> str:
    return w[2:] if w.startswith("ال") and len(w) > 3 else w


_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")


@lru_cache(maxsize=100_000)
def proclitic_keys(w: str) -> tuple[tuple[str, str], ...]:
    """(proclitics, rest) splits of a normalised word, the unsplit word first."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for c in _CONJ:
        if c and not w.startswith(c):
            continue
        r1 = w[len(c):]
        for p in _PREP:
            if p and not r1.startswith(p):
                continue
            r2 = r1[len(p):]
            for rest, pre in ((r2, c + p),):
                if len(rest) >= 1 and rest not in seen:
                    seen.add(rest)
                    out.append((pre, rest))
                if rest.startswith("ال") and len(rest) > 3 and rest[2:] not in seen:
                    seen.add(rest[2:])
                    out.append((pre + "ال", rest[2:]))
            if p == "ل" and r1.startswith("لل") and len(r1) > 3 and r1[2:] not in seen:
                seen.add(r1[2:])
                out.append((c + "لال", r1[2:]))  # لل = ل + ال
    return tuple(out)


class Lexicon:
    """Single-word and multi-word time entries keyed by normalised (clitic-free) first word."""

    def __init__(self, rows: list[tuple[str, str, str, str]] | None = None) -> None:
        self.words: dict[str, list[Entry]] = {}
        self.holidays: dict[str, list[Entry]] = {}
        for form, cat, value, tag in rows if rows is not None else load_rows():
            words = _norm_phrase(form)
            if not words:
                continue
            e = Entry(cat, value, tag, words)
            table = self.holidays if cat == "HOLIDAY" else self.words
            table.setdefault(words[0], []).append(e)
            if cat == "HOLIDAY" and strip_article(words[0]) != words[0]:
                table.setdefault(strip_article(words[0]), []).append(e)
        self.lookup = lru_cache(maxsize=200_000)(self._lookup)

    def _lookup(self, w: str) -> tuple[Hit, ...]:
        out: list[Hit] = []
        for pre, rest in proclitic_keys(w):
            for e in self.words.get(rest, ()):
                out.append(Hit(e, pre, "ال" in pre or rest.startswith("ال")))
        return tuple(out)

    def holiday_hits(self, w: str) -> tuple[Hit, ...]:
        out: list[Hit] = []
        for pre, rest in proclitic_keys(w):
            for e in self.holidays.get(rest, ()):
                out.append(Hit(e, pre, "ال" in pre))
        return tuple(out)


def load_rows() -> list[tuple[str, str, str, str]]:
    """Rows (form, category, value, tag) of the shipped lexicon and holiday tables."""
    rows: list[tuple[str, str, str, str]] = []
    base = resources.files("khabar.time.data")
    for line in base.joinpath("lexicon.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        parts += [""] * (5 - len(parts))
        rows.append((parts[0], parts[1], parts[2], parts[3]))
    for line in base.joinpath("holidays.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, cal, md, _src = (line.split("\t") + ["", "", ""])[:4]
        rows.append((form, "HOLIDAY", f"{cal}:{md}", ""))
    return rows


_LEX: Lexicon | None = None


def lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    global _LEX
    if _LEX is None:
        _LEX = Lexicon()
    return _LEX
