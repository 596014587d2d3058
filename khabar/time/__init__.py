"""The time stage: Arabic time expressions found and resolved to TIMEX3 values (``stage.py``)."""

from __future__ import annotations

from importlib.util import find_spec


def build() -> str:
    """How the time stage's modules run: "mypyc" when ``pip install .`` compiled them to C (see
    ``setup.py``), "python" otherwise; the output is the same, only the speed differs. (Read off
    the module's file without importing it.)"""
    spec = find_spec("khabar.time.stage")
    origin = spec.origin if spec is not None else None
    return "python" if origin is None or origin.endswith(".py") else "mypyc"
