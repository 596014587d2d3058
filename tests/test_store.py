"""The store: schema and migrations, identity and duplicates, rows, transactions, full-text search.
Runs on SQLite and (with KHABAR_TEST_PG) PostgreSQL through the ``store_url`` fixture."""

from __future__ import annotations

import json

import pytest
from conftest import event_doc
from sqlalchemy import func, select

from khabar.doc import Doc
from khabar.errors import KhabarError
from khabar.store import open_store
from khabar.store.rows import date_interval, document_key, light_stem, signature, text_terms
from khabar.store.schema import LATEST, documents, mentions, participants, schema_version

BASE = "اتهمت إيران السعودية بدعم الإرهاب في اليمن يوم الأحد، وقال المتحدث إن 3 سفن وصلت."


def _doc(text: str = BASE, outlet: str = "okaz", **kw):  # type: ignore[no-untyped-def]
    return event_doc(text, outlet=outlet, events=[{"type": "ACCUSE", "trigger": "اتهمت", "actor": [("إيران", "IRN")],
                                                  "recipient": [("السعودية", "SAU")]}], **kw)


def test_open_migrates_and_reopens(store_url: str) -> None:
    with open_store(store_url) as st:
        assert st.version == LATEST
    with open_store(store_url) as st:  # idempotent: no second migration row
        with st.engine.connect() as c:
            assert c.execute(select(func.count()).select_from(schema_version)).scalar_one() == LATEST
        assert st.stats()["documents"] == 0


def test_bad_url_is_a_coded_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KhabarError) as e:
        open_store(str(tmp_path / "no" / "such" / "dir" / "x.db"))
    assert e.value.code == "K015"


@pytest.mark.parametrize("variant", [
    BASE.replace("الإرهاب", "الإرْهابِ"),
    BASE.replace("السعودية", "الســعودية"),
    BASE.replace("3", "٣"),
    BASE.replace("بدعم", "بدعم\u200f"),
    BASE + "  ",
], ids=["diacritics", "tatweel", "eastern-digit", "bidi-mark", "trailing-space"])
def test_identity_is_normalised_text_plus_source(store_url: str, variant: str) -> None:
    src = {"outlet": "okaz", "url": "http://okaz.example/1"}
    assert document_key(variant, src) == document_key(BASE, src)
    assert document_key(BASE, {"outlet": "okaz", "url": "http://other.example/1"}) != document_key(BASE, src)
    with open_store(store_url) as st:
        a = st.add_documents([_doc(url="http://okaz.example/1")])
        assert len(a.added) == 1
        b = st.add_documents([event_doc(variant, url="http://okaz.example/1")])
        assert b.added == [] and b.duplicates == a.added
        c = st.add_documents([event_doc(variant, outlet="alriyadh", url="http://alriyadh.example/1")])
        assert len(c.added) == 1  # same text, another source: another document
        assert st.stats()["documents"] == 2


def test_rows_and_document_roundtrip(store_url: str) -> None:
    d = _doc(attributions=[{"id": "a1", "cue": "وقال", "source": "المتحدث", "kind": "named", "content": "3 سفن وصلت"}])
    d.events[0].attribution = "a1"
    with open_store(store_url) as st:
        key = st.add_documents([d]).added[0]
        got = st.get_document(key)
        assert got is not None and st.get_document(d.id)["store"]["key"] == key  # type: ignore[index]
        assert got["store"]["linked_events"]["v1"].startswith("ev")
        back = Doc.from_json({k: v for k, v in got.items() if k != "store"})
        assert back.text == d.text and back.to_json() == json.loads(d.dumps())
        s = st.stats()
        assert (s["sentences"], s["mentions"], s["events"], s["attributions"]) == (len(d.sentences), 1, 1, 1)
        with st.engine.connect() as c:
            m = c.execute(select(mentions)).one()
            assert (m.event_type, m.actor_codes, m.recipient_codes, m.source_kind) == ("ACCUSE", "IRN", "SAU", "named")
            assert (m.cameo, m.quad_class, m.goldstein) == ("11", 3, -2.0)  # filled from the PLOVER type
            assert m.sentence_text == d.text[d.sentences[0].start:d.sentences[0].end]
            assert c.execute(select(func.count()).select_from(participants)).scalar_one() == 2
        assert st.get_document("nope") is None


