"""The calendar grammar of Arabic time expressions over one sentence's items.

``Parser.scan`` (:mod:`khabar.time.parser`) tries the rules at every word that can start a
time expression and keeps the longest match; each rule builds a :class:`~khabar.time.sem.Sem`
and nothing is compiled at run time. This module holds the shared helpers, the sub-parsers
(years, months, days, weekdays) and the date rules; :mod:`khabar.time.periods` adds holidays,
seasons, decades, vague spans, ordinals in a month, references and sets, and
:mod:`khabar.time.clock` clock times and durations.
"""

from __future__ import annotations

from collections.abc import Sequence

from khabar.doc import Token
from khabar.time.lexicon import Hit
from khabar.time.numbers import ORD_FIRST, parse_cardinal, parse_ordinal, strip_al
from khabar.time.sem import Sem
from khabar.time.words import (
    _ADVERB_POD,
    _BASE,
    _DOTTED,
    _EVENT_NOUNS,
    _NOT_TODAY,
    _PLACE_WORDS,
    SEPS,
    TEMPORAL_PREPS,
    TENS_ORD,
    YEAR_NOUNS,
    WordInfo,
    base,
)


def _month_value(v: str) -> tuple[str, int]:
    """(calendar, month) of a MONTH entry's value: g11 → ("gregorian", 11), h9 → ("hijri", 9)."""
    return "hijri" if v[0] == "h" else "gregorian", int(v[1:])


_WEEKDAY_SEPS = SEPS | {"في", "يوم"}  # what may stand between a weekday and its date
_NUM_SEPS = frozenset({"/", "-", "."})  # between the numbers of a date written in digits
# the words w before a date with base(w) or w a place word (نهج 20 مارس): the place words, and
# each with و/ف before it when base() would strip that again (none at present)
_PLACE_PREV = _PLACE_WORDS | {c + w for c in "وف" for w in _PLACE_WORDS & _BASE if len(w) > 1}
_MONTH_VALUES = {f"{c}{m}": _month_value(f"{c}{m}") for c in "gh" for m in range(1, 13)}


