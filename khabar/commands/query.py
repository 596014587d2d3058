"""``khabar query``: filter stored events and export them (JSON, CSV, Parquet, PLOVER, GDELT …)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khabar.commands.ingest import DEFAULT_DB

PAGE = 2000


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "query", help="query and export stored events",
        description="Select event records from a store built by 'khabar ingest'. Rows go to stdout (or --output); "
        "a summary line with the mention, linked-event and article counts goes to stderr. --events (default) "
        "gives one row per linked event (mentions of one event across articles, with counts of articles, "
        "outlets and independent sources); --mentions one row per event record of one article.",
    )
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql://… URL (default {DEFAULT_DB})")
    p.add_argument("--actor", action="append", default=[], metavar="CODE",
                   help="actor code on either side (USA, IRN, IGO …); repeatable or comma-separated")
    p.add_argument("--dyad", metavar="A,B", help="A acting on B, either way round unless --directed")
    p.add_argument("--directed", action="store_true", help="--dyad A,B means A is the actor, B the recipient")
    p.add_argument("--type", action="append", default=[], metavar="PLOVER",
                   help="PLOVER event type (ACCUSE, CONSULT …); repeatable or comma-separated")
    p.add_argument("--status", action="append", default=[], metavar="STATUS",
                   help="asserted, expected, planned, hoped, possible, requested, negated, cancelled, denied")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="events dated on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="events dated on or before this day")
    p.add_argument("--source-kind", action="append", default=[], metavar="KIND",
                   help="kind of source reporting the event: named, anonymous, organization, document, "
                   "unknown, none (the writer's own words)")
    p.add_argument("--outlet", action="append", default=[], metavar="NAME", help="outlet (e.g. okaz); repeatable")
    p.add_argument("--text", metavar="WORDS", help="words in the event's sentence (normalised, clitics ignored); "
                   "a quoted phrase matches in order")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--events", dest="kind", action="store_const", const="events", help="one row per linked event")
    g.add_argument("--mentions", dest="kind", action="store_const", const="mentions",
                   help="one row per event record of one article")
    p.add_argument("--format", default="jsonl", choices=["json", "jsonl", "csv", "parquet", "plover", "gdelt",
                                                         "statements"],
                   help="output format (default jsonl); statements: who said what (CSV)")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N rows")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N rows")
    p.add_argument("--stats", action="store_true", help="print corpus statistics (JSON) instead of rows")
    p.set_defaults(kind=None)
    return p


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    def joined(v: list[str]) -> str:
        return ",".join(v)

    return {"actor": joined(args.actor), "dyad": args.dyad, "directed": args.directed, "type": joined(args.type),
            "status": joined(args.status), "since": args.since, "until": args.until,
            "source_kind": joined(args.source_kind), "outlet": joined(args.outlet), "text": args.text}


def _rows(fetch: Any, f: Any, limit: int | None, offset: int) -> Iterator[dict[str, Any]]:
    done = 0
    while limit is None or done < limit:
        n = PAGE if limit is None else min(PAGE, limit - done)
        rows, _ = fetch(f, n, offset + done)
        yield from rows
        done += len(rows)
        if len(rows) < n:
            return


def run(args: argparse.Namespace) -> int:
    from khabar.errors import KhabarError
    from khabar.store import QueryFilters, open_store
    from khabar.store.export import write

    t0 = time.perf_counter()
    if args.limit is not None and args.limit < 0 or args.offset < 0:
        raise KhabarError("K017", "--limit and --offset must not be negative")
    f = QueryFilters.coerce(_filters(args))
    if args.format == "parquet" and not args.output and sys.stdout.isatty():
        raise KhabarError("K017", "parquet is binary: give --output FILE (or redirect stdout)")
    if "://" not in args.db and not Path(args.db).exists():
        raise KhabarError("K015", f"{args.db}: no such database (build one with 'khabar ingest … --db {args.db}')")
    with open_store(args.db) as store:
        if args.stats:
            sys.stdout.write(json.dumps(store.stats(), ensure_ascii=False, indent=2) + "\n")
            return 0
        kind = "statements" if args.format == "statements" else (args.kind or "events")
        fetch = {"events": store.query_events, "mentions": store.query_mentions,
                 "statements": store.query_statements}[kind]
        counts = store.counts(f)
        rows = _rows(fetch, f, args.limit, args.offset)
        if args.output:
            with open(args.output, "wb") as out:
                n = write(rows, args.format, kind, out)
        else:
            n = write(rows, args.format, kind, sys.stdout.buffer)
            sys.stdout.flush()
    dt = time.perf_counter() - t0
    print(f"khabar: {counts['mentions']:,} mentions, {counts['events']:,} linked events, "
          f"{counts['documents']:,} articles; {n:,} {kind} rows written ({dt:.2f} s)", file=sys.stderr)
    return 0
