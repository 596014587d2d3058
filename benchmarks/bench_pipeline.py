"""Whole-pipeline throughput on real news, per-stage timings and 500-word article latency (one core).

Reads SaudiNewsNet articles (../shared, dated up to 2015-08-08), builds the pipeline once, warms
the per-word caches on the first articles, then reports words/s of the whole pipeline, each stage's
seconds and share from ``Pipeline.timings``, the events stage's own words/s, events per 1,000
words, and the median/p95 latency of analysing ~500-word articles (target: ≤ 50 ms, i.e.
≥ 10,000 words/s). Rates are given by wall clock and by the process's CPU time: on a shared
machine the CPU-time figure is the better estimate of one quiet core.

    python benchmarks/bench_pipeline.py [--articles 1000] [--stages text,actors,...] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _news import iter_articles, machine  # noqa: E402

WORD_RE = re.compile(r"\w+")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: the default pipeline)")
    ap.add_argument("--json", action="store_true", help="print the JSON report only")
    a = ap.parse_args()

    from khabar.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig

    stages = tuple(a.stages.split(",")) if a.stages else DEFAULT_STAGES
    arts = list(iter_articles(a.articles + 50))
    texts = [x["content"] for x in arts]
    dates = [str(x.get("date_extracted", ""))[:10] or None for x in arts]
    warm_t, warm_d = texts[:50], dates[:50]
    texts, dates = texts[50:], dates[50:]
    words = sum(len(WORD_RE.findall(t)) for t in texts)

    t0 = time.perf_counter()
    pipe = Pipeline(PipelineConfig(stages=stages))
    load_s = time.perf_counter() - t0
    for t, d in zip(warm_t, warm_d, strict=True):
        pipe(t, date=d)
    pipe.timings = {k: 0.0 for k in pipe.timings}
    n_events = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for t, d in zip(texts, dates, strict=True):
        n_events += len(pipe(t, date=d).events)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    total = sum(pipe.timings.values()) or 1.0
    per_stage = {k: {"seconds": round(v, 3), "share": round(v / total, 3),
                     "words_per_s": round(words / v) if v else None} for k, v in pipe.timings.items()}

    # latency of ~500-word articles: windows of 500 words cut from real articles
    pool = " ".join(texts).split()
    samples = [" ".join(pool[i:i + 500]) for i in range(0, min(len(pool) - 500, 500 * 60), 500)]
    lat, lat_cpu = [], []
    for s in samples:
        t1, c1 = time.perf_counter(), time.process_time()
        pipe(s, date="2015-08-01")
        lat.append((time.perf_counter() - t1) * 1000)
        lat_cpu.append((time.process_time() - c1) * 1000)
    report = {
        "machine": machine(), "stages": list(stages), "articles": len(texts), "words": words,
        "load_s": round(load_s, 2), "words_per_s": round(words / elapsed), "articles_per_s": round(len(texts) / elapsed, 1),
        "cpu_words_per_s": round(words / cpu),
        "events": n_events, "events_per_1000_words": round(1000 * n_events / max(words, 1), 2),
        "per_stage": per_stage,
        "latency_500_words_ms": {"median": round(statistics.median(lat), 1),
                                 "p95": round(sorted(lat)[int(0.95 * (len(lat) - 1))], 1), "n": len(lat),
                                 "cpu_median": round(statistics.median(lat_cpu), 1)},
        "target": {"latency_500_words_ms": 50, "words_per_s": 10_000},
    }
    if not a.json:
        print(f"{len(texts)} articles, {words:,} words, stages: {', '.join(stages)} (load {load_s:.2f}s)")
        print(f"pipeline   {report['words_per_s']:>10,} words/s wall, {report['cpu_words_per_s']:,} words/s of CPU time"
              f"   {report['articles_per_s']} articles/s")
        for k, v in per_stage.items():
            wps = f"{v['words_per_s']:>12,}" if v["words_per_s"] else "           -"
            print(f"  {k:<16}{v['seconds']:8.3f}s {100 * v['share']:5.1f}%  {wps} words/s")
        lt = report["latency_500_words_ms"]
        print(f"500-word article: median {lt['median']} ms wall ({lt['cpu_median']} ms CPU), p95 {lt['p95']} ms"
              " (target 50 ms)")
        print(f"events: {n_events} ({report['events_per_1000_words']} per 1,000 words)")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
