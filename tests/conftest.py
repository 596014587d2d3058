"""Shared fixtures: paths to ../shared (tests needing it skip cleanly without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs {p} (../shared is not present)")
    return p


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("examples", "seed", "article.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def text_pipeline():  # type: ignore[no-untyped-def]
    from khabar.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(stages=("text",)))


@pytest.fixture(scope="session")
def full_pipeline():  # type: ignore[no-untyped-def]
    from khabar.pipeline import Pipeline

    return Pipeline()
