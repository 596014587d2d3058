"""Events across articles: the linking rule, and that linking ignores ingest order and batching."""

from __future__ import annotations

import random

import pytest
from conftest import event_doc
from sqlalchemy import select

from khabar.store import open_store
from khabar.store.linking import LinkConfig, MentionKey, cluster, compatible, event_id_for, relink_all, similarity
from khabar.store.schema import events, mentions


def corpus():  # type: ignore[no-untyped-def]
    """Three outlets report one accusation (A), two a meeting (B, roles swapped); C, D, E are near misses."""
    irn_sau = {"type": "ACCUSE", "actor": [("إيران", "IRN")], "recipient": [("السعودية", "SAU")]}
    return [
        event_doc("اتهمت إيران السعودية بدعم الجماعات الإرهابية في اليمن، وفق وكالة الأنباء الإيرانية.",
                  outlet="okaz", events=[{**irn_sau, "trigger": "اتهمت"}]),
        event_doc("وقد اتهمت طهران اليوم السعودية بدعم الجماعات الإرهابية في اليمن وتسليحها.", outlet="alriyadh",
                  events=[{"type": "ACCUSE", "trigger": "اتهمت", "actor": [("طهران", "IRN")],
                           "recipient": [("السعودية", "SAU")]}]),
        event_doc("اتهمت إيران أمس السعودية بدعم جماعات إرهابية في اليمن.", outlet="aawsat", date="2015-07-22",
                  events=[{**irn_sau, "trigger": "اتهمت", "date": "2015-07-21"}]),
        event_doc("التقى وزير الخارجية السعودي عادل الجبير نظيره الأمريكي جون كيري في الرياض لبحث الأزمة اليمنية.",
                  outlet="okaz", events=[{"type": "CONSULT", "trigger": "التقى", "actor": [("الجبير", "SAU")],
                                          "recipient": [("كيري", "USA")]}]),
        event_doc("بحث وزير الخارجية الأمريكي جون كيري مع نظيره السعودي عادل الجبير في الرياض الأزمة اليمنية.",
                  outlet="sabq", events=[{"type": "CONSULT", "trigger": "بحث", "actor": [("كيري", "USA")],
                                          "recipient": [("الجبير", "SAU")]}]),
        # C: the same words a week later: another accusation
        event_doc("اتهمت إيران السعودية مجددا بدعم الجماعات الإرهابية في اليمن.", outlet="sabq", date="2015-07-28",
                  events=[{**irn_sau, "trigger": "اتهمت"}]),
        # D: same day, same accuser, another target
        event_doc("اتهمت إيران الولايات المتحدة بدعم الجماعات الإرهابية في المنطقة.", outlet="alwatan",
                  events=[{"type": "ACCUSE", "trigger": "اتهمت", "actor": [("إيران", "IRN")],
                           "recipient": [("الولايات المتحدة", "USA")]}]),
        # E: same day and actors, another event type
        event_doc("هاجمت قوات إيرانية مواقع سعودية على الحدود مع اليمن.", outlet="alyaum",
                  events=[{"type": "ASSAULT", "trigger": "هاجمت", "actor": [("إيرانية", "IRN")],
                           "recipient": [("سعودية", "SAU")]}]),
    ]


def _events(url: str) -> list[tuple]:  # type: ignore[type-arg]
    with open_store(url) as st, st.engine.connect() as c:
        ev = sorted(tuple(r) for r in c.execute(select(events)))
        ms = sorted(tuple(r) for r in c.execute(select(mentions.c.id, mentions.c.event_id)))
    return ev + ms


def test_links_reports_of_one_event(store_url: str) -> None:
    docs = corpus()
    with open_store(store_url) as st:
        st.add_documents(docs)
        rows, total = st.query_events({}, 100, 0)
        assert total == 5
        by_n = sorted((r["event_type"], r["n_mentions"], r["n_outlets"]) for r in rows)
        assert by_n == [("ACCUSE", 1, 1), ("ACCUSE", 1, 1), ("ACCUSE", 3, 3), ("ASSAULT", 1, 1), ("CONSULT", 2, 2)]
        a = next(r for r in rows if r["n_mentions"] == 3)
        assert (a["date"], a["actor_codes"], a["recipient_codes"]) == ("2015-07-21", "IRN", "SAU")
        full = st.get_event(a["id"])
        assert full is not None and {m["outlet"] for m in full["mentions"]} == {"okaz", "alriyadh", "aawsat"}
        assert a["id"] == event_id_for(m["id"] for m in full["mentions"])
        b = next(r for r in rows if r["event_type"] == "CONSULT")
        assert b["actor_codes"] == b["recipient_codes"] == "SAU USA"  # reciprocal roles merged
        c = st.counts({"type": "ACCUSE"})
        assert (c["mentions"], c["events"], c["documents"]) == (5, 3, 5)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("batch", [1, 3, 100])
