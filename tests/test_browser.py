"""The pages in a real browser: Debian's headless Chromium driven by Playwright's Python client
(never ``playwright install``). Skipped where /usr/bin/chromium or playwright is missing."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from webdocs import HOSTILE, REPORT, hostile_doc, moved, report_doc

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-token"
MAY = {"2024-03-12": "2024-05-28", "2024-03-03": "2024-05-20", "2024-03-11": "2024-05-27", "2024-W12": "2024-W22"}
ARTICLE = ("قال وزير الخارجية المصري سامح شكري، اليوم الثلاثاء، إن بلاده ستستضيف الأسبوع المقبل "
           "جولة جديدة من المحادثات بين وفدين من السودان.\nوأفاد مصدران دبلوماسيان بأن واشنطن فرضت أمس "
           "عقوبات جديدة على شركتين متهمتين بتمويل قوات الدعم السريع.")

if CHROMIUM is None:
    pytest.skip("needs Debian's chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """khabar's app on a free loopback port (uvicorn in a thread), with a small corpus stored."""
    import uvicorn

    from khabar.api.app import create_app

    app = create_app(str(tmp_path_factory.mktemp("web") / "corpus.db"), token=TOKEN)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        time.sleep(0.025)
    url = f"http://127.0.0.1:{server.config.port}"
    r1 = report_doc()
    docs = [r1.to_json(), report_doc("report-2", outlet="other").to_json(), moved(r1, "report-3", "third", MAY),
            hostile_doc().to_json()]
    r = httpx.post(url + "/documents", json={"documents": docs}, headers={"Authorization": "Bearer " + TOKEN},
                   timeout=120)
    assert r.status_code == 200, r.text
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records script errors and every console message."""
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})
    pg.errors, pg.console = [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.console.append(m.text))
    yield pg
    assert pg.errors == []
    pg.close()


def spans_by_kind(page: Any) -> dict[str, list[str]]:
    """What the page highlighted: the text of each record (its segments joined), by kind."""
    groups: dict[str, Any] = page.evaluate("""() => {
      const byIndex = {};
      for (const s of document.querySelectorAll('#article .hl')) {
        const ids = s.dataset.ann.split(' '), kinds = s.dataset.annKind.split(' ');
        ids.forEach((i, k) => { byIndex[i] = byIndex[i] || {kind: kinds[k], text: ''}; byIndex[i].text += s.textContent; });
      }
      return Object.values(byIndex);
    }""")
    out: dict[str, list[str]] = {}
    for g in groups:
        out.setdefault(g["kind"], []).append(g["text"])
    return {k: sorted(v) for k, v in out.items()}


def expected_spans(d: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {
        "ent": [e["text"] for e in d["entities"]], "tmx": [t["text"] for t in d["timexes"]],
        "src": [a["source"]["text"] for a in d["attributions"]], "cue": [a["cue"]["text"] for a in d["attributions"]],
        "content": [a["content"]["text"] for a in d["attributions"] if a["content"]],
        "trg": [v["trigger"]["text"] for v in d["events"]],
    }
    return {k: sorted(x for x in v if x) for k, v in out.items() if any(v)}


def hover_text(page: Any, kind: str, words: str) -> str:
    page.locator(f"#article .k-{kind}", has_text=words).first.hover()
    page.wait_for_selector("#tip:not([hidden])")
    return str(page.inner_text("#tip"))


def count_is(page: Any, start: str) -> None:
    """Wait until the result count starts with ``start`` (a selector wait: the CSP forbids eval,
    which Playwright's wait_for_function would need)."""
    sync_api.expect(page.locator("#count")).to_have_text(re.compile("^" + re.escape(start)), timeout=15_000)


def nothing_ran(page: Any) -> None:
    """No injected script ran, no markup from the article became elements, no handler attributes."""
    state = page.evaluate("""() => ({
      pwned: window.__pwned, title: document.title,
      injected: document.querySelectorAll('main img, main iframe, main object, main embed, main script, #tip svg, main i').length,
      handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter(a => !/^(https?:|\\/|#)/i.test(a.getAttribute('href'))).length,
    })""")
    assert state == {"pwned": None, "title": state["title"], "injected": 0, "handlers": 0, "jsLinks": 0}, state
    assert "pwned" not in state["title"]


# ---------------------------------------------------------------- the reading page

def test_article_highlights_and_hover_cards(page: Any, base: str) -> None:
    doc = httpx.get(base + "/documents/report-1", timeout=60).json()
    page.goto(base + "/?doc=report-1")
    page.wait_for_selector("body[data-loaded]")
    assert page.get_attribute("#article", "dir") == "rtl" and page.get_attribute("#article", "lang") == "ar"
    assert "Naskh" in page.evaluate("getComputedStyle(document.getElementById('article')).fontFamily")
    assert page.text_content("#article") == REPORT  # every character, the astral one included, in place
    assert spans_by_kind(page) == expected_spans(doc)

    tip = hover_text(page, "trg", "فرضت")
    for want in ("SANCTION", "asserted", "USA GOV", "SDN BUS", "2024-03-11", "أمس", "مصدران دبلوماسيان", "anonymous ×2"):
        assert want in tip, (want, tip)
    tip = hover_text(page, "trg", "ستستضيف")
    for want in ("CONSULT", "expected", "2024-W12", "الأسبوع المقبل", "سامح شكري", "named"):
        assert want in tip, (want, tip)
    assert "PERSON" in hover_text(page, "ent", "سامح شكري") and "EGY GOV" in page.inner_text("#tip")
    assert "2024-03-03" in hover_text(page, "tmx", "٣ مارس ٢٠٢٤")

    page.locator("#article .k-src", has_text="مصدران دبلوماسيان").first.click()
    details = page.inner_text("#details")
    assert "anonymous · 2 people" in details and "diplomat" in details
    assert "".join(page.locator("#article .hl.sel").all_text_contents()) == "مصدران دبلوماسيان"


def test_events_timeline_and_sources_panels(page: Any, base: str) -> None:
    page.goto(base + "/?doc=report-1")
    page.wait_for_selector("body[data-loaded]")
    rows = page.locator("#events tbody tr")
    assert rows.count() == 4
    assert [rows.nth(i).locator("td").nth(1).inner_text().split()[0] for i in range(4)] == \
        ["CONSULT", "SANCTION", "REJECT", "CONSULT"]
    assert "(pub.)" in rows.nth(2).inner_text()  # REJECT has no date of its own
    rows.nth(3).click()
    assert page.locator("#article .hl.sel").all_text_contents() == ["التقى"]
    assert "meet" in page.inner_text("#details")

    whens = page.locator("#timeline > li .when").all_text_contents()
    assert whens == ["2024-03-03", "2024-03-11", "2024-03-12", "2024-W12"]
    assert page.locator("#timeline > li.pub .when").inner_text() == "2024-03-12"

    chips = dict(zip(page.locator("#source-summary .chip").evaluate_all("cs => cs.map(c => c.dataset.kind)"),
                     page.locator("#source-summary .chip b").all_text_contents(), strict=True))
    assert chips == {"statements": "3", "distinct": "3", "named": "1", "anonymous": "1", "organization": "1",
                     "people": "3"}
    assert "declined to comment" in page.inner_text("#sources")


def test_analyse_in_the_page_shows_what_the_api_returns(page: Any, base: str) -> None:
    r = httpx.post(base + "/analyze", json={"text": ARTICLE, "date": "2024-03-12"}, timeout=120)
    assert r.status_code == 200, r.text
    api = r.json()
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready]")
    page.fill("#text", ARTICLE)
    page.fill("#date", "2024-03-12")
    page.click("#analyze")
    page.wait_for_selector("body[data-loaded]", timeout=120_000)
    assert page.text_content("#article") == ARTICLE
    assert spans_by_kind(page) == expected_spans(api)
    assert page.locator("#events tbody tr").count() == len(api["events"])
    assert page.inner_text("#counts").startswith(f"{len(api['sentences'])} sentences")


