"""Turning a ``Doc`` into store rows: document identity, searchable terms, date intervals,
linking signatures and the CAMEO/QuadClass/Goldstein fallback for events that lack them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from khabar.doc import Doc, Event
from khabar.text.normalize import norm_word
from khabar.text.tokenize import TOKEN_RE

# PLOVER type -> CAMEO root, used only when the events stage left ``cameo`` empty.
# Source: the inverse of CAMEO2PLOVER-2021 (PLOVER manual draft 0.8); REQUEST -> 02 (appeal),
# since PLOVER REQUEST spans CAMEO 02 appeals and 10 demands and most reported requests are appeals.
PLOVER_CAMEO: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
    "CONCEDE": "08", "RETREAT": "08", "REQUEST": "02", "ACCUSE": "11", "REJECT": "12",
    "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17",
    "ASSAULT": "18",
}
# Goldstein (1992) scale values of the CAMEO root codes (the x0 codes of the CAMEO 1.1b3 table).
CAMEO_GOLDSTEIN: dict[str, float] = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -4.4, "14": -6.5, "15": -7.2,
    "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0,
}


def quad_class_of(root: str) -> int | None:
    """GDELT QuadClass of a CAMEO root: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    if not root[:2].isdigit():
        return None
    r = int(root[:2])
    if 1 <= r <= 5:
        return 1
    if 6 <= r <= 8:
        return 2
    if 9 <= r <= 13:
        return 3
    if 14 <= r <= 20:
        return 4
    return None


def cameo_fields(ev: Event) -> tuple[str | None, int | None, float | None]:
    """The event's (cameo, quad_class, goldstein), filled from its PLOVER type where missing."""
    cameo = ev.cameo or PLOVER_CAMEO.get(ev.event)
    root = (cameo or "")[:2]
    quad = ev.quad_class if ev.quad_class is not None else (quad_class_of(root) if root else None)
    gold = ev.goldstein if ev.goldstein is not None else CAMEO_GOLDSTEIN.get(root)
    return cameo, quad, gold


# ---------------------------------------------------------------- identity and terms

def norm_text(text: str) -> str:
    """The matching form of a whole text (for document identity): normalised words, single spaces."""
    return " ".join(n for n in map(norm_word, text.split()) if n)


def source_key(source: dict[str, Any] | None) -> str:
    """What makes two copies of a text different documents: the URL, else the outlet."""
    if not source:
        return ""
    return str(source.get("url") or source.get("outlet") or "")


def document_key(text: str, source: dict[str, Any] | None) -> str:
    """Document identity: sha256 of the normalised text plus its source (32 hex digits)."""
    return keys(text, source)[0]


def keys(text: str, source: dict[str, Any] | None) -> tuple[str, str]:
    """(document key, hash of the normalised text alone)."""
    h = hashlib.sha256(norm_text(text).encode("utf-8"))
    th = h.hexdigest()[:32]
    h.update(b"\x00" + source_key(source).encode("utf-8"))
    return h.hexdigest()[:32], th


# Light10 (Larkey, Ballesteros & Connell 2002): the standard light stemmer of Arabic retrieval,
# on normalised words (ة folded to ه, ى to ي), so its suffix list is written in those forms.
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def light_stem(norm: str) -> str:
    """Light10 stem of a normalised word: drop و, the article and common suffixes."""
    w = norm
    if w.startswith("و") and len(w) >= 4:
        w = w[1:]
    for art in _ARTICLES:
        if w.startswith(art) and len(w) - len(art) >= 2:
            w = w[len(art):]
            break
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 2:
            w = w[: -len(suf)]
    return w


@lru_cache(maxsize=300_000)
def word_terms(word: str) -> tuple[str, str]:
    """(normalised form, light stem) of one word, cached per type."""
    norm = norm_word(word)
    if len(norm) < 3 or not norm[0].isalpha() or norm[0].isascii():
        return norm, norm
    return norm, light_stem(norm)


