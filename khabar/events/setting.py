"""An event record's setting: when it happened (the nearest time expression of its clause, else of
its sentence, else the article's date), whether grammar alone makes it expected (future verbs),
where (a place after في/قرب or the place visited), its PLOVER contexts, the statement reporting
it, and the article's home country."""

from __future__ import annotations

import bisect
from typing import Any

from khabar.doc import Doc, Location, Timex
from khabar.events.clauses import SentenceView, clause_end, clause_start, place_phrases
from khabar.events.geo import Gazetteer
from khabar.events.records import Cand
from khabar.events.timeval import relation

VAGUE = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")


def grammar_status(doc: Doc, c: Cand, view: SentenceView | None = None) -> str:
    """Status from the verb alone when no cue gives one: a future (سـ, an imperfective with a
    future date, the object of a future verb) is expected; anything else asserted."""
    src = c.governor if c.governor is not None and c.form.pos == "N" else c
    future = bool(c.date and c.date.get("timex") and relation(c.date["value"], doc.date) > 0)
    if src.form.pos == "N" and view is not None and future_verb_before(view, min(src.i, c.i)):
        return "expected"  # ستستضيف جولة جديدة من المحادثات: the noun is what the future verb brings
    if src.form.pos == "V":
        if "س" in src.prefixes:
            return "expected"
        if src.form.tense in ("impf",) and future:
            return "expected"
        return "asserted"
    if future:
        return "expected"
    return "asserted"


def event_date(doc: Doc, view: SentenceView, c: Cand, timexes: list[Timex], tx_starts: list[int]
               ) -> dict[str, Any] | None:
    """The record's date: the nearest firm time expression in its clause, else the most precise in
    its sentence, else a vague one, else the article's date (``timex`` None)."""
    toks = view.tokens
    s_tok, e_tok = clause_start(view, c.t0, 14), clause_end(view, c.j - 1, 16)
    c_lo, c_hi = toks[s_tok].start, toks[e_tok - 1].end if e_tok > 0 else toks[-1].end
    sent = doc.sentences[toks[0].sent] if toks else None
    lo = bisect.bisect_left(tx_starts, sent.start if sent else 0)
    hi = bisect.bisect_left(tx_starts, sent.end if sent else 0)
    anchor = toks[c.i].start
    pool = [t for t in timexes[lo:hi] if t.type in ("DATE", "TIME") and t.value]
    firm = [t for t in pool if t.value not in VAGUE]
    in_clause = [t for t in firm if c_lo <= t.start < c_hi]
    pick: Timex | None = None
    if in_clause:
        pick = min(in_clause, key=lambda t: abs(t.start - anchor))
    elif firm:
        pick = max(firm, key=lambda t: (len(t.value or ""), -abs(t.start - anchor)))
    elif pool:
        pick = min(pool, key=lambda t: abs(t.start - anchor))
    if pick is not None:
        return {"value": pick.value, "timex": pick.id}
    return {"value": doc.date, "timex": None} if doc.date else None


_SAWFA = frozenset({"سوف", "وسوف", "فسوف"})


def future_verb_before(view: SentenceView, i: int, reach: int = 5) -> bool:
    """Whether the nearest verb before token ``i`` in its clause (at most ``reach`` tokens back, no
    event word needed) is a future: سـ on it (ستستضيف، وسيعقد) or سوف before it. An event noun that
    is the object of such a verb (ستستضيف مصر محادثات) is expected, not asserted."""
    toks = view.tokens
    start = clause_start(view, i, reach)
    for k in range(i - 1, start - 1, -1):
        t = toks[k]
        if t.pos == "VERB":
            return "س" in t.prefixes or (k > 0 and view.norms[k - 1] in _SAWFA)
    return False


def event_contexts(view: SentenceView, c: Cand, contexts: dict[str, str]) -> list[str]:
    """PLOVER contexts: the entry's own, then those named by words around the event (≤ 3)."""
    out = list(c.entry.context)
    counts: dict[str, int] = {}
    for w in view.norms[max(0, c.t0 - 12):c.j + 12]:
        ctx = contexts.get(w)
        if ctx and ctx not in out:
            counts[ctx] = counts.get(ctx, 0) + 1
    out += sorted(counts, key=lambda x: -counts[x])
    return out[:3]


def event_location(doc: Doc, view: SentenceView, c: Cand, geo: Gazetteer | None) -> Location | None:
    """Where the event happened: a place after في/قرب (a mention or a place phrase), or the
    place visited."""
    toks = view.tokens
    st, en = clause_start(view, c.t0, 12), clause_end(view, c.j - 1, 16)
    spans: list[tuple[int, int, int, int, str | None]] = []  # (t0, t1, char start, char end, code)
    for a in view.args:
        if a.loc and st <= a.t0 < en:
            m = a.mentions[0]
            spans.append((a.t0, a.t1, m.start, m.end, m.actor.code if m.actor.code != "IGO" else None))
    for t0, t1 in place_phrases(view, st, en):
        inner = [a for a in view.args if t0 <= a.t0 < t1]
        code = next(iter(sorted(inner[0].codes())), None) if inner else None
        spans.append((t0, t1, toks[t0].start, toks[t1 - 1].end, code))
    if not spans and "visit" in c.entry.mode and c.roles is not None:
        for a in c.roles.recipient:  # "زار ماكرون بيروت": the capital visited is the place
            m = a.mentions[0]
            if m.kind in ("capital", "place", "city"):
                spans.append((a.t0, a.t1, m.start, m.end, m.actor.code))
    if not spans:
        return None
    _, _, s0, s1, code = min(spans, key=lambda x: abs(x[0] - c.i))
    loc = Location(s0, s1, doc.text[s0:s1], code)
    if geo is not None:
        ll = geo.coords(loc.text, loc.code)
        if ll:
            loc.lat, loc.lon = ll
    return loc


def attribution_index(doc: Doc) -> Any:
    """``find(offset, sentence)``: the id of the attribution whose content holds the offset (else the
    first in its sentence), by the attribution stage's own lookup when it has one."""
    attribution_for: Any = None
    try:  # the attribution stage's own lookup, when it provides one
        from khabar.attribution.lookup import attribution_for
    except ImportError:
        pass
    by_sent: dict[int, list[str]] = {}
    for a in doc.attributions:
        by_sent.setdefault(doc.sentence_of(a.cue.start), []).append(a.id)
    contents = sorted(((a.content.start, a.content.end, a.id) for a in doc.attributions if a.content),
                      key=lambda x: x[1] - x[0])

    def find(offset: int, si: int) -> str | None:
        if attribution_for is not None:
            got = attribution_for(doc, offset)
            return None if got is None else str(got)
        for s, e, aid in contents:
            if s <= offset < e:
                return aid
        ids = by_sent.get(si)
        return ids[0] if ids else None

    return find


def home_country(doc: Doc, mentions: list[Any]) -> str | None:
    """The article's home country, as the actors stage reads it for bare roles (its dateline place
    when the story is about that country, else the clear majority country), else the country the
    article names most (≥ 30%)."""
    from khabar.actors.resolver import home_of

    got = home_of(doc.actor_mentions, doc.text, doc.tokens)
    if got is not None:
        return got
    counts: dict[str, int] = {}
    for m in mentions:
        for c in m.members or (m.actor.code,):
            if c != "IGO":
                counts[c] = counts.get(c, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] >= 0.3 * sum(counts.values()) else None
