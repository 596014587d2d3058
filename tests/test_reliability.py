"""Bad input never crashes the analyser: hostile text through the whole pipeline keeps every span
consistent, and every refusal is a coded, one-line error naming the input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.doc import Doc
from khabar.pipeline import Pipeline, PipelineConfig

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىة"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff\u061c"
PUNCT = "«»“”\"'()[]{}.,،؛؟!…:-–—/\\%$#@*"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳"

nasty = st.text(alphabet=st.sampled_from(list(ARABIC + MARKS + BIDI + PUNCT + DIGITS + " \n\t\x00abcXYZ<>")),
                min_size=1, max_size=600)


_PIPE = Pipeline()  # built once for the module: hypothesis calls the test hundreds of times


def _check(doc: Doc, text: str) -> None:
    assert doc.text == text
    again = Doc.from_json(json.loads(json.dumps(doc.to_json(), ensure_ascii=False)))
    for _w, s, e, t in again.iter_spans():
        assert 0 <= s <= e <= len(text)
        if t is not None:
            assert text[s:e] == t


@given(nasty)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_nasty_text_never_crashes(text: str) -> None:
    if not text.strip():
        return
    _check(_PIPE(text, date="2023-11-08"), text)


@pytest.mark.parametrize("text", [
    "«" * 500 + "قال الوزير" + "»" * 3,  # deeply nested, unbalanced quotes
    "." * 2000,  # only punctuation
    "٠١٢٣٤٥٦٧٨٩ " * 300,  # only digits
    "<script>alert(1)</script><img src=x onerror=alert(1)> قال الرئيس",  # HTML as text
    "\u202eقال\u202c الوزير\u200f إن\u2066 الاجتماع\u2069 انتهى",  # bidi controls
    "قال\x00الوزير\x00",  # NUL bytes
    "ـــــــــ" * 100,  # only tatweel
    "Biden و Xi يلتقيان في San Francisco يوم 15/11/2023.",  # mixed scripts
    "\n\n\n" + "قال" + "\r\n" * 50,  # line-break soup
])
def test_edge_texts(text: str) -> None:
    _check(_PIPE(text, date="2023-11-08"), text)


def test_long_single_line_text_stage() -> None:
    """A 10 MB single line passes the text layer (the default size limit refuses it politely)."""
    line = ("قال الوزير إن المحادثات ستستأنف الأسبوع المقبل في القاهرة، " * 200_000)[:10_000_000]
    p = Pipeline(PipelineConfig(stages=("text",), max_chars=20_000_000))
    doc = p(line)
    assert doc.tokens[-1].end <= len(line) and len(doc.sentences) >= 1
    from khabar.errors import KhabarError

    with pytest.raises(KhabarError) as e:
        Pipeline(PipelineConfig(stages=("text",)))(line)
    assert e.value.code == "K013"


def test_malformed_jsonl_lines_are_reported_not_fatal(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok1", "text": "قال الوزير إن المحادثات انتهت."}, ensure_ascii=False)
    p.write_bytes(b"\n".join([
        good.encode(), b"{\"id\": 1, \"text\": ", b"[1, 2, 3]", b"{\"id\": \"no-text\"}",
        b"\xff\xfe\x00garbage\x00", "قال".encode("cp1256"), good.replace("ok1", "ok2").encode(),
    ]))
    r = subprocess.run([sys.executable, "-m", "khabar.cli", "analyze", "--stages", "text", str(p)],
                       capture_output=True, timeout=120)
    out = [json.loads(x)["id"] for x in r.stdout.decode().splitlines()]
    assert out == ["ok1", "ok2"]
    err = r.stderr.decode()
    assert "Traceback" not in err and r.returncode == 1
    for n in (2, 3, 4, 5, 6):
        assert f"{p}:{n}:" in err
