"""What a time expression means before it is anchored: the grammar builds a ``Sem``, the
resolver turns it into a TIMEX3 value against the reference date and the clause's tense."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Sem:
    """The meaning of one time expression; unset fields are unknown or inherited from the anchor.

    A plain class: building one copies a dict of all the defaults (one C-level copy) and sets
    the fields given, so every field is then an instance attribute and reads stay on the fast
    path (a default left on the class costs a slow lookup through the type on every read).
    The rules that run most build ``Sem()`` and then set the fields: keywords cost a second dict
    (the ``**fields`` one) and double the price of a construction. This module stays plain Python
    when ``setup.py`` compiles the rest of the time stage: a compiled class has no ``__dict__``.
    """

    kind: str = "DATE"  # DATE | TIME | DURATION | SET | REF
    # calendar fields (as written; ``calendar`` says which calendar they are in)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    calendar: str = "gregorian"
    weekday: int | None = None  # ISO 1 = Monday
    numeric: bool = False  # written in digits without a year (4/10): the calendar may be Hijri
    season: str | None = None  # SP SU FA WI
    part: str | None = None  # a quarter or half of the year: Q1..Q4, H1, H2
    decade: int | None = None  # tens digit (9 = the 90s) unless ``century`` is set
    century: int | None = None  # ordinal century: 20 = the twentieth century (1900s)
    rel_century: int | None = None  # century relative to the anchor's (القرن الماضي → -1)
    # deictic and relative parts: (unit, offset) from the anchor, e.g. ("week", -1)
    rel: tuple[str, int] | None = None
    rel_year: int | None = None  # year given relative to the anchor (العام الماضي → -1)
    rel_month: int | None = None  # month given relative to the anchor (الشهر القادم → +1)
    direction: int | None = None  # explicit direction of a cyclic name (الأحد الماضي -1, المقبل +1)
    skip: int = 0  # further cycles in that direction (الاثنين قبل الماضي: one week more)
    anaphoric: bool = False  # resolved against the previous date in the text when there is one
    weekday_check: int | None = None  # "اليوم (الأحد)": the weekday the text states for the day
    # ordinal selections inside a month: nth weekday (nth_unit "weekday"), nth week, last day
    nth: int | None = None  # 1.. or -1 for the last
    nth_unit: str | None = None  # weekday | week | day
    day_or_nth: bool = False  # "الثلاثاء الثالث من أيلول": day 3 or third Tuesday, decided on resolution
    holiday: str | None = None  # "h:10-01", "g:12-25", "easter:0"
    after_holiday: bool = False  # nth weekday after the holiday
    # clock
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    ampm: str | None = None  # am | pm | noon | night | None
    pod: str | None = None  # MO MI AF EV NI DT
    tz: str | None = None
    # durations and sets
    dur: Sequence[tuple[float | None, str]] = ()  # (amount or None = X, unit)
    relation: str | None = None  # ago | later | since | for | during | within | until | before | after
    plural_rel: int | None = None  # "الأيام المقبلة": vague plural relative period (+1/-1)
    ref: str | None = None  # PAST_REF | PRESENT_REF | FUTURE_REF | ANAPHORIC
    set_value: str | None = None
    freq: str | None = None
    mod: str | None = None  # START | MID | END | APPROX | MORE_THAN | LESS_THAN | BEFORE | AFTER
    weekend: bool = False

    def __init__(self, **fields: Any) -> None:
        d = _DEFAULTS.copy()
        if fields:
            d.update(fields)
        self.__dict__ = d

    def copy(self) -> Sem:
        """A shallow copy (the grammar copies before it edits a shared sub-result)."""
        new = Sem.__new__(Sem)
        new.__dict__ = self.__dict__.copy()
        return new

    def __repr__(self) -> str:
        changed = (f"{k}={v!r}" for k, v in self.__dict__.items() if _DEFAULTS.get(k, _UNSET) != v)
        return f"Sem({', '.join(changed)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sem) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def needs_direction(self) -> bool:
        """True when the value depends on whether the clause looks back or forward."""
        if self.direction is not None or self.rel is not None:
            return False
        if self.kind in {"DURATION", "SET"}:
            return self.relation == "after" or self.plural_rel is not None and self.anaphoric
        if self.ref in {"ANAPHORIC", "TENSED"}:
            return True
        if self.year is not None or self.rel_year is not None or self.decade is not None or self.century is not None:
            return False
        return (self.weekday is not None or self.month is not None or self.season is not None
                or self.holiday is not None)


_UNSET = object()
# every field with its default, copied into each new Sem
_DEFAULTS: dict[str, Any] = {k: getattr(Sem, k) for k in Sem.__annotations__}
