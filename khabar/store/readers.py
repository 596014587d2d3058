"""Reading news from where it lives: files, folders, archives, feeds and web archives.

A source expands into *units* (a file, or one member of a zip); a unit yields ``Article``s or
``KhabarError``s (a bad record never stops the rest). Formats: ``.txt``, ``.html``, ``.jsonl``,
``.json`` (array, object, or object holding a list), RSS/Atom (``.rss``/``.atom``/``.xml`` or
sniffed), WARC (``.warc``/``.warc.gz``, via warcio), and ``.zip``/``.gz`` of any of those.
Records already in ``khabar/1`` form (``khabar analyze`` output) are stored without re-analysis.
Record field names are recognised as in :mod:`khabar.io` (text/content/body, date/
date_extracted/time/published, id/url/title); other names come from a :class:`FieldMap`.
"""

from __future__ import annotations

import email.utils
import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from khabar.doc import SCHEMA
from khabar.errors import KhabarError
from khabar.io import TEXT_FIELDS, Article, article_from_record, decode_bytes, html_to_text

FORMATS = (".txt", ".html", ".htm", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc", ".zip", ".gz")
_LIST_KEYS = ("articles", "items", "data", "records", "documents", "docs", "results")


@dataclass(frozen=True)
class FieldMap:
    """Record field names given by flag (``--text-field`` …), tried before the common names."""

    text: str | None = None
    date: str | None = None
    id: str | None = None
    outlet: str | None = None

    def apply(self, rec: dict[str, Any]) -> dict[str, Any]:
        if not (self.text or self.date or self.id or self.outlet):
            return rec
        rec = dict(rec)
        for name, target in ((self.text, "text"), (self.date, "date"), (self.id, "id"), (self.outlet, "outlet")):
            if name and rec.get(name) not in (None, ""):
                rec[target] = rec[name]
        return rec


@dataclass(frozen=True)
class Unit:
    """One readable piece of input: a file, or a member of a zip; ``shard``/``nshards`` split its items."""

    path: str
    member: str | None = None
    shard: int = 0
    nshards: int = 1

    @property
    def name(self) -> str:
        return f"{self.path}!{self.member}" if self.member else self.path


def expand(sources: list[str]) -> tuple[list[Unit], list[KhabarError]]:
    """Units of every source (folders walked in sorted order, zips by member); errors for bad paths."""
    units: list[Unit] = []
    errors: list[KhabarError] = []
    for src in sources:
        p = Path(src)
        if not p.exists():
            errors.append(KhabarError("K001", f"{src}: no such file or folder"))
            continue
        files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")) if p.is_dir() else [p]
        for f in files:
            if p.is_dir() and not _known_suffix(f.name):
                continue  # a folder may hold READMEs, licences …: read only known formats
            if f.suffix.lower() == ".zip":
                try:
                    with zipfile.ZipFile(f) as z:
                        names = sorted(i.filename for i in z.infolist() if not i.is_dir()
                                       and not Path(i.filename).name.startswith(".") and "__MACOSX" not in i.filename)
                except (zipfile.BadZipFile, OSError) as e:
                    errors.append(KhabarError("K016", f"{f}: unreadable zip ({e})"))
                    continue
                units.extend(Unit(str(f), n) for n in names)
            else:
                units.append(Unit(str(f)))
    return units, errors


def _known_suffix(name: str) -> bool:
    n = name.lower()
    return n.endswith(FORMATS)


def shard_units(units: list[Unit], workers: int, per_worker: int = 16) -> list[Unit]:
    """With few units for many workers, split each unit's items into shards, so that work is
    handed out in small pieces and no worker idles long at the end of a run."""
    if workers <= 1 or not units or len(units) >= per_worker * workers:
        return units
    k = -(-per_worker * workers // len(units))
    return [Unit(u.path, u.member, i, k) for u in units for i in range(k)]


def read_unit(unit: Unit, fields: FieldMap | None = None) -> Iterator[Article | KhabarError]:
    """Yield the articles (or per-item errors) of one unit, only those of its shard."""
    fields = fields or FieldMap()
    try:
        if unit.member is not None:
            with zipfile.ZipFile(unit.path) as z:
                data = z.read(unit.member)
            name = unit.member
        else:
            data = Path(unit.path).read_bytes()
            name = unit.path
    except (OSError, zipfile.BadZipFile, KeyError) as e:
        yield KhabarError("K016", f"{unit.name}: unreadable ({e})")
        return
    i = -1
    for item in _read_bytes(data, name, unit.name, fields):
        i += 1
        if i % unit.nshards == unit.shard:
            yield item


def _read_bytes(data: bytes, name: str, origin: str, fields: FieldMap, depth: int = 0
                ) -> Iterator[Article | KhabarError]:
    low = name.lower()
    if low.endswith((".warc", ".warc.gz")):
        yield from _read_warc(data, origin)
        return
    if low.endswith(".gz") or data[:2] == b"\x1f\x8b":
        if depth > 2:
            yield KhabarError("K016", f"{origin}: nested compression")
            return
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError) as e:
            yield KhabarError("K016", f"{origin}: bad gzip ({e})")
            return
        yield from _read_bytes(inner, name[:-3] if low.endswith(".gz") else name, origin, fields, depth + 1)
        return
    if low.endswith(".zip") and depth <= 2:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for n in sorted(i.filename for i in z.infolist() if not i.is_dir()):
                    yield from _read_bytes(z.read(n), n, f"{origin}!{n}", fields, depth + 1)
        except zipfile.BadZipFile as e:
            yield KhabarError("K016", f"{origin}: bad zip ({e})")
        return
    if not data.strip():
        yield KhabarError("K004", f"{origin}: empty input")
        return
    try:
        text = decode_bytes(data, origin)
    except KhabarError as e:
        yield e
        return
    head = text.lstrip()[:400].lower()
    if low.endswith(".jsonl") or low.endswith(".ndjson"):
        yield from _read_jsonl(text, origin, fields)
    elif low.endswith(".json"):
        yield from _read_json(text, origin, fields)
    elif low.endswith((".rss", ".atom", ".xml")) or head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        yield from _read_feed(text, origin)
    elif low.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html")):
        yield from _html_article(text, origin)
    elif low.endswith(".txt") or "." not in Path(low).name:
        if text.strip():
            yield Article(text=text, origin=origin)
        else:
            yield KhabarError("K004", f"{origin}: empty text")
    else:
        yield KhabarError("K016", f"{origin}: unsupported format (known: {' '.join(FORMATS)})")


def _record(rec: Any, origin: str, fields: FieldMap) -> Article | KhabarError:
    if not isinstance(rec, dict):
        return KhabarError("K005", f"{origin}: not a JSON object")
    if rec.get("schema") == SCHEMA and isinstance(rec.get("text"), str):  # already analysed: stored as is
        return Article(text=rec["text"], id=str(rec.get("id") or ""), date=rec.get("date"),
                       source=rec.get("source") if isinstance(rec.get("source"), dict) else None,
                       origin=origin, extra={"khabar/1": rec})
    rec = fields.apply(rec)
    present = [rec[f] for f in TEXT_FIELDS if f in rec]
    if present and all(isinstance(v, str) and not v.strip() for v in present):
        return KhabarError("K004", f"{origin}: empty text")  # the field is there, the article is not
    try:
        art = article_from_record(rec, origin)
    except KhabarError as e:
        return KhabarError("K005", e.message)
    if not art.text.strip():
        return KhabarError("K004", f"{origin}: empty text")
    return art


def _read_jsonl(text: str, origin: str, fields: FieldMap) -> Iterator[Article | KhabarError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield KhabarError("K005", f"{origin}:{n}: malformed JSON ({e.msg})")
            continue
        yield _record(rec, f"{origin}:{n}", fields)


def _read_json(text: str, origin: str, fields: FieldMap) -> Iterator[Article | KhabarError]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        yield KhabarError("K005", f"{origin}: invalid JSON ({e.msg}, line {e.lineno})")
        return
    if isinstance(obj, dict):
        for k in _LIST_KEYS:
            if isinstance(obj.get(k), list):
                obj = obj[k]
                break
    recs = obj if isinstance(obj, list) else [obj]
    for i, rec in enumerate(recs):
        yield _record(rec, f"{origin} item {i}", fields)


_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>")


def _html_article(html: str, origin: str, url: str | None = None, date: str | None = None
                  ) -> Iterator[Article | KhabarError]:
    """Main text and metadata of a web page (trafilatura), falling back to visible text."""
    text, title = "", None
    try:
        import trafilatura

        res = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_recall=True,
                                          include_comments=False, include_tables=False)
        if res is not None:
            d = res if isinstance(res, dict) else res.as_dict()
            text = d.get("text") or ""
            title = d.get("title")
            date = date or d.get("date")
            url = url or d.get("url")
    except Exception:  # noqa: BLE001 - a page the extractor chokes on still has visible text
        text = ""
    if not text.strip():
        text = html_to_text(html)
        m = _TITLE.search(html)
        title = title or (m.group(1).strip() if m else None)
    if not text.strip():
        yield KhabarError("K004", f"{origin}: no text in the page")
        return
    source = {k: v for k, v in (("url", url), ("title", title)) if v}
    yield Article(text=text, id=url or "", date=_iso_day(date), source=source or None, origin=origin)


def _iso_day(s: str | None) -> str | None:
    if not s:
        return None
    s = s.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", s):
        return s[:10]
    try:
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el: ElementTree.Element, *names: str) -> str | None:
    for c in el:
        if _local(c.tag) in names and (c.text or "").strip():
            return (c.text or "").strip()
    return None


