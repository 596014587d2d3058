"""The sentence scanner: tries every rule where a time expression can start, keeps the longest
match, and joins a day with a following clock time (الخميس الساعة 8، يوم السبت 21/09 الساعة 1:30)."""

from __future__ import annotations

from collections.abc import Callable

from khabar.time.clock import ClockRules, merge_date
from khabar.time.lexicon import Lexicon, lexicon
from khabar.time.patterns import Cand, DateRules, Item, is_trigger
from khabar.time.sem import Sem

_JOIN = frozenset({"،", ",", "في", "عند", "-", "–", "يوم"})

Rule = Callable[["Parser", int], "tuple[int, Sem] | None"]


def _day_level(s: Sem) -> bool:
    return s.kind == "DATE" and (s.day is not None or s.weekday is not None or s.holiday is not None
                                 or (s.rel is not None and s.rel[0] == "day")) and s.mod is None


class Parser(ClockRules):
    """Finds the time expressions of one sentence (a list of items)."""

    RULES: tuple[Rule, ...] = (
        DateRules.r_date, DateRules.r_nth, DateRules.r_month, DateRules.r_numeric, DateRules.r_year,
        DateRules.r_holiday, DateRules.r_deictic, DateRules.r_pod_day, DateRules.r_weekday,
        DateRules.r_weekend, DateRules.r_rel, DateRules.r_vague, DateRules.r_season, DateRules.r_decade,
        ClockRules.r_clock, ClockRules.r_duration, DateRules.r_ref, DateRules.r_set,
    )

    def __init__(self, items: list[Item], lex: Lexicon | None = None) -> None:
        self.items = items
        self.norms = [it.norm for it in items]
        self.lex = lex or lexicon()
        self.prev_year_end = -10

    def best_at(self, i: int) -> tuple[int, Sem] | None:
        best: tuple[int, Sem] | None = None
        for rule in self.RULES:
            r = rule(self, i)
            if r is not None and r[0] > i and (best is None or r[0] > best[0]):
                best = r
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
        while i < n:
            it = self.items[i]
            if not is_trigger(it.norm, it.hits):
                i += 1
                continue
            best = self.best_at(i)
            if best is None:
                i += 1
                continue
            j, sem = self.extend(*best)
            out.append(Cand(i, j, sem))
            if sem.year is not None and sem.month is None and sem.day is None:
                self.prev_year_end = j - 1
            i = j
        return out
