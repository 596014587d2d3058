"""Ingest: read sources, analyse every article, store it, link its events.

Idempotent and resumable: a document's identity is a hash of its normalised text and source;
stored keys are skipped before analysis, and documents are written in transactional batches,
so a run killed at any point (Ctrl-C, crash, SIGKILL) loses at most the batch in flight and a
re-run ends with exactly the rows of an uninterrupted run. With ``workers > 1`` each worker
process builds the pipeline once from the picklable ``PipelineConfig``, takes whole units
(files, zip members, or item shards of them) from a queue, reads and analyses them itself and
sends back flattened rows; the parent only writes and links. Failures are recorded with their
reason and never stop the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from khabar.doc import Doc
from khabar.errors import KhabarError
from khabar.io import Article
from khabar.pipeline import Pipeline, PipelineConfig
from khabar.store.db import Store, open_store
from khabar.store.readers import FieldMap, Unit, count_unit, expand, read_unit, shard_units
from khabar.store.rows import DocRows, doc_rows, document_key

Message = tuple[str, str, Any]  # (kind, origin, payload): ok/dup/fail/start/exit


@dataclass
class IngestReport:
    """What a run did: counts, failures with reasons, speed."""

    ingested: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    events_changed: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def seen(self) -> int:
        return self.ingested + self.duplicates + len(self.failed)

    def to_json(self) -> dict[str, Any]:
        reasons = Counter(r.split("]", 1)[0] + "]" if r.startswith("[") else r for _, r in self.failed)
        return {
            "ingested": self.ingested, "duplicates": self.duplicates, "failed": len(self.failed),
            "failed_by_code": dict(sorted(reasons.items())), "failures": [{"where": w, "reason": r}
                                                                          for w, r in self.failed],
            "events_changed": self.events_changed, "seconds": round(self.seconds, 2),
            "articles_per_s": round(self.seen / self.seconds, 2) if self.seconds else None,
            "interrupted": self.interrupted,
        }

    def summary(self) -> str:
        rate = f", {self.seen / self.seconds:.1f} articles/s" if self.seconds else ""
        return (f"ingested {self.ingested:,}, duplicates skipped {self.duplicates:,}, failed {len(self.failed):,} "
                f"({self.seconds:.1f} s{rate})")


def resolve_date(art: Article, default: str | None) -> str | None:
    """The article's reference date: its own (validated), the default, or its dateline."""
    if art.date:
        try:
            return dt.date.fromisoformat(art.date[:10]).isoformat()
        except ValueError:
            pass
    if default:
        return default
    try:
        from khabar.time.dateline import publication_date  # type: ignore[import-not-found]
    except ImportError:
        return None
    d = publication_date(art.text)
    return str(d) if d else None


def process_unit(unit: Unit, pipeline: Pipeline, known: set[str] | frozenset[str], fields: FieldMap,
                 default_date: str | None) -> Iterator[Message]:
    """Read one unit and analyse its new articles: yield ok (rows) / dup / fail messages."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for item in read_unit(unit, fields):
        if isinstance(item, KhabarError):
            yield ("fail", unit.name, str(item))
            continue
        where = item.origin or unit.name
        try:
            key = document_key(item.text, item.source)
            if key in known:
                yield ("dup", where, key)
                continue
            if "khabar/1" in item.extra:
                doc = Doc.from_json(item.extra["khabar/1"])  # validated; analysed elsewhere
            else:
                doc = pipeline.make_doc(item.text, id=item.id, date=resolve_date(item, default_date),
                                        source=item.source)
                doc = pipeline(doc)
            rows = doc_rows(doc, origin=where, ingested_at=now)
        except KhabarError as e:
            yield ("fail", where, str(e))
            continue
        except Exception as e:  # noqa: BLE001 - one article's failure must not stop the corpus
            yield ("fail", where, f"[{type(e).__name__}] {e}")
            continue
        yield ("ok", where, rows)


# ---------------------------------------------------------------- worker processes

def _put(q: Any, msg: Message, parent: int) -> None:
    while True:
        try:
            q.put(msg, timeout=1.0)
            return
        except queue.Full:
            if os.getppid() != parent:  # the ingest process is gone (killed): stop quietly
                os._exit(1)


def _worker(config: PipelineConfig, tasks: Any, results: Any, known: set[str], fields: FieldMap,
            default_date: str | None, parent: int) -> None:
    """A worker process: build the pipeline once, then read and analyse units until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        pipeline = Pipeline(config)
    except Exception as e:  # noqa: BLE001 - reported by the parent, which then stops
        _put(results, ("fatal", "", f"cannot build the pipeline: {e}"), parent)
        return
    pid = os.getpid()
    while True:
        try:
            unit = tasks.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)
            continue
        if unit is None:
            break
        _put(results, ("start", unit.name, pid), parent)
        for msg in process_unit(unit, pipeline, known, fields, default_date):
            if os.getppid() != parent:
                os._exit(1)
            _put(results, msg, parent)
    _put(results, ("exit", "", pid), parent)


