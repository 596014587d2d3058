"""Events across articles: link event mentions from different reports into one event.

Two mentions are linked (an edge) when they are the same PLOVER type, their dates are
compatible, their actors are compatible and their sentences are similar — or when they share
a ``group`` inside one article. Every edge depends only on the two mentions, so the connected
components of that graph are the same whatever the order or batching of ingest: each new
mention is compared with every stored mention that could be its neighbour, and the components
it touches are merged (incremental union-find). Each touched component is then split into
events by a canonical leader clustering (:func:`cluster`) that depends only on its member set,
and every id is derived from the smallest member id — so events are order-free too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, insert, select, update

from khabar.store.rows import day_span, norm_text
from khabar.store.schema import events, mentions, participants

STATUS_ORDER = ("asserted", "expected", "planned", "hoped", "possible", "requested", "negated",
                "cancelled", "denied")


@dataclass(frozen=True)
class LinkConfig:
    """Thresholds of the linking rule (Dice similarity of content stems, date tolerance in days)."""

    date_tolerance: int = 1
    max_span: int = 7  # coarser dates (month, year) never link across articles
    min_similarity: float = 0.2
    min_similarity_same_dyad: float = 0.1  # both sides named and identical, same day


@dataclass(frozen=True)
class MentionKey:
    """What the linking rule reads of a mention."""

    id: str
    doc: str
    grp: str | None
    event_type: str
    day_lo: str | None
    day_hi: str | None
    actors: frozenset[str]
    recipients: frozenset[str]
    sig: frozenset[str]

    @classmethod
    def from_row(cls, r: Any) -> MentionKey:
        return cls(r.id, r.doc, r.grp, r.event_type, r.day_lo, r.day_hi,
                   frozenset((r.actor_codes or "").split()), frozenset((r.recipient_codes or "").split()),
                   frozenset((r.sig or "").split()))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two stem sets."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _sides_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def _days(lo: str, hi: str) -> tuple[int, int]:
    return dt.date.fromisoformat(lo).toordinal(), dt.date.fromisoformat(hi).toordinal()


def linkable_dates(m: MentionKey, cfg: LinkConfig) -> bool:
    return bool(m.day_lo and m.day_hi and day_span(m.day_lo, m.day_hi) <= cfg.max_span)


def compatible(a: MentionKey, b: MentionKey, cfg: LinkConfig) -> bool:
    """The (symmetric) linking rule between two mentions."""
    if a.id == b.id:
        return False
    if a.doc == b.doc:
        return a.grp is not None and a.grp == b.grp
    if a.event_type != b.event_type or not (linkable_dates(a, cfg) and linkable_dates(b, cfg)):
        return False
    alo, ahi = _days(a.day_lo or "", a.day_hi or "")
    blo, bhi = _days(b.day_lo or "", b.day_hi or "")
    tol = cfg.date_tolerance
    if alo - tol > bhi or blo - tol > ahi:
        return False
    if not (a.actors | a.recipients) & (b.actors | b.recipients):
        return False
    straight = _sides_compatible(a.actors, b.actors) and _sides_compatible(a.recipients, b.recipients)
    swapped = _sides_compatible(a.actors, b.recipients) and _sides_compatible(a.recipients, b.actors)
    if not (straight or swapped):
        return False
    sim = similarity(a.sig, b.sig)
    if sim >= cfg.min_similarity:
        return True
    same_dyad = bool(a.actors and a.recipients) and a.actors == b.actors and a.recipients == b.recipients
    same_day = alo == ahi == blo == bhi
    return same_dyad and same_day and sim >= cfg.min_similarity_same_dyad


def event_id_for(member_ids: Iterable[str]) -> str:
    """A linked event's id: derived from its smallest mention id (so it is order-free)."""
    return "ev" + hashlib.sha256(min(member_ids).encode("utf-8")).hexdigest()[:20]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_COLS = (mentions.c.id, mentions.c.doc, mentions.c.grp, mentions.c.event_type, mentions.c.day_lo,
         mentions.c.day_hi, mentions.c.actor_codes, mentions.c.recipient_codes, mentions.c.sig,
         mentions.c.component, mentions.c.event_id)


