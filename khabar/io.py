"""Reading articles from files: encodings, formats (.txt, .html, .jsonl, stdin) and clear errors."""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from khabar.errors import KhabarError

TEXT_FIELDS = ("text", "content", "body", "article", "story")
DATE_FIELDS = ("date", "date_extracted", "time", "published", "pubdate", "publication_date", "datetime")
ID_FIELDS = ("id", "url", "guid")


@dataclass
class Article:
    """One input article before analysis, with where it came from (for error messages)."""

    text: str
    id: str = ""
    date: str | None = None
    source: dict[str, Any] | None = None
    origin: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM), or Windows-1256; else K003."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise KhabarError("K003", f"{name}: bad UTF-16 ({e.reason})") from None
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: every other byte NUL in mostly-ASCII/Arabic text
        if data.count(b"\x00") > len(data) // 4:
            for enc in ("utf-16-le", "utf-16-be"):
                try:
                    s = data.decode(enc)
                    if _looks_like_text(s):
                        return s
                except UnicodeDecodeError:
                    pass
        raise KhabarError("K003", f"{name}: binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        s = data.decode("cp1256")
    except UnicodeDecodeError:
        s = ""
    if s and _looks_like_text(s):
        return s
    raise KhabarError("K003", f"{name}: not decodable as UTF-8, UTF-16 or Windows-1256")


def _looks_like_text(s: str) -> bool:
    if not s:
        return False
    ok = sum(1 for c in s if c.isprintable() or c in "\n\r\t")
    arabic = sum(1 for c in s if "\u0600" <= c <= "\u06ff")
    return ok / len(s) > 0.97 and (arabic > 0 or s.isascii())


def html_to_text(html: str) -> str:
    """Main text of an HTML page (trafilatura), falling back to visible text."""
    try:
        import trafilatura

        out = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
        if out and out.strip():
            return str(out)
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        pass
    import re
    from html import unescape

    body = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1>", " ", html)
    body = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>", "\n", body)
    body = re.sub(r"<[^>]+>", " ", body)
    return "\n".join(line.strip() for line in unescape(body).splitlines() if line.strip())


def pick(d: dict[str, Any], names: tuple[str, ...]) -> Any:
    for n in names:
        if d.get(n) not in (None, ""):
            return d[n]
    return None


def article_from_record(rec: dict[str, Any], origin: str) -> Article:
    """Build an Article from a JSON record with common field names (text/content/body …)."""
    text = pick(rec, TEXT_FIELDS)
    if not isinstance(text, str):
        raise KhabarError("K005", f"{origin}: no text field (looked for {', '.join(TEXT_FIELDS)})")
    date = pick(rec, DATE_FIELDS)
    rid = pick(rec, ID_FIELDS)
    source = {k: rec.get(k) for k in ("url", "outlet", "title") if rec.get(k)}
    if not source.get("outlet") and isinstance(rec.get("source"), str):
        source["outlet"] = rec["source"]
    return Article(text=text, id=str(rid) if rid is not None else "", date=str(date)[:10] if date else None,
                   source=source or None, origin=origin)


def read_path(path: str) -> Iterator[Article | KhabarError]:
    """Yield the articles of one input path ('-' for stdin); bad JSONL lines yield errors.

    JSONL is streamed line by line (memory stays bounded on gigabyte dumps); other formats
    are one article per file.
    """
    name = "<stdin>" if path == "-" else path
    if path != "-":
        p = Path(path)
        if not p.exists():
            raise KhabarError("K001", f"{path}: no such file")
        if p.is_dir():
            raise KhabarError("K002", f"{path}: is a directory (give files, or use 'khabar ingest' for folders)")
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix == ".jsonl":
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        try:
            yield from _read_jsonl(stream, name)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        return
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    if not data.strip():
        raise KhabarError("K004", f"{name}: empty input")
    text = decode_bytes(data, name)
    if suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise KhabarError("K005", f"{name}: invalid JSON ({e.msg}, line {e.lineno})") from None
        recs = obj if isinstance(obj, list) else [obj]
        for i, rec in enumerate(recs):
            if not isinstance(rec, dict):
                yield KhabarError("K005", f"{name}: item {i} is not an object")
                continue
            try:
                yield article_from_record(rec, f"{name} item {i}")
            except KhabarError as e:
                yield e
        return
    if suffix in (".html", ".htm") or (suffix == "" and text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))):
        text = html_to_text(text)
    if not text.strip():
        raise KhabarError("K004", f"{name}: no text")
    yield Article(text=text, origin=name)


def _iter_lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, str | KhabarError]]:
    """Decoded lines of a byte stream: UTF-16 (BOM) as a whole, else line by line UTF-8/cp1256."""
    head = stream.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        wrapper = io.TextIOWrapper(stream, encoding="utf-16-le" if head == b"\xff\xfe" else "utf-16-be",
                                   errors="strict")
        try:
            for n, line in enumerate(wrapper, 1):
                yield n, line
        except UnicodeDecodeError as e:
            yield 0, KhabarError("K003", f"{name}: bad UTF-16 ({e.reason})")
        finally:
            wrapper.detach()
        return
    first = True
    for n, raw in enumerate(itertools.chain([head + stream.readline()], stream), 1):
        if first:
            first = False
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
        try:
            yield n, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield n, raw.decode("cp1256")
            except UnicodeDecodeError:
                yield n, KhabarError("K003", f"{name}:{n}: line is not UTF-8 or Windows-1256 text")


def _read_jsonl(stream: BinaryIO, name: str) -> Iterator[Article | KhabarError]:
    seen = False
    for n, line in _iter_lines(stream, name):
        if isinstance(line, KhabarError):
            yield line
            continue
        if not line.strip():
            continue
        seen = True
        if "\x00" in line:
            yield KhabarError("K003", f"{name}:{n}: binary content (NUL bytes)")
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield KhabarError("K005", f"{name}:{n}: malformed JSON ({e.msg})")
            continue
        if not isinstance(rec, dict):
            yield KhabarError("K005", f"{name}:{n}: not a JSON object")
            continue
        try:
            art = article_from_record(rec, f"{name}:{n}")
        except KhabarError as e:
            yield KhabarError("K005", e.message)
            continue
        if not art.text.strip():
            yield KhabarError("K004", f"{name}:{n}: empty text")
            continue
        yield art
    if not seen:
        yield KhabarError("K004", f"{name}: empty input")
