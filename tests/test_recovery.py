"""No data lost: a full disk (a size-capped SQLite database, and a real full filesystem), a
SIGKILL and a database restart in the middle of ``khabar ingest`` leave the store consistent, and
re-running ends with exactly the rows of an uninterrupted run: nothing lost, nothing duplicated.
SQLite always; PostgreSQL with KHABAR_TEST_PG (the restart also needs to reach the server's
``pg_ctl``, as ``.ci/run``'s loopback server allows)."""

from __future__ import annotations

import json
import os
import pwd
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import event_doc
from sqlalchemy import event, func, select

from khabar.pipeline import PipelineConfig
from khabar.store import open_store
from khabar.store.ingest import ingest
from khabar.store.schema import documents, metadata

ROOT = Path(__file__).resolve().parents[1]
N_RAW, N_EVENTS = 96, 16
TOTAL = N_RAW + N_EVENTS
SENTENCES = [
    "اتهمت إيران السعودية بدعم المتمردين في اليمن، وقالت إن الأدلة واضحة.",
    "وقالت مصادر مطلعة إن الاجتماع تناول سبل تعزيز التعاون الثنائي بين البلدين.",
    "وأكد المتحدث باسم التحالف أن العمليات مستمرة حتى تحقيق أهدافها في ٣ مناطق.",
    "وأعلنـت الحكومة العراقية يوم ١٢ مارس عن اتفاق جديد مع «الشركاء» في بغداد؟",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """96 raw articles (analysed by the text stage) and 16 pre-analysed ones whose events link
    into two events, interleaved, in one JSONL file."""
    recs = []
    for i in range(N_RAW):
        body = " ".join(SENTENCES[(i + j) % 4] + f" ({i}-{j})" for j in range(16))
        recs.append(json.dumps({"url": f"http://raw.example/{i}", "source": "raw", "content": body,
                                "date": "2015-07-21"}, ensure_ascii=False))
    for k in range(N_EVENTS):
        d = event_doc(f"اتهمت إيران السعودية بدعم الجماعات المسلحة في اليمن (بيان {k}).",
                      outlet=["okaz", "alriyadh", "sabq", "aawsat"][k % 4], date=f"2015-07-{20 + 5 * (k // 8)}",
                      events=[{"type": "ACCUSE", "trigger": "اتهمت", "actor": [("إيران", "IRN")],
                               "recipient": [("السعودية", "SAU")]}])
        recs.insert(k * 6 + 3, d.dumps())
    p = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    p.write_text("\n".join(recs) + "\n", "utf-8")
    return p


def dump(url: str) -> dict[str, list[str]]:
    """Every row of every table (without the ingest time), sorted; and two full-text counts."""
    out: dict[str, list[str]] = {}
    with open_store(url) as st, st.engine.connect() as c:
        for t in metadata.sorted_tables:
            if t.name == "khabar_schema":
                continue
            cols = [col for col in t.c if col.name != "ingested_at"]
            out[t.name] = sorted(repr(tuple(r)) for r in c.execute(select(*cols)))
        out["fts"] = [repr((st.counts({"text": "التحالف"})["mentions"], st.counts({"text": "اليمن"})["mentions"]))]
    return out


def n_documents(url: str) -> int:
    with open_store(url) as st, st.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(documents)).scalar_one())


def assert_same(a: dict[str, list[str]], b: dict[str, list[str]]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], f"table {name} differs ({len(a[name])} vs {len(b[name])} rows)"


def sqlite_consistent(path: Path) -> None:
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        c.execute("INSERT INTO sentences_fts(sentences_fts) VALUES('integrity-check')")  # raises if the index is off
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []


def ingest_cmd(db: str, src: Path) -> list[str]:
    return [sys.executable, "-m", "khabar.cli", "ingest", str(src), "--db", db, "--stages", "text",
            "--batch-size", "8", "--no-progress"]


ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
TEXT = PipelineConfig(stages=("text",))


@pytest.fixture(scope="module")
def sqlite_reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    rep = ingest([str(corpus)], str(db), config=TEXT, batch_size=8, progress=False)
    assert (rep.ingested, len(rep.failed)) == (TOTAL, 0)
    ref = dump(str(db))
    assert len(ref["documents"]) == TOTAL and len(ref["events"]) >= 2
    return ref


