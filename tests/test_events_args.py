"""Argument attachment and event filtering in the events stage, on constructed Arabic sentences
run through the whole pipeline (tokens, tagger, actors, time, attribution, events)."""

from __future__ import annotations

from typing import Any

import pytest
from eventcases import coded, events


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


@pytest.mark.parametrize("text, want", [
    ("وقعت السعودية وإيران اتفاقاً في بكين برعاية الصين. وقال مسؤول صيني إن البلدين سيتبادلان السفراء.",
     {"SAU", "IRN"}),
    ("وقعت السعودية وإيران اتفاقاً في بكين برعاية الصين، وسيلتقي وزيرا خارجية البلدين قريباً.",
     {"SAU", "IRN"}),
    ("وقّع الجيش السوداني وقوات الدعم السريع هدنة في جدة وفق بيان للسعودية والولايات المتحدة. "
     "وتبادل الطرفان الاتهامات بخرق الهدنة.", {"SDN"}),
])
def test_dual_anaphor_takes_the_last_coordinated_pair(full_pipeline: Any, text: str, want: set[str]) -> None:
    """A dual anaphor (البلدين، الطرفان) points back to the last two actors joined by و (not a pair
    under a preposition, not the mediator named most); two sides of one country name that country."""
    evs = events(full_pipeline, text)
    last = max(e.sentence for e in evs)
    got = [{p.code for p in e.actor + e.recipient} for e in evs
           if e.sentence == last and e.event in ("CONSULT", "ACCUSE", "AGREE", "COOPERATE", "SUPPORT")]
    assert want in got, got


@pytest.mark.parametrize("text", [
    "دخلت الهدنة بين إسرائيل وحركة حماس حيز التنفيذ، في اتفاق توسطت فيه مصر.",
    "دخلت الهدنة بين إسرائيل وحركة حماس حيز التنفيذ، في اتفاق توسّطت فيه مصر.",
])
def test_preposition_does_not_reach_over_a_relative_verb(full_pipeline: Any, text: str) -> None:
    """"في اتفاق توسطت فيه مصر": في governs اتفاق, not مصر (a verb and a resumptive pronoun lie
    between), so مصر is the mediator, not a place."""
    evs = events(full_pipeline, text)
    assert any("EGY" in {p.code for p in e.actor} for e in evs if e.trigger.text.startswith("توس"))


@pytest.mark.parametrize("text, typ, want", [
    ("قصفت القوات الروسية ميناء أوديسا الأوكراني، وهو ما نددت به تركيا.", "ACCUSE", {"RUS", "UKR"}),
    ("قصفت القوات الروسية ميناء أوديسا الأوكراني، وهو ما ندّدت به تركيا.", "ACCUSE", {"RUS", "UKR"}),
    ("وقعت إثيوبيا والصومال اتفاقاً توسطت فيه تركيا.", "CONSULT", {"ETH", "SOM"}),
])
def test_relative_clause_on_an_event(full_pipeline: Any, text: str, typ: str, want: set[str]) -> None:
    """A verb in a relative clause on an event (وهو ما نددت به، اتفاق توسطت فيه) takes that event's
    parties as its recipients."""
    got = coded(events(full_pipeline, text), typ)
    assert any(a == {"TUR"} and want <= r for a, r in got), got


@pytest.mark.parametrize("text, typ, actor", [
    ("أطلقت الصين صواريخ قرب تايوان رداً على زيارة رئيسة مجلس النواب الأمريكي إلى تايبيه.", "CONSULT", "USA"),
    ("استقال الرئيس بعد ساعات من مطالبة رئيس أركان الجيش الجزائري بتطبيق الدستور.", "REQUEST", "DZA"),
    ("وجاء ذلك بعد أيام من زيارة وفد سعودي إلى صنعاء.", "CONSULT", "SAU"),
])
def test_preposition_before_masdar_leaves_its_genitive(full_pipeline: Any, text: str, typ: str, actor: str) -> None:
    """"على زيارة X"، "من مطالبة X": the preposition governs the masdar; X is the masdar's genitive
    (its agent), not a prepositional argument."""
    got = coded(events(full_pipeline, text), typ)
    assert any(actor in a for a, _ in got), got


