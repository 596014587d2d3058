"""The ``khabar`` command line. Each command lives in ``khabar/commands/<name>.py`` with
``add_parser(subparsers)`` and ``run(args) -> int``; this table is the whole plugin surface."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from khabar import __version__
from khabar.errors import KhabarError
from khabar.models.native import build as kernels_build
from khabar.time import build as time_build

COMMANDS: dict[str, str] = {
    "analyze": "khabar.commands.analyze",
    "demo": "khabar.commands.demo",
    "eval": "khabar.commands.eval",
    "actors": "khabar.commands.actors",
    "ingest": "khabar.commands.ingest",
    "query": "khabar.commands.query",
    "serve": "khabar.commands.serve",
    "spark-run": "khabar.commands.spark_run",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khabar",
        description="Arabic news to structured, sourced, dated political event data (schema khabar/1).",
    )
    parser.add_argument("--version", action="version", version=f"khabar {__version__} (time stage: {time_build()}, model kernels: {kernels_build()})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for modname in COMMANDS.values():
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as e:
            if e.name and e.name.startswith("khabar.commands"):
                continue  # command not built in this installation
            raise
        p = mod.add_parser(sub)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args))
    except KhabarError as e:
        print(f"khabar: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("khabar: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
