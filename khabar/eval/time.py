"""``khabar eval time``: the Duckling Arabic time suite, the time regression suite and gold folders.

Duckling cases: each text is analysed (text + time stages) with its reference date. A value
case passes when a time expression covering the text (at least 60% of its non-space
characters) resolves to Duckling's value at Duckling's grain. TIMEX3 values are compared in
Duckling's terms: a week is its Monday, "mid-March" (mod MID) its 15th, the start of a month
(mod START) its 1st, the end (mod END) its last day. Negative cases pass when nothing is found.

    khabar eval time [--duckling FILE] [--suite FILE] [--gold DIR ...] [--failures N] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from khabar.doc import Timex
from khabar.errors import KhabarError

ROOT = Path(__file__).resolve().parents[2]
DUCKLING = ROOT.parent / "shared" / "data" / "time" / "duckling_ar_time.jsonl"
SUITE = ROOT / "tests" / "data" / "time_suite.jsonl"
SEED = ROOT.parent / "shared" / "examples" / "seed"


def _pipeline() -> Any:
    from khabar.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(stages=("text", "time")))


def duckling_key(value: str, grain: str) -> str:
    """Duckling's value at its grain as a comparable string (weeks as ISO weeks)."""
    if grain == "year":
        return value[:4]
    if grain == "month":
        return value[:7]
    if grain == "week":
        d = dt.date.fromisoformat(value[:10])
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if grain == "day":
        return value[:10]
    if grain == "hour":
        return value[:13]
    if grain == "minute":
        return value[:16]
    return value[:19]


def timex_key(t: Timex) -> str | None:
    """A TIMEX3 value in Duckling's terms (see the module docstring)."""
    v = t.value
    if not v or v.endswith("_REF"):
        return None
    grain = t.extra.get("grain")
    mod = t.extra.get("mod")
    if grain == "month" and mod in ("START", "MID", "END") and len(v) == 7:
        y, m = int(v[:4]), int(v[5:7])
        from khabar.time.resolve import month_len

        day = {"START": 1, "MID": 15, "END": month_len(y, m)}[mod]
        return f"{v}-{day:02d}"
    if "T" in v and grain == "hour":
        return v[:13]
    if "T" in v and grain == "minute":
        return v[:16]
    return v


def _covers(t: Timex, text: str) -> bool:
    chars = sum(1 for c in text if not c.isspace())
    inside = sum(1 for c in text[t.start:t.end] if not c.isspace())
    return chars > 0 and inside / chars >= 0.6


def run_duckling(path: Path) -> dict[str, Any]:
    pipe = _pipeline()
    res: dict[str, Any] = {"values": 0, "passed": 0, "negatives": 0, "negatives_passed": 0,
                           "intervals": 0, "intervals_found": 0, "failures": []}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        text, ref = case["text"], case["reference_time"][:10]
        doc = pipe(text, date=ref)
        exp = case.get("expected")
        if case.get("negative") or exp is None:
            res["negatives"] += 1
            if not doc.timexes:
                res["negatives_passed"] += 1
            else:
                res["failures"].append({"text": text, "expected": None, "got": [t.value for t in doc.timexes]})
            continue
        if exp.get("type") == "interval":
            res["intervals"] += 1
            if any(_covers(t, text) for t in doc.timexes):
                res["intervals_found"] += 1
            continue
        res["values"] += 1
        want = duckling_key(exp["value"], exp["grain"])
        got = [(timex_key(t), t.text) for t in doc.timexes if _covers(t, text)]
        if any(k == want for k, _ in got):
            res["passed"] += 1
        else:
            res["failures"].append({"text": text, "expected": f"{want} ({exp['grain']})",
                                    "got": [f"{t.value} [{t.text}] {t.extra}" for t in doc.timexes]})
    return res


def run_suite(path: Path) -> dict[str, Any]:
    """The regression suite: every expected expression found with its value, nothing else found."""
    pipe = _pipeline()
    res: dict[str, Any] = {"cases": 0, "passed": 0, "expected": 0, "found": 0, "value_ok": 0,
                           "spurious": 0, "failures": []}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("//"):
            continue
        case = json.loads(line)
        res["cases"] += 1
        problems = check_case(pipe, case, res)
        if problems:
            res["failures"].append({"text": case["text"], "problems": problems})
        else:
            res["passed"] += 1
    return res


