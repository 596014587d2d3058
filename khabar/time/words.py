"""Word-level analysis for the time grammar: each normalised word type is analysed once
(lexicon hits after clitic stripping, number and ordinal values, a bit mask of its categories,
whether rules may consume it) and cached; a sentence becomes a list of :class:`Item`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from khabar.time.lexicon import Hit, Lexicon, lexicon, proclitic_keys
from khabar.time.numbers import (
    ALL_NUMBER_WORDS,
    ORD_ONLY_COMPOUND,
    ORD_UNITS,
    TENS,
    parse_fraction,
    parse_ordinal,
    strip_al,
)
from khabar.time.sem import Sem

_DOTTED = re.compile(r"^(\d{1,4})[./](\d{1,2})[./](\d{1,4})$")

# words before a bare year / ambiguous month that make it temporal (normalised, conjunction removed)
TEMPORAL_PREPS = frozenset({
    "في", "منذ", "مذ", "خلال", "حتي", "قبل", "بعد", "من", "الي", "بين", "طوال", "طيله", "مطلع",
    "اوائل", "بدايه", "منتصف", "اواسط", "اواخر", "نهايه", "بحلول", "حلول", "ابتداء", "اعتبارا",
    "لغايه", "عند", "مع", "غضون", "بدء", "مستهل", "ختام", "عام", "العام", "سنه", "السنه",
    "عامي", "صيف", "شتاء", "ربيع", "خريف", "موسم",
})
SEPS = frozenset({"،", ",", "-", "–", "—", "(", ")", "الموافق", "الموافقه", "الموافق:", "/"})
YEAR_NOUNS = frozenset({"عام", "سنه", "عامي", "سنتي"})
_ADVERB_POD = frozenset({"صباحا", "مساء", "مساءا", "ظهرا", "عصرا", "فجرا", "ليلا", "نهارا", "صبحا"})
_NOT_TODAY = frozenset({"العالمي", "الوطني", "الدولي", "العربي", "الاول", "الثاني", "الثالث", "الاخير",
                        "نفسه", "ذاته", "الموعود", "المفتوح", "الدراسي", "الانتخابي", "الختامي", "الافتتاحي",
                        "الكامل", "التضامني", "التحسيسي", "الاعلامي", "الدراسيه"})
# a bare year after these nouns names the event's year (حرب 2014، انتخابات 2019، رؤية 2030)
_EVENT_NOUNS = frozenset({
    "حرب", "الحرب", "انتخابات", "الانتخابات", "ثوره", "احداث", "دستور", "ازمه", "كاس", "مونديال", "اولمبياد",
    "ميزانيه", "موازنه", "موسم", "الموسم", "قمه", "دوره", "بطوله", "رؤيه", "خطه", "استراتيجيه", "اتفاق",
    "اتفاقيه", "انتفاضه", "نكبه", "نكسه", "زلزال", "فيضانات", "اعوام", "سنوات", "قانون", "مرسوم", "تعداد",
    "احصاء", "اجندة", "اجنده", "معاهده", "عدوان", "غزو", "اجتياح", "انقلاب", "دفعه", "نسخه", "طبعه",
})
# a date right after these names a street, square or institution (نهج 20 مارس، ساحة 7 نوفمبر)
_PLACE_WORDS = frozenset({"شارع", "نهج", "ساحه", "ميدان", "جسر", "حي", "مدرسه", "معهد", "ثانويه", "مستشفي",
                          "بشارع", "بنهج", "بساحه", "بحي", "وشارع", "ونهج"})
TENS_ORD = frozenset(TENS)
_ORD_LAST = frozenset({"اخر", "الاخير", "الاخيره", "اخير"})



@dataclass(frozen=True, slots=True)
class WordInfo:
    """Everything the grammar needs to know about one normalised word type (cached)."""

    hits: tuple[Hit, ...]
    bycat: dict[str, tuple[Hit, ...]]
    cats: frozenset[str]  # lexicon categories plus NUM, NUMW, ORD, FRAC, HOL, YEARN, AL
    core: bool  # can carry a time expression by itself (not only a preposition or modifier)
    seconds: frozenset[str]  # second words of the multi-word entries it starts (في وقت سابق → وقت)
    num: int | None
    ndig: int
    stems: frozenset[str] = frozenset()  # the word without its proclitics (all analyses)
    definite: bool = False
    mask: int = 0  # ``cats`` as bits (see ``cat_mask``), for the parser's cheap rule gating
    cont: bool = False  # a rule may consume this word (a time word or a connector such as من، في)
    holidays: tuple[Hit, ...] = ()
    single: dict[str, Hit] = field(default_factory=dict)  # category → its first entry that is this word alone
    # category → second word → the longer entries starting with this word and that one, longest first
    multi: dict[str, dict[str, tuple[Hit, ...]]] = field(default_factory=dict)
    gate: bool = False  # core, or the first word of a multi-word entry: a sentence without one has no time
    bi: bool = False  # an analysis has the preposition ب (بأيلول، بشهر): it may follow an ordinal directly
    hol_single: tuple[Hit, ...] = ()  # the holidays named by this word alone, in table order
    # second word → the longer holidays starting with this word and that one, in table order
    hol_next: dict[str, tuple[Hit, ...]] = field(default_factory=dict)
    # the categories of the next words (the rest of the parser's window) → the rules to try at this word, filled
    # by the parser as it meets them (one int lookup instead of hashing a pair of masks)
    rules: dict[int, tuple[Any, ...]] = field(default_factory=dict, compare=False, repr=False)


# categories that only lead into an expression (في وقت، بعد، حوالي، مطلع، هذا، عدة …)
_LEAD_ONLY = frozenset({"TRIG", "APPROX", "VAGUE", "DEM", "CLOCKLEAD", "FEW", "SEASONN", "FREQ", "AL", "REL", "ERA", "TZ"})


_BITS: dict[str, int] = {}


def cat_mask(cats: str | frozenset[str] | set[str]) -> int:
    """Bit mask of word categories (a space-separated string or a set)."""
    names = cats.split() if isinstance(cats, str) else cats
    m = 0
    for c in names:
        if c not in _BITS:
            _BITS[c] = 1 << len(_BITS)
        m |= _BITS[c]
    return m


_EMPTY = WordInfo((), {}, frozenset(), False, frozenset(), None, 0)
PAD = 16  # padding past the end of a sentence for the grammar: rules look a few words beyond it
PAD_WORDS = [""] * PAD
PAD_INFOS = [_EMPTY] * PAD
# words without a category that rules may still consume inside an expression
_CONNECTORS = frozenset({
    "من", "في", "و", "الذي", "الي", "اللي", "(", ")", "،", ",", "/", "-", "–", ":", ".", "الا", "إلا", "سوي",
    "الموافق", "الموافقه", "عند", "كامل", "كامله", "والنصف", "والربع", "والثلث", "مضت", "مضي", "خلت", "فاتت",
    "سابقه", "المكرمه", "المحلي", "المحليه", "يوم",
})
_KEYS: frozenset[str] | None = None


def _keys() -> frozenset[str]:
    """Every clitic-free form the grammar knows (lexicon, numbers, ordinals): a word none of whose
    last-n-letter tails is here cannot start or continue a time expression."""
    global _KEYS
    if _KEYS is None:
        lx = lexicon()
        ks = set(lx.words) | set(lx.holidays) | set(ALL_NUMBER_WORDS) | set(ORD_UNITS) | set(TENS) | set(YEAR_NOUNS)
        ks |= {"ال" + k for k in ORD_UNITS} | {"ال" + k for k in TENS} | set(ORD_ONLY_COMPOUND)
        ks |= {"نصف", "ربع", "ثلث", "نص", "ال", "اول", "ثان", "اخر", "اخير", "الاخير", "الاخيره", "اخيره"}
        ks |= {"/", "-", "–", ":", "غره"}
        _KEYS = frozenset(ks)
    return _KEYS


class InfoCache(dict[str, WordInfo]):
    """Word type → analysis with the shipped lexicon, filled on first sight. The types that can
    carry a time expression by themselves (``WordInfo.core``) and those that may start one
    (``WordInfo.gate``: core, or the first word of a multi-word entry) are also collected in
    sets, so that a sentence without any is skipped with one set operation."""

    def __init__(self) -> None:
        super().__init__()
        self.core: set[str] = set()
        self.gate: set[str] = set()
        self.info = self.__getitem__  # the bound lookup, made once (map() takes it for every sentence)

    def __missing__(self, w: str) -> WordInfo:
        keys = _keys()
        if w in _CONNECTORS or w in _later_words():
            info = _compute_info(w, lexicon())
        elif not (w.isascii() and w[:1].isdigit()) and not any(w[k:] in keys for k in range(0, min(5, len(w)))):
            info = _EMPTY
        else:
            info = _compute_info(w, lexicon())
        self[w] = info
        if info.gate:
            self.gate.add(w)
            if info.core:
                self.core.add(w)
        if len(self) > CACHE_LIMIT:
            info_cache()  # full: the next sentence starts a new one
        return info


_CACHE = InfoCache()
CACHE_LIMIT = 500_000  # word types in the cache before it is replaced


def info_cache(limit: int = CACHE_LIMIT) -> InfoCache:
    """The word-analysis cache, replaced by an empty one once it holds over ``limit`` types
    (replaced, not cleared, so a sentence being analysed in another thread keeps a whole one)."""
    global _CACHE
    if len(_CACHE) > limit:
        _CACHE = InfoCache()
    return _CACHE


def word_infos(norms: Sequence[str], lex: Lexicon) -> list[WordInfo]:
    """``word_info`` for a sentence's words (one dict lookup per known word type)."""
    if lex is lexicon():
        return list(map(info_cache().__getitem__, norms))
    return [_compute_info(w, lex) for w in norms]