def _parallel(units: list[Unit], config: PipelineConfig, workers: int, known: set[str], fields: FieldMap,
              default_date: str | None, stop: Callable[[], bool]) -> Iterator[Message]:
    """Messages from ``workers`` processes; a worker that dies is reported and replaced."""
    methods = mp.get_all_start_methods()
    ctx: Any = mp.get_context("fork" if "fork" in methods else "spawn")
    tasks: Any = ctx.Queue()
    results: Any = ctx.Queue(maxsize=workers * 16)
    for u in units:
        tasks.put(u)
    for _ in range(workers):
        tasks.put(None)
    parent = os.getpid()
    args = (config, tasks, results, known, fields, default_date, parent)
    procs: dict[int, Any] = {}

    def spawn() -> None:
        p = ctx.Process(target=_worker, args=args, daemon=True)
        p.start()
        procs[p.pid] = p

    for _ in range(workers):
        spawn()
    current: dict[int, str] = {}
    exited = 0
    try:
        while exited < workers and not stop():
            try:
                kind, where, payload = results.get(timeout=0.5)
            except queue.Empty:
                for pid, p in list(procs.items()):
                    if not p.is_alive() and p.exitcode not in (0, None):
                        del procs[pid]
                        unit = current.pop(pid, "?")
                        yield ("fail", unit, f"[worker] process died (exit code {p.exitcode}) while reading it; "
                                             "its remaining articles were skipped (re-run to retry them)")
                        tasks.put(None)  # the replacement needs its own stop marker
                        spawn()
                continue
            if kind == "start":
                current[int(payload)] = where
            elif kind == "exit":
                exited += 1
                current.pop(int(payload), None)
            elif kind == "fatal":
                raise KhabarError("K011", payload)
            else:
                yield (kind, where, payload)
    finally:
        for p in procs.values():
            if p.is_alive():
                p.terminate()
        for p in procs.values():
            p.join(timeout=5)
        results.cancel_join_thread()
        tasks.cancel_join_thread()


def _serial(units: list[Unit], config: PipelineConfig, known: set[str], fields: FieldMap,
            default_date: str | None) -> Iterator[Message]:
    pipeline = Pipeline(config)
    for u in units:
        yield from process_unit(u, pipeline, known, fields, default_date)


# ---------------------------------------------------------------- the run

def ingest(sources: list[str], store: Store | str, *, config: PipelineConfig | None = None, workers: int = 1,
           batch_size: int = 64, fields: FieldMap | None = None, default_date: str | None = None,
           limit: int | None = None, progress: bool = True, count: bool = True) -> IngestReport:
    """Ingest ``sources`` into ``store``; see the module docstring for the guarantees."""
    t0 = time.perf_counter()
    config = config or PipelineConfig()
    fields = fields or FieldMap()
    st = open_store(store) if isinstance(store, str) else store
    report = IngestReport()
    units, errors = expand(sources)
    for e in errors:
        report.failed.append((e.message.split(":", 1)[0], str(e)))
    workers = max(1, int(workers))
    units = shard_units(units, workers)
    known = st.known_keys()
    total = None
    if count and progress:
        if sys.stderr.isatty():
            print("khabar: counting articles…", file=sys.stderr, flush=True)
        whole: dict[tuple[str, str | None], int] = {}
        for u in units:
            if (u.path, u.member) not in whole:
                whole[(u.path, u.member)] = count_unit(Unit(u.path, u.member), fields)
        total = sum(len(range(u.shard, whole[(u.path, u.member)], u.nshards)) for u in units)
        if limit is not None:
            total = min(total, limit)
    bar = _progress(total, progress)
    batch: list[DocRows] = []

    def flush() -> None:
        with _sigint_deferred():  # a batch is written whole: Ctrl-C waits for its commit
            _flush()

    def _flush() -> None:
        if not batch:
            return
        try:
            res = st.add_rows(batch)
            report.ingested += len(res.added)
            report.duplicates += len(res.duplicates)
            report.events_changed += len(res.events)
        except KhabarError:
            for rows in batch:  # find the document the database refuses; keep the others
                try:
                    res = st.add_rows([rows])
                    report.ingested += len(res.added)
                    report.duplicates += len(res.duplicates)
                    report.events_changed += len(res.events)
                except KhabarError as e:
                    report.failed.append((rows.document.get("origin") or rows.key, str(e)))
        batch.clear()

    def stop() -> bool:
        return limit is not None and report.seen + len(batch) >= limit

    msgs = (_parallel(units, config, workers, known, fields, default_date, stop) if workers > 1
            else _serial(units, config, known, fields, default_date))
    try:
        for kind, where, payload in msgs:
            if kind == "ok":
                batch.append(payload)
                if len(batch) >= batch_size:
                    flush()
            elif kind == "dup":
                report.duplicates += 1
            elif kind == "fail":
                report.failed.append((where, str(payload)))
            bar.update(1)
            bar.set_postfix(ok=report.ingested + len(batch), dup=report.duplicates, fail=len(report.failed),
                            refresh=False)
            if stop():
                break
        flush()
    except KeyboardInterrupt:  # keep what is analysed; a re-run resumes from there
        report.interrupted = True
        flush()
    finally:
        if hasattr(msgs, "close"):
            msgs.close()
        bar.close()
        report.seconds = time.perf_counter() - t0
        if isinstance(store, str):
            st.close()
    return report


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C until the block ends (then raise it), so a transaction is never cut mid-way
    and its connection never keeps the write lock; a no-op outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old if old is not None else signal.default_int_handler)
    if got:
        raise KeyboardInterrupt


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def set_postfix(self, **kw: Any) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int | None, enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is in the store extra
        return _NoBar()
    return tqdm(total=total, unit="art", file=sys.stderr, dynamic_ncols=True, smoothing=0.05,
                desc="ingest", mininterval=0.5)
