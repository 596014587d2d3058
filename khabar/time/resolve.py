"""Anchoring: turn a :class:`Sem` into a TIMEX3 type, value and extra fields.

Relative expressions resolve against the reference date; a cyclic name without a year
(a weekday, a month, a season, a holiday) takes its direction from the clause: ``tense``
"past" picks the most recent one, "future" the next one (see ``khabar.time.tense``). Hijri
dates are converted to Gregorian with the Umm al-Qura tables of :mod:`khabar.time.hijri`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from khabar.time.hijri import gregorian_to_hijri, hijri_month_span, hijri_to_gregorian
from khabar.time.sem import Sem

_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASONS = ("SP", "SU", "FA", "WI")
_UNIT_CODE = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
              "year": "Y", "decade": "DE", "century": "CE"}
_TIME_UNITS = {"second", "minute", "hour"}


class Prev:
    """The last resolved calendar date in the text, for anaphoric expressions (اليوم التالي)."""

    __slots__ = ("value", "grain", "_date")

    def __init__(self, value: str, grain: str) -> None:
        self.value = value
        self.grain = grain
        self._date: dt.date | None | bool = False

    @property
    def date(self) -> dt.date | None:
        """First day of the value (computed when an anaphoric expression needs it)."""
        if self._date is False:
            self._date = start_date(self.value)
        return self._date  # type: ignore[return-value]


def start_date(value: str) -> dt.date | None:
    """First day of a TIMEX3 calendar value (2023-11-15, 2023-11, 2023-W46, 2023)."""
    try:
        if "-W" in value:
            y, w = value[:4], value[6:8]
            return dt.date.fromisocalendar(int(y), int(w), 1)
        v = value.split("T")[0]
        parts = v.split("-")
        if len(parts) == 3 and parts[2].isdigit():
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) >= 2 and parts[1].isdigit():
            return dt.date(int(parts[0]), int(parts[1]), 1)
        if parts[0].isdigit() and len(parts[0]) == 4:
            return dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None


# ---------------------------------------------------------------- calendar helpers

_SPAN = 1200
_DAYS = tuple(dt.timedelta(days=n) for n in range(-_SPAN, _SPAN + 1))
_TWO = tuple(f"{n:02d}" for n in range(100))


def days(n: int) -> dt.timedelta:
    """``timedelta(days=n)`` from a table: building one costs several times the date arithmetic."""
    return _DAYS[n + _SPAN] if -_SPAN <= n <= _SPAN else dt.timedelta(days=n)


_ISO: dict[dt.date, str] = {}  # a calendar table filled on demand: texts name the same days again and again


def iso_day(d: dt.date) -> str:
    """``d.isoformat()`` (YYYY-MM-DD), from a table of the days already formatted."""
    s = _ISO.get(d)
    if s is None:
        s = d.isoformat()
        if len(_ISO) < 100_000:
            _ISO[d] = s
    return s


def shift_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def month_len(y: int, m: int) -> int:
    ny, nm = shift_months(y, m, 1)
    return (dt.date(ny, nm, 1) - dt.date(y, m, 1)).days


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def easter(y: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, anonymous Gregorian algorithm."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(y, month, day)


def nth_weekday(y: int, m: int, wd: int, n: int) -> dt.date | None:
    """The nth (1..5, or -1 for the last) ISO weekday ``wd`` of a month."""
    if n > 0:
        first = dt.date(y, m, 1)
        d = first + days((wd - first.isoweekday()) % 7 + 7 * (n - 1))
        return d if d.month == m else None
    last = dt.date(y, m, month_len(y, m))
    return last - days((last.isoweekday() - wd) % 7)


def nth_week_monday(y: int, m: int, n: int) -> dt.date | None:
    """Monday of the nth (or last, n = -1) Monday-to-Sunday week lying wholly inside the month."""
    if n > 0:
        d = nth_weekday(y, m, 1, n)
        if d is None or (d + days(6)).month != m:
            return None
        return d
    last = dt.date(y, m, month_len(y, m))
    sunday = last - days((last.isoweekday() - 7) % 7)
    return sunday - days(6)


def weekday_near(anchor: dt.date, wd: int, direction: int, strict: bool) -> dt.date:
    """The weekday ``wd`` before (direction < 0), after (> 0) or in the ISO week of the anchor (0)."""
    if direction < 0:
        back = (anchor.isoweekday() - wd) % 7
        if back == 0 and strict:
            back = 7
        return anchor - days(back)
    if direction > 0:
        fwd = (wd - anchor.isoweekday()) % 7
        if fwd == 0 and strict:
            fwd = 7
        return anchor + days(fwd)
    return anchor + days(wd - anchor.isoweekday())


@lru_cache(maxsize=8192)
def holiday_dates(key: str, year: int, hijri_year: bool = False) -> tuple[dt.date, ...]:
    """Dates of a holiday in a Gregorian year (or the given Hijri year when ``hijri_year``).
    A calendar table filled on demand: a year's holidays are asked for again and again."""
    cal, _, md = key.partition(":")
    if cal == "easter":
        return (easter(year),)
    mm, dd = (int(x) for x in md.split("-"))
    if cal == "g":
        d = safe_date(year, mm, dd)
        return (d,) if d else ()
    if hijri_year:
        d = hijri_to_gregorian(year, mm, dd)
        return (d,) if d else ()
    out = []
    for hy in (year - 580, year - 579, year - 578):
        d = hijri_to_gregorian(hy, mm, dd)
        if d is not None and d.year == year:
            out.append(d)
    return tuple(sorted(out))


