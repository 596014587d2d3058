"""When an event record happened and whether grammar alone makes it expected: the nearest time
expression of its clause (else of its sentence, else the article's date), and future verbs."""

from __future__ import annotations

import bisect
from typing import Any

from khabar.doc import Doc, Timex
from khabar.events.clauses import SentenceView, clause_end, clause_start
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
