"""HTTP API latency on loopback, one client at a time: the page, /analyze on the sample article,
and corpus queries on a store (e.g. one built by ``khabar ingest``).

    python benchmarks/bench_api.py --db corpus.db [--n 50] [--dyad USA-IRN] [--json]

Prints median and 95th-percentile milliseconds per request kind (the server runs in-process on
uvicorn; the numbers include HTTP on loopback, JSON and the store).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time
from importlib import resources
from typing import Any

import httpx
import uvicorn

from khabar.api.app import create_app


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", help="a store (without it only the page and /analyze are measured)")
    ap.add_argument("--n", type=int, default=50, help="requests per kind")
    ap.add_argument("--dyad", default=None, help="dyad for /events and /charts/dyad (default: the two busiest actors)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(a.db, preload=True), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    sample = resources.files("khabar.data").joinpath("demo_article.txt").read_text("utf-8")
    kinds: dict[str, tuple[str, str, dict[str, Any]]] = {
        "page": ("GET", "/", {}),
        "analyze": ("POST", "/analyze", {"json": {"text": sample, "date": "2024-03-12"}}),
    }
    with httpx.Client(base_url=base, timeout=120) as c:
        if a.db:
            if a.dyad:
                x, y = a.dyad.upper().split("-")
            else:
                top = [r["code"] for r in c.get("/actors").json() if r["code"] != "IGO"][:2]
                x, y = top[0], top[1]
            kinds.update({
                "events (no filter)": ("GET", "/events", {"params": {"limit": 50}}),
                f"events dyad={x}-{y}": ("GET", "/events", {"params": {"dyad": f"{x}-{y}", "limit": 50}}),
                "events type+since": ("GET", "/events", {"params": {"type": "ACCUSE", "since": "2015-01-01"}}),
                "events text": ("GET", "/events", {"params": {"q": "الحكومة"}}),
                f"charts/dyad {x}-{y}": ("GET", "/charts/dyad", {"params": {"a": x, "b": y}}),
                "stats": ("GET", "/stats", {}),
            })
        out: dict[str, dict[str, float]] = {}
        for name, (method, path, kw) in kinds.items():
            c.request(method, path, **kw).raise_for_status()  # warm
            times = []
            for _ in range(a.n):
                t0 = time.perf_counter()
                c.request(method, path, **kw).raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            out[name] = {"median_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1)}
    server.should_exit = True
    if a.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for name, r in out.items():
        print(f"{name:<28} median {r['median_ms']:>7.1f} ms   p95 {r['p95_ms']:>7.1f} ms")


if __name__ == "__main__":
    main()
