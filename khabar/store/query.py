"""Reading the store: filters over event mentions, linked events, statements and counts.

Every query is a WHERE over ``mentions`` (the indexed per-article event records); linked
events are those with at least one matching mention, so the mention and event counts of one
query always agree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    distinct,
    exists,
    func,
    or_,
    select,
    text,
    true,
    tuple_,
)

from khabar.errors import KhabarError
from khabar.store.rows import text_terms
from khabar.store.schema import attributions, documents, entities, events, mentions, participants, sentences

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
STATUSES = ("asserted", "expected", "planned", "hoped", "possible", "requested", "negated", "cancelled", "denied")
SOURCE_KINDS = ("named", "anonymous", "organization", "document", "unknown", "none")
_CODE = re.compile(r"^[A-Z]{3}$")


def _list(v: Any) -> tuple[str, ...]:
    if v is None or v == "":
        return ()
    if isinstance(v, str):
        v = v.split(",")
    return tuple(str(x).strip() for x in v if str(x).strip())


def _day(v: Any, name: str) -> str | None:
    if v in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(v)[:10]).isoformat()
    except ValueError:
        raise KhabarError("K017", f"bad {name} date {v!r}: use YYYY-MM-DD") from None


@dataclass
class QueryFilters:
    """Filters of ``khabar query`` and ``GET /events``; empty fields do not filter.

    ``actor``: codes on either side; ``dyad``: (a, b), a acting on b (either way unless
    ``directed``); ``since``/``until``: the event's date interval overlaps; ``source_kind``:
    of the statement reporting the event (``none`` = the writer's own words); ``text``:
    words (or a quoted phrase) in the event's sentence, matched on normalised forms and stems.
    """

    actor: tuple[str, ...] = ()
    dyad: tuple[str, str] | None = None
    directed: bool = False
    type: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    source_kind: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    text: str | None = None
    doc: str | None = None  # one document key

    @classmethod
    def coerce(cls, f: QueryFilters | dict[str, Any] | None) -> QueryFilters:
        """Validate and normalise filters given as an object or a plain dict (HTTP query)."""
        if f is None:
            return cls()
        if isinstance(f, QueryFilters):
            d = {fl.name: getattr(f, fl.name) for fl in fields(cls)}
        else:
            unknown = set(f) - {fl.name for fl in fields(cls)}
            if unknown:
                raise KhabarError("K017", f"unknown filter {', '.join(sorted(unknown))}")
            d = dict(f)
        out = cls()
        out.actor = tuple(c.upper() for c in _list(d.get("actor")))
        dy = d.get("dyad")
        if dy:
            codes = tuple(c.upper() for c in _list(dy))
            if len(codes) != 2:
                raise KhabarError("K017", f"a dyad is two actor codes, e.g. USA,CHN (got {dy!r})")
            out.dyad = (codes[0], codes[1])
        out.directed = bool(d.get("directed") or False)
        out.type = tuple(t.upper() for t in _list(d.get("type")))
        bad = [t for t in out.type if t not in PLOVER_TYPES]
        if bad:
            raise KhabarError("K017", f"unknown event type {bad[0]!r}; known: {' '.join(PLOVER_TYPES)}")
        out.status = tuple(s.lower() for s in _list(d.get("status")))
        bad = [s for s in out.status if s not in STATUSES]
        if bad:
            raise KhabarError("K017", f"unknown status {bad[0]!r}; known: {' '.join(STATUSES)}")
        out.source_kind = tuple(s.lower() for s in _list(d.get("source_kind")))
        bad = [s for s in out.source_kind if s not in SOURCE_KINDS]
        if bad:
            raise KhabarError("K017", f"unknown source kind {bad[0]!r}; known: {' '.join(SOURCE_KINDS)}")
        out.since = _day(d.get("since"), "since")
        out.until = _day(d.get("until"), "until")
        if out.since and out.until and out.since > out.until:
            raise KhabarError("K017", f"--since {out.since} is after --until {out.until}")
        out.outlet = _list(d.get("outlet"))
        t = d.get("text")
        out.text = str(t).strip() if t not in (None, "") else None
        out.doc = str(d["doc"]) if d.get("doc") else None
        for fl in fields(cls):  # PostgreSQL text cannot hold NUL: refuse it on every backend alike
            v = getattr(out, fl.name)
            if any(isinstance(x, str) and "\x00" in x for x in (v if isinstance(v, tuple) else (v,))):
                raise KhabarError("K017", f"filter {fl.name} contains a NUL character")
        return out


# ---------------------------------------------------------------- full-text search

def _fts_groups(q: str) -> tuple[list[list[tuple[str, str]]], bool]:
    """Query words as (normalised, stem) pairs; a quoted query is one phrase."""
    s = q.strip()
    phrase = len(s) > 1 and s[0] in "\"«" and s[-1] in "\"»"
    norms, stems = text_terms(s)
    return [[(n, st)] for n, st in zip(norms, stems, strict=True) if n], phrase


def _lexeme(t: str) -> str:
    """A tsquery lexeme, quoted so that no character of a word is read as an operator."""
    return "'" + t.replace("\\", "\\\\").replace("'", "''") + "'"


def fts_condition(conn: Connection, q: str) -> ColumnElement[bool]:
    """A condition on ``mentions`` true when the event's sentence matches the text query."""
    groups, phrase = _fts_groups(q)
    if not groups:
        raise KhabarError("K017", f"text query {q!r} has no words")
    pairs = [g[0] for g in groups]
    if not phrase:  # a repeated word adds nothing but cost (a hostile query repeats one thousands of times)
        pairs = list(dict.fromkeys(pairs))
    if conn.dialect.name == "sqlite":
        if phrase:
            norm = " ".join(n for n, _ in pairs)
            stem = " ".join(s for _, s in pairs)
            match = f'norm:"{norm}" OR stems:"{stem}"'
        else:
            match = " AND ".join(f'(norm:"{n}" OR stems:"{s}")' for n, s in pairs)
        hits = text("SELECT s.doc, s.idx FROM sentences_fts f JOIN sentences s ON s.rowid = f.rowid "
                    "WHERE sentences_fts MATCH :match").bindparams(match=match).columns(
            sentences.c.doc, sentences.c.idx).subquery()
        # (doc, sentence) IN (the hits), not a correlated EXISTS: SQLite re-ran the FTS MATCH once per
        # mention row that way (0.4-1 s on 1,000 mentions; 0.01 s now)
        return tuple_(mentions.c.doc, mentions.c.sentence).in_(select(hits.c.doc, hits.c.idx))
    if conn.dialect.name == "postgresql":
        pairs = [(_lexeme(n), _lexeme(st)) for n, st in pairs]
        if phrase:
            tsq = "(" + " <-> ".join(n for n, _ in pairs) + ") | (" + " <-> ".join(s for _, s in pairs) + ")"
        else:
            tsq = " & ".join(f"({n} | {s})" for n, s in pairs)
        vec = func.to_tsvector(text("'simple'"), sentences.c.norm + " " + sentences.c.stems)
        return exists().where(and_(sentences.c.doc == mentions.c.doc, sentences.c.idx == mentions.c.sentence,
                                   vec.op("@@")(func.to_tsquery(text("'simple'"), tsq))))
    # other backends: substring on the normalised sentence
    conds = [or_(sentences.c.norm.contains(n), sentences.c.stems.contains(s)) for n, s in pairs]
    return exists().where(and_(sentences.c.doc == mentions.c.doc, sentences.c.idx == mentions.c.sentence, *conds))


# ---------------------------------------------------------------- mention conditions

def _has(code: str, role: str | None) -> ColumnElement[bool]:
    conds = [participants.c.mention == mentions.c.id, participants.c.code == code]
    if role:
        conds.append(participants.c.role == role)
    return exists().where(and_(*conds))


def mention_conditions(conn: Connection, f: QueryFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions on ``mentions`` for ``f``."""
    c: list[ColumnElement[bool]] = []
    # "has code X" as IN (…participants by code…): the planner can start from the code index
    if f.actor:
        c.append(mentions.c.id.in_(select(participants.c.mention).where(participants.c.code.in_(f.actor))))
    if f.dyad:
        a, b = f.dyad
        c.append(mentions.c.id.in_(select(participants.c.mention).where(participants.c.code == a)))
        c.append(mentions.c.id.in_(select(participants.c.mention).where(participants.c.code == b)))
        fwd = and_(_has(a, "actor"), _has(b, "recipient"))
        c.append(fwd if f.directed else or_(fwd, and_(_has(b, "actor"), _has(a, "recipient"))))
    if f.type:
        c.append(mentions.c.event_type.in_(f.type))
    if f.status:
        c.append(mentions.c.status.in_(f.status))
    if f.since:
        c.append(mentions.c.day_hi >= f.since)
    if f.until:
        c.append(mentions.c.day_lo <= f.until)
    if f.source_kind:
        c.append(mentions.c.source_kind.in_(f.source_kind))
    if f.outlet:
        c.append(mentions.c.outlet.in_(f.outlet))
    if f.doc:
        c.append(mentions.c.doc == f.doc)
    if f.text:
        c.append(fts_condition(conn, f.text))
    return c


def _where(conds: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    return and_(true(), *conds) if conds else true()


def _page(stmt: Select[Any], limit: int | None, offset: int) -> Select[Any]:
    if offset:
        stmt = stmt.offset(int(offset))
    if limit is not None:
        stmt = stmt.limit(max(0, int(limit)))
    return stmt


def _participants(conn: Connection, ids: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for i in range(0, len(ids), 500):
        for r in conn.execute(select(participants).where(participants.c.mention.in_(ids[i:i + 500]))
                              .order_by(participants.c.mention, participants.c.role, participants.c.idx)):
            out.setdefault(r.mention, {"actor": [], "recipient": []})[r.role].append(
                {"code": r.code, "sector": r.sector, "text": r.text, "entity": r.entity})
    return out


_MENTION_COLS = [c for c in mentions.c if c.name not in ("sig",)]


def _mention_dict(r: Any, parts: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    d = {c.name: getattr(r, c.name) for c in _MENTION_COLS}
    d["mode"] = json.loads(d["mode"] or "[]")
    d["context"] = json.loads(d["context"] or "[]")
    d["url"], d["title"] = r.url, r.title
    p = parts.get(r.id, {"actor": [], "recipient": []})
    d["actor"], d["recipient"] = p["actor"], p["recipient"]
    return d


def query_mentions(conn: Connection, f: QueryFilters, limit: int | None, offset: int
                   ) -> tuple[list[dict[str, Any]], int]:
    where = _where(mention_conditions(conn, f))
    total = conn.execute(select(func.count()).select_from(mentions).where(where)).scalar_one()
    stmt = (select(*_MENTION_COLS, documents.c.url, documents.c.title)
            .join_from(mentions, documents, documents.c.key == mentions.c.doc).where(where)
            .order_by(mentions.c.day_lo, mentions.c.id))
    rows = conn.execute(_page(stmt, limit, offset)).all()
    parts = _participants(conn, [r.id for r in rows])
    return [_mention_dict(r, parts) for r in rows], int(total)


def _matching_events(conn: Connection, f: QueryFilters) -> Select[Any]:
    return select(mentions.c.event_id).where(_where(mention_conditions(conn, f)))


def query_events(conn: Connection, f: QueryFilters, limit: int | None, offset: int
                 ) -> tuple[list[dict[str, Any]], int]:
    sub = _matching_events(conn, f)
    if _no_filter(f):
        total = conn.execute(select(func.count()).select_from(events)).scalar_one()
        where: ColumnElement[bool] = true()
    else:
        total = conn.execute(select(func.count(distinct(mentions.c.event_id))).where(
            _where(mention_conditions(conn, f)))).scalar_one()
        where = events.c.id.in_(sub)
    stmt = select(events).where(where).order_by(events.c.day_lo, events.c.id)
    rows = conn.execute(_page(stmt, limit, offset)).all()
    reps = {r.rep_mention for r in rows if r.rep_mention}
    rep_rows = {}
    if reps:
        for m in conn.execute(select(*_MENTION_COLS, documents.c.url, documents.c.title)
                              .join_from(mentions, documents, documents.c.key == mentions.c.doc)
                              .where(mentions.c.id.in_(sorted(reps)))):
            rep_rows[m.id] = m
    parts = _participants(conn, sorted(reps))
    out = []
    for r in rows:
        d = dict(r._mapping)
        rep = rep_rows.get(r.rep_mention)
        d["rep"] = _mention_dict(rep, parts) if rep is not None else None
        out.append(d)
    return out, int(total)


def _no_filter(f: QueryFilters) -> bool:
    return not (f.actor or f.dyad or f.type or f.status or f.since or f.until or f.source_kind or f.outlet
                or f.text or f.doc)


def counts(conn: Connection, f: QueryFilters) -> dict[str, int]:
    where = _where(mention_conditions(conn, f))
    n_m, n_e, n_d = conn.execute(select(func.count(), func.count(distinct(mentions.c.event_id)),
                                        func.count(distinct(mentions.c.doc))).where(where)).one()
    return {"mentions": int(n_m), "events": int(n_e), "documents": int(n_d)}


def get_event(conn: Connection, eid: str) -> dict[str, Any] | None:
    row = conn.execute(select(events).where(events.c.id == eid)).first()
    if row is None:
        return None
    d = dict(row._mapping)
    ms = conn.execute(select(*_MENTION_COLS, documents.c.url, documents.c.title)
                      .join_from(mentions, documents, documents.c.key == mentions.c.doc)
                      .where(mentions.c.event_id == eid).order_by(mentions.c.doc_date, mentions.c.id)).all()
    parts = _participants(conn, [m.id for m in ms])
    d["mentions"] = [_mention_dict(m, parts) for m in ms]
    return d


def actors(conn: Connection, limit: int | None) -> list[dict[str, Any]]:
    stmt = (select(participants.c.code, participants.c.role, func.count(distinct(participants.c.mention)))
            .where(participants.c.code.is_not(None)).group_by(participants.c.code, participants.c.role))
    agg: dict[str, dict[str, Any]] = {}
    for code, role, n in conn.execute(stmt):
        a = agg.setdefault(code, {"code": code, "as_actor": 0, "as_recipient": 0})
        a["as_actor" if role == "actor" else "as_recipient"] = int(n)
    ev = conn.execute(select(participants.c.code, func.count(distinct(mentions.c.event_id)))
                      .join_from(participants, mentions, mentions.c.id == participants.c.mention)
                      .where(participants.c.code.is_not(None)).group_by(participants.c.code)).all()
    for code, n in ev:
        agg[code]["events"] = int(n)
    best: dict[str, tuple[int, str]] = {}
    for code, name, n in conn.execute(select(entities.c.actor_code, entities.c.actor_name, func.count())
                                      .where(entities.c.actor_name.is_not(None))
                                      .group_by(entities.c.actor_code, entities.c.actor_name)):
        if code in agg and (n, name) > best.get(code, (0, "")):
            best[code] = (int(n), name)
    for code, a in agg.items():
        a["name"] = best[code][1] if code in best else None
    out = sorted(agg.values(), key=lambda a: (-(a["as_actor"] + a["as_recipient"]), a["code"]))
    return out[:limit] if limit else out


def monthly_counts(conn: Connection, f: QueryFilters) -> list[dict[str, Any]]:
    """Linked events per month of their date, by QuadClass (1-4; 0 = unknown)."""
    if _no_filter(f):
        where: ColumnElement[bool] = events.c.date.is_not(None)
    else:
        where = and_(events.c.date.is_not(None), events.c.id.in_(_matching_events(conn, f)))
    month = func.substr(events.c.date, 1, 7)
    rows = conn.execute(select(month, events.c.quad_class, func.count()).where(where)
                        .group_by(month, events.c.quad_class).order_by(month)).all()
    out: dict[str, dict[str, Any]] = {}
    for mon, quad, n in rows:
        m = out.setdefault(mon, {"month": mon, "quad": {"1": 0, "2": 0, "3": 0, "4": 0, "0": 0}, "total": 0})
        m["quad"][str(quad or 0)] += int(n)
        m["total"] += int(n)
    return list(out.values())


def statement_conditions(conn: Connection, f: QueryFilters) -> list[ColumnElement[bool]]:
    """Conditions on ``attributions`` (joined to ``documents``) for the statements table."""
    c: list[ColumnElement[bool]] = []
    if f.actor:
        c.append(attributions.c.source_code.in_(f.actor))
    if f.source_kind:
        c.append(attributions.c.source_kind.in_(f.source_kind))
    if f.outlet:
        c.append(documents.c.outlet.in_(f.outlet))
    if f.since:
        c.append(documents.c.date >= f.since)
    if f.until:
        c.append(documents.c.date <= f.until)
    if f.doc:
        c.append(attributions.c.doc == f.doc)
    ev = QueryFilters(dyad=f.dyad, directed=f.directed, type=f.type, status=f.status, text=f.text)
    if not _no_filter(ev):  # only statements that report a matching event
        c.append(exists().where(and_(mentions.c.doc == attributions.c.doc, mentions.c.attribution == attributions.c.aid,
                                     *mention_conditions(conn, ev))))
    return c


def query_statements(conn: Connection, f: QueryFilters, limit: int | None, offset: int
                     ) -> tuple[list[dict[str, Any]], int]:
    where = _where(statement_conditions(conn, f))
    base = attributions.join(documents, documents.c.key == attributions.c.doc)
    total = conn.execute(select(func.count()).select_from(base).where(where)).scalar_one()
    n_ev = (select(func.count()).where(and_(mentions.c.doc == attributions.c.doc,
                                            mentions.c.attribution == attributions.c.aid))
            .correlate(attributions).scalar_subquery())
    stmt = (select(attributions, documents.c.date, documents.c.outlet, documents.c.url, documents.c.title,
                   n_ev.label("n_events"))
            .select_from(base).where(where).order_by(documents.c.date, attributions.c.doc, attributions.c.aid))
    rows = [dict(r._mapping) for r in conn.execute(_page(stmt, limit, offset))]
    return rows, int(total)