@pytest.mark.parametrize("text", [
    "وقال المبعوث الأممي إنه يأمل أن تستأنف المشاورات بين الحكومة اليمنية والحوثيين قريباً.",
    "وقال المبعوث الأممي إنه يأمل أن تُستأنف المشاورات بين الحكومة اليمنية والحوثيين قريباً.",
])
def test_two_sides_of_one_country_are_two_parties(full_pipeline: Any, text: str) -> None:
    """Talks between a government and its rebels (one country code) still have two parties."""
    got = [a | r for a, r in coded(events(full_pipeline, text), "CONSULT")]
    assert {"YEM"} in got, got


@pytest.mark.parametrize("text", [
    "وقال المبعوث الأممي إنه يأمل أن تعقد مصر وإسرائيل محادثات قريباً.",
    "وقال المبعوث الأممي إنّه يأمل أن تعقد مصر وإسرائيل محادثات قريباً.",
])
def test_hope_after_reported_pronoun_complement(full_pipeline: Any, text: str) -> None:
    """"قال X إنه يأمل أن …": the hope verb is the reported clause's own, so it scopes over the
    event (hoped), not a relative clause on the source."""
    evs = [e for e in events(full_pipeline, text) if e.event == "CONSULT"]
    assert evs and all(e.status == "hoped" for e in evs)


@pytest.mark.parametrize("text,status", [
    ("ستستضيف مصر محادثات بين الجيش السوداني وقوات الدعم السريع.", "expected"),
    ("قال إن مصر ستستضيف جولة جديدة من المحادثات بين الجيش السوداني وقوات الدعم السريع.", "expected"),
    ("وسيعقد الجيش السوداني محادثات مع قوات الدعم السريع.", "expected"),
    ("سوف تستضيف مصر محادثات بين الجيش السوداني وقوات الدعم السريع.", "expected"),
    ("استضافت مصر محادثات بين الجيش السوداني وقوات الدعم السريع.", "asserted"),
    ("استضافت مصـر جولة من المحادثات بين الجيش السوداني وقوات الدعم السريع.", "asserted"),  # tatweel
])
def test_event_noun_object_of_a_future_verb_is_expected(full_pipeline: Any, text: str, status: str) -> None:
    """An event noun the nearest verb of its clause brings (ستستضيف … محادثات) takes that verb's
    future (سـ، سوف) even when the verb is no event word of its own."""
    evs = [e for e in events(full_pipeline, text) if e.event == "CONSULT"]
    assert evs and all(e.status == status for e in evs), [(e.trigger.text, e.status) for e in evs]


@pytest.mark.parametrize("text", [
    "قال مسؤول أوكراني إن كييف تعرضت لقصف مدفعي مكثف طوال الليل.",
    "قال مسؤول أوكراني إن كييف تعرّضت لقصفٍ مدفعي مكثف طوال الليل.",  # shadda, tanwin
    "قال مسؤول أوكراني إن كييف تعرضـت لقصف مدفعي مكثف طوال الليل.",  # tatweel
])
def test_undergo_verb_gives_its_subject_as_recipient_not_actor(full_pipeline: Any, text: str) -> None:
    """تعرض ل + event noun: the subject suffered the event; it is not the event's agent."""
    got = coded(events(full_pipeline, text), "ASSAULT")
    assert got and all("UKR" not in a for a, _ in got)
    assert any("UKR" in r for _, r in got)


def test_same_event_named_twice_keeps_the_named_agent(full_pipeline: Any) -> None:
    """An agentless mention (تعرضت لقصف) merged with a later one that names the agent (قصفت القوات
    الروسية) keeps that agent."""
    text = ("قال مسؤول أوكراني إن كييف تعرضت لقصف مدفعي، فيما أعلنت السلطات الأوكرانية أن القوات "
            "الروسية قصفت مبنى الإدارة الإقليمية.")
    got = coded(events(full_pipeline, text), "ASSAULT")
    assert any("RUS" in a and "UKR" in r for a, r in got)


