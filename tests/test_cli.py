"""The command line: formats, inputs, encodings and errors (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from khabar.cli import COMMANDS, build_parser, main

ARTICLE = "قال وزير الخارجية الأمريكي أمس إن بلاده ستعقد محادثات مع الصين في بكين الأسبوع المقبل."


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "khabar.cli", *args], input=stdin, capture_output=True,
                          timeout=300)


def test_analyze_txt_json(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    r = run_cli("analyze", "--format", "json", "--date", "2023-11-08", str(p))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "khabar/1" and doc["text"] == ARTICLE and doc["date"] == "2023-11-08"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode(encoding))
    r = run_cli("analyze", str(p))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["text"] == ARTICLE


def test_jsonl_keeps_order_ids_and_reports_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "a", "text": ARTICLE, "date": "2023-11-08"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b", "text": "وصل الرئيس إلى القاهرة."}, ensure_ascii=False),
    ]), encoding="utf-8")
    r = run_cli("analyze", str(p))
    assert r.returncode == 1
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [d["id"] for d in lines] == ["a", "b"]
    err = r.stderr.decode()
    assert ":2:" in err and "[K005]" in err and "Traceback" not in err


def test_stdin_and_pretty() -> None:
    r = run_cli("analyze", "--format", "pretty", "-", stdin=ARTICLE.encode())
    assert r.returncode == 0 and "Sentences" in r.stdout.decode()


def test_python_dash_m_khabar_is_the_cli() -> None:
    r = subprocess.run([sys.executable, "-m", "khabar", "analyze", "--format", "pretty", "-"], input=ARTICLE.encode(),
                       capture_output=True, timeout=300)
    assert r.returncode == 0 and "Sentences" in r.stdout.decode()
    r = subprocess.run([sys.executable, "-m", "khabar", "no-such-command"], capture_output=True, timeout=60)
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_html_main_text(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(f"<html><head><script>var x=1;</script></head><body><p>{ARTICLE}</p></body></html>", "utf-8")
    r = run_cli("analyze", str(p))
    assert r.returncode == 0, r.stderr
    text = json.loads(r.stdout)["text"]
    assert "وزير الخارجية" in text and "var x" not in text


@pytest.mark.parametrize("setup,code", [
    ("missing", "K001"), ("dir", "K002"), ("binary", "K003"), ("empty", "K004"), ("latin1junk", "K003"),
])
def test_bad_input_one_line_error(tmp_path: Path, setup: str, code: str) -> None:
    p = tmp_path / "x.txt"
    if setup == "dir":
        p = tmp_path
    elif setup == "binary":
        p.write_bytes(b"\x00\x01\x02\xff" * 50)
    elif setup == "empty":
        p.write_bytes(b"  \n")
    elif setup == "latin1junk":
        p.write_bytes(bytes(range(128, 256)) * 3)
    r = run_cli("analyze", str(p))
    err = r.stderr.decode()
    assert r.returncode == 1
    assert f"[{code}]" in err and str(p) in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert r.stdout == b""


def test_usage_error_exit_2() -> None:
    r = run_cli("analyze", "--date", "yesterday", "x.txt")
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_demo_runs() -> None:
    r = run_cli("demo")
    assert r.returncode == 0 and "Events" in r.stdout.decode()


def test_every_command_is_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in COMMANDS:
        if name in sub.choices:  # type: ignore[attr-defined]
            assert f"khabar {name}" in readme, f"'khabar {name}' missing from README"
            assert sub.choices[name].format_help().strip()  # type: ignore[attr-defined]


def test_no_command_prints_help() -> None:
    assert main([]) == 2


def test_seed_json_spans(seed_text: str) -> None:
    seed = Path(__file__).resolve().parents[2] / "shared" / "examples" / "seed" / "article.txt"
    r = run_cli("analyze", "--format", "json", "--date", "2023-11-08", str(seed))
    assert r.returncode == 0
    from khabar.doc import Doc

    doc = Doc.from_json(json.loads(r.stdout))
    for _w, s, e, t in doc.iter_spans():
        if t is not None:
            assert doc.text[s:e] == t


def test_jsonl_streams_utf16_and_reports_empty(tmp_path: Path) -> None:
    p = tmp_path / "u16.jsonl"
    p.write_bytes(json.dumps({"id": "x", "text": ARTICLE}, ensure_ascii=False).encode("utf-16"))
    r = run_cli("analyze", str(p))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["id"] == "x"
    e = tmp_path / "empty.jsonl"
    e.write_text("\n\n", encoding="utf-8")
    r = run_cli("analyze", str(e))
    assert r.returncode == 1 and b"[K004]" in r.stderr


def test_workers_keep_input_order(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps({"id": f"d{i}", "text": f"{ARTICLE} {i}"}, ensure_ascii=False)
                           for i in range(12)), encoding="utf-8")
    r = run_cli("analyze", "--workers", "2", str(p))
    assert r.returncode == 0, r.stderr
    assert [json.loads(x)["id"] for x in r.stdout.decode().splitlines()] == [f"d{i}" for i in range(12)]
