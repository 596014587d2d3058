"""Query filters, counts and every export format, through the API and the ``khabar query`` command."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from conftest import _pg_database, event_doc

from khabar.cli import main
from khabar.errors import KhabarError
from khabar.store import open_store

IRN_SAU = {"type": "ACCUSE", "trigger": "اتهمت", "actor": [("إيران", "IRN")], "recipient": [("السعودية", "SAU")]}
ANON = [{"id": "a1", "cue": "وقالت", "source": "مصادر دبلوماسية", "kind": "anonymous"}]


def docs():  # type: ignore[no-untyped-def]
    return [
        event_doc("وقالت مصادر دبلوماسية إن إيران اتهمت السعودية بدعم المتمردين في اليمن.", outlet="okaz",
                  date="2015-07-20", events=[{**IRN_SAU, "attribution": "a1"}], attributions=ANON),
        event_doc("اتهمت إيران السعودية بدعم المتمردين في اليمن بحسب بيان رسمي.", outlet="alriyadh",
                  date="2015-07-20", events=[IRN_SAU]),
        event_doc("رفضت الصين اتهامات الولايات المتحدة بشأن الهجمات الإلكترونية.", outlet="aawsat", date="2015-06-10",
                  events=[{"type": "REJECT", "trigger": "رفضت", "actor": [("الصين", "CHN")],
                           "recipient": [("الولايات المتحدة", "USA")]}]),
        event_doc("قد تفرض الولايات المتحدة عقوبات جديدة على الصين الشهر المقبل.", outlet="aawsat", date="2015-07-25",
                  events=[{"type": "SANCTION", "trigger": "تفرض", "actor": [("الولايات المتحدة", "USA")],
                           "recipient": [("الصين", "CHN")], "status": "possible", "date": "2015-08"}]),
    ]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One store per backend for the whole module (these tests only read)."""
    if request.param == "sqlite":
        urls = iter([str(tmp_path_factory.mktemp("q") / "corpus.db")])
    else:
        base = os.environ.get("KHABAR_TEST_PG")
        if not base:
            pytest.skip("KHABAR_TEST_PG is not set (no PostgreSQL server)")
        urls = _pg_database(base)
    url = next(urls)
    with open_store(url) as st:
        st.add_documents(docs())
        yield st
    for _ in urls:  # drop the PostgreSQL database
        pass


@pytest.mark.parametrize("filters,mentions,events", [
    ({}, 4, 3),
    ({"actor": "IRN"}, 2, 1),
    ({"actor": "irn,chn"}, 4, 3),
    ({"type": "ACCUSE", "since": "2015-07-01"}, 2, 1),
    ({"since": "2015-07-01"}, 3, 2),  # the sanction, dated August, overlaps
    ({"until": "2015-06-30"}, 1, 1),
    ({"since": "2015-08-15"}, 1, 1),  # month-level date: the interval overlaps
    ({"dyad": "USA,CHN"}, 2, 2),  # either direction
    ({"dyad": "USA,CHN", "directed": True}, 1, 1),
    ({"dyad": ["CHN", "USA"], "directed": True}, 1, 1),
    ({"status": "possible"}, 1, 1),
    ({"status": "asserted,possible"}, 4, 3),
    ({"source_kind": "anonymous"}, 1, 1),
    ({"source_kind": "none"}, 3, 3),
    ({"outlet": "aawsat"}, 2, 2),
    ({"text": "المتمردين"}, 2, 1),
    ({"text": "متمرد"}, 2, 1),  # matched on light stems: المتمردين -> متمرد
    ({"text": "والصين"}, 2, 2),  # clitics of the query are ignored too
    ({"text": "العراق"}, 0, 0),
    ({"text": "الصين المتمردين"}, 0, 0),  # every word, in the same sentence
    ({"text": "الصين"}, 2, 2),
])
def test_filters(store, filters: dict, mentions: int, events: int) -> None:  # type: ignore[no-untyped-def,type-arg]
    c = store.counts(filters)
    assert (c["mentions"], c["events"]) == (mentions, events)
    rows, total = store.query_mentions(filters, 100, 0)
    assert total == len(rows) == mentions
    evs, etotal = store.query_events(filters, 100, 0)
    assert etotal == len(evs) == events


@pytest.mark.parametrize("bad", [{"type": "HUG"}, {"status": "maybe"}, {"since": "2015-13-01"},
                                 {"since": "2015-08-01", "until": "2015-07-01"}, {"dyad": "USA"},
                                 {"source_kind": "secret"}, {"colour": "red"}, {"text": "«»"}])
