"""``khabar eval attribution PATH…``: score attributions against gold folders or a case suite.

Gold folders (``article.txt`` + ``gold.json``) are scored as ``GOLD.md`` says: a system record
sits in the paragraph of its cue and matches a gold record when the cues overlap and the sources
overlap (for an implied source, whose anchor is the cue itself, any source will do); matching is
one-to-one and greedy. Reported: precision/recall/F1 over non-optional gold, then on matched
records the accuracy of kind, count, direct, code (affiliation) and status. A ``.jsonl`` suite
(one case per line: ``{"id", "text", "attributions": [...]}``, same record format plus ``role``,
``tenure``, ``content`` and ``same_as``) is scored the same way, case by case.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar.doc import Attribution, Doc
from khabar.errors import KhabarError
from khabar.eval.gold import GoldDoc, find_gold_dirs, greedy_match, load_gold_dir, overlap, prf

FIELDS = ("kind", "count", "direct", "code", "status")
SUITE_FIELDS = ("role", "tenure", "content", "same_as")


@dataclass
class GoldAttr:
    """One gold attribution with its anchors resolved to character spans."""

    rec: dict[str, Any]
    para: int
    cue: tuple[int, int]
    source: tuple[int, int]
    implied: bool
    optional: bool


@dataclass
class Tally:
    """Counts over many documents: matches, misses, extras and per-field agreement."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def field(self, name: str, ok: bool) -> None:
        self.total[name] = self.total.get(name, 0) + 1
        self.right[name] = self.right.get(name, 0) + int(ok)

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for k, v in other.total.items():
            self.total[k] = self.total.get(k, 0) + v
            self.right[k] = self.right.get(k, 0) + other.right.get(k, 0)
        self.errors += other.errors

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = prf(self.tp, self.fp, self.fn)
        out["fields"] = {k: {"accuracy": self.right[k] / self.total[k], "right": self.right[k], "of": self.total[k]}
                         for k in (*FIELDS, *SUITE_FIELDS) if self.total.get(k)}
        return out


def _occurrences(line: str, sub: str) -> list[int]:
    out, i = [], line.find(sub)
    while i >= 0 and sub:
        out.append(i)
        i = line.find(sub, i + 1)
    return out


def resolve(gd: GoldDoc, rec: dict[str, Any]) -> GoldAttr:
    """Resolve a gold record's cue and source anchors in its paragraph (nearest pair when repeated)."""
    para = int(rec.get("para", 0))
    if para >= len(gd.para_spans):
        raise KhabarError("K018", f"{gd.path}: paragraph {para} out of range")
    s, e = gd.para_spans[para]
    line = gd.text[s:e]
    cue, src = rec.get("cue", ""), rec.get("source", "")
    cues, srcs = _occurrences(line, cue), _occurrences(line, src)
    if not cues:
        raise KhabarError("K018", f"{gd.path}: cue {cue!r} not in paragraph {para}")
    if not srcs:
        raise KhabarError("K018", f"{gd.path}: source {src!r} not in paragraph {para}")
    nth_c = rec.get("cue_nth")
    if isinstance(nth_c, int) and nth_c < len(cues):
        cues = [cues[nth_c]]
    c0, s0 = min(((c, x) for c in cues for x in srcs), key=lambda p: (abs(p[0] - p[1]), p[0]))
    implied = src == cue and c0 == s0
    return GoldAttr(rec, para, (s + c0, s + c0 + len(cue)), (s + s0, s + s0 + len(src)), implied,
                    bool(rec.get("optional")))


def _code(a: Attribution) -> str | None:
    return a.source.actor.code if a.source.actor else None


