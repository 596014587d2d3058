"""Corpus benchmark: ingest SaudiNewsNet into a store (articles/s) and time the corpus queries.

    python benchmarks/bench_ingest.py                       # full corpus, 2 workers, default pipeline
    python benchmarks/bench_ingest.py --limit 2000 --workers 1
    python benchmarks/bench_ingest.py --db corpus.db --skip-ingest   # query timings only

Writes a JSON report (default ``benchmarks/results/ingest.json``) and prints a summary.
Query times are wall-clock for the ``khabar query`` command in a fresh process (what a user
waits for, Python start-up included) and in-process for the store API.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _news import NEWS, machine  # noqa: E402

from khabar.pipeline import PipelineConfig  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.store.ingest import ingest  # noqa: E402

ACCEPTANCE = ["--actor", "IRN", "--type", "ACCUSE", "--since", "2015-07-01", "--format", "csv"]
QUERIES: list[tuple[str, dict[str, object]]] = [
    ("actor IRN, ACCUSE, since 2015-07-01", {"actor": "IRN", "type": "ACCUSE", "since": "2015-07-01"}),
    ("dyad USA,IRN", {"dyad": "USA,IRN"}),
    ("anonymous sources", {"source_kind": "anonymous"}),
    ("outlet okaz, ASSAULT", {"outlet": "okaz", "type": "ASSAULT"}),
    ("text الحوثي", {"text": "الحوثي"}),
    ("status planned/expected", {"status": "planned,expected"}),
]


def _timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def query_timings(db: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # an installed package has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would recompile every module in every process instead
    import compileall

    compileall.compile_dir(str(ROOT / "khabar"), quiet=1)
    runs = []
    cpu = []
    for _ in range(3):
        c0 = os.times()
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "khabar.cli", "query", "--db", db, *ACCEPTANCE], env=env,
                           capture_output=True, text=True)
        runs.append(time.perf_counter() - t)
        c1 = os.times()
        cpu.append(c1.children_user - c0.children_user + c1.children_system - c0.children_system)
        if p.returncode != 0:
            raise SystemExit(p.stderr)
    cli = {"command": "khabar query --db DB " + " ".join(ACCEPTANCE), "wall_s_best_of_3": round(min(runs), 3),
           "cpu_s_best_of_3": round(min(cpu), 3), "load_average": round(os.getloadavg()[0], 2),
           "summary": p.stderr.strip().splitlines()[-1], "csv_rows": max(0, len(p.stdout.splitlines()) - 1)}
    api: dict[str, object] = {}
    with open_store(db) as st:
        for name, f in QUERIES:
            (counts, t1) = _timed(lambda f=f: st.counts(f))
            (_, t2) = _timed(lambda f=f: st.query_events(f, 100, 0))
            (_, t3) = _timed(lambda f=f: st.query_mentions(f, 100, 0))
            api[name] = {**counts, "counts_s": round(t1, 3), "events_page_s": round(t2, 3),
                         "mentions_page_s": round(t3, 3)}
        (_, tm) = _timed(lambda: st.monthly_counts(("USA", "IRN")))
        (stats, ts) = _timed(st.stats)
        (_, ta) = _timed(st.actors)
    return {"cli": cli, "api": api, "monthly_counts_s": round(tm, 3), "stats_s": round(ts, 3),
            "actors_s": round(ta, 3), "stats": stats}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(NEWS))
    ap.add_argument("--db", default="/tmp/khabar-bench.db")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: the full pipeline)")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="delete the database first")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "ingest.json"))
    args = ap.parse_args()
    report: dict[str, object] = {"machine": machine(), "corpus": args.corpus, "db": args.db}
    if not args.skip_ingest:
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(args.db + suffix).unlink(missing_ok=True)
        config = PipelineConfig(stages=tuple(args.stages.split(","))) if args.stages else PipelineConfig()
        r = ingest([args.corpus], args.db, config=config, workers=args.workers, limit=args.limit, progress=True)
        with open_store(args.db) as st, st.engine.connect() as c:
            from sqlalchemy import func, select

            from khabar.store.schema import documents

            chars = c.execute(select(func.sum(documents.c.n_chars))).scalar_one() or 0
        report["ingest"] = {**r.to_json(), "workers": args.workers, "limit": args.limit,
                            "stages": args.stages or "default", "failures": r.to_json()["failures"][:50],
                            "chars_in_store": int(chars)}
        print(f"ingest: {r.summary()}", file=sys.stderr)
    report["query"] = query_timings(args.db)
    report["db_bytes"] = sum(os.path.getsize(args.db + s) for s in ("", "-wal") if os.path.exists(args.db + s))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    q = report["query"]
    print(json.dumps({"cli": q["cli"], "api": q["api"]}, ensure_ascii=False, indent=2))  # type: ignore[index]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
