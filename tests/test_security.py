"""Security: SQL injection through every filter of ``khabar query`` and every parameter of the API
(results are exactly the literal match, no 500s, tables intact), no CORS, tokens and database
passwords never logged or echoed, private reads on a real ``khabar serve``, CSP on the pages.
Runs on SQLite and (with KHABAR_TEST_PG) PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from conftest import _pg_database, event_doc
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select

from khabar.api.app import create_app
from khabar.api.corpus import make_filters
from khabar.cli import main
from khabar.errors import KhabarError
from khabar.store import open_store
from khabar.store.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "tok-Zq8*not_in_any_log"
AUTH = {"Authorization": "Bearer " + TOKEN}

# the hostile strings; none holds a comma (a comma separates list filters)
INJECT = "' OR 1=1 --"
DROP = '"; DROP TABLE documents; --'
ARABIC_QUOTED = "«' OR '1'='1»"
PAYLOADS: list[str] = [
    INJECT, DROP, ARABIC_QUOTED, "%", "_", "%%", "oka%", "okaz_news", "\x00", "okaz\x00' OR 1=1 --",
    "') OR ('1'='1", "1; SELECT pg_sleep(5)", "ايران' OR 'ا'='ا", "\\", '"', "*", "NEAR(اتهمت اليمن)",
    "norm:*", "x" * 100_000, "ا" * 20_000, (INJECT + " ") * 3_000,
]
CORE = [INJECT, DROP, ARABIC_QUOTED, "%", "_", "okaz_news", "\x00"]  # the payloads run through every route

# six reports, one event each; three outlets are themselves hostile strings, so that a literal
# match has something to find and a wildcard would find too much (okaz_news vs okazXnews)
REPORTS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("okaz", "2015-07-20", "اتهمت إيران السعودية بدعم المتمردين في اليمن.",
     {"type": "ACCUSE", "trigger": "اتهمت", "actor": [("إيران", "IRN")], "recipient": [("السعودية", "SAU")]}),
    (INJECT, "2015-06-10", "رفضت الصين اتهامات الولايات المتحدة بشأن الهجمات الإلكترونية.",
     {"type": "REJECT", "trigger": "رفضت", "actor": [("الصين", "CHN")], "recipient": [("الولايات المتحدة", "USA")]}),
    ("%", "2015-07-25", "قال مسؤول أمني إن عبارة ' OR 1=1 -- ظهرت في سجلات الخادم.",
     {"type": "ACCUSE", "trigger": "قال"}),
    (ARABIC_QUOTED, "2015-08-01", "هددت جماعة مسلحة بمهاجمة السفارة وكتبت «' OR '1'='1» على الجدار.",
     {"type": "THREATEN", "trigger": "هددت"}),
    ("okaz_news", "2015-07-21", "وصل وزير الخارجية الأردني إلى الرياض في زيارة رسمية.",
     {"type": "CONSULT", "trigger": "وصل", "actor": [("الأردني", "JOR")], "recipient": [("الرياض", "SAU")]}),
    ("okazXnews", "2015-07-22", "استقبل الملك وفدا من الكويت في جدة لبحث التعاون.",
     {"type": "CONSULT", "trigger": "استقبل", "recipient": [("الكويت", "KWT")]}),
]
OUTLETS = [r[0] for r in REPORTS]

# what a literal match gives (mentions), per filter and payload; "K017" = refused as a bad filter
TEXT_HITS = {INJECT: 2, ARABIC_QUOTED: 2, "') OR ('1'='1": 2, (INJECT + " ") * 3_000: 2}  # or, 1, 1: reports 3, 4
NO_WORDS = {"%", "%%", "\\", '"', "*"}


def expected(key: str, payload: str) -> int | str:
    if "\x00" in payload:
        return "K017"
    if key in ("type", "status", "source_kind", "since", "until"):
        return "K017"  # closed vocabularies and dates: no payload is a valid value
    if key in ("actor", "dyad"):
        return 0  # no actor code equals a payload
    if key == "outlet":
        return OUTLETS.count(payload)
    assert key == "text"
    if payload in NO_WORDS:
        return "K017"
    return TEXT_HITS.get(payload, 0)


def filter_value(key: str, payload: str) -> str:
    return f"{payload},SAU" if key == "dyad" else payload


FILTER_KEYS = ("actor", "dyad", "type", "status", "since", "until", "source_kind", "outlet", "text")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if request.param == "sqlite":
        urls: Iterator[str] = iter([str(tmp_path_factory.mktemp("sec") / "corpus.db")])
    else:
        base = os.environ.get("KHABAR_TEST_PG")
        if not base:
            pytest.skip("KHABAR_TEST_PG is not set (no PostgreSQL server)")
        urls = _pg_database(base)
    url = next(urls)
    with open_store(url) as s:
        s.add_documents([event_doc(text, outlet=outlet, date=date, events=[ev]) for outlet, date, text, ev in REPORTS])
        assert s.counts({})["mentions"] == len(REPORTS)
        yield s
    for _ in urls:  # drops the PostgreSQL database
        pass


def snapshot(s: Any) -> dict[str, Any]:
    """Every table's name, row count and a digest of its rows."""
    out: dict[str, Any] = {"tables": sorted(inspect(s.engine).get_table_names())}
    with s.engine.connect() as c:
        for t in metadata.sorted_tables:
            rows = sorted(repr(tuple(r)) for r in c.execute(select(t)))
            n = c.execute(select(func.count()).select_from(t)).scalar_one()
            out[t.name] = (n, hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


@pytest.fixture()
def intact(store: Any) -> Iterator[None]:
    """The store is byte-for-byte the same after the test as before it."""
    before = snapshot(store)
    assert before["documents"][0] == len(REPORTS)
    yield
    assert snapshot(store) == before


# ---------------------------------------------------------------- the store (what khabar query runs)

def test_store_filters_match_literally(store: Any, intact: None) -> None:
    for key in FILTER_KEYS:
        for payload in PAYLOADS:
            want = expected(key, payload)
            try:
                got: int | str = store.counts({key: filter_value(key, payload)})["mentions"]
                rows, total = store.query_mentions({key: filter_value(key, payload)}, 50, 0)
                assert total == len(rows) == got
                if key == "outlet":
                    assert {r["outlet"] for r in rows} <= {payload}
            except KhabarError as e:
                got = e.code
            assert got == want, (key, payload[:40])


def test_sanity_the_store_does_match(store: Any) -> None:
    """The payload tests above would pass on an empty store: show the filters do find things."""
    assert store.counts({"actor": "irn"})["mentions"] == 1
    assert store.counts({"dyad": "JOR,SAU"})["mentions"] == 1
    assert store.counts({"text": "اليمن"})["mentions"] == 1
    assert store.counts({"outlet": "okaz"})["mentions"] == 1
    assert store.counts({"type": "CONSULT", "since": "2015-07-21", "until": "2015-07-21"})["mentions"] == 1


def test_ids_are_literal(store: Any, intact: None) -> None:
    for payload in PAYLOADS:
        assert store.get_document(payload) is None
        assert store.get_event(payload) is None
    assert store.monthly_counts((INJECT, "SAU")) == []


CLI_FLAGS = {"actor": "--actor", "dyad": "--dyad", "type": "--type", "status": "--status", "since": "--since",
             "until": "--until", "source_kind": "--source-kind", "outlet": "--outlet", "text": "--text"}


def test_khabar_query_every_flag(store: Any, intact: None, capsys: pytest.CaptureFixture[str]) -> None:
    """The command itself, in process (an OS argument cannot hold NUL; here it can)."""
    short = CORE + ["x" * 100_000]  # every payload is run through the same code by the store test above
    for key, flag in CLI_FLAGS.items():
        for payload in short:
            want = expected(key, payload)
            code = main(["query", "--db", store.url, "--mentions", "--format", "jsonl",
                         flag, filter_value(key, payload)])
            out, err = capsys.readouterr()
            assert "Traceback" not in err
            if want == "K017":
                assert code == 1 and "[K017]" in err and out == "", (key, payload[:40], err)
            else:
                assert code == 0, (key, payload[:40], err)
                rows = [json.loads(x) for x in out.splitlines()]
                assert len(rows) == want, (key, payload[:40])
                assert f"khabar: {want:,} mentions" in err


# ---------------------------------------------------------------- the HTTP API

@pytest.fixture(scope="module")
def client(store: Any) -> Iterator[TestClient]:
    with TestClient(create_app(store.url, token=TOKEN)) as c:
        yield c


API_PARAMS = {"actor": "actor", "dyad": "dyad", "type": "type", "status": "status", "since": "since",
              "until": "until", "source_kind": "source_kind", "outlet": "outlet", "text": "q"}
MAX_LEN = {"actor": 200, "dyad": 40, "type": 200, "status": 200, "since": 10, "until": 10, "source_kind": 100,
           "outlet": 200, "q": 500}


def check_api(r: httpx.Response, want: int | str, where: Any) -> None:
    assert r.status_code in (200, 400, 422), (where, r.status_code, r.text[:200])
    if want == "K017":
        assert r.status_code in (400, 422), where
        return
    if r.status_code == 422:  # longer than the parameter allows
        return
    assert r.status_code == 200, (where, r.text[:200])
    body = r.json()
    assert body["mentions"] == want, where


def test_api_every_filter_parameter(store: Any, client: TestClient, intact: None) -> None:
    for key, param in API_PARAMS.items():
        for payload in PAYLOADS:
            value = filter_value(key, payload)[:8_000]  # httpx refuses URLs over 64 KiB
            want = expected(key, payload)
            if key == "dyad" and want == 0 and len(make_filters(dyad=value)["dyad"].split(",")) != 2:
                want = "K017"  # the API also splits a dyad on spaces and dashes: not two codes
            if len(value) > MAX_LEN[param]:  # refused by validation before anything else
                want = "too long"
            for path in ("/events", "/mentions", "/statements") if payload in CORE else ("/events",):
                r = client.get(path, params={param: value})
                if want == "too long":
                    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
                elif path == "/statements":  # other rows; only the status is compared
                    assert r.status_code == (200 if isinstance(want, int) else 400), (path, key, payload[:30])
                else:
                    check_api(r, want, (path, key, payload[:30]))
        # the same through the directed flag and paging parameters, which are typed
    for bad in PAYLOADS[:6]:
        for param in ("limit", "offset", "directed"):
            r = client.get("/events", params={param: bad})
            assert r.status_code == 422, (param, bad)


def test_api_ids_actors_and_chart(store: Any, client: TestClient, intact: None) -> None:
    for payload in PAYLOADS:
        for path in ("/documents/", "/events/"):
            r = client.get(path + quote(payload[:5_000], safe=""))
            assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", (path, payload[:30])
            assert r.headers["content-type"] == "application/json"  # echoed only inside JSON, never as HTML
        r = client.get("/charts/dyad", params={"a": payload[:5_000], "b": "SAU"})
        if "\x00" in payload:
            assert r.status_code in (400, 422), r.text
        elif 2 <= len(payload) <= 12:
            assert r.status_code == 200 and r.json()["months"] == [], payload
        else:
            assert r.status_code == 422, payload[:30]
        r = client.get("/actors", params={"q": payload[:500], "limit": "1"})  # unknown parameters are ignored
        assert r.status_code == 200 and {a["code"] for a in r.json()} == {"IRN", "SAU", "CHN", "USA", "JOR", "KWT"}
    r = client.post("/documents", json={"text": "قال"}, headers={"Authorization": "Bearer " + INJECT})
    assert r.status_code == 403 and INJECT not in r.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=1, max_size=60))
