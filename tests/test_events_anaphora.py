"""Object pronouns of event verbs and masdars (حثه، دعاهم، اعتقلته) and the subject of a و-verb
after an object, on constructed Arabic sentences run through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest
from eventcases import coded, events

from khabar.doc import Actor, ActorMention
from khabar.events.anaphora import agrees, gender_of
from khabar.events.clauses import Arg
from khabar.events.lexicon import Lexicon
from khabar.text.normalize import norm_word


@pytest.mark.parametrize("text, actor, recipient", [
    ("التقى وزير الخارجية الأمريكي الرئيس التونسي قيس سعيد وحثه على احترام الدستور.", {"USA"}, {"TUN"}),
    ("التقى وزير الخارجية الأمريكي الرئيس التونسي قيس سعيد وحثّـه على احترام الدستور.", {"USA"}, {"TUN"}),
    ("استقبل الرئيس المصري وزير الخارجية الأمريكي ودعاه إلى دعم المبادرة المصرية.", {"EGY"}, {"USA"}),
    ("التقى أمير قطر قادة حركة حماس، ودعاهم إلى الوحدة.", {"QAT"}, {"PSE"}),
])
def test_object_pronoun_of_coordinated_verb(full_pipeline: Any, text: str, actor: set[str],
                                            recipient: set[str]) -> None:
    """A و-verb after the object of an earlier verb keeps that verb's subject; its pronoun suffix is
    the recipient, resolved to the object before it (number and gender agreeing)."""
    assert (actor, recipient) in coded(events(full_pipeline, text), "REQUEST")


def test_resumptive_pronoun_names_the_relative_head(full_pipeline: Any) -> None:
    """"الصحفي الفرنسي الذي اعتقلته": the pronoun of a relative clause is its head noun."""
    evs = events(full_pipeline, "أفرجت السلطات الإيرانية عن الصحفي الفرنسي الذي اعتقلته قبل عامين.")
    assert ({"IRN"}, {"FRA"}) in coded(evs, "COERCE")


def test_resumptive_pronoun_on_a_thing_is_no_party(full_pipeline: Any) -> None:
    """"الخطة التي انتقدتها إيران": the pronoun is the plan, not the last actor (واشنطن)."""
    evs = events(full_pipeline, "أعلنت واشنطن خطة جديدة للسلام، وهي الخطة التي انتقدتها إيران بشدة.")
    assert all(r == set() for _, r in coded(evs, "ACCUSE"))


@pytest.mark.parametrize("text", [
    "أصدرت وزارة الخارجية القطرية بياناً أمس حول الأوضاع.",
    "وقالت وزارة الدفاع الروسية إن الطقس سيئ.",
])
def test_ta_marbuta_is_no_pronoun(full_pipeline: Any, text: str) -> None:
    """وزارة is no و+زار+ه: a word written with ة never carries the pronoun ه."""
    assert not [e for e in events(full_pipeline, text) if e.event == "CONSULT"]


@pytest.mark.parametrize("word, suffix, plain", [
    ("وحثه", "ه", False), ("ودعاهم", "هم", True), ("فحثها", "ها", True), ("ودعاه", "ه", False),
])
def test_short_verb_between_clitics(word: str, suffix: str, plain: bool) -> None:
    """و + a short verb + an object pronoun is analysed; with ه only where the caller knows the
    word was not written with ة (``analyses_h``), since normalised وزارة is وزاره."""
    lex = Lexicon.load()
    got = [a for a in lex.analyzer.analyses_h(norm_word(word)) if a.form.pos == "V"]
    assert got and got[0].suffix == suffix
    assert bool([a for a in lex.analyzer.analyses(norm_word(word)) if a.form.pos == "V"]) == plain


def _arg(text: str, kind: str, code: str = "USA") -> Arg:
    m = ActorMention(0, len(text), text, Actor(code, None, text), kind)
    return Arg(0, 1, [m])


@pytest.mark.parametrize("text, kind, gender", [
    ("الرئيس بايدن", "person", "m"), ("الرئيسة تساي", "person", "f"), ("الحكومة", "institution", "f"),
    ("مصر", "country", "f"), ("لبنان", "country", "m"), ("العراق", "country", ""), ("السعودية", "country", "f"),
    ("موسكو", "capital", "f"), ("حزب الله", "group", "m"), ("السلطات", "institution", "f"),
])
def test_gender_of_antecedents(text: str, kind: str, gender: str) -> None:
    assert gender_of(_arg(text, kind)) == gender


def test_agreement() -> None:
    assert agrees(_arg("الرئيس التونسي", "role"), "sg", "m")
    assert not agrees(_arg("الرئيس التونسي", "role"), "sg", "f")
    assert not agrees(_arg("مصر", "country"), "sg", "m")
    assert agrees(_arg("المتظاهرين", "role"), "pl", "")
    assert not agrees(_arg("مصر", "country"), "pl", "")


@pytest.mark.parametrize("text, typ, parties", [
    ("عقدت مصر والسودان وإثيوبيا جولة مفاوضات جديدة في القاهرة. وتبادلت الدول الثلاث الاتهامات "
     "بإفشال المحادثات.", "ACCUSE", {"EGY", "SDN", "ETH"}),
    ("دعت الولايات المتحدة وبريطانيا وفرنسا إلى وقف القتال. وتبادلت الدول الثلاث المعلومات حول الأزمة.",
     "COOPERATE", {"USA", "GBR", "FRA"}),
    ("أدانت روسيا الضربات، وقالت إن الولايات المتحدة وبريطانيا وفرنسا انتهكت القانون. وطالب المندوب "
     "الروسي الدولَ الثلاث بوقف العمليات.", "REQUEST", {"RUS", "USA", "GBR", "FRA"}),
])
def test_numbered_plural_anaphor(full_pipeline: Any, text: str, typ: str, parties: set[str]) -> None:
    """الدول الثلاث names the last three actors named together (else the three most named lately);
    a reciprocal verb with such a plural subject keeps it as its subject."""
    got = coded(events(full_pipeline, text), typ)
    assert any(a | r == parties for a, r in got)


@pytest.mark.parametrize("text, actor, recipient", [
    ("وطالب المندوب الروسي إسرائيل بوقف العمليات.", {"RUS"}, {"ISR"}),
    ("طالب وزير الخارجية الأردني إسرائيل بوقف العدوان.", {"JOR"}, {"ISR"}),
    ("وطالب مسؤولون لبنانيون بإجراء تحقيق دولي.", {"LBN"}, set()),
])
def test_event_verb_is_no_role_word(full_pipeline: Any, text: str, actor: set[str], recipient: set[str]) -> None:
    """"وطالب المندوب الروسي": طالب (also "student") read as a verb by the tagger is the event, the
    words after it the actor."""
    assert (actor, recipient) in coded(events(full_pipeline, text), "REQUEST")


@pytest.mark.parametrize("text", [
    "وشكر بايدن أمير قطر على جهود الوساطة في اتصال هاتفي.",
    "وشكر الرئيس الأمريكي أمير قطر على جهود الوساطة، في اتصال هاتفي.",
    "وشكر بايدن أمير قطر على جهود الوساطة عبر اتصال هاتفي.",
])
def test_talk_noun_as_setting_takes_the_clause_parties(full_pipeline: Any, text: str) -> None:
    """"… في اتصال هاتفي": the call's parties are the actor and recipient of the clause's event."""
    got = coded(events(full_pipeline, text), "CONSULT")
    assert any(a | r == {"USA", "QAT"} for a, r in got)


def test_talk_noun_setting_needs_two_sides(full_pipeline: Any) -> None:
    """With no recipient in the clause there is no second party: no CONSULT is made up."""
    got = coded(events(full_pipeline, "ودان الرئيس الأمريكي الهجوم في مؤتمر صحفي."), "CONSULT")
    assert got == []


def test_wa_plus_preposition_is_no_coordination(full_pipeline: Any) -> None:
    """"… فرنسا بسحب قواتها وتحت إشراف السلطات المالية": و + a preposition (تحت، دون، وسط) opens a
    phrase, it does not coordinate the actor after it with the one before."""
    evs = events(full_pipeline, "وطالبت الحكومة المالية فرنسا بسحب قواتها دون تأخير وتحت إشراف الجيش المالي.")
    assert any(e.event == "RETREAT" and e.trigger.text.startswith("بسحب") for e in evs)


@pytest.mark.parametrize("text, typ, parties", [
    ("تعهدت الدول المشاركة في مؤتمر برلين حول ليبيا، ومنها روسيا وتركيا والإمارات ومصر، الأحد باحترام "
     "حظر السلاح.", "AGREE", {"RUS", "TUR", "ARE", "EGY"}),
    ("وقدّم الوفد الأوكراني مقترحاً مقابل ضمانات أمنية ملزمة من دول عدة بينها الولايات المتحدة وبريطانيا "
     "وتركيا والصين.", "AGREE", {"USA", "GBR", "TUR", "CHN"}),
    ("وتعهدت الدول المانحة، بما فيها اليابان وألمانيا، بتقديم مساعدات للسودان.", "AGREE", {"JPN", "DEU", "SDN"}),
])
def test_group_spelt_out_by_a_list(full_pipeline: Any, text: str, typ: str, parties: set[str]) -> None:
    """"الدول المشاركة، ومنها روسيا وتركيا": the group noun stands for the actors the list names."""
    got = coded(events(full_pipeline, text), typ)
    assert any(a | r == parties for a, r in got)


def test_list_needs_two_members(full_pipeline: Any) -> None:
    """One actor after منها is no spelt-out group (no synthetic party is made)."""
    evs = events(full_pipeline, "تعهدت الدول المشاركة، ومنها روسيا، باحترام حظر السلاح.")
    assert all(len(e.actor) <= 1 for e in evs if e.event == "AGREE")


@pytest.mark.parametrize("text, typ, actor, recipient", [
    ("زار بلينكن الصين وانتقد سياساتها التجارية.", "ACCUSE", {"USA"}, {"CHN"}),
    ("استقبل الملك الأردني الرئيس الفلسطيني وأيد موقفه من الاستيطان.", "SUPPORT", {"JOR"}, {"PSE"}),
])
def test_possessive_object_names_the_recipient(full_pipeline: Any, text: str, typ: str, actor: set[str],
                                               recipient: set[str]) -> None:
    """"وانتقد سياساتها": the possessor of a statement verb's object is its recipient."""
    assert (actor, recipient) in coded(events(full_pipeline, text), typ)


def test_possessive_object_not_from_ta_marbuta(full_pipeline: Any) -> None:
    """"انتقد السياسة" has no suffix (ة is no ه): no recipient is resolved from it."""
    evs = events(full_pipeline, "التقى بلينكن الرئيس الصيني وانتقد سياسة الحكومة.")
    assert all(r != {"CHN"} for _, r in coded(evs, "ACCUSE"))
