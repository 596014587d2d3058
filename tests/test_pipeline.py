"""The pipeline contract: registry, requirements, limits and coded errors."""

from __future__ import annotations

import time
from typing import Any

import pytest

from khabar.doc import Doc
from khabar.errors import ERRORS, KhabarError
from khabar.pipeline import REGISTRY, Pipeline, PipelineConfig, Stage, build_stage


def test_unknown_stage_is_a_coded_error() -> None:
    with pytest.raises(KhabarError) as e:
        Pipeline(PipelineConfig(stages=("text", "nonsense")))
    assert e.value.code == "K009" and "nonsense" in str(e.value)


def test_requirements_are_checked() -> None:
    with pytest.raises(KhabarError) as e:
        Pipeline(PipelineConfig(stages=("events",)))
    assert e.value.code == "K010"


def test_every_registered_stage_follows_the_contract() -> None:
    config = PipelineConfig()
    for name in REGISTRY:
        stage = build_stage(name, config)
        assert isinstance(stage, Stage)
        base, _, version = stage.name.partition("@")
        assert base and version.isdigit()


def test_size_limit() -> None:
    p = Pipeline(PipelineConfig(stages=("text",), max_chars=100))
    with pytest.raises(KhabarError) as e:
        p("ا" * 101)
    assert e.value.code == "K013"


def test_empty_text_refused() -> None:
    with pytest.raises(KhabarError) as e:
        Pipeline(PipelineConfig(stages=("text",)))("  \n ")
    assert e.value.code == "K004"


class _Slow:
    name = "slow@1"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __call__(self, doc: Doc) -> Doc:
        time.sleep(5)  # stands for a stage that hangs
        return doc


def test_time_limit_interrupts_a_hanging_stage(monkeypatch: Any) -> None:
    p = Pipeline(PipelineConfig(stages=("text",), time_limit=0.3))
    p.stages.append(_Slow())
    p.timings["slow@1"] = 0.0
    t0 = time.perf_counter()
    with pytest.raises(KhabarError) as e:
        p("قال الوزير إن المحادثات انتهت.")
    assert e.value.code == "K014" and time.perf_counter() - t0 < 3


def test_error_codes_are_unique_and_described() -> None:
    assert all(k.startswith("K") and len(k) == 4 and v for k, v in ERRORS.items())
    with pytest.raises(ValueError):
        KhabarError("K999", "x")


def test_pipeline_caps_blas_threads_unless_told_not_to() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from khabar.pipeline import Pipeline, PipelineConfig, limit_blas_threads

    def blas() -> list[int]:
        return [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]

    limit_blas_threads(2)
    Pipeline(PipelineConfig(stages=("text",), blas_threads=None))
    before = blas()
    Pipeline(PipelineConfig(stages=("text",)))
    assert blas() and all(n == 1 for n in blas())
    assert before == [min(2, n) for n in before]  # None left the pool as it was
