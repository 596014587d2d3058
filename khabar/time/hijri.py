"""The Umm al-Qura calendar as a table: Hijri ↔ Gregorian conversions by lookup (hijridate,
AH 1343–1500), built once on first use."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

_ONE_DAY = dt.timedelta(days=1)


class _HijriTable:
    """Umm al-Qura month starts and lengths for the whole range hijridate supports (AH 1343–1500),
    built once from hijridate on first use, so that a conversion is a lookup (the Hijri holidays
    of every year a text mentions are converted over and over)."""

    def __init__(self) -> None:
        from hijridate import Hijri, ummalqura

        (y0, _, _), (y1, _, _) = ummalqura.HIJRI_RANGE
        self.months: dict[tuple[int, int], tuple[int, int]] = {}  # (year, month) → (first day ordinal, days)
        self.keys: list[tuple[int, int]] = []
        self.starts: list[int] = []
        for y in range(y0, y1 + 1):
            for m in range(1, 13):
                h = Hijri(y, m, 1)
                first = h.to_gregorian().toordinal()
                self.months[(y, m)] = (first, h.month_length())
                self.keys.append((y, m))
                self.starts.append(first)
        lo, hi = ummalqura.GREGORIAN_RANGE
        self.lo, self.hi = dt.date(*lo).toordinal(), dt.date(*hi).toordinal()


_HIJRI: list[_HijriTable] = []


def _hijri_table() -> _HijriTable:
    if not _HIJRI:
        _HIJRI.append(_HijriTable())
    return _HIJRI[0]


def hijri_to_gregorian(hy: int, hm: int, hd: int) -> dt.date | None:
    """The Gregorian date of a Hijri (Umm al-Qura) date, None outside the calendar or its range."""
    m = _hijri_table().months.get((hy, hm))
    if m is None or not 1 <= hd <= m[1]:
        return None
    return dt.date.fromordinal(m[0] + hd - 1)


def gregorian_to_hijri(d: dt.date) -> tuple[int, int, int] | None:
    """(year, month, day) in the Umm al-Qura calendar, None outside its range."""
    t = _hijri_table()
    o = d.toordinal()
    if not t.lo <= o <= t.hi:
        return None
    k = bisect_right(t.starts, o) - 1
    y, m = t.keys[k]
    return y, m, o - t.starts[k] + 1


def hijri_month_span(hy: int, hm: int) -> tuple[dt.date, dt.date] | None:
    """First and last Gregorian day of a Hijri month."""
    start = hijri_to_gregorian(hy, hm, 1)
    ny, nm = (hy + 1, 1) if hm == 12 else (hy, hm + 1)
    nxt = hijri_to_gregorian(ny, nm, 1)
    if start is None or nxt is None:
        return None
    return start, nxt - _ONE_DAY