def _candidates(conn: Connection, m: MentionKey, cfg: LinkConfig) -> list[Any]:
    """Stored mentions that could be linked to ``m`` (same doc group, or same type, near date, shared code)."""
    rows: list[Any] = []
    if m.grp is not None:
        rows += conn.execute(select(*_COLS).where(and_(mentions.c.doc == m.doc, mentions.c.grp == m.grp))).all()
    codes = sorted(m.actors | m.recipients)
    if codes and linkable_dates(m, cfg) and m.day_lo and m.day_hi:
        lo = dt.date.fromisoformat(m.day_lo)
        hi = dt.date.fromisoformat(m.day_hi)
        tol = dt.timedelta(days=cfg.date_tolerance)
        shared = exists().where(and_(participants.c.mention == mentions.c.id, participants.c.code.in_(codes)))
        rows += conn.execute(select(*_COLS).where(and_(
            mentions.c.event_type == m.event_type,
            mentions.c.day_lo >= (lo - tol - dt.timedelta(days=cfg.max_span)).isoformat(),
            mentions.c.day_lo <= (hi + tol).isoformat(),
            mentions.c.day_hi >= (lo - tol).isoformat(),
            shared,
        ))).all()
    return rows


def cluster(members: Sequence[MentionKey], cfg: LinkConfig) -> list[list[MentionKey]]:
    """Split one connected component into events, as a function of the member set alone.

    Single links chain (a daily strike resembles the next day's), so an event is built around
    a leader: units (mentions sharing an article group, else single mentions) are taken in
    canonical order (earliest date, then id); each joins the first event whose leader unit it
    is linked to, or leads a new one. Same set in, same events out, whatever the ingest order.
    """
    units: dict[tuple[str, str], list[MentionKey]] = {}
    for m in sorted(members, key=lambda k: k.id):
        units.setdefault((m.doc, m.grp) if m.grp is not None else (m.id, ""), []).append(m)
    order = sorted(units.values(), key=lambda u: (min(m.day_lo or "9999" for m in u), u[0].id))
    done: list[list[MentionKey]] = []
    # open events: (latest day a leader member reaches, leader unit, members); an event whose
    # leader ends more than the tolerance before this unit starts can take nothing more
    # (units come in date order), so it is closed: the same result as scanning them all.
    active: list[tuple[int, list[MentionKey], list[MentionKey]]] = []
    tol = cfg.date_tolerance
    for u in order:
        if not any(linkable_dates(m, cfg) for m in u):
            done.append(list(u))  # undated: links only through its article group (already one unit)
            continue
        start = min(_days(m.day_lo or "", m.day_hi or "")[0] for m in u if linkable_dates(m, cfg))
        done.extend(ev[2] for ev in active if ev[0] < start - tol)
        active = [ev for ev in active if ev[0] >= start - tol]
        for _, leader, mem in active:
            if any(compatible(a, b, cfg) for a in u for b in leader):
                mem.extend(u)
                break
        else:
            reach = max(_days(m.day_lo or "", m.day_hi or "")[1] for m in u if linkable_dates(m, cfg))
            active.append((reach, u, list(u)))
    done.extend(mem for _, _, mem in active)
    done.sort(key=lambda mem: (min(m.day_lo or "9999" for m in mem), min(m.id for m in mem)))
    return done


def link_mentions(conn: Connection, new_ids: Sequence[str], cfg: LinkConfig | None = None) -> set[str]:
    """Link freshly inserted mentions into events; return the event ids written.

    New mentions join the connected components (of the pairwise linking rule) they touch;
    each touched component is then re-clustered into events by :func:`cluster`. Runs inside
    the caller's transaction, so a batch of documents and its links commit together.
    """
    cfg = cfg or LinkConfig()
    if not new_ids:
        return set()
    uf = _UnionFind()
    new_rows: list[Any] = []
    for i in range(0, len(new_ids), 500):
        new_rows += conn.execute(select(*_COLS).where(mentions.c.id.in_(new_ids[i:i + 500]))).all()
    new_rows.sort(key=lambda r: r.id)
    for r in new_rows:
        m = MentionKey.from_row(r)
        uf.find(m.id)
        if r.component is not None:  # already placed (relinking): its old component joins the merge
            uf.union(m.id, "C:" + r.component)
        for c in _candidates(conn, m, cfg):
            if compatible(m, MentionKey.from_row(c), cfg):
                uf.union(m.id, c.id)
                if c.component is not None:
                    uf.union(m.id, "C:" + c.component)
    comps: dict[str, set[str]] = {}
    for x in list(uf.parent):
        comps.setdefault(uf.find(x), set()).add(x)
    written: set[str] = set()
    for comp in comps.values():
        old = sorted(x[2:] for x in comp if x.startswith("C:"))
        ids = {x for x in comp if not x.startswith("C:")}
        for j in range(0, len(old), 500):
            ids.update(conn.execute(select(mentions.c.id).where(mentions.c.component.in_(old[j:j + 500]))).scalars())
        if not ids:
            continue
        rows: list[Any] = []
        sorted_ids = sorted(ids)
        for j in range(0, len(sorted_ids), 500):
            rows += conn.execute(select(*_COLS).where(mentions.c.id.in_(sorted_ids[j:j + 500]))).all()
        before: dict[str, set[str]] = {}
        for r in rows:
            if r.event_id is not None:
                before.setdefault(r.event_id, set()).add(r.id)
        comp_id = event_id_for(ids)
        now: dict[str, list[str]] = {}
        for members in cluster([MentionKey.from_row(r) for r in rows], cfg):
            mids = sorted(m.id for m in members)
            now[event_id_for(mids)] = mids
        gone = sorted(set(before) - set(now))
        for j in range(0, len(gone), 500):
            conn.execute(delete(events).where(events.c.id.in_(gone[j:j + 500])))
        same_comp = {r.id for r in rows if r.component == comp_id}
        for eid, mids in now.items():
            if before.get(eid) == set(mids) and same_comp.issuperset(mids):
                continue  # this event is unchanged: no writes
            for j in range(0, len(mids), 500):
                conn.execute(update(mentions).where(mentions.c.id.in_(mids[j:j + 500]))
                             .values(event_id=eid, component=comp_id))
            conn.execute(delete(events).where(events.c.id == eid))
            conn.execute(insert(events).values(**aggregate(conn, eid, mids)))
            written.add(eid)
    return written


