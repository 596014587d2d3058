"""Real news for benchmarks: SaudiNewsNet articles (up to 2015-08-08) from ../shared."""

from __future__ import annotations

import json
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
NEWS = SHARED / "data" / "news" / "saudinewsnet"


def iter_articles(limit: int | None = None) -> Iterator[dict]:  # type: ignore[type-arg]
    """Yield SaudiNewsNet article records in file order (dated up to 2015-08-08 only)."""
    if not NEWS.exists():
        sys.exit(f"benchmark needs {NEWS} (../shared)")
    n = 0
    for z in sorted(NEWS.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name)):
                    if str(art.get("date_extracted", ""))[:10] > "2015-08-08" or not art.get("content"):
                        continue
                    yield art
                    n += 1
                    if limit and n >= limit:
                        return


def machine() -> dict[str, str]:
    import os
    import platform

    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": str(os.cpu_count()), "python": platform.python_version()}