def test_bad_filters_are_coded(store, bad: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    with pytest.raises(KhabarError) as e:
        store.counts(bad)
    assert e.value.code == "K017"


def test_pages_events_actors_months(store) -> None:  # type: ignore[no-untyped-def]
    page1, total = store.query_mentions({}, 2, 0)
    page2, _ = store.query_mentions({}, 2, 2)
    assert total == 4 and len({r["id"] for r in page1 + page2}) == 4
    assert [r["day_lo"] for r in page1 + page2] == sorted(r["day_lo"] for r in page1 + page2)
    ev, _ = store.query_events({"actor": "IRN"}, 10, 0)
    full = store.get_event(ev[0]["id"])
    assert full["n_mentions"] == 2 and {m["outlet"] for m in full["mentions"]} == {"okaz", "alriyadh"}
    assert full["mentions"][0]["actor"][0]["code"] == "IRN"
    assert store.get_event("ev-none") is None
    codes = {a["code"]: a for a in store.actors()}
    assert codes["IRN"]["as_actor"] == 2 and codes["SAU"]["as_recipient"] == 2 and codes["CHN"]["events"] == 2
    months = store.monthly_counts(("USA", "CHN"))
    assert [(m["month"], m["quad"]["3"], m["quad"]["4"]) for m in months] == [("2015-06", 1, 0), ("2015-08", 0, 1)]
    assert store.monthly_counts(("USA", "CHN"), directed=True)[0]["month"] == "2015-08"
    st, n = store.query_statements({"source_kind": "anonymous"}, 10, 0)
    assert n == 1 and st[0]["source_text"] == "مصادر دبلوماسية" and st[0]["n_events"] == 1


def _run(capsys, args: list[str]) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    assert main(args) == 0
    out = capsys.readouterr()
    return out.out, out.err


def test_cli_summary_and_text_formats(store, capsys) -> None:  # type: ignore[no-untyped-def]
    db = store.url
    out, err = _run(capsys, ["query", "--db", db, "--actor", "IRN", "--type", "ACCUSE", "--since", "2015-07-01",
                             "--format", "csv"])
    assert "2 mentions, 1 linked events, 2 articles" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and rows[0]["n_mentions"] == "2" and rows[0]["actor_codes"] == "IRN"
    assert rows[0]["quad_class"] == "3" and rows[0]["cameo"] == "11"
    out, _ = _run(capsys, ["query", "--db", db, "--mentions", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4 and "إيران" in {r["actor_text"] for r in rows}
    out, _ = _run(capsys, ["query", "--db", db, "--mentions", "--format", "json", "--limit", "3"])
    assert len(json.loads(out)) == 3
    out, _ = _run(capsys, ["query", "--db", db, "--format", "jsonl"])
    assert [json.loads(x)["n_mentions"] for x in out.splitlines()] == [1, 2, 1]
    out, _ = _run(capsys, ["query", "--db", db, "--format", "plover", "--dyad", "USA,CHN", "--mentions"])
    recs = [json.loads(x) for x in out.splitlines()]
    assert {r["event"][0] for r in recs} == {"REJECT", "SANCTION"}
    assert recs[0]["actor"][0]["code"] in ("CHN", "USA") and recs[0]["link"].startswith("ev")
    assert all(r["text"] and r["cite_info"]["outlet"] == "aawsat" and r["quad_code"] in (3, 4) for r in recs)
    out, _ = _run(capsys, ["query", "--db", db, "--format", "gdelt"])
    g = list(csv.DictReader(io.StringIO(out), delimiter="\t"))
    acc = next(r for r in g if r["PLOVER"] == "ACCUSE")
    assert (acc["Actor1Code"], acc["Actor2CountryCode"], acc["EventRootCode"], acc["QuadClass"]) == \
        ("IRNGOV", "SAU", "11", "3")
    assert (acc["NumMentions"], acc["NumArticles"], acc["SQLDATE"], float(acc["GoldsteinScale"])) == \
        ("2", "2", "20150720", -2.0)
    out, _ = _run(capsys, ["query", "--db", db, "--format", "statements"])
    s = list(csv.DictReader(io.StringIO(out)))
    assert [(r["source_text"], r["source_kind"], r["n_events"]) for r in s] == [("مصادر دبلوماسية", "anonymous", "1")]


def test_cli_parquet_and_errors(store, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow.parquet as pq

    out_file = tmp_path / "m.parquet"
    _run(capsys, ["query", "--db", store.url, "--mentions", "--format", "parquet", "--output", str(out_file)])
    t = pq.read_table(out_file)
    assert t.num_rows == 4 and t.schema.field("quad_class").type.bit_width == 64
    assert sorted(t.column("event").to_pylist()) == ["ACCUSE", "ACCUSE", "REJECT", "SANCTION"]
    assert main(["query", "--db", store.url, "--type", "HUG"]) == 1
    assert "[K017]" in capsys.readouterr().err
    assert main(["query", "--db", str(tmp_path / "missing.db")]) == 1
    assert "[K015]" in capsys.readouterr().err
    _run(capsys, ["query", "--db", store.url, "--stats"])
