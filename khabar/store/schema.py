"""The store's tables (SQLAlchemy Core) and its numbered migrations.

Every row has a natural key (document key, ``doc:vid`` mention ids, content-derived event ids),
so two stores built from the same input hold exactly the same rows whatever the order or
batching of ingest. Full-text search: SQLite FTS5 (external content over ``sentences``) or a
PostgreSQL GIN index on ``to_tsvector('simple', norm || ' ' || stems)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)

metadata = MetaData()

schema_version = Table(
    "khabar_schema", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("key", String(32), primary_key=True),  # sha256(normalised text + source) (hex, 32)
    Column("doc_id", Text, nullable=False),  # the khabar/1 id (caller's id or sha256 of text)
    Column("url", Text),
    Column("outlet", String(200)),
    Column("title", Text),
    Column("date", String(10)),  # publication date YYYY-MM-DD
    Column("lang", String(8)),
    Column("origin", Text),  # where ingest read it (file, archive member, record)
    Column("text_hash", String(32), nullable=False),  # of the normalised text alone
    Column("n_chars", Integer, nullable=False),
    Column("n_sentences", Integer, nullable=False),
    Column("n_events", Integer, nullable=False),
    Column("producer", Text),
    Column("ingested_at", String(32)),
    Column("json", Text, nullable=False),  # the full khabar/1 record
    Index("ix_documents_doc_id", "doc_id"),
    Index("ix_documents_outlet", "outlet"),
    Index("ix_documents_date", "date"),
    Index("ix_documents_text_hash", "text_hash"),
)

sentences = Table(
    "sentences", metadata,
    Column("doc", String(32), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("norm", Text, nullable=False),  # normalised words (diacritics, alef/yaa/taa folded)
    Column("stems", Text, nullable=False),  # the same words without clitics (و ب ل ك ال …)
)

entities = Table(
    "entities", metadata,
    Column("doc", String(32), primary_key=True),
    Column("eid", String(32), primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(16)),
    Column("actor_code", String(16)),
    Column("actor_sector", String(16)),
    Column("actor_name", Text),
    Index("ix_entities_actor", "actor_code"),
)

timexes = Table(
    "timexes", metadata,
    Column("doc", String(32), primary_key=True),
    Column("tid", String(32), primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(16)),
    Column("value", String(64)),
    Column("calendar", String(16)),
)

attributions = Table(
    "attributions", metadata,
    Column("doc", String(32), primary_key=True),
    Column("aid", String(32), primary_key=True),
    Column("sentence", Integer),
    Column("cue", Text),
    Column("source_text", Text),
    Column("source_kind", String(16)),
    Column("source_count", Integer),
    Column("source_code", String(16)),
    Column("source_sector", String(16)),
    Column("source_role", Text),
    Column("source_tenure", String(16)),
    Column("source_entity", String(32)),
    Column("same_as", String(32)),
    Column("content", Text),
    Column("direct", Boolean),
    Column("status", String(32)),
    Index("ix_attributions_kind", "source_kind"),
    Index("ix_attributions_code", "source_code"),
)

# One row per event record of one article (a "mention" of a real-world event).
mentions = Table(
    "mentions", metadata,
    Column("id", String(80), primary_key=True),  # "<doc key>:<vid>"
    Column("doc", String(32), nullable=False),
    Column("vid", String(32), nullable=False),
    Column("event_type", String(16), nullable=False),
    Column("mode", Text),  # JSON list
    Column("context", Text),  # JSON list
    Column("trigger", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("sentence", Integer),
    Column("sentence_text", Text),
    Column("grp", String(32)),
    Column("status", String(16)),
    Column("date_value", String(32)),  # TIMEX3 value as the article gives it
    Column("timex", String(32)),
    Column("day_lo", String(10)),  # the date as a day interval (coarse values: the publication week)
    Column("day_hi", String(10)),
    Column("location", Text),
    Column("location_code", String(16)),
    Column("attribution", String(32)),
    Column("source_kind", String(16)),  # of the attribution; "none" when the writer says it
    Column("source_text", Text),
    Column("source_code", String(16)),
    Column("outlet", String(200)),
    Column("doc_date", String(10)),
    Column("actor_codes", Text),  # space-separated sorted codes (display/export)
    Column("recipient_codes", Text),
    Column("cameo", String(8)),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("confidence", Float),
    Column("sig", Text),  # sorted content stems of the sentence, for linking
    Column("event_id", String(24)),
    Column("component", String(24)),  # connected component of the linking graph (schema v2)
    Index("ix_mentions_type_day", "event_type", "day_lo"),
    Index("ix_mentions_day", "day_lo"),
    Index("ix_mentions_doc", "doc"),
    Index("ix_mentions_event", "event_id"),
    Index("ix_mentions_source_kind", "source_kind"),
    Index("ix_mentions_outlet", "outlet"),
    Index("ix_mentions_status", "status"),
)

participants = Table(
    "participants", metadata,
    Column("mention", String(80), primary_key=True),
    Column("role", String(10), primary_key=True),  # actor | recipient
    Column("idx", Integer, primary_key=True),
    Column("code", String(16)),
    Column("sector", String(16)),
    Column("text", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("entity", String(32)),
    Index("ix_participants_code", "code", "mention", "role"),  # (v2; v1 had code, role, mention)
)

# Linked events: mentions of one real-world event across articles.
events = Table(
    "events", metadata,
    Column("id", String(24), primary_key=True),  # from the smallest member mention id
    Column("event_type", String(16), nullable=False),
    Column("date", String(10)),
    Column("day_lo", String(10)),
    Column("day_hi", String(10)),
    Column("status", String(16)),
    Column("actor_codes", Text),
    Column("recipient_codes", Text),
    Column("cameo", String(8)),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("n_mentions", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("n_outlets", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),  # independent sources
    Column("rep_mention", String(80)),
    Index("ix_events_type_day", "event_type", "day_lo"),
)

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5("
    "norm, stems, content='sentences', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')"
)
PG_FTS = (
    "CREATE INDEX IF NOT EXISTS ix_sentences_fts ON sentences "
    "USING gin (to_tsvector('simple', norm || ' ' || stems))"
)


def _m1_initial(conn: Connection) -> None:
    """Version 1: every table above, and the full-text index."""
    metadata.create_all(conn, checkfirst=True)  # a new database gets the latest tables at once
    if conn.dialect.name == "sqlite":
        conn.execute(text(SQLITE_FTS))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(PG_FTS))


def _m2_components(conn: Connection) -> None:
    """Version 2: mentions remember their linking component; events are re-clustered within it."""
    cols = {c["name"] for c in inspect(conn).get_columns("mentions")}
    if "component" not in cols:
        conn.execute(text("ALTER TABLE mentions ADD COLUMN component VARCHAR(24)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_mentions_component ON mentions (component)"))
    # v1 indexed participants by (code, role, mention), which cannot seek "this mention has code X"
    conn.execute(text("DROP INDEX IF EXISTS ix_participants_code"))
    conn.execute(text("CREATE INDEX ix_participants_code ON participants (code, mention, role)"))
    if "component" not in cols:
        from khabar.store.linking import relink_all

        relink_all(conn)


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _m1_initial),
    (2, _m2_components),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    """The schema version of a database (0 when it has no khabar tables yet)."""
    schema_version.create(conn, checkfirst=True)
    v = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc())).first()
    return int(v[0]) if v else 0


def migrate(conn: Connection) -> int:
    """Apply every migration newer than the database, in order; return the new version."""
    have = current_version(conn)
    for version, step in MIGRATIONS:
        if version <= have:
            continue
        step(conn)
        conn.execute(schema_version.insert().values(
            version=version, applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
        have = version
    return have
