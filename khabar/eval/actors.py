"""``khabar eval actors``: the actor phrase suite and entity actor codes on gold folders.

Phrase suite (TSV: ``phrase  date  code  sector  kind  note``; ``code`` NONE = must not resolve,
``sector`` empty = any, ``-`` = none): pass rate of ``Resolver.resolve_text``.
Gold folders (GOLD.md ``entities``): each gold entity is matched to a system entity in the
same paragraph that overlaps its anchor (greedy, one-to-one); the score is the share of gold
entities whose matched entity has the right actor code (an unmatched gold entity counts wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khabar.errors import KhabarError
from khabar.eval.gold import find_gold_dirs, greedy_match, load_gold_dir, overlap

DEFAULT_SUITE = Path(__file__).resolve().parents[2] / "tests" / "data" / "actor_phrases.tsv"


@dataclass
class Case:
    line: int
    phrase: str
    date: str | None
    code: str
    sector: str | None  # None = any; "-" = must be empty
    kind: str | None
    note: str


def load_suite(path: str | Path) -> list[Case]:
    """Read the phrase suite TSV (header line, ``#`` comments)."""
    p = Path(path)
    if not p.exists():
        raise KhabarError("K018", f"{p}: phrase suite not found")
    out: list[Case] = []
    header: list[str] | None = None
    for n, line in enumerate(p.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        row = dict(zip(header, cols + [""] * (len(header) - len(cols)), strict=False))
        out.append(Case(n, row["phrase"], row.get("date") or None, row["code"].strip(),
                        row.get("sector", "").strip() or None, row.get("kind", "").strip() or None,
                        row.get("note", "")))
    return out


def run_suite(cases: list[Case], resolver: Any) -> tuple[int, list[tuple[Case, str]]]:
    """(passed, failures with what was found)."""
    passed = 0
    fails: list[tuple[Case, str]] = []
    for c in cases:
        m = resolver.resolve_text(c.phrase, c.date)
        got = "NONE" if m is None else f"{m.actor.code}/{m.actor.sector or '-'}/{m.kind}"
        ok = (m is None) if c.code == "NONE" else (
            m is not None and m.actor.code == c.code
            and (c.sector is None or (m.actor.sector or "-") == c.sector)
            and (c.kind is None or m.kind == c.kind)
        )
        if ok:
            passed += 1
        else:
            fails.append((c, got))
    return passed, fails


def score_entities(gold_dirs: list[Path], pipeline: Any) -> dict[str, Any]:
    """Entity actor-code accuracy over gold folders (see the module docstring)."""
    total = right = matched = 0
    misses: list[dict[str, Any]] = []
    for d in gold_dirs:
        g = load_gold_dir(d)
        doc = pipeline(pipeline.make_doc(g.text, date=g.date))
        gold = []
        for e in g.gold.get("entities", []):
            span = g.anchor(e["para"], e["text"])
            if span is not None:
                gold.append((e, span))
            else:
                raise KhabarError("K018", f"{d}: entity {e['text']!r} not found in paragraph {e['para']}")
        sys_ents = doc.entities

        def compatible(ge: tuple[dict[str, Any], tuple[int, int]], se: Any, g: Any = g) -> bool:
            return g.para_of(se.start) == ge[0]["para"] and overlap(ge[1], (se.start, se.end)) > 0

        def score(ge: tuple[dict[str, Any], tuple[int, int]], se: Any) -> float:
            return overlap(ge[1], (se.start, se.end)) / max(ge[1][1] - ge[1][0], se.end - se.start)

        pairs = dict(greedy_match(gold, sys_ents, compatible, score))
        for i, (e, _span) in enumerate(gold):
            total += 1
            j = pairs.get(i)
            got = sys_ents[j].actor.code if j is not None and sys_ents[j].actor else None
            if j is not None:
                matched += 1
            if got == e.get("code"):
                right += 1
            else:
                misses.append({"doc": str(d), "text": e["text"], "gold": e.get("code"), "got": got,
                               "matched": j is not None})
    return {"entities": total, "matched": matched, "code_right": right,
            "code_accuracy": right / total if total else 0.0, "misses": misses}


def score_sources(gold_dirs: list[Path], pipeline: Any) -> dict[str, Any]:
    """Attribution sources with a gold affiliation code (GOLD.md ``attributions[].code``): the share
    whose span overlaps an actor mention carrying that code. Measures the actor layer the
    attribution stage reads; sources the text does not tie to a country (مصادر مطلعة) count as misses."""
    total = right = 0
    misses: list[dict[str, Any]] = []
    for d in gold_dirs:
        g = load_gold_dir(d)
        doc = pipeline(pipeline.make_doc(g.text, date=g.date))
        for a in g.gold.get("attributions", []):
            code = a.get("code")
            span = g.anchor(a["para"], a.get("source") or "")
            if not code or span is None or a.get("source") == a.get("cue"):
                continue
            total += 1
            codes: set[str] = set()
            for m in doc.actor_mentions:
                if overlap(span, (m.start, m.end)) > 0:
                    codes.update(m.members or (m.actor.code,))
            if code in codes:
                right += 1
            else:
                misses.append({"doc": d.name, "source": a["source"], "gold": code, "got": sorted(codes)})
    return {"sources": total, "code_right": right, "share": right / total if total else 0.0, "misses": misses}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="khabar eval actors", description=__doc__)
    ap.add_argument("gold", nargs="*", help="gold folders (each with gold.json), searched recursively")
    ap.add_argument("--suite", default=None, help=f"phrase suite TSV (default {DEFAULT_SUITE} when present)")
    ap.add_argument("--no-suite", action="store_true", help="skip the phrase suite")
    ap.add_argument("--stages", default=None, help="comma-separated pipeline stages (default: the full pipeline)")
    ap.add_argument("--actors", action="append", default=[], metavar="TSV", help="extra actor file(s)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    args = ap.parse_args(argv[1:])

    from khabar.actors.resolver import get_resolver
    from khabar.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig

    config = PipelineConfig(actors_files=tuple(args.actors))
    if args.stages:
        config.stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    else:
        config.stages = DEFAULT_STAGES
    report: dict[str, Any] = {}
    suite_path = Path(args.suite) if args.suite else DEFAULT_SUITE
    if not args.no_suite and (args.suite or suite_path.exists()):
        cases = load_suite(suite_path)
        passed, fails = run_suite(cases, get_resolver(config))
        report["suite"] = {"path": str(suite_path), "cases": len(cases), "passed": passed,
                           "pass_rate": passed / len(cases) if cases else 0.0,
                           "failures": [{"line": c.line, "phrase": c.phrase, "date": c.date,
                                         "want": f"{c.code}/{c.sector or '*'}", "got": got} for c, got in fails]}
    if args.gold:
        dirs = find_gold_dirs(args.gold)
        pipe = Pipeline(config)
        report["gold"] = score_entities(dirs, pipe)
        report["gold"]["folders"] = len(dirs)
        report["sources"] = score_sources(dirs, pipe)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    if "suite" in report:
        s = report["suite"]
        print(f"phrase suite: {s['passed']}/{s['cases']} pass ({s['pass_rate']:.1%})  [{s['path']}]")
        for f in s["failures"] if args.verbose else s["failures"][:20]:
            print(f"  FAIL line {f['line']}: {f['phrase']!r} ({f['date']}) want {f['want']} got {f['got']}")
    if "gold" in report:
        g = report["gold"]
        print(f"gold entities: {g['code_right']}/{g['entities']} right country code ({g['code_accuracy']:.1%}); "
              f"{g['matched']} matched an entity; {g['folders']} folder(s)")
        for m in g["misses"]:
            print(f"  MISS {m['text']!r}: gold {m['gold']} got {m['got']}{'' if m['matched'] else ' (no entity)'}")
        src = report["sources"]
        print(f"attribution sources with a gold code: {src['code_right']}/{src['sources']} overlap an actor "
              f"mention with that code ({src['share']:.1%})")
        for m in src["misses"] if args.verbose else []:
            print(f"  SOURCE {m['doc']}: {m['source']!r} gold {m['gold']} got {m['got']}")
    if not report:
        print("nothing to evaluate: give gold folders or a phrase suite", file=sys.stderr)
        return 2
    return 0