def test_any_text_or_outlet_is_literal_or_refused(store: Any, value: str) -> None:
    for key in ("outlet", "text", "actor"):
        try:
            n = store.counts({key: value})["mentions"]
        except KhabarError as e:
            assert e.code == "K017"
            continue
        if not value.strip():  # an empty filter does not filter
            assert n == len(REPORTS)
        elif key == "outlet" and "," not in value:
            assert n == OUTLETS.count(value.strip())
        elif key == "actor":  # a comma-separated list of codes; separators alone name none
            parts = {x.strip().upper() for x in value.split(",") if x.strip()}
            if not parts:
                assert n == len(REPORTS)
            else:
                assert n == 0 or parts & {"IRN", "SAU", "CHN", "USA", "JOR", "KWT"}


# ---------------------------------------------------------------- CORS

@pytest.mark.parametrize("method,path", [("GET", "/events"), ("GET", "/"), ("POST", "/analyze"),
                                         ("OPTIONS", "/documents"), ("OPTIONS", "/events")])
def test_no_cors_by_default(client: TestClient, method: str, path: str) -> None:
    headers = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "authorization"}
    r = client.request(method, path, headers=headers, json={"text": "قال"} if method == "POST" else None)
    assert not [h for h in r.headers if h.lower().startswith("access-control-")], dict(r.headers)
    if method == "OPTIONS":
        assert r.status_code == 405  # no preflight is ever granted


