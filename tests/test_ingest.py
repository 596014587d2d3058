"""Ingest: every input format, failures that do not stop the run, idempotence, workers, and
resuming after SIGKILL with exactly the rows of an uninterrupted run."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import event_doc
from sqlalchemy import select

from khabar.errors import KhabarError
from khabar.io import Article
from khabar.pipeline import Pipeline, PipelineConfig
from khabar.store import open_store
from khabar.store.ingest import ingest
from khabar.store.readers import FieldMap, Unit, expand, read_unit, shard_units
from khabar.store.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
TEXT_ONLY = PipelineConfig(stages=("text",))
ART1 = "الرياض - واس: استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر اليمامة اليوم وزير الخارجية الفرنسي."
ART2 = "القاهرة: أعلنت وزارة الخارجية المصرية أمس أن وفدا رسميا سيزور الخرطوم الأسبوع المقبل لبحث ملف سد النهضة."


def snn(text: str, i: int) -> dict:  # type: ignore[type-arg]
    """A record with SaudiNewsNet's field names."""
    return {"source": "okaz", "url": f"http://okaz.example/{i}", "date_extracted": "2015-07-21 02:51:32",
            "title": f"خبر {i}", "author": "الرياض", "content": text}


def _arts(items) -> list[Article]:  # type: ignore[no-untyped-def]
    out = []
    for it in items:
        assert not isinstance(it, KhabarError), it
        out.append(it)
    return out


def _read(path: Path, fields: FieldMap | None = None) -> list:  # type: ignore[type-arg]
    units, errors = expand([str(path)])
    assert not errors
    return [x for u in units for x in read_unit(u, fields)]


def test_jsonl_with_common_field_names_and_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join([json.dumps(snn(ART1, 1), ensure_ascii=False), "{not json",
                            json.dumps({"title": "بلا نص"}, ensure_ascii=False), "",
                            json.dumps({"id": "x2", "body": ART2, "published": "2015-07-22"}, ensure_ascii=False)]),
                 "utf-8")
    items = _read(p)
    errors = [x for x in items if isinstance(x, KhabarError)]
    arts = [x for x in items if not isinstance(x, KhabarError)]
    assert [e.code for e in errors] == ["K005", "K005"] and ":2:" in errors[0].message
    assert (arts[0].text, arts[0].date, arts[0].source["outlet"]) == (ART1, "2015-07-21", "okaz")  # type: ignore[index]
    assert (arts[1].id, arts[1].date) == ("x2", "2015-07-22")


def test_json_array_object_zip_gz_and_field_flags(tmp_path: Path) -> None:
    (tmp_path / "arr.json").write_text(json.dumps([snn(ART1, 1), snn(ART2, 2)], ensure_ascii=False), "utf-8")
    (tmp_path / "obj.json").write_text(json.dumps({"articles": [{"text": ART1}]}, ensure_ascii=False), "utf-8")
    with zipfile.ZipFile(tmp_path / "day.zip", "w") as z:
        z.writestr("2015-07-21.json", json.dumps([snn(ART2, 3)], ensure_ascii=False))
        z.writestr("note.txt", ART1)
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(json.dumps({"content": ART2}, ensure_ascii=False).encode()))
    (tmp_path / "README").write_text("not an article")  # folders: only known formats are read
    units, errors = expand([str(tmp_path)])
    assert not errors and [Path(u.path).name for u in units] == ["arr.json", "day.zip", "day.zip", "obj.json",
                                                                  "x.jsonl.gz"]
    arts = _arts(x for u in units for x in read_unit(u))
    assert [a.text for a in arts] == [ART1, ART2, ART2, ART1, ART1, ART2]
    assert arts[2].origin.endswith("day.zip!2015-07-21.json item 0")
    custom = tmp_path / "custom.jsonl"
    custom.write_text(json.dumps({"nass": ART1, "tarikh": "2015-08-01", "jarida": "sabq"}, ensure_ascii=False))
    assert isinstance(_read(custom)[0], KhabarError)
    (a,) = _read(custom, FieldMap(text="nass", date="tarikh", outlet="jarida"))
    assert (a.text, a.date, a.source) == (ART1, "2015-08-01", {"outlet": "sabq"})


