"""Reading gold folders (``article.txt`` + ``gold.json``, see GOLD.md) and shared scoring helpers.

A gold anchor is a substring of one paragraph (line) of ``article.txt``; ``GoldDoc.anchor``
finds its character span in the whole text. System records are placed in the paragraph that
contains their start, and matched one-to-one, greedily, preferring overlap with the anchor.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from khabar.errors import KhabarError

T = TypeVar("T")
G = TypeVar("G")


@dataclass
class GoldDoc:
    """One gold folder: the article text, its paragraphs' offsets and the annotation."""

    path: Path
    text: str
    date: str | None
    gold: dict[str, Any]
    para_spans: list[tuple[int, int]] = field(default_factory=list)

    def para_of(self, offset: int) -> int:
        for i, (s, e) in enumerate(self.para_spans):
            if s <= offset <= e:
                return i
        return len(self.para_spans) - 1

    def anchor(self, para: int, sub: str, nth: int = 0) -> tuple[int, int] | None:
        """Character span of ``sub`` in paragraph ``para`` (the nth occurrence), or None."""
        if sub is None or para >= len(self.para_spans):
            return None
        s, e = self.para_spans[para]
        line = self.text[s:e]
        i = -1
        for _ in range(nth + 1):
            i = line.find(sub, i + 1)
            if i < 0:
                return None
        return s + i, s + i + len(sub)


def load_gold_dir(path: str | Path) -> GoldDoc:
    """Load ``gold.json`` and its article from a folder (or the gold.json path itself)."""
    p = Path(path)
    gpath = p / "gold.json" if p.is_dir() else p
    if not gpath.exists():
        raise KhabarError("K018", f"{p}: no gold.json")
    try:
        gold = json.loads(gpath.read_text("utf-8"))
    except json.JSONDecodeError as e:
        raise KhabarError("K018", f"{gpath}: invalid JSON ({e.msg})") from None
    art = gpath.parent / gold.get("doc", "article.txt")
    if not art.exists():
        raise KhabarError("K018", f"{gpath}: article {art.name} not found")
    text = art.read_text("utf-8")
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return GoldDoc(gpath.parent, text, gold.get("date"), gold, spans)


def find_gold_dirs(paths: Sequence[str | Path]) -> list[Path]:
    """Every folder holding a gold.json under the given paths (recursively)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_file() and p.name == "gold.json":
            out.append(p.parent)
        elif p.is_dir():
            out.extend(sorted(g.parent for g in p.rglob("gold.json")))
        else:
            raise KhabarError("K018", f"{p}: not a gold folder")
    return out


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def greedy_match(
    gold: Sequence[G], system: Sequence[T], compatible: Callable[[G, T], bool],
    score: Callable[[G, T], float],
) -> list[tuple[int, int]]:
    """One-to-one matching: all compatible pairs sorted by descending score, taken greedily."""
    pairs = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            if compatible(g, s):
                pairs.append((score(g, s), i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        out.append((i, j))
    return out


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}
