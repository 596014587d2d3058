"""CAMEO compatibility: root code, QuadClass and Goldstein weight for a PLOVER type/mode.

The table ``data/cameo.tsv`` is derived by ``training/build_cameo_table.py`` from the PLOVER
project's CAMEO→PLOVER correspondence; see that script for the method and sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from khabar.events.lexicon import shipped_text


class CameoTable:
    """Lookup of (type, mode) → (cameo root, quad class, goldstein)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[str, int, float]] = {}
        for line in shipped_text("cameo.tsv").splitlines():
            if not line or line.startswith("#") or line.startswith("type\t"):
                continue
            typ, mode, root, quad, gold = line.split("\t")[:5]
            self.rows[(typ, mode)] = (root, int(quad), float(gold))

    def lookup(self, event: str, modes: Sequence[str] = (), context: Sequence[str] = ()) -> tuple[str, int, float]:
        for m in modes:
            if (event, m) in self.rows:
                return self.rows[(event, m)]
        if event == "ASSAULT" and ("military" in context or any(m in ("aerial", "drone") for m in modes)):
            return self.rows.get(("ASSAULT", "firearms"), ("19", 4, -10.0))
        return self.rows.get((event, "*"), ("", 0, 0.0))