@pytest.mark.parametrize("text", [
    "ودانت حكومة طالبان عمليات الترحيل، وطالبت باكستان بمنح اللاجئين مزيدا من الوقت.",
    "ودانت حكومة طالبان عمليات الترحيل، وطالبت باكستان بوقف الترحيل.",
    "ودانت حكومة طالبان عمليات الترحيل، وطالبت باكستان بسحب قواتها من الحدود.",
])
def test_coordinated_verb_object_before_an_unsplit_bi_masdar(full_pipeline: Any, text: str) -> None:
    """طالب X بـ + masdar where the tokeniser left ب on the masdar (بمنح): X is still the object and
    the و-verb shares the first clause's subject."""
    got = coded(events(full_pipeline, text), "REQUEST")
    assert ({"AFG"}, {"PAK"}) in got


@pytest.mark.parametrize("text, want", [
    ("وطالبت «كتائب حزب الله» العراقية القوات الأمريكية بمغادرة العراق.", ({"IRQ"}, {"USA"})),
    ("وطالبت \"كتائب حزب الله\" العراقية القوات الأمريكية بمغادرة العراق.", ({"IRQ"}, {"USA"})),
    ("ودعت «حماس» الفلسطينيّة إسرائيل إلى وقف الغارات.", ({"PSE"}, {"ISR"})),  # shadda
])
def test_nationality_adjective_after_a_quoted_name_is_its_apposition(full_pipeline: Any, text: str,
                                                                     want: tuple[set[str], set[str]]) -> None:
    """«X» + nationality adjective: the adjective belongs to X (not a second argument), so the noun
    after it is the verb's object; the participant's span stays the quoted name."""
    evs = [e for e in events(full_pipeline, text) if e.event == "REQUEST"]
    assert want in coded(evs, "REQUEST")
    assert all("»" not in p.text and '"' not in p.text for e in evs for p in e.actor)


@pytest.mark.parametrize("text", [
    "أكملت الولايات المتحدة سحب قواتها.",
    "استكملت الولايات المتحدة انسحاب قواتها.",
    "باشرت الولايات المتحدة سحب قواتها.",
    "شرعت الولايات المتحدة في سحب قواتها.",
    "أكملت الولايات المتحدة سحـب قواتها.",  # tatweel
])
def test_aspectual_verb_gives_its_subject_to_the_event_noun(full_pipeline: Any, text: str) -> None:
    """أكمل، استكمل، باشر، شرع في + masdar: support verbs like بدأ and واصل; their subject acts."""
    got = coded(events(full_pipeline, text), "RETREAT")
    assert got and all(a == {"USA"} for a, _ in got)


@pytest.mark.parametrize("text", [
    "ونصت الاتفاقية على انسحاب القوات السودانية من المستشفيات.",
    "وينص الاتفاق على انسحاب القوات السودانية من المستشفيات.",
    "وتنصّ الهدنة على انسحاب القوات السودانية من المستشفيات.",  # shadda
])
def test_what_an_agreement_stipulates_is_planned(full_pipeline: Any, text: str) -> None:
    """نص/ينص على (stipulate): the event an agreement lays down is planned, not reported as done."""
    evs = [e for e in events(full_pipeline, text) if e.event == "RETREAT"]
    assert evs and all(e.status == "planned" for e in evs)


def test_the_noun_nass_is_no_status_cue(full_pipeline: Any) -> None:
    """نص as a noun (the text of) sets no status."""
    evs = [e for e in events(full_pipeline, "وقال الجيش إن نص الاتفاق يسمح بانسحاب القوات السودانية.")
           if e.event == "RETREAT"]
    assert evs and all(e.status != "planned" for e in evs)