def test_order_and_batching_do_not_matter(tmp_path, seed: int, batch: int) -> None:  # type: ignore[no-untyped-def]
    ref = str(tmp_path / "ref.db")
    with open_store(ref) as st:
        st.add_documents(corpus())
    docs = corpus()
    random.Random(seed).shuffle(docs)
    url = str(tmp_path / "shuffled.db")
    with open_store(url) as st:
        for i in range(0, len(docs), batch):
            st.add_documents(docs[i:i + batch])
    assert _events(url) == _events(ref)


def test_chains_are_cut_around_a_leader(store_url: str) -> None:
    """X (20th) and Z (22nd) are too far apart to link; Y (21st) links both. The three form one
    component, split canonically: X leads and Y joins it, Z starts another event — whatever came first."""
    def d(day: str, outlet: str):  # type: ignore[no-untyped-def]
        return event_doc("أعلنت السعودية فرض عقوبات اقتصادية على شركات إيرانية متهمة بتمويل الإرهاب.", outlet=outlet,
                         date=day, events=[{"type": "SANCTION", "trigger": "فرض", "actor": [("السعودية", "SAU")],
                                            "recipient": [("إيرانية", "IRN")]}])

    x, y, z = d("2015-07-20", "okaz"), d("2015-07-21", "sabq"), d("2015-07-22", "alriyadh")
    with open_store(store_url) as st:
        st.add_documents([x])
        st.add_documents([z])
        assert st.stats()["events"] == 2
        st.add_documents([y])  # the bridge arrives last
        rows, total = st.query_events({}, 10, 0)
        with st.engine.connect() as c:
            comps = set(c.execute(select(mentions.c.component)).scalars())
    assert total == 2 and len(comps) == 1
    assert [(r["day_lo"], r["day_hi"], r["n_mentions"]) for r in rows] == [
        ("2015-07-20", "2015-07-21", 2), ("2015-07-22", "2015-07-22", 1)]


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (2, 0, 3, 1)])
def test_cluster_is_a_function_of_the_set(order: tuple[int, ...]) -> None:
    ms = [_key("a", "d1", day="2015-07-20"), _key("b", "d2", day="2015-07-21"),
          _key("c", "d3", day="2015-07-22"), _key("d", "d4", day="2015-07-23")]
    got = cluster([ms[i] for i in order], LinkConfig())
    assert [[m.id for m in ev] for ev in got] == [["a", "b"], ["c", "d"]]


def test_independent_sources(store_url: str) -> None:
    """Two outlets quoting the same agency are one source; an anonymous source in a third is another."""
    text = "وقالت وكالة الأنباء السعودية إن الرياض استدعت سفير إيران احتجاجا على تصريحات مسؤولين إيرانيين."
    ev = {"type": "PROTEST", "trigger": "احتجاجا", "actor": [("الرياض", "SAU")], "recipient": [("إيران", "IRN")],
          "attribution": "a1"}
    named = [{"id": "a1", "cue": "وقالت", "source": "وكالة الأنباء السعودية", "kind": "organization"}]
    anon_text = "وقالت مصادر مطلعة إن الرياض استدعت سفير إيران احتجاجا على تصريحات مسؤولين إيرانيين."
    anon = [{"id": "a1", "cue": "وقالت", "source": "مصادر مطلعة", "kind": "anonymous"}]
    with open_store(store_url) as st:
        st.add_documents([event_doc(text, outlet="okaz", events=[ev], attributions=named),
                          event_doc(text, outlet="alriyadh", events=[ev], attributions=named),
                          event_doc(anon_text, outlet="sabq", events=[ev], attributions=anon)])
        rows, _ = st.query_events({}, 10, 0)
        assert [(r["n_mentions"], r["n_outlets"], r["n_sources"]) for r in rows] == [(3, 3, 2)]
        assert st.counts({"source_kind": "anonymous"}) == {"mentions": 1, "events": 1, "documents": 1}


