"""The API's side of the corpus store: query parameters to store filters, ingest results, and
the month-by-month dyad series with empty months filled in (so a chart's x axis is time)."""

from __future__ import annotations

import re
from typing import Any

from khabar.doc import Doc

_SEP = re.compile(r"[\s,/\-–—>]+")


def make_filters(**kw: Any) -> dict[str, Any]:
    """Store filters (``khabar.store.QueryFilters`` as a dict) from the API's query parameters;
    a dyad may be written ``USA-CHN``, ``USA,CHN`` or ``USA CHN``. The store validates them."""
    out = {k: v for k, v in kw.items() if v not in (None, "")}
    if "dyad" in out:
        out["dyad"] = ",".join(c for c in _SEP.split(str(out["dyad"]).strip()) if c)
    return out


def document_keys(docs: list[Doc]) -> list[str]:
    """The store key of each document (what ``GET /documents/{id}`` and mention rows use)."""
    from khabar.store.rows import document_key

    return [document_key(d.text, d.source) for d in docs]


def add_documents(store: Any, docs: list[Doc]) -> tuple[int, int]:
    """Store the documents; (newly added, duplicates)."""
    res = store.add_documents(docs)
    return len(res.added), len(res.duplicates)


def _month(day: str | None) -> str | None:
    return day[:7] if day else None


def _next_month(m: str) -> str:
    y, mo = int(m[:4]), int(m[5:7])
    return f"{y + (mo == 12):04d}-{mo % 12 + 1:02d}"


def monthly_counts(store: Any, a: str, b: str, *, directed: bool = False, since: str | None = None,
                   until: str | None = None) -> list[dict[str, Any]]:
    """Linked events per month between ``a`` and ``b`` by QuadClass, every month from the first
    to the last (or from ``since`` to ``until``) present, empty ones with zero counts."""
    filters = {k: v for k, v in (("since", since), ("until", until)) if v}
    rows = store.monthly_counts((a, b), directed=directed, filters=filters or None)
    by_month = {r["month"]: r for r in rows if r.get("month")}
    if not by_month and not (since and until):
        return []
    first = _month(since) or min(by_month)
    last = _month(until) or max(by_month)
    if since and by_month and not until:
        last = max(last, max(by_month))
    if until and by_month and not since:
        first = min(first, min(by_month))
    out: list[dict[str, Any]] = []
    m = first
    guard = 0
    while m <= last and guard < 2400:  # at most two centuries of months
        r = by_month.get(m)
        quad = {q: int((r or {}).get("quad", {}).get(q, 0)) for q in ("1", "2", "3", "4", "0")}
        out.append({"month": m, "quad": quad, "total": int(r["total"]) if r else 0})
        m = _next_month(m)
        guard += 1
    return out
