"""The pipeline contract and its single registry.

A stage is any callable ``doc = stage(doc)`` with ``name`` (versioned, e.g. ``"ner@1"``),
``requires`` and ``provides`` (layer names). Stages are built from a picklable
:class:`PipelineConfig` through ``REGISTRY``, a plain table of ``module:factory`` strings, so
nothing registers itself by import side effect and only the stages asked for are imported.
"""

from __future__ import annotations

import importlib
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from khabar import __version__
from khabar.doc import Doc
from khabar.errors import KhabarError


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, doc: Doc) -> Doc: ...


# stage name -> "module:factory"; a factory takes (options: dict, config: PipelineConfig).
REGISTRY: dict[str, str] = {
    "text": "khabar.text.stage:TextStage",
    "tagger": "khabar.models.stage:make_tagger",
    "ner": "khabar.models.stage:make_ner",
    "actors": "khabar.actors.stage:make_stage",
    "time": "khabar.time.stage:make_stage",
    "attribution": "khabar.attribution.stage:make_stage",
    "events": "khabar.events.stage:make_stage",
}

DEFAULT_STAGES: tuple[str, ...] = ("text", "tagger", "ner", "actors", "time", "attribution", "events")
DEFAULT_MAX_CHARS = 1_000_000


@dataclass
class PipelineConfig:
    """Everything needed to rebuild a pipeline (picklable: sent to worker processes)."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors_files: tuple[str, ...] = ()  # user actor dictionaries (TSV), override the shipped one
    events_files: tuple[str, ...] = ()  # user event lexicons (TSV)
    max_chars: int = DEFAULT_MAX_CHARS  # larger articles are refused with K013
    time_limit: float | None = None  # seconds per article; K014 when exceeded
    # numpy's BLAS threads in this process (None: leave as they are). The models' matrix
    # products are small: a second BLAS thread spins more than it helps, and N worker processes
    # with two threads each oversubscribe N cores.
    blas_threads: int | None = 1


def limit_blas_threads(n: int) -> None:
    """Cap the thread pools of the BLAS libraries numpy loaded (process-wide, once per call)."""
    import numpy  # noqa: F401  (loads the BLAS library, so that there is a pool to cap)

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency; without it the default stands
        return
    threadpool_limits(limits=n, user_api="blas")


def _load_factory(name: str) -> Any:
    if name not in REGISTRY:
        raise KhabarError("K009", f"unknown stage {name!r}; known: {', '.join(REGISTRY)}")
    mod, _, attr = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(mod), attr)


def build_stage(name: str, config: PipelineConfig) -> Stage:
    factory = _load_factory(name)
    opts = config.options.get(name, {})
    if name == "text":
        stage = factory()
    else:
        stage = factory(opts, config)
    return stage  # type: ignore[no-any-return]


class Pipeline:
    """An ordered list of stages checked for their requirements when built."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        if self.config.blas_threads is not None:
            limit_blas_threads(self.config.blas_threads)
        self.stages: list[Stage] = []
        have: set[str] = set()
        for name in self.config.stages:
            stage = build_stage(name, self.config)
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise KhabarError("K010", f"stage {stage.name} needs {', '.join(missing)} from an earlier stage")
            have.update(stage.provides)
            self.stages.append(stage)
        self.timings: dict[str, float] = {s.name: 0.0 for s in self.stages}

    @property
    def producer(self) -> dict[str, Any]:
        models: dict[str, str] = {}
        for s in self.stages:
            base, _, ver = s.name.partition("@")
            models[base] = getattr(s, "model_version", None) or ver or "1"
        return {"khabar": __version__, "models": models}

    def make_doc(self, text: str, *, id: str = "", date: str | None = None,
                 source: dict[str, Any] | None = None) -> Doc:
        if len(text) > self.config.max_chars:
            raise KhabarError("K013", f"article has {len(text):,} characters; the limit is {self.config.max_chars:,}")
        if not text.strip():
            raise KhabarError("K004", "text is empty")
        return Doc(text=text, id=id, date=date, source=source)

    def __call__(self, doc_or_text: Doc | str, *, id: str = "", date: str | None = None) -> Doc:
        doc = self.make_doc(doc_or_text, id=id, date=date) if isinstance(doc_or_text, str) else doc_or_text
        limit = self.config.time_limit
        alarm = limit is not None and limit > 0 and threading.current_thread() is threading.main_thread()
        current = ["start"]
        if alarm:
            def _timeout(signum: int, frame: object) -> None:
                raise KhabarError("K014", f"analysis took over {limit:g}s (stopped in {current[0]})")

            old = signal.signal(signal.SIGALRM, _timeout)
            signal.setitimer(signal.ITIMER_REAL, float(limit or 0))
        t_start = time.perf_counter()
        try:
            for stage in self.stages:
                current[0] = stage.name
                t0 = time.perf_counter()
                doc = stage(doc)
                t1 = time.perf_counter()
                self.timings[stage.name] += t1 - t0
                if limit is not None and t1 - t_start > limit:
                    raise KhabarError("K014", f"analysis took over {limit:g}s (stopped after {stage.name})")
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        doc.producer = self.producer
        return doc

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


_CACHE: dict[int, Pipeline] = {}


def analyze(text: str, *, date: str | None = None, id: str = "",
            config: PipelineConfig | None = None) -> Doc:
    """Analyse one article with the default (or given) pipeline, built once per process."""
    key = id_of(config)
    if key not in _CACHE:
        _CACHE[key] = Pipeline(config)
    return _CACHE[key](text, id=id, date=date)


def id_of(config: PipelineConfig | None) -> int:
    return 0 if config is None else hash(repr(config))
