"""The HTTP API: analyse, ingest, query, auth, limits, JSON errors, security headers, OpenAPI and
the pages' files (no inline script, no HTML injection sinks, nothing fetched from elsewhere)."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from webdocs import HOSTILE, hostile_doc, moved, report_doc

from khabar.api.app import WEB_FILES, create_app
from khabar.api.http import CSP, LimitsMiddleware
from khabar.doc import Doc

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "k3y-0f_the.test~suite"
AUTH = {"Authorization": "Bearer " + TOKEN}
MAY = {"2024-03-12": "2024-05-28", "2024-03-03": "2024-05-20", "2024-03-11": "2024-05-27", "2024-W12": "2024-W22"}


def corpus_docs() -> list[dict[str, Any]]:
    """Three reports: two copies of one (two outlets, March; their events link), one moved to May."""
    r1 = report_doc()
    return [r1.to_json(), report_doc("report-2", outlet="other").to_json(), moved(r1, "report-3", "third", MAY)]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "corpus.db"
    app = create_app(str(db), token=TOKEN, max_body=256 * 1024, max_chars=20_000, max_batch=5)
    with TestClient(app) as c:
        r = c.post("/documents", json={"documents": corpus_docs()}, headers=AUTH)
        assert r.status_code == 200, r.text
        yield c


def is_error(r: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    return dict(body["error"])


# ---------------------------------------------------------------- /analyze

@pytest.mark.parametrize("text", [
    "قال وزير الخارجية المصري إن بلاده ستستضيف محادثات الأسبوع المقبل.",
    "قَالَ الرَّئِيسُ الأَمْرِيكِيُّ إِنَّ بِلادَهُ سَتَفْرِضُ عُقُوبَاتٍ.",  # diacritics
    "أعلنـــت الحكومـــة العراقيـــة يوم ١٢ مارس ٢٠٢٤ عن اتفاق.",  # tatweel, Eastern Arabic digits
    "وبالمحادثات وللرئيس والسودان: «لن نتراجع»، هل تنجح الوساطة؟",  # clitics, «» ، ؟
    "\U0001d54f واشنطن – 😀 قال مسؤول أمريكي.",  # astral characters before Arabic
])
def test_analyze_returns_khabar1_with_exact_text(client: TestClient, text: str) -> None:
    r = client.post("/analyze", json={"text": text, "date": "2024-03-12", "id": "x1", "source": {"outlet": "o"}})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["schema"] == "khabar/1" and d["text"] == text and d["id"] == "x1" and d["date"] == "2024-03-12"
    assert d["source"] == {"outlet": "o"}
    doc = Doc.from_json(d)  # validates every span against the text
    assert doc.sentences and d["producer"]["khabar"]


def test_analyze_uses_one_pipeline_per_app(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    client.post("/analyze", json={"text": "وصل الرئيس إلى القاهرة."})
    first = services.pipeline()
    client.post("/analyze", json={"text": "غادر الوفد بغداد."})
    assert services.pipeline() is first


@pytest.mark.parametrize("body,status,code", [
    ({"text": ""}, 400, "K004"),
    ({"text": "   \n"}, 400, "K004"),
    ({"text": "قال", "date": "أمس"}, 400, "K006"),
    ({"text": "قال", "date": "2024-02-30"}, 400, "K006"),
    ({"txt": "قال"}, 422, "invalid_request"),
    ({"text": 5}, 422, "invalid_request"),
    ({"text": "ا" * 20_001}, 413, "K013"),
])
def test_analyze_bad_input(client: TestClient, body: dict[str, Any], status: int, code: str) -> None:
    is_error(client.post("/analyze", json=body), status, code)


def test_bad_json_and_wrong_method(client: TestClient) -> None:
    is_error(client.post("/analyze", content=b"{\"text\": ", headers={"content-type": "application/json"}),
             400, "bad_json")
    is_error(client.put("/analyze", json={"text": "x"}), 405, "method_not_allowed")
    is_error(client.get("/no/such/route"), 404, "not_found")


def test_body_over_limit_is_413_by_length(client: TestClient) -> None:
    big = json.dumps({"text": "ا" * 200_000})
    is_error(client.post("/analyze", content=big.encode(), headers={"content-type": "application/json"}),
             413, "payload_too_large")


def test_body_over_limit_is_413_when_streamed_without_length() -> None:
    """A chunked body with no Content-Length is counted as it arrives."""
    seen: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        msg = await receive()
        seen.append(msg["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def call(chunks: list[bytes]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        queue = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

        async def receive() -> dict[str, Any]:
            return queue.pop(0)

        async def send(m: dict[str, Any]) -> None:
            out.append(m)

        await LimitsMiddleware(app, max_body=10)({"type": "http", "method": "POST", "headers": []}, receive, send)
        return out

    sent = asyncio.run(call([b"12345", b"67890", b"x"]))
    assert sent[0]["status"] == 413 and not seen
    assert json.loads(sent[1]["body"])["error"]["code"] == "payload_too_large"
    sent = asyncio.run(call([b"12345", b"6789"]))
    assert sent[0]["status"] == 200 and seen == [b"123456789"]
    assert (b"content-security-policy", CSP.encode()) in sent[0]["headers"]


# ---------------------------------------------------------------- auth

def test_writes_need_the_bearer_token(client: TestClient) -> None:
    doc = report_doc("auth-1").to_json()
    r = client.post("/documents", json=doc)
    assert is_error(r, 401, "unauthorized") and r.headers["www-authenticate"] == "Bearer"
    is_error(client.post("/documents", json=doc, headers={"Authorization": "Basic " + TOKEN}), 401, "unauthorized")
    is_error(client.post("/documents", json=doc, headers={"Authorization": "Bearer " + TOKEN[:-1]}), 403, "forbidden")
    is_error(client.post("/documents", json=doc, headers={"Authorization": "Bearer " + TOKEN + "x"}), 403, "forbidden")
    assert client.get("/documents/auth-1").status_code == 404  # nothing was stored


def test_token_compared_in_constant_time(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import khabar.api.http as http

    calls: list[tuple[bytes, bytes]] = []
    real = http.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(http.hmac, "compare_digest", spy)
    client.post("/documents", json={"text": "x"}, headers={"Authorization": "Bearer wrong"})
    assert calls == [(b"wrong", TOKEN.encode("utf-8"))]


def test_no_token_means_writes_closed_and_env_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHABAR_TOKEN", raising=False)
    with TestClient(create_app(str(tmp_path / "a.db"))) as c:
        assert "KHABAR_TOKEN" in is_error(c.post("/documents", json={"text": "x"}, headers=AUTH), 403, "forbidden")["message"]
        assert c.get("/health").json()["writes"] is False
    monkeypatch.setenv("KHABAR_TOKEN", "from-env")
    with TestClient(create_app(str(tmp_path / "b.db"))) as c:
        r = c.post("/documents", json=report_doc().to_json(), headers={"Authorization": "Bearer from-env"})
        assert r.status_code == 200 and r.json()["ingested"] == 1


def test_private_mode_guards_reads(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "p.db"), token=TOKEN, private=True)) as c:
        for path in ("/events", "/actors", "/stats", "/documents/x", "/events/x", "/charts/dyad?a=USA&b=CHN"):
            is_error(c.get(path), 401, "unauthorized")
        assert c.get("/stats", headers=AUTH).status_code == 200
        is_error(c.post("/analyze", json={"text": "قال"}), 401, "unauthorized")
        assert c.get("/").status_code == 200  # the page itself is public; its data is not


# ---------------------------------------------------------------- documents

def test_ingest_batch_duplicates_and_fetch(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "i.db"), token=TOKEN)) as client:
        client.post("/documents", json=report_doc().to_json(), headers=AUTH)
        check_ingest(client)


def check_ingest(client: TestClient) -> None:
    article = {"text": "وصل وزير الخارجية الأردني إلى الرياض أمس في زيارة رسمية.", "id": "raw-1",
               "date": "2024-03-12", "source": {"outlet": "raw", "url": "https://example.org/raw-1"}}
    r = client.post("/documents", json={"documents": [article, report_doc().to_json()]}, headers=AUTH)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["ids"] == ["raw-1", "report-1"] and out["ingested"] == 1 and out["duplicates"] == 1
    stored = client.get("/documents/raw-1").json()  # by khabar id
    assert stored["text"] == article["text"] and stored["source"]["outlet"] == "raw"
    by_key = client.get("/documents/" + out["keys"][0]).json()  # by store key
    assert by_key["id"] == "raw-1" and by_key["store"]["key"] == out["keys"][0]
    Doc.from_json({k: v for k, v in by_key.items() if k != "store"})
    is_error(client.get("/documents/nope"), 404, "not_found")
    url_id = {"text": "أعلنت الحكومة التونسية عن إجراءات جديدة.", "id": "https://example.org/a/1?x=٢"}
    assert client.post("/documents", json=url_id, headers=AUTH).status_code == 200
    assert client.get("/documents/https://example.org/a/1?x=٢").status_code == 404  # '?' starts the query
    assert client.get("/documents/" + quote(url_id["id"], safe="")).json()["id"] == url_id["id"]


@pytest.mark.parametrize("payload,status,code", [
    ({"documents": []}, 400, "bad_request"),
    ({"documents": "x"}, 400, "bad_request"),
    ({"documents": [1]}, 400, "bad_request"),
    ({"documents": [{"text": "x"}] * 6}, 413, "too_many_documents"),
    ({"schema": "khabar/2", "text": "x"}, 400, "K007"),
    ({"text": ""}, 400, "K004"),
])
def test_ingest_bad_payloads(client: TestClient, payload: dict[str, Any], status: int, code: str) -> None:
    is_error(client.post("/documents", json=payload, headers=AUTH), status, code)


def test_ingest_refuses_spans_that_disagree_with_text(client: TestClient) -> None:
    d = report_doc("bad-spans").to_json()
    d["entities"][0]["start"] += 1
    err = is_error(client.post("/documents", json={"documents": [report_doc("ok-1").to_json(), d]}, headers=AUTH),
                   400, "K008")
    assert err["message"].startswith("documents[1]")
    assert client.get("/documents/ok-1").status_code == 404  # the batch is all or nothing


# ---------------------------------------------------------------- queries

def total(client: TestClient, **params: Any) -> int:
    r = client.get("/events", params=params)
    assert r.status_code == 200, r.text
    return int(r.json()["total"])


def test_events_filters(client: TestClient) -> None:
    assert total(client) == 8  # 4 events in March (two reports each), 4 in May
    assert total(client, type="SANCTION") == 2
    assert total(client, type="consult") == 4
    assert total(client, actor="USA") == 2
    assert total(client, dyad="EGY-SDN") == total(client, dyad="SDN,EGY") == total(client, dyad="EGY SDN") == 4
    assert total(client, dyad="SDN-EGY", directed="true") == 0
    assert total(client, status="expected") == 2
    assert total(client, since="2024-05-01") == 4
    assert total(client, since="2024-03-01", until="2024-03-31") == 4
    assert total(client, source_kind="anonymous") == 2
    assert total(client, source_kind="none") == 4
    assert total(client, outlet="third") == 4
    assert total(client, outlet="third", type="SANCTION") == 1


@pytest.mark.parametrize("q,n", [
    ("عقوبات", 2),  # the text has عقوباتٍ (tanween): matched on normalised forms
    ("عُقُوبات", 2),  # diacritics in the query
    ("العقوبات", 2),  # a clitic the text does not have
    ("التقى", 4),  # its sentence reports two events (ورفضت، التقى), in March and in May
    ("بكين", 0),
])
def test_events_text_search_in_arabic(client: TestClient, q: str, n: int) -> None:
    assert total(client, q=q) == n


def test_events_page_counts_and_paging(client: TestClient) -> None:
    r = client.get("/events", params={"limit": 3, "offset": 0}).json()
    assert r["total"] == 8 and len(r["items"]) == 3 and r["mentions"] == 12 and r["documents"] == 3
    rest = client.get("/events", params={"limit": 50, "offset": 3}).json()["items"]
    ids = [e["id"] for e in r["items"]] + [e["id"] for e in rest]
    assert len(ids) == len(set(ids)) == 8
    is_error(client.get("/events", params={"limit": 501}), 422, "invalid_request")
    is_error(client.get("/events", params={"offset": -1}), 422, "invalid_request")


@pytest.mark.parametrize("params", [
    {"type": "BOGUS"}, {"status": "maybe"}, {"since": "yesterday"}, {"dyad": "USA"},
    {"source_kind": "secret"}, {"since": "2024-05-01", "until": "2024-03-01"},
])
def test_events_bad_filters(client: TestClient, params: dict[str, str]) -> None:
    is_error(client.get("/events", params=params), 400, "K017")


def test_event_with_mentions(client: TestClient) -> None:
    items = client.get("/events", params={"type": "SANCTION", "until": "2024-03-31"}).json()["items"]
    assert len(items) == 1 and items[0]["n_mentions"] == 2 and items[0]["rep"]["trigger"] == "فرضت"
    ev = client.get("/events/" + items[0]["id"]).json()
    assert {m["outlet"] for m in ev["mentions"]} == {"khabar-test", "other"}
    assert all(m["source_kind"] == "anonymous" and m["source_text"] == "مصدران دبلوماسيان" for m in ev["mentions"])
    is_error(client.get("/events/ev-none"), 404, "not_found")


def test_mentions_and_statements(client: TestClient) -> None:
    m = client.get("/mentions", params={"type": "SANCTION"}).json()
    assert m["total"] == 3 and {x["trigger"] for x in m["items"]} == {"فرضت"}
    s = client.get("/statements", params={"source_kind": "anonymous"}).json()
    assert s["total"] == 3 and all(x["source_count"] == 2 for x in s["items"])


def test_actors_and_stats(client: TestClient) -> None:
    actors = {a["code"]: a for a in client.get("/actors").json()}
    assert {"EGY", "SDN", "USA"} <= set(actors) and actors["USA"]["as_actor"] == 3
    stats = client.get("/stats").json()
    assert stats["documents"] >= 3 and stats["events"] >= 8


def test_dyad_chart_months_filled_and_split_by_quadclass(client: TestClient) -> None:
    c = client.get("/charts/dyad", params={"a": "egy", "b": "SDN"}).json()
    assert (c["a"], c["b"], c["directed"]) == ("EGY", "SDN", False)
    months = [m["month"] for m in c["months"]]
    assert months == ["2024-03", "2024-04", "2024-05"]
    assert [m["quad"]["1"] for m in c["months"]] == [2, 0, 2]
    assert all(m["quad"]["3"] == m["quad"]["4"] == 0 for m in c["months"])
    s = client.get("/charts/dyad", params={"a": "USA", "b": "SDN", "directed": "true"}).json()
    assert [m["quad"]["4"] for m in s["months"]] == [1, 0, 1]
    assert client.get("/charts/dyad", params={"a": "SDN", "b": "USA", "directed": "true"}).json()["months"] == []
    w = client.get("/charts/dyad", params={"a": "USA", "b": "SDN", "since": "2024-01-01", "until": "2024-06-30"}).json()
    assert [m["month"] for m in w["months"]] == [f"2024-0{i}" for i in range(1, 7)]
    is_error(client.get("/charts/dyad", params={"a": "USA"}), 422, "invalid_request")
    is_error(client.get("/charts/dyad", params={"a": "USA", "b": "SDN", "since": "soon"}), 400, "K006")


def test_no_store_is_503(tmp_path: Path) -> None:
    with TestClient(create_app(None, token=TOKEN)) as c:
        is_error(c.get("/events"), 503, "no_store")
        is_error(c.post("/documents", json={"text": "x"}, headers=AUTH), 503, "no_store")
        assert c.post("/analyze", json={"text": "قال الرئيس."}).status_code == 200


# ---------------------------------------------------------------- pages and headers

@pytest.mark.parametrize("path", ["/", "/corpus", "/api", "/static/read.js", "/health", "/events", "/nope",
                                  "/openapi.json"])
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe" not in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert "access-control-allow-origin" not in r.headers  # no CORS


def test_pages_and_static_files(client: TestClient) -> None:
    for path, kind in (("/", "text/html"), ("/corpus", "text/html"), ("/api", "text/html"),
                       ("/static/khabar.css", "text/css"), ("/static/corpus.js", "text/javascript")):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith(kind)
    for bad in ("/static/app.py", "/static/..%2Fapi%2Fapp.py", "/static/%2e%2e/__init__.py"):
        assert client.get(bad).status_code == 404
    assert client.get("/sample").json()["text"].strip()


WEB = ROOT / "khabar" / "web"


@pytest.mark.parametrize("name", sorted(n for n in WEB_FILES if n.endswith(".html")))
def test_html_has_no_inline_script_or_handlers(name: str) -> None:
    html = (WEB / name).read_text("utf-8")
    for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        assert 'src="/static/' in m.group(1) and not m.group(2).strip()
    assert not re.search(r"\son\w+\s*=", html) and "style=" not in html and "javascript:" not in html


@pytest.mark.parametrize("name", sorted(n for n in WEB_FILES if n.endswith(".js")))
def test_scripts_use_no_html_sinks(name: str) -> None:
    js = (WEB / name).read_text("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setTimeout(\"", "DOMParser", "createContextualFragment"):
        assert sink not in js, f"{name} uses {sink}"


@pytest.mark.parametrize("name", sorted(WEB_FILES))
def test_web_files_fetch_nothing_from_elsewhere(name: str) -> None:
    text = (WEB / name).read_text("utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", text) and "@import" not in text and "url(http" not in text
    assert not re.search(r"fetch\(\s*[\"'`]https?:", text)


# ---------------------------------------------------------------- OpenAPI and documentation

def api_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route, paths as OpenAPI writes them (``{doc_id:path}`` -> ``{doc_id}``)."""
    return sorted((m, re.sub(r":\w+}", "}", r.path)) for r in app.routes if isinstance(r, APIRoute)
                  for m in r.methods if m != "HEAD")


