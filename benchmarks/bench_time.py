"""Time stage against dateparser on Duckling's Arabic time suite, and its share of a full analysis.

1. Accuracy on the 155 value cases of ``../shared/data/time/duckling_ar_time.jsonl``, both
   systems given each case's reference date: khabar through ``khabar.eval.time`` (a covering
   expression with Duckling's value at Duckling's grain), dateparser 1.5 through
   ``dateparser.parse(text, languages=["ar"], settings={"RELATIVE_BASE": reference})``, its
   datetime cut at Duckling's grain (weeks compared as ISO weeks).
2. Speed on the same cases: cases per second for khabar (text + time stages, end to end) and
   for dateparser (both warmed up first); best of three runs, CPU time of this process (the machine
   may be shared). "time stage only" runs the time stage on documents the text stage already
   tokenised, which is what the pipeline does.
3. Share of a full analysis: the default pipeline on real news (SaudiNewsNet up to 2015-08-08),
   time stage seconds / all stages' seconds, from ``Pipeline.timings``.

    python benchmarks/bench_time.py [--articles 300] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _news import iter_articles, machine

from khabar.eval.time import DUCKLING, duckling_key, run_duckling


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    return [c for c in cases if c.get("expected") and c["expected"].get("type") == "value"]


def dateparser_key(d: dt.datetime, grain: str) -> str:
    if grain == "week":
        y, w, _ = d.date().isocalendar()
        return f"{y:04d}-W{w:02d}"
    return duckling_key(d.strftime("%Y-%m-%dT%H:%M:%S"), grain)


def dateparser_accuracy(cases: list[dict[str, Any]]) -> tuple[int, list[str]]:
    import dateparser

    ok = 0
    passed = []
    for c in cases:
        ref = dt.datetime.fromisoformat(c["reference_time"]).replace(tzinfo=None)
        got = dateparser.parse(c["text"], languages=["ar"], settings={"RELATIVE_BASE": ref})
        exp = c["expected"]
        if got is not None and dateparser_key(got, exp["grain"]) == duckling_key(exp["value"], exp["grain"]):
            ok += 1
            passed.append(c["text"])
    return ok, passed


def best_cpu(fn: Callable[[], object], runs: int = 3) -> float:
    """Least CPU time over ``runs`` runs (seconds)."""
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def pipeline_share(n_articles: int) -> dict[str, Any]:
    """Seconds per stage of the default pipeline on real news, and the time stage's share."""
    from khabar.errors import KhabarError
    from khabar.pipeline import Pipeline

    try:
        pipe = Pipeline()
    except KhabarError as e:  # a model another stage needs is not built here
        return {"skipped": str(e)}
    texts = [a["content"] for a in iter_articles(n_articles)]
    words = sum(len(t.split()) for t in texts)
    for t in texts[:10]:
        pipe(t, date="2015-08-01")
    pipe.timings = {k: 0.0 for k in pipe.timings}
    t0 = time.process_time()
    for t in texts:
        pipe(t, date="2015-08-01")
    cpu = time.process_time() - t0
    total = sum(pipe.timings.values())
    tname = next(k for k in pipe.timings if k.startswith("time@"))
    return {
        "articles": len(texts), "words": words, "words_per_s_full": round(words / cpu),
        "stage_seconds": {k: round(v, 3) for k, v in pipe.timings.items()},
        "time_stage_share": round(pipe.timings[tname] / total, 4) if total else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", default=str(DUCKLING))
    ap.add_argument("--articles", type=int, default=300, help="news articles for the pipeline share")
    ap.add_argument("--json", action="store_true", help="print the JSON report only")
    a = ap.parse_args()
    path = Path(a.suite)
    if not path.exists():
        sys.exit(f"benchmark needs {path} (../shared)")
    cases = load_cases(path)

    ours = run_duckling(path)
    dp_ok, dp_passed = dateparser_accuracy(cases)

    from khabar.doc import Doc
    from khabar.pipeline import Pipeline, PipelineConfig
    from khabar.text.stage import TextStage
    from khabar.time.stage import TimeStage

    pipe = Pipeline(PipelineConfig(stages=("text", "time")))
    refs = [(c["text"], c["reference_time"][:10]) for c in cases]
    for t, d in refs:
        pipe(t, date=d)
    ours_s = best_cpu(lambda: [pipe(t, date=d) for t, d in refs])
    text, tstage = TextStage(), TimeStage({})
    docs = [text(Doc(text=t, date=d)) for t, d in refs]
    stage_s = best_cpu(lambda: [tstage(doc) for doc in docs])

    import dateparser

    dps = [(c["text"], dt.datetime.fromisoformat(c["reference_time"]).replace(tzinfo=None)) for c in cases]
    dp_s = best_cpu(lambda: [dateparser.parse(t, languages=["ar"], settings={"RELATIVE_BASE": r}) for t, r in dps])

    share = pipeline_share(a.articles)
    n = len(cases)
    report = {
        "machine": machine(), "cases": n,
        "khabar": {"passed": ours["passed"], "accuracy": round(ours["passed"] / n, 4),
                   "cases_per_s": round(n / ours_s), "time_stage_only_cases_per_s": round(n / stage_s)},
        "dateparser": {"passed": dp_ok, "accuracy": round(dp_ok / n, 4), "cases_per_s": round(n / dp_s),
                       "passed_cases": dp_passed},
        "speedup_end_to_end": round(dp_s / ours_s, 1),
        "speedup_time_stage": round(dp_s / stage_s, 1),
        "pipeline": share,
    }
    if not a.json:
        print(f"Duckling Arabic time values: khabar {ours['passed']}/{n} ({100 * ours['passed'] / n:.1f}%), "
              f"dateparser {dp_ok}/{n} ({100 * dp_ok / n:.1f}%)")
        print(f"speed: khabar {n / ours_s:,.0f} cases/s end to end ({n / stage_s:,.0f} time stage only), "
              f"dateparser {n / dp_s:,.0f} cases/s: {dp_s / ours_s:.1f}x faster end to end, "
              f"{dp_s / stage_s:.1f}x for the time stage (target 20x)")
        if "skipped" in share:
            print(f"pipeline share: skipped ({share['skipped']})")
        else:
            print(f"pipeline share: time stage {100 * share['time_stage_share']:.1f}% of a full analysis "
                  f"({share['articles']} articles, {share['words_per_s_full']:,} words/s)")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