def _read_feed(text: str, origin: str) -> Iterator[Article | KhabarError]:
    """RSS 2.0 items and Atom entries; HTML in descriptions is reduced to its text."""
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as e:
        yield KhabarError("K016", f"{origin}: bad XML feed ({e})")
        return
    outlet = None
    for el in root.iter():
        if _local(el.tag) in ("channel", "feed"):
            outlet = _child_text(el, "title")
            break
    n = 0
    for el in root.iter():
        tag = _local(el.tag)
        if tag not in ("item", "entry"):
            continue
        n += 1
        link = _child_text(el, "link")
        if link is None:
            for c in el:
                if _local(c.tag) == "link" and c.get("href"):
                    link = c.get("href")
                    break
        body = _child_text(el, "encoded", "content") or _child_text(el, "description", "summary") or ""
        if "<" in body:
            body = html_to_text(body)
        title = _child_text(el, "title")
        date = _iso_day(_child_text(el, "pubdate", "published", "updated", "date"))
        text_ = "\n\n".join(x for x in (title, body) if x)
        where = f"{origin} item {n - 1}"
        if not body.strip():
            yield KhabarError("K004", f"{where}: no text")
            continue
        source = {k: v for k, v in (("url", link), ("outlet", outlet), ("title", title)) if v}
        yield Article(text=text_, id=link or _child_text(el, "guid", "id") or "", date=date,
                      source=source or None, origin=where)
    if n == 0:
        yield KhabarError("K016", f"{origin}: XML without RSS items or Atom entries")