# ---------------------------------------------------------------- a full disk

def test_sqlite_full_then_rerun(corpus: Path, sqlite_reference: dict[str, list[str]], tmp_path: Path) -> None:
    """The database may grow by 60 pages only (``PRAGMA max_page_count``): the batches that do not
    fit fail with a coded reason, every stored document is whole, and a re-run with room completes."""
    db = tmp_path / "capped.db"
    st = open_store(str(db))
    with sqlite3.connect(db) as c:
        pages = c.execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(st.engine, "connect")
    def _cap(dbapi: Any, _rec: Any) -> None:
        dbapi.execute(f"PRAGMA max_page_count = {pages + 60}")

    st.engine.dispose()  # every connection from now on is capped
    rep = ingest([str(corpus)], st, config=TEXT, batch_size=8, progress=False)
    st.close()
    assert 0 < rep.ingested < TOTAL and rep.ingested + len(rep.failed) == TOTAL
    assert all("[K015]" in why and "full" in why for _, why in rep.failed), rep.failed[:3]
    sqlite_consistent(db)
    partial = dump(str(db))
    for name, rows in partial.items():  # every per-document row is one of the complete store's
        if name not in ("fts", "events", "mentions"):  # (linked events depend on what is stored so far)
            assert set(rows) <= set(sqlite_reference[name]), name
    rep2 = ingest([str(corpus)], str(db), config=TEXT, batch_size=8, progress=False)
    assert (rep2.ingested, rep2.duplicates, rep2.failed) == (TOTAL - rep.ingested, rep.ingested, [])
    sqlite_consistent(db)
    assert_same(dump(str(db)), sqlite_reference)


