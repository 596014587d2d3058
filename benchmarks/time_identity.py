"""Dump every time expression the time stage finds, to compare two builds (or two commits) byte
for byte: news articles (SaudiNewsNet up to 2015-08-08), Duckling's Arabic cases and the
regression suite, each with its own date, no date and 2024-02-29, under three option sets.

    python benchmarks/time_identity.py OUT.jsonl [--articles 800]
    # e.g. the compiled install against the checkout's plain Python:
    .venv/bin/python benchmarks/time_identity.py /tmp/compiled.jsonl
    PYTHONPATH=. python benchmarks/time_identity.py /tmp/pure.jsonl  # a checkout: plain Python
    cmp /tmp/compiled.jsonl /tmp/pure.jsonl

One JSON line per run (its timexes: id, offsets, text, type, value, calendar, extra); the build
that ran is printed to stderr with the counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _news import SHARED, iter_articles

HERE = Path(__file__).resolve().parent
OPTIONS: tuple[dict[str, object], ...] = ({}, {"default_direction": "future"}, {"anaphora": False})


def texts(n_articles: int) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = [(a["content"], a.get("date")) for a in iter_articles(n_articles)]
    duck = SHARED / "data" / "time" / "duckling_ar_time.jsonl"
    for line in duck.read_text("utf-8").splitlines():
        if line.strip():
            c = json.loads(line)
            out.append((c["text"], c["reference_time"][:10]))
    for line in (HERE.parent / "tests" / "data" / "time_suite.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            c = json.loads(line)
            out.append((c["text"], c.get("date")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="JSONL file to write")
    ap.add_argument("--articles", type=int, default=800, help="news articles (besides the two suites)")
    a = ap.parse_args()

    from khabar.doc import Doc
    from khabar.text.stage import TextStage
    from khabar.time import build
    from khabar.time.stage import TimeStage

    text_stage = TextStage()
    stages = [TimeStage(dict(o)) for o in OPTIONS]
    runs = found = 0
    with a.out.open("w", encoding="utf-8") as out:
        for text, date in texts(a.articles):
            for d in (date, None, "2024-02-29"):
                for stage in stages:
                    doc = stage(text_stage(Doc(text=text, date=d)))
                    rows = [(t.id, t.start, t.end, t.text, t.type, t.value, t.calendar,
                             sorted(t.extra.items(), key=str)) for t in doc.timexes]
                    out.write(json.dumps(rows, ensure_ascii=False, default=str) + "\n")
                    runs += 1
                    found += len(rows)
    print(f"time stage build {build()}: {runs:,} runs, {found:,} timexes → {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