def score_doc(gd: GoldDoc, doc: Doc, name: str = "", suite: bool = False) -> Tally:
    """Match one document's attributions to its gold records and tally fields."""
    golds = [resolve(gd, r) for r in gd.gold.get("attributions", [])]
    sys_recs = doc.attributions
    by_id = {a.id: a for a in sys_recs}

    def compatible(g: GoldAttr, a: Attribution) -> bool:
        if gd.para_of(a.cue.start) != g.para or overlap(g.cue, (a.cue.start, a.cue.end)) == 0:
            return False
        return g.implied or overlap(g.source, (a.source.start, a.source.end)) > 0

    def score(g: GoldAttr, a: Attribution) -> float:
        return overlap(g.cue, (a.cue.start, a.cue.end)) + overlap(g.source, (a.source.start, a.source.end))

    pairs = greedy_match(golds, sys_recs, compatible, score)
    t = Tally()
    matched_g = {i for i, _ in pairs}
    matched_s = {j for _, j in pairs}
    for i, j in pairs:
        g, a = golds[i], sys_recs[j]
        if g.optional:
            continue
        t.tp += 1
        r = g.rec
        checks: dict[str, tuple[Any, Any]] = {"status": (r.get("status", "stated"), a.status)}
        for f, got in (("kind", a.source.kind), ("count", a.source.count), ("direct", a.direct),
                       ("code", _code(a))):
            if f in r:
                checks[f] = (r[f], got)
        if suite:
            for f, got in (("role", a.source.role), ("tenure", a.source.tenure)):
                if f in r:
                    checks[f] = (r[f], got)
            if "content" in r:
                want = r["content"]
                got_text = a.content.text if a.content is not None else None
                checks["content"] = (want, want if (want is None and got_text is None) or (
                    want is not None and got_text is not None and want in got_text) else got_text)
            if "same_as" in r:
                want = r["same_as"]
                linked = by_id.get(a.source.same_as or "")
                got_src = linked.source.text if linked is not None else None
                ok_link = (want is None and linked is None) or (
                    want is not None and got_src is not None and (want in got_src or got_src in want))
                checks["same_as"] = (want, want if ok_link else got_src)
        for f, (want, got) in checks.items():
            ok = want == got
            t.field(f, ok)
            if not ok:
                t.errors.append(f"{name} para {g.para} {r.get('source')!r}/{r.get('cue')!r}: {f} {want!r} ≠ {got!r}")
    for i, g in enumerate(golds):
        if i not in matched_g and not g.optional:
            t.fn += 1
            t.errors.append(f"{name} para {g.para}: missed {g.rec.get('source')!r} / {g.rec.get('cue')!r}")
    for j, a in enumerate(sys_recs):
        if j not in matched_s:
            t.fp += 1
            t.errors.append(f"{name} para {gd.para_of(a.cue.start)}: extra {a.source.text!r} / {a.cue.text!r}")
    return t


def _pipeline(stages: str | None) -> Any:
    from khabar.pipeline import Pipeline, PipelineConfig

    if stages:
        return Pipeline(PipelineConfig(stages=tuple(s.strip() for s in stages.split(",") if s.strip())))
    return Pipeline()


def suite_cases(path: Path) -> list[tuple[str, GoldDoc]]:
    """Read a JSONL case suite into in-memory gold documents."""
    out: list[tuple[str, GoldDoc]] = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as e:
            raise KhabarError("K018", f"{path}:{n}: invalid JSON ({e.msg})") from None
        text = case["text"]
        spans, pos = [], 0
        for ln in text.split("\n"):
            spans.append((pos, pos + len(ln)))
            pos += len(ln) + 1
        out.append((case.get("id", f"{path.name}:{n}"), GoldDoc(path, text, case.get("date"), case, spans)))
    return out


def evaluate(paths: Sequence[str], stages: str | None = None) -> tuple[Tally, dict[str, Tally]]:
    """Score every gold folder and suite under ``paths``; (total, per-document tallies)."""
    pipe = _pipeline(stages)
    total = Tally()
    per: dict[str, Tally] = {}
    items: list[tuple[str, GoldDoc, bool]] = []
    dirs: list[str] = []
    for p in paths:
        pp = Path(p)
        if pp.is_file() and pp.suffix == ".jsonl":
            items += [(name, gd, True) for name, gd in suite_cases(pp)]
        elif pp.is_dir() and not (pp / "gold.json").exists() and list(pp.glob("*.jsonl")):
            for f in sorted(pp.glob("*.jsonl")):
                items += [(name, gd, True) for name, gd in suite_cases(f)]
        else:
            dirs.append(p)
    if dirs:
        items += [(str(d), load_gold_dir(d), False) for d in find_gold_dirs(dirs)]
    for name, gd, suite in items:
        doc = pipe(gd.text, date=gd.date)
        t = score_doc(gd, doc, name, suite)
        per[name] = t
        total.add(t)
    return total, per


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog=f"khabar eval {argv[0] if argv else 'attribution'}",
                                 description="Attribution P/R/F1 and field accuracy on gold folders or .jsonl suites")
    ap.add_argument("paths", nargs="+", help="gold folders (searched recursively) or .jsonl case suites")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--errors", action="store_true", help="list misses, extras and wrong fields on stderr")
    ap.add_argument("--stages", help="pipeline stages, comma-separated (default: the full pipeline)")
    args = ap.parse_args(argv[1:])
    try:
        total, per = evaluate(args.paths, args.stages)
    except KhabarError as e:
        print(str(e), file=sys.stderr)
        return 2
    rep = total.report()
    if args.errors:
        for line in total.errors:
            print(line, file=sys.stderr)
    if args.json:
        rep["documents"] = len(per)
        print(json.dumps(rep, ensure_ascii=False, indent=2))
        return 0
    print(f"attribution: {len(per)} documents  P {rep['precision']:.3f}  R {rep['recall']:.3f}  "
          f"F1 {rep['f1']:.3f}  (tp {rep['tp']}, fp {rep['fp']}, fn {rep['fn']})")
    for k, v in rep["fields"].items():
        print(f"  {k:<8} {v['accuracy']:.3f}  ({v['right']}/{v['of']})")
    return 0
