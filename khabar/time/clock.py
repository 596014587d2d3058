"""Clock times and durations: الساعة الثالثة وربع عصرا، 3:18 صباحا، الثانية عشرة إلا ربعا،
ثلاث ساعات، عامين، لمدة أسبوع، منذ أشهر، قبل عام مضى، بعد يومين، نصف ساعة، ساعة ونصف."""

from __future__ import annotations

import re

from khabar.time.numbers import (
    ALL_NUMBER_WORDS,
    HUNDREDS,
    ORD_FIRST,
    TEN_WORDS,
    UNITS,
    parse_amount,
    parse_cardinal,
    parse_fraction,
    parse_ordinal,
)
from khabar.time.periods import PeriodRules
from khabar.time.sem import Sem

_HM_DOT = re.compile(r"^(\d{1,2})\.(\d{2})$")
_MASC_BARE = frozenset({"يوم", "عام", "شهر", "اسبوع", "قرن", "عقد"})
_MIN_WORDS = {"دقيقه", "دقائق", "دقايق", "دقيقة"}
_MINUS_WORDS = frozenset({"الا", "سوي", "إلا"})  # إلا ربعا: minutes before the hour
_AGO_TAIL = {"مضت", "مضي", "خلت", "فاتت", "سابقه"}
_EVENT_LINK = {"من", "علي", "عن"}
# part-of-day words after a clock time → how the hour shifts
_SHIFT_AFTER = {("بعد", "الظهر"): "pm", ("بعد", "الظهيره"): "pm", ("قبل", "الظهر"): "am",
                ("بعد", "العصر"): "pm", ("قبل", "المغرب"): "pm", ("بعد", "المغرب"): "pm",
                ("قبل", "الفجر"): "am", ("بعد", "الفجر"): "am", ("بعد", "منتصف"): "am",
                ("قبل", "العصر"): "pm", ("بعد", "العشاء"): "pm", ("قبل", "منتصف"): "pm",
                ("بعد", "الزوال"): "pm", ("قبل", "الزوال"): "am"}
_SHIFT_FIRST = frozenset(w for w, _ in _SHIFT_AFTER)


def shift_hour(h: int, shift: str | None) -> int:
    """24-hour value of a 12-hour reading given the part of day."""
    if shift == "am":
        return 0 if h == 12 else h
    if shift == "pm":
        return h + 12 if h < 12 else h
    if shift == "noon":
        return h + 12 if 1 <= h <= 5 else h
    if shift == "night":
        if h == 12:
            return 0
        return h + 12 if 6 <= h < 12 else h
    return h


