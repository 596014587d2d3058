"""The grammar of Arabic time expressions over one sentence's tokens.

Each token becomes an :class:`Item` (normalised form, lexicon hits after clitic stripping,
digit value). ``Parser.scan`` tries the rules at every token that can start a time
expression and keeps the longest match; rules build a :class:`~khabar.time.sem.Sem` and never
compile anything at run time (the only regexes are module constants). Clock times and
durations live in :mod:`khabar.time.clock`, which this parser mixes in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from khabar.time.lexicon import Hit, Lexicon, lexicon, proclitic_keys
from khabar.time.numbers import (
    ALL_NUMBER_WORDS,
    ORD_ONLY_COMPOUND,
    ORD_UNITS,
    TENS,
    parse_cardinal,
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


_INFO: dict[str, WordInfo] = {}
_EMPTY = WordInfo((), {}, frozenset(), False, frozenset(), None, 0)
# words without a category that rules may still consume inside an expression
_CONNECTORS = frozenset({
    "من", "في", "و", "الذي", "الي", "اللي", "(", ")", "،", ",", "/", "-", "–", ":", ".", "الا", "إلا", "سوي",
    "الموافق", "الموافقه", "عند", "كامل", "كامله", "والنصف", "والربع", "والثلث", "مضت", "مضي", "خلت", "فاتت",
    "سابقه", "المكرمه", "المحلي", "المحليه", "يوم",
})
_CONT_INFO: WordInfo | None = None
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


def word_infos(norms: Sequence[str], lex: Lexicon) -> list[WordInfo]:
    """``word_info`` for a sentence's words (one dict lookup per known word type)."""
    get = _INFO.get
    out = []
    for w in norms:
        info = get(w)
        out.append(info if info is not None and lex is _LEX_DEFAULT[0] else word_info(w, lex))
    return out


_LEX_DEFAULT: list[Lexicon | None] = [None]


def word_info(w: str, lex: Lexicon) -> WordInfo:
    """Cached analysis of a normalised word (the shipped lexicon); other lexicons are not cached."""
    if _LEX_DEFAULT[0] is None:
        _LEX_DEFAULT[0] = lexicon()
    if lex is not _LEX_DEFAULT[0]:
        return _compute_info(w, lex)
    info = _INFO.get(w)
    if info is None:
        keys = _keys()
        if w in _CONNECTORS or w in _later_words():
            info = _compute_info(w, lex)
        elif not (w.isascii() and w[:1].isdigit()) and not any(w[k:] in keys for k in range(0, min(5, len(w)))):
            info = _EMPTY
        else:
            info = _compute_info(w, lex)
        if len(_INFO) < 500_000:
            _INFO[w] = info
    return info


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
    if parse_ordinal((w,), 0) is not None or w in ("اول", "ثان", "الاول", "اخر", "الاخير", "الاخيره") or (
            s in ORD_UNITS or s in ORD_ONLY_COMPOUND):
        cats.add("ORD")
    if parse_fraction(w) is not None:
        cats.add("FRAC")
    if lex.holiday_hits(w):
        cats.add("HOL")
    if w in YEAR_NOUNS or any(r in YEAR_NOUNS for _, r in proclitic_keys(w)):
        cats.add("YEARN")
    if w == "ال":
        cats.add("AL")
    if w in ("غره", "بغره", "وغره"):
        cats.add("GHURRA")
    if w in ("/", "-", "–"):
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
    seconds |= {h.entry.words[1] for h in lex.holiday_hits(w) if len(h.entry.words) > 1}
    if any(len(h.entry.words) == 1 for h in lex.holiday_hits(w)):
        core = True
    keys = proclitic_keys(w)
    cont = bool(cats) or w in _CONNECTORS or w in _later_words() or num is not None
    return WordInfo(hits, {k: tuple(sorted(v, key=lambda h: -len(h.entry.words))) for k, v in bycat.items()},
                    frozenset(cats), core, frozenset(seconds), num, len(w) if num is not None else 0,
                    frozenset(r for _, r in keys), any(p.endswith("ال") for p, _ in keys), cat_mask(cats),
                    cont, lex.holiday_hits(w))


@dataclass(slots=True)
class Item:
    """One token of the sentence as the grammar sees it."""

    start: int
    end: int
    norm: str
    info: WordInfo

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.info.hits

    @property
    def num(self) -> int | None:
        return self.info.num

    @property
    def ndig(self) -> int:
        return self.info.ndig


@dataclass(slots=True)
class Cand:
    """A matched expression: items [i, j) and its meaning."""

    i: int
    j: int
    sem: Sem


def base(w: str) -> str:
    """A function word without its conjunction (وفي → في، ومن → من)."""
    if len(w) > 2 and w[0] in "وف" and w[1:] in TEMPORAL_PREPS | SEPS | {"هذا", "هذه", "يوم"}:
        return w[1:]
    return w


def make_items(norms: Sequence[str], starts: Sequence[int], ends: Sequence[int], lex: Lexicon | None = None,
               infos: Sequence[WordInfo] | None = None) -> list[Item]:
    lx = lex or lexicon()
    if infos is None:
        infos = [word_info(w, lx) for w in norms]
    return [Item(s, e, w, f) for w, s, e, f in zip(norms, starts, ends, infos, strict=True)]


def worth_parsing(norms: Sequence[str], infos: Sequence[WordInfo]) -> bool:
    """Cheap pre-filter: a sentence needs the grammar only if it has a core time word or the
    first two words of a multi-word entry (في وقت سابق، عيد الفطر)."""
    n = len(norms)
    for k, f in enumerate(infos):
        if f.core or f.seconds and k + 1 < n and norms[k + 1] in f.seconds:
            return True
    return False


