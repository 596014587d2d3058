"""Documents for the API and browser tests: khabar/1 records built span by span with
``make_span`` (so offsets are right by construction), including hostile and astral text."""

from __future__ import annotations

from typing import Any

from khabar.doc import (
    Actor,
    Attribution,
    Doc,
    Entity,
    Event,
    Location,
    Participant,
    Sentence,
    Source,
    Span,
    Timex,
    make_span,
)

# A short report with every layer; an astral character (U+1D54F) before the first entity checks that
# the page counts code points like Python, not UTF-16 units; Eastern Arabic digits, tatweel and
# diacritics check that nothing is normalised on the way to the screen.
REPORT = (
    "\U0001d54f القاهرة – قال وزير الخارجيـة المصري سامح شكري، اليوم الثلاثاء، إن بلاده ستستضيف الأسبوع المقبل "
    "محادثات بين وفدين من السودان.\n"
    "وأفاد مصدران دبلوماسيان بأن واشنطن فرضت أمس عقوباتٍ جديدة على شركتين سودانيتين.\n"
    "ورفضت قوات الدعم السريع التعليق، فيما التقى الرئيس المصري نظيره السوداني في ٣ مارس ٢٠٢٤ في القاهرة."
)

HOSTILE = (
    "قال مسؤول <script>window.__pwned = 1; document.title = 'pwned'</script> إن الوفد "
    "<img src=x onerror=\"window.__pwned = 2\"> سيزور "
    "<svg onload=\"window.__pwned = 3\"></svg> القاهرة &lt;b&gt; الأسبوع المقبل."
)


def _find(text: str, needle: str, nth: int = 0) -> Span:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return make_span(text, at, at + len(needle))


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append(Sentence(start, start + len(line)))
        start += len(line) + 1
    return out


def _part(text: str, needle: str, code: str, sector: str | None, entity: str | None = None, nth: int = 0) -> Participant:
    s = _find(text, needle, nth)
    return Participant(s.start, s.end, s.text, code, sector, entity)


def report_doc(id: str = "report-1", outlet: str = "khabar-test", date: str = "2024-03-12",
               title: str = "شكري: القاهرة تستضيف محادثات") -> Doc:
    """The annotated report: 6 entities, 4 time expressions, 3 statements, 4 events."""
    t = REPORT
    doc = Doc(text=t, id=id, date=date, source={"url": f"https://example.org/{id}", "outlet": outlet, "title": title})
    doc.sentences = _sentences(t)
    ent = [("e1", "القاهرة", "GPE", Actor("EGY", "GOV", "Egypt"), 0), ("e2", "سامح شكري", "PERSON", Actor("EGY", "GOV", "Egypt"), 0),
           ("e3", "السودان", "GPE", Actor("SDN", None, "Sudan"), 0), ("e4", "واشنطن", "GPE", Actor("USA", "GOV", "United States"), 0),
           ("e5", "قوات الدعم السريع", "ORG", Actor("SDN", "REB", "Rapid Support Forces"), 0),
           ("e6", "القاهرة", "GPE", None, 1)]
    for eid, words, label, actor, nth in ent:
        s = _find(t, words, nth)
        doc.entities.append(Entity(eid, s.start, s.end, s.text, label, actor))
    for tid, words, value in [("t1", "اليوم الثلاثاء", "2024-03-12"), ("t2", "الأسبوع المقبل", "2024-W12"),
                              ("t3", "أمس", "2024-03-11"), ("t4", "٣ مارس ٢٠٢٤", "2024-03-03")]:
        s = _find(t, words)
        doc.timexes.append(Timex(tid, s.start, s.end, s.text, "DATE", value))
    src1 = _find(t, "وزير الخارجيـة المصري سامح شكري")
    src2 = _find(t, "مصدران دبلوماسيان")
    src3 = _find(t, "قوات الدعم السريع")
    doc.attributions = [
        Attribution("a1", _find(t, "قال"), Source(src1.start, src1.end, src1.text, "named", 1, Actor("EGY", "GOV"),
                                                  "foreign minister", "current", "e2"),
                    _find(t, "بلاده ستستضيف الأسبوع المقبل محادثات بين وفدين من السودان")),
        Attribution("a2", _find(t, "وأفاد"), Source(src2.start, src2.end, src2.text, "anonymous", 2, None, "diplomat"),
                    _find(t, "واشنطن فرضت أمس عقوباتٍ جديدة على شركتين سودانيتين")),
        Attribution("a3", _find(t, "ورفضت"), Source(src3.start, src3.end, src3.text, "organization", None,
                                                    Actor("SDN", "REB"), entity="e5"), None, False, "declined_to_comment"),
    ]
    cairo = _find(t, "القاهرة", 1)
    doc.events = [
        Event("v1", "CONSULT", _find(t, "ستستضيف"), 0, ["host"], ["diplomatic"], "g1",
              [_part(t, "بلاده", "EGY", "GOV")], [_part(t, "السودان", "SDN", None, "e3")], "expected",
              {"value": "2024-W12", "timex": "t2"}, None, "a1", "04", 1, 1.0, 0.81),
        Event("v2", "SANCTION", _find(t, "فرضت"), 1, [], ["economic"], "g2",
              [_part(t, "واشنطن", "USA", "GOV", "e4")], [_part(t, "شركتين سودانيتين", "SDN", "BUS")], "asserted",
              {"value": "2024-03-11", "timex": "t3"}, None, "a2", "16", 4, -4.0, 0.74),
        Event("v3", "REJECT", _find(t, "ورفضت"), 2, [], [], "g3",
              [_part(t, "قوات الدعم السريع", "SDN", "REB", "e5")], [], "asserted",
              {"value": "2024-03-12", "timex": None}, None, None, "12", 3, -4.0, 0.42),
        Event("v4", "CONSULT", _find(t, "التقى"), 2, ["meet"], ["diplomatic"], "g4",
              [_part(t, "الرئيس المصري", "EGY", "GOV")], [_part(t, "نظيره السوداني", "SDN", "GOV")], "asserted",
              {"value": "2024-03-03", "timex": "t4"}, Location(cairo.start, cairo.end, cairo.text, "EGY"), None,
              "04", 1, 1.0, 0.9),
    ]
    doc.validate()
    return doc