def test_openapi_lists_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    routes = api_routes(client.app)
    assert len(routes) >= 16
    for method, path in routes:
        assert method.lower() in spec["paths"].get(path, {}), f"{method} {path} missing from OpenAPI"
        assert spec["paths"][path][method.lower()].get("summary"), f"{method} {path} has no summary"


def test_every_route_and_command_is_documented() -> None:
    from khabar.cli import COMMANDS, build_parser

    readme = (ROOT / "README.md").read_text("utf-8")
    for method, path in api_routes(create_app(None, token="t")):
        assert f"`{method} {path}" in readme, f"`{method} {path}` is not in README.md"
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in COMMANDS:
        if name in sub.choices:  # type: ignore[attr-defined]
            helptext = sub.choices[name].format_help()  # type: ignore[attr-defined]
            assert f"khabar {name}" in readme or helptext.strip()
    serve_help = sub.choices["serve"].format_help()  # type: ignore[attr-defined]
    for opt in ("--db", "--host", "--port", "--token-file", "--private", "--max-body"):
        assert opt in serve_help
        assert opt in readme, f"khabar serve {opt} is not in README.md"


# ---------------------------------------------------------------- khabar serve

def test_serve_defaults_to_loopback() -> None:
    from khabar.cli import build_parser
    from khabar.commands.serve import _is_loopback

    args = build_parser().parse_args(["serve", "--db", "x.db"])
    assert args.host == "127.0.0.1" and args.port == 8000
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.0.2.1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_khabar_serve_end_to_end(tmp_path: Path) -> None:
    """The real command: token from a file, store on disk, write then read over HTTP."""
    port = free_port()
    token_file = tmp_path / "token"
    token_file.write_text("file-token\n", "utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if k != "KHABAR_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "khabar.cli", "serve", "--db", str(tmp_path / "s.db"),
                            "--port", str(port), "--token-file", str(token_file), "--no-preload"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        health = httpx.get(base + "/health").json()
        assert health["store"] and health["writes"]
        r = httpx.post(base + "/documents", json=hostile_doc().to_json(),
                       headers={"Authorization": "Bearer file-token"})
        assert r.status_code == 200, r.text
        assert httpx.get(base + "/documents/hostile-1").json()["text"] == HOSTILE
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert out == b""  # nothing but data on stdout, and the server wrote none
    assert b"serving http://127.0.0.1:" in err and b"file-token" not in err and b"Traceback" not in err


def test_serve_bad_token_file_is_one_line(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "khabar.cli", "serve", "--token-file", str(tmp_path / "none")],
                       capture_output=True, timeout=60)
    assert r.returncode == 1 and b"[K001]" in r.stderr and b"Traceback" not in r.stderr
