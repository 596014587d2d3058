"""``khabar eval KIND``: re-measure a stage on its held-out data (each KIND is a module)."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

EVALS: dict[str, tuple[str, str]] = {
    "ner": ("khabar.eval.ner", "entity F1 on the ANERcorp CAMeL test split"),
    "segment": ("khabar.eval.ud", "clitic segmentation F1 on UD Arabic-PUD raw text"),
    "pos": ("khabar.eval.ud", "UPOS accuracy on UD Arabic-PUD raw text"),
    "parse": ("khabar.eval.ud", "UAS/LAS on UD Arabic-PUD"),
    "time": ("khabar.eval.time", "Duckling Arabic time suite and the time regression suite"),
    "attribution": ("khabar.eval.attribution", "attribution scores on gold folders (GOLD.md)"),
    "events": ("khabar.eval.events", "event scores on gold folders (GOLD.md)"),
    "actors": ("khabar.eval.actors", "actor phrase suite and entity codes on gold folders"),
}


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "eval", help="measure a stage on held-out data",
        description="Measure a stage. KIND: " + "; ".join(f"{k}: {v[1]}" for k, v in EVALS.items()),
    )
    p.add_argument("kind", choices=sorted(EVALS))
    p.add_argument("rest", nargs=argparse.REMAINDER, help="arguments for that evaluation (see KIND --help)")
    return p


def run(args: argparse.Namespace) -> int:
    mod = importlib.import_module(EVALS[args.kind][0])
    return int(mod.main([args.kind, *args.rest]))
