"""Attribution stage throughput on real news, one core: words/s of the stage alone on documents the
text stage (and, when available, the actor stage) has already processed. Timed in process CPU time
(best of three), which a shared, loaded machine disturbs far less than wall-clock time.

    python benchmarks/bench_attribution.py [--articles 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import time

from _news import iter_articles, machine

from khabar.attribution.stage import AttributionStage
from khabar.pipeline import Pipeline, PipelineConfig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--no-actors", action="store_true", help="run on text-stage output only")
    ap.add_argument("--json", action="store_true", help="print the JSON report only")
    a = ap.parse_args()
    stages = ("text",) if a.no_actors else ("text", "actors")
    pre = Pipeline(PipelineConfig(stages=stages))
    docs = [pre(art["content"]) for art in iter_articles(a.articles) if art["content"].strip()]
    words = sum(sum(1 for t in d.tokens if t.text[0].isalnum()) for d in docs)
    stage = AttributionStage()
    for d in docs:  # warm the per-word-type caches, as in a long-running process
        stage(d)
    times = []
    for _ in range(3):
        t0 = time.process_time()
        for d in docs:
            stage(d)
        times.append(time.process_time() - t0)
    wps = words / min(times)
    n_attr = sum(len(d.attributions) for d in docs)
    report = {"articles": len(docs), "words": words, "attributions": n_attr, "input_stages": list(stages),
              "machine": machine(), "attribution_words_per_s": round(wps),
              "share_of_10k_words_per_s_budget": round(10_000 / wps, 4)}
    if not a.json:
        print(f"attribution stage  {wps:12,.0f} words/s  ({n_attr} attributions in {len(docs)} articles; "
              f"{100 * 10_000 / wps:.1f}% of a 10,000 words/s pipeline)")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
