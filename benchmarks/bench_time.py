"""Time stage against dateparser on Duckling's Arabic time suite, and its share of a full analysis.

What is compared (same 155 value cases of ``../shared/data/time/duckling_ar_time.jsonl``, same
process, each side given the case's text and its reference date):

- khabar, end to end: ``TimeStage(TextStage(Doc(text, date)))``: the document is built, split
  and tokenised (text stage), then its time expressions are found and resolved (time stage). This
  is what a caller with a raw string pays, as dateparser's caller does.
- khabar, time stage only: the time stage on documents the text stage tokenised in the same round
  (outside the clock); in the pipeline the text stage runs anyway for every other stage.
- ``dateparser.parse(text, languages=["ar"], settings={"RELATIVE_BASE": ref})``: the peer for
  accuracy (it reads the whole string as one date, dateparser's best reading of a bare expression)
  and the faster dateparser call. It does less than khabar: it does not look for expressions in
  running text, so it is the strict baseline for speed.
- ``dateparser.search.search_dates(text, languages=["ar"], settings={"RELATIVE_BASE": ref})``:
  the peer for the task khabar performs (find every date in a text and resolve it).

1. Accuracy: khabar through ``khabar.eval.time`` (a covering expression with Duckling's value at
   Duckling's grain); dateparser's datetime cut at the same grain (weeks as ISO weeks); for
   ``search_dates`` a found substring must cover 60% of the case, as for khabar.
2. Speed, warm: best of ``--rounds`` interleaved rounds, CPU time of this process
   (``time.process_time``; the machine may be shared). In each round every side runs every case
   once. Nothing caches whole phrases; khabar caches analyses per word type, dateparser its
   compiled language data, and both are warm after the first round.
3. Speed, cold: a fresh process per side and trial, warmed up on different text (sentences of
   real news) and then running each case once; best of ``--cold-runs`` processes. Word types the
   news did not contain are analysed on first sight inside the clock, as are tables built on
   first use (the Hijri calendar when no news sentence needed it).
   Every timed pass starts after ``gc.collect()``, for both sides.
4. Share of a full analysis: the default pipeline on real news (SaudiNewsNet up to 2015-08-08),
   time stage seconds / all stages' seconds, from ``Pipeline.timings``.

    python benchmarks/bench_time.py [--rounds 10] [--cold-runs 5] [--articles 300] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _news import SHARED, iter_articles, machine

from khabar.eval.time import DUCKLING, duckling_key, run_duckling
from khabar.time import build as time_build

SIDES = ("khabar", "khabar_time_stage", "dateparser_parse", "dateparser_search")


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    return [c for c in cases if c.get("expected") and c["expected"].get("type") == "value"]


def reference(case: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(case["reference_time"]).replace(tzinfo=None)


def dateparser_key(d: dt.datetime, grain: str) -> str:
    if grain == "week":
        y, w, _ = d.date().isocalendar()
        return f"{y:04d}-W{w:02d}"
    return duckling_key(d.strftime("%Y-%m-%dT%H:%M:%S"), grain)


def _covers(sub: str, text: str) -> bool:
    chars = sum(1 for c in text if not c.isspace())
    return chars > 0 and sum(1 for c in sub if not c.isspace()) / chars >= 0.6 and sub in text


def dateparser_accuracy(cases: list[dict[str, Any]]) -> dict[str, Any]:
    import dateparser
    from dateparser.search import search_dates

    parse_ok: list[str] = []
    search_ok: list[str] = []
    for c in cases:
        ref, exp = reference(c), c["expected"]
        want = duckling_key(exp["value"], exp["grain"])
        got = dateparser.parse(c["text"], languages=["ar"], settings={"RELATIVE_BASE": ref})
        if got is not None and dateparser_key(got, exp["grain"]) == want:
            parse_ok.append(c["text"])
        found = search_dates(c["text"], languages=["ar"], settings={"RELATIVE_BASE": ref}) or []
        if any(_covers(s, c["text"]) and dateparser_key(d, exp["grain"]) == want for s, d in found):
            search_ok.append(c["text"])
    return {"parse": parse_ok, "search": search_ok}


def warmup_sentences(n: int = 1000) -> list[str]:
    """Short sentences of real news (not the suite): what both sides warm up on."""
    out: list[str] = []
    for art in iter_articles(400):
        for s in re.split(r"(?<=[.!؟])\s+", art["content"]):
            if 20 <= len(s) <= 160:
                out.append(s)
                if len(out) >= n:
                    return out
    return out


def runners(cases: list[dict[str, Any]]) -> dict[str, Callable[[], float]]:
    """For each side, a function running every case once and returning its CPU seconds."""
    import dateparser
    from dateparser.search import search_dates

    from khabar.doc import Doc
    from khabar.text.stage import TextStage
    from khabar.time.stage import TimeStage

    text_stage, time_stage = TextStage(), TimeStage({})
    refs = [(c["text"], c["reference_time"][:10]) for c in cases]
    dps = [(c["text"], reference(c)) for c in cases]

    def khabar() -> float:
        gc.collect()  # every side starts its pass without the previous one's garbage
        t0 = time.process_time()
        for t, d in refs:
            time_stage(text_stage(Doc(text=t, date=d)))
        return time.process_time() - t0

    def khabar_time_stage() -> float:
        docs = [text_stage(Doc(text=t, date=d)) for t, d in refs]
        gc.collect()
        t0 = time.process_time()
        for doc in docs:
            time_stage(doc)
        return time.process_time() - t0

    def dateparser_parse() -> float:
        gc.collect()
        t0 = time.process_time()
        for t, r in dps:
            dateparser.parse(t, languages=["ar"], settings={"RELATIVE_BASE": r})
        return time.process_time() - t0

    def dateparser_search() -> float:
        gc.collect()
        t0 = time.process_time()
        for t, r in dps:
            search_dates(t, languages=["ar"], settings={"RELATIVE_BASE": r})
        return time.process_time() - t0

    return {"khabar": khabar, "khabar_time_stage": khabar_time_stage, "dateparser_parse": dateparser_parse,
            "dateparser_search": dateparser_search}


def warm_up(side: str) -> None:
    """Run ``side`` over news sentences (different text from the suite)."""
    ref = dt.datetime(2015, 8, 1)
    sents = warmup_sentences()
    if side.startswith("khabar"):
        from khabar.doc import Doc
        from khabar.text.stage import TextStage
        from khabar.time.stage import TimeStage

        text_stage, time_stage = TextStage(), TimeStage({})
        for s in sents:
            time_stage(text_stage(Doc(text=s, date="2015-08-01")))
    elif side == "dateparser_parse":
        import dateparser

        for s in sents:
            dateparser.parse(s, languages=["ar"], settings={"RELATIVE_BASE": ref})
    else:
        from dateparser.search import search_dates

        for s in sents[:100]:  # slower than parse by far; its language data is loaded after a few
            search_dates(s, languages=["ar"], settings={"RELATIVE_BASE": ref})


def warm_speed(cases: list[dict[str, Any]], rounds: int) -> dict[str, float]:
    """Best CPU seconds per side for one pass over the cases, over interleaved rounds."""
    for side in SIDES:
        warm_up(side)
    run = runners(cases)
    best = {side: float("inf") for side in SIDES}
    for _ in range(rounds):
        for side, fn in run.items():
            best[side] = min(best[side], fn())
    return best


def cold_worker(suite: Path, side: str) -> None:
    """In a fresh process: warm ``side`` up on news, then run each case once; print CPU seconds."""
    cases = load_cases(suite)
    warm_up(side)
    print(json.dumps({"side": side, "seconds": runners(cases)[side]()}))


def cold_speed(suite: Path, runs: int) -> dict[str, float]:
    best = {side: float("inf") for side in SIDES}
    for _ in range(runs):
        for side in SIDES:
            out = subprocess.run([sys.executable, __file__, "--suite", str(suite), "--cold-worker", side],
                                 capture_output=True, text=True, check=True).stdout
            best[side] = min(best[side], json.loads(out.strip().splitlines()[-1])["seconds"])
    return best


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
        "time_stage_words_per_s": round(words / pipe.timings[tname]) if pipe.timings[tname] else None,
    }


def speed_report(secs: dict[str, float], n: int) -> dict[str, Any]:
    us = {k: round(1e6 * v / n, 1) for k, v in secs.items()}
    per_s = {k: round(n / v) for k, v in secs.items()}
    ratio = {f"{k}_vs_{d}": round(secs[d] / secs[k], 1) for k in ("khabar", "khabar_time_stage")
             for d in ("dateparser_parse", "dateparser_search")}
    return {"us_per_case": us, "cases_per_s": per_s, "speedup": ratio}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # (next to this checkout, so that an installed, compiled khabar is measured on the same file)
    ap.add_argument("--suite", default=str(SHARED / "data" / "time" / DUCKLING.name))
    ap.add_argument("--rounds", type=int, default=10, help="interleaved rounds for the warm figures")
    ap.add_argument("--cold-runs", type=int, default=5, help="fresh processes per side for the cold figures (0: skip)")
    ap.add_argument("--articles", type=int, default=300, help="news articles for the pipeline share (0: skip)")
    ap.add_argument("--json", action="store_true", help="print the JSON report only")
    ap.add_argument("--cold-worker", choices=SIDES, help=argparse.SUPPRESS)
    a = ap.parse_args()
    path = Path(a.suite)
    if not path.exists():
        sys.exit(f"benchmark needs {path} (../shared)")
    if a.cold_worker:
        cold_worker(path, a.cold_worker)
        return
    cases = load_cases(path)
    n = len(cases)

    ours = run_duckling(path)
    dp = dateparser_accuracy(cases)
    warm = speed_report(warm_speed(cases, a.rounds), n)
    cold = speed_report(cold_speed(path, a.cold_runs), n) if a.cold_runs > 0 else None
    share = pipeline_share(a.articles) if a.articles > 0 else {"skipped": "--articles 0"}
    report = {
        "machine": machine(), "time_stage_build": time_build(), "cases": n,
        "accuracy": {"khabar": ours["passed"], "dateparser_parse": len(dp["parse"]),
                     "dateparser_search": len(dp["search"]), "dateparser_parse_passed": dp["parse"]},
        "warm": warm, "cold": cold, "pipeline": share,
    }
    if not a.json:
        acc = report["accuracy"]
        print(f"time stage build: {report['time_stage_build']} (mypyc: compiled by pip install .; python: "
              "editable install or KHABAR_COMPILE=0; see setup.py)")
        print(f"Duckling Arabic time values ({n}): khabar {acc['khabar']} ({100 * acc['khabar'] / n:.1f}%), "
              f"dateparser.parse {acc['dateparser_parse']} ({100 * acc['dateparser_parse'] / n:.1f}%), "
              f"search_dates {acc['dateparser_search']} ({100 * acc['dateparser_search'] / n:.1f}%)")
        for name, rep in (("warm", warm), ("cold", cold)):
            if rep is None:
                continue
            us, sp = rep["us_per_case"], rep["speedup"]
            print(f"{name}: µs per case (CPU): khabar {us['khabar']} end to end, {us['khabar_time_stage']} time stage; "
                  f"dateparser.parse {us['dateparser_parse']}, search_dates {us['dateparser_search']}")
            print(f"  khabar end to end: {sp['khabar_vs_dateparser_parse']}x parse, "
                  f"{sp['khabar_vs_dateparser_search']}x search_dates; time stage: "
                  f"{sp['khabar_time_stage_vs_dateparser_parse']}x parse, "
                  f"{sp['khabar_time_stage_vs_dateparser_search']}x search_dates")
        if "skipped" in share:
            print(f"pipeline share: skipped ({share['skipped']})")
        else:
            print(f"pipeline share: time stage {100 * share['time_stage_share']:.1f}% of a full analysis "
                  f"({share['articles']} articles, {share['words_per_s_full']:,} words/s; "
                  f"time stage alone {share['time_stage_words_per_s']:,} words/s)")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