def _read_warc(data: bytes, origin: str) -> Iterator[Article | KhabarError]:
    """HTML and plain-text responses (and resources) of a WARC file, by warcio."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is in the store extra
        yield KhabarError("K016", f"{origin}: reading WARC needs warcio (pip install 'khabar[store]')")
        return
    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type not in ("response", "resource"):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            date = _iso_day(rec.rec_headers.get_header("WARC-Date"))
            ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else
                     rec.rec_headers.get_header("Content-Type")) or ""
            if rec.http_headers and not rec.http_headers.get_statuscode().startswith("2"):
                continue
            body = rec.content_stream().read()
            where = f"{origin} {url}"
            m = re.search(r"charset=([\w-]+)", ctype, re.I)
            try:
                page = body.decode(m.group(1)) if m else decode_bytes(body, where)
            except (LookupError, UnicodeDecodeError, KhabarError):
                try:
                    page = decode_bytes(body, where)
                except KhabarError as e:
                    yield e
                    continue
            if "html" in ctype.lower():
                yield from _html_article(page, where, url=url, date=date)
            elif "text/plain" in ctype.lower() and page.strip():
                yield Article(text=page, id=url or "", date=date, source={"url": url} if url else None, origin=where)
    except Exception as e:  # noqa: BLE001 - warcio raises assorted errors on truncated archives
        yield KhabarError("K016", f"{origin}: bad WARC ({type(e).__name__}: {e})")


def count_unit(unit: Unit, fields: FieldMap | None = None) -> int:
    """How many items a unit yields (for the progress bar), cheaply where the format allows."""
    low = (unit.member or unit.path).lower()
    if low.endswith((".txt", ".html", ".htm")):
        n = 1
    elif unit.member is None and low.endswith(".jsonl"):
        with open(unit.path, "rb") as fh:
            n = sum(1 for line in fh if line.strip())
    else:
        n = sum(1 for _ in _read_bytes(_unit_bytes(unit), unit.member or unit.path, unit.name, fields or FieldMap()))
    return len(range(unit.shard, n, unit.nshards))


def _unit_bytes(unit: Unit) -> bytes:
    try:
        if unit.member is not None:
            with zipfile.ZipFile(unit.path) as z:
                return z.read(unit.member)
        return Path(unit.path).read_bytes()
    except (OSError, zipfile.BadZipFile, KeyError):
        return b""