class DateRules:
    """Calendar rules (dates, months, years, weekdays, relative periods, holidays, seasons)."""

    items: list[Item]
    norms: list[str]
    lex: Lexicon

    # ------------------------------------------------------------ small helpers
    def w(self, i: int) -> str:
        return self.norms[i] if 0 <= i < len(self.norms) else ""

    def has_stem(self, i: int, *stems: str) -> bool:
        """Whether item i is one of ``stems`` once its proclitics are removed (time words only)."""
        if not 0 <= i < len(self.items):
            return False
        ss = self.items[i].info.stems
        if ss:
            for s in stems:
                if s in ss:
                    return True
        return False

    def definite(self, i: int) -> bool:
        """Whether item i carries the article (الأسبوع، بالأمس، للعام)."""
        return 0 <= i < len(self.items) and self.items[i].info.definite

    def match(self, i: int, cat: str) -> list[tuple[int, Hit]]:
        """Entries of ``cat`` starting at item i (multi-word aware), longest first."""
        if not 0 <= i < len(self.items):
            return []
        hs = self.items[i].info.bycat.get(cat)
        if not hs:
            return []
        out: list[tuple[int, Hit]] = []
        for h in hs:
            words = h.entry.words
            if len(words) == 1 or self._rest_matches(i, words):
                out.append((i + len(words), h))
        return out

    def _rest_matches(self, i: int, words: tuple[str, ...]) -> bool:
        n = len(self.norms)
        for k in range(1, len(words)):
            if i + k >= n or self.norms[i + k] != words[k]:
                return False
        return True

    def first(self, i: int, cat: str) -> tuple[int, Hit] | None:
        """The longest entry of ``cat`` at item i, or None."""
        if not 0 <= i < len(self.items):
            return None
        hs = self.items[i].info.bycat.get(cat)
        if not hs:
            return None
        for h in hs:
            words = h.entry.words
            if len(words) == 1 or self._rest_matches(i, words):
                return i + len(words), h
        return None

    def prev_temporal(self, i: int) -> bool:
        """Whether the word before item i makes a following name temporal (في، منذ، خلال …)."""
        p = self.w(i - 1)
        return base(p) in TEMPORAL_PREPS or p in TEMPORAL_PREPS

    def skip_seps(self, k: int, allowed: frozenset[str] = SEPS, limit: int = 2) -> int:
        n = 0
        while n < limit and self.w(k) in allowed:
            k += 1
            n += 1
        return k

    # ------------------------------------------------------------ sub-parsers
    def year_at(self, i: int, noun_required: bool = False) -> tuple[int, Sem] | None:
        """عام 1998، سنة 2015، 1444 هـ، العام الماضي، هذا العام، السنة القادمة."""
        k = i
        noun = False
        if self.has_stem(i, *YEAR_NOUNS):
            noun = True
            k = i + 1
        elif noun_required:
            return None
        if self.w(i) in ("هذا", "هذه") and self.has_stem(i + 1, "عام", "سنه") and self.definite(i + 1):
            return i + 2, Sem(rel_year=0)
        it = self.items[k] if k < len(self.items) else None
        if it is not None and it.num is not None and (it.ndig == 4 or noun and it.ndig in (2, 3) and it.num >= 20):
            y = it.num
            j = k + 1
            cal = "gregorian"
            era = self.first(j, "ERA")
            if era and (era[1].entry.tag != "weak" or self.items[j].start - it.end <= 1):
                cal = era[1].entry.value
                j = era[0]
            if cal == "hijri" or (1300 <= y <= 1500 and self.hijri_context):
                return j, Sem(year=y, calendar="hijri")
            if not 1000 <= y <= 2200 and not noun:
                return None
            return j, Sem(year=y)
        if noun and self.definite(i):
            rel = self.first(k, "REL")
            if rel:
                s = Sem(rel_year=int(rel[1].entry.value))
                s.anaphoric = rel[1].entry.tag == "anaphoric"
                return rel[0], s
        return None

    hijri_context = False

    def month_at(self, i: int) -> tuple[int, int, str, bool] | None:
        """A month name (with an alternative name after / or in brackets), شهر 3, الشهر الثامن.

        Returns (end, month, calendar, strong) where strong says the month needs no more context.
        """
        k = i
        shahr = False
        if self.has_stem(i, "شهر") and not self.match(i, "MONTH"):
            if self.definite(i):
                o = parse_ordinal(self.norms, i + 1)
                if o and 1 <= o[0] <= 12 and self.w(i + 1).startswith("ال"):
                    return o[1], o[0], "gregorian", True
            shahr = True
            k = i + 1
        m = self.first(k, "MONTH")
        if m is None:
            if shahr and not self.definite(i):
                it = self.items[k] if k < len(self.items) else None
                if it is not None and it.num is not None and 1 <= it.num <= 12 and it.ndig <= 2:
                    return k + 1, it.num, "gregorian", True
                c = parse_cardinal(self.norms, k)
                if c and 1 <= c[0] <= 12 and self.w(k).isalpha():
                    return c[1], c[0], "gregorian", True
            return None
        j, h = m
        if h.definite and h.entry.value != "h1":
            return None  # الأب "the father", not آب; only المحرم takes the article
        cal = "hijri" if h.entry.value[0] == "h" else "gregorian"
        month = int(h.entry.value[1:])
        strong = shahr or h.entry.tag != "ctx" or any(c in h.pre for c in "بل")
        # نوفمبر/تشرين الثاني، نوفمبر (تشرين الثاني)، تشرين الثاني - نوفمبر
        if self.w(j) in ("/", "-", "–", "(", "،") and cal == "gregorian":
            m2 = self.first(j + 1, "MONTH")
            if m2 and m2[1].entry.value == h.entry.value:
                j2 = m2[0]
                if self.w(j) == "(" and self.w(j2) == ")":
                    j2 += 1
                return j2, month, cal, True
        return j, month, cal, strong

    def month_expr(self, i: int) -> tuple[int, Sem, bool] | None:
        """A month with what may follow it: a year, المقبل/الماضي, من العام الماضي."""
        k = i
        sem = Sem()
        if self.w(i) in ("هذا", "هذه") and self.has_stem(i + 1, "شهر") and self.definite(i + 1):
            return i + 2, Sem(rel_month=0), True
        if self.has_stem(i, "شهر") and self.definite(i):
            rel = self.first(i + 1, "REL")
            if rel:
                return rel[0], Sem(rel_month=int(rel[1].entry.value)), True
        m = self.month_at(k)
        if m is None:
            return None
        k, month, cal, strong = m
        sem.month, sem.calendar = month, cal
        rel = self.first(k, "REL")
        if rel and rel[1].entry.tag not in ("last",):
            v = int(rel[1].entry.value)
            if v == 0:  # فيفري الجاري: this year's
                sem.rel_year = 0
            else:
                sem.direction = v
            return rel[0], sem, True
        y = self.year_after(k, cal)
        if y:
            k, ys = y
            sem.year, sem.rel_year = ys.year, ys.rel_year
            if ys.calendar == "hijri" or cal == "hijri":
                sem.calendar = "hijri" if cal == "hijri" or ys.calendar == "hijri" else cal
            strong = True
        return k, sem, strong

    def year_after(self, k: int, cal: str = "gregorian") -> tuple[int, Sem] | None:
        """A year after a month or a date: ، 2015 / من عام 2014 / في سنة 2014 / لعام / السنة القادمة."""
        k2 = k
        if self.w(k2) in ("،", ",", "/", "-"):
            k2 += 1
        if self.w(k2) in ("من", "في"):
            k2 += 1
        self.hijri_context = cal == "hijri"
        try:
            y = self.year_at(k2)
        finally:
            self.hijri_context = False
        if y is None:
            return None
        if y[1].year is None and y[1].rel_year is None:
            return None
        return y

    def day_at(self, i: int) -> tuple[int, int, bool] | None:
        """A day of the month: 15، ١٥، الخامس عشر، اليوم الثالث. Returns (end, day, was_ordinal)."""
        it = self.items[i] if i < len(self.items) else None
        if it is None:
            return None
        if it.num is not None and 1 <= it.num <= 31 and it.ndig <= 2:
            return i + 1, it.num, False
        if it.norm == "ال" and i + 1 < len(self.items):  # الـ15 من مارس
            nxt = self.items[i + 1]
            if nxt.num is not None and 1 <= nxt.num <= 31 and nxt.ndig <= 2:
                return i + 2, nxt.num, True
        if it.norm in ("غره", "بغره", "وفي غره") or base(it.norm) == "غره":  # غرة رمضان: the first
            return i + 1, 1, True
        k = i
        if self.has_stem(i, "يوم"):
            k = i + 1
        o = parse_ordinal(self.norms, k)
        if o and 1 <= o[0] <= 31:
            return o[1], o[0], True
        return None

    def weekday_at(self, i: int) -> tuple[int, int] | None:
        """[يوم] + a weekday name; a name that is also a common word (أحد، اثنين) needs يوم."""
        k = i
        yawm = False
        if self.has_stem(i, "يوم") and not self.definite(i):
            yawm = True
            k = i + 1
        m = self.first(k, "WEEKDAY")
        if m is None:
            return None
        j, h = m
        if h.entry.tag == "ctx" and not yawm:
            if not (self.has_stem(j, "اسبوع") and self.definite(j) or self.w(j) == "من"
                    and self.has_stem(j + 1, "اسبوع", "هذا")):
                return None
        if self.w(k - 1) in ("بين", "كلا") and not yawm:
            return None
        return j, int(h.entry.value)

    def day_ref(self, i: int) -> tuple[int, Sem] | None:
        """A day a clock time or part of day can attach to: اليوم، الخميس، 15 نوفمبر."""
        if i >= len(self.items):
            return None
        for r in (self.r_deictic(i), self.r_date(i), self.r_weekday(i)):
            if r and r[1].kind == "DATE":
                return r
        return None

    # ------------------------------------------------------------ rules
    def r_date(self, i: int) -> tuple[int, Sem] | None:
        """[weekday] day [من] month [year]: الأحد 15 نوفمبر 2023، الخامس عشر من رمضان 1444 هـ."""
        k = i
        wd = None
        wd_end = -1
        w = self.weekday_at(i)
        if w:
            k, wd = w
            wd_end = k
            k = self.skip_seps(k, SEPS | {"في", "يوم"})
            num = self.numeric_at(k)
            if num:
                j, s = num
                s.weekday = wd
                return j, s
        d_start = k
        d = self.day_at(k)
        if d is None or base(self.w(i - 1)) in _PLACE_WORDS or self.w(i - 1) in _PLACE_WORDS:
            return None
        k, day, ordinal = d
        if self.w(k) == "من":
            k += 1
        elif ordinal and self.w(k - 1).startswith("ال") and parse_ordinal(self.norms, k - 1) is not None \
                and strip_al(self.w(k - 1))[0] in TENS_ORD:
            return None  # العشرين needs من before the month (قمة العشرين في سبتمبر)
        me = self.month_expr(k)
        if me is None:
            if wd is not None and ordinal and d_start == wd_end and self.w(d_start).startswith("ال"):
                # السبت السادس عشر: this month's 16th (not "مساء الثلاثاء في أول زيارة")
                return k, Sem(day=day, weekday=wd, rel_month=0)
            return None
        k, sem, _ = me
        if self.items[i].num is not None and sem.month is None and sem.rel_month is None:
            return None
        sem.day, sem.weekday = day, wd
        sem.day_or_nth = wd is not None and ordinal
        return k, sem

    def r_month(self, i: int) -> tuple[int, Sem] | None:
        """month [day] [year] | month المقبل | شهر 3: نوفمبر/تشرين الثاني 2022، يوليو 13."""
        me = self.month_expr(i)
        if me is None:
            return None
        k, sem, strong = me
        if sem.month is not None and sem.year is None and sem.rel_year is None and sem.direction is None:
            it = self.items[k] if k < len(self.items) else None
            if it is not None and it.num is not None and 1 <= it.num <= 31 and it.ndig <= 2 \
                    and not self.match(k + 1, "UNIT") and self.w(k + 1) not in (":", "."):
                sem.day = it.num
                k += 1
                y = self.year_after(k, sem.calendar)
                if y:
                    k, ys = y
                    sem.year, sem.rel_year = ys.year, ys.rel_year
                strong = True
        if not strong and not self.prev_temporal(i):
            return None
        return k, sem

    def numeric_at(self, i: int) -> tuple[int, Sem] | None:
        """15/11/2023، 2023-11-15، 15.11.2023، 2/2013 (month/year)."""
        it = self.items[i] if i < len(self.items) else None
        if it is None:
            return None
        m = _DOTTED.match(it.norm)
        if m:
            return self._ymd(i + 1, int(m.group(1)), int(m.group(2)), int(m.group(3)), len(m.group(1)), len(m.group(3)))
        if it.num is None:
            return None
        sep = self.w(i + 1)
        if sep not in ("/", "-", ".") or i + 2 >= len(self.items) or self.items[i + 2].num is None:
            return None
        b = self.items[i + 2]
        assert b.num is not None
        if self.w(i + 3) == sep and i + 4 < len(self.items) and self.items[i + 4].num is not None:
            c = self.items[i + 4]
            assert c.num is not None
            return self._ymd(i + 5, it.num, b.num, c.num, it.ndig, c.ndig)
        if b.ndig == 4 and 1 <= it.num <= 12 and it.ndig <= 2 and 1900 <= b.num <= 2100:
            return i + 3, Sem(year=b.num, month=it.num)
        if it.ndig <= 2 and b.ndig <= 2 and 1 <= it.num <= 31 and 1 <= b.num <= 12 and sep == "/" \
                and (self.weekday_at(i - 1) or self.weekday_at(i - 2) or self.has_stem(i - 1, "يوم")
                     or self.w(i - 1) in ("الموافق", "الموافقه")):
            return i + 3, Sem(day=it.num, month=b.num, numeric=True)
        return None

    def _ymd(self, j: int, a: int, b: int, c: int, na: int, nc: int) -> tuple[int, Sem] | None:
        if na == 4:
            y, m, d = a, b, c
        elif nc in (2, 4):
            d, m, y = a, b, c
            if nc == 2:
                y += 2000 if y < 50 else 1900
        else:
            return None
        if not (1 <= m <= 12 and 1 <= d <= 31 and 1800 <= y <= 2200):
            if 1300 <= y <= 1500 and 1 <= m <= 12 and 1 <= d <= 30 and self.first(j, "ERA"):
                era = self.first(j, "ERA")
                assert era is not None
                return era[0], Sem(year=y, month=m, day=d, calendar="hijri")
            return None
        era = self.first(j, "ERA")
        if era and era[1].entry.value == "hijri":
            return era[0], Sem(year=y, month=m, day=d, calendar="hijri")
        if era:
            j = era[0]
        return j, Sem(year=y, month=m, day=d)

    def r_numeric(self, i: int) -> tuple[int, Sem] | None:
        return self.numeric_at(i)

    def r_year(self, i: int) -> tuple[int, Sem] | None:
        """عام 1998، سنة 2015، 1444 هـ، or a bare year after في/منذ/حتى/بين."""
        y = self.year_at(i, True)
        if y and (y[1].year is not None):
            return y
        it = self.items[i]
        if it.num is None or it.ndig != 4:
            return None
        era = self.first(i + 1, "ERA")
        if era and (era[1].entry.tag != "weak" or self.items[i + 1].start - it.end <= 1):
            cal = era[1].entry.value
            if cal == "hijri" and 1300 <= it.num <= 1600:
                return era[0], Sem(year=it.num, calendar="hijri")
            if cal == "gregorian" and 1000 <= it.num <= 2200:
                return era[0], Sem(year=it.num)
        if not 1900 <= it.num <= 2100:
            return None
        if self.prev_temporal(i) or base(self.w(i - 1)) in _EVENT_NOUNS or self.prev_year_end == i - 1 or (
                self.prev_year_end == i - 2 and self.w(i - 1) in ("و", "-", "/", "الي", "حتي", "او")):
            if self.match(i + 1, "UNIT") or self.first(i + 1, "FEW"):
                return None
            return i + 1, Sem(year=it.num)
        return None

    prev_year_end = -10

    def r_weekday(self, i: int) -> tuple[int, Sem] | None:
        """[هذا] [يوم] weekday [الماضي|المقبل] | weekday الأسبوع الماضي | weekday من هذا الأسبوع."""
        k = i
        this = False
        if self.w(i) in ("هذا", "هذه"):
            this = True
            k = i + 1
        wdm = self.weekday_at(k)
        if wdm is None:
            return None
        k, wd = wdm
        sem = Sem(weekday=wd)
        if this:
            sem.direction = 0
        rel = self.first(k, "REL")
        before_last = self.before_last(k)
        if before_last:  # الاثنين قبل الماضي: the one before last
            k, n = before_last
            sem.direction = 1 if n > 0 else -1
            sem.skip = 1
        elif rel and not this and rel[1].entry.tag != "last":
            sem.direction = int(rel[1].entry.value)
            k = rel[0]
        elif rel and rel[1].entry.tag == "last" and self.w(rel[0]) not in ("من", "في"):
            sem.direction = -1
            k = rel[0]
        else:
            wk = self.week_ref(k if self.w(k) != "من" else k + 1)
            if wk:
                k, n = wk
                sem.rel = ("week", n)
        if self.w(k) in _ADVERB_POD:
            pod = self.first(k, "POD")
            if pod:
                sem.kind = "TIME"
                sem.pod = pod[1].entry.value.split(":")[0]
                k = pod[0]
        return k, sem

    def before_last(self, k: int) -> tuple[int, int] | None:
        """قبل الماضي → -2, بعد المقبل/بعد القادم → +2 (end, offset)."""
        w = self.w(k)
        if w in ("قبل", "بعد"):
            rel = self.first(k + 1, "REL")
            if rel and rel[1].entry.tag != "anaphoric":
                v = int(rel[1].entry.value)
                if w == "قبل" and v == -1:
                    return rel[0], -2
                if w == "بعد" and v == 1:
                    return rel[0], 2
        return None

    def week_ref(self, k: int) -> tuple[int, int] | None:
        """الأسبوع الماضي / هذا الأسبوع / الأسبوع الحالي → (end, offset in weeks)."""
        if self.w(k) in ("هذا", "هذه") and self.has_stem(k + 1, "اسبوع"):
            return k + 2, 0
        if self.has_stem(k, "اسبوع") and self.definite(k):
            rel = self.first(k + 1, "REL")
            if rel:
                return rel[0], int(rel[1].entry.value)
        return None

    def r_deictic(self, i: int) -> tuple[int, Sem] | None:
        """أمس، البارحة، غدا، يوم غد، بعد غد، أول أمس، اليوم (الأحد)، اليوم التالي."""
        k = i
        lead = False
        if self.has_stem(i, "يوم") and self.w(i + 1) in ("الذي", "الي", "اللي"):
            k = i + 2
            lead = True
        elif self.has_stem(i, "يوم") and not self.match(i, "DEICTIC"):
            k = i + 1
            lead = True
        elif self.w(i) in ("اليوم",) and (self.has_stem(i + 1, "قبل", "بعد") or self.w(i + 1) in ("الذي", "الي")):
            k = i + 2 if self.w(i + 1) in ("الذي", "الي") else i + 1
            lead = True
        off: int | None = None
        anaph = False
        w0 = self.w(k)
        if self.has_stem(k, "قبل") and self.match(k + 1, "DEICTIC") and int(self.match(k + 1, "DEICTIC")[0][1].entry.value) == -1:
            off, k = -2, k + 2
        elif self.has_stem(k, "بعد") and (self.w(k + 1) in ("غد", "الغد") or self.match(k + 1, "DEICTIC")
                                          and int(self.match(k + 1, "DEICTIC")[0][1].entry.value) == 1):
            off, k = 2, k + 2
        elif base(w0) in ("اول",) and (self.w(k + 1) == "امس" or self.w(k + 1) == "من" and self.w(k + 2) == "امس"):
            off = -2
            k = k + 2 if self.w(k + 1) == "امس" else k + 3
        elif lead and self.w(k) in ("غد", "الغد"):
            off, k = 1, k + 1
        else:
            m = self.first(k, "DEICTIC")
            if m is None or m[1].entry.tag == "weak" and not lead:
                return None
            if m[1].entry.tag == "dialect" and self.w(m[0]).startswith("ال"):
                return None  # بكرة القدم: ب + كرة, not "tomorrow"
            off = int(m[1].entry.value)
            k = m[0]
            if off == 0:
                if lead:
                    return None
                if base(self.w(i - 1)) in ("في", "كل") and i >= 2 and (
                        self.first(i - 2, "UNIT") or self.first(i - 2, "FREQ") or self.items[i - 2].num is not None):
                    return None  # 16 ساعة في اليوم، مرتين في اليوم: a rate, not today
                nxt = self.w(k)
                rel = self.first(k, "REL")
                if rel and rel[1].entry.tag != "last":
                    off = int(rel[1].entry.value) or 0
                    anaph = rel[1].entry.tag == "anaphoric"
                    k = rel[0]
                    if self.w(k) in ("من", "علي", "ل") or self.w(k).startswith("ل"):
                        anaph = True
                elif nxt in _NOT_TODAY or parse_ordinal(self.norms, k) or self.w(k) == "من":
                    return None
            elif off == -1 and self.w(k) in ("الاول", "الاولي"):
                off, k = -2, k + 1  # أمس الأول، البارحة الأولى: the day before yesterday

        sem = Sem(rel=("day", off), anaphoric=anaph)
        # اليوم (الأحد)، أمس الجمعة: the weekday the text states for that day
        k2 = k + 1 if self.w(k) == "(" else k
        wd = self.first(k2, "WEEKDAY")
        if wd and wd[1].definite:
            sem.weekday_check = int(wd[1].entry.value)
            k = wd[0]
            if self.w(k2 - 1) == "(" and self.w(k) == ")":
                k += 1
        if self.w(k) in _ADVERB_POD:
            pod = self.first(k, "POD")
            if pod:
                sem.kind = "TIME"
                sem.pod = pod[1].entry.value.split(":")[0]
                k = pod[0]
        return k, sem

    def r_pod_day(self, i: int) -> tuple[int, Sem] | None:
        """مساء السبت، صباح اليوم، فجر أمس، ليلة الخميس، هذا الصباح، الليلة، الليلة الماضية."""
        k = i
        this = False
        after_noon: str | None = None
        if self.w(i) in ("هذا", "هذه"):
            this = True
            k = i + 1
        elif self.w(i) in ("بعد", "قبل") and self.has_stem(i + 1, "ظهر", "ظهيره"):
            after_noon = "AF" if self.w(i) == "بعد" else "MO"  # بعد ظهر السبت: Saturday afternoon
            k = i + 1
        pod = self.first(k, "POD")
        if pod is None or self.w(k) in _ADVERB_POD and self.w(k).endswith("ا"):
            return None  # صباحا، ليلا: adverbs, never followed by the day they belong to
        j, h = pod
        code = after_noon or h.entry.value.split(":")[0]
        if this:
            return j, Sem(kind="TIME", rel=("day", 0), pod=code)
        if self.definite(k) and h.entry.words[0] in ("الليله", "ليله"):
            rel = self.first(j, "REL")
            if rel and int(rel[1].entry.value) == -1:
                return rel[0], Sem(kind="TIME", rel=("day", -1), pod="NI")
            if not self.first(j, "WEEKDAY") and not self.first(j, "DEICTIC"):
                return j, Sem(kind="TIME", rel=("day", 0), pod="NI")
        if self.definite(k):
            return None
        if len(h.entry.words) > 1 and h.entry.words[-1].startswith("ال") and not self.day_ref(j):
            return j, Sem(kind="TIME", rel=("day", 0), pod=code)  # منتصف الليل: tonight's midnight
        k = j
        if self.has_stem(k, "يوم") and not self.definite(k):
            k += 1
        sub = self.r_deictic(k) or self.r_date(k) or self.r_weekday(k)
        if sub is None:
            return None
        j2, s = sub
        if s.kind == "TIME":
            return None
        # ليل الخميس الجمعة: the night between two days
        if s.weekday is not None and s.day is None and self.first(j2, "WEEKDAY"):
            j2 = self.first(j2, "WEEKDAY")[0]  # type: ignore[index]
        s.kind = "TIME"
        s.pod = code
        return j2, s

    def r_rel(self, i: int) -> tuple[int, Sem] | None:
        """هذا الأسبوع، الشهر الماضي، العام المقبل، الأيام المقبلة، الأسبوعين الماضيين، القرن الماضي."""
        k = i
        this = False
        if self.w(i) in ("هذا", "هذه"):
            this = True
            k = i + 1
        u = self.first(k, "UNIT")
        if u is None or not u[1].definite:
            return None
        j, h = u
        unit, count = h.entry.value.split(":")
        if this:
            if count != "1":
                return None
            return j, Sem(rel=(unit, 0))
        if count == "1" and unit == "century":
            rel = self.first(j, "REL")
            if rel:
                return rel[0], Sem(rel_century=int(rel[1].entry.value))
            o = parse_ordinal(self.norms, j)
            if o and 1 <= o[0] <= 30:
                return o[1], Sem(century=o[0])
            return None
        if count == "1":
            bl = self.before_last(j)
            if bl:  # الأسبوع قبل الماضي، العام بعد المقبل
                return bl[0], Sem(rel=(unit, bl[1]))
            rel = self.first(j, "REL")
            if rel is None:
                return None
            if rel[1].entry.tag == "last" and self.w(rel[0]) in ("من", "في"):
                return None
            s = Sem(rel=(unit, int(rel[1].entry.value)))
            s.anaphoric = rel[1].entry.tag == "anaphoric"
            return rel[0], s
        amount: float | None = 2.0 if count == "2" else None
        k = j
        c = parse_cardinal([strip_al(self.w(k))[0]] + self.norms[k + 1:k + 4], 0) if k < len(self.norms) else None
        if c:
            c = (c[0], k + c[1])
        if count == "X" and c:
            amount = float(c[0])
            k = c[1]
        rel = self.first(k, "REL")
        if rel is None or int(rel[1].entry.value) == 0:
            return None
        return rel[0], Sem(kind="DURATION", dur=[(amount, unit)], plural_rel=int(rel[1].entry.value),
                           anaphoric=rel[1].entry.tag == "anaphoric")

    def r_holiday(self, i: int) -> tuple[int, Sem] | None:
        """عيد الفطر، عيد الأضحى 2013، رأس السنة الهجرية، عيد الميلاد 2020، عيد الفصح."""
        best = None
        for h in self.items[i].info.holidays:
            words = h.entry.words
            if all(i + k < len(self.items) and self.norms[i + k] == words[k] for k in range(1, len(words))):
                if best is None or len(words) > len(best.entry.words):
                    best = h
        if best is None:
            return None
        j = i + len(best.entry.words)
        sem = Sem(holiday=best.entry.value)
        self.hijri_context = best.entry.value.startswith("h:")
        try:
            y = self.year_at(j)
        finally:
            self.hijri_context = False
        if y and (y[1].year is not None or y[1].rel_year is not None):
            j = y[0]
            sem.year, sem.rel_year = y[1].year, y[1].rel_year
            if y[1].calendar == "hijri":
                sem.calendar = "hijri"
        else:
            rel = self.first(j, "REL")
            if rel:
                sem.direction = int(rel[1].entry.value)
                j = rel[0]
        return j, sem

    def r_season(self, i: int) -> tuple[int, Sem] | None:
        """الصيف الماضي، صيف 2015، فصل الشتاء، هذا الخريف، خريف العام الماضي."""
        k = i
        this = fasl = False
        if self.w(i) in ("هذا", "هذه"):
            this, k = True, i + 1
        if self.first(k, "SEASONN"):
            fasl, k = True, k + 1
        s = self.first(k, "SEASON")
        if s is None:
            return None
        j, h = s
        if self.w(j) in ("العربي", "عربي") or self.first(k, "MONTH") and self.first(k, "MONTH")[0] > j:  # type: ignore[index]
            return None
        sem = Sem(season=h.entry.value)
        if this:
            sem.rel_year = 0  # هذا الصيف: this year's summer
            return j, sem
        y = self.year_at(j)
        if y and (y[1].year is not None or y[1].rel_year is not None):
            sem.year, sem.rel_year = y[1].year, y[1].rel_year
            return y[0], sem
        rel = self.first(j, "REL")
        if rel:
            sem.direction = int(rel[1].entry.value)
            return rel[0], sem
        if h.entry.tag == "weak":
            return None
        if fasl or self.prev_temporal(i):
            return j, sem
        return None

    def r_decade(self, i: int) -> tuple[int, Sem] | None:
        """التسعينيات، تسعينيات القرن الماضي، عقد الثمانينيات من القرن العشرين."""
        k = i
        if self.has_stem(i, "عقد") and self.first(i + 1, "DECADE"):
            k = i + 1
        d = self.first(k, "DECADE")
        if d is None:
            return None
        j, h = d
        sem = Sem(decade=int(h.entry.value))
        j2 = j + 1 if self.w(j) == "من" else j
        c = self.r_rel(j2)
        if c and (c[1].century is not None or c[1].rel_century is not None):
            sem.century, sem.rel_century = c[1].century, c[1].rel_century
            return c[0], sem
        if h.entry.tag == "weak":
            return None
        return j, sem

    def r_weekend(self, i: int) -> tuple[int, Sem] | None:
        """نهاية الأسبوع، عطلة نهاية الأسبوع الماضي → TIMEX3 weekend (2015-W33-WE)."""
        m = self.first(i, "WEEKEND")
        if m is None:
            return None
        j, _ = m
        n = 0
        rel = self.first(j, "REL")
        if rel:
            n = int(rel[1].entry.value)
            j = rel[0]
        elif self.w(j) in ("هذه", "هذا"):
            j += 1
        return j, Sem(rel=("week", n), weekend=True)

    def r_vague(self, i: int) -> tuple[int, Sem] | None:
        """مطلع الشهر، أواخر 2021، منتصف مارس، نهاية العام الجاري، بداية الأسبوع المقبل."""
        v = self.first(i, "VAGUE")
        if v is None:
            return None
        j, h = v
        mod = h.entry.value
        weak = h.entry.tag == "weak"
        if self.w(j) == "ال":
            j += 1
        target = (self.r_date(j) if not weak else None) or self.r_month(j) or self.r_rel(j) \
            or self.year_at(j) or self.r_decade(j) or self.r_season(j)
        if target is None and not weak:
            me = self.month_expr(j)
            if me:
                target = me[0], me[1]
        if target is None:
            u = self.first(j, "UNIT")
            if u and u[1].definite and u[1].entry.value.endswith(":1") and u[1].entry.value.split(":")[0] in (
                    "week", "month", "year", "decade", "century"):
                target = u[0], Sem(rel=(u[1].entry.value.split(":")[0], 0))
        if target is None:
            return None
        k, sem = target
        if sem.kind != "DATE" or sem.day is not None and sem.month is not None:
            return None
        if sem.year is None and sem.rel is None and sem.rel_year is None and sem.month is None \
                and sem.rel_month is None and sem.decade is None and sem.season is None \
                and sem.century is None and sem.rel_century is None:
            return None
        sem.mod = mod
        return k, sem

    def r_nth(self, i: int) -> tuple[int, Sem] | None:
        """آخر اثنين من آذار، ثالث ثلاثاء في أيلول 2014، الأسبوع الأول من أكتوبر، اليوم الأخير من الشهر."""
        k = i
        nth: int | None = None
        unit: str | None = None
        wd: int | None = None
        if base(self.w(k)) in _ORD_LAST:
            nth, k = -1, k + 1
        else:
            o = parse_ordinal(self.norms, k)
            if o and not self.w(k).startswith("ال") and o[0] <= 5:
                nth, k = o
        if nth is not None:
            if self.has_stem(k, "يوم") and not self.definite(k):
                unit, k = "day", k + 1
            elif self.has_stem(k, "اسبوع") and not self.definite(k):
                unit, k = "week", k + 1
            m = self.first(k, "WEEKDAY")
            if m:
                wd, k, unit = int(m[1].entry.value), m[0], "weekday"
            if unit is None:
                return None
        else:
            if self.has_stem(k, "يوم") and self.definite(k):
                unit, k = "day", k + 1
            elif self.has_stem(k, "اسبوع") and self.definite(k):
                unit, k = "week", k + 1
            else:
                m = self.first(k, "WEEKDAY")
                if m is None or not m[1].definite:
                    return None
                wd, k, unit = int(m[1].entry.value), m[0], "weekday"
            if self.w(k) in _ORD_LAST:
                nth, k = -1, k + 1
            else:
                o = parse_ordinal(self.norms, k)
                if o is None or o[0] > 5 or unit == "day":
                    return None
                nth, k = o
        sem = Sem(nth=nth, nth_unit=unit, weekday=wd)
        if self.has_stem(k, "بعد") and unit == "weekday":
            hol = self.r_holiday(k + 1) if self.w(k) == "بعد" else None
            if hol:
                j, hs = hol
                hs.nth, hs.nth_unit, hs.weekday, hs.after_holiday = nth, unit, wd, True
                return j, hs
        conn = self.w(k) in ("من", "في")
        if conn:
            k += 1
        elif not any(h.pre.startswith("ب") for h in self.items[k].hits) if k < len(self.items) else True:
            if not (self.has_stem(k, "شهر") and self.w(k).startswith("ب")):
                return None
        me = self.month_expr(k)
        if me is None:
            return None
        j, ms, _ = me
        sem.month, sem.rel_month, sem.year, sem.rel_year = ms.month, ms.rel_month, ms.year, ms.rel_year
        sem.calendar = ms.calendar
        return j, sem

    def r_ref(self, i: int) -> tuple[int, Sem] | None:
        """مؤخرا، حاليا، قريبا، في وقت سابق (من هذا العام)، في ذلك الوقت، آنذاك."""
        m = self.first(i, "REF")
        if m is None or m[1].entry.tag == "weak":
            return None
        j, h = m
        if h.entry.value in ("PAST_REF", "FUTURE_REF") and self.w(j) == "من":
            sub = self.r_rel(j + 1) or self.year_at(j + 1)
            if sub and sub[1].kind == "DATE":
                return sub
        if h.entry.value in ("PAST_REF", "FUTURE_REF") and self.w(j) == "اليوم":
            return j + 1, Sem(rel=("day", 0))
        if h.entry.value == "SAMEDAY":  # اليوم نفسه، ذلك اليوم: the day just mentioned
            return j, Sem(rel=("day", 0), anaphoric=True)
        if h.entry.tag == "tensed":  # لاحقا: "later" — ahead of the report, or after a past event
            return j, Sem(kind="REF", ref="TENSED")
        return j, Sem(kind="REF", ref=h.entry.value)

    def r_part(self, i: int) -> tuple[int, Sem] | None:
        """الربع الأول من العام الجاري، الربع الثالث 2019، النصف الثاني من عام 2020 (TIMEX3 Q/H)."""
        m = self.first(i, "PART")
        if m is None or not self.definite(i):
            return None
        j, h = m
        o = parse_ordinal(self.norms, j)
        if o is None or not self.w(j).startswith("ال"):
            if self.w(j) in _ORD_LAST:
                o = (4 if h.entry.value == "Q" else 2, j + 1)
            else:
                return None
        n, k = o
        if n > (4 if h.entry.value == "Q" else 2):
            return None
        k2 = k + 1 if self.w(k) == "من" else k
        y = self.year_at(k2)
        if y is not None and (y[1].year is not None or y[1].rel_year is not None):
            return y[0], Sem(year=y[1].year, rel_year=y[1].rel_year, part=f"{h.entry.value}{n}")
        if h.entry.value == "Q":  # أرباح الربع الأول: this year's
            return k, Sem(rel_year=0, part=f"Q{n}")
        return None

    def r_set(self, i: int) -> tuple[int, Sem] | None:
        """يوميا، أسبوعيا، كل يوم، كل اثنين، كل ثلاثة أشهر، مرتين في الأسبوع."""
        m = self.first(i, "SETW")
        if m is None:
            f = self.first(i, "FREQ")
            if f is None:
                return None
            j = f[0]
            if self.w(j) not in ("في", "كل") and not self.has_stem(j, "كل"):
                return None
            u = self.first(j + 1, "UNIT")
            if u is None or not u[1].entry.value.endswith(":1"):
                return None
            unit = u[1].entry.value.split(":")[0]
            from khabar.time.resolve import fmt_duration

            return u[0], Sem(kind="SET", set_value=fmt_duration([(1.0, unit)]), freq=f"{f[1].entry.value}X")
        j, h = m
        if h.entry.value != "EACH":
            return j, Sem(kind="SET", set_value=h.entry.value)
        from khabar.time.resolve import fmt_duration

        wdm = self.weekday_at(j)  # كل جمعة، كل يوم اثنين (not "كل واحد": و + أحد)
        hit = self.first(j, "WEEKDAY")
        if wdm is None and hit is not None and not hit[1].pre and (
                hit[1].entry.tag != "ctx" or hit[1].entry.words[0] in ("جمعه", "خميس", "سبت")):
            wdm = (hit[0], int(hit[1].entry.value))  # كل جمعة (but كل أحد "everyone", كل اثنين "every two")
        if wdm:
            return wdm[0], Sem(kind="SET", set_value=f"XXXX-WXX-{wdm[1]}")
        c = parse_cardinal(self.norms, j)
        k = c[1] if c else j
        u = self.first(k, "UNIT")
        if u is None or u[1].definite:
            return None
        unit, count = u[1].entry.value.split(":")
        if count == "X" and not c:
            return None
        amount = float(c[0]) if c else (2.0 if count == "2" else 1.0)
        return u[0], Sem(kind="SET", set_value=fmt_duration([(amount, unit)]))


