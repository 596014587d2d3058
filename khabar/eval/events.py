"""``khabar eval events DIR…``: score the event coder on gold folders as ``GOLD.md`` describes.

Each folder's ``article.txt`` is analysed with its gold ``date``; system events are placed in
the paragraph (line) that holds their trigger and matched one-to-one to gold events, greedily,
preferring overlap with the gold trigger anchor. A match needs the same paragraph, a system
type in the gold ``event`` list and the set of country codes of all actors and recipients equal
to gold ``actors`` (or one of its alternatives). Optional gold is neither rewarded nor
penalised. Reported: precision/recall/F1, status accuracy (overall and on gold whose status
excludes "asserted"), date, direction, location, mode and context accuracy on matched
non-optional events, and precision/recall per PLOVER type.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from khabar.doc import Event
from khabar.errors import KhabarError
from khabar.eval.gold import GoldDoc, find_gold_dirs, greedy_match, load_gold_dir, overlap, prf
from khabar.text.normalize import norm_word

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@dataclass
class GoldEvent:
    para: int
    anchors: list[tuple[int, int]]
    data: dict[str, Any]

    @property
    def optional(self) -> bool:
        return bool(self.data.get("optional"))

    def actor_sets(self) -> list[frozenset[str]]:
        a = self.data.get("actors") or []
        if a and all(isinstance(x, list) for x in a):
            return [frozenset(x) for x in a]
        return [frozenset(a)]


def _anchors(gd: GoldDoc, para: int, sub: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    k = 0
    while True:
        sp = gd.anchor(para, sub, k)
        if sp is None:
            return out
        out.append(sp)
        k += 1


def gold_events(gd: GoldDoc) -> list[GoldEvent]:
    out = []
    for i, g in enumerate(gd.gold.get("events", [])):
        para = int(g.get("para", 0))
        trig = g.get("trigger") or ""
        anchors = _anchors(gd, para, trig) if trig else []
        if trig and not anchors:
            raise KhabarError("K018", f"{gd.path}: event {i}: trigger {trig!r} not in paragraph {para}")
        out.append(GoldEvent(para, anchors, g))
    return out


def sys_codes(e: Event) -> frozenset[str]:
    return frozenset(p.code for p in e.actor + e.recipient if p.code)


def compatible(gd: GoldDoc, g: GoldEvent, e: Event) -> bool:
    if gd.para_of(e.trigger.start) != g.para:
        return False
    if e.event not in (g.data.get("event") or []):
        return False
    return sys_codes(e) in g.actor_sets()


def score_overlap(g: GoldEvent, e: Event) -> float:
    sp = (e.trigger.start, e.trigger.end)
    return float(max((overlap(a, sp) for a in g.anchors), default=0))


def _loc_ok(e: Event, gold: list[str]) -> bool:
    if e.location is None:
        return False
    t = norm_word(e.location.text)
    return any(norm_word(x) in t or t in norm_word(x) for x in gold)


class Tally:
    """Counts across documents."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # field -> [right, total]
        self.type_sys: Counter[str] = Counter()
        self.type_sys_ok: Counter[str] = Counter()
        self.type_gold: Counter[str] = Counter()
        self.type_gold_ok: Counter[str] = Counter()
        self.status_confusion: Counter[tuple[str, str]] = Counter()
        self.errors: list[str] = []

    def field(self, name: str, ok: bool) -> None:
        self.acc[name][0] += int(ok)
        self.acc[name][1] += 1


