"""Calendar rules beyond plain dates: holidays, seasons, decades, weekends, vague spans
(مطلع، منتصف، أواخر), ordinals inside a month (آخر اثنين من آذار), vague references, quarters
and sets."""

from __future__ import annotations

from khabar.time.numbers import ORD_FIRST, parse_cardinal, parse_ordinal
from khabar.time.patterns import DateRules
from khabar.time.sem import Sem
from khabar.time.words import _ORD_LAST, base


class PeriodRules(DateRules):
    """Rules for named days and periods, mixed above :class:`DateRules`."""

    __slots__ = ()

    def r_holiday(self, i: int) -> tuple[int, Sem] | None:
        """عيد الفطر، عيد الأضحى 2013، رأس السنة الهجرية، عيد الميلاد 2020، عيد الفصح."""
        best = None
        wp = self.wp
        info = self.infos[i]
        # the longest holiday written here, the first in table order among the longest: only those
        # whose second word follows can be longer than one word
        for h in info.hol_next.get(wp[i + 1], ()):
            words = h.entry.words
            nw = len(words)
            k = 2
            while k < nw and wp[i + k] == words[k]:  # the padding ("") never equals a word
                k += 1
            if k == nw and (best is None or nw > len(best.entry.words)):
                best = h
        if best is None:
            if not info.hol_single:
                return None
            best = info.hol_single[0]
        j = i + len(best.entry.words)
        sem = Sem()
        sem.holiday = best.entry.value
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
        if self.wp[i] in {"هذا", "هذه"}:
            this, k = True, i + 1
        if self.first(k, "SEASONN"):
            fasl, k = True, k + 1
        s = self.first(k, "SEASON")
        if s is None:
            return None
        j, h = s
        if self.wp[j] in {"العربي", "عربي"} or self.first(k, "MONTH") and self.first(k, "MONTH")[0] > j:  # type: ignore[index]
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
        if "عقد" in self.infos[i].stems and self.first(i + 1, "DECADE"):
            k = i + 1
        d = self.first(k, "DECADE")
        if d is None:
            return None
        j, h = d
        sem = Sem(decade=int(h.entry.value))
        j2 = j + 1 if self.wp[j] == "من" else j
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
        elif self.wp[j] in {"هذه", "هذا"}:
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
        if self.wp[j] == "ال":
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
        if base(self.wp[k]) in _ORD_LAST:
            nth, k = -1, k + 1
        else:
            o = parse_ordinal(self.norms, k) if self.wp[k] in ORD_FIRST else None  # (what it needs)
            if o and not self.wp[k].startswith("ال") and o[0] <= 5:
                nth, k = o
        if nth is not None:
            if "يوم" in self.infos[k].stems and not self.infos[k].definite:
                unit, k = "day", k + 1
            elif "اسبوع" in self.infos[k].stems and not self.infos[k].definite:
                unit, k = "week", k + 1
            m = self.first(k, "WEEKDAY") if "WEEKDAY" in self.infos[k].bycat else None
            if m:
                wd, k, unit = int(m[1].entry.value), m[0], "weekday"
            if unit is None:
                return None
        else:
            if "يوم" in self.infos[k].stems and self.infos[k].definite:
                unit, k = "day", k + 1
            elif "اسبوع" in self.infos[k].stems and self.infos[k].definite:
                unit, k = "week", k + 1
            else:
                m = self.first(k, "WEEKDAY")
                if m is None or not m[1].definite:
                    return None
                wd, k, unit = int(m[1].entry.value), m[0], "weekday"
            if self.wp[k] in _ORD_LAST:
                nth, k = -1, k + 1
            else:
                o = parse_ordinal(self.norms, k) if self.wp[k] in ORD_FIRST else None  # (what it needs)
                if o is None or o[0] > 5 or unit == "day":
                    return None
                nth, k = o
        if "بعد" in self.infos[k].stems and unit == "weekday":
            hol = self.r_holiday(k + 1) if self.wp[k] == "بعد" else None
            if hol:
                j, hs = hol
                hs.nth, hs.nth_unit, hs.weekday, hs.after_holiday = nth, unit, wd, True
                return j, hs
        conn = self.wp[k] in {"من", "في"}
        if conn:
            k += 1
        elif not self.infos[k].bi if k < self.n else True:
            if not ("شهر" in self.infos[k].stems and self.wp[k].startswith("ب")):
                return None
        me = self.month_expr(k)
        if me is None:
            return None
        j, sem, _ = me  # the month's meaning (month, rel_month, year, rel_year, calendar), made the nth day in it
        sem.direction = None  # (the only other field month_expr sets: فيفري المقبل)
        sem.nth, sem.nth_unit, sem.weekday = nth, unit, wd
        return j, sem

    def r_ref(self, i: int) -> tuple[int, Sem] | None:
        """مؤخرا، حاليا، قريبا، في وقت سابق (من هذا العام)، في ذلك الوقت، آنذاك."""
        m = self.first(i, "REF")
        if m is None or m[1].entry.tag == "weak":
            return None
        j, h = m
        if h.entry.value in {"PAST_REF", "FUTURE_REF"} and self.wp[j] == "من":
            sub = self.r_rel(j + 1) or self.year_at(j + 1)
            if sub and sub[1].kind == "DATE":
                return sub
        if h.entry.value in {"PAST_REF", "FUTURE_REF"} and self.wp[j] == "اليوم":
            return j + 1, Sem(rel=("day", 0))
        if h.entry.value == "SAMEDAY":  # اليوم نفسه، ذلك اليوم: the day just mentioned
            return j, Sem(rel=("day", 0), anaphoric=True)
        if h.entry.tag == "tensed":  # لاحقا: "later" — ahead of the report, or after a past event
            return j, Sem(kind="REF", ref="TENSED")
        sem = Sem()
        sem.kind, sem.ref = "REF", h.entry.value
        return j, sem

    def r_part(self, i: int) -> tuple[int, Sem] | None:
        """الربع الأول من العام الجاري، الربع الثالث 2019، النصف الثاني من عام 2020 (TIMEX3 Q/H)."""
        m = self.first(i, "PART")
        if m is None or not self.infos[i].definite:
            return None
        j, h = m
        o = parse_ordinal(self.norms, j)
        if o is None or not self.wp[j].startswith("ال"):
            if self.wp[j] in _ORD_LAST:
                o = (4 if h.entry.value == "Q" else 2, j + 1)
            else:
                return None
        n, k = o
        if n > (4 if h.entry.value == "Q" else 2):
            return None
        k2 = k + 1 if self.wp[k] == "من" else k
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
            if self.wp[j] not in {"في", "كل"} and "كل" not in self.infos[j].stems:
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
                hit[1].entry.tag != "ctx" or hit[1].entry.words[0] in {"جمعه", "خميس", "سبت"}):
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