def test_batch_is_one_transaction(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import khabar.store.db as db

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise db.SQLAlchemyError("link failed")

    with open_store(store_url) as st:
        monkeypatch.setattr(db, "link_mentions", boom)
        with pytest.raises(KhabarError) as e:
            st.add_documents([_doc(), _doc(outlet="alriyadh")])
        assert e.value.code == "K015"
        with st.engine.connect() as c:  # nothing of the failed batch remains
            assert c.execute(select(func.count()).select_from(documents)).scalar_one() == 0
            assert c.execute(select(func.count()).select_from(mentions)).scalar_one() == 0
        monkeypatch.undo()
        assert len(st.add_documents([_doc(), _doc(outlet="alriyadh")]).added) == 2


@pytest.mark.parametrize("query,hit", [
    ("الإرهاب", True),
    ("ارهاب", True),  # no article
    ("الإرْهابُ", True),  # diacritics in the query
    ("الارهـــاب", True),  # tatweel in the query
    ("«الإرهاب»", True),  # guillemets
    ("إرهاب اليمن", True),  # all words, any order
    ('"الإرهاب في اليمن"', True),  # phrase in order
    ('"اليمن في الإرهاب"', False),  # phrase out of order
    ("الصين", False),
    ("٣ سفن", True),  # Eastern digit matches 3
])
def test_full_text_search(store_url: str, query: str, hit: bool) -> None:
    with open_store(store_url) as st:
        st.add_documents([_doc()])
        assert st.counts({"text": query})["mentions"] == (1 if hit else 0)


def test_terms_and_dates() -> None:
    norms, stems = text_terms("وبالإرهابِ «الدولتين» ٣")
    assert norms == ["وبالارهاب", "الدولتين", "3"]
    assert stems[0] == light_stem("وبالارهاب") == "ارهاب"
    assert signature(["ارهاب", "في", "ارهاب", "يمن"]) == "ارهاب يمن"
    assert date_interval("2015-07-21") == ("2015-07-21", "2015-07-21")
    assert date_interval("2015-07-21TEV") == ("2015-07-21", "2015-07-21")
    assert date_interval("2015-W30") == ("2015-07-20", "2015-07-26")
    assert date_interval("2015-W30-WE") == ("2015-07-25", "2015-07-26")
    assert date_interval("2015-02") == ("2015-02-01", "2015-02-28")
    assert date_interval("2015-WI") == ("2015-12-01", "2016-02-29")
    assert date_interval("PAST_REF") is None and date_interval("2015-13-40") is None


def test_migration_from_v1_relinks(store_url: str) -> None:
    """A version-1 database (no linking components) is upgraded in place and its events rebuilt."""
    from sqlalchemy import text

    docs = [_doc(), _doc(BASE.replace("يوم الأحد", "أمس"), outlet="alriyadh")]
    with open_store(store_url) as st:
        st.add_documents(docs)
        with st.engine.connect() as c:
            before = sorted(tuple(r) for r in c.execute(text("SELECT * FROM events")))
        with st.engine.begin() as c:  # turn it back into a version-1 database
            c.execute(text("DROP INDEX ix_mentions_component"))
            c.execute(text("ALTER TABLE mentions DROP COLUMN component"))
            c.execute(text("DELETE FROM events"))
            c.execute(text("UPDATE mentions SET event_id = NULL"))
            c.execute(text("DELETE FROM khabar_schema WHERE version > 1"))
    with open_store(store_url) as st:
        assert st.version == LATEST == 2
        with st.engine.connect() as c:
            assert sorted(tuple(r) for r in c.execute(text("SELECT * FROM events"))) == before
            assert len(before) == 1 and before[0][11] == 2  # n_mentions
