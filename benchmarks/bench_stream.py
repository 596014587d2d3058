"""Memory stays bounded on a large article stream: a generated JSONL file of ``--gb`` gigabytes
(real news articles repeated with distinct ids) piped through ``khabar analyze``; samples the
child's peak RSS. Not run in CI.

    python benchmarks/bench_stream.py [--gb 1.0] [--stages text] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _news import iter_articles  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--stages", default="text")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    arts = [x["content"] for x in iter_articles(500)]
    target = int(a.gb * 1024**3)
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    n = 0
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        size = 0
        while size < target:
            line = json.dumps({"id": f"s{n}", "text": arts[n % len(arts)], "date": "2015-08-01"},
                              ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.run([sys.executable, "-m", "khabar.cli", "analyze", "--stages", a.stages,
                               "--format", "jsonl", path], stdout=null, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if not a.keep:
        os.unlink(path)
    print(json.dumps({"gigabytes": a.gb, "articles": n, "stages": a.stages, "seconds": round(elapsed, 1),
                      "exit": proc.returncode, "peak_rss_mb": round(rss, 1)}))


if __name__ == "__main__":
    main()
