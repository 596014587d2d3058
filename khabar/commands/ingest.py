"""``khabar ingest``: analyse a corpus and store it (idempotent, resumable, parallel)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from khabar.commands.analyze import add_pipeline_options, config_from_args, valid_date

DEFAULT_DB = "khabar.db"


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "ingest", help="analyse a corpus and store it in a database",
        description="Read SOURCEs (.txt, .html, .jsonl, JSON arrays, RSS/Atom, WARC, .zip/.gz of those, or "
        "folders of them), analyse every article and store documents, records and linked events. Re-running "
        "skips what is stored (identity: hash of normalised text + source), so an interrupted run is "
        "resumed by running it again. Progress on stderr; the final report on stderr (and --report FILE).",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file or postgresql://… URL (default {DEFAULT_DB})")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="analysis processes (default 1)")
    p.add_argument("--batch-size", type=int, default=64, metavar="N",
                   help="documents per transaction (default 64)")
    p.add_argument("--date", type=valid_date, help="reference date for articles that give none (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="stop after N articles")
    p.add_argument("--text-field", metavar="NAME", help="JSON field holding the text (else text/content/body …)")
    p.add_argument("--date-field", metavar="NAME", help="JSON field holding the date (else date/date_extracted/…)")
    p.add_argument("--id-field", metavar="NAME", help="JSON field holding the id (else id/url/guid)")
    p.add_argument("--outlet-field", metavar="NAME", help="JSON field naming the outlet (else outlet/source)")
    p.add_argument("--stages", metavar="LIST",
                   help="comma-separated pipeline stages (default: the full pipeline)")
    p.add_argument("--report", metavar="FILE", help="write the final report (with every failure) as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_pipeline_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from khabar.errors import KhabarError
    from khabar.store.ingest import ingest
    from khabar.store.readers import FieldMap

    if args.workers < 1 or args.batch_size < 1:
        raise KhabarError("K017", "--workers and --batch-size must be at least 1")
    config = config_from_args(args)
    if args.stages:
        config.stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    fields = FieldMap(text=args.text_field, date=args.date_field, id=args.id_field, outlet=args.outlet_field)
    report = None
    try:
        report = ingest(args.sources, args.db, config=config, workers=args.workers, batch_size=args.batch_size,
                        fields=fields, default_date=args.date, limit=args.limit, progress=not args.no_progress)
    finally:
        if report is not None:
            _print_report(report, args)
    if report.interrupted:
        print("khabar: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    return 1 if report.failed and not report.ingested and not report.duplicates else 0


def _print_report(report: Any, args: argparse.Namespace) -> None:
    print(f"khabar: {report.summary()}", file=sys.stderr)
    shown = report.failed[:20]
    for where, reason in shown:
        print(f"  failed: {where}: {reason}", file=sys.stderr)
    if len(report.failed) > len(shown):
        print(f"  … and {len(report.failed) - len(shown):,} more failures"
              + ("" if args.report else " (use --report FILE for all)"), file=sys.stderr)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            json.dump(report.to_json(), fh, ensure_ascii=False, indent=2)
