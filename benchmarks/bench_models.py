"""Benchmark the shipped models: load time, NER + tagging words/s on one core, peak memory.

Reads real news (SaudiNewsNet, ../shared/data/news/saudinewsnet) — articles in file order until
``--words`` words — runs the text stage first, then times the tagger and NER stages alone on
the same documents (first pass: caches cold for every new word type; then a second, warm pass).
With ``--warm N`` the two stages first run over N other articles (untimed), so the first pass
measures a long-running process meeting new text: only word types those N articles lacked are
analysed inside the clock.
Wall-clock and CPU-time rates are both reported (CPU time is the fair figure on a shared
machine), and whether the C kernels ran (``KHABAR_KERNELS=numpy`` times the numpy versions).
Prints a JSON report.

    python benchmarks/bench_models.py [--words 200000] [--warm 0] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
import zipfile
from pathlib import Path


def articles(data: Path, max_words: int, skip: int = 0, max_articles: int = 10**9) -> list[str]:
    """Non-empty articles (up to 2015-08-08) in file order after the first ``skip``, until ``max_words``
    words or ``max_articles`` articles."""
    out: list[str] = []
    n = 0
    seen = 0
    for z in sorted((data / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name)):
                    if str(art.get("date_extracted", ""))[:10] > "2015-08-08":
                        continue
                    text = (art.get("content") or "").strip()
                    if text:
                        seen += 1
                        if seen <= skip:
                            continue
                        out.append(text)
                        n += len(text.split())
                        if n >= max_words or len(out) >= max_articles:
                            return out
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--warm", type=int, default=0,
                    help="first run the tagger and NER over this many other articles (untimed): the state of a "
                         "long-running process (server, ingest) meeting new text; 0: fresh caches")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if not (a.data / "news" / "saudinewsnet").exists():
        print(f"bench_models: {a.data}/news/saudinewsnet not found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    from khabar.doc import Doc
    from khabar.models.native import build as kernels_build
    from khabar.pipeline import Pipeline, PipelineConfig

    pipe = Pipeline(PipelineConfig(stages=("text", "tagger", "ner")))
    load_s = time.perf_counter() - t0
    texts = articles(a.data, a.words, skip=a.warm)
    text_stage, tagger, ner = pipe.stages
    if a.warm:
        for t in articles(a.data, 10**9, max_articles=a.warm):
            ner(tagger(text_stage(Doc(text=t))))
    docs = [text_stage(Doc(text=t)) for t in texts]
    n_tokens = sum(len(d.tokens) for d in docs)
    n_words = sum(len(t.split()) for t in texts)
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for stage in (tagger, ner):
        t1, c1 = time.perf_counter(), time.process_time()
        for d in docs:
            stage(d)
        timings[stage.name] = time.perf_counter() - t1
        cpu[stage.name] = time.process_time() - c1
    both = sum(timings.values())
    both_cpu = sum(cpu.values())
    c2 = time.process_time()
    for d in docs:  # second pass: every word type already seen (a long-running process)
        tagger(d)
        ner(d)
    warm_cpu = time.process_time() - c2
    t2 = time.perf_counter()
    for t in texts[:50]:
        pipe(Doc(text=t))
    report = {
        "benchmark": "models",
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
                    "cores_used": 1},
        "corpus": "SaudiNewsNet (articles in file order after the warm-up ones)",
        "warm_up_articles": a.warm,
        "articles": len(texts), "words": n_words, "tokens": n_tokens,
        "load_seconds": round(load_s, 3),
        "tagger_words_per_s": round(n_words / timings[tagger.name]),
        "ner_words_per_s": round(n_words / timings[ner.name]),
        "ner_plus_tagging_words_per_s": round(n_words / both),
        "ner_plus_tagging_words_per_cpu_s": round(n_words / both_cpu),
        "ner_plus_tagging_words_per_cpu_s_warm": round(n_words / warm_cpu),
        "entities_per_1000_words": round(1000 * sum(len(d.entities) for d in docs) / max(n_words, 1), 1),
        "text_tagger_ner_50_articles_s": round(time.perf_counter() - t2, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "models": pipe.producer["models"],
        "kernels": kernels_build(),  # "C" (khabar/models/_kernels.c) or "numpy" (not built, or KHABAR_KERNELS=numpy)
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
