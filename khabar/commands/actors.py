"""``khabar actors``: look up what a phrase resolves to (and why), check a user actor file, count entries."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from khabar.commands.analyze import valid_date


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "actors", help="the actor dictionary: lookup a phrase, check a user file, stats",
        description="Inspect the actor dictionary and resolver (see README 'Actor files').",
    )
    asub = p.add_subparsers(dest="actors_cmd", metavar="ACTION")
    lk = asub.add_parser("lookup", help="what a phrase resolves to, and why")
    lk.add_argument("phrase", help="Arabic text: a name, title, adjective, capital or a whole sentence")
    lk.add_argument("--date", type=valid_date, help="event date YYYY-MM-DD (default: office held now)")
    lk.add_argument("--actors", action="append", default=[], metavar="TSV", help="extra actor file(s)")
    lk.add_argument("--json", action="store_true", help="print JSON")
    ck = asub.add_parser("check", help="validate a user actor TSV and show what it adds or overrides")
    ck.add_argument("files", nargs="+", metavar="TSV")
    st = asub.add_parser("stats", help="count dictionary entries by kind and file")
    st.add_argument("--actors", action="append", default=[], metavar="TSV")
    return p


def run(args: argparse.Namespace) -> int:
    from khabar.actors.resolver import get_resolver

    cmd = getattr(args, "actors_cmd", None)
    if cmd == "lookup":
        r = get_resolver(tuple(args.actors))
        ms = r.resolve_all(args.phrase, args.date)
        if args.json:
            print(json.dumps([{"start": m.start, "end": m.end, "text": m.text, "code": m.actor.code,
                               "sector": m.actor.sector, "name": m.actor.name, "kind": m.kind,
                               "members": list(m.members), "why": m.why} for m in ms], ensure_ascii=False, indent=2))
            return 0 if ms else 1
        if not ms:
            print("no actor found", file=sys.stderr)
            return 1
        for m in ms:
            sector = m.actor.sector or "-"
            name = f" ({m.actor.name})" if m.actor.name else ""
            print(f"{m.text}\t{m.actor.code} {sector}{name}\t{m.kind}\t{m.why}")
        return 0
    if cmd == "check":
        from khabar.actors.dictionary import load_user_file

        shipped = {e.key for e in get_resolver(()).entries}
        for f in args.files:
            ents = load_user_file(f)
            over = sum(1 for e in ents if e.key in shipped)
            print(f"{f}: {len(ents)} forms ok ({over} override shipped forms, {len(ents) - over} new)")
        return 0
    if cmd == "stats":
        r = get_resolver(tuple(args.actors))
        by_kind = Counter(e.kind for e in r.entries)
        by_file = Counter(e.origin for e in r.entries)
        rows = {(e.origin, e.row) for e in r.entries}
        people = {(e.name, e.code) for e in r.entries if e.kind == "person"}
        print(f"{len(r.entries)} forms in {len(rows)} rows; {len(people)} people; "
              f"{len({e.code for e in r.entries if e.kind == 'country'})} countries; {len(r.roles)} role forms")
        for k, n in by_kind.most_common():
            print(f"  {k}\t{n}")
        for k, n in by_file.most_common():
            print(f"  {k}\t{n}")
        return 0
    print("khabar actors: give an action: lookup, check or stats (see --help)", file=sys.stderr)
    return 2
