"""``khabar analyze``: analyse articles and print khabar/1 JSON (or a readable summary)."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from khabar.errors import KhabarError
from khabar.io import Article, read_path

if TYPE_CHECKING:
    from khabar.engines.local import Job


def valid_date(s: str) -> str:
    try:
        return dt.date.fromisoformat(s).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"[K006] bad date {s!r}: use YYYY-MM-DD") from None


def add_pipeline_options(p: argparse.ArgumentParser, max_chars: str = "1,000,000",
                         time_limit: str = "no limit") -> None:
    """The pipeline options every analysing command takes; the defaults named in the help are the
    caller's (``khabar serve`` is stricter than the CLI)."""
    p.add_argument("--actors", action="append", default=[], metavar="TSV",
                   help="extra actor dictionary (TSV, see README 'Actor files'); overrides shipped entries; repeatable")
    p.add_argument("--events", action="append", default=[], metavar="TSV",
                   help="extra event lexicon (TSV, see README 'Event lexicon files'); repeatable")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help=f"refuse articles longer than N characters with K013 (default {max_chars})")
    p.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                   help=f"give up on an article after this many seconds with K014 (default {time_limit})")


def config_from_args(args: argparse.Namespace) -> Any:
    from khabar.pipeline import DEFAULT_MAX_CHARS, DEFAULT_STAGES, PipelineConfig

    stages = DEFAULT_STAGES
    if getattr(args, "stages", None):
        stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    return PipelineConfig(
        stages=stages,
        actors_files=tuple(args.actors), events_files=tuple(args.events),
        max_chars=args.max_chars or DEFAULT_MAX_CHARS, time_limit=args.time_limit,
    )


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "analyze", help="analyse Arabic articles and print khabar/1 JSON",
        description="Analyse articles: PATH is a .txt file (one article), an .html page (main text "
        "extracted), a .jsonl file (one {id, text, date} per line; one document per output line, in "
        "input order) or - for stdin. JSON goes to stdout; errors and progress to stderr.",
    )
    p.add_argument("paths", nargs="*", default=["-"], metavar="PATH")
    p.add_argument("--date", type=valid_date, help="reference date YYYY-MM-DD for relative times "
                   "(default: the date the article states, else none)")
    p.add_argument("--id", help="document id (default: sha256 of the text)")
    p.add_argument("--stages", default=None, metavar="LIST",
                   help="comma-separated stages to run (default: all: text,tagger,ner,actors,time,attribution,events); "
                   "earlier stages a stage needs must be listed too")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="analyse on N processes, each loading the models once (default 1)")
    p.add_argument("--format", choices=["json", "jsonl", "pretty"], default=None,
                   help="json: one indented document; jsonl: one document per line (default for .jsonl "
                   "input or several articles); pretty: readable coloured summary")
    add_pipeline_options(p)
    return p


def _with_date(art: Article, args: argparse.Namespace) -> Article:
    if args.date:
        art.date = args.date
    elif art.date:
        try:
            art.date = dt.date.fromisoformat(art.date[:10]).isoformat()
        except ValueError:
            art.date = None
    if art.date is None:
        try:
            from khabar.time.dateline import publication_date
        except ImportError:
            return art
        art.date = publication_date(art.text)
    return art


def _stream(args: argparse.Namespace, errors: list[int]) -> Iterator[Article]:
    """Articles of all input paths in order; errors are reported on stderr as they come."""
    for path in args.paths:
        try:
            for item in read_path(path):
                if isinstance(item, KhabarError):
                    print(f"khabar: {item}", file=sys.stderr)
                    errors[0] += 1
                else:
                    yield _with_date(item, args)
        except KhabarError as e:
            print(f"khabar: {e}", file=sys.stderr)
            errors[0] += 1


def run(args: argparse.Namespace) -> int:
    from khabar.doc import Doc
    from khabar.engines.local import analyze_many
    from khabar.render import render_pretty

    config = config_from_args(args)
    errors = [0]
    stream = _stream(args, errors)
    first = list(itertools.islice(stream, 2))  # one article -> json; several -> jsonl
    many = len(first) > 1 or any(p.endswith(".jsonl") for p in args.paths)
    fmt = args.format or ("jsonl" if many else "json")
    color = sys.stdout.isatty()
    pending: list[Article] = []  # articles sent and not yet written (bounded by the engine window)

    def jobs() -> Iterator[Job]:
        for a in itertools.chain(first, stream):
            pending.append(a)
            yield (args.id if args.id and not many else a.id, a.text, a.date, a.source)

    for status, payload in analyze_many(jobs(), config, max(1, args.workers)):
        art = pending.pop(0)
        if status != "ok":
            print(f"khabar: {art.origin}: {payload}", file=sys.stderr)
            errors[0] += 1
            continue
        if fmt == "pretty":
            sys.stdout.write(render_pretty(Doc.loads(payload), color=color) + "\n")
        elif fmt == "jsonl":
            sys.stdout.write(payload + "\n")
        else:
            sys.stdout.write(json.dumps(json.loads(payload), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
    return 1 if errors[0] else 0
