"""Validate the gold regression suite (tests/gold/*/{article.txt,gold.json}) against GOLD.md.

Checks every folder: the JSON schema of GOLD.md (plus the suite's "negatives" list), that every
trigger/anchor is an exact substring of its paragraph line, PLOVER types, modes and contexts,
statuses, TIMEX3 values, and actor codes (ISO 3166-1 alpha-3 or IGO). Prints counts per type,
per status and of negative sentences. Exit status 1 when any folder has an error.

    python3 training/validate_gold.py [DIR ...] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "tests" / "gold"

# PLOVER manual (shared/reference/plover/PLOVER_MANUAL.tex): types and the modes of each.
MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset({"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
                         "withhold", "misinformation", "cyber"}),
    "ASSAULT": frozenset({"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                          "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                          "crowd-control", "unconventional"}),
}
TYPES = tuple(MODES)
CONTEXTS = frozenset(
    "military intelligence executive legislative election political_institutions pro_democracy "
    "pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security "
    "gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum migration "
    "disasters natural_resource environment technology terrorism cbrn cyber misinformation crime "
    "corruption illegal_drugs trafficking".split()
)
STATUSES = ("asserted", "expected", "planned", "hoped", "possible", "requested", "negated", "cancelled", "denied")
ATTR_KINDS = frozenset({"named", "anonymous", "organization", "document", "unknown"})
ATTR_STATUSES = frozenset({"stated", "declined_to_comment", "no_response", "denied"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC"})
NEGATIVE_WHY = frozenset({"sports", "business", "economy", "weather", "culture", "science", "health",
                          "disaster", "crime", "society", "other"})

TOP_KEYS = frozenset({"doc", "date", "notes", "events", "attributions", "timexes", "entities", "negatives"})
EVENT_KEYS = frozenset({"para", "trigger", "event", "actors", "source", "target", "status", "date",
                        "location", "mode", "context", "attribution", "optional"})
ATTR_KEYS = frozenset({"para", "source", "cue", "kind", "count", "code", "direct", "status", "optional"})
TIMEX_KEYS = frozenset({"para", "text", "value", "optional"})
ENTITY_KEYS = frozenset({"para", "text", "label", "code", "optional"})
NEG_KEYS = frozenset({"para", "text", "why"})

TIMEX_RE = re.compile(
    r"^(?:PAST_REF|PRESENT_REF|FUTURE_REF"
    r"|\d{2,4}"                                            # century, decade, year
    r"|\d{4}-(?:0[1-9]|1[0-2])"                            # month
    r"|\d{4}-(?:SP|SU|FA|WI|Q[1-4]|H[12])"                 # season, quarter, half
    r"|\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])(?:-WE)?"           # week, weekend
    r"|\d{4}-\d{2}-\d{2}(?:T(?:MO|AF|EV|NI|\d{2}:\d{2}))?"  # day, part of day, time
    r"|P(?:(?:\d+(?:\.\d+)?|X)(?:[YMWD]|DE|CE))+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?"
    r"|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+)$",
    re.ASCII,  # TIMEX3 values use ASCII digits only (not ٠-٩)
)

_ISO3: frozenset[str] | None = None


def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (pycountry), loaded once."""
    global _ISO3
    if _ISO3 is None:
        import pycountry

        _ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)
    return _ISO3


def valid_code(code: Any) -> bool:
    return isinstance(code, str) and (code == "IGO" or code in iso3_codes())


def valid_timex(value: Any) -> bool:
    if not isinstance(value, str) or not TIMEX_RE.match(value):
        return False
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value, re.ASCII)
    if m:
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return False
    return True


@dataclass
class FolderReport:
    """What the validator found in one gold folder."""

    path: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    gold: dict[str, Any] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)
    words: int = 0


def _str_list(v: Any, nonempty: bool = True) -> bool:
    return isinstance(v, list) and (bool(v) or not nonempty) and all(isinstance(x, str) and x for x in v)