def _mount_tmpfs(where: Path, size: str) -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def test_full_filesystem_then_rerun(corpus: Path, sqlite_reference: dict[str, list[str]], tmp_path: Path) -> None:
    """A real ENOSPC: ``khabar ingest`` on a 512 KiB tmpfs (needs root to mount), then the
    filesystem is grown and the same command is run again."""
    mnt = tmp_path / "small"
    if not _mount_tmpfs(mnt, "512k"):
        pytest.skip("cannot mount a tmpfs here (needs root on Linux)")
    try:
        db = mnt / "corpus.db"
        first = subprocess.run(ingest_cmd(str(db), corpus), env=ENV, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in first.stderr
        stored = n_documents(str(db)) if db.exists() else 0
        assert stored < TOTAL and "full" in first.stderr, first.stderr[-2000:]
        sqlite_consistent(db)
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        again = subprocess.run(ingest_cmd(str(db), corpus), env=ENV, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        assert f"ingested {TOTAL - stored}, duplicates skipped {stored}, failed 0" in again.stderr, again.stderr
        sqlite_consistent(db)
        assert_same(dump(str(db)), sqlite_reference)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


# ---------------------------------------------------------------- PostgreSQL: SIGKILL and a restart

def _pg_database(base: str) -> Iterator[str]:
    """A fresh database on the KHABAR_TEST_PG server, dropped after; unlike conftest's, it holds no
    connection in between (the server restarts under these tests)."""
    psycopg = pytest.importorskip("psycopg")
    name = "khabar_recovery_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as e:
        pytest.skip(f"PostgreSQL at KHABAR_TEST_PG unreachable: {e}")
    try:
        yield f"{base.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(base, autocommit=True, connect_timeout=30) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_base() -> str:
    base = os.environ.get("KHABAR_TEST_PG")
    if not base:
        pytest.skip("KHABAR_TEST_PG is not set (no PostgreSQL server)")
    return base


@pytest.fixture()
def pg_url() -> Iterator[str]:
    yield from _pg_database(_pg_base())


@pytest.fixture(scope="module")
def pg_reference(corpus: Path) -> Iterator[dict[str, list[str]]]:
    for url in _pg_database(_pg_base()):
        rep = ingest([str(corpus)], url, config=TEXT, batch_size=8, progress=False)
        assert (rep.ingested, len(rep.failed)) == (TOTAL, 0)
        yield dump(url)


def _start_and_wait(url: str, src: Path, at_least: int) -> subprocess.Popen[str]:
    """Start ``khabar ingest`` and return once ``at_least`` documents are stored."""
    proc = subprocess.Popen(ingest_cmd(url, src), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 180
    with open_store(url) as st:
        while proc.poll() is None and time.time() < deadline:
            with st.engine.connect() as c:
                if c.execute(select(func.count()).select_from(documents)).scalar_one() >= at_least:
                    return proc
            time.sleep(0.02)
    proc.kill()
    raise AssertionError(f"ingest ended (or stalled) before storing {at_least} documents: "
                         f"{proc.stderr.read() if proc.stderr else ''}")


@pytest.mark.postgres
def test_postgres_sigkill_midway_then_rerun(corpus: Path, pg_reference: dict[str, list[str]], pg_url: str) -> None:
    proc = _start_and_wait(pg_url, corpus, 24)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    stored = n_documents(pg_url)
    assert 24 <= stored < TOTAL and stored % 8 == 0  # whole batches only: the one in flight rolled back
    again = subprocess.run(ingest_cmd(pg_url, corpus), env=ENV, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"ingested {TOTAL - stored}, duplicates skipped {stored}, failed 0" in again.stderr, again.stderr
    assert_same(dump(pg_url), pg_reference)


def pg_restarter(url: str) -> Callable[[], None] | None:
    """A function restarting the PostgreSQL server at ``url`` (``pg_ctl restart -m fast``) when
    it runs on this machine and we may control it (as its owner, or as root through ``su``)."""
    import psycopg

    if psycopg.conninfo.conninfo_to_dict(url).get("host") not in ("127.0.0.1", "localhost", "::1"):
        return None
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=3) as c:
            datadir = str(c.execute("SHOW data_directory").fetchone()[0])  # type: ignore[index]
            major = int(c.execute("SHOW server_version_num").fetchone()[0]) // 10000  # type: ignore[index]
    except psycopg.Error:
        return None
    pg_ctl = next((p for p in (f"/usr/lib/postgresql/{major}/bin/pg_ctl", shutil.which("pg_ctl") or "")
                   if p and os.access(p, os.X_OK)), None)
    if pg_ctl is None or not os.path.isdir(datadir):
        return None
    uid = os.stat(datadir).st_uid
    cmd = [pg_ctl, "-D", datadir, "restart", "-m", "fast", "-w", "-t", "60", "-l", f"{datadir}/khabar-restart.log"]
    if os.geteuid() == uid:
        argv = cmd
    elif os.geteuid() == 0 and shutil.which("su"):
        argv = ["su", pwd.getpwuid(uid).pw_name, "-c", shlex.join(cmd)]
    else:
        return None

    def restart() -> None:
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    return restart


def _postmaster_start(url: str) -> Any:
    import psycopg

    with psycopg.connect(url, connect_timeout=30) as c:
        return c.execute("SELECT pg_postmaster_start_time()").fetchone()[0]  # type: ignore[index]


@pytest.mark.postgres
def test_postgres_restart_midway(corpus: Path, pg_reference: dict[str, list[str]], pg_url: str) -> None:
    """The server restarts while ``khabar ingest`` writes: the batch in flight is retried, the run
    finishes with every document and no failure; a store opened before the restart still reads."""
    restart = pg_restarter(pg_url)
    if restart is None:
        pytest.skip("cannot restart the KHABAR_TEST_PG server from here (not local, or not its owner/root)")
    reader = open_store(pg_url)
    before = reader.stats()["documents"]
    started = _postmaster_start(pg_url)
    proc = _start_and_wait(pg_url, corpus, 24)
    restart()
    assert proc.poll() is None, "ingest ended before the restart"  # so the restart hit a running ingest
    assert _postmaster_start(pg_url) > started
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    done = re.search(r"ingested (\d+), duplicates skipped (\d+), failed (\d+)", err)
    assert done, err  # a batch whose commit went through but whose answer was lost counts as duplicates
    assert (int(done[1]) + int(done[2]), int(done[3])) == (TOTAL, 0), err
    assert reader.stats()["documents"] == TOTAL > before  # its pooled connections died; it reconnected
    reader.close()
    assert_same(dump(pg_url), pg_reference)
    again = subprocess.run(ingest_cmd(pg_url, corpus), env=ENV, capture_output=True, text=True, timeout=300)
    assert f"ingested 0, duplicates skipped {TOTAL}, failed 0" in again.stderr, again.stderr
