"""Limits of a real ``khabar serve`` on loopback: oversized requests get 413, slow ones (headers or
body trickled byte by byte, or a connection that sends nothing) get 408 and are closed, and
meanwhile ordinary clients are answered at once; the article size and analysis time limits
are the server's options and answer with coded JSON errors."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "limits-test-token"
HEADER_TIMEOUT = BODY_TIMEOUT = 1.0
MAX_BODY = 64 * 1024
MAX_CHARS = 5_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    db = tmp_path_factory.mktemp("limits") / "s.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "khabar.cli", "serve", "--db", str(db), "--port", str(port), "--no-preload",
         "--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT), "--max-body", str(MAX_BODY),
         "--max-chars", str(MAX_CHARS), "--time-limit", "0.001"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "KHABAR_TOKEN": TOKEN,
                                                                 "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.time() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.time() < deadline, "server did not start"
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
        assert b"Traceback" not in err, err[-2000:]


def raw_exchange(port: int, chunks: list[bytes], delay: float, limit: float = 15.0) -> tuple[float, bytes]:
    """Send ``chunks`` one every ``delay`` seconds until the server answers (or closes); return
    the seconds taken and everything the server sent."""
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as s:
        return raw_exchange_on(s, chunks, delay, limit)


def raw_exchange_on(s: socket.socket, chunks: list[bytes], delay: float, limit: float = 15.0) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    got = b""
    for chunk in chunks:
        try:
            s.sendall(chunk)
        except OSError:  # the server closed the connection
            break
        s.settimeout(delay)
        try:
            got = s.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            break
        if got:
            break
    s.settimeout(limit)
    try:
        while True:
            more = s.recv(65536)
            if not more:
                break
            got += more
    except OSError:
        pass
    return time.perf_counter() - t0, got


def status_of(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else 0


def json_of(raw: bytes) -> dict:  # type: ignore[type-arg]
    return json.loads(raw.partition(b"\r\n\r\n")[2])  # type: ignore[no-any-return]


def under_slow_clients(port: int, slow: list[tuple[list[bytes], float]]) -> tuple[list[tuple[float, bytes]], list[float]]:
    """Run the slow clients in threads while a normal client asks ``GET /health`` and
    ``GET /events`` again and again; return the slow clients' results and the normal latencies."""
    results: list[tuple[float, bytes]] = []
    threads = [threading.Thread(target=lambda c=c, d=d: results.append(raw_exchange(port, c, d))) for c, d in slow]
    for t in threads:
        t.start()
    latencies: list[float] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        while any(t.is_alive() for t in threads):
            for path in ("/health", "/events?limit=5"):
                t0 = time.perf_counter()
                assert client.get(path).status_code == 200
                latencies.append(time.perf_counter() - t0)
            time.sleep(0.02)
    for t in threads:
        t.join()
    return results, latencies


def assert_unaffected(latencies: list[float]) -> None:
    # each slow client is held for HEADER_TIMEOUT; were normal clients queued behind them, every
    # answer would take about that long
    assert len(latencies) >= 10 and statistics.median(latencies) < 0.25 and max(latencies) < 3, latencies


def test_slow_headers_are_cut_off_with_408(server: int) -> None:
    request = b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * 400
    byte_by_byte = [request[i:i + 1] for i in range(len(request))]
    results, latencies = under_slow_clients(server, [(byte_by_byte, 0.05)] * 12)
    for seconds, raw in results:
        assert status_of(raw) == 408, raw[:200]
        assert json_of(raw)["error"]["code"] == "request_timeout"
        assert b"connection: close" in raw.lower()
        assert HEADER_TIMEOUT * 0.9 <= seconds < HEADER_TIMEOUT + 5
    assert_unaffected(latencies)