class ClockRules(PeriodRules):
    """Clock-time and duration rules on top of the calendar rules."""

    __slots__ = ()

    def hour_word(self, k: int) -> tuple[int, int, bool] | None:
        """An hour 0–24: digits, ثلاثة، الحادية عشرة، اثنا عشر. Returns (end, hour, was_ordinal)."""
        it = self.infos[k] if k < self.n else None
        if it is None:
            return None
        if it.num is not None:
            return (k + 1, it.num, False) if 0 <= it.num <= 24 and it.ndig <= 2 else None
        w = self.wp[k]
        if w in {"الواحده", "واحده"}:  # الساعة الواحدة: one o'clock
            return k + 1, 1, w.startswith("ال")
        if w in UNITS and UNITS[w] > 0 or w in TEN_WORDS:
            v = UNITS.get(w, 10)
            if self.wp[k + 1] in TEN_WORDS and v <= 2:
                return k + 2, v + 10, False
            return k + 1, v, False
        if w not in ORD_FIRST:  # no ordinal starts here (what parse_ordinal checks first)
            return None
        for width in (2, 1):
            o = parse_ordinal(self.norms[k:k + width], 0)
            if o and 1 <= o[0] <= 12:
                return k + o[1], o[0], True
        return None

    def minutes_at(self, k: int) -> tuple[int, int] | None:
        """و18 دقيقة، وخمس واربعون دقيقة، ونصف، والربع، وثلث, إلا ربعا، الا ثلث → (end, signed minutes)."""
        w = self.wp[k]
        if w in _MINUS_WORDS:
            f = parse_fraction(self.wp[k + 1].removesuffix("ا") if self.wp[k + 1].endswith("ا") else self.wp[k + 1])
            if f is not None and f < 1:
                return k + 2, -round(f * 60)
            c = parse_cardinal(self.norms, k + 1)
            if c and 1 <= c[0] < 60:
                j = c[1] + 1 if self.wp[c[1]] in _MIN_WORDS else c[1]
                return j, -c[0]
            return None
        rest: str | None = None
        j0 = k
        if w == "و":
            rest, j0 = self.wp[k + 1], k + 1
        elif w.startswith("و") and len(w) > 1:
            rest = w[1:]
        if rest is None:
            return None
        if rest.startswith("ال") and rest[2:] in {"نصف", "ربع", "ثلث"}:
            rest = rest[2:]
        f = parse_fraction(rest)
        if f is not None:
            return j0 + 1, round(f * 60)
        words = [rest] + self.norms[j0 + 1:j0 + 6]
        if rest.isdigit():
            v = int(rest)
            j = j0 + 1
        else:
            c = parse_cardinal(words, 0)
            if c is None or any(x in HUNDREDS for x in words[:c[1]]):
                return None
            v, j = c[0], j0 + c[1]
        if not 0 <= v < 60:
            return None
        if self.wp[j] in _MIN_WORDS:
            j += 1
        return j, v

    def pod_after(self, k: int) -> tuple[int, str | None, Sem | None] | None:
        """What follows a clock time: صباحا، مساء، الصبح، بعد الظهر، هذه الليلة، من صباح يوم الخميس."""
        w = self.wp[k]
        key = (w, self.wp[k + 1])
        if w in _SHIFT_FIRST and (key in _SHIFT_AFTER or (w, self.wp[k + 1][:5]) in _SHIFT_AFTER):
            end = k + 3 if self.wp[k + 1] == "منتصف" and self.wp[k + 2] in {"الليل", "الليله"} else k + 2
            return end, _SHIFT_AFTER.get(key, "am"), None
        if w in {"هذا", "هذه"}:
            p = self.first(k + 1, "POD")
            if p:
                return p[0], p[1].entry.value.split(":")[1] or None, Sem(rel=("day", 0))
        k2 = k + 1 if w == "من" else k
        p = self.first(k2, "POD") if "POD" in self.infos[k2].bycat else None
        if p is None:
            return None
        j, h = p
        shift = h.entry.value.split(":")[1] or None
        if not self.infos[k2].definite and j < self.n:
            sub = self.day_ref(j if "يوم" not in self.infos[j].stems or self.infos[j].definite else j + 1)
            if sub:
                return sub[0], shift, sub[1]
            if k2 != k:
                return None
        if k2 != k:
            sub = self.day_ref(j)
            if sub:
                return sub[0], shift, sub[1]
            return None
        return j, shift, None

    def r_clock(self, i: int) -> tuple[int, Sem] | None:
        """الساعة 3 صباحا، عند الثالثة وثمانية عشر دقيقة صباحا، 15:23:24، الثامنة هذه الليلة."""
        k = i
        mod = None
        if i >= self.n or self.infos[i].num is not None and self.wp[i + 1] != ":":
            return None  # a bare number is a clock time only as H:MM
        a = self.first(k, "APPROX") if "APPROX" in self.infos[k].bycat else None
        if a:
            mod, k = a[1].entry.value, a[0]
        c = self.first(k, "CLOCK") if "CLOCK" in self.infos[k].bycat else None
        exact = False
        if c and c[1].entry.value in {"exact", "at"}:
            exact, k = True, c[0]
            c = self.first(k, "CLOCK")
        saa = False
        if c and c[1].entry.value == "hour":
            saa, k = True, c[0]
        elif self.wp[k] == "الساعه":
            saa, k = True, k + 1
        hw = self.hour_word(k)
        dotted = _HM_DOT.match(self.wp[k]) if saa and "." in self.wp[k] else None
        if hw is None and dotted is None:
            return None
        if dotted is not None:  # الساعة 15.30 (Maghrebi notation)
            hw = (k + 1, int(dotted.group(1)), False)
        assert hw is not None
        k, hour, ordinal = hw
        minute: int | None = None
        second: int | None = None
        colon = dotted is not None
        if dotted is not None and int(dotted.group(2)) < 60:
            minute = int(dotted.group(2))
        elif self.wp[k] == ":" and not ordinal and k + 1 < self.n and self.infos[k + 1].num is not None \
                and self.infos[k + 1].ndig == 2 and self.infos[k + 1].num < 60:  # type: ignore[operator]
            minute, k, colon = self.infos[k + 1].num, k + 2, True
            if self.wp[k] == ":" and k + 1 < self.n and self.infos[k + 1].num is not None \
                    and self.infos[k + 1].ndig == 2:
                second, k = self.infos[k + 1].num, k + 2
        else:
            w = self.wp[k]
            m = self.minutes_at(k) if w[:1] == "و" or w in _MINUS_WORDS else None  # (what minutes_at needs)
            if m:
                k, mins = m
                if mins < 0:
                    hour, minute = (hour - 1) % 24 or (12 if hour == 1 else 0), 60 + mins
                    if hour == 0 and not saa:
                        hour = 12
                else:
                    minute = mins
        digits_hour = self.infos[hw[0] - 1].num is not None
        pa_at = k
        pa = self.pod_after(k)
        shift: str | None = None
        day: Sem | None = None
        if pa:
            k, shift, day = pa
        if not (saa or colon or (ordinal or exact) and (pa and self.wp[pa_at] != "من" or minute is not None)):
            return None  # الساعات الأولى من صباح اليوم: "the first hours", not one o'clock
        if colon and not saa and not pa and (hour > 23 or second is None and hour < 10 and not self.wp[i].startswith("0")
                                             and minute is None):
            return None
        if hour > 12 and shift in ("am",):
            return None
        sem = Sem()  # fields set one by one: cheaper than keywords (see Sem)
        sem.kind, sem.mod = "TIME", mod
        if shift is None and 1 <= hour <= 6 and not colon and not digits_hour or shift is None and 1 <= hour <= 6 and saa:
            hour += 12  # an hour with no part of day: working hours (الساعة الثالثة → 15:00)
        sem.hour, sem.minute, sem.second = shift_hour(hour, shift), minute, second
        if "TZ" in self.infos[k].bycat and self.first(k, "TZ"):
            k = self.first(k, "TZ")[0]  # type: ignore[index]
            if k < self.n and self.wp[k].isalpha():
                sem.tz = self.wp[k]
                k += 1
                if self.wp[k] in {"المكرمه", "المحلي", "المحليه"}:
                    k += 1
        if day is not None:
            _merge_date(sem, day)
        return k, sem

    def r_duration(self, i: int) -> tuple[int, Sem] | None:
        """ثلاث ساعات، عامين، لمدة أسبوع، منذ أشهر، قبل عام مضى، بعد يومين، خلال الأيام الثلاثة."""
        k = i
        trig: str | None = None
        mod: str | None = None
        t = self.first(k, "TRIG")
        if t:
            trig, k = t[1].entry.value, t[0]
            if trig == "until":
                return None  # حتى ساعة متأخرة: "until", not an amount of time
        a = self.first(k, "APPROX")
        if a:
            mod, k = a[1].entry.value, a[0]
        if self.wp[k] == "ال" and k + 1 < self.n and self.infos[k + 1].num is not None:
            k += 1
        amount: float | None
        unit: str
        c = parse_amount(self.norms, k)
        if c is None and k < self.n and self.norms[k][:1] in "لبو" and self.norms[k][1:] in ALL_NUMBER_WORDS:
            c = parse_amount([self.norms[k][1:]] + self.norms[k + 1:k + 6], 0)  # لثلاثة أيام، بعشرة أعوام
            if c is not None:
                c = (c[0], k + c[1])
        if c and self.infos[k].num is not None and self.infos[k].ndig == 4 and not self.first(c[1], "UNIT"):
            return None
        few = self.first(k, "FEW")
        frac = parse_fraction(self.wp[k]) if not self.wp[k].startswith("و") else None
        if c and self.first(c[1], "UNIT"):
            j, h = self.first(c[1], "UNIT")  # type: ignore[misc]
            amount = float(c[0])
            unit = h.entry.value.split(":")[0]
            if h.definite or "ب" in h.pre or "ل" in h.pre or "ك" in h.pre:
                return None  # 194 لسنة 2017: a noun with a preposition is not what is counted
            if 1800 <= amount <= 2200 and h.entry.tag == "weak" and h.entry.words[0] in _MASC_BARE:
                return None  # لسنة 2017 يوم 2 فيفري: a year, then a day (a count would be 2017 يوما)
            if unit == "month" and amount == 1 and self.first(j, "MONTH"):
                return None  # طيلة شهر رمضان: the month itself
        elif few and self.first(few[0], "UNIT"):
            j, h = self.first(few[0], "UNIT")  # type: ignore[misc]
            amount, unit = None, h.entry.value.split(":")[0]
        elif frac is not None and self.first(k + 1, "UNIT") and self.first(k + 1, "UNIT")[1].entry.value.endswith(":1"):  # type: ignore[index]
            j, h = self.first(k + 1, "UNIT")  # type: ignore[misc]
            amount, unit = frac, h.entry.value.split(":")[0]
        else:
            u = self.first(k, "UNIT")
            if u is None:
                return None
            j, h = u
            unit, count = h.entry.value.split(":")
            if h.definite:  # خلال الأيام المقبلة، طوال الأسبوعين الماضيين
                r = self.r_rel(k) if trig else None
                if r is None or r[1].kind != "DURATION":
                    return None
                r[1].mod = r[1].mod or mod
                return r
            if unit == "month" and count == "1" and self.first(j, "MONTH"):
                return None  # طيلة شهر رمضان: the month itself
            if count == "X":
                amount = None
                if self.wp[k - 1] == "كل":
                    return None
            elif count == "2":
                amount = 2.0
            else:
                amount = 1.0
                if h.entry.tag == "weak" and not (trig or mod) and self.wp[j] not in {"واحد", "واحده", "كامل", "كامله", "ونصف"}:
                    return None
                if self.wp[j] in {"واحد", "واحده", "كامل", "كامله"}:
                    j += 1
            if h.entry.tag == "weak" and count != "1" and not (trig or mod) and unit in ("decade",):
                return None
        if trig in {"after", "before"} and self.first(i - 1, "UNIT") and \
                self.first(i - 1, "UNIT")[1].entry.value.split(":")[0] == unit:  # type: ignore[index]
            return None  # عاما بعد عام، يوما بعد يوم: "year after year"
        if amount is None and not (trig or mod or few or "ل" in h.pre or "ب" in h.pre or self.wp[j] == "من"):
            return None  # a bare plural (أيام قرطاج) is a time only with لـ/بـ, a trigger or من (لأشهر من الجهود)
        dur: list[tuple[float | None, str]] = [(amount, unit)]
        # ساعة ونصف، عامين ونصف، ثلاثة أيام ونصف
        w = self.wp[j]
        if amount is not None and (w in {"ونصف", "وربع", "والنصف"} or w == "و" and self.wp[j + 1] in {"نصف", "ربع"}):
            f = parse_fraction(w.removeprefix("وال").removeprefix("و") if w != "و" else self.wp[j + 1]) or 0.0
            dur = [(amount + f, unit)]
            j += 1 if w != "و" else 2
        sem = Sem(kind="DURATION", dur=dur, mod=mod)
        link = j + 1 if self.wp[j] in {"فقط", "فحسب", "تقريبا", "قليله", "قليلة"} else j
        if self.wp[j] in _AGO_TAIL:
            j += 1
            if trig == "before":
                trig = "ago"
        rel = self.first(j, "REL")
        if rel and int(rel[1].entry.value) != 0 and amount is not None and amount >= 2:
            sem.plural_rel = int(rel[1].entry.value)
            return rel[0], sem
        if trig == "before":
            sem.relation = "before" if self.wp[link] in _EVENT_LINK else "ago"
        elif trig == "after":
            sem.relation = "after_event" if self.wp[link] in _EVENT_LINK else "after"
        elif trig == "ago":
            sem.relation = "ago"
        elif trig:
            sem.relation = trig
        return j, sem


def _merge_date(sem: Sem, day: Sem) -> None:
    """Copy the calendar part of ``day`` into the clock-time ``sem``."""
    for f in ("year", "month", "day", "calendar", "weekday", "rel", "rel_year", "rel_month", "direction",
              "anaphoric", "weekday_check", "nth", "nth_unit", "holiday", "day_or_nth"):
        setattr(sem, f, getattr(day, f))


def merge_date(sem: Sem, day: Sem) -> None:
    """Public alias used by the parser to attach a day to a clock time."""
    _merge_date(sem, day)