def test_groups_link_within_an_article(store_url: str) -> None:
    text = "وصل الرئيس الفرنسي إلى الرياض في زيارة رسمية. وتستمر زيارة الرئيس الفرنسي إلى السعودية يومين."
    ev = {"type": "CONSULT", "actor": [("الفرنسي", "FRA")], "recipient": [("الرياض", "SAU")]}
    with open_store(store_url) as st:
        st.add_documents([event_doc(text, events=[{**ev, "trigger": "وصل", "group": "g1"},
                                                  {**ev, "trigger": "وتستمر", "group": "g1"}])])
        assert st.stats()["events"] == 1
        st.add_documents([event_doc(text, outlet="other", events=[{**ev, "trigger": "وصل", "group": "g1"},
                                                                  {**ev, "trigger": "وتستمر", "group": "g2"}])])
        rows, _ = st.query_events({}, 10, 0)
        assert [r["n_mentions"] for r in rows] == [4]  # the other article's second group joins by content


def test_relink_all_reproduces_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = str(tmp_path / "c.db")
    with open_store(url) as st:
        st.add_documents(corpus())
    before = _events(url)
    with open_store(url) as st, st.engine.begin() as c:
        assert relink_all(c) == 5
    assert _events(url) == before


def _key(id: str, doc: str, day: str = "2015-07-21", typ: str = "ACCUSE", act: str = "IRN", rec: str = "SAU",
         sig: str = "اتهم ارهاب جماع يمن دعم", grp: str | None = None, hi: str | None = None) -> MentionKey:
    return MentionKey(id, doc, grp, typ, day, hi or day, frozenset(act.split()), frozenset(rec.split()),
                      frozenset(sig.split()))


@pytest.mark.parametrize("other,linked", [
    (_key("b", "d2"), True),
    (_key("b", "d2", day="2015-07-22"), True),  # reported a day later
    (_key("b", "d2", day="2015-07-24"), False),  # three days apart
    (_key("b", "d2", typ="REJECT"), False),
    (_key("b", "d2", rec="USA"), False),  # conflicting target
    (_key("b", "d2", act="SAU", rec="IRN"), True),  # roles swapped (reciprocal wording)
    (_key("b", "d2", rec=""), True),  # target unnamed in this report
    (_key("b", "d2", act="", rec=""), False),  # no actor at all: nothing to tie it
    (_key("b", "d2", sig="زيارة رسمية وفد"), False),  # unrelated sentence
    (_key("b", "d2", day="2015-07-01", hi="2015-07-31"), False),  # month-level date
    (_key("b", "d1"), False),  # same article, no shared group
    (_key("b", "d1", grp="g1"), False),
])
def test_linking_rule(other: MentionKey, linked: bool) -> None:
    a = _key("a", "d1")
    cfg = LinkConfig()
    assert compatible(a, other, cfg) is linked
    assert compatible(other, a, cfg) is linked  # symmetric


def test_similarity() -> None:
    a, b = frozenset("اتهم ارهاب يمن".split()), frozenset("اتهم ارهاب عراق".split())
    assert similarity(a, b) == pytest.approx(2 * 2 / 6)
    assert similarity(a, frozenset()) == 0.0
    grouped = _key("b", "d1", grp="g1")
    assert compatible(_key("a", "d1", grp="g1"), grouped, LinkConfig())


def test_concurrent_writers_link_like_one(store_url: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two writers at once (two ingests, or the HTTP API beside one) end as a single writer would:
    two reports of one meeting, written at the same moment, still become one event."""
    import threading
    import time

    import khabar.store.db as db

    real = db.link_mentions

    def slow_link(*a, **k):  # type: ignore[no-untyped-def]
        time.sleep(0.3)  # both batches are inserted and waiting to link at the same time
        return real(*a, **k)

    monkeypatch.setattr(db, "link_mentions", slow_link)
    docs = corpus()[3:5]  # the CONSULT reported by okaz and by sabq
    open_store(store_url).close()  # create the schema before the race
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(d) -> None:  # type: ignore[no-untyped-def]
        try:
            with open_store(store_url) as st:
                start.wait()
                st.add_documents([d])
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=write, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_store(store_url) as st:
        rows, total = st.query_events({}, 10, 0)
    assert total == 1 and rows[0]["n_mentions"] == 2