def test_slow_body_is_cut_off_with_408(server: int) -> None:
    body = json.dumps({"text": "قال الوزير " * 40}).encode()
    head = (b"POST /analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    results, latencies = under_slow_clients(server, [([head] + [body[i:i + 4] for i in range(0, len(body), 4)], 0.05)] * 12)
    for seconds, raw in results:
        assert status_of(raw) == 408, raw[:300]
        err = json_of(raw)["error"]
        assert err["code"] == "request_timeout" and "body" in err["message"]
        assert BODY_TIMEOUT * 0.9 <= seconds < BODY_TIMEOUT + 5
    assert_unaffected(latencies)


def test_silent_connection_is_closed(server: int) -> None:
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", server), timeout=15) as s:
        raw = b""
        while chunk := s.recv(4096):
            raw += chunk
    assert status_of(raw) == 408 and HEADER_TIMEOUT * 0.9 <= time.perf_counter() - t0 < HEADER_TIMEOUT + 5


def test_keep_alive_then_slow_next_request(server: int) -> None:
    """A first request answered at once; the second, on the same connection, trickles: cut off."""
    second = b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"b" * 200
    with socket.create_connection(("127.0.0.1", server), timeout=15) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        first = b""
        while not first.endswith(b"}"):  # the headers and the JSON body come in separate writes
            first += s.recv(65536)
        assert status_of(first) == 200
        t0 = time.perf_counter()
        _, raw = raw_exchange_on(s, [second[i:i + 1] for i in range(len(second))], 0.05)
    assert status_of(raw) == 408 and HEADER_TIMEOUT * 0.9 <= time.perf_counter() - t0 < HEADER_TIMEOUT + 5


def test_oversized_body_is_413_without_reading_it(server: int) -> None:
    head = (b"POST /documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN.encode() +
            b"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (50 * 1024 * 1024))
    seconds, raw = raw_exchange(server, [head, b"{" + b" " * 1000], 0.2)
    assert status_of(raw) == 413 and json_of(raw)["error"]["code"] == "payload_too_large" and seconds < 5
    chunked = (b"POST /analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
    piece = b"%x\r\n%s\r\n" % (16 * 1024, b" " * 16 * 1024)
    seconds, raw = raw_exchange(server, [chunked] + [piece] * 8, 0.02)
    assert status_of(raw) == 413 and "over the limit" in json_of(raw)["error"]["message"]
    r = httpx.post(f"http://127.0.0.1:{server}/analyze", json={"text": "ا" * MAX_BODY}, timeout=30)
    assert r.status_code == 413


def test_very_long_url_and_headers_are_refused(server: int) -> None:
    line = b"GET /events?q=" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"
    _, raw = raw_exchange(server, [line], 0.5)
    assert 400 <= status_of(raw) < 500 or raw == b"", raw[:200]
    assert httpx.get(f"http://127.0.0.1:{server}/health", timeout=10).status_code == 200


def test_article_size_and_time_limits(server: int) -> None:
    base = f"http://127.0.0.1:{server}"
    r = httpx.post(base + "/analyze", json={"text": "ا" * (MAX_CHARS + 1)}, timeout=60)
    assert r.status_code == 413 and r.json()["error"]["code"] == "K013"
    assert f"{MAX_CHARS:,}" in r.json()["error"]["message"]
    text = "قال وزير الخارجية المصري إن بلاده ستستضيف محادثات جديدة الأسبوع المقبل. " * 40
    r = httpx.post(base + "/analyze", json={"text": text[:MAX_CHARS]}, timeout=120)
    assert r.status_code == 422 and r.json()["error"]["code"] == "K014", r.text
    assert "0.001" in r.json()["error"]["message"]
    assert httpx.get(base + "/health", timeout=10).status_code == 200


def test_limit_defaults_are_documented() -> None:
    from khabar.api.app import DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_MAX_CHARS, DEFAULT_TIME_LIMIT
    from khabar.api.guard import DEFAULT_HEADER_TIMEOUT
    from khabar.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    help_text = " ".join(sub.choices["serve"].format_help().split())  # type: ignore[attr-defined]
    assert "default 10)" in help_text and DEFAULT_HEADER_TIMEOUT == 10
    assert "default 60)" in help_text and DEFAULT_BODY_TIMEOUT == 60
    assert "default 10 MiB" in help_text and DEFAULT_MAX_BODY == 10 * 1024 * 1024
    assert f"(default {DEFAULT_MAX_CHARS:,})" in help_text and "1,000,000" not in help_text
    assert f"(default {DEFAULT_TIME_LIMIT:g})" in help_text and "no limit" not in help_text
    doc = (ROOT / "SECURITY.md").read_text("utf-8") + (ROOT / "README.md").read_text("utf-8")
    for fact in ("10 MiB", f"{DEFAULT_MAX_CHARS:,}", f"{DEFAULT_TIME_LIMIT:g} s", "--header-timeout", "--body-timeout",
                 "--max-chars", "--time-limit", "408", "413"):
        assert fact in doc, fact
    with pytest.raises(ValueError):
        from khabar.api.guard import header_timeout_protocol

        header_timeout_protocol(0)


# ---------------------------------------------------------------- a hanging analysis in the server

class _Busy:
    """A stage that never ends on its own (pure Python, like a runaway loop in a real stage)."""

    name = "busy@1"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, doc: Any) -> Any:
        self.calls += 1
        if self.calls > 1:
            return doc  # only the first article hangs
        while True:
            pass


def test_hanging_stage_is_stopped_in_the_server_and_the_slot_freed(tmp_path: Path) -> None:
    """Analyses run in worker threads, where SIGALRM cannot reach: the watchdog stops them."""
    from fastapi.testclient import TestClient

    from khabar.api.app import create_app
    from khabar.pipeline import PipelineConfig

    app = create_app(None, token=TOKEN, config=PipelineConfig(stages=("text",), time_limit=0.5))
    with TestClient(app) as c:
        pipe = app.state.services.pipeline()
        pipe.stages.append(_Busy())
        pipe.timings["busy@1"] = 0.0
        t0 = time.perf_counter()
        r = c.post("/analyze", json={"text": "قال الوزير إن المحادثات انتهت."})
        assert r.status_code == 422 and r.json()["error"]["code"] == "K014", r.text
        assert time.perf_counter() - t0 < 10
        r = c.post("/analyze", json={"text": "وصل الوفد إلى القاهرة."})  # the slot is free again
        assert r.status_code == 200 and r.json()["text"] == "وصل الوفد إلى القاهرة."


def test_deadline_in_a_worker_thread_and_no_stray_exception() -> None:
    from khabar.api.guard import call_with_deadline
    from khabar.errors import KhabarError

    out: list[Any] = []

    def work() -> None:
        try:
            call_with_deadline(lambda: [None for _ in iter(int, 1)], 0.2)  # endless
        except KhabarError as e:
            out.append(e.code)
        out.append(call_with_deadline(lambda: sum(range(1000)), 0.2))  # quick: no exception later
        time.sleep(0.5)
        out.append(sum(range(100_000)))  # the thread runs on untouched after the deadline passed

    t = threading.Thread(target=work)
    t.start()
    t.join(timeout=30)
    assert out == ["K014", 499500, 4999950000]


N_TRIES = 200


def test_a_deadline_that_fires_while_the_timer_starts_is_still_k014() -> None:
    """A tiny deadline can fire before ``Timer.start()`` returns (it waits for the timer thread):
    that exception must be K014 like any other, not a stray ``_Overtime`` (a 500 in the server)."""
    from khabar.api.guard import call_with_deadline
    from khabar.errors import KhabarError

    def busy() -> int:  # longer than the interpreter's switch interval, so the timer thread gets to run
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 0.05:
            pass
        return 1

    for _ in range(N_TRIES):
        with pytest.raises(KhabarError) as e:
            call_with_deadline(busy, 1e-6)
        assert e.value.code == "K014"