class _Checker:
    """Validation of one folder; collects messages in a FolderReport."""

    def __init__(self, rep: FolderReport) -> None:
        self.rep = rep

    def err(self, where: str, msg: str) -> None:
        self.rep.errors.append(f"{self.rep.path.name}: {where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.rep.warnings.append(f"{self.rep.path.name}: {where}: {msg}")

    def para(self, where: str, rec: dict[str, Any]) -> str | None:
        p = rec.get("para")
        if not isinstance(p, int) or isinstance(p, bool) or not 0 <= p < len(self.rep.paragraphs):
            self.err(where, f"para {p!r} is not a line of the article (0..{len(self.rep.paragraphs) - 1})")
            return None
        return self.rep.paragraphs[p]

    def anchor(self, where: str, line: str | None, key: str, rec: dict[str, Any], required: bool = True) -> None:
        v = rec.get(key)
        if v is None:
            if required:
                self.err(where, f"missing {key!r}")
            return
        if not isinstance(v, str) or not v.strip():
            self.err(where, f"{key} must be a non-empty string")
        elif v != v.strip():
            self.err(where, f"{key} {v!r} has surrounding spaces")
        elif line is not None and v not in line:
            self.err(where, f"{key} {v!r} is not a substring of paragraph {rec.get('para')}")
        elif line is not None:
            i = line.find(v)
            if (i > 0 and line[i - 1].isalpha()) or (i + len(v) < len(line) and line[i + len(v)].isalpha()):
                self.warn(where, f"{key} {v!r} first occurs inside a longer word")
            if line.count(v) > 1:
                self.warn(where, f"{key} {v!r} occurs {line.count(v)} times in its paragraph (first one is the anchor)")

    def keys(self, where: str, rec: Any, allowed: frozenset[str]) -> bool:
        if not isinstance(rec, dict):
            self.err(where, "record is not an object")
            return False
        extra = set(rec) - allowed
        if extra:
            self.err(where, f"unknown keys {sorted(extra)}")
        if "optional" in rec and not isinstance(rec["optional"], bool):
            self.err(where, "optional must be true/false")
        return True

    def codes(self, where: str, key: str, v: Any) -> list[str]:
        if not isinstance(v, list) or not all(isinstance(c, str) for c in v):
            self.err(where, f"{key} must be a list of codes")
            return []
        for c in v:
            if not valid_code(c):
                self.err(where, f"{key}: {c!r} is neither an ISO 3166-1 alpha-3 code nor IGO")
        return list(v)

    def event(self, i: int, ev: Any) -> None:
        where = f"events[{i}]"
        if not self.keys(where, ev, EVENT_KEYS):
            return
        line = self.para(where, ev)
        self.anchor(where, line, "trigger", ev)
        types = ev.get("event")
        if not _str_list(types) or any(t not in MODES for t in types) or len(set(types)) != len(types):
            self.err(where, f"event must be a non-empty list of distinct PLOVER types, got {types!r}")
            types = [t for t in (types or []) if t in MODES] if isinstance(types, list) else []
        actors = ev.get("actors")
        alternatives: list[list[str]]
        if isinstance(actors, list) and actors and all(isinstance(a, list) for a in actors):
            alternatives = [self.codes(where, "actors", a) for a in actors]
        else:
            alternatives = [self.codes(where, "actors", actors)]
            if not alternatives[0]:
                self.err(where, "actors must name at least one code")
        for key in ("source", "target"):
            if key in ev:
                cs = self.codes(where, key, ev[key])
                if not any(set(cs) <= set(a) for a in alternatives):
                    self.err(where, f"{key} {cs} is not within actors {actors}")
        st = ev.get("status")
        if not _str_list(st) or any(s not in STATUSES for s in st):
            self.err(where, f"status must be a non-empty list of {STATUSES}, got {st!r}")
        if "date" in ev and (not _str_list(ev["date"]) or not all(valid_timex(d) for d in ev["date"])):
            self.err(where, f"date must be a list of TIMEX3 values, got {ev['date']!r}")
        if "location" in ev:
            if not _str_list(ev["location"]):
                self.err(where, "location must be a list of strings")
            else:
                for loc in ev["location"]:
                    if loc not in "\n".join(self.rep.paragraphs):
                        self.err(where, f"location {loc!r} is not in the article")
        if "mode" in ev:
            allowed = set().union(*(MODES[t] for t in types)) if types else set()
            if not _str_list(ev["mode"]) or any(m not in allowed for m in ev["mode"]):
                self.err(where, f"mode {ev['mode']!r} is not a PLOVER mode of {types}")
        if "context" in ev and (not _str_list(ev["context"]) or any(c not in CONTEXTS for c in ev["context"])):
            self.err(where, f"context {ev['context']!r} is not a list of PLOVER contexts")
        if "attribution" in ev:
            a = ev["attribution"]
            if not isinstance(a, str) or not a or a not in "\n".join(self.rep.paragraphs):
                self.err(where, f"attribution {a!r} is not in the article")

    def attribution(self, i: int, a: Any) -> None:
        where = f"attributions[{i}]"
        if not self.keys(where, a, ATTR_KEYS):
            return
        line = self.para(where, a)
        self.anchor(where, line, "source", a)
        self.anchor(where, line, "cue", a)
        if a.get("kind") not in ATTR_KINDS:
            self.err(where, f"kind {a.get('kind')!r} not in {sorted(ATTR_KINDS)}")
        c = a.get("count")
        if c is not None and (not isinstance(c, int) or isinstance(c, bool) or c < 1):
            self.err(where, f"count must be a positive integer or null, got {c!r}")
        if "code" in a and not valid_code(a["code"]):
            self.err(where, f"code {a['code']!r} is neither ISO alpha-3 nor IGO")
        if "direct" in a and not isinstance(a["direct"], bool):
            self.err(where, "direct must be true/false")
        if "status" in a and a["status"] not in ATTR_STATUSES:
            self.err(where, f"status {a['status']!r} not in {sorted(ATTR_STATUSES)}")

    def timex(self, i: int, t: Any) -> None:
        where = f"timexes[{i}]"
        if not self.keys(where, t, TIMEX_KEYS):
            return
        line = self.para(where, t)
        self.anchor(where, line, "text", t)
        v = t.get("value")
        if not _str_list(v) or not all(valid_timex(x) for x in v):
            self.err(where, f"value must be a list of TIMEX3 values, got {v!r}")

    def entity(self, i: int, e: Any) -> None:
        where = f"entities[{i}]"
        if not self.keys(where, e, ENTITY_KEYS):
            return
        line = self.para(where, e)
        self.anchor(where, line, "text", e)
        if e.get("label") not in ENTITY_LABELS:
            self.err(where, f"label {e.get('label')!r} not in {sorted(ENTITY_LABELS)}")
        if e.get("code") is not None and not valid_code(e["code"]):
            self.err(where, f"code {e['code']!r} is neither ISO alpha-3 nor IGO")

    def negative(self, i: int, n: Any, events: list[Any]) -> None:
        where = f"negatives[{i}]"
        if not self.keys(where, n, NEG_KEYS):
            return
        line = self.para(where, n)
        self.anchor(where, line, "text", n)
        if n.get("why") not in NEGATIVE_WHY:
            self.err(where, f"why {n.get('why')!r} not in {sorted(NEGATIVE_WHY)}")
        if line is None or not isinstance(n.get("text"), str) or n["text"] not in line:
            return
        s = line.find(n["text"])
        e = s + len(n["text"])
        for ev in events:
            if isinstance(ev, dict) and ev.get("para") == n["para"] and isinstance(ev.get("trigger"), str):
                t = line.find(ev["trigger"])
                if t >= 0 and s <= t < e:
                    self.err(where, f"negative sentence contains the event trigger {ev['trigger']!r}")


def validate_folder(path: Path, min_paras: int = 4, max_paras: int = 10,
                    min_words: int = 100, max_words: int = 400) -> FolderReport:
    """Check one gold folder; style limits (paragraphs, words) are those of the suite brief."""
    rep = FolderReport(path)
    ck = _Checker(rep)
    gpath = path / "gold.json"
    try:
        gold = json.loads(gpath.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        ck.err("gold.json", f"unreadable: {e}")
        return rep
    if not isinstance(gold, dict):
        ck.err("gold.json", "top level is not an object")
        return rep
    rep.gold = gold
    extra = set(gold) - TOP_KEYS
    if extra:
        ck.err("gold.json", f"unknown top-level keys {sorted(extra)}")
    for key in ("doc", "date", "events"):
        if key not in gold:
            ck.err("gold.json", f"missing {key!r}")
    try:
        dt.date.fromisoformat(str(gold.get("date")))
    except ValueError:
        ck.err("gold.json", f"date {gold.get('date')!r} is not YYYY-MM-DD")
    art = path / str(gold.get("doc", "article.txt"))
    try:
        text = art.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        ck.err("article", f"unreadable: {e}")
        return rep
    if "\r" in text:
        ck.err("article", "contains carriage returns")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    rep.paragraphs = lines
    for k, ln in enumerate(lines):
        if not ln.strip():
            ck.err("article", f"line {k} is empty (one paragraph per line, no blank lines)")
        elif ln != ln.strip():
            ck.err("article", f"line {k} has leading or trailing spaces")
    rep.words = len(text.split())
    if not min_paras <= len(lines) <= max_paras:
        ck.err("article", f"{len(lines)} paragraphs, expected {min_paras}-{max_paras}")
    if not min_words <= rep.words <= max_words:
        ck.err("article", f"{rep.words} words, expected {min_words}-{max_words}")
    events = gold.get("events", [])
    for name, fn in (("events", ck.event), ("attributions", ck.attribution),
                     ("timexes", ck.timex), ("entities", ck.entity)):
        recs = gold.get(name, [])
        if not isinstance(recs, list):
            ck.err("gold.json", f"{name} must be a list")
            continue
        for i, r in enumerate(recs):
            fn(i, r)
    negs = gold.get("negatives", [])
    if not isinstance(negs, list):
        ck.err("gold.json", "negatives must be a list")
    else:
        for i, n in enumerate(negs):
            ck.negative(i, n, events if isinstance(events, list) else [])
    return rep


@dataclass
class SuiteReport:
    """Validation results and counts over all folders."""

    folders: list[FolderReport]
    by_type: Counter[str] = field(default_factory=Counter)
    by_type_all: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_mode: Counter[str] = field(default_factory=Counter)
    by_context: Counter[str] = field(default_factory=Counter)
    events: int = 0
    optional_events: int = 0
    negatives: int = 0
    negatives_by_why: Counter[str] = field(default_factory=Counter)
    compound: int = 0
    dated: int = 0
    located: int = 0
    attributed: int = 0
    with_attributions: int = 0
    with_timexes: int = 0
    attributions: int = 0
    timexes: int = 0

    @property
    def errors(self) -> list[str]:
        return [e for f in self.folders for e in f.errors]

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.folders for w in f.warnings]

    def summary(self) -> dict[str, Any]:
        return {
            "articles": len(self.folders), "events": self.events, "optional_events": self.optional_events,
            "by_type": {t: self.by_type[t] for t in TYPES},
            "by_type_incl_optional": {t: self.by_type_all[t] for t in TYPES},
            "by_status": {s: self.by_status[s] for s in STATUSES},
            "by_mode": dict(sorted(self.by_mode.items())), "by_context": dict(sorted(self.by_context.items())),
            "negatives": self.negatives, "negatives_by_why": dict(sorted(self.negatives_by_why.items())),
            "compound_actor_events": self.compound, "dated_events": self.dated,
            "located_events": self.located, "attributed_events": self.attributed,
            "articles_with_attributions": self.with_attributions, "attributions": self.attributions,
            "articles_with_timexes": self.with_timexes, "timexes": self.timexes,
            "words": sum(f.words for f in self.folders),
            "errors": len(self.errors), "warnings": len(self.warnings),
        }


def validate_suite(*roots: Path) -> SuiteReport:
    """Validate every folder holding a gold.json under the roots and count what the suite covers."""
    dirs = sorted(p.parent for root in (roots or (DEFAULT_DIR,)) for p in root.rglob("gold.json"))
    rep = SuiteReport([validate_folder(d) for d in dirs])
    for f in rep.folders:
        g = f.gold
        evs = [e for e in g.get("events", []) if isinstance(e, dict)]
        for e in evs:
            types = e.get("event") or ["?"]
            rep.by_type_all[types[0]] += 1
            if e.get("optional"):
                rep.optional_events += 1
                continue
            rep.events += 1
            rep.by_type[types[0]] += 1
            rep.by_status[(e.get("status") or ["?"])[0]] += 1
            for m in e.get("mode", []):
                rep.by_mode[f"{types[0]}/{m}"] += 1
            for c in e.get("context", []):
                rep.by_context[c] += 1
            src = e.get("source", [])
            tgt = e.get("target", [])
            if len(src) > 1 or len(tgt) > 1:
                rep.compound += 1
            rep.dated += "date" in e
            rep.located += "location" in e
            rep.attributed += "attribution" in e
        negs = g.get("negatives", [])
        rep.negatives += len(negs)
        for n in negs:
            if isinstance(n, dict):
                rep.negatives_by_why[str(n.get("why"))] += 1
        rep.attributions += len(g.get("attributions", []))
        rep.timexes += len(g.get("timexes", []))
        rep.with_attributions += bool(g.get("attributions"))
        rep.with_timexes += bool(g.get("timexes"))
    return rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT_DIR])
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    ap.add_argument("--warnings", action="store_true", help="also list warnings")
    args = ap.parse_args(argv)
    for d in args.dirs:
        if not d.is_dir():
            print(f"validate_gold: {d}: not a folder", file=sys.stderr)
            return 1
    rep = validate_suite(*args.dirs)
    for e in rep.errors:
        print("ERROR", e, file=sys.stderr)
    if args.warnings:
        for w in rep.warnings:
            print("warning", w, file=sys.stderr)
    s = rep.summary()
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=1))
    else:
        print(f"articles {s['articles']}  events {s['events']} (+{s['optional_events']} optional)  "
              f"negatives {s['negatives']}  words {s['words']}")
        print("type       records (incl. optional)")
        for t in TYPES:
            print(f"  {t:<10} {s['by_type'][t]:>4} ({s['by_type_incl_optional'][t]})")
        print("status (first listed):")
        for st in STATUSES:
            print(f"  {st:<10} {s['by_status'][st]:>4}")
        print("negatives by kind: " + ", ".join(f"{k} {v}" for k, v in s["negatives_by_why"].items()))
        print(f"compound {s['compound_actor_events']}  dated {s['dated_events']}  located {s['located_events']}  "
              f"attributed {s['attributed_events']}")
        print(f"articles with attributions {s['articles_with_attributions']} ({s['attributions']}), "
              f"with timexes {s['articles_with_timexes']} ({s['timexes']})")
        print(f"errors {s['errors']}  warnings {s['warnings']}")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
