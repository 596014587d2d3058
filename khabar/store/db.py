"""The data-access layer: one ``Store`` over SQLite (default, WAL) or PostgreSQL.

Writes are transactional per call of :meth:`Store.add_documents` (a batch): documents, their
rows and the links they make commit together or not at all, so an interrupted ingest loses at
most the batch in flight and a re-run completes it without duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from khabar.doc import Doc
from khabar.errors import KhabarError
from khabar.store import query as q
from khabar.store.linking import LinkConfig, link_mentions
from khabar.store.rows import DocRows, doc_rows
from khabar.store.schema import (
    LATEST,
    attributions,
    documents,
    entities,
    events,
    mentions,
    migrate,
    participants,
    sentences,
    timexes,
)

# waits (seconds) before retrying a batch when the connection to PostgreSQL is lost (a server
# restart, a network cut): a retried batch is safe, since stored keys are skipped
RETRY_WAITS = (0.5, 1.0, 2.0, 4.0, 8.0)


def redact(url: str) -> str:
    """``url`` with its password (``scheme://user:password@host``) replaced by ``***``, for messages."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", url)


def engine_url(url: str) -> str:
    """A SQLAlchemy URL from what a user types: a file path, ``sqlite:///…`` or ``postgresql://…``."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" in url:
        return url
    if url == ":memory:":
        return "sqlite://"
    return "sqlite:///" + str(Path(url).expanduser())


@dataclass
class AddResult:
    """What one :meth:`Store.add_documents` call did."""

    added: list[str] = field(default_factory=list)  # document keys stored
    duplicates: list[str] = field(default_factory=list)  # keys already stored (or repeated in the batch)
    events: set[str] = field(default_factory=set)  # linked event ids created or changed


class Store:
    """A khabar corpus database; see ``khabar.store`` for the stable API."""

    def __init__(self, url: str, *, link: LinkConfig | None = None) -> None:
        self.url = url
        self.link = link or LinkConfig()
        try:
            eurl = engine_url(url)  # PostgreSQL: test pooled connections, so a server restart is survived
            self.engine: Engine = create_engine(eurl, future=True, pool_pre_ping=eurl.startswith("postgresql"))
        except (SQLAlchemyError, ImportError, ValueError) as e:
            raise KhabarError("K015", f"cannot open database {redact(url)!r}: {redact(str(e))}") from None
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":  # one migrator at a time
                    conn.execute(text("SELECT pg_advisory_xact_lock(4242)"))
                self.version = migrate(conn)
        except SQLAlchemyError as e:
            raise KhabarError("K015", f"cannot open database {redact(url)!r}: {_short(e)}") from None
        if self.version > LATEST:
            raise KhabarError("K015", f"{redact(url)}: schema version {self.version} is newer than this khabar ({LATEST})")

    # ------------------------------------------------------------------ writing

    def known_keys(self, keys: Iterable[str] | None = None) -> set[str]:
        """The document keys already stored (all of them, or those among ``keys``)."""
        with self._reading() as conn:
            if keys is None:
                return set(conn.execute(select(documents.c.key)).scalars())
            ks = list(dict.fromkeys(keys))
            out: set[str] = set()
            for i in range(0, len(ks), 500):
                out.update(conn.execute(select(documents.c.key).where(documents.c.key.in_(ks[i:i + 500]))).scalars())
            return out

    def add_documents(self, docs: Iterable[Doc], origins: Sequence[str] | None = None) -> AddResult:
        """Store analysed documents and link their events, in one transaction.

        A document whose key (normalised text + source) is already stored is skipped and
        reported as a duplicate. Raises ``K015`` (and stores nothing) if the database refuses.
        """
        docs = list(docs)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        prepared: list[DocRows] = []
        for i, d in enumerate(docs):
            d.validate()
            prepared.append(doc_rows(d, origin=origins[i] if origins else "", ingested_at=now))
        return self.add_rows(prepared)

    def add_rows(self, prepared: Sequence[DocRows]) -> AddResult:
        """Store documents already flattened by :func:`khabar.store.rows.doc_rows` (ingest workers
        flatten in parallel), link their events, all in one transaction."""
        for wait in (*RETRY_WAITS, None):
            try:
                return self._add_rows(prepared)
            except (OperationalError, InterfaceError) as e:
                if wait is None or self.dialect != "postgresql":
                    raise KhabarError("K015", f"database refused the batch: {_short(e)}") from None
                time.sleep(wait)  # the connection was lost: the transaction did not commit; try again
            except SQLAlchemyError as e:
                raise KhabarError("K015", f"database refused the batch: {_short(e)}") from None
        raise AssertionError("unreachable")

    def _add_rows(self, prepared: Sequence[DocRows]) -> AddResult:
        res = AddResult()
        with self.engine.begin() as conn:
            self._write_lock(conn)
            have: set[str] = set()
            keys = [p.key for p in prepared]
            for i in range(0, len(keys), 500):
                have.update(conn.execute(select(documents.c.key).where(
                    documents.c.key.in_(keys[i:i + 500]))).scalars())
            fresh: list[DocRows] = []
            for p in prepared:
                if p.key in have:
                    res.duplicates.append(p.key)
                else:
                    have.add(p.key)
                    fresh.append(p)
            if fresh:
                self._insert(conn, fresh)
                new_ids = [m["id"] for p in fresh for m in p.mentions]
                res.events = link_mentions(conn, new_ids, self.link)
            res.added = [p.key for p in fresh]
        return res

    def _write_lock(self, conn: Any) -> None:
        """One writer at a time, taken before anything is read: linking must see every stored
        mention, so concurrent writers (two ingests, the HTTP API) are serialised, not interleaved."""
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4243)"))
        elif self.dialect == "sqlite":  # a write statement first: takes the write lock (waits busy_timeout)
            conn.execute(text("UPDATE khabar_schema SET version = version WHERE version < 0"))

    def _insert(self, conn: Any, fresh: list[DocRows]) -> None:
        for table, rows in ((documents, [p.document for p in fresh]),
                            (sentences, [r for p in fresh for r in p.sentences]),
                            (entities, [r for p in fresh for r in p.entities]),
                            (timexes, [r for p in fresh for r in p.timexes]),
                            (attributions, [r for p in fresh for r in p.attributions]),
                            (mentions, [r for p in fresh for r in p.mentions]),
                            (participants, [r for p in fresh for r in p.participants])):
            if rows:
                conn.execute(insert(table), rows)
        if self.dialect == "sqlite":
            keys = [p.key for p in fresh]
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                marks = ",".join(f":k{j}" for j in range(len(chunk)))
                conn.execute(text(
                    "INSERT INTO sentences_fts(rowid, norm, stems) SELECT rowid, norm, stems FROM sentences "
                    f"WHERE doc IN ({marks})"), {f"k{j}": k for j, k in enumerate(chunk)})

    # ------------------------------------------------------------------ reading

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection for a read; a database failure becomes ``K015`` (the server is down…)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as e:
            raise KhabarError("K015", f"database error: {_short(e)}") from None

    def get_document(self, id: str) -> dict[str, Any] | None:
        """A stored document's khabar/1 JSON (by store key or khabar id), with a ``store`` block:
        its key, provenance and the linked event of each of its event records."""
        if "\x00" in id:  # no key or id holds NUL (PostgreSQL text cannot)
            return None
        with self._reading() as conn:
            row = conn.execute(select(documents).where(documents.c.key == id)).first()
            if row is None:
                row = conn.execute(select(documents).where(documents.c.doc_id == id)
                                   .order_by(documents.c.key).limit(1)).first()
            if row is None:
                return None
            links = dict(conn.execute(select(mentions.c.vid, mentions.c.event_id)
                                      .where(mentions.c.doc == row.key)).all())
        d: dict[str, Any] = json.loads(row.json)
        d["store"] = {"key": row.key, "origin": row.origin, "ingested_at": row.ingested_at,
                      "text_hash": row.text_hash, "linked_events": links}
        return d

    def query_mentions(self, filters: q.QueryFilters | dict[str, Any] | None = None, limit: int | None = 100,
                       offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Event mentions (one per event record of one article) matching ``filters``; (rows, total)."""
        with self._reading() as conn:
            return q.query_mentions(conn, q.QueryFilters.coerce(filters), limit, offset)

    def query_events(self, filters: q.QueryFilters | dict[str, Any] | None = None, limit: int | None = 100,
                     offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Linked events with at least one mention matching ``filters``; (rows, total)."""
        with self._reading() as conn:
            return q.query_events(conn, q.QueryFilters.coerce(filters), limit, offset)

    def query_statements(self, filters: q.QueryFilters | dict[str, Any] | None = None, limit: int | None = 100,
                         offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Attributed statements (who said what, source kind and count); (rows, total)."""
        with self._reading() as conn:
            return q.query_statements(conn, q.QueryFilters.coerce(filters), limit, offset)

    def counts(self, filters: q.QueryFilters | dict[str, Any] | None = None) -> dict[str, int]:
        """How many mentions, linked events and documents match ``filters``."""
        with self._reading() as conn:
            return q.counts(conn, q.QueryFilters.coerce(filters))

    def get_event(self, id: str) -> dict[str, Any] | None:
        """A linked event with every mention (article, outlet, source, sentence)."""
        if "\x00" in id:
            return None
        with self._reading() as conn:
            return q.get_event(conn, id)

    def actors(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Actor codes seen in events: code, mentions as actor / as recipient, linked events."""
        with self._reading() as conn:
            return q.actors(conn, limit)

    def monthly_counts(self, dyad: Sequence[str] | None = None, *, directed: bool = False,
                       filters: q.QueryFilters | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Linked events per month (by event date) split by QuadClass, for a dyad (or all events)."""
        f = q.QueryFilters.coerce(filters)
        if dyad:
            if len(dyad) != 2:
                raise KhabarError("K017", "a dyad is two actor codes, e.g. USA,CHN")
            f.dyad = (dyad[0].upper(), dyad[1].upper())
            f.directed = directed
        with self._reading() as conn:
            return q.monthly_counts(conn, f)

    def stats(self) -> dict[str, Any]:
        """Corpus totals: documents, sentences, mentions, events, outlets, dates, event types."""
        with self._reading() as conn:
            n = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                 for t in (documents, sentences, entities, timexes, attributions, mentions, events)}
            dmin, dmax = conn.execute(select(func.min(documents.c.date), func.max(documents.c.date))).one()
            outlets: dict[Any, Any] = dict(conn.execute(select(documents.c.outlet, func.count()).group_by(documents.c.outlet)
                                        .order_by(func.count().desc())).all())
            by_type: dict[Any, Any] = dict(conn.execute(select(mentions.c.event_type, func.count()).group_by(mentions.c.event_type)
                                        .order_by(mentions.c.event_type)).all())
            ev_type: dict[Any, Any] = dict(conn.execute(select(events.c.event_type, func.count()).group_by(events.c.event_type)
                                        .order_by(events.c.event_type)).all())
        return {
            "schema_version": self.version, "backend": self.dialect,
            "documents": n["documents"], "sentences": n["sentences"], "entities": n["entities"],
            "timexes": n["timexes"], "attributions": n["attributions"], "mentions": n["mentions"],
            "events": n["events"], "date_min": dmin, "date_max": dmax,
            "outlets": {(k or ""): v for k, v in outlets.items()},
            "mentions_by_type": by_type, "events_by_type": ev_type,
        }

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _short(e: Exception) -> str:
    s = str(getattr(e, "orig", None) or e).strip().splitlines()
    return s[0][:300] if s else type(e).__name__


def open_store(url: str, *, link: LinkConfig | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``: a path or a SQLAlchemy URL."""
    return Store(url, link=link)
