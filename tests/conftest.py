"""Shared fixtures: paths to ../shared (tests needing it skip cleanly without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs {p} (../shared is not present)")
    return p


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("examples", "seed", "article.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def text_pipeline():  # type: ignore[no-untyped-def]
    from khabar.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(stages=("text",)))


@pytest.fixture(scope="session")
def full_pipeline():  # type: ignore[no-untyped-def]
    from khabar.pipeline import Pipeline

    return Pipeline()


# ---- store (issue 8): the same tests run on SQLite and, when KHABAR_TEST_PG is set, PostgreSQL


def _pg_database(base: str):  # type: ignore[no-untyped-def]
    """Create a fresh database on the KHABAR_TEST_PG server; yield its URL; drop it after."""
    import uuid

    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    name = "khabar_test_" + uuid.uuid4().hex[:12]
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=3)
    except Exception as e:  # noqa: BLE001 - any connection failure means: no server here
        pytest.skip(f"PostgreSQL at KHABAR_TEST_PG unreachable: {e}")
    admin.execute(f'CREATE DATABASE "{name}"')
    head, _, _ = base.rpartition("/")
    try:
        yield f"{head}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):  # type: ignore[no-untyped-def]
    """A fresh, empty store URL: a SQLite file, or a new database on KHABAR_TEST_PG."""
    import os

    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    base = os.environ.get("KHABAR_TEST_PG")
    if not base:
        pytest.skip("KHABAR_TEST_PG is not set (no PostgreSQL server)")
    yield from _pg_database(base)


def event_doc(text: str, *, outlet: str = "okaz", date: str = "2015-07-21", url: str | None = None,
              events: list[dict] | None = None, attributions: list[dict] | None = None):  # type: ignore[no-untyped-def]
    """A text-analysed Doc with hand-made event records, for store tests.

    events: {"type", "trigger", "actor": [(word, code)], "recipient": [(word, code)], "status",
    "date", "group", "attribution"}; attributions: {"id", "cue", "source", "kind", "content"}.
    Words are located in the text, so every span is real."""
    from khabar.doc import Attribution, Event, Participant, Source, make_span
    from khabar.pipeline import Pipeline, PipelineConfig

    global _TEXT_PIPE
    if "_TEXT_PIPE" not in globals():
        _TEXT_PIPE = Pipeline(PipelineConfig(stages=("text",)))
    import hashlib

    url = url or f"http://{outlet}.example/{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    doc = _TEXT_PIPE(_TEXT_PIPE.make_doc(text, date=date, source={"outlet": outlet, "url": url}))

    def span(w: str):  # type: ignore[no-untyped-def]
        i = text.index(w)
        return make_span(text, i, i + len(w))

    for a in attributions or []:
        src = span(a["source"])
        doc.attributions.append(Attribution(a["id"], span(a["cue"]), Source(src.start, src.end, src.text, a.get("kind", "named")),
                                            span(a["content"]) if a.get("content") else None))
    for i, e in enumerate(events or []):
        trig = span(e["trigger"])
        parts = {r: [Participant(span(w).start, span(w).end, w, code, "GOV") for w, code in e.get(r, [])]
                 for r in ("actor", "recipient")}
        doc.events.append(Event(
            id=f"v{i + 1}", event=e["type"], trigger=trig, sentence=doc.sentence_of(trig.start),
            actor=parts["actor"], recipient=parts["recipient"], status=e.get("status", "asserted"),
            date={"value": e.get("date", date), "timex": None}, group=e.get("group"),
            attribution=e.get("attribution")))
    doc.validate()
    return doc