def check_case(pipe: Any, case: dict[str, Any], res: dict[str, Any] | None = None) -> list[str]:
    """Problems of one regression case (empty when it passes)."""
    text = case["text"]
    doc = pipe(text, date=case.get("date"))
    problems: list[str] = []
    used: set[int] = set()
    for e in case.get("expect", []):
        pos = text.find(e["text"])
        if pos < 0:
            problems.append(f"bad case: {e['text']!r} not in text")
            continue
        span = (pos, pos + len(e["text"]))
        values = e["value"] if isinstance(e["value"], list) else [e["value"]]
        if res is not None:
            res["expected"] += 1
        hits = [k for k, t in enumerate(doc.timexes) if t.start < span[1] and span[0] < t.end and k not in used]
        if not hits:
            problems.append(f"missed {e['text']!r}")
            continue
        if res is not None:
            res["found"] += 1
        good = [k for k in hits if doc.timexes[k].value in values and ("type" not in e or doc.timexes[k].type == e["type"])]
        if good:
            used.add(good[0])
            if res is not None:
                res["value_ok"] += 1
        else:
            used.add(hits[0])
            t = doc.timexes[hits[0]]
            problems.append(f"{e['text']!r}: got {t.value} ({t.type}, {t.text!r}), want {values}")
    for k, t in enumerate(doc.timexes):
        if k not in used and not any(t.start < a + len(e["text"]) and a < t.end
                                     for e in case.get("expect", []) for a in [text.find(e["text"])] if a >= 0):
            problems.append(f"spurious {t.text!r} = {t.value}")
            if res is not None:
                res["spurious"] += 1
    return problems


def run_gold(dirs: list[str]) -> dict[str, Any]:
    """Time expressions of gold folders (GOLD.md): found (overlap) and value accuracy."""
    from khabar.eval.gold import find_gold_dirs, load_gold_dir, overlap

    pipe = _pipeline()
    res: dict[str, Any] = {"gold": 0, "found": 0, "value_ok": 0, "optional": 0, "optional_ok": 0,
                           "system": 0, "failures": []}
    for d in find_gold_dirs(dirs):
        g = load_gold_dir(d)
        doc = pipe(g.text, date=g.date)
        res["system"] += len(doc.timexes)
        for gt in g.gold.get("timexes", []):
            a = g.anchor(gt["para"], gt["text"])
            if a is None:
                raise KhabarError("K018", f"{d}: timex {gt['text']!r} not in paragraph {gt['para']}")
            opt = bool(gt.get("optional"))
            res["optional" if opt else "gold"] += 1
            match = [t for t in doc.timexes if overlap((t.start, t.end), a) > 0]
            ok = any(t.value in gt["value"] for t in match)
            if not opt:
                res["found"] += bool(match)
                res["value_ok"] += ok
            else:
                res["optional_ok"] += ok
            if not ok:
                res["failures"].append({"doc": str(d), "text": gt["text"], "want": gt["value"], "optional": opt,
                                        "got": [f"{t.value} [{t.text}]" for t in match]})
    return res


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="khabar eval time", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duckling", default=str(DUCKLING), help="Duckling Arabic time corpus (JSONL)")
    ap.add_argument("--suite", default=str(SUITE), help="regression suite (JSONL)")
    ap.add_argument("--gold", nargs="*", default=None, metavar="DIR",
                    help="gold folders (default: the seed example when present)")
    ap.add_argument("--failures", type=int, default=50, metavar="N", help="print at most N failures per part")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    args = ap.parse_args(argv[1:])
    out: dict[str, Any] = {}
    if Path(args.duckling).exists():
        out["duckling"] = run_duckling(Path(args.duckling))
    else:
        print(f"khabar: {args.duckling} not found; skipping the Duckling suite", file=sys.stderr)
    if Path(args.suite).exists():
        out["suite"] = run_suite(Path(args.suite))
    else:
        print(f"khabar: {args.suite} not found; skipping the regression suite", file=sys.stderr)
    gold = args.gold if args.gold is not None else ([str(SEED)] if SEED.exists() else [])
    if gold:
        try:
            out["gold"] = run_gold(gold)
        except KhabarError as e:
            print(f"khabar: {e}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if "duckling" in out:
        r = out["duckling"]
        print(f"Duckling Arabic time suite: {r['passed']}/{r['values']} values "
              f"({100 * r['passed'] / max(1, r['values']):.1f}%), negatives {r['negatives_passed']}/{r['negatives']}, "
              f"intervals with a covering expression {r['intervals_found']}/{r['intervals']}")
        for f in r["failures"][: args.failures]:
            print(f"  FAIL {f['text']}  want {f['expected']}  got {f['got']}")
    if "suite" in out:
        r = out["suite"]
        print(f"Regression suite: {r['passed']}/{r['cases']} sentences pass; expressions found "
              f"{r['found']}/{r['expected']}, values right {r['value_ok']}/{r['expected']}, spurious {r['spurious']}")
        for f in r["failures"][: args.failures]:
            print(f"  FAIL {f['text']}\n       " + "; ".join(f["problems"]))
    if "gold" in out:
        r = out["gold"]
        print(f"Gold folders: found {r['found']}/{r['gold']}, value right {r['value_ok']}/{r['gold']} "
              f"(optional: {r['optional_ok']}/{r['optional']} right); {r['system']} expressions produced")
        for f in r["failures"][: args.failures]:
            tag = " (optional)" if f["optional"] else ""
            print(f"  MISS{tag} {f['text']}  want {f['want']}  got {f['got']}")
    return 0
