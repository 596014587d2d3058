"""Exports of query results: JSON, JSONL, CSV, Parquet, PLOVER JSON, a GDELT-style event table
and a statements table. Rows come from :mod:`khabar.store.query` (mentions, linked events or
statements); each format has one writer that takes an iterable of rows and a binary stream."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from khabar import __version__

FORMATS = ("json", "jsonl", "csv", "parquet", "plover", "gdelt", "statements")

MENTION_COLUMNS = (
    "mention_id", "event_id", "doc", "url", "outlet", "title", "doc_date", "date", "day_lo", "day_hi", "event",
    "mode", "context", "status", "actor_codes", "actor_text", "recipient_codes", "recipient_text", "trigger",
    "location", "location_code", "source_kind", "source_text", "source_code", "cameo", "quad_class", "goldstein",
    "confidence", "sentence_text",
)
EVENT_COLUMNS = (
    "event_id", "event", "date", "day_lo", "day_hi", "status", "actor_codes", "recipient_codes", "cameo",
    "quad_class", "goldstein", "n_mentions", "n_documents", "n_outlets", "n_sources", "url", "outlet", "trigger",
    "sentence_text",
)
STATEMENT_COLUMNS = (
    "doc", "aid", "date", "outlet", "url", "source_text", "source_kind", "source_count", "source_code",
    "source_sector", "source_role", "source_tenure", "cue", "content", "direct", "status", "n_events",
)
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name", "Actor1CountryCode",
    "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
    "NumArticles", "ActionGeo_FullName", "ActionGeo_CountryCode", "DATEADDED", "SOURCEURL", "PLOVER", "Status",
)
_INT = {"quad_class", "n_mentions", "n_documents", "n_outlets", "n_sources", "source_count", "n_events"}
_FLOAT = {"goldstein", "confidence"}


def _texts(parts: list[dict[str, Any]]) -> str:
    return " | ".join(p.get("text") or "" for p in parts)


def flat_mention(m: dict[str, Any]) -> dict[str, Any]:
    """A mention row as flat columns (lists joined: codes by space, texts by ' | ', modes by ';')."""
    return {
        "mention_id": m["id"], "event_id": m.get("event_id"), "doc": m["doc"], "url": m.get("url"),
        "outlet": m.get("outlet"), "title": m.get("title"), "doc_date": m.get("doc_date"),
        "date": m.get("date_value"), "day_lo": m.get("day_lo"), "day_hi": m.get("day_hi"),
        "event": m["event_type"], "mode": ";".join(m.get("mode") or []), "context": ";".join(m.get("context") or []),
        "status": m.get("status"), "actor_codes": m.get("actor_codes"), "actor_text": _texts(m.get("actor") or []),
        "recipient_codes": m.get("recipient_codes"), "recipient_text": _texts(m.get("recipient") or []),
        "trigger": m.get("trigger"), "location": m.get("location"), "location_code": m.get("location_code"),
        "source_kind": m.get("source_kind"), "source_text": m.get("source_text"), "source_code": m.get("source_code"),
        "cameo": m.get("cameo"), "quad_class": m.get("quad_class"), "goldstein": m.get("goldstein"),
        "confidence": m.get("confidence"), "sentence_text": m.get("sentence_text"),
    }


def flat_event(e: dict[str, Any]) -> dict[str, Any]:
    """A linked-event row as flat columns, with its representative mention's article and sentence."""
    rep = e.get("rep") or {}
    return {
        "event_id": e["id"], "event": e["event_type"], "date": e.get("date"), "day_lo": e.get("day_lo"),
        "day_hi": e.get("day_hi"), "status": e.get("status"), "actor_codes": e.get("actor_codes"),
        "recipient_codes": e.get("recipient_codes"), "cameo": e.get("cameo"), "quad_class": e.get("quad_class"),
        "goldstein": e.get("goldstein"), "n_mentions": e.get("n_mentions"), "n_documents": e.get("n_documents"),
        "n_outlets": e.get("n_outlets"), "n_sources": e.get("n_sources"), "url": rep.get("url"),
        "outlet": rep.get("outlet"), "trigger": rep.get("trigger"), "sentence_text": rep.get("sentence_text"),
    }


def flat_statement(s: dict[str, Any]) -> dict[str, Any]:
    return {c: s.get(c) for c in STATEMENT_COLUMNS}


def _sqldate(day: str | None) -> str:
    return day.replace("-", "") if day else ""


def _party(parts: list[dict[str, Any]], codes: str | None) -> tuple[str, str, str, str]:
    """GDELT actor columns (code = country + sector, name, country, type) of the first participant."""
    if parts:
        p = parts[0]
        country, sector = p.get("code") or "", p.get("sector") or ""
        return country + sector, p.get("text") or "", country, sector
    first = (codes or "").split()
    return (first[0], "", first[0], "") if first else ("", "", "", "")