def _pick(cands: list[dt.date], anchor: dt.date, direction: int, strict: bool = False) -> dt.date | None:
    if not cands:
        return None
    return _pick_sorted(sorted(set(cands)), anchor, direction, strict)


def _month_year(anchor: dt.date, month: int, direction: int, strict: bool) -> int:
    """The year ``_pick_sorted`` gives for the first of ``month`` in the anchor's year and the years
    either side, measured from the first of the anchor's month; worked out without the dates."""
    ay, am = anchor.year, anchor.month
    if not (1 <= month <= 12 and 1 < ay < 9999):  # let the dates say what is out of range
        cands = [dt.date(ay + k, month, 1) for k in (-1, 0, 1)]
        return _pick_sorted(cands, dt.date(ay, am, 1), direction, strict).year  # type: ignore[union-attr]
    if direction < 0:
        return ay if month < am or month == am and not strict else ay - 1
    if direction > 0:
        return ay if month > am or month == am and not strict else ay + 1
    return ay


def _pick_sorted(cands: list[dt.date], anchor: dt.date, direction: int, strict: bool = False) -> dt.date | None:
    """``_pick`` on candidates already in increasing order without repeats (one per year)."""
    if not cands:
        return None
    if direction < 0:
        for c in reversed(cands):
            if c < anchor or c == anchor and not strict:
                return c
        return cands[0]
    if direction > 0:
        for c in cands:
            if c > anchor or c == anchor and not strict:
                return c
        return cands[-1]
    year = anchor.year
    for c in cands:
        if c.year == year:
            return c
    return min(cands, key=lambda c: abs((c - anchor).days))


# ---------------------------------------------------------------- formatting

def fmt_period(d: dt.date, grain: str, season: str | None = None) -> str:
    if grain == "day":
        return iso_day(d)
    if grain == "year":
        return f"{d.year:04d}"
    if grain == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if grain == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if grain == "decade":
        return f"{d.year // 10:03d}"
    if grain == "century":
        return f"{d.year // 100:02d}"
    if grain == "season":
        return f"{d.year:04d}-{season}"
    return iso_day(d)


def fmt_amount(a: float | None) -> str:
    if a is None:
        return "X"
    return str(int(a)) if float(a).is_integer() else f"{a:g}"


_SUB_UNIT = {"year": (12, "month"), "month": (30, "day"), "week": (7, "day"), "day": (24, "hour"),
             "hour": (60, "minute"), "minute": (60, "second"), "decade": (10, "year"), "century": (100, "year")}


def fmt_duration(dur: Sequence[tuple[float | None, str]]) -> str:
    """TIMEX3 duration: P3D, PT3H, P1Y6M, PXM; fractions of a unit become the next unit down."""
    parts_date: list[str] = []
    parts_time: list[str] = []
    expanded: list[tuple[float | None, str]] = []
    for amount, unit in dur:
        sub = _SUB_UNIT.get(unit)
        if amount is not None and not float(amount).is_integer() and sub is not None:
            whole = int(amount)
            rest = (amount - whole) * sub[0]
            if abs(rest - round(rest)) < 1e-6:  # ساعة ونصف → PT1H30M; 7.3 ثوان stays PT7.3S
                if whole:
                    expanded.append((float(whole), unit))
                expanded.append((float(round(rest)), sub[1]))
                continue
        expanded.append((amount, unit))
    for amount, unit in expanded:
        part = fmt_amount(amount) + _UNIT_CODE[unit]
        (parts_time if unit in _TIME_UNITS else parts_date).append(part)
    return "P" + "".join(parts_date) + ("T" + "".join(parts_time) if parts_time else "")


