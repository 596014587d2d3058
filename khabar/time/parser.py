"""The sentence scanner: tries every rule where a time expression can start, keeps the longest
match, and joins a day with a following clock time (الخميس الساعة 8، يوم السبت 21/09 الساعة 1:30)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from khabar.doc import Token
from khabar.time.clock import ClockRules, merge_date
from khabar.time.patterns import DateRules
from khabar.time.periods import PeriodRules
from khabar.time.sem import Sem
from khabar.time.words import PAD_INFOS, PAD_WORDS, Cand, WordInfo, cat_mask

_TZ_BIT = cat_mask("TZ")
_CLOCK_START = cat_mask("APPROX CLOCK CLOCKLEAD NUM NUMW ORD")  # what a clock time can begin with
_RULES_FOR: dict[tuple[int, int], tuple[Rule, ...]] = {}  # (a word's categories, the next words') → rules to try
_RANGE_LINK = frozenset({"الي", "حتي", "-", "–", "و", "لغايه", "وحتي"})
_JOIN = frozenset({"،", ",", "في", "عند", "-", "–", "يوم"})

Rule = Callable[["Parser", int], "tuple[int, Sem] | None"]


def _day_level(s: Sem) -> bool:
    return s.kind == "DATE" and (s.day is not None or s.weekday is not None or s.holiday is not None
                                 or (s.rel is not None and s.rel[0] == "day")) and s.mod is None


class Parser(ClockRules):
    """Finds the time expressions of one sentence (a list of items)."""

    __slots__ = ("checked",)

    # each rule, the word categories it can start at, and the categories of which at least one
    # must occur within WINDOW words from there (bit masks, checked before the rule runs)
    RULES: ClassVar[tuple[tuple[Rule, int, int], ...]] = tuple((r, cat_mask(start), cat_mask(need)) for r, start, need in (
        (DateRules.r_date, "WEEKDAY UNIT NUM ORD AL GHURRA", "MONTH SHAHR SEP ORD NUMDOT"),
        (PeriodRules.r_nth, "ORD VAGUE UNIT WEEKDAY", "MONTH SHAHR HOL"),
        (DateRules.r_month, "MONTH UNIT DEM", "MONTH SHAHR"),
        (DateRules.r_numeric, "NUM", "SEP NUMDOT"),
        (DateRules.r_year, "YEARN UNIT NUM", "NUM4"),
        (PeriodRules.r_holiday, "HOL", "HOL"),
        (DateRules.r_deictic, "DEICTIC UNIT TRIG VAGUE ORD", "DEICTIC"),
        (DateRules.r_pod_day, "POD DEM TRIG", "POD"),
        (DateRules.r_weekday, "WEEKDAY UNIT DEM", "WEEKDAY"),
        (PeriodRules.r_weekend, "WEEKEND", "WEEKEND"),
        (DateRules.r_rel, "UNIT DEM", "REL DEM ORD"),
        (PeriodRules.r_vague, "VAGUE", "NUM4 MONTH SHAHR UNIT DECADE SEASON"),
        (PeriodRules.r_season, "SEASON SEASONN DEM", "SEASON"),
        (PeriodRules.r_decade, "DECADE UNIT", "DECADE"),
        (ClockRules.r_clock, "APPROX CLOCK CLOCKLEAD NUM ORD", "CLOCK COLON POD"),
        (ClockRules.r_duration, "TRIG APPROX NUM NUMW FEW UNIT FRAC AL", "UNIT"),
        (PeriodRules.r_ref, "REF", "REF"),
        (PeriodRules.r_part, "PART", "ORD LASTW"),
        (PeriodRules.r_set, "SETW FREQ", "SETW UNIT WEEKDAY"),
    ))
    # a second such condition for two rules often tried in vain, read off their code: a date needs
    # a month (or شهر), digits with separators or a weekday (الساعة الثالثة has an ordinal but no
    # date); an ordinal in a month needs a month, or a weekday before a holiday (اليوم has none)
    ALSO: ClassVar[dict[Rule, int]] = {
        DateRules.r_date: cat_mask("MONTH SHAHR SEP NUMDOT WEEKDAY"),
        PeriodRules.r_nth: cat_mask("MONTH SHAHR WEEKDAY"),
    }
    # and a third, on the words after the first alone: a date has a month (or شهر), digits or an
    # ordinal after its first word (الأحد الماضي has none: the ordinal is الأحد itself)
    AFTER: ClassVar[dict[Rule, int]] = {DateRules.r_date: cat_mask("MONTH SHAHR NUM NUMDOT ORD")}
    WINDOW: ClassVar[int] = 7
    LOOKAHEAD: ClassVar[int] = 5  # a leading word (بعد، حوالي، مطلع …) is tried only this close to a core word

    def __init__(self, norms: list[str], infos: list[WordInfo], toks: Sequence[Token], n: int = -1) -> None:
        """``n`` ≥ 0: ``norms`` and ``infos`` already carry the padding after their first n items
        (the stage pads them in place); the number parsers then read the padded words, which they
        take as the end of the sentence."""
        if n < 0:
            n = len(norms)
            norms = norms + PAD_WORDS
            infos = infos + PAD_INFOS
        self.n = n
        # padded past the end; an index just below 0 wraps onto the padding too (no bounds checks)
        self.norms = self.wp = norms
        self.infos = infos
        self.toks = toks
        self.prev_year_end = -10
        self.hijri_context = False
        self.checked = False  # a match states the weekday of its day (اليوم (الأحد)): see TimeStage.__call__ and stated_anchor

    def _multi_here(self, i: int) -> bool:
        """Whether a multi-word entry (في وقت سابق، عيد الفطر) matches in full at item i."""
        info = self.infos[i]
        if not info.seconds or self.wp[i + 1] not in info.seconds:
            return False
        if "HOL" in info.cats:
            return True
        wp = self.wp
        for m in info.multi.values():
            for h in m.get(wp[i + 1], ()):
                words = h.entry.words
                if all(wp[i + k] == words[k] for k in range(2, len(words))):
                    return True
        return False

    def _run_end(self, i: int) -> int:
        """Where the run of words rules may consume (time words and connectors) that starts at i
        ends; a time-zone word (بتوقيت) lets it reach two words further (GMT، مكة المكرمة)."""
        infos = self.infos
        n = self.n
        e = i
        reach = 0
        while e < n and infos[e].cont:
            if infos[e].mask & _TZ_BIT:
                reach = max(reach, min(n, e + 3))
            e += 1
        return max(e, reach)

    @classmethod
    def rules_for(cls, mask: int, after: int) -> tuple[Rule, ...]:
        """The rules a word with category bits ``mask`` can start, given the categories ``after``
        of the WINDOW - 1 words after it (cached per pair of masks)."""
        rules = _RULES_FOR.get((mask, after))
        if rules is None:
            also, later = cls.ALSO, cls.AFTER
            win = mask | after
            rules = tuple(r for r, starts, need in cls.RULES
                          if mask & starts and win & need and win & also.get(r, win) and (r not in later or after & later[r]))
            if len(_RULES_FOR) < 50_000:
                _RULES_FOR[(mask, after)] = rules
        return rules

    def best_at(self, i: int, limit: int | None = None) -> tuple[int, Sem] | None:
        """The longest match at item i (the first rule wins ties). ``limit``: no rule can consume
        beyond it (the end of the run of time words and connectors), so a match reaching it ends
        the search early."""
        best: tuple[int, Sem] | None = None
        if limit is None:
            limit = self.n
        infos = self.infos
        after = (infos[i + 1].mask | infos[i + 2].mask | infos[i + 3].mask | infos[i + 4].mask
                 | infos[i + 5].mask | infos[i + 6].mask)  # the rest of the WINDOW (the padding has no categories)
        for rule in self.rules_for(infos[i].mask, after):
            r = rule(self, i)
            if r is not None and r[0] > i and (best is None or r[0] > best[0]):
                best = r
                if r[0] >= limit:
                    break
        return best

    def extend(self, j: int, sem: Sem) -> tuple[int, Sem]:
        """Join a day and a clock time written next to each other, in either order."""
        wp = self.wp
        k = j
        while wp[k] in _JOIN and k - j < 2:
            k += 1
        if k >= self.n:
            return j, sem
        if _day_level(sem):
            if not self.infos[k].mask & _CLOCK_START and wp[k] != "الساعه":
                return j, sem  # no clock time can start here
            c = self.r_clock(k)
            if c and c[1].rel is None and c[1].weekday is None and c[1].month is None and c[1].day is None:
                merge_date(c[1], sem)
                return c
        elif sem.kind == "TIME" and sem.hour is not None and sem.rel is None and sem.weekday is None \
                and sem.day is None and sem.month is None:
            k2 = k + 1 if wp[k] == "من" else k
            d = self.day_ref(k2)
            if d:
                merge_date(sem, d[1])
                return d[0], sem
        return j, sem

    def scan(self) -> list[Cand]:
        """The sentence's expressions, left to right: the longest match where one starts, then on
        after it (``best_at`` inlined: this loop runs for every sentence with a time word)."""
        out: list[Cand] = []
        infos = self.infos
        n = self.n
        i = 0
        while i < n:
            info = infos[i]
            mask = info.mask
            if not mask:
                i += 1
                continue
            if not info.core:  # a leading word is tried only close to a core word
                k = i + 1
                look = i + self.LOOKAHEAD
                while k <= look and not infos[k].core:
                    k += 1
                if k > look and not self._multi_here(i):
                    i += 1
                    continue
            after = (infos[i + 1].mask | infos[i + 2].mask | infos[i + 3].mask | infos[i + 4].mask
                     | infos[i + 5].mask | infos[i + 6].mask)  # the rest of the WINDOW (the padding has no categories)
            rules = info.rules.get(after)
            if rules is None:
                rules = self.rules_for(mask, after)
                if len(info.rules) < 1000:
                    info.rules[after] = rules
            best: tuple[int, Sem] | None = None
            limit = -1
            for rule in rules:
                r = rule(self, i)
                if r is not None and r[0] > i and (best is None or r[0] > best[0]):
                    best = r
                    if rule is rules[-1] or r[0] >= n:
                        break
                    if limit < 0:
                        limit = self._run_end(i)
                    if r[0] >= limit:
                        break
            if best is None:
                i += 1
                continue
            j, sem = best
            if j < n:  # a clock time or a day may follow
                j, sem = self.extend(j, sem)
            if i >= 2:  # a range "من 13 إلى 15 نوفمبر" needs two words before
                rng = self.range_start(i, sem, out[-1][1] if out else 0)
                if rng is not None:
                    out.append(rng)
            out.append((i, j, sem))
            if sem.weekday_check is not None:
                self.checked = True
            if sem.year is not None and sem.month is None and sem.day is None:
                self.prev_year_end = j - 1
            i = j
        return out

    def range_start(self, i: int, sem: Sem, floor: int) -> Cand | None:
        """"من 13 إلى 15 نوفمبر": the bare first day of a range takes the month of the second."""
        if sem.kind != "DATE" or sem.day is None or sem.month is None and sem.rel_month is None:
            return None
        if i - 2 < floor or self.norms[i - 1] not in _RANGE_LINK:
            return None
        d = self.day_at(i - 2)
        if d is None or d[0] != i - 1:
            return None
        first = Sem(day=d[1], month=sem.month, rel_month=sem.rel_month, year=sem.year, rel_year=sem.rel_year,
                    calendar=sem.calendar, direction=sem.direction)
        return i - 2, i - 1, first