_WORDLIKE = re.compile(r"\w", re.UNICODE)


def text_terms(text: str) -> tuple[list[str], list[str]]:
    """Normalised words and their stems (punctuation dropped), for full-text search."""
    norms: list[str] = []
    stems: list[str] = []
    for m in TOKEN_RE.finditer(text):
        w = m.group()
        if not _WORDLIKE.match(w):
            continue
        n, s = word_terms(w)
        if n:
            norms.append(n)
            stems.append(s)
    return norms, stems


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words for linking signatures: the 200 most frequent normalised words of the
    shipped frequency list (khabar/data/wordfreq.tsv) and their stems."""
    from khabar.text.clitics import load_wordfreq

    freq = load_wordfreq()
    top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:200]
    out: set[str] = set()
    for w, _ in top:
        out.add(w)
        out.add(word_terms(w)[1])
    return frozenset(out)


def signature(stems: list[str]) -> str:
    """Sorted unique content stems of a sentence (letters only, 3+ characters, no function words)."""
    stop = stopwords()
    keep = {s for s in stems if len(s) >= 3 and s.isalpha() and s not in stop}
    return " ".join(sorted(keep))


# ---------------------------------------------------------------- dates

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}


def _last_day(y: int, m: int) -> dt.date:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def date_interval(value: str | None) -> tuple[str, str] | None:
    """The day interval a TIMEX3 date value covers, as ISO days; None for vague or bad values."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d.isoformat(), d.isoformat()
        if m := _WEEK.match(value):
            mon = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return (mon + dt.timedelta(days=5)).isoformat(), (mon + dt.timedelta(days=6)).isoformat()
            return mon.isoformat(), (mon + dt.timedelta(days=6)).isoformat()
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1).isoformat(), _last_day(y, mo).isoformat()
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
        if m := _SEASON.match(value):
            y = int(m[1])
            a, b = _SEASONS[m[2]]
            if a > b:
                return dt.date(y, a, 1).isoformat(), _last_day(y + 1, b).isoformat()
            return dt.date(y, a, 1).isoformat(), _last_day(y, b).isoformat()
    except ValueError:
        return None
    return None


