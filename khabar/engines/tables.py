"""Flat tables from khabar/1 documents: documents, events, attributions (one row per record).

Shared by the Spark engine and its local cross-check; pure Python, no engine imports.
"""

from __future__ import annotations

import json
from typing import Any

DOC_COLUMNS = ("doc_id", "date", "outlet", "url", "title", "n_sentences", "n_events", "n_attributions", "json")
EVENT_COLUMNS = ("doc_id", "event_id", "event", "mode", "context", "trigger", "trigger_start", "trigger_end",
                 "sentence", "group", "actor_codes", "recipient_codes", "status", "date", "location",
                 "attribution", "cameo", "quad_class", "goldstein", "confidence")
ATTRIBUTION_COLUMNS = ("doc_id", "attribution_id", "cue", "source", "source_kind", "source_count",
                       "source_code", "content", "direct", "status")


def _codes(parts: list[dict[str, Any]]) -> str:
    return ";".join(p.get("code") or "" for p in parts)


def doc_rows(d: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of one khabar/1 document (as a dict) for the three tables."""
    src = d.get("source") or {}
    doc_id = d["id"]
    docs = [{
        "doc_id": doc_id, "date": d.get("date"), "outlet": src.get("outlet"), "url": src.get("url"),
        "title": src.get("title"), "n_sentences": len(d.get("sentences", [])),
        "n_events": len(d.get("events", [])), "n_attributions": len(d.get("attributions", [])),
        "json": json.dumps(d, ensure_ascii=False),
    }]
    events = []
    for v in d.get("events", []):
        events.append({
            "doc_id": doc_id, "event_id": v["id"], "event": v["event"], "mode": ";".join(v.get("mode") or []),
            "context": ";".join(v.get("context") or []), "trigger": v["trigger"]["text"],
            "trigger_start": v["trigger"]["start"], "trigger_end": v["trigger"]["end"],
            "sentence": v.get("sentence"), "group": v.get("group"), "actor_codes": _codes(v.get("actor") or []),
            "recipient_codes": _codes(v.get("recipient") or []), "status": v.get("status"),
            "date": (v.get("date") or {}).get("value"),
            "location": (v.get("location") or {}).get("code") if v.get("location") else None,
            "attribution": v.get("attribution"), "cameo": v.get("cameo"), "quad_class": v.get("quad_class"),
            "goldstein": v.get("goldstein"), "confidence": v.get("confidence"),
        })
    atts = []
    for a in d.get("attributions", []):
        s = a.get("source") or {}
        atts.append({
            "doc_id": doc_id, "attribution_id": a["id"], "cue": a["cue"]["text"], "source": s.get("text"),
            "source_kind": s.get("kind"), "source_count": s.get("count"),
            "source_code": (s.get("actor") or {}).get("code") if s.get("actor") else None,
            "content": (a.get("content") or {}).get("text") if a.get("content") else None,
            "direct": bool(a.get("direct")), "status": a.get("status"),
        })
    return {"documents": docs, "events": events, "attributions": atts}
