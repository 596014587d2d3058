"""``khabar demo``: analyse the bundled sample article and print the readable view."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "demo", help="analyse a bundled sample Arabic article and show the result",
        description="Analyse the sample article shipped with khabar (written for the project, "
        "not taken from any corpus) and print the pretty view.",
    )
    p.add_argument("--format", choices=["pretty", "json"], default="pretty")
    return p


def sample_text() -> str:
    return resources.files("khabar.data").joinpath("demo_article.txt").read_text("utf-8")


def run(args: argparse.Namespace) -> int:
    from khabar.pipeline import Pipeline
    from khabar.render import render_pretty

    doc = Pipeline()(sample_text(), date="2024-03-12")
    if args.format == "json":
        sys.stdout.write(doc.dumps(indent=2) + "\n")
    else:
        sys.stdout.write(render_pretty(doc, color=sys.stdout.isatty()) + "\n")
    return 0