def test_html_rss_atom_warc_txt(tmp_path: Path) -> None:
    para = "".join(f"<p>{ART1} {ART2}</p>" for _ in range(3))
    (tmp_path / "p.html").write_text(f"<html><head><title>زيارة</title></head><body><nav>الرئيسية</nav>"
                                     f"<article>{para}</article><script>alert(1)</script></body></html>", "utf-8")
    (a,) = _arts(_read(tmp_path / "p.html"))
    assert ART1 in a.text and "alert" not in a.text
    rss = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>عكاظ</title>'
           f'<item><title>زيارة</title><link>http://okaz.example/9</link><pubDate>Tue, 21 Jul 2015 08:00:00 +0300'
           f'</pubDate><description>&lt;p&gt;{ART1}&lt;/p&gt;</description></item>'
           f'<item><title>فارغ</title></item></channel></rss>')
    (tmp_path / "f.rss").write_text(rss, "utf-8")
    items = _read(tmp_path / "f.rss")
    assert isinstance(items[1], KhabarError)
    assert ART1 in items[0].text and (items[0].date, items[0].source["outlet"]) == ("2015-07-21", "عكاظ")
    atom = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>سبق</title>'
            f'<entry><title>خبر</title><link href="http://sabq.example/1"/><published>2015-07-23T10:00:00Z</published>'
            f'<content type="html">{ART2}</content></entry></feed>')
    (tmp_path / "f.xml").write_text(atom, "utf-8")
    (e,) = _arts(_read(tmp_path / "f.xml"))
    assert (e.id, e.date) == ("http://sabq.example/1", "2015-07-23") and ART2 in e.text
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    html = f"<html><body><article>{para}</article></body></html>".encode()
    w.write_record(w.create_warc_record("http://aawsat.example/a", "response", payload=io.BytesIO(html),
                                        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                                                      protocol="HTTP/1.1")))
    w.write_record(w.create_warc_record("http://aawsat.example/gone", "response", payload=io.BytesIO(b"x"),
                                        http_headers=StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")],
                                                                      protocol="HTTP/1.1")))
    (tmp_path / "c.warc.gz").write_bytes(buf.getvalue())
    (wa,) = _arts(_read(tmp_path / "c.warc.gz"))
    assert wa.source == {"url": "http://aawsat.example/a"} and ART1 in wa.text and wa.date
    (tmp_path / "t.txt").write_text("\ufeff" + ART1, "utf-8")
    assert _arts(_read(tmp_path / "t.txt"))[0].text == ART1
    (tmp_path / "bad.bin").write_bytes(b"\x00\x01\x02" * 10)
    assert isinstance(_read(tmp_path / "bad.bin")[0], KhabarError)


def test_shards_cover_every_item_once(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(json.dumps({"text": f"{ART1} {i}"}, ensure_ascii=False) for i in range(7)))
    units = shard_units([Unit(str(p))], 3, per_worker=1)
    assert len(units) == 3
    assert len(shard_units([Unit(str(p)), Unit(str(p) + "x")], 2)) == 32  # 16 pieces per worker
    texts = sorted(a.text for u in units for a in _arts(read_unit(u)))
    assert texts == sorted(f"{ART1} {i}" for i in range(7))


