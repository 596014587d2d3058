"""Fourth pass on the event lexicon: classes of PLOVER verbs and masdars that had no entry,
each checked on constructed Arabic sentences run through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest
from eventcases import coded, events

from khabar.events.lexicon import Lexicon
from khabar.text.normalize import norm_word


@pytest.mark.parametrize("text, typ, actor, recipient", [
    ("زوّدت الولايات المتحدة أوكرانيا بصواريخ بعيدة المدى.", "AID", {"USA"}, {"UKR"}),
    ("وتزوّد فرنسا أوكرانيا بالذخيرة منذ أشهر.", "AID", {"FRA"}, {"UKR"}),
    ("أثنى الرئيس الفرنسي على جهود قطر في الوساطة.", "SUPPORT", {"FRA"}, {"QAT"}),
    ("ثمّن وزير الخارجية الأردني الموقف السعودي.", "SUPPORT", {"JOR"}, {"SAU"}),
    ("شكك وزير الخارجية الأمريكي في نوايا إيران.", "ACCUSE", {"USA"}, {"IRN"}),
    ("حضّت الصين الولايات المتحدة على ضبط النفس.", "REQUEST", {"CHN"}, {"USA"}),
    ("فتحت الشرطة التركية النار على المهاجرين السوريين.", "ASSAULT", {"TUR"}, {"SYR"}),
    ("دكّت المدفعية الإسرائيلية مواقع حزب الله في جنوب لبنان.", "ASSAULT", {"ISR"}, {"LBN"}),
    ("أغلقت الجزائر مجالها الجوي أمام الطائرات المغربية.", "SANCTION", {"DZA"}, {"MAR"}),
    ("رفعت تركيا اعتراضها على انضمام السويد.", "CONCEDE", {"TUR"}, {"SWE"}),
    ("فتحت مصر معبر رفح أمام الجرحى الفلسطينيين.", "RETREAT", {"EGY"}, {"PSE"}),
    ("افتتحت الإمارات سفارتها في تل أبيب.", "SUPPORT", {"ARE"}, {"ISR"}),
    # a sum of money given is aid (قدّم + مليون/مليار/دولار), not only a named aid noun
    ("قدمت اليابان 20 مليون دولار للسودان.", "AID", {"JPN"}, {"SDN"}),
    ("وستقدم ألمانيا ٣ ملايين يورو لليمن.", "AID", {"DEU"}, {"YEM"}),  # Eastern Arabic digits
    # "كمساعدات" (as aid) is no event of its own: it does not cut the verb's arguments
    ("وستقدم ألمانيا ٣ ملايين يورو كمساعدات لليمن.", "AID", {"DEU"}, {"YEM"}),
])
def test_new_trigger_classes(full_pipeline: Any, text: str, typ: str, actor: set[str], recipient: set[str]) -> None:
    """Each new class (verb, its inflections and masdar) codes its PLOVER type with its frame."""
    assert (actor, recipient) in coded(events(full_pipeline, text), typ)


@pytest.mark.parametrize("text, typ, actor, recipient", [
    # one's own ambassador (possessive) is recalled: SANCTION; another's is summoned: ACCUSE
    ("استدعت إسبانيا سفيرها لدى المغرب للتشاور.", "SANCTION", {"ESP"}, {"MAR"}),
    ("استدعت الجزائر سفيرها في مدريد.", "SANCTION", {"DZA"}, {"ESP"}),
    ("واستدعت الجزائر سفيرَها في مدريد.", "SANCTION", {"DZA"}, {"ESP"}),  # diacritic
    ("استدعت الخارجية المصرية السفير الإسرائيلي في القاهرة.", "ACCUSE", {"EGY"}, {"ISR"}),
])
def test_recall_versus_summon(full_pipeline: Any, text: str, typ: str, actor: set[str], recipient: set[str]) -> None:
    """استدعى + a possessed ambassador is a recall (CAMEO 161); the place after في is the
    recipient because the entry's frame says so."""
    evs = events(full_pipeline, text)
    assert (actor, recipient) in coded(evs, typ)
    other = "ACCUSE" if typ == "SANCTION" else "SANCTION"
    assert not coded(evs, other)


@pytest.mark.parametrize("text", [
    "قال المدرب إن الفريق سيدفع ثمن أخطائه في المباراة المقبلة.",  # ثمن = price, not ثمّن
    "وصل اثنين من اللاعبين إلى الملعب متأخرين.",  # اثنين = two, not أثنى
    "عرضت القناة فيلماً وثائقياً عن تاريخ المدينة.",  # فيلم is no جزم of a blame verb
    "سقطت أمطار غزيرة على العاصمة أمس.",  # rain falls: سقط needs a rocket or shell near it
])
def test_no_false_triggers(full_pipeline: Any, text: str) -> None:
    """Homographs of the new verbs do not become events."""
    assert events(full_pipeline, text) == []


@pytest.mark.parametrize("word, typ", [
    ("وزوّدت", "AID"), ("سيزود", "AID"), ("بتزويد", "AID"), ("وشككت", "ACCUSE"), ("التشكيك", "ACCUSE"),
    ("يتمركزون", "MOBILIZE"), ("وتمركزت", "MOBILIZE"), ("ثـمّن", "SUPPORT"), ("للتشجيع", "REQUEST"),
    ("انقلاباً", "COERCE"), ("الانقلابات", "COERCE"), ("نسفت", "ASSAULT"), ("يدكّ", "ASSAULT"),
])
def test_inflections_reach_the_entry(word: str, typ: str) -> None:
    """Every inflection and clitic form of a new entry is found by the lexicon's analyser."""
    lex = Lexicon.load()
    types = {a.item.event for a in lex.analyzer.analyses(norm_word(word))}
    assert typ in types


@pytest.mark.parametrize("text, typ, actor", [
    # a verb's next:-word may follow its subject: لوّح + subject + بـ
    ("ولوّح الرئيس الأمريكي برد عسكري على إيران.", "THREATEN", {"USA"}),
    ("لوح وزير الدفاع الإسرائيلي باستخدام القوة ضد لبنان.", "THREATEN", {"ISR"}),
    # quote marks may stand between a phrase's required words: أعرب عن «قلقه»
    ("وأعربت وزارة الخارجية الألمانية عن «قلقها البالغ» من التصعيد.", "ACCUSE", {"DEU"}),
    ("أعربت الخارجية المصرية عن \"قلقها\" من التصعيد.", "ACCUSE", {"EGY"}),
    # a session of a body (closed, special, extraordinary) is its meeting
    ("وعقد مجلس الأمن الدولي جلسة مغلقة لبحث الأزمة.", "CONSULT", {"IGO"}),
    ("عقدت الجامعة العربية جلسة استثنائية أمس.", "CONSULT", {"IGO"}),
])
def test_phrase_constraints_across_subject_and_quotes(full_pipeline: Any, text: str, typ: str,
                                                      actor: set[str]) -> None:
    assert any(a == actor for a, _ in coded(events(full_pipeline, text), typ))


def test_protesters_after_go_out(full_pipeline: Any) -> None:
    """خرج + protesters (محتجون، متظاهرون) is a demonstration; خرج alone is not."""
    assert coded(events(full_pipeline, "وخرج محتجون مجدداً مساء الاثنين في طهران."), "PROTEST")
    assert not coded(events(full_pipeline, "وخرج الوزير من الاجتماع في طهران مساء الاثنين."), "PROTEST")