class DateRules:
    """Calendar rules (dates, months, years, weekdays, relative periods, holidays, seasons).

    The sentence is held as parallel lists padded past both ends (negative indices wrap onto the
    padding), so rules read ``self.wp[i]`` / ``self.infos[i]`` anywhere near the sentence without
    bounds checks: the padding is the empty word with no analysis.
    """

    norms: list[str]  # the sentence's normalised words, padded with "" (the number parsers stop there)
    wp: list[str]  # the same list (the name the rules read words by)
    infos: list[WordInfo]  # their analyses, padded with the empty analysis
    toks: Sequence[Token]  # the sentence's tokens (offsets, for "1444 هـ" vs "1444 ه")
    n: int  # number of words
    hijri_context: bool  # a Hijri month or holiday came just before: a bare 1300–1500 is a Hijri year
    prev_year_end: int  # the last word of the latest bare year (2014 و 2015 continue a list of years)

    # no instance dict: attributes live in slots (faster to read, and every method lookup stays on
    # the fast path); ``Parser`` sets them all
    __slots__ = ("norms", "wp", "infos", "toks", "n", "hijri_context", "prev_year_end")

    # ------------------------------------------------------------ small helpers
    def w(self, i: int) -> str:
        return self.wp[i]

    def has_stem(self, i: int, *stems: str) -> bool:
        """Whether item i is one of ``stems`` once its proclitics are removed (time words only)."""
        ss = self.infos[i].stems
        return bool(ss) and not ss.isdisjoint(stems)

    def definite(self, i: int) -> bool:
        """Whether item i carries the article (الأسبوع، بالأمس، للعام)."""
        return self.infos[i].definite

    def match(self, i: int, cat: str) -> list[tuple[int, Hit]]:
        """Entries of ``cat`` starting at item i (multi-word aware), longest first."""
        hs = self.infos[i].bycat.get(cat)
        if not hs:
            return []
        out: list[tuple[int, Hit]] = []
        wp = self.wp
        for h in hs:
            words = h.entry.words
            if len(words) == 1 or all(wp[i + k] == words[k] for k in range(1, len(words))):
                out.append((i + len(words), h))
        return out

    def first(self, i: int, cat: str) -> tuple[int, Hit] | None:
        """The longest entry of ``cat`` at item i, or None (the first in lexicon order among the
        longest: multi-word entries are indexed by their second word, see ``WordInfo.multi``)."""
        info = self.infos[i]
        m = info.multi.get(cat) if info.multi else None  # (most words start no multi-word entry)
        if m is not None:
            wp = self.wp
            for h in m.get(wp[i + 1], ()):
                words = h.entry.words
                nw = len(words)
                k = 2
                while k < nw and wp[i + k] == words[k]:
                    k += 1
                if k == nw:
                    return i + nw, h
        h1 = info.single.get(cat)
        return None if h1 is None else (i + 1, h1)

    def prev_temporal(self, i: int) -> bool:
        """Whether the word before item i makes a following name temporal (في، منذ، خلال …)."""
        p = self.wp[i - 1]
        return base(p) in TEMPORAL_PREPS or p in TEMPORAL_PREPS

    def skip_seps(self, k: int, allowed: frozenset[str] = SEPS, limit: int = 2) -> int:
        n = 0
        while n < limit and self.wp[k] in allowed:
            k += 1
            n += 1
        return k

    # ------------------------------------------------------------ sub-parsers
    def year_at(self, i: int, noun_required: bool = False) -> tuple[int, Sem] | None:
        """عام 1998، سنة 2015، 1444 هـ، العام الماضي، هذا العام، السنة القادمة."""
        k = i
        noun = False
        if not self.infos[i].stems.isdisjoint(YEAR_NOUNS):
            noun = True
            k = i + 1
        elif noun_required:
            return None
        if self.wp[i] in {"هذا", "هذه"} and not self.infos[i + 1].stems.isdisjoint(("عام", "سنه")) and self.infos[i + 1].definite:
            return i + 2, Sem(rel_year=0)
        it = self.infos[k]
        y = it.num
        if y is not None and (it.ndig == 4 or noun and it.ndig in (2, 3) and y >= 20):
            j = k + 1
            cal = "gregorian"
            era = self.first(j, "ERA") if "ERA" in self.infos[j].bycat else None
            if era and (era[1].entry.tag != "weak" or self.toks[j].start - self.toks[k].end <= 1):
                cal = era[1].entry.value
                j = era[0]
            if cal == "hijri" or (1300 <= y <= 1500 and self.hijri_context):
                sem = Sem()
                sem.year, sem.calendar = y, "hijri"
                return j, sem
            if not 1000 <= y <= 2200 and not noun:
                return None
            sem = Sem()
            sem.year = y
            return j, sem
        if noun and self.infos[i].definite:
            rel = self.first(k, "REL")
            if rel:
                s = Sem(rel_year=int(rel[1].entry.value))
                s.anaphoric = rel[1].entry.tag == "anaphoric"
                return rel[0], s
        return None

    def month_at(self, i: int) -> tuple[int, int, str, bool] | None:
        """A month name (with an alternative name after / or in brackets), شهر 3, الشهر الثامن.

        Returns (end, month, calendar, strong) where strong says the month needs no more context.
        """
        k = i
        shahr = False
        if "شهر" in self.infos[i].stems and not self.match(i, "MONTH"):
            if self.infos[i].definite:
                o = parse_ordinal(self.norms, i + 1)
                if o and 1 <= o[0] <= 12 and self.wp[i + 1].startswith("ال"):
                    return o[1], o[0], "gregorian", True
            shahr = True
            k = i + 1
        m = self.first(k, "MONTH") if "MONTH" in self.infos[k].bycat else None
        if m is None:
            if shahr and not self.infos[i].definite:
                it = self.infos[k]
                if it.num is not None and 1 <= it.num <= 12 and it.ndig <= 2:
                    return k + 1, it.num, "gregorian", True
                c = parse_cardinal(self.norms, k)
                if c and 1 <= c[0] <= 12 and self.wp[k].isalpha():
                    return c[1], c[0], "gregorian", True
            return None
        j, h = m
        if h.definite and h.entry.value != "h1":
            return None  # الأب "the father", not آب; only المحرم takes the article
        cal, month = _MONTH_VALUES.get(h.entry.value) or _month_value(h.entry.value)
        strong = shahr or h.entry.tag != "ctx" or "ب" in h.pre or "ل" in h.pre
        # نوفمبر/تشرين الثاني، نوفمبر (تشرين الثاني)، تشرين الثاني - نوفمبر
        if self.wp[j] in {"/", "-", "–", "(", "،"} and cal == "gregorian":
            m2 = self.first(j + 1, "MONTH")
            if m2 and m2[1].entry.value == h.entry.value:
                j2 = m2[0]
                if self.wp[j] == "(" and self.wp[j2] == ")":
                    j2 += 1
                return j2, month, cal, True
        return j, month, cal, strong

    def month_expr(self, i: int) -> tuple[int, Sem, bool] | None:
        """A month with what may follow it: a year, المقبل/الماضي, من العام الماضي."""
        k = i
        if self.wp[i] in {"هذا", "هذه"} and "شهر" in self.infos[i + 1].stems and self.infos[i + 1].definite:
            return i + 2, Sem(rel_month=0), True
        if "شهر" in self.infos[i].stems and self.infos[i].definite:
            rel = self.first(i + 1, "REL")
            if rel:
                return rel[0], Sem(rel_month=int(rel[1].entry.value)), True
        m = self.month_at(k)
        if m is None:
            return None
        k, month, cal, strong = m
        sem = Sem()
        sem.month, sem.calendar = month, cal
        rel = self.first(k, "REL") if "REL" in self.infos[k].bycat else None
        if rel and rel[1].entry.tag not in ("last",):
            v = int(rel[1].entry.value)
            if v == 0:  # فيفري الجاري: this year's
                sem.rel_year = 0
            else:
                sem.direction = v
            return rel[0], sem, True
        y = self.year_after(k, cal) if self.infos[k].cont else None  # (a year follows a connector or a time word)
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
        if self.wp[k2] in {"،", ",", "/", "-"}:
            k2 += 1
        if self.wp[k2] in {"من", "في"}:
            k2 += 1
        it = self.infos[k2]
        if it.num is None and it.stems.isdisjoint(YEAR_NOUNS) and self.wp[k2] not in {"هذا", "هذه"}:
            return None  # what year_at needs to find anything: digits, a year noun or هذا/هذه
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
        if i >= self.n:
            return None
        it = self.infos[i]
        num = it.num
        if num is not None and 1 <= num <= 31 and it.ndig <= 2:
            return i + 1, num, False
        norm = self.wp[i]
        if norm == "ال" and i + 1 < self.n:  # الـ15 من مارس
            nxt = self.infos[i + 1]
            if nxt.num is not None and 1 <= nxt.num <= 31 and nxt.ndig <= 2:
                return i + 2, nxt.num, True
        if norm == "غره" or norm == "بغره":  # غرة رمضان: the first
            return i + 1, 1, True
        k = i
        if "يوم" in self.infos[i].stems:
            k = i + 1
        o = parse_ordinal(self.norms, k) if self.wp[k] in ORD_FIRST else None  # (what it needs)
        if o and 1 <= o[0] <= 31:
            return o[1], o[0], True
        return None

    def weekday_at(self, i: int) -> tuple[int, int] | None:
        """[يوم] + a weekday name; a name that is also a common word (أحد، اثنين) needs يوم."""
        k = i
        yawm = False
        if "يوم" in self.infos[i].stems and not self.infos[i].definite:
            yawm = True
            k = i + 1
        m = self.first(k, "WEEKDAY") if "WEEKDAY" in self.infos[k].bycat else None
        if m is None:
            return None
        j, h = m
        if h.entry.tag == "ctx" and not yawm:
            if not ("اسبوع" in self.infos[j].stems and self.infos[j].definite or self.wp[j] == "من"
                    and not self.infos[j + 1].stems.isdisjoint(("اسبوع", "هذا"))):
                return None
        if self.wp[k - 1] in {"بين", "كلا"} and not yawm:
            return None
        return j, int(h.entry.value)

    def day_ref(self, i: int) -> tuple[int, Sem] | None:
        """A day a clock time or part of day can attach to: اليوم، الخميس، 15 نوفمبر."""
        if i >= self.n:
            return None
        r = self.r_deictic(i)
        if r and r[1].kind == "DATE":
            return r
        r = self.r_date(i)
        if r and r[1].kind == "DATE":
            return r
        r = self.r_weekday(i)  # each rule only when the one before gave no day (rules have no side effects)
        return r if r and r[1].kind == "DATE" else None

    # ------------------------------------------------------------ rules
    def r_date(self, i: int) -> tuple[int, Sem] | None:
        """[weekday] day [من] month [year]: الأحد 15 نوفمبر 2023، الخامس عشر من رمضان 1444 هـ."""
        k = i
        wd = None
        wd_end = -1
        infos = self.infos
        # (weekday_at needs a weekday here or after يوم; numeric_at digits here)
        w = self.weekday_at(i) if "WEEKDAY" in infos[i].bycat or "WEEKDAY" in infos[i + 1].bycat else None
        if w:
            k, wd = w
            wd_end = k
            wp = self.wp
            if wp[k] in _WEEKDAY_SEPS:  # skip_seps(k, _WEEKDAY_SEPS), inlined: at most two
                k += 1
                if wp[k] in _WEEKDAY_SEPS:
                    k += 1
            # (numeric_at needs digits with a separator after them, or a dotted date)
            it = infos[k]
            num = self.numeric_at(k) if it.num is not None and wp[k + 1] in _NUM_SEPS or "NUMDOT" in it.cats else None
            if num:
                j, s = num
                s.weekday = wd
                return j, s
        d_start = k
        d = self.day_at(k)
        if d is None or self.wp[i - 1] in _PLACE_PREV:  # base(w) or w in _PLACE_WORDS
            return None
        k, day, ordinal = d
        if self.wp[k] == "من":
            k += 1
        elif ordinal and self.wp[k - 1].startswith("ال") and parse_ordinal(self.norms, k - 1) is not None \
                and strip_al(self.wp[k - 1])[0] in TENS_ORD:
            return None  # العشرين needs من before the month (قمة العشرين في سبتمبر)
        me = self.month_expr(k)
        if me is None:
            if wd is not None and ordinal and d_start == wd_end and self.wp[d_start].startswith("ال"):
                # السبت السادس عشر: this month's 16th (not "مساء الثلاثاء في أول زيارة")
                return k, Sem(day=day, weekday=wd, rel_month=0)
            return None
        k, sem, _ = me
        if self.infos[i].num is not None and sem.month is None and sem.rel_month is None:
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
            it = self.infos[k]
            if it.num is not None and 1 <= it.num <= 31 and it.ndig <= 2 \
                    and not self.match(k + 1, "UNIT") and self.wp[k + 1] not in {":", "."}:
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
        if i >= self.n:
            return None
        it = self.infos[i]
        m = _DOTTED.match(self.wp[i]) if "NUMDOT" in it.cats else None
        if m:
            return self._ymd(i + 1, int(m.group(1)), int(m.group(2)), int(m.group(3)), len(m.group(1)), len(m.group(3)))
        if it.num is None:
            return None
        sep = self.wp[i + 1]
        if sep not in _NUM_SEPS or i + 2 >= self.n or self.infos[i + 2].num is None:
            return None
        b = self.infos[i + 2]
        assert b.num is not None
        if self.wp[i + 3] == sep and i + 4 < self.n and self.infos[i + 4].num is not None:
            c = self.infos[i + 4]
            assert c.num is not None
            return self._ymd(i + 5, it.num, b.num, c.num, it.ndig, c.ndig)
        if b.ndig == 4 and 1 <= it.num <= 12 and it.ndig <= 2 and 1900 <= b.num <= 2100:
            return i + 3, Sem(year=b.num, month=it.num)
        if it.ndig <= 2 and b.ndig <= 2 and 1 <= it.num <= 31 and 1 <= b.num <= 12 and sep == "/" \
                and (self.weekday_at(i - 1) or self.weekday_at(i - 2) or "يوم" in self.infos[i - 1].stems
                     or self.wp[i - 1] in {"الموافق", "الموافقه"}):
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
        it = self.infos[i]
        if it.num is None or it.ndig != 4:
            return None
        era = self.first(i + 1, "ERA")
        if era and (era[1].entry.tag != "weak" or self.toks[i + 1].start - self.toks[i].end <= 1):
            cal = era[1].entry.value
            if cal == "hijri" and 1300 <= it.num <= 1600:
                return era[0], Sem(year=it.num, calendar="hijri")
            if cal == "gregorian" and 1000 <= it.num <= 2200:
                return era[0], Sem(year=it.num)
        if not 1900 <= it.num <= 2100:
            return None
        if self.prev_temporal(i) or base(self.wp[i - 1]) in _EVENT_NOUNS or self.prev_year_end == i - 1 or (
                self.prev_year_end == i - 2 and self.wp[i - 1] in {"و", "-", "/", "الي", "حتي", "او"}):
            if self.match(i + 1, "UNIT") or self.first(i + 1, "FEW"):
                return None
            sem = Sem()
            sem.year = it.num
            return i + 1, sem
        return None

    def r_weekday(self, i: int) -> tuple[int, Sem] | None:
        """[هذا] [يوم] weekday [الماضي|المقبل] | weekday الأسبوع الماضي | weekday من هذا الأسبوع."""
        k = i
        this = False
        if self.wp[i] in {"هذا", "هذه"}:
            this = True
            k = i + 1
        wdm = self.weekday_at(k)
        if wdm is None:
            return None
        k, wd = wdm
        sem = Sem()
        sem.weekday = wd
        if this:
            sem.direction = 0
        # (each sub-parser only where its first word can start it: ``first`` finds nothing for a
        # category the word lacks, ``before_last`` needs قبل/بعد, ``week_ref`` هذا or أسبوع)
        rel = self.first(k, "REL") if "REL" in self.infos[k].bycat else None
        before_last = self.before_last(k) if self.wp[k] in {"قبل", "بعد"} else None
        if before_last:  # الاثنين قبل الماضي: the one before last
            k, n = before_last
            sem.direction = 1 if n > 0 else -1
            sem.skip = 1
        elif rel and not this and rel[1].entry.tag != "last":
            sem.direction = int(rel[1].entry.value)
            k = rel[0]
        elif rel and rel[1].entry.tag == "last" and self.wp[rel[0]] not in {"من", "في"}:
            sem.direction = -1
            k = rel[0]
        else:
            k2 = k if self.wp[k] != "من" else k + 1
            wk = self.week_ref(k2) if self.wp[k2] in {"هذا", "هذه"} or "اسبوع" in self.infos[k2].stems else None
            if wk:
                k, n = wk
                sem.rel = ("week", n)
        if self.wp[k] in _ADVERB_POD:
            pod = self.first(k, "POD")
            if pod:
                sem.kind = "TIME"
                sem.pod = pod[1].entry.value.split(":")[0]
                k = pod[0]
        return k, sem

    def before_last(self, k: int) -> tuple[int, int] | None:
        """قبل الماضي → -2, بعد المقبل/بعد القادم → +2 (end, offset)."""
        w = self.wp[k]
        if w in {"قبل", "بعد"}:
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
        if self.wp[k] in {"هذا", "هذه"} and "اسبوع" in self.infos[k + 1].stems:
            return k + 2, 0
        if "اسبوع" in self.infos[k].stems and self.infos[k].definite:
            rel = self.first(k + 1, "REL")
            if rel:
                return rel[0], int(rel[1].entry.value)
        return None

    def r_deictic(self, i: int) -> tuple[int, Sem] | None:
        """أمس، البارحة، غدا، يوم غد، بعد غد، أول أمس، اليوم (الأحد)، اليوم التالي."""
        k = i
        lead = False
        if "يوم" in self.infos[i].stems and self.wp[i + 1] in {"الذي", "الي", "اللي"}:
            k = i + 2
            lead = True
        elif "يوم" in self.infos[i].stems and not self.match(i, "DEICTIC"):
            k = i + 1
            lead = True
        elif self.wp[i] in ("اليوم",) and (not self.infos[i + 1].stems.isdisjoint(("قبل", "بعد")) or self.wp[i + 1] in {"الذي", "الي"}):
            k = i + 2 if self.wp[i + 1] in {"الذي", "الي"} else i + 1
            lead = True
        off: int | None = None
        anaph = False
        w0 = self.wp[k]
        if "قبل" in self.infos[k].stems and self.match(k + 1, "DEICTIC") and int(self.match(k + 1, "DEICTIC")[0][1].entry.value) == -1:
            off, k = -2, k + 2
        elif "بعد" in self.infos[k].stems and (self.wp[k + 1] in {"غد", "الغد"} or self.match(k + 1, "DEICTIC")
                                          and int(self.match(k + 1, "DEICTIC")[0][1].entry.value) == 1):
            off, k = 2, k + 2
        elif w0 == "اول" and (self.wp[k + 1] == "امس" or self.wp[k + 1] == "من" and self.wp[k + 2] == "امس"):
            off = -2
            k = k + 2 if self.wp[k + 1] == "امس" else k + 3
        elif lead and self.wp[k] in {"غد", "الغد"}:
            off, k = 1, k + 1
        else:
            m = self.first(k, "DEICTIC")
            if m is None or m[1].entry.tag == "weak" and not lead:
                return None
            if m[1].entry.tag == "dialect" and self.wp[m[0]].startswith("ال"):
                return None  # بكرة القدم: ب + كرة, not "tomorrow"
            off = int(m[1].entry.value)
            k = m[0]
            if off == 0:
                if lead:
                    return None
                if base(self.wp[i - 1]) in {"في", "كل"} and i >= 2 and (
                        self.first(i - 2, "UNIT") or self.first(i - 2, "FREQ") or self.infos[i - 2].num is not None):
                    return None  # 16 ساعة في اليوم، مرتين في اليوم: a rate, not today
                nxt = self.wp[k]
                rel = self.first(k, "REL") if "REL" in self.infos[k].bycat else None
                if rel and rel[1].entry.tag != "last":
                    off = int(rel[1].entry.value) or 0
                    anaph = rel[1].entry.tag == "anaphoric"
                    k = rel[0]
                    if self.wp[k] in {"من", "علي", "ل"} or self.wp[k].startswith("ل"):
                        anaph = True
                elif nxt in _NOT_TODAY or parse_ordinal(self.norms, k) or self.wp[k] == "من":
                    return None
            elif off == -1 and self.wp[k] in {"الاول", "الاولي"}:
                off, k = -2, k + 1  # أمس الأول، البارحة الأولى: the day before yesterday

        sem = Sem()
        sem.rel, sem.anaphoric = ("day", off), anaph
        # اليوم (الأحد)، أمس الجمعة: the weekday the text states for that day
        k2 = k + 1 if self.wp[k] == "(" else k
        wd = self.first(k2, "WEEKDAY") if "WEEKDAY" in self.infos[k2].bycat else None
        if wd and wd[1].definite:
            sem.weekday_check = int(wd[1].entry.value)
            k = wd[0]
            if self.wp[k2 - 1] == "(" and self.wp[k] == ")":
                k += 1
        if self.wp[k] in _ADVERB_POD:
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
        if self.wp[i] in {"هذا", "هذه"}:
            this = True
            k = i + 1
        elif self.wp[i] in {"بعد", "قبل"} and not self.infos[i + 1].stems.isdisjoint(("ظهر", "ظهيره")):
            after_noon = "AF" if self.wp[i] == "بعد" else "MO"  # بعد ظهر السبت: Saturday afternoon
            k = i + 1
        pod = self.first(k, "POD")
        if pod is None or self.wp[k] in _ADVERB_POD and self.wp[k].endswith("ا"):
            return None  # صباحا، ليلا: adverbs, never followed by the day they belong to
        j, h = pod
        code = after_noon or h.entry.value.split(":")[0]
        if this:
            return j, Sem(kind="TIME", rel=("day", 0), pod=code)
        if self.infos[k].definite and h.entry.words[0] in {"الليله", "ليله"}:
            rel = self.first(j, "REL")
            if rel and int(rel[1].entry.value) == -1:
                return rel[0], Sem(kind="TIME", rel=("day", -1), pod="NI")
            if not self.first(j, "WEEKDAY") and not self.first(j, "DEICTIC"):
                return j, Sem(kind="TIME", rel=("day", 0), pod="NI")
        if self.infos[k].definite:
            return None
        if len(h.entry.words) > 1 and h.entry.words[-1].startswith("ال") and not self.day_ref(j):
            return j, Sem(kind="TIME", rel=("day", 0), pod=code)  # منتصف الليل: tonight's midnight
        k = j
        if "يوم" in self.infos[k].stems and not self.infos[k].definite:
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
        if self.wp[i] in {"هذا", "هذه"}:
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
            s = Sem()
            s.rel = (unit, 0)
            return j, s
        if count == "1" and unit == "century":
            rel = self.first(j, "REL")
            if rel:
                return rel[0], Sem(rel_century=int(rel[1].entry.value))
            o = parse_ordinal(self.norms, j)
            if o and 1 <= o[0] <= 30:
                return o[1], Sem(century=o[0])
            return None
        if count == "1":
            bl = self.before_last(j) if self.wp[j] in {"قبل", "بعد"} else None
            if bl:  # الأسبوع قبل الماضي، العام بعد المقبل
                return bl[0], Sem(rel=(unit, bl[1]))
            rel = self.first(j, "REL") if "REL" in self.infos[j].bycat else None
            if rel is None:
                return None
            if rel[1].entry.tag == "last" and self.wp[rel[0]] in {"من", "في"}:
                return None
            s = Sem()
            s.rel = (unit, int(rel[1].entry.value))
            s.anaphoric = rel[1].entry.tag == "anaphoric"
            return rel[0], s
        amount: float | None = 2.0 if count == "2" else None
        k = j
        c = parse_cardinal([strip_al(self.wp[k])[0]] + self.norms[k + 1:k + 4], 0) if k < self.n else None
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
