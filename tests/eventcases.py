"""Helpers shared by the event tests: run a constructed sentence under a dateline, read the
country codes of each event's parties."""

from __future__ import annotations

from typing import Any

from khabar.doc import Event

DATELINE = "القاهرة (رويترز) - "


def events(pipe: Any, text: str, date: str = "2023-05-01") -> list[Event]:
    doc = pipe(pipe.make_doc(DATELINE + text, date=date))
    return list(doc.events)


def coded(evs: list[Event], typ: str) -> list[tuple[set[str], set[str]]]:
    return [({p.code for p in e.actor}, {p.code for p in e.recipient}) for e in evs if e.event == typ]