def test_ingest_report_idempotent_and_failures(store_url: str, tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    lines = [json.dumps(snn(ART1, 1), ensure_ascii=False), json.dumps(snn(ART2, 2), ensure_ascii=False),
             json.dumps(snn(ART1, 1), ensure_ascii=False), "{oops", json.dumps({"content": "   "})]
    p.write_text("\n".join(lines), "utf-8")
    r = ingest([str(p), str(tmp_path / "missing.txt")], store_url, config=TEXT_ONLY, progress=False)
    assert (r.ingested, r.duplicates, len(r.failed)) == (2, 1, 3)
    assert sorted(f[1][:6] for f in r.failed) == ["[K001]", "[K004]", "[K005]"]  # missing, empty, bad JSON
    again = ingest([str(p)], store_url, config=TEXT_ONLY, progress=False)
    assert (again.ingested, again.duplicates) == (0, 3)
    with open_store(store_url) as st:
        assert st.stats()["documents"] == 2


def test_default_pipeline_on_two_articles(store_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ART1, "utf-8")
    (tmp_path / "b.txt").write_text(ART2, "utf-8")
    r = ingest([str(tmp_path)], store_url, progress=False, default_date="2015-07-21")
    assert r.ingested == 2 and not r.failed
    pipe = Pipeline()
    with open_store(store_url) as st:
        for text in (ART1, ART2):
            want = pipe(pipe.make_doc(text, date="2015-07-21"))
            got = st.get_document(want.id)
            assert got is not None
            got.pop("store")
            assert got == json.loads(want.dumps())
            assert st.counts({"doc": st.get_document(want.id)["store"]["key"]})["mentions"] == len(want.events)


# ---------------------------------------------------------------- kill -9 and resume

def _kill_corpus(tmp_path: Path) -> Path:
    """120 raw articles (analysed by the text stage) and 24 pre-analysed ones with linked events."""
    sents = [ART1, ART2, "وأكد المتحدث باسم التحالف أن العمليات مستمرة حتى تحقيق أهدافها.",
             "وقالت مصادر مطلعة إن الاجتماع تناول سبل تعزيز التعاون الثنائي بين البلدين."]
    recs = []
    for i in range(120):  # 100 sentences each: enough work left after the 40th row for a signal to land
        body = " ".join(sents[(i + j) % 4] + f" ({i}-{j})" for j in range(100))
        recs.append(json.dumps({"url": f"http://raw.example/{i}", "source": "raw", "content": body,
                                "date": "2015-07-21"}, ensure_ascii=False))
    for k in range(24):
        outlet = ["okaz", "alriyadh", "sabq", "aawsat"][k % 4]
        day = f"2015-07-{20 + 3 * (k // 8):02d}"  # three days apart: three separate events
        d = event_doc(f"اتهمت إيران السعودية بدعم الجماعات المسلحة في اليمن والعراق (رقم {k // 4}).",
                      outlet=outlet, date=day,
                      events=[{"type": "ACCUSE", "trigger": "اتهمت", "actor": [("إيران", "IRN")],
                               "recipient": [("السعودية", "SAU")]}])
        recs.insert(k * 5, d.dumps())
    p = tmp_path / "corpus.jsonl"
    p.write_text("\n".join(recs), "utf-8")
    return p


def _dump(db: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with open_store(str(db)) as st, st.engine.connect() as c:
        out = {}
        for t in metadata.sorted_tables:
            if t.name == "khabar_schema":
                continue
            cols = [col for col in t.c if col.name not in ("ingested_at",)]
            out[t.name] = sorted(tuple(r) for r in c.execute(select(*cols)))
        out["fts"] = [(st.counts({"text": "التحالف"})["mentions"], st.counts({"text": "اليمن"})["mentions"])]
    return out


def _cmd(db: Path, src: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "khabar.cli", "ingest", str(src), "--db", str(db), "--stages", "text",
            "--batch-size", "8", "--no-progress", "--workers", str(workers)]


@pytest.mark.parametrize("workers,sig", [(1, signal.SIGKILL), (2, signal.SIGKILL), (2, signal.SIGINT)],
                         ids=["kill-1-worker", "kill-2-workers", "ctrl-c-2-workers"])
def test_sigkill_midway_then_rerun_gives_the_same_rows(tmp_path: Path, workers: int, sig: int) -> None:
    src = _kill_corpus(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ref, killed = tmp_path / "ref.db", tmp_path / "killed.db"
    subprocess.run(_cmd(ref, src, 1), check=True, env=env, capture_output=True, timeout=300)
    total = len(_dump(ref)["documents"])
    assert total == 144
    proc = subprocess.Popen(_cmd(killed, src, workers), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    seen = 0
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:
        try:
            with sqlite3.connect(killed, timeout=5) as c:
                seen = c.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            seen = 0
        if seen >= 40:
            proc.send_signal(sig)
            break
        time.sleep(0.02)
    _, err = proc.communicate(timeout=180)
    with sqlite3.connect(killed) as c:
        stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 40 <= stored < total, "ingest finished before it could be stopped"
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:  # Ctrl-C: what is analysed is kept, the report says how to resume, no traceback
        assert proc.returncode == 130 and "run the same command again to resume" in err and "Traceback" not in err
    done = subprocess.run(_cmd(killed, src, workers), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"ingested {total - stored}, duplicates skipped {stored}" in done.stderr
    a, b = _dump(ref), _dump(killed)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name
    assert len(a["events"]) == 3 and sorted(r[11] for r in a["events"]) == [8, 8, 8]  # n_mentions by day
