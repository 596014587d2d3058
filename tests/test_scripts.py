"""Every training and benchmark script explains itself on ``--help`` and does no work then (a
script that ignored its arguments used to refit a shipped model when asked for help)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for d in ("training", "benchmarks") for p in (ROOT / d).glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_help_explains_and_does_nothing(script: Path, tmp_path: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "khabar").rglob("data/*") if p.is_file()}
    r = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120,
                       cwd=tmp_path)
    if r.returncode != 0 and "ModuleNotFoundError" in r.stderr:
        pytest.skip(f"optional dependency missing: {r.stderr.strip().splitlines()[-1]}")
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.startswith("usage:"), r.stdout[:500]
    assert len(r.stdout.splitlines()) > 2, "the help should say what the script does"
    after = {p: p.stat().st_mtime_ns for p in before}
    assert after == before, "--help changed shipped data files"