@pytest.mark.parametrize("text, n", [
    ("اجتاحت سيول جارفة مدينة درنة ليل الأحد.", 0),
    ("اجتاحت الفيضانات مدناً عدة في ليبيا.", 0),
    ("اجتاحت القوات الروسية مدينة خيرسون ليل الأحد.", 1),
])
def test_floods_that_sweep_a_city_are_no_assault(full_pipeline: Any, text: str, n: int) -> None:
    """اجتاح (invade) in a sentence about a flood or storm is weather, not an attack."""
    assert len([e for e in events(full_pipeline, text) if e.event == "ASSAULT"]) == n


@pytest.mark.parametrize("text", [
    "وافتتح المهاجم الصربي ميتروفيتش التسجيل في الدقيقة 12 بضربة رأسية.",
    "وسجل اللاعب الصربي الهدف الثاني بضربة رأسية بعد ركلة ركنية.",
    "كما انسحبت شركة اتصالات كويتية من صفقة للاستحواذ على حصة في مشغل أردني.",
])
def test_domain_words_spelt_with_ta_marbuta_or_hamza_count(full_pipeline: Any, text: str) -> None:
    """Sport and business cue words with ة or a hamza (رأسية، ركلة، شركة) match the tokens' normalised
    forms, so a header is no ASSAULT and a company's withdrawal no RETREAT."""
    assert not [e for e in events(full_pipeline, text) if e.event in ("ASSAULT", "RETREAT")]


def test_a_venue_dateline_is_not_the_home_country(full_pipeline: Any) -> None:
    """A dateline city whose country the story hardly names (talks in Jeddah about Sudan) is only the
    venue: unnamed protesters and victims take the country the story is about, as bare roles do."""
    pipe = full_pipeline
    text = ("جدة (رويترز) - وقع الجيش السوداني وقوات الدعم السريع اتفاقاً لوقف إطلاق النار في السودان. "
            "وقالت الحكومة السودانية إن الاتفاق صامد. وتظاهر الآلاف ضد الحرب. وقصفت قوات الدعم السريع مواقع عسكرية.")
    evs = list(pipe(pipe.make_doc(text, date="2023-05-22")).events)
    assert coded(evs, "PROTEST") == [({"SDN"}, set())]
    assert all("SAU" not in a | r for a, r in coded(evs, "ASSAULT"))


@pytest.mark.parametrize("text, typ, want", [
    ("وقال مسؤول إن لقاءً بين الرئيسين فلاديمير بوتين وفولوديمير زيلينسكي قد يُعقد قريباً.", "CONSULT",
     {"RUS", "UKR"}),
    ("واتفق البلدان مصر والسودان على تعزيز التعاون.", "AGREE", {"EGY", "SDN"}),
    ("واتفق البلدانِ مصرُ والسودانُ على تعزيز التعاون.", "AGREE", {"EGY", "SDN"}),  # case endings
])
def test_dual_spelt_out_by_names_after_it(full_pipeline: Any, text: str, typ: str, want: set[str]) -> None:
    """A dual noun followed by the two persons or countries it stands for names those two, whatever
    countries were mentioned last (here the dateline's Egypt and Reuters)."""
    evs = [e for e in events(full_pipeline, "استضافت تركيا محادثات بين روسيا وأوكرانيا. " + text) if e.event == typ]
    assert any({p.code for p in e.actor + e.recipient} == want for e in evs)
    assert all(p.text not in ("الرئيسين", "البلدان") for e in evs for p in e.actor)


@pytest.mark.parametrize("text", [
    "أسقطت مقاتلتان تركيتان من طراز إف-16 قاذفة روسية قرب الحدود السورية.",
    "أسقطت مقاتلتان تركيتان من طراز إف-16 الثلاثاء قاذفة روسية من طراز سوخوي-24.",
])
def test_hyphen_inside_a_model_name_is_no_clause_break(full_pipeline: Any, text: str) -> None:
    """إف-16 (no spaces around the hyphen) is one name: the object after it stays in the clause."""
    assert ({"TUR"}, {"RUS"}) in coded(events(full_pipeline, text), "ASSAULT")


