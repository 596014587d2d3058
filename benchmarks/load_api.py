"""The API under load: ``--clients`` concurrent clients for ``--seconds`` on loopback against a
real ``khabar serve`` (its own process, full pipeline preloaded). ``--analyzers`` of them post
real news articles to ``POST /analyze`` one after another (a newsroom tool); the others browse:
corpus queries (/events with filters, /mentions text search, one event, one document, /actors,
/stats, the dyad chart; 60%) and pages (/, /corpus, scripts; 40%). Every client stops by itself at
the deadline (and after ``--max-requests``). With ``--think 0`` (the default) each client sends
its next request as soon as the previous one is answered: the server runs saturated and latency
is concurrency / throughput; ``--think S`` waits a random time of mean S seconds in between (people
reading). Any non-2xx answer or transport error counts as an error. Not run in CI.

    python benchmarks/load_api.py [--clients 50] [--analyzers 10] [--seconds 60] [--think 0] [--db corpus.db] [--json]

Without ``--db`` a temporary store is built first with ``khabar ingest --limit SEED`` from
SaudiNewsNet (../shared). Prints latency percentiles (ms) per request kind and overall,
throughput, the error count and the server's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _news import iter_articles, machine  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["الرياض", "اليمن", "وزير", "الحوثيين", "إيران", "الملك", "مجلس", "اتفاق", "\"وزير الخارجية\"", "الأمم المتحدة"]
TYPES = ["CONSULT", "ACCUSE", "AID", "ASSAULT", "SUPPORT", "COOPERATE", "AGREE", "REQUEST"]
PAGES = ["/", "/corpus", "/api", "/static/common.js", "/static/read.js", "/static/corpus.js", "/static/khabar.css"]


def percentiles(xs: list[float]) -> dict[str, float]:
    if not xs:
        return {}
    q = statistics.quantiles(xs, n=100, method="inclusive") if len(xs) > 1 else [xs[0]] * 99
    return {"n": len(xs), "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1),
            "p99_ms": round(q[98] * 1000, 1), "max_ms": round(max(xs) * 1000, 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(seed: int) -> str:
    db = str(Path(tempfile.mkdtemp(prefix="khabar-load-")) / "corpus.db")
    src = Path(db).with_name("seed.jsonl")
    with src.open("w", encoding="utf-8") as f:
        for art in iter_articles(seed):
            f.write(json.dumps({"url": art.get("url"), "source": art.get("source"), "title": art.get("title"),
                                "content": art["content"], "date": str(art.get("date_extracted", ""))[:10]},
                               ensure_ascii=False) + "\n")
    print(f"load: seeding {db} with {seed} articles (khabar ingest)…", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "khabar.cli", "ingest", str(src), "--db", db, "--no-progress"],
                   check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return db


class Plan:
    """What the clients ask for: filters and ids taken from the store through the API itself."""

    def __init__(self, client: httpx.Client, articles: list[str]) -> None:
        self.articles = articles
        self.actors = [a["code"] for a in client.get("/actors").json()[:20]] or ["SAU"]
        page = client.get("/mentions", params={"limit": 200}).json()["items"]
        self.docs = sorted({m["doc"] for m in page}) or ["none"]
        self.events = sorted({m["event_id"] for m in page if m.get("event_id")}) or ["none"]

    def request(self, rng: random.Random, analyzer: bool) -> tuple[str, str, str, dict[str, Any]]:
        """(kind, method, path, options) for one request: an analysis, or 60% query, 40% page."""
        if analyzer:
            return "analyze", "POST", "/analyze", {"json": {"text": rng.choice(self.articles)}}
        if rng.random() < 0.6:
            q = rng.randrange(9)
            a, b = rng.choice(self.actors), rng.choice(self.actors)
            if q == 0:
                return "query", "GET", "/events", {"params": {"actor": a, "limit": 20}}
            if q == 1:
                return "query", "GET", "/events", {"params": {"type": rng.choice(TYPES), "since": "2015-01-01"}}
            if q == 2:
                return "query", "GET", "/mentions", {"params": {"q": rng.choice(WORDS), "limit": 20}}
            if q == 3:
                return "query", "GET", "/events", {"params": {"dyad": f"{a}-{b}" if a != b else a + "-USA"}}
            if q == 4:
                return "query", "GET", f"/documents/{rng.choice(self.docs)}", {}
            if q == 5:
                return "query", "GET", f"/events/{rng.choice(self.events)}", {}
            if q == 6:
                return "query", "GET", "/charts/dyad", {"params": {"a": a, "b": "USA" if a != "USA" else "SAU"}}
            if q == 7:
                return "query", "GET", "/actors", {}
            return "query", "GET", "/stats", {}
        return "page", "GET", rng.choice(PAGES), {}


async def client_loop(i: int, analyzer: bool, base: str, plan: Plan, deadline: float, max_requests: int,
                      think: float, lat: dict[str, list[float]], errors: list[str]) -> None:
    rng = random.Random(i)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for _ in range(max_requests):
            if time.perf_counter() >= deadline:
                return
            kind, method, path, opts = plan.request(rng, analyzer)
            t0 = time.perf_counter()
            try:
                r = await client.request(method, path, **opts)
                ok = 200 <= r.status_code < 300
                why = f"{method} {path} -> {r.status_code} {r.text[:120]}"
            except httpx.HTTPError as e:
                ok, why = False, f"{method} {path} -> {type(e).__name__}: {e}"
            dt = time.perf_counter() - t0
            if ok:
                lat[kind].append(dt)
            else:
                errors.append(why)
            if think > 0:
                await asyncio.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.perf_counter())))


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--analyzers", type=int, default=10, help="clients that only post articles to /analyze")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--think", type=float, default=0.0, help="mean seconds a client waits between requests")
    ap.add_argument("--max-requests", type=int, default=100_000, help="per client (a bound besides the deadline)")
    ap.add_argument("--db", help="an existing store (default: a temporary one seeded from SaudiNewsNet)")
    ap.add_argument("--seed", type=int, default=300, help="articles to ingest into the temporary store")
    ap.add_argument("--json", action="store_true", help="print only the JSON summary")
    a = ap.parse_args()
    db = a.db or build_store(a.seed)
    articles = [art["content"][:3000] for art in iter_articles(400)][200:]  # not the seeded ones
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "khabar.cli", "serve", "--db", db, "--port", str(port)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    try:
        t_start = time.time()
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                if server.poll() is not None or time.time() - t_start > 300:
                    sys.exit("load: the server did not start")
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=120) as c:
            plan = Plan(c, articles)
            c.post("/analyze", json={"text": articles[0]})  # warm up
        lat: dict[str, list[float]] = {"analyze": [], "query": [], "page": []}
        errors: list[str] = []
        load_before = os.getloadavg()
        t0 = time.perf_counter()
        deadline = t0 + a.seconds

        async def run_all() -> None:
            await asyncio.gather(*(client_loop(i, i < a.analyzers, base, plan, deadline, a.max_requests, a.think, lat, errors)
                                   for i in range(a.clients)))

        asyncio.run(run_all())
        elapsed = time.perf_counter() - t0
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    every = [x for xs in lat.values() for x in xs]
    summary = {
        "clients": a.clients, "analyzers": a.analyzers, "think_s": a.think, "seconds": round(elapsed, 1), "requests": len(every) + len(errors),
        "errors": len(errors), "throughput_rps": round((len(every) + len(errors)) / elapsed, 1),
        "overall": percentiles(every), **{k: percentiles(v) for k, v in lat.items()},
        "server_peak_rss_mb": rss, "store": db, "loadavg_before": [round(x, 1) for x in load_before],
        "loadavg_after": [round(x, 1) for x in os.getloadavg()], "machine": machine(),
    }
    if errors:
        summary["first_errors"] = errors[:10]
    print(json.dumps(summary, ensure_ascii=False, indent=None if a.json else 2))
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
