"""Where a TIMEX3 value lies relative to a reference date: past (-1), overlapping (0), future (1)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_Y = re.compile(r"^(\d{4})$")
_YM = re.compile(r"^(\d{4})-(\d{2})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YW = re.compile(r"^(\d{4})-W(\d{2})")


@lru_cache(maxsize=4096)
def interval(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a TIMEX3 date value covers (None for durations and vague values)."""
    try:
        if m := _YMD.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _YW.match(value):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
        if m := _YM.match(value):
            y, mo = int(m[1]), int(m[2])
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
        if m := _Y.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def relation(value: str | None, ref: str | None) -> int:
    """-1 if the value lies before the reference date, 1 if after, 0 if it covers it or is unknown."""
    if not value:
        return 0
    if value == "FUTURE_REF":
        return 1
    if value == "PAST_REF":
        return -1
    if not ref:
        return 0
    iv = interval(value)
    try:
        r = dt.date.fromisoformat(ref[:10])
    except ValueError:
        return 0
    if iv is None:
        return 0
    if iv[1] < r:
        return -1
    if iv[0] > r:
        return 1
    return 0