@pytest.mark.parametrize("text, want", [
    ("وقالت شركة «توتال إنرجي» الفرنسية إنها ستبدأ التنقيب. وتظاهر عشرات في بيروت احتجاجاً على الاتفاق.", "LBN"),
    ("وقال وزير الخارجية الأمريكي إن بلاده تدعم الاتفاق. وتظاهر الآلاف في وسط القاهرة.", "EGY"),
    ("وقال وزير الخارجية الأمريكي إن بلاده تدعم الاتفاق. وتظاهر مئاتٌ في وسط القاهرة.", "EGY"),  # tanwin
])
def test_a_crowd_after_the_verb_is_its_subject(full_pipeline: Any, text: str, want: str) -> None:
    """تظاهر عشرات/الآلاف: the crowd is the overt subject, so the verb does not take the last actor
    named (a company, a foreign minister) as a pro-drop subject."""
    got = coded(events(full_pipeline, text), "PROTEST")
    assert got and all(a == {want} for a, _ in got)


@pytest.mark.parametrize("text, want", [
    ("التقى الرئيس الفرنسي بأعضاء المجلس العسكري في نيامي.", ({"FRA"}, {"NER"})),
    ("التقى ماكرون بأعضاء البرلمان في نيامي.", ({"FRA"}, {"NER"})),
])
def test_body_in_a_capital_is_the_other_party(full_pipeline: Any, text: str, want: tuple[set[str], set[str]]) -> None:
    """"المجلس العسكري في نيامي": the council is Niger's, so the meeting has two parties, and
    Niamey is where it took place."""
    evs = [e for e in events(full_pipeline, text) if e.event == "CONSULT"]
    assert [({p.code for p in e.actor}, {p.code for p in e.recipient}) for e in evs] == [want]
    assert evs[0].location is not None and evs[0].location.text == "نيامي"


@pytest.mark.parametrize("text, want", [
    ("قدم الملك سلمان مساعدات إلى اليمن.", ({"SAU"}, {"YEM"})),
    ("وقدم مركز الملك سلمان للإغاثة مساعدات لليمن.", ({"SAU"}, {"YEM"})),
    ("قدمت السعودية مساعدات إلى اليمن.", ({"SAU"}, {"YEM"})),
])
def test_support_verb_takes_its_noun_over_a_two_word_subject(full_pipeline: Any, text: str,
                                                              want: tuple[set[str], set[str]]) -> None:
    """قدم + subject + مساعدات: the noun is the verb's own (the subject stands between), so the
    recipient after it belongs to the one event."""
    assert coded(events(full_pipeline, text), "AID") == [want]


def test_definite_talks_restate_the_last_talks_with_two_parties(full_pipeline: Any) -> None:
    """"المحادثات" in a later sentence, with no parties of its own, are the talks named before."""
    text = ("بدأت السعودية وإيران محادثات في بغداد الأسبوع الماضي. "
            "وقال مسؤولون إن المحادثات تناولت الملف اليمني.")
    got = coded(events(full_pipeline, text), "CONSULT")
    assert got.count(({"SAU", "IRN"}, set())) == 2, got


@pytest.mark.parametrize("text", [
    # a talks noun after a preposition is another event's goal, not the talks restated
    "بدأت السعودية وإيران محادثات في بغداد. وقدمت الكويت مبادرة للمفاوضات.",
    # more than four sentences later the referent is no longer clear
    "بدأت السعودية وإيران محادثات في بغداد. جملة أولى. جملة ثانية. جملة ثالثة. جملة رابعة. "
    "وقال مسؤول إن المحادثات مستمرة.",
])
def test_talks_noun_that_restates_nothing(full_pipeline: Any, text: str) -> None:
    got = coded(events(full_pipeline, text), "CONSULT")
    assert got == [({"SAU", "IRN"}, set())], got


@pytest.mark.parametrize("text, absent", [
    ("أعلنت القيادة المركزية الأمريكية أنها دمرت أربعة زوارق مسيرة في مناطق يسيطر عليها الحوثيون في اليمن.", "PROTEST"),  # unmanned boats
    ("كما علّقت الخطوط الجوية القطرية جميع رحلاتها إلى الرياض وأبوظبي.", "CONSULT"),  # flights, not trips
])
def test_unmanned_craft_and_flights_are_no_events(full_pipeline: Any, text: str, absent: str) -> None:
    assert not [e for e in events(full_pipeline, text) if e.event == absent]


