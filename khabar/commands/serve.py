"""``khabar serve``: the HTTP API and the reading page (FastAPI on uvicorn), loopback by default."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

from khabar.errors import KhabarError


def add_parser(sub: Any) -> argparse.ArgumentParser:
    from khabar.commands.analyze import add_pipeline_options

    p: argparse.ArgumentParser = sub.add_parser(
        "serve", help="serve the HTTP API and the reading page",
        description="Serve the HTTP API (OpenAPI at /openapi.json, reference page at /api), the reading page "
        "(/) and the corpus page (/corpus). Write endpoints (POST /documents) need a bearer token, read from "
        "the KHABAR_TOKEN environment variable or --token-file; without one they are refused. Binds to "
        "127.0.0.1 unless --host says otherwise.",
    )
    p.add_argument("--db", default=None, metavar="URL",
                   help="the store: an SQLite file path or postgresql://… (without it only /analyze and the "
                   "reading page work)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token-file", metavar="PATH", help="read the bearer token from this file (instead of "
                   "KHABAR_TOKEN; a token on the command line would show in the process list)")
    p.add_argument("--private", action="store_true", help="require the token for reading endpoints too")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                   help="largest request body accepted, else 413 (default 10 MiB)")
    p.add_argument("--max-batch", type=int, default=None, metavar="N",
                   help="most documents in one POST /documents (default 500)")
    p.add_argument("--header-timeout", type=float, default=None, metavar="SECONDS",
                   help="a request's headers must arrive within this time, else 408 and the connection is "
                   "closed (slow clients; default 10)")
    p.add_argument("--body-timeout", type=float, default=None, metavar="SECONDS",
                   help="a request's body must arrive within this time after its headers, else 408 (default 60)")
    p.add_argument("--no-preload", action="store_true", help="build the pipeline on the first request, not at start")
    add_pipeline_options(p, max_chars="200,000", time_limit="60")  # khabar.api.app's defaults (a test pins them)
    return p


def _token(args: argparse.Namespace) -> str | None:
    if args.token_file:
        try:
            token = Path(args.token_file).read_text("utf-8").strip()
        except OSError as e:
            raise KhabarError("K001", f"{args.token_file}: cannot read token file ({e.strerror})") from None
        if not token:
            raise KhabarError("K004", f"{args.token_file}: empty token file")
        return token
    return os.environ.get("KHABAR_TOKEN") or None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from khabar.api.app import (
        DEFAULT_BODY_TIMEOUT,
        DEFAULT_MAX_BATCH,
        DEFAULT_MAX_BODY,
        DEFAULT_MAX_CHARS,
        DEFAULT_TIME_LIMIT,
        create_app,
    )
    from khabar.api.guard import DEFAULT_HEADER_TIMEOUT, header_timeout_protocol
    from khabar.commands.analyze import config_from_args
    from khabar.store.db import redact

    if not 0 < args.port < 65536:
        print(f"khabar: [K017] bad port {args.port}", file=sys.stderr)
        return 2
    for name in ("header_timeout", "body_timeout"):
        value = getattr(args, name)
        if value is not None and not value > 0:
            print(f"khabar: [K017] --{name.replace('_', '-')} must be positive", file=sys.stderr)
            return 2
    token = _token(args)
    config = config_from_args(args)  # the same pipeline options as khabar analyze, with the server's limits
    config.max_chars = args.max_chars or DEFAULT_MAX_CHARS
    config.time_limit = args.time_limit if args.time_limit is not None else DEFAULT_TIME_LIMIT
    app = create_app(args.db, token=token or "", config=config, max_body=args.max_body or DEFAULT_MAX_BODY,
                     max_batch=args.max_batch or DEFAULT_MAX_BATCH, private=args.private,
                     preload=not args.no_preload, body_timeout=args.body_timeout or DEFAULT_BODY_TIMEOUT)
    if not _is_loopback(args.host) and not token:
        print("khabar: warning: serving beyond loopback without a token; writes stay disabled", file=sys.stderr)
    print(f"khabar: serving http://{args.host}:{args.port}/ (store: {redact(args.db) if args.db else 'none'}; writes: "
          f"{'need the token' if token else 'disabled'}{'; reads need the token' if args.private else ''})",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False,
                http=header_timeout_protocol(args.header_timeout or DEFAULT_HEADER_TIMEOUT))
    return 0
