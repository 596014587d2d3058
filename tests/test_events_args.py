"""Argument attachment and event filtering in the events stage, on constructed Arabic sentences
run through the whole pipeline (tokens, tagger, actors, time, attribution, events)."""

from __future__ import annotations

from typing import Any

import pytest

from khabar.doc import Event

DATELINE = "القاهرة (رويترز) - "


def events(pipe: Any, text: str, date: str = "2023-05-01") -> list[Event]:
    doc = pipe(pipe.make_doc(DATELINE + text, date=date))
    return list(doc.events)


def coded(evs: list[Event], typ: str) -> list[tuple[set[str], set[str]]]:
    return [({p.code for p in e.actor}, {p.code for p in e.recipient}) for e in evs if e.event == typ]


@pytest.mark.parametrize("text", [
    "أعربت وزارة الخارجية الألمانية عن قلقها البالغ، وحثت إسرائيل على ضبط النفس.",
    "أعربت وزارة الخارجية الألمانية عن قلقها البالغ، وحثّت إسرائيل على ضبط النفس.",  # shadda
    "أعربت وزارة الخارجية الألمانية عن «قلقها»، وحثـت إسرائيل على ضبط النفس.",  # tatweel, «»
])
def test_coordinated_verb_object(full_pipeline: Any, text: str) -> None:
    """A و-verb whose noun is followed by its frame's complement (حث X على) shares the first
    clause's subject; the noun is its object."""
    got = coded(events(full_pipeline, text), "REQUEST")
    assert ({"DEU"}, {"ISR"}) in got


def test_sentence_initial_verb_keeps_its_subject(full_pipeline: Any) -> None:
    """A sentence-initial و-verb has its own subject (ودعت إسرائيل … إلى)."""
    got = coded(events(full_pipeline, "ودعت إسرائيل المجتمع الدولي إلى التحرك."), "REQUEST")
    assert got and all(a == {"ISR"} for a, _ in got)


@pytest.mark.parametrize("text, absent", [
    ("استدعت الجزائر سفيرها في مدريد احتجاجاً على الموقف الإسباني.", "PROTEST"),
    ("طردت الجزائر السفير الفرنسي احتجاجا على تصريحات ماكرون.", "PROTEST"),
    ("قدّم وزير الخارجية اللبناني استقالته أمس احتجاجاً على غياب الإصلاح.", "PROTEST"),
])
def test_purpose_masdar_is_no_event(full_pipeline: Any, text: str, absent: str) -> None:
    """An indefinite accusative masdar of motive (احتجاجاً على) after an event is that event's
    reason, not an event of its own."""
    evs = events(full_pipeline, text)
    assert evs and not [e for e in evs if e.event == absent]


def test_purpose_masdar_after_no_event_stays(full_pipeline: Any) -> None:
    """After a verb that is no event (خرج آلاف …) the masdar is the event ("تنديداً بـ"), and the
    clause's subject is its agent."""
    evs = events(full_pipeline, "وخرج آلاف العراقيين إلى الشوارع في بغداد تنديداً بالضربات الأمريكية.")
    got = [{p.code for p in e.actor} for e in evs if e.trigger.text.startswith("تنديد")]
    assert got == [{"IRQ"}]


@pytest.mark.parametrize("text, want", [
    ("عقد الرئيسان المصري والسوداني اجتماعاً في الخرطوم.", {"EGY", "SDN"}),
    ("عقد الرئيسان المصري والسوداني اجتماعا في الخرطوم.", {"EGY", "SDN"}),
    ("عقد الزعيمان التركي واليوناني قمة في أنقرة.", {"TUR", "GRC"}),
])
def test_dual_noun_spelt_out_by_adjectives(full_pipeline: Any, text: str, want: set[str]) -> None:
    """A dual noun followed by its nationality adjectives names those two parties, not the two
    countries named lately (nor the dateline's news agency)."""
    got = [a | r for a, r in coded(events(full_pipeline, text), "CONSULT")]
    assert want in got


@pytest.mark.parametrize("text", [
    "وعقد مجلس الأمن الدولي جلسة طارئة لبحث الأزمة.",
    "وعقد حلف شمال الأطلسي اجتماعاً طارئاً في بروكسل.",
])
def test_igo_assembly_is_a_consultation(full_pipeline: Any, text: str) -> None:
    """A meeting an international body holds is a CONSULT of its members, with the IGO alone."""
    got = coded(events(full_pipeline, text), "CONSULT")
    assert ({"IGO"}, set()) in got


def test_talks_need_two_parties(full_pipeline: Any) -> None:
    """Talks (محادثات) are not an assembly: one country alone makes no CONSULT."""
    got = coded(events(full_pipeline, "وقالت مصر إن المحادثات مستمرة."), "CONSULT")
    assert not got