def hostile_doc() -> Doc:
    """Markup in the article text, with highlights on and around it: it must stay text."""
    t = HOSTILE
    doc = Doc(text=t, id="hostile-1", date="2024-03-12",
              source={"url": "javascript:window.__pwned=4", "outlet": "<b onmouseover=x>evil</b>",
                      "title": "<img src=x onerror=\"window.__pwned=5\">"})
    doc.sentences = [Sentence(0, len(t))]
    s = _find(t, "<script>window.__pwned = 1; document.title = 'pwned'</script>")
    img = _find(t, "<img src=x onerror=\"window.__pwned = 2\">")
    cairo = _find(t, "القاهرة")
    doc.entities = [Entity("e1", cairo.start, cairo.end, cairo.text, "GPE", Actor("EGY", "GOV", "<i>Egypt</i>")),
                    Entity("e2", s.start, s.end, s.text, "MISC", None)]
    week = _find(t, "الأسبوع المقبل")
    doc.timexes = [Timex("t1", week.start, week.end, week.text, "DATE", "2024-W12")]
    src = _find(t, "مسؤول")
    doc.attributions = [Attribution("a1", _find(t, "قال"), Source(src.start, src.end, src.text, "anonymous", 1),
                                    make_span(t, src.end + 1, len(t)))]
    doc.events = [Event("v1", "CONSULT", _find(t, "سيزور"), 0, [], [], "g1",
                        [Participant(img.start, img.end, img.text, "<svg onload=x>", None)],
                        [Participant(cairo.start, cairo.end, cairo.text, "EGY", "GOV", "e1")], "expected",
                        {"value": "2024-W12", "timex": "t1"}, None, "a1", "04", 1, 1.0, 0.5)]
    doc.validate()
    return doc


def as_json(doc: Doc) -> dict[str, Any]:
    return doc.to_json()


def moved(doc: Doc, id: str, outlet: str, values: dict[str, str]) -> dict[str, Any]:
    """The same report published elsewhere about other days: time values (and the event dates
    that use them) replaced by ``values`` (old -> new), as khabar/1 JSON."""
    d = doc.to_json()
    d["id"] = id
    d["date"] = values.get(d["date"], d["date"])
    d["source"] = {"url": f"https://example.org/{id}", "outlet": outlet, "title": d["source"]["title"]}
    for t in d["timexes"]:
        t["value"] = values.get(t["value"], t["value"])
    for v in d["events"]:
        if v["date"]:
            v["date"] = {**v["date"], "value": values.get(v["date"]["value"], v["date"]["value"])}
    return d
