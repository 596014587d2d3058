"""The sentence scanner: tries every rule where a time expression can start, keeps the longest
match, and joins a day with a following clock time (الخميس الساعة 8، يوم السبت 21/09 الساعة 1:30)."""

from __future__ import annotations

from collections.abc import Callable

from khabar.time.clock import ClockRules, merge_date
from khabar.time.lexicon import Lexicon, lexicon
from khabar.time.patterns import DateRules
from khabar.time.periods import PeriodRules
from khabar.time.sem import Sem
from khabar.time.words import Cand, Item, cat_mask

_TZ_BIT = cat_mask("TZ")
_RULES_FOR: dict[int, tuple[tuple[Rule, int], ...]] = {}  # a word's category mask → the rules it can start
_RANGE_LINK = frozenset({"الي", "حتي", "-", "–", "و", "لغايه", "وحتي"})
_JOIN = frozenset({"،", ",", "في", "عند", "-", "–", "يوم"})

Rule = Callable[["Parser", int], "tuple[int, Sem] | None"]


def _day_level(s: Sem) -> bool:
    return s.kind == "DATE" and (s.day is not None or s.weekday is not None or s.holiday is not None
                                 or (s.rel is not None and s.rel[0] == "day")) and s.mod is None


class Parser(ClockRules):
    """Finds the time expressions of one sentence (a list of items)."""

    # each rule, the word categories it can start at, and the categories of which at least one
    # must occur within WINDOW words from there (bit masks, checked before the rule runs)
    RULES: tuple[tuple[Rule, int, int], ...] = tuple((r, cat_mask(start), cat_mask(need)) for r, start, need in (
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
    WINDOW = 7
    LOOKAHEAD = 5  # a leading word (بعد، حوالي، مطلع …) is tried only this close to a core word

    def __init__(self, items: list[Item], lex: Lexicon | None = None) -> None:
        self.items = items
        self.norms = [it.norm for it in items]
        self.lex = lex or lexicon()
        self.prev_year_end = -10

    def _multi_here(self, i: int) -> bool:
        """Whether a multi-word entry (في وقت سابق، عيد الفطر) matches in full at item i."""
        info = self.items[i].info
        if not info.seconds or i + 1 >= len(self.items) or self.norms[i + 1] not in info.seconds:
            return False
        if "HOL" in info.cats:
            return True
        return any(j - i > 1 for cat in info.bycat for j, _ in self.match(i, cat))

    def best_at(self, i: int, limit: int | None = None) -> tuple[int, Sem] | None:
        """The longest match at item i (the first rule wins ties). ``limit``: no rule can consume
        beyond it (the end of the run of time words and connectors), so a match reaching it ends
        the search early."""
        best: tuple[int, Sem] | None = None
        if limit is None:
            limit = len(self.items)
        mask = self.items[i].info.mask
        win = 0
        for it in self.items[i:i + self.WINDOW]:
            win |= it.info.mask
        rules = _RULES_FOR.get(mask)
        if rules is None:
            rules = _RULES_FOR[mask] = tuple((r, need) for r, starts, need in self.RULES if mask & starts)
        for rule, need in rules:
            if not win & need:
                continue
            r = rule(self, i)
            if r is not None and r[0] > i and (best is None or r[0] > best[0]):
                best = r
                if r[0] >= limit:
                    break
        return best

    def extend(self, j: int, sem: Sem) -> tuple[int, Sem]:
        """Join a day and a clock time written next to each other, in either order."""
        k = j
        while k < len(self.items) and self.norms[k] in _JOIN and k - j < 2:
            k += 1
        if _day_level(sem):
            c = self.r_clock(k)
            if c and c[1].rel is None and c[1].weekday is None and c[1].month is None and c[1].day is None:
                merge_date(c[1], sem)
                return c
        elif sem.kind == "TIME" and sem.hour is not None and sem.rel is None and sem.weekday is None \
                and sem.day is None and sem.month is None:
            k2 = k + 1 if k < len(self.items) and self.norms[k] == "من" else k
            d = self.day_ref(k2)
            if d:
                merge_date(sem, d[1])
                return d[0], sem
        return j, sem

    def scan(self) -> list[Cand]:
        out: list[Cand] = []
        i = 0
        n = len(self.items)
        next_core = [n] * n
        nxt = n
        for k in range(n - 1, -1, -1):
            if self.items[k].info.core:
                nxt = k
            next_core[k] = nxt
        if nxt == n and not any(it.info.seconds for it in self.items):
            return out
        run_end = [n] * (n + 1)
        tz = _TZ_BIT
        for k in range(n - 1, -1, -1):
            info = self.items[k].info
            e = run_end[k + 1] if info.cont else k
            if info.mask & tz:
                e = max(e, min(n, k + 3))  # بتوقيت + any zone name (GMT، مكة المكرمة)
            run_end[k] = e
        while i < n:
            it = self.items[i]
            if not it.info.cats or next_core[i] - i > self.LOOKAHEAD and not self._multi_here(i):
                i += 1
                continue
            best = self.best_at(i, run_end[i])
            if best is None:
                i += 1
                continue
            j, sem = self.extend(*best)
            rng = self.range_start(i, sem, out[-1].j if out else 0)
            if rng is not None:
                out.append(rng)
            out.append(Cand(i, j, sem))
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
        return Cand(i - 2, i - 1, first)