def _mode(values: Iterable[Any], order: Sequence[Any] = ()) -> Any:
    """Most frequent non-null value; ties broken by ``order`` then by value."""
    c = Counter(v for v in values if v is not None)
    if not c:
        return None
    rank = {v: i for i, v in enumerate(order)}
    return min(c, key=lambda v: (-c[v], rank.get(v, len(rank)), str(v)))


def source_identity(kind: str | None, text: str | None, outlet: str | None, doc: str) -> str:
    """Who independently vouches for a mention: a named/organisational source by its words,
    an anonymous or unattributed report by its outlet (one outlet's reporters are one source)."""
    where = outlet or doc
    if kind in ("named", "organization", "document") and text:
        return "src:" + norm_text(text)
    if kind in ("anonymous", "unknown"):
        return "anon:" + where
    return "outlet:" + where


def aggregate(conn: Connection, eid: str, ids: Sequence[str]) -> dict[str, Any]:
    """The events row of a component, computed from its members only (deterministic)."""
    rows: list[Any] = []
    for j in range(0, len(ids), 500):
        rows += conn.execute(select(
            mentions.c.id, mentions.c.doc, mentions.c.event_type, mentions.c.day_lo, mentions.c.day_hi,
            mentions.c.status, mentions.c.actor_codes, mentions.c.recipient_codes, mentions.c.cameo,
            mentions.c.quad_class, mentions.c.goldstein, mentions.c.outlet, mentions.c.source_kind,
            mentions.c.source_text, mentions.c.confidence,
        ).where(mentions.c.id.in_(ids[j:j + 500]))).all()
    rows.sort(key=lambda r: r.id)
    actors = sorted({c for r in rows for c in (r.actor_codes or "").split()})
    recips = sorted({c for r in rows for c in (r.recipient_codes or "").split()})
    los = [r.day_lo for r in rows if r.day_lo]
    his = [r.day_hi for r in rows if r.day_hi]
    sources = {source_identity(r.source_kind, r.source_text, r.outlet, r.doc) for r in rows}
    rep = min(rows, key=lambda r: (-(r.confidence or 0.0), r.id))
    return {
        "id": eid, "event_type": _mode(r.event_type for r in rows),
        "date": _mode((r.day_lo for r in rows if r.day_lo and r.day_lo == r.day_hi), sorted(set(los))) or
        (min(los) if los else None),
        "day_lo": min(los) if los else None, "day_hi": max(his) if his else None,
        "status": _mode((r.status for r in rows), STATUS_ORDER),
        "actor_codes": " ".join(actors), "recipient_codes": " ".join(recips),
        "cameo": _mode(r.cameo for r in rows), "quad_class": _mode(r.quad_class for r in rows),
        "goldstein": _mode(r.goldstein for r in rows),
        "n_mentions": len(rows), "n_documents": len({r.doc for r in rows}),
        "n_outlets": len({r.outlet for r in rows if r.outlet}), "n_sources": len(sources),
        "rep_mention": rep.id,
    }


def relink_all(conn: Connection, cfg: LinkConfig | None = None) -> int:
    """Rebuild every linked event from scratch (after changing the rule); returns the event count."""
    conn.execute(delete(events))
    conn.execute(update(mentions).values(event_id=None, component=None))
    ids = list(conn.execute(select(mentions.c.id).order_by(mentions.c.id)).scalars())
    for i in range(0, len(ids), 2000):
        link_mentions(conn, ids[i:i + 2000], cfg)
    return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