def word_info(w: str, lex: Lexicon) -> WordInfo:
    """Cached analysis of a normalised word (the shipped lexicon); other lexicons are not cached."""
    if lex is lexicon():
        return info_cache()[w]
    return _compute_info(w, lex)


_LATER: frozenset[str] | None = None


def _later_words() -> frozenset[str]:
    """Second and later words of multi-word entries (ذو الحجة → الحجه، عيد الفطر → الفطر)."""
    global _LATER
    if _LATER is None:
        lx = lexicon()
        _LATER = frozenset(w for table in (lx.words, lx.holidays) for es in table.values() for e in es
                           for w in e.words[1:])
    return _LATER


def _compute_info(w: str, lex: Lexicon) -> WordInfo:
    hits = lex.lookup(w)
    hol = lex.holiday_hits(w)
    bycat: dict[str, list[Hit]] = {}
    for h in hits:
        bycat.setdefault(h.entry.cat, []).append(h)
    cats = set(bycat)
    if "CLOCK" in cats and all(h.entry.value != "hour" for h in bycat["CLOCK"]):
        cats.discard("CLOCK")
        cats.add("CLOCKLEAD")
    num = int(w) if w.isdigit() and w.isascii() and len(w) <= 6 else None
    if num is not None or _DOTTED.match(w):
        cats.add("NUM")
    s, _ = strip_al(w)
    if w in ALL_NUMBER_WORDS or w[:1] in "وبل" and w[1:] in ALL_NUMBER_WORDS:
        cats.add("NUMW")
    if parse_ordinal((w,), 0) is not None or w in {"اول", "ثان", "الاول", "اخر", "الاخير", "الاخيره"} or (
            s in ORD_UNITS or s in ORD_ONLY_COMPOUND):
        cats.add("ORD")
    if parse_fraction(w) is not None:
        cats.add("FRAC")
    if hol:
        cats.add("HOL")
    if w in YEAR_NOUNS or any(r in YEAR_NOUNS for _, r in proclitic_keys(w)):
        cats.add("YEARN")
    if w == "ال":
        cats.add("AL")
    if w in {"غره", "بغره", "وغره"}:
        cats.add("GHURRA")
    if w in {"/", "-", "–"}:
        cats.add("SEP")
    if w == ":":
        cats.add("COLON")
    if _DOTTED.match(w):
        cats.add("NUMDOT")
    if num is not None and len(w) == 4:
        cats.add("NUM4")
    if "شهر" in {r for _, r in proclitic_keys(w)}:
        cats.add("SHAHR")
    if w in _ORD_LAST or w.removeprefix("و") in _ORD_LAST:
        cats.add("LASTW")
    single = {h.entry.cat for h in hits if len(h.entry.words) == 1} | (cats - set(bycat))
    core = bool(single - _LEAD_ONLY)
    seconds = {h.entry.words[1] for h in hits if len(h.entry.words) > 1}
    seconds |= {h.entry.words[1] for h in hol if len(h.entry.words) > 1}
    if any(len(h.entry.words) == 1 for h in hol):
        core = True
    keys = proclitic_keys(w)
    cont = bool(cats) or w in _CONNECTORS or w in _later_words() or num is not None
    ordered = {k: tuple(sorted(v, key=lambda h: -len(h.entry.words))) for k, v in bycat.items()}
    alone: dict[str, Hit] = {}
    multi: dict[str, dict[str, list[Hit]]] = {}
    for k, v in ordered.items():
        for h in v:
            if len(h.entry.words) == 1:
                alone.setdefault(k, h)
            else:
                multi.setdefault(k, {}).setdefault(h.entry.words[1], []).append(h)
    return WordInfo(hits, ordered, frozenset(cats), core, frozenset(seconds), num, len(w) if num is not None else 0,
                    frozenset(r for _, r in keys), any(p.endswith("ال") for p, _ in keys), cat_mask(cats),
                    cont, hol, alone,
                    {k: {w2: tuple(hs) for w2, hs in m.items()} for k, m in multi.items()}, core or bool(seconds),
                    any(h.pre.startswith("ب") for h in hits), tuple(h for h in hol if len(h.entry.words) == 1),
                    _by_second(h for h in hol if len(h.entry.words) > 1))


def _by_second(hits: Iterable[Hit]) -> dict[str, tuple[Hit, ...]]:
    """Multi-word entries grouped by their second word, each group in the given order."""
    out: dict[str, list[Hit]] = {}
    for h in hits:
        out.setdefault(h.entry.words[1], []).append(h)
    return {w: tuple(hs) for w, hs in out.items()}


Cand = tuple[int, int, Sem]  # a matched expression: items [i, j) and its meaning


_BASE = TEMPORAL_PREPS | SEPS | {"هذا", "هذه", "يوم"}


def base(w: str) -> str:
    """A function word without its conjunction (وفي → في، ومن → من)."""
    if len(w) > 2 and w[0] in "وف" and w[1:] in _BASE:
        return w[1:]
    return w


def worth_parsing(norms: Sequence[str], infos: Sequence[WordInfo]) -> bool:
    """Cheap pre-filter: a sentence needs the grammar only if it has a core time word or the
    first two words of a multi-word entry (في وقت سابق، عيد الفطر)."""
    n = len(norms)
    for k, f in enumerate(infos):
        if f.core or f.seconds and k + 1 < n and norms[k + 1] in f.seconds:
            return True
    return False