# ---------------------------------------------------------------- secrets in logs and messages

def test_token_never_in_logs_or_responses(tmp_path: Path) -> None:
    """uvicorn at its most verbose (trace, access log) in process: every log line of an
    authenticated write, a private read and a wrong token is captured; neither token appears."""
    import uvicorn

    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setLevel(1)
    loggers = [logging.getLogger(n) for n in ("", "uvicorn", "uvicorn.error", "uvicorn.access", "fastapi", "khabar")]
    old = [(lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(1)
    wrong = "guess-" + TOKEN[::-1]
    port = free_port()
    app = create_app(str(tmp_path / "t.db"), token=TOKEN, private=True)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="trace", access_log=True,
                                           log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    bodies: list[str] = []
    try:
        base = wait_up(port)
        doc = event_doc("اتهمت إيران السعودية بدعم المتمردين في اليمن.", events=[REPORTS[0][3]]).to_json()
        for headers in (AUTH, {"Authorization": "Bearer " + wrong}, {}):
            r = httpx.post(base + "/documents", json=doc, headers=headers, timeout=60)
            bodies.append(r.text + json.dumps(dict(r.headers)))
            r = httpx.get(base + "/events", headers=headers, timeout=60)
            bodies.append(r.text + json.dumps(dict(r.headers)))
        assert httpx.get(base + "/events", headers=AUTH, timeout=60).json()["total"] == 1
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        for lg, (level, prop) in zip(loggers, old, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
            lg.propagate = prop
    logs = buf.getvalue()
    assert "POST /documents" in logs and "GET /events" in logs  # the access log did record the requests
    assert TOKEN not in logs and wrong not in logs
    assert not any(TOKEN in b or wrong in b for b in bodies)


def test_database_password_never_shown(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    secret = "S3cr3t-pw"
    url = f"postgresql://khabar:{secret}@127.0.0.1:{free_port()}/nodb"  # nothing listens there
    with pytest.raises(KhabarError) as e:
        open_store(url)
    assert secret not in str(e.value) and "***" in str(e.value)
    with TestClient(create_app(url, token=TOKEN)) as c:
        r = c.get("/events")
        assert r.status_code == 503 and secret not in r.text, r.text
    proc = subprocess.run([sys.executable, "-m", "khabar.cli", "query", "--db", url], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1 and "[K015]" in proc.stderr and secret not in proc.stderr + proc.stdout


# ---------------------------------------------------------------- a real khabar serve --private

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(port: int, proc: subprocess.Popen[bytes] | None = None) -> str:
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read() if proc.stderr else ''!r}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return base
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def test_serve_private_with_env_token(tmp_path: Path) -> None:
    """``KHABAR_TOKEN=… khabar serve --private``: reads need the token too; pages stay public and
    carry the CSP; nothing on stdout; the token is in no output of the server."""
    port = free_port()
    db = f"sqlite:///{tmp_path / 'p.db'}"
    err_path = tmp_path / "stderr"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "khabar.cli", "serve", "--db", db, "--port", str(port),
                                 "--private", "--no-preload"], stdout=subprocess.PIPE, stderr=err,
                                env={**os.environ, "KHABAR_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)})
        try:
            base = wait_up(port, proc)
            for path in ("/events", "/mentions?q=x", "/statements", "/actors", "/stats", "/documents/x",
                         "/events/x", "/charts/dyad?a=USA&b=CHN"):
                r = httpx.get(base + path, timeout=30)
                assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", path
                assert httpx.get(base + path, headers={"Authorization": "Bearer nope"}, timeout=30).status_code == 403
                assert httpx.get(base + path, headers=AUTH, timeout=30).status_code in (200, 404), path
            assert httpx.post(base + "/analyze", json={"text": "قال"}, timeout=30).status_code == 401
            for page in ("/", "/corpus", "/api", "/static/read.js"):
                r = httpx.get(base + page, timeout=30)
                csp = r.headers["content-security-policy"]
                assert r.status_code == 200 and "default-src 'none'" in csp and "script-src 'self'" in csp
                assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
                assert "access-control-allow-origin" not in r.headers
        finally:
            proc.terminate()
            out, _ = proc.communicate(timeout=30)
    stderr = err_path.read_text("utf-8", "replace")
    assert out == b"" and "reads need the token" in stderr and TOKEN not in stderr and "Traceback" not in stderr


# ---------------------------------------------------------------- pinned and audited dependencies

def test_lock_file_pins_every_dependency_exactly() -> None:
    import re

    lines = [x for x in (ROOT / "requirements.lock").read_text("utf-8").splitlines() if x and not x.startswith("#")]
    pins = dict(x.split("==", 1) for x in lines)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.!+_-]+", x) for x in lines), "only exact pins"
    names = {re.sub(r"[-_.]+", "-", n).lower() for n in pins}
    for needed in ("fastapi", "uvicorn", "starlette", "sqlalchemy", "psycopg", "pytest", "hypothesis", "pip-audit",
                   "trafilatura", "numpy", "python-crfsuite", "h11"):
        assert needed in names, needed
    assert "khabar" not in names
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "-c requirements.lock" in ci and "python .ci/audit" in ci


def test_audit_fails_only_on_known_vulnerabilities() -> None:
    import runpy

    verdict = runpy.run_path(str(ROOT / ".ci" / "audit"))["verdict"]
    skipped = {"name": "uvicorn", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    clean = {"name": "h11", "version": "0.16.0", "vulns": []}
    bad = {"name": "h11", "version": "0.14.0", "vulns": [{"id": "GHSA-vqfr-h8mv-ghfj", "fix_versions": ["0.16.0"]}]}
    assert verdict([skipped, clean])[0] == 0
    code, lines = verdict([skipped, clean, bad])
    assert code == 1 and "GHSA-vqfr-h8mv-ghfj" in lines[-1] and "1 not audited" in lines[0]