# ---------------------------------------------------------------- resolution

def _shift(anchor: dt.date, unit: str, n: int) -> tuple[dt.date, str]:
    if unit == "day":
        return anchor + days(n), "day"
    if unit == "week":
        return anchor + days(7 * n), "week"
    if unit == "month":
        y, m = shift_months(anchor.year, anchor.month, n)
        return dt.date(y, m, 1), "month"
    if unit == "year":
        return dt.date(anchor.year + n, 1, 1), "year"
    if unit == "decade":
        return dt.date((anchor.year // 10 + n) * 10, 1, 1), "decade"
    if unit == "century":
        return dt.date((anchor.year // 100 + n) * 100, 1, 1), "century"
    return anchor, "day"


def _ago(anchor: dt.date, amount: float, unit: str, sign: int) -> tuple[dt.date, str]:
    n = int(round(amount)) * sign
    if unit in _TIME_UNITS:
        return anchor, "day"
    if unit == "day":
        return anchor + days(n), "day"
    if unit == "week":
        return anchor + days(7 * n), "day"
    if unit == "month":
        y, m = shift_months(anchor.year, anchor.month, n)
        return dt.date(y, m, 1), "month"
    if unit == "year":
        return dt.date(anchor.year + n, 1, 1), "year"
    if unit == "decade":
        return dt.date(anchor.year + 10 * n, 1, 1), "year"
    return dt.date(anchor.year + 100 * n, 1, 1), "year"


def _direction(sem: Sem, tense: str | None, fallback: int) -> tuple[int, bool]:
    """(direction, strict) for a cyclic name: explicit modifier first, then the clause's tense,
    then ``fallback`` (0 = the one in the reference year)."""
    if sem.direction is not None and sem.direction != 0:
        return sem.direction, True
    if tense == "past":
        return -1, False
    if tense in {"future", "until"}:
        return 1, False
    if sem.direction == 0:
        return 1, False
    return fallback, False


_NEAR_DAYS = 45


def _near_cycle(sem: Sem, cands: list[dt.date], anchor: dt.date, tense: str | None) -> dt.date | None:
    """A yearly name (a holiday, a Hijri date) without a year: the occurrence within 45 days of
    the reference date when there is one (the Eid just past, the Ramadan about to begin, whatever
    the tense of the report), else the one the clause's tense or an explicit modifier points to."""
    if sem.direction is None:
        near = [c for c in cands if abs((c - anchor).days) <= _NEAR_DAYS]
        if near:
            return min(near, key=lambda c: abs((c - anchor).days))
    direction, strict = _direction(sem, tense, 0)
    return _pick(cands, anchor, direction, strict)


def _inside_or_near(hm: int, hy: int, anchor: dt.date) -> bool:
    """Whether the Hijri month hm of year hy contains the anchor or starts within 45 days of it."""
    span = hijri_month_span(hy, hm)
    if span is None:
        return False
    return span[0] - days(_NEAR_DAYS) <= anchor <= span[1] + days(_NEAR_DAYS)


class Resolver:
    """Resolves meanings against one document's anchor date."""

    def __init__(self, anchor: dt.date | None, default_past: bool = True) -> None:
        self.anchor = anchor
        self.default_past = default_past

    def resolve(self, sem: Sem, tense: str | None = None, prev: Prev | None = None) -> tuple[str, str | None, dict[str, Any]]:
        """(type, value, extra) of one meaning; a date outside the calendar gives value None."""
        try:
            extra: dict[str, Any] = {"mod": sem.mod} if sem.mod else {}
            kind = sem.kind
            if kind != "DATE" and kind != "TIME":
                if kind == "SET":
                    return "SET", sem.set_value, {**extra, **({"freq": sem.freq} if sem.freq else {})}
                if kind == "REF":
                    return self._ref(sem, tense, prev, extra)
                if kind == "DURATION":
                    return self._duration(sem, tense, extra)
            # -- calendar dates and times (and any other kind)
            anchor = self.anchor
            if sem.anaphoric and prev is not None and prev.grain in {"day", "pod", "hour", "minute", "second"} \
                    and prev.date is not None:
                anchor = prev.date
                extra["anaphoric"] = True
            h = sem.hour  # the resolution below never changes the clock fields
            rel = sem.rel
            if h is not None and rel is None and sem.kind == "TIME" and not (
                    sem.year is not None or sem.month is not None or sem.day is not None or sem.weekday is not None
                    or sem.rel_year is not None or sem.rel_month is not None or sem.holiday is not None
                    or sem.nth is not None):  # (no date at all)
                sem.rel = rel = ("day", 0)  # a clock time alone is today's
            period: tuple[dt.date, str] | None
            if rel is not None and rel[0] == "day" and anchor is not None and sem.weekday is None and sem.nth is None:
                # the commonest shape (اليوم، أمس، a clock time today): _period's first case, inlined
                n = rel[1]
                d = anchor if not n else anchor + (_DAYS[n + _SPAN] if -_SPAN <= n <= _SPAN else dt.timedelta(days=n))
                if sem.weekday_check is not None and d.isoweekday() != sem.weekday_check:
                    extra["weekday_mismatch"] = True
                grain = "day"
            else:
                period = self._period(sem, anchor, tense, extra)
                if period is None:
                    value = self._placeholder(sem)
                    if value is None or "X" in value:
                        extra["unresolved"] = True
                    return ("TIME" if h is not None or sem.pod else "DATE"), value, extra
                d, grain = period
            if sem.weekend and (grain == "week" or grain == "day"):
                extra["grain"] = "weekend"
                return "DATE", fmt_period(d, "week") + "-WE", extra
            if grain == "day":
                if h is not None:
                    m = sem.minute
                    hh = _TWO[h] if 0 <= h < 100 else f"{h:02d}"
                    mm = "00" if not m else _TWO[m] if 0 < m < 100 else f"{m:02d}"
                    value = (_ISO.get(d) or iso_day(d)) + "T" + hh + ":" + mm
                    tgrain = "hour" if m is None else "minute"
                    if sem.second is not None:
                        value += f":{sem.second:02d}"
                        tgrain = "second"
                    extra["grain"] = tgrain
                    if sem.tz:
                        extra["tz"] = sem.tz
                    return "TIME", value, extra
                if sem.pod:
                    extra["grain"] = "pod"
                    return "TIME", f"{iso_day(d)}T{sem.pod}", extra
                if "part" not in extra:
                    extra["grain"] = "day"
                    return "DATE", _ISO.get(d) or iso_day(d), extra
            if "part" in extra:  # 2019-Q1، 2020-H2
                extra["grain"] = "quarter" if extra["part"][0] == "Q" else "half"
                return "DATE", f"{d.year:04d}-{extra.pop('part')}", extra
            extra["grain"] = grain
            return "DATE", fmt_period(d, grain, sem.season), extra
        except (ValueError, OverflowError):
            return ("TIME" if sem.kind == "TIME" else "DURATION" if sem.kind == "DURATION" else "DATE"), None, \
                {"unresolved": True}

    # -- vague references and durations
    def _ref(self, sem: Sem, tense: str | None, prev: Prev | None, extra: dict[str, Any]) -> tuple[str, str | None, dict[str, Any]]:
        if sem.ref == "TENSED":
            return "DATE", "PAST_REF" if tense == "past" else "FUTURE_REF", extra
        if sem.ref == "ANAPHORIC":
            if prev is not None:
                extra["grain"] = prev.grain
                extra["anaphoric"] = True
                return "DATE", prev.value, extra
            return "DATE", "FUTURE_REF" if tense == "future" else "PAST_REF", extra
        return "DATE", sem.ref, extra

    def _duration(self, sem: Sem, tense: str | None, extra: dict[str, Any]) -> tuple[str, str | None, dict[str, Any]]:
        value = fmt_duration(sem.dur)
        vague = any(a is None for a, _ in sem.dur)
        if sem.plural_rel is not None:
            extra["relation"] = "preceding" if sem.plural_rel < 0 else "following"
            if vague:
                extra["duration"] = value
                back = sem.plural_rel < 0
                if sem.anaphoric and tense is not None:  # في الأيام التالية: after a past event
                    back = tense == "past"
                return "DATE", "PAST_REF" if back else "FUTURE_REF", extra
            return "DURATION", value, extra
        rel = sem.relation
        if rel in {"ago", "later"} or (rel == "after" and tense != "past"):
            sign = -1 if rel == "ago" else 1
            extra["relation"] = "ago" if sign < 0 else "later"
            extra["duration"] = value
            if vague or len(sem.dur) != 1:
                return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", extra
            if self.anchor is None:
                extra["unresolved"] = True
                return "DATE", None, extra
            amount, unit = sem.dur[0]
            assert amount is not None
            d, grain = _ago(self.anchor, amount, unit, sign)
            extra["grain"] = grain
            return "DATE", fmt_period(d, grain), extra
        if rel:
            extra["relation"] = rel
        return "DURATION", value, extra

    def _placeholder(self, sem: Sem) -> str | None:
        """TIMEX3 value with X for what the missing reference date would have given."""
        if sem.rel is not None or sem.rel_year is not None or sem.rel_month is not None or sem.holiday:
            return None
        y = f"{sem.year:04d}" if sem.year is not None and sem.calendar == "gregorian" else "XXXX"
        if sem.month is not None and sem.calendar == "gregorian":
            v = f"{y}-{sem.month:02d}"
            if sem.day is not None and not sem.nth:
                v += f"-{sem.day:02d}"
            return v
        if sem.weekday is not None and sem.day is None and sem.nth is None:
            return f"XXXX-WXX-{sem.weekday}"
        if sem.season:
            return f"{y}-{sem.season}"
        return None

    def _year(self, sem: Sem, anchor: dt.date | None) -> int | None:
        if sem.year is not None:
            return sem.year
        if sem.rel_year is not None and anchor is not None:
            return anchor.year + sem.rel_year
        return None

    def _period(self, sem: Sem, anchor: dt.date | None, tense: str | None,
                extra: dict[str, Any]) -> tuple[dt.date, str] | None:
        # relative periods
        rel = sem.rel
        if rel is not None and sem.weekday is None and sem.nth is None:
            if anchor is None:
                return None
            unit, n = rel
            if unit == "day":  # with or without a clock time or a part of the day
                d = anchor + (_DAYS[n + _SPAN] if -_SPAN <= n <= _SPAN else dt.timedelta(days=n))  # days(n)
                if sem.weekday_check is not None and d.isoweekday() != sem.weekday_check:
                    extra["weekday_mismatch"] = True
                return d, "day"
            return _shift(anchor, unit, n)
        if sem.holiday:
            return self._holiday(sem, anchor, tense)
        if sem.calendar == "hijri" and (sem.month is not None or sem.year is not None):
            return self._hijri(sem, anchor, tense)
        if sem.rel_century is not None and sem.decade is None:
            if anchor is None:
                return None
            return dt.date((anchor.year // 100 + sem.rel_century) * 100, 1, 1), "century"
        if sem.century is not None and sem.decade is None:
            return (dt.date((sem.century - 1) * 100, 1, 1), "century") if sem.century > 1 else None
        if sem.decade is not None:
            if sem.rel_century is not None:
                if anchor is None:
                    return None
                sem.century = anchor.year // 100 + 1 + sem.rel_century
            if sem.century is not None:
                return dt.date((sem.century - 1) * 100 + sem.decade * 10, 1, 1), "decade"
            if anchor is None:
                return None
            base = anchor.year // 100 * 100
            y = base + sem.decade * 10
            if y > anchor.year:
                y -= 100
            return dt.date(y, 1, 1), "decade"
        year = sem.year  # self._year, inlined
        if year is None and sem.rel_year is not None and anchor is not None:
            year = anchor.year + sem.rel_year
        # nth weekday / week / day of a month
        if sem.nth is not None and sem.nth_unit:
            return self._nth(sem, anchor, tense, year)
        if sem.month is not None or sem.rel_month is not None:
            month = sem.month
            if sem.rel_month is not None:
                if anchor is None:
                    return None
                year, month = shift_months(anchor.year, anchor.month, sem.rel_month)
            assert month is not None
            if sem.day is not None:
                return self._day_month(sem, anchor, tense, year, month)
            if year is None:
                if anchor is None:
                    return None
                direction, strict = _direction(sem, tense, 0)
                return dt.date(_month_year(anchor, month, direction, strict), month, 1), "month"
            return dt.date(year, month, 1), "month"
        if sem.season:
            return self._season(sem, anchor, tense, year)
        if sem.weekday is not None:
            if anchor is None:
                return None
            if sem.rel is not None:  # الأحد من الأسبوع الماضي
                week0 = anchor + days(7 * sem.rel[1])
                return weekday_near(week0, sem.weekday, 0, False), "day"
            direction, strict = _direction(sem, tense, -1 if self.default_past else 1)
            d = weekday_near(anchor, sem.weekday, direction, strict)
            return d + days(7 * (sem.skip * direction)), "day"
        if year is not None:
            if sem.part:
                extra["part"] = sem.part
            return dt.date(year, 1, 1), "year"
        return None

    def _day_month(self, sem: Sem, anchor: dt.date | None, tense: str | None, year: int | None,
                   month: int) -> tuple[dt.date, str] | None:
        day = sem.day
        assert day is not None
        if sem.day_or_nth and sem.weekday is not None:
            y = year if year is not None else (anchor.year if anchor else None)
            if y is not None:
                d = safe_date(y, month, day)
                if (d is None or d.isoweekday() != sem.weekday) and day <= 5:
                    n = nth_weekday(y, month, sem.weekday, day)
                    if n is not None:
                        return n, "day"
        if year is not None:
            d = safe_date(year, month, day)
            return (d, "day") if d else None
        if anchor is None:
            return None
        ay = anchor.year
        if 1 <= day <= 28 and 1 <= month <= 12 and 1 < ay < 9999:  # a day every month has, in every year
            if sem.weekday is None and not sem.numeric and (tense != "until" or sem.direction is not None):
                # the year ``_pick_sorted`` gives, worked out without the dates (as ``_month_year``)
                direction, strict = _direction(sem, tense, 0)
                md, amd = (month, day), (anchor.month, anchor.day)
                if direction < 0:
                    y = ay if md < amd or md == amd and not strict else ay - 1
                elif direction > 0:
                    y = ay if md > amd or md == amd and not strict else ay + 1
                else:
                    y = ay
                return dt.date(y, month, day), "day"
            cands = [dt.date(ay - 1, month, day), dt.date(ay, month, day), dt.date(ay + 1, month, day)]
        else:
            cands = []
            for y in (ay - 1, ay, ay + 1):
                c = safe_date(y, month, day)
                if c is not None:
                    cands.append(c)
        if sem.weekday is not None:
            match = [c for c in cands if c.isoweekday() == sem.weekday]
            if match:
                cands = match
        if sem.numeric and sem.calendar == "gregorian":
            # 4/10 in a Saudi paper is often Hijri: take the Hijri reading when it falls within a
            # week of the reference date and no Gregorian reading comes within a month
            h = gregorian_to_hijri(anchor)
            if h is not None and all(abs((c - anchor).days) > 30 for c in cands):
                for hy in (h[0], h[0] - 1, h[0] + 1):
                    hd = hijri_to_gregorian(hy, month, day)
                    if hd is not None and abs((hd - anchor).days) <= 7:
                        sem.calendar = "hijri"
                        return hd, "day"
        if tense == "until" and sem.direction is None:  # حتى 25 فبراير: the nearest 25 February
            return min(cands, key=lambda c: abs((c - anchor).days)), "day"
        direction, strict = _direction(sem, tense, 0)
        d = _pick_sorted(cands, anchor, direction, strict)  # one candidate per year, in order
        return (d, "day") if d else None

    def _nth(self, sem: Sem, anchor: dt.date | None, tense: str | None, year: int | None) -> tuple[dt.date, str] | None:
        assert sem.nth is not None
        if sem.after_holiday and sem.holiday is None:
            return None
        month = sem.month
        if sem.rel_month is not None:
            if anchor is None:
                return None
            year, month = shift_months(anchor.year, anchor.month, sem.rel_month)
        if month is None:
            return None
        if year is None:
            if anchor is None:
                return None
            direction, strict = _direction(sem, tense, 0)
            year = _month_year(anchor, month, direction, strict)
        if sem.nth_unit == "weekday" and sem.weekday is not None:
            d = nth_weekday(year, month, sem.weekday, sem.nth)
            return (d, "day") if d else None
        if sem.nth_unit == "week":
            d = nth_week_monday(year, month, sem.nth)
            return (d, "week") if d else None
        if sem.nth_unit == "day":
            day = sem.nth if sem.nth > 0 else month_len(year, month)
            d = safe_date(year, month, day)
            return (d, "day") if d else None
        return None

    def _holiday(self, sem: Sem, anchor: dt.date | None, tense: str | None) -> tuple[dt.date, str] | None:
        assert sem.holiday is not None
        year = self._year(sem, anchor)
        if year is not None:
            dates = holiday_dates(sem.holiday, year, hijri_year=sem.calendar == "hijri")
            if not dates:
                return None
            d = dates[0]
        else:
            if anchor is None:
                return None
            cands: list[dt.date] = []
            for k in (-1, 0, 1):
                cands.extend(holiday_dates(sem.holiday, anchor.year + k))
            picked = _near_cycle(sem, cands, anchor, tense)
            if picked is None:
                return None
            d = picked
        if sem.after_holiday and sem.weekday is not None and sem.nth:
            first = weekday_near(d, sem.weekday, 1, True)
            return first + days(7 * (sem.nth - 1)), "day"
        if sem.holiday.startswith("h:"):
            sem.calendar = "hijri"
        return d, "day"

    def _hijri(self, sem: Sem, anchor: dt.date | None, tense: str | None) -> tuple[dt.date, str] | None:
        hm, hd, hy = sem.month, sem.day, sem.year
        if hm is None:  # a Hijri year alone: the Gregorian year holding most of it
            if hy is None:
                return None
            s, e = hijri_to_gregorian(hy, 1, 1), hijri_to_gregorian(hy, 12, 29)
            if s is None or e is None:
                return None
            mid = s + (e - s) / 2
            return dt.date(mid.year, 1, 1), "year"
        if hy is not None and hy > 1700:  # a Gregorian year with a Hijri month: رمضان 2019
            cands = []
            for y in (hy - 580, hy - 579, hy - 578):
                span = hijri_month_span(y, hm)
                if span and span[0].year == hy:
                    cands.append((span[0], y))
            if not cands:
                return None
            hy = min(cands)[1]
        if hy is None:
            if anchor is None:
                return None
            h = gregorian_to_hijri(anchor)
            if h is None:
                return None
            options: list[tuple[dt.date, int]] = []
            for y in (h[0] - 1, h[0], h[0] + 1):
                d0 = hijri_to_gregorian(y, hm, hd or 1)
                if d0 is not None:
                    options.append((d0, y))
            if hd is not None:
                picked = _near_cycle(sem, [o[0] for o in options], anchor, tense)
                hy = next(y for d0, y in options if d0 == picked)
            else:  # a month: the one around the reference date (inside it or within 45 days) first
                if sem.direction is None:
                    hy = next((y for y in (h[0], h[0] - 1, h[0] + 1) if _inside_or_near(hm, y, anchor)), None)
                if hy is None:
                    direction, strict = _direction(sem, tense, 0)
                    if direction == 0:
                        hy = h[0]
                    else:
                        picked = _pick([o[0] for o in options], anchor, direction, strict)
                        hy = next(y for d0, y in options if d0 == picked)
        if hd is not None:
            d = hijri_to_gregorian(hy, hm, hd)
            return (d, "day") if d else None
        span = hijri_month_span(hy, hm)
        if span is None:
            return None
        mid = span[0] + (span[1] - span[0]) / 2
        sem.year = hy
        return dt.date(mid.year, mid.month, 1), "month"

    def _season(self, sem: Sem, anchor: dt.date | None, tense: str | None, year: int | None) -> tuple[dt.date, str] | None:
        assert sem.season is not None
        if year is not None:
            return dt.date(year, _SEASON_MONTH[sem.season], 1), "season"
        if anchor is None:
            return None
        cands = [dt.date(anchor.year + k, _SEASON_MONTH[sem.season], 1) for k in (-1, 0, 1)]
        m = anchor.month
        cur_season = "WI" if m in (12, 1, 2) else _SEASONS[(m - 3) // 3]
        cur_year = anchor.year - 1 if m in (1, 2) else anchor.year
        cur = dt.date(cur_year, _SEASON_MONTH[cur_season], 1)
        direction, strict = _direction(sem, tense, 0)
        d = _pick_sorted(cands, cur, direction, strict)
        return (d, "season") if d else None