def gdelt_row(r: dict[str, Any], events: bool) -> dict[str, Any]:
    """One GDELT-style row: from a linked event (counts over its mentions) or a single mention."""
    m = (r.get("rep") or {}) if events else r
    day = (r.get("date") or r.get("day_lo")) if events else (m.get("day_lo") if m.get("day_lo") == m.get("day_hi")
                                                            else m.get("day_lo"))
    cameo = r.get("cameo") or ""
    a1 = _party(m.get("actor") or [], r.get("actor_codes"))
    a2 = _party(m.get("recipient") or [], r.get("recipient_codes"))
    sd = _sqldate(day)
    return {
        "GLOBALEVENTID": r["id"], "SQLDATE": sd, "MonthYear": sd[:6], "Year": sd[:4],
        "Actor1Code": a1[0], "Actor1Name": a1[1], "Actor1CountryCode": a1[2], "Actor1Type1Code": a1[3],
        "Actor2Code": a2[0], "Actor2Name": a2[1], "Actor2CountryCode": a2[2], "Actor2Type1Code": a2[3],
        "IsRootEvent": 1 if m.get("sentence") == 0 else 0, "EventCode": cameo, "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2], "QuadClass": r.get("quad_class") or "", "GoldsteinScale": r.get("goldstein"),
        "NumMentions": r.get("n_mentions", 1), "NumSources": r.get("n_sources", 1),
        "NumArticles": r.get("n_documents", 1), "ActionGeo_FullName": m.get("location") or "",
        "ActionGeo_CountryCode": m.get("location_code") or "", "DATEADDED": _sqldate(m.get("doc_date")),
        "SOURCEURL": m.get("url") or "", "PLOVER": r.get("event_type"), "Status": r.get("status"),
    }


def _plover_party(parts: list[dict[str, Any]], codes: str | None) -> list[dict[str, Any]]:
    if parts:
        return [{"code": p.get("code"), "sector": p.get("sector"), "actorText": p.get("text")} for p in parts]
    return [{"code": c} for c in (codes or "").split()]


def plover_record(r: dict[str, Any], events: bool) -> dict[str, Any]:
    """A PLOVER JSON record (field names of the PLOVER manual's data-fields table)."""
    m = (r.get("rep") or {}) if events else r
    rec: dict[str, Any] = {
        "id": r["id"],
        "date": (r.get("date") or r.get("day_lo")) if events else (m.get("day_lo") or m.get("doc_date")),
        "actor": _plover_party([] if events else (m.get("actor") or []), r.get("actor_codes")),
        "recipient": _plover_party([] if events else (m.get("recipient") or []), r.get("recipient_codes")),
        "event": [r.get("event_type")],
        "mode": m.get("mode") or [], "context": m.get("context") or [],
        "event_text": [m.get("trigger")] if m.get("trigger") else [],
        "event_loc": {"text": m["location"], "code": m.get("location_code")} if m.get("location") else None,
        "quad_code": r.get("quad_class"), "event_scale": r.get("goldstein"),
        "link": r["id"] if events else r.get("event_id"),
        "text": m.get("sentence_text"),
        "cite_info": {"url": m.get("url"), "outlet": m.get("outlet"), "title": m.get("title"),
                      "date": m.get("doc_date")},
        "status": r.get("status"),
        "source": {"kind": m.get("source_kind"), "text": m.get("source_text")},
        "coder": f"khabar {__version__}",
        "language": "ar",
    }
    if events:
        rec.update({"mentions": r.get("n_mentions"), "documents": r.get("n_documents"),
                    "sources": r.get("n_sources")})
    return rec


def _columns(kind: str) -> tuple[str, ...]:
    return {"events": EVENT_COLUMNS, "mentions": MENTION_COLUMNS, "statements": STATEMENT_COLUMNS}[kind]


def _flat(kind: str, r: dict[str, Any]) -> dict[str, Any]:
    if kind == "events":
        return flat_event(r)
    if kind == "statements":
        return flat_statement(r)
    return flat_mention(r)


def _jsonable(r: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in r.items() if k != "sig"}


def write(rows: Iterable[dict[str, Any]], fmt: str, kind: str, out: BinaryIO) -> int:
    """Write rows of ``kind`` (mentions | events | statements) as ``fmt`` to ``out``; return the count."""
    n = 0
    if fmt == "parquet":
        return _write_parquet(rows, kind, out)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        if fmt in ("json", "jsonl"):
            if fmt == "json":
                text.write("[")
            for r in rows:
                s = json.dumps(_jsonable(r), ensure_ascii=False, default=str)
                if fmt == "json":
                    text.write(("," if n else "") + "\n  " + s)
                else:
                    text.write(s + "\n")
                n += 1
            if fmt == "json":
                text.write("\n]\n" if n else "]\n")
        elif fmt == "plover":
            for r in rows:
                text.write(json.dumps(plover_record(r, kind == "events"), ensure_ascii=False) + "\n")
                n += 1
        elif fmt == "gdelt":
            w = csv.DictWriter(text, fieldnames=GDELT_COLUMNS, delimiter="\t", lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow(gdelt_row(r, kind == "events"))
                n += 1
        elif fmt in ("csv", "statements"):
            w = csv.DictWriter(text, fieldnames=_columns(kind), lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow(_flat(kind, r))
                n += 1
        else:
            raise ValueError(f"unknown format {fmt!r}")
    finally:
        text.flush()
        text.detach()
    return n


def _write_parquet(rows: Iterable[dict[str, Any]], kind: str, out: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = _columns(kind)
    schema = pa.schema([(c, pa.int64() if c in _INT else pa.float64() if c in _FLOAT
                         else pa.bool_() if c == "direct" else pa.string()) for c in cols])
    writer = pq.ParquetWriter(out, schema)
    n = 0
    chunk: list[dict[str, Any]] = []

    def emit() -> None:
        if chunk:
            data = {c: [r.get(c) for r in chunk] for c in cols}
            writer.write_table(pa.table(data, schema=schema))
            chunk.clear()

    try:
        for r in rows:
            chunk.append(_flat(kind, r))
            n += 1
            if len(chunk) >= 5000:
                emit()
        emit()
    finally:
        writer.close()
    return n
