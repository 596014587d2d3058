"""Local engine: analyse articles on N processes, each building the pipeline once.

Workers receive the picklable :class:`~khabar.pipeline.PipelineConfig` once (in the pool
initialiser) and then only article texts; results come back as khabar/1 JSON strings in
input order. With ``workers <= 1`` everything runs in this process.
"""

from __future__ import annotations

import collections
import itertools
import json
import multiprocessing as mp
from collections.abc import Iterable, Iterator
from typing import Any

from khabar.errors import KhabarError
from khabar.pipeline import Pipeline, PipelineConfig

_PIPELINE: Pipeline | None = None

# (id, text, date, source) in; ("ok", json) or ("error", "[Kxxx] message") out
Job = tuple[str, str, str | None, dict[str, Any] | None]
Result = tuple[str, str]


def _init(config: PipelineConfig) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(config)


def _run(job: Job) -> Result:
    assert _PIPELINE is not None
    id_, text, date, source = job
    try:
        doc = _PIPELINE(_PIPELINE.make_doc(text, id=id_, date=date, source=source))
    except KhabarError as e:
        return "error", str(e)
    return "ok", json.dumps(doc.to_json(), ensure_ascii=False)


def analyze_many(jobs: Iterable[Job], config: PipelineConfig | None = None, workers: int = 1,
                 chunksize: int = 8) -> Iterator[Result]:
    """Analyse jobs in order on ``workers`` processes; yields one result per job."""
    config = config or PipelineConfig()
    if workers <= 1:
        _init(config)
        for job in jobs:
            yield _run(job)
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    it = iter(jobs)
    window = max(1, workers * chunksize * 4)  # bounded: never read far ahead of the output
    with ctx.Pool(workers, initializer=_init, initargs=(config,)) as pool:
        # two windows in flight: while the results of one are consumed, the workers already
        # run the next, so no core idles at a window's tail; read-ahead stays ≤ 2 windows
        pending: collections.deque[Iterator[Result]] = collections.deque()
        while True:
            batch = list(itertools.islice(it, window))
            if batch:
                pending.append(pool.imap(_run, batch, chunksize=chunksize))
            if not pending:
                break
            if batch and len(pending) < 2:
                continue
            yield from pending.popleft()
