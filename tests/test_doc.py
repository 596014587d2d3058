"""The document model: khabar/1 JSON round trip and span validation."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.doc import Actor, Attribution, Doc, Entity, Event, Location, Participant, Source, Span, Timex, make_span
from khabar.errors import KhabarError


def _rich_doc() -> Doc:
    text = "قال مسؤولان أمريكيان إن الرئيس سيزور بكين الأسبوع المقبل."
    doc = Doc(text=text, date="2023-11-08", source={"url": "http://x", "outlet": "o", "title": "t"})
    def sp(s: str) -> Span:
        i = text.index(s)
        return make_span(text, i, i + len(s))
    b = sp("بكين")
    doc.entities = [Entity("e1", b.start, b.end, b.text, "GPE", Actor("CHN", "GOV", "China"))]
    w = sp("الأسبوع المقبل")
    doc.timexes = [Timex("t1", w.start, w.end, w.text, "DATE", "2023-W46")]
    src = sp("مسؤولان أمريكيان")
    doc.attributions = [Attribution("a1", sp("قال"), Source(src.start, src.end, src.text, "anonymous", 2,
                                                             Actor("USA", "GOV")), sp("الرئيس سيزور بكين"))]
    doc.events = [Event("v1", "CONSULT", sp("سيزور"), 0, ["visit"], [], "g1",
                        [Participant(*_p(sp("الرئيس")), "USA", "GOV")],
                        [Participant(b.start, b.end, b.text, "CHN", "GOV", "e1")], "expected",
                        {"value": "2023-W46", "timex": "t1"}, Location(b.start, b.end, b.text, "CHN"), "a1",
                        "04", 1, 1.0, 0.8)]
    return doc


def _p(s: Span) -> tuple[int, int, str]:
    return s.start, s.end, s.text


def test_round_trip_is_lossless() -> None:
    doc = _rich_doc()
    j = doc.to_json()
    assert j["schema"] == "khabar/1"
    again = Doc.from_json(json.loads(json.dumps(j, ensure_ascii=False)))
    assert again.to_json() == j


def test_validate_rejects_bad_span() -> None:
    j = _rich_doc().to_json()
    j["entities"][0]["text"] = "موسكو"
    with pytest.raises(KhabarError) as e:
        Doc.from_json(j)
    assert e.value.code == "K008"


def test_wrong_schema_is_refused() -> None:
    with pytest.raises(KhabarError) as e:
        Doc.from_json({"schema": "other/9", "text": "x"})
    assert e.value.code == "K007"


@given(st.text(min_size=1, max_size=400).filter(lambda s: s.strip() != ""))
@settings(max_examples=150, deadline=None)
def test_pipeline_spans_property(text: str) -> None:
    """Whatever the input, every span of the full pipeline's output matches the text."""
    from khabar.pipeline import analyze

    doc = analyze(text, date="2023-11-08")
    j = doc.to_json()
    assert j["text"] == text
    again = Doc.from_json(j)  # validate() runs inside
    for _where, s, e, t in again.iter_spans():
        if t is not None:
            assert text[s:e] == t