def day_span(lo: str, hi: str) -> int:
    return (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days


# ---------------------------------------------------------------- the rows of one document

@dataclass
class DocRows:
    """Every row one document contributes (mentions carry no event id yet)."""

    key: str
    document: dict[str, Any]
    sentences: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    timexes: list[dict[str, Any]]
    attributions: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    participants: list[dict[str, Any]]


def _codes(parts: list[Any]) -> str:
    return " ".join(sorted({p.code for p in parts if p.code}))


def _sentence_terms(doc: Doc, i: int) -> tuple[list[str], list[str]]:
    """Terms of sentence ``i``, from the text stage's tokens when the document has them."""
    sn = doc.sentences[i]
    if doc.tokens and sn.token_end <= len(doc.tokens) and (sn.token_end > sn.token_start or sn.end == sn.start):
        norms: list[str] = []
        stems: list[str] = []
        for t in doc.tokens[sn.token_start:sn.token_end]:
            if t.norm and _WORDLIKE.match(t.norm):
                n, st = word_terms(t.norm)
                norms.append(n)
                stems.append(st)
        return norms, stems
    return text_terms(doc.text[sn.start:sn.end])


def doc_rows(doc: Doc, *, origin: str = "", ingested_at: str = "") -> DocRows:
    """Flatten a document into rows for every table (mentions with ``event_id`` None)."""
    src = doc.source or {}
    key, thash = keys(doc.text, doc.source)
    sent_rows: list[dict[str, Any]] = []
    sent_stems: list[list[str]] = []
    for i, sn in enumerate(doc.sentences):
        norms, stems = _sentence_terms(doc, i)
        sent_stems.append(stems)
        sent_rows.append({"doc": key, "idx": i, "start": sn.start, "end": sn.end,
                          "norm": " ".join(norms), "stems": " ".join(stems)})
    ents = [{"doc": key, "eid": e.id, "start": e.start, "end": e.end, "text": e.text, "label": e.label,
             "actor_code": e.actor.code if e.actor else None, "actor_sector": e.actor.sector if e.actor else None,
             "actor_name": e.actor.name if e.actor else None} for e in doc.entities]
    tims = [{"doc": key, "tid": t.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
             "value": t.value, "calendar": t.calendar} for t in doc.timexes]
    atts: list[dict[str, Any]] = []
    by_aid: dict[str, dict[str, Any]] = {}
    for a in doc.attributions:
        s = a.source
        row = {"doc": key, "aid": a.id, "sentence": doc.sentence_of(a.cue.start) if doc.sentences else None,
               "cue": a.cue.text, "source_text": s.text, "source_kind": s.kind, "source_count": s.count,
               "source_code": s.actor.code if s.actor else None, "source_sector": s.actor.sector if s.actor else None,
               "source_role": s.role, "source_tenure": s.tenure, "source_entity": s.entity, "same_as": s.same_as,
               "content": a.content.text if a.content else None, "direct": a.direct, "status": a.status}
        atts.append(row)
        by_aid[a.id] = row
    doc_date = (doc.date or "")[:10] or None
    ments: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for ev in doc.events:
        mid = f"{key}:{ev.id}"
        value = (ev.date or {}).get("value") or doc_date
        iv = date_interval(value) or date_interval(doc_date)
        att = by_aid.get(ev.attribution or "")
        sent = ev.sentence if 0 <= ev.sentence < len(doc.sentences) else None
        stext = doc.text[doc.sentences[sent].start:doc.sentences[sent].end] if sent is not None else None
        cameo, quad, gold = cameo_fields(ev)
        ments.append({
            "id": mid, "doc": key, "vid": ev.id, "event_type": ev.event,
            "mode": json.dumps(ev.mode, ensure_ascii=False), "context": json.dumps(ev.context, ensure_ascii=False),
            "trigger": ev.trigger.text, "trigger_start": ev.trigger.start, "trigger_end": ev.trigger.end,
            "sentence": sent, "sentence_text": stext, "grp": ev.group, "status": ev.status,
            "date_value": value, "timex": (ev.date or {}).get("timex"),
            "day_lo": iv[0] if iv else None, "day_hi": iv[1] if iv else None,
            "location": ev.location.text if ev.location else None,
            "location_code": ev.location.code if ev.location else None,
            "attribution": ev.attribution if att else None,
            "source_kind": att["source_kind"] if att else "none",
            "source_text": att["source_text"] if att else None,
            "source_code": att["source_code"] if att else None,
            "outlet": src.get("outlet"), "doc_date": doc_date,
            "actor_codes": _codes(ev.actor), "recipient_codes": _codes(ev.recipient),
            "cameo": cameo, "quad_class": quad, "goldstein": gold, "confidence": ev.confidence,
            "sig": signature(sent_stems[sent]) if sent is not None else "",
            "event_id": None,
        })
        for role, plist in (("actor", ev.actor), ("recipient", ev.recipient)):
            for i, p in enumerate(plist):
                parts.append({"mention": mid, "role": role, "idx": i, "code": p.code, "sector": p.sector,
                              "text": p.text, "start": p.start, "end": p.end, "entity": p.entity})
    document = {
        "key": key, "doc_id": doc.id, "url": src.get("url"), "outlet": src.get("outlet"),
        "title": src.get("title"), "date": doc_date, "lang": doc.lang, "origin": origin,
        "text_hash": thash, "n_chars": len(doc.text), "n_sentences": len(doc.sentences),
        "n_events": len(doc.events), "producer": json.dumps(doc.producer, ensure_ascii=False, sort_keys=True),
        "ingested_at": ingested_at, "json": doc.dumps(),
    }
    return DocRows(key, document, sent_rows, ents, tims, atts, ments, parts)
