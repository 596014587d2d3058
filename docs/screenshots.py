"""Take the README's screenshots with the browser setup of the tests (Debian chromium + Playwright).

    python3 docs/screenshots.py --db corpus.db [--dyad USA-IRN] [--doc ID]

The article view is the bundled sample article analysed by the pipeline (or ``--doc``, a stored
document); the chart is the dyad with the most linked events in the store (or ``--dyad``).
Build the store first, e.g. ``khabar ingest ../shared/data/news/saudinewsnet/ --db corpus.db``.
"""

from __future__ import annotations

import argparse
import itertools
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUT = Path(__file__).resolve().parent


def _serve(db: str | None) -> tuple[Any, str]:
    import uvicorn

    from khabar.api.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, preload=True), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def busiest_dyad(base: str, top: int = 10) -> tuple[str, str]:
    """The pair of the ``top`` most frequent actors with the most linked events."""
    import httpx

    codes = [a["code"] for a in httpx.get(base + "/actors").json() if a["code"] != "IGO"][:top]
    best, pair = -1, ("", "")
    for a, b in itertools.combinations(codes, 2):
        n = httpx.get(base + "/events", params={"dyad": f"{a},{b}", "limit": 1}).json()["total"]
        if n > best:
            best, pair = n, (a, b)
    return pair


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="the store for the dyad chart (without it only the article view is taken)")
    ap.add_argument("--dyad", help="two actor codes, e.g. USA-IRN (default: the busiest pair)")
    ap.add_argument("--doc", help="a stored document for the article view (default: the sample article)")
    ap.add_argument("--since", help="chart from this date (YYYY-MM-DD)")
    ap.add_argument("--until", help="chart to this date (YYYY-MM-DD)")
    ap.add_argument("--pick", type=int, default=2, help="click the Nth event trigger highlight (default 2)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    server, base = _serve(args.db)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1500}, device_scale_factor=1)
            if args.doc:
                page.goto(f"{base}/?doc={args.doc}")
            else:
                page.goto(base + "/")
                page.wait_for_selector("body[data-ready]")
                page.click("#sample")
            page.wait_for_selector("body[data-loaded]", timeout=120_000)
            trig = page.locator("#article .k-trg")
            if trig.count():  # pin one event's records in the side panel, leave the text unobstructed
                trig.nth(min(args.pick, trig.count() - 1)).click()
                page.mouse.move(2, 2)
            page.screenshot(path=str(OUT / "article_view.png"), full_page=True)
            print(f"wrote {OUT / 'article_view.png'}", file=sys.stderr)
            if args.db:
                a, b = args.dyad.upper().replace(",", "-").split("-") if args.dyad else busiest_dyad(base)
                q = f"dyad={a}-{b}&a={a}&b={b}"
                q += f"&since={args.since}" if args.since else ""
                q += f"&until={args.until}" if args.until else ""
                page.set_viewport_size({"width": 1280, "height": 1000})
                page.goto(f"{base}/corpus?{q}")
                page.wait_for_selector(f"body[data-chart='{a}-{b}']", timeout=60_000)
                # the page down to the chart only: the event list below quotes corpus sentences
                box = page.locator("#dyad-svg").bounding_box()
                assert box is not None
                page.screenshot(path=str(OUT / "dyad_chart.png"),
                                clip={"x": 0, "y": 0, "width": 1280, "height": box["y"] + box["height"] + 24})
                print(f"wrote {OUT / 'dyad_chart.png'} ({a}-{b})", file=sys.stderr)
            browser.close()
    finally:
        server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