@pytest.mark.parametrize("text, want", [
    ("كييف (رويترز) - قالت السلطات الأوكرانية إن صاروخاً روسياً أصاب مركزاً تجارياً في مدينة خاركيف.", {"RUS"}),
    ("أصاب صاروخان روسيان ميناء أوديسا.", {"RUS"}),
])
def test_a_weapon_that_hits_is_an_assault(full_pipeline: Any, text: str, want: set[str]) -> None:
    """أصاب "hit" with a missile, shell or strike next to it (before it too: its subject)."""
    got = coded(events(full_pipeline, text), "ASSAULT")
    assert got and got[0][0] == want, got


@pytest.mark.parametrize("text", ["أصاب الشلل مؤسسات الدولة اللبنانية.", "أصابت الحكومة المصرية في قرارها."])
def test_hit_without_a_weapon_is_no_assault(full_pipeline: Any, text: str) -> None:
    assert not coded(events(full_pipeline, text), "ASSAULT")


@pytest.mark.parametrize("text, want", [
    ("وطالبت الحكومة البريطانية القاهرة بالإفراج عنه، لكن السلطات المصرية رفضت ذلك.", ({"EGY"}, {"GBR"})),
    ("طالبت فرنسا إيران بالإفراج عن المعتقلين. ورفضت إيران الطلب.", ({"IRN"}, {"FRA"})),
])
def test_a_rejected_request_names_the_requester(full_pipeline: Any, text: str, want: tuple[set[str], set[str]]) -> None:
    """رفضت ذلك / الطلب answers the request just named: the requester is the recipient."""
    assert want in coded(events(full_pipeline, text), "REJECT")


def test_rejection_of_something_else_takes_no_requester(full_pipeline: Any) -> None:
    text = "طالبت فرنسا إيران بالإفراج عن المعتقلين. ورفضت إيران التدخل في شؤونها."
    assert ({"IRN"}, {"FRA"}) not in coded(events(full_pipeline, text), "REJECT")


def test_adverbial_participle_takes_the_main_clause_subject(full_pipeline: Any) -> None:
    """"قال بايدن إن … مع أستراليا وكندا التي قدمت دعماً، محذراً …": the one warning is Biden, not
    the countries of the relative clause before the comma."""
    text = ("وقال الرئيس الأمريكي جو بايدن إن العملية نفذت بالتنسيق مع أستراليا وكندا التي قدمت دعماً، "
            "محذراً الحوثيين من مزيد من الهجمات.")
    got = coded(events(full_pipeline, text), "THREATEN")
    assert got == [({"USA"}, {"YEM"})], got


@pytest.mark.parametrize("text, typ, want", [
    ("نفذت العملية بالتنسيق مع أستراليا وكندا التي قدمت مساعدات إلى اليمن.", "AID", {"AUS", "CAN"}),
    ("فحتى الولايات المتحدة التي نفذت عملية قصف الاجتماع في ليبيا لم تؤكد مقتله.", "ASSAULT", {"USA"}),
])
def test_verb_after_a_relative_pronoun_takes_its_antecedent(full_pipeline: Any, text: str, typ: str,
                                                             want: set[str]) -> None:
    """"… وكندا التي قدمت": the relative clause's verb has the noun before the pronoun as subject."""
    got = coded(events(full_pipeline, text), typ)
    assert got and got[0][0] == want, got


def test_civilians_before_a_relative_killing_are_its_victims(full_pipeline: Any) -> None:
    """"المدنيين الذين قتلوا": an unmarked passive, the civilians are not the killers."""
    text = "وذكر معارضون سوريون أن المدنيين الذين قتلوا نتيجة قصف القوات الحكومية تجاوز عددهم مئة."
    assert all(e.trigger.text != "قتلوا" or not e.actor for e in events(full_pipeline, text))