@pytest.mark.parametrize("how", ["file", "stored", "analysed"])
def test_hostile_article_runs_nothing(page: Any, base: str, tmp_path: Path, how: str) -> None:
    page.goto(base + ("/?doc=hostile-1" if how == "stored" else "/"))
    page.wait_for_selector("body[data-ready]")
    if how == "file":
        f = tmp_path / "hostile.json"
        f.write_text(json.dumps(hostile_doc().to_json(), ensure_ascii=False), "utf-8")
        page.set_input_files("#file", str(f))
    elif how == "analysed":
        page.fill("#text", HOSTILE)
        page.click("#analyze")
    page.wait_for_selector("body[data-loaded]", timeout=120_000)
    assert page.text_content("#article") == HOSTILE  # the markup is shown as text
    if how != "analysed":
        assert "<script>window.__pwned = 1" in "".join(spans_by_kind(page)["ent"])
        tip = hover_text(page, "trg", "سيزور")
        assert "<svg onload=x>" in tip and '<img src=x onerror="window.__pwned = 2">' in tip
        assert "<img src=x" in page.inner_text("#meta") and "<b onmouseover=x>evil</b>" in page.inner_text("#meta")
        assert page.locator("#meta a").count() == 0  # a javascript: URL is not made a link
    nothing_ran(page)