def score_doc(gd: GoldDoc, events: list[Event], t: Tally, verbose: bool = False) -> None:
    gold = gold_events(gd)
    pairs = greedy_match(gold, events, lambda g, e: compatible(gd, g, e), score_overlap)
    matched_g = {i: j for i, j in pairs}
    matched_s = {j: i for i, j in pairs}
    name = gd.path.name
    for i, g in enumerate(gold):
        first = (g.data.get("event") or ["?"])[0]
        if g.optional:
            continue
        t.type_gold[first] += 1
        if i not in matched_g:
            t.fn += 1
            t.errors.append(f"{name} FN p{g.para} {g.data.get('trigger')!r} {g.data.get('event')} "
                            f"{g.data.get('actors')} {g.data.get('status')}")
            continue
        t.tp += 1
        t.type_gold_ok[first] += 1
        e = events[matched_g[i]]
        gs = g.data.get("status") or []
        if gs:
            t.field("status", e.status in gs)
            t.status_confusion[(gs[0], e.status)] += 1
            if "asserted" not in gs:
                t.field("status_nonasserted", e.status in gs)
            if verbose and e.status not in gs:
                t.errors.append(f"{name} STATUS p{g.para} {g.data.get('trigger')!r} gold {gs} sys {e.status}")
        if g.data.get("date"):
            ok = e.date is not None and e.date.get("value") in g.data["date"]
            t.field("date", ok)
            if verbose and not ok:
                t.errors.append(f"{name} DATE p{g.para} {g.data.get('trigger')!r} gold {g.data['date']} "
                                f"sys {e.date and e.date.get('value')}")
        if g.data.get("source"):
            t.field("direction", frozenset(p.code for p in e.actor) == frozenset(g.data["source"]))
        if g.data.get("location"):
            ok = _loc_ok(e, g.data["location"])
            t.field("location", ok)
            if verbose and not ok:
                t.errors.append(f"{name} LOC p{g.para} {g.data.get('trigger')!r} gold {g.data['location']} "
                                f"sys {e.location.text if e.location else None}")
        if g.data.get("mode"):
            t.field("mode", bool(set(e.mode) & set(g.data["mode"])))
        if g.data.get("context"):
            t.field("context", bool(set(e.context) & set(g.data["context"])))
    for j, e in enumerate(events):
        if j in matched_s:
            g = gold[matched_s[j]]
            if g.optional:
                continue
            t.type_sys[e.event] += 1
            t.type_sys_ok[e.event] += 1
            continue
        t.fp += 1
        t.type_sys[e.event] += 1
        t.errors.append(f"{name} FP p{gd.para_of(e.trigger.start)} {e.trigger.text!r} {e.event} "
                        f"{sorted(sys_codes(e))} {e.status}")


def report(t: Tally) -> dict[str, Any]:
    out: dict[str, Any] = {"events": prf(t.tp, t.fp, t.fn)}
    for k, (r, n) in sorted(t.acc.items()):
        out[k] = {"accuracy": r / n if n else None, "right": r, "total": n}
    per = {}
    for typ in TYPES:
        ns, ng = t.type_sys[typ], t.type_gold[typ]
        per[typ] = {
            "precision": t.type_sys_ok[typ] / ns if ns else None,
            "recall": t.type_gold_ok[typ] / ng if ng else None,
            "system": ns, "gold": ng,
        }
    out["per_type"] = per
    out["status_confusion"] = {f"{a}->{b}": n for (a, b), n in sorted(t.status_confusion.items()) if a != b}
    return out


def _fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def print_report(rep: dict[str, Any], ndocs: int) -> None:
    e = rep["events"]
    print(f"documents {ndocs}   gold events matched {e['tp']}, missed {e['fn']}, spurious {e['fp']}")
    print(f"events     P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}")
    for k in ("status", "status_nonasserted", "date", "direction", "location", "mode", "context"):
        if k in rep:
            a = rep[k]
            print(f"{k:<19}{_fmt(a['accuracy'])}  ({a['right']}/{a['total']})")
    print("per type           P       R    sys  gold")
    for typ, v in rep["per_type"].items():
        if v["system"] or v["gold"]:
            print(f"  {typ:<12} {_fmt(v['precision'])}  {_fmt(v['recall'])}  {v['system']:4d}  {v['gold']:4d}")
    if rep["status_confusion"]:
        print("status errors (gold->system): " + ", ".join(f"{k} {n}" for k, n in rep["status_confusion"].items()))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="khabar eval events", description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", metavar="DIR", help="gold folders (or folders holding them)")
    ap.add_argument("--events", action="append", default=[], metavar="TSV", help="extra event lexicon file")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--errors", action="store_true", help="list missed, spurious and wrong records (stderr)")
    ap.add_argument("--stages", default=None, help="comma-separated pipeline stages (default: all)")
    a = ap.parse_args(argv[1:])
    try:
        from khabar.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig

        stages = tuple(a.stages.split(",")) if a.stages else DEFAULT_STAGES
        pipe = Pipeline(PipelineConfig(stages=stages, events_files=tuple(a.events)))
        dirs = find_gold_dirs(a.dirs)
        if not dirs:
            raise KhabarError("K018", "no gold.json found under " + " ".join(a.dirs))
        t = Tally()
        for d in dirs:
            gd = load_gold_dir(d)
            doc = pipe(pipe.make_doc(gd.text, date=gd.date))
            score_doc(gd, doc.events, t, verbose=a.errors)
    except KhabarError as e:
        print(f"khabar: {e}", file=sys.stderr)
        return 1
    rep = report(t)
    if a.json:
        print(json.dumps({"documents": len(dirs), **rep}, ensure_ascii=False, indent=2))
    else:
        print_report(rep, len(dirs))
    if a.errors:
        for line in t.errors:
            print(line, file=sys.stderr)
    return 0