def test_csp_blocks_inline_script(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready]")
    ran = page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
      document.body.append(s); return window.__inline; }""")
    assert ran is None
    assert any("Content Security Policy" in m for m in page.console)


# ---------------------------------------------------------------- the corpus page

def test_corpus_filters_reports_and_dyad_chart(page: Any, base: str) -> None:
    everything = httpx.get(base + "/events", timeout=60).json()
    page.goto(base + "/corpus")
    page.wait_for_selector("body[data-ready]")
    assert page.inner_text("#count") == f"{everything['total']} linked event(s) ({everything['mentions']} reports)"
    assert "4 articles from 4 outlet(s)" in page.inner_text("#stats")

    page.select_option("#f-type", "SANCTION")
    page.click("#search")
    count_is(page, "2 linked")
    assert set(page.locator("#results li.event").evaluate_all("ls => ls.map(l => l.dataset.type)")) == {"SANCTION"}
    first = page.locator("#results li.event").first
    assert "فرضت" in first.locator(".rep .k-trg").inner_text()
    first.locator("button").click()
    first.locator("ol.reports li").first.wait_for()
    reports = first.locator("ol.reports > li")
    assert reports.count() == 2 and "مصدران دبلوماسيان" in reports.first.inner_text()
    href = reports.first.locator("a").get_attribute("href")
    assert href.startswith("/?doc=")


    page.select_option("#f-type", "")
    page.fill("#f-dyad", "EGY-SDN")
    page.click("#search")
    page.wait_for_selector("body[data-chart='EGY-SDN']")
    count_is(page, "4 linked")
    api = httpx.get(base + "/charts/dyad", params={"a": "EGY", "b": "SDN"}, timeout=60).json()
    bars = page.locator("#dyad-svg rect.bar").evaluate_all(
        "rs => rs.map(r => [r.dataset.month, r.dataset.quad, +r.dataset.count, +r.getAttribute('y'), +r.getAttribute('height')])")
    drawn = Counter({(m, q): n for m, q, n, _, _ in bars})
    want = Counter({(m["month"], q): n for m in api["months"] for q, n in m["quad"].items() if n and q != "0"})
    assert drawn == want and want[("2024-03", "1")] == 2
    axis_y = float(page.locator("#dyad-svg line.axis").get_attribute("y1"))
    assert all(abs(y + h - axis_y) < 0.2 for _, q, _, y, h in bars if q in "12")  # cooperation stands on the axis
    table = page.locator("#chart-data tbody tr").evaluate_all("rs => rs.map(r => r.dataset.month)")
    assert table == ["2024-03", "2024-04", "2024-05"]  # the empty month is kept

    page.fill("#c-a", "USA")
    page.click("#draw")
    page.wait_for_selector("body[data-chart='USA-SDN']")
    quads = page.locator("#dyad-svg rect.bar").evaluate_all("rs => rs.map(r => r.dataset.quad)")
    assert quads and set(quads) == {"4"}
    conflict = page.locator("#dyad-svg rect.bar").first
    assert float(conflict.get_attribute("y")) >= float(page.locator("#dyad-svg line.axis").get_attribute("y1")) - 0.2

    page.goto(base + href)  # a report's link opens its article with the event picked out
    page.wait_for_selector("body[data-loaded]")
    assert page.locator("#article .hl.sel").all_text_contents() == ["فرضت"]
    assert "SANCTION" in page.inner_text("#details")


def test_corpus_shows_hostile_reports_as_text(page: Any, base: str) -> None:
    page.goto(base + "/corpus?q=" + "الوفد")
    page.wait_for_selector("body[data-ready]")
    count_is(page, "1 linked")
    item = page.locator("#results li.event").first
    text = item.inner_text()
    assert "<svg" in text and "onload=x>" in text and "<script>window.__pwned" in text
    nothing_ran(page)


def test_api_reference_page_lists_every_operation(page: Any, base: str) -> None:
    spec = httpx.get(base + "/openapi.json", timeout=60).json()
    ops = sorted(f"{m.upper()} {p}" for p, item in spec["paths"].items() for m in item)
    page.goto(base + "/api")
    page.wait_for_selector("body[data-ready]")
    shown = page.locator(".api-route").evaluate_all("rs => rs.map(r => r.dataset.method + ' ' + r.dataset.path)")
    assert sorted(shown) == ops and "POST /documents" in ops
