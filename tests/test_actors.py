"""The actor dictionary and resolver: phrase suite, clitics, dates, roles, user files, the stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.actors.dictionary import form_key, load_shipped, parse_table
from khabar.actors.resolver import Resolver, first_forms, get_resolver, nisba_base
from khabar.errors import KhabarError
from khabar.eval.actors import load_suite, run_suite
from khabar.pipeline import Pipeline, PipelineConfig

SUITE = Path(__file__).parent / "data" / "actor_phrases.tsv"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return get_resolver(())


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("text", "actors")))


def test_phrase_suite_passes(resolver: Resolver) -> None:
    cases = load_suite(SUITE)
    assert len(cases) >= 300
    passed, fails = run_suite(cases, resolver)
    assert not fails, "\n".join(f"line {c.line}: {c.phrase!r} want {c.code}/{c.sector} got {g}" for c, g in fails)


@pytest.mark.parametrize(
    "word,base",
    [("الأمريكيين", "امريكي"), ("أمريكية", "امريكي"), ("الصينيون", "صيني"), ("أمريكيتان", "امريكي"),
     ("السوريات", "سوري"), ("روسي", "روسي"), ("الدولة", None), ("بي", None)],
)
def test_nisba_base(word: str, base: str | None) -> None:
    from khabar.text.normalize import norm_word

    assert nisba_base(norm_word(word)) == base


def test_first_forms_strip_proclitics() -> None:
    forms = {f: (pre, trim) for f, pre, trim in first_forms("وللصين")}
    assert forms["الصين"] == ("ول", 1)  # و is outside the span, لل stays with the name
    assert ("واشنطن", "وب", 2) in first_forms("وبواشنطن")


@pytest.mark.parametrize(
    "text,code",
    [
        ("قال مسؤول أمريكي سابق إن", "USA"),
        ("وصل وزير الخارجية الإيراني إلى بيروت", "IRN"),
        ("أعلن الجيش الإسرائيلي", "ISR"),
        ("قالت الحكومة الصينية", "CHN"),
        ("التقى بنظيره التركي", "TUR"),
        ("زار الرئيسُ الأمريكيُّ", "USA"),  # diacritics
        ("الرئيـــس الأمريكي", "USA"),  # tatweel
        ("«الخارجية الأمريكية»، قالت", "USA"),  # quotes and Arabic comma
        ("هل قالت واشنطن؟", "USA"),  # Arabic question mark
    ],
)
def test_roles_and_punctuation(resolver: Resolver, text: str, code: str) -> None:
    ms = resolver.resolve_all(text, "2023-11-08")
    assert any(m.actor.code == code for m in ms), ms
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_office_on_date(resolver: Resolver) -> None:
    m = resolver.resolve_text("لويد أوستن", "2022-01-01")
    assert m is not None and (m.actor.code, m.actor.sector) == ("USA", "GOV")
    m = resolver.resolve_text("لويد أوستن", "2014-06-01")
    assert m is not None and (m.actor.code, m.actor.sector) == ("USA", "MIL")
    m = resolver.resolve_text("لويد أوستن", "2018-06-01")
    assert m is not None and m.actor.sector is None and "no office" in m.why


def test_surname_after_full_name_in_document(pipe: Pipeline) -> None:
    doc = pipe("التقى وزير الخارجية سيرغي لافروف أمس. وقال لافروف إن", date="2023-01-01")
    surn = [m for m in doc.actor_mentions if m.text == "لافروف"]
    assert surn and surn[0].actor.code == "RUS"


@pytest.mark.parametrize("later, code", [
    ("واتصل بلينكن بالرئيس سعيد.", "TUN"),
    ("واتصل بلينكن بالرئيس سعيّد.", "TUN"),  # shadda
    ("وقال سعيد الحربي إن الاجتماع انتهى.", None),  # a first name, no title: someone else
])
def test_surname_that_is_also_a_first_name_needs_a_title(pipe: Pipeline, later: str, code: str | None) -> None:
    """A surname that starts other dictionary names (سعيد) resolves to the person named in full
    earlier only after a title or role word (الرئيس سعيد)."""
    doc = pipe("أعلن الرئيس التونسي قيس سعيد تجميد أعمال البرلمان. " + later, date="2021-07-26")
    start = doc.text.index(later)
    got = [m.actor.code for m in doc.actor_mentions if m.start >= start and m.text.endswith(("سعيد", "سعيّد"))]
    assert (got[:1] or [None])[0] == code


@pytest.mark.parametrize("text", [
    "القاهرة (رويترز) - قال وزير الخارجية السوداني إن البلدين اتفقا على تعزيز التعاون.",
    "القاهرة (رويترز) - وصل وزير الخارجية السوداني أمس، واتفق البلدان على تعزيز التعاون.",
])
def test_news_agency_does_not_count_as_a_country_for_a_dual(pipe: Pipeline, text: str) -> None:
    """البلدان = the last two countries named; the agency in the dateline (رويترز → GBR) is none."""
    doc = pipe(text, date="2023-01-01")
    dual = [m for m in doc.actor_mentions if m.text in ("البلدان", "البلدين")]
    assert dual and set(dual[0].members) == {"EGY", "SDN"}


def test_ambiguous_group_takes_country_in_context(pipe: Pipeline) -> None:
    doc = pipe("شن الجيش العراقي هجوما في الأنبار. وقال إن داعش فقد مواقع.", date="2016-05-01")
    isis = [m for m in doc.actor_mentions if m.text == "داعش"]
    assert isis and isis[0].actor.code == "IRQ"


def test_pair_anaphor_members(pipe: Pipeline) -> None:
    doc = pipe("اجتمع مسؤولون من الهند وباكستان. واتفق البلدان على التهدئة.", date="2023-01-01")
    pair = [m for m in doc.actor_mentions if m.kind == "members"]
    assert pair and set(pair[0].members) == {"IND", "PAK"}


def test_stage_adds_entities_and_links(pipe: Pipeline) -> None:
    text = "قال الرئيس الأمريكي جو بايدن في واشنطن إن الصين ورويترز"
    doc = pipe(text, date="2023-11-08")
    labels = {e.text: (e.label, e.actor.code if e.actor else None) for e in doc.entities}
    assert labels["جو بايدن"] == ("PERSON", "USA")
    assert labels["واشنطن"][1] == "USA"
    assert labels["الصين"] == ("GPE", "CHN")
    assert labels["رويترز"] == ("ORG", "GBR")
    assert [e.id for e in doc.entities] == [f"e{i}" for i in range(1, len(doc.entities) + 1)]
    for m in doc.actor_mentions:
        assert doc.text[m.start:m.end] == m.text
    doc.validate()


def test_existing_ner_entity_gets_actor() -> None:
    from khabar.actors.stage import ActorStage
    from khabar.doc import Entity
    from khabar.text.stage import TextStage

    text = "قال المتحدث باسم الكرملين ديمتري بيسكوف"
    doc = TextStage()(__import__("khabar.doc", fromlist=["Doc"]).Doc(text=text, date="2023-11-08"))
    i = text.index("الكرملين")
    doc.entities = [Entity("e1", i, i + len("الكرملين"), "الكرملين", "ORG")]
    doc = ActorStage(get_resolver(())).__call__(doc)
    assert doc.entities[0].actor is not None and doc.entities[0].actor.code == "RUS"
    assert any(e.label == "PERSON" and e.actor and e.actor.code == "RUS" for e in doc.entities)


@pytest.mark.parametrize("text,name,label", [
    ("هاجمت القوات ولاية الجزيرة أمس", "الجزيرة", "GPE"),  # the channel's name, but after ولاية a place
    ("دخل الجيش مدينة الرشيد", "الرشيد", "GPE"),  # a person's name after مدينة
    ("وصل الوفد إلى محافظـة الأنبار", "الأنبار", "GPE"),  # tatweel in the head noun
    ("قال باحث في مركز كارنيغي", "كارنيغي", "ORG"),  # مركز introduces organisations too: no change
    ("قالت قناة الجزيرة", "الجزيرة", "ORG"),
    ("زار ولايته الجزيرة", "الجزيرة", "ORG"),  # "his state": the head has a pronoun
])
def test_name_after_an_administrative_head_is_a_place(text: str, name: str, label: str) -> None:
    from khabar.actors.stage import ActorStage
    from khabar.doc import Doc, Entity
    from khabar.text.stage import TextStage

    doc = TextStage()(Doc(text=text, date="2024-01-01"))
    i = text.index(name)
    doc.entities = [Entity("e1", i, i + len(name), name, "PERSON" if name == "الرشيد" else "ORG")]
    doc = ActorStage(get_resolver(())).__call__(doc)
    assert [e.label for e in doc.entities if e.text == name] == [label]


def test_user_file_overrides_and_extends(tmp_path: Path) -> None:
    f = tmp_path / "mine.tsv"
    f.write_text("form\tcode\tsector\tname\tkind\tstart\tend\tsource\n"
                 "البيت الأبيض\tXYZ\tGOV\tTest House\tinstitution\t\t\tmy test\n"
                 "أبو فلان|ابو فلان\tSYR\tREB\tAbu Fulan\tperson\t2012\t2014\tmy notes\n", "utf-8")
    r = Resolver([str(f)])
    m = r.resolve_text("والبيت الأبيض", "2023-01-01")
    assert m is not None and m.actor.code == "XYZ"
    m = r.resolve_text("أبو فلان", "2013-06-01")
    assert m is not None and (m.actor.code, m.actor.sector) == ("SYR", "REB")
    assert "my notes" in m.why


@pytest.mark.parametrize(
    "content,msg",
    [("form\tsector\nX\tGOV\n", "'form' and 'code'"), ("form\tcode\tkind\nX\tUSA\tplanet\n", "unknown kind"),
     ("form\tcode\tstart\nX\tUSA\t2020/01/01\n", "bad date"), ("form\tcode\nX\tU-S\n", "bad or empty code")],
)
def test_bad_user_file_is_coded_error(tmp_path: Path, content: str, msg: str) -> None:
    f = tmp_path / "bad.tsv"
    f.write_text(content, "utf-8")
    with pytest.raises(KhabarError) as ei:
        Resolver([str(f)])
    assert ei.value.code == "K012" and msg in str(ei.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(KhabarError) as ei:
        Resolver([str(tmp_path / "nope.tsv")])
    assert ei.value.code == "K012"


def test_every_shipped_entry_has_source_and_name() -> None:
    ents = load_shipped()
    assert len(ents) > 2000
    bad = [e for e in ents if not e.source or not e.name]
    assert not bad, bad[:5]
    people = {(e.name, e.code) for e in ents if e.kind == "person"}
    assert len(people) >= 300
    countries = {e.code for e in ents if e.kind == "country"}
    assert {"USA", "CHN", "PSE", "VAT", "TWN", "XKX", "SSD"} <= countries and len(countries) >= 195


def test_parse_table_forms_and_tilde() -> None:
    ents = parse_table("form\tcode\tkind\n~كوري ~شمالي|كوريا الشمالية\tPRK\tadjective\n", "t")
    assert [e.key for e in ents] == [("~كوري", "~شمالي"), ("كوريا", "الشماليه")]
    assert form_key("الأمم المتحدة") == ("الامم", "المتحده")


def test_cli_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    from khabar.cli import main

    assert main(["actors", "lookup", "نظيرها الصيني", "--date", "2023-11-08"]) == 0
    out = capsys.readouterr().out
    assert "CHN GOV" in out and "role" in out
    assert main(["actors", "lookup", "كلام عادي"]) == 1
    with pytest.raises(SystemExit):
        main(["actors", "lookup", "بايدن", "--date", "2023-13-45"])


def test_eval_seed_entities(pipe: Pipeline) -> None:
    from conftest import shared_path

    from khabar.eval.actors import score_entities

    seed = shared_path("examples", "seed")
    res = score_entities([seed], pipe)
    assert res["code_accuracy"] >= 0.95, res["misses"]


@pytest.mark.parametrize(
    "text,span,code",
    [
        ("بيروت – قالت السلطات إن الشرطة اعتقلت ناشطين.", "السلطات", "LBN"),  # dateline
        ("القاهرة (رويترز) - أعلنت وزارة الصحة ارتفاع الحصيلة.", "وزارة", "EGY"),
        ("بغداد: قال مصدر في الجيش إن", "الجيش", "IRQ"),
    ],
)
def test_implicit_home_country(pipe: Pipeline, text: str, span: str, code: str) -> None:
    doc = pipe(text, date="2023-01-01")
    ms = [m for m in doc.actor_mentions if m.kind == "implicit" and m.text.startswith(span)]
    assert ms and ms[0].actor.code == code and "home country" in ms[0].why


def test_no_implicit_without_home_or_for_counterparts(pipe: Pipeline) -> None:
    doc = pipe("قالت السلطات إن الشرطة اعتقلت ناشطين.", date="2023-01-01")
    assert not [m for m in doc.actor_mentions if m.kind == "implicit"]
    doc = pipe("طهران – التقى الوزير نظيره. وقال متحدث باسمها إن", date="2023-01-01")
    implicit = {m.text for m in doc.actor_mentions if m.kind == "implicit"}
    assert "الوزير" in implicit and "نظيره" not in implicit and "متحدث" not in implicit


def test_surname_seen_in_document_beats_adjective(pipe: Pipeline) -> None:
    doc = pipe("استقبل محمد شياع السوداني الوفد. وقال السوداني إن", date="2023-11-08")
    last = [m for m in doc.actor_mentions if m.text == "السوداني"]
    assert last and last[-1].actor.code == "IRQ" and last[-1].kind == "person"


@pytest.mark.parametrize(
    "text,label,code",
    [("الجزيرة", "ORG", "QAT"), ("مالي", "GPE", "MLI"), ("العربية", "ORG", "SAU"), ("الجزيرة", "GPE", None)],
)
def test_ner_label_stands_in_for_cue(resolver: Resolver, text: str, label: str, code: str | None) -> None:
    m = resolver.resolve_entity(text, label, "2023-01-01")
    assert (m.actor.code if m else None) == code


def test_cli_check_and_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from khabar.cli import main

    f = tmp_path / "mine.tsv"
    f.write_text("form\tcode\nالبيت الأبيض\tUSA\nأبو فلان\tSYR\n", "utf-8")
    assert main(["actors", "check", str(f)]) == 0
    assert "1 override shipped forms, 1 new" in capsys.readouterr().out
    assert main(["actors", "stats"]) == 0
    assert "people" in capsys.readouterr().out
    bad = tmp_path / "bad.tsv"
    bad.write_text("form\nX\n", "utf-8")
    assert main(["actors", "check", str(bad)]) == 1  # K012, one line on stderr, no traceback
    assert "K012" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text,pos,code",
    [
        ("وزير حقوق الإنسان اليمني", ["NOUN", "NOUN", "NOUN", "ADJ"], "YEM"),  # idafa nouns outside the lexicon
        ("وزيرة التنمية الدولية البريطانية", ["NOUN", "NOUN", "ADJ", "ADJ"], "GBR"),
        ("الجيش قصف المدينة السورية", ["NOUN", "NOUN", "NOUN", "ADJ"], None),  # gender disagrees: not the army's
    ],
)
def test_role_over_tagged_nouns(text: str, pos: list[str], code: str | None) -> None:
    from khabar.doc import Doc
    from khabar.text.stage import TextStage

    doc = TextStage()(Doc(text=text, date="2023-01-01"))
    for t, p in zip(doc.tokens, pos, strict=True):
        t.pos = p
    roles = [m for m in get_resolver(()).resolve_doc(doc) if m.kind == "role"]
    assert (roles[0].actor.code if roles else None) == code


def test_stage_options_turn_off_implicit_and_added_entities() -> None:
    p = Pipeline(PipelineConfig(stages=("text", "actors"),
                                options={"actors": {"implicit": False, "add_entities": False}}))
    doc = p("بيروت – قالت السلطات إن الصين رفضت.", date="2023-01-01")
    assert not [m for m in doc.actor_mentions if m.kind == "implicit"]
    assert not doc.entities and any(m.actor.code == "CHN" for m in doc.actor_mentions)


def test_user_file_with_bom_crlf_and_diacritics(tmp_path: Path) -> None:
    f = tmp_path / "excel.tsv"
    f.write_bytes("\ufeffform\tcode\tsector\r\nأَبُو فُلان\tSYR\tREB\r\n".encode())
    m = Resolver([str(f)]).resolve_text("وأبو فلان", "2023-01-01")
    assert m is not None and (m.actor.code, m.actor.sector) == ("SYR", "REB")


_SUDAN = ("قال الجيش السوداني إن الخرطوم آمنة. وأكد السودان رفضه التدخل. وقالت الحكومة السودانية إن "
          "قوات الدعم السريع هاجمت {place}.")


@pytest.fixture(scope="module")
def ner_pipe() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("text", "tagger", "ner", "actors")))


@pytest.mark.parametrize("place", ["ولاية الجزيرة", "ولايـة الجزيرة", "وِلايَة الجزيرة"])
def test_subnational_place_takes_the_majority_country(ner_pipe: Pipeline, place: str) -> None:
    doc = ner_pipe(_SUDAN.format(place=place), date="2024-01-01")
    e = [e for e in doc.entities if e.text.endswith("الجزيرة") and e.label in ("GPE", "LOC")]
    assert e and e[-1].actor is not None and e[-1].actor.code == "SDN"


@pytest.mark.parametrize(
    "text,span",
    [
        (_SUDAN.format(place="شبه الجزيرة"), "شبه الجزيرة"),  # a geographic head, not an administrative one
        ("القاهرة – قال الوزير إن ولاية الجزيرة بعيدة.", "الجزيرة"),  # a dateline alone is no majority
    ],
)
def test_subnational_place_needs_head_and_majority(ner_pipe: Pipeline, text: str, span: str) -> None:
    doc = ner_pipe(text, date="2024-01-01")
    e = [e for e in doc.entities if e.text == span and e.label in ("GPE", "LOC")]
    assert e and e[0].actor is None  # the entity exists (the test exercises the rule) and stays uncoded


def test_dateline_that_is_only_the_venue_yields_to_the_majority(pipe: Pipeline) -> None:
    text = ("جدة – قالت الحكومة السودانية إن الخرطوم ترحب بالمحادثات. وأكد السودان التزامه بالهدنة، "
            "وقال مسؤول سوداني إن الجيش مستعد للتفاوض.")
    doc = pipe(text, date="2023-05-20")
    army = [m for m in doc.actor_mentions if m.kind == "implicit" and m.text.startswith("الجيش")]
    assert army and army[0].actor.code == "SDN" and "venue" in army[0].why
    # the dateline country named again in the body is the story's country: the dateline stands
    text2 = "جدة – قالت السعودية إن المملكة ترحب بالمحادثات. وقال السودان إن الخرطوم ملتزمة. وقال الجيش إن"
    doc2 = pipe(text2, date="2023-05-20")
    army2 = [m for m in doc2.actor_mentions if m.kind == "implicit" and m.text.startswith("الجيش")]
    assert army2 and army2[0].actor.code == "SAU"


@pytest.mark.parametrize("text, role, code", [
    ("قالت السلطات في بكين إنها سترد.", "السلطات", "CHN"),
    ("اعتقلت الشرطة في لندن عشرات المحتجين.", "الشرطة", "GBR"),
    ("انتقد المسؤولون في واشنطن القرار.", "المسؤولون", "USA"),
    ("التقى ماكرون بأعضاء المجلس العسكري في نيامي.", "المجلس العسكري", "NER"),
    ("وقالت الحكومةُ في الخرطوم إن الهدنة صامدة.", "الحكومةُ", "SDN"),  # diacritics
])
def test_body_before_fi_and_a_place_is_that_places(resolver: Resolver, text: str, role: str, code: str) -> None:
    """A body or its officials right before "في" + a place belong to that place's country; the
    place stays a mention of its own (the event's place)."""
    ms = resolver.resolve_all(text, "2023-11-08")
    got = [m for m in ms if m.kind == "role"]
    assert [(m.text, m.actor.code) for m in got] == [(role, code)]
    assert any(m.kind in ("place", "capital", "city", "country") and m.start > got[0].end for m in ms)


@pytest.mark.parametrize("text", [
    "وقال وزير الدفاع في جدة إن المحادثات مستمرة.",  # a person there: where he is
    "عقدت الحكومة جلستها في بيروت.",  # a noun between: the session's place
    "نشرت القوات في حلب.",  # forces are no body of the city they are sent to
])
def test_person_or_other_words_before_fi_place_do_not_take_it(resolver: Resolver, text: str) -> None:
    ms = resolver.resolve_all(text, "2023-11-08")
    places = {m.actor.code for m in ms if m.kind != "role"}
    assert not any(m.kind == "role" and m.actor.code in places for m in ms), ms


@pytest.mark.parametrize("text, name", [
    ("استهدفت صواريخ قاعدة عين الأسد الجوية في العراق.", "الأسد"),
    ("وصل الوفد إلى مطار بشار الأسد الدولي.", "بشار الأسد"),
    ("أغلقت الشرطة شارعَ بشار الأسد.", "بشار الأسد"),  # diacritics on the place word
])
def test_person_name_after_a_place_word_names_the_place(pipe: Pipeline, text: str, name: str) -> None:
    """قاعدة عين الأسد، مطار/شارع بشار الأسد: a base, an airport, a street, not the person."""
    doc = pipe(text, date="2023-11-08")
    assert not [m for m in doc.actor_mentions if m.kind == "person"], doc.actor_mentions


def test_person_name_elsewhere_still_resolves(pipe: Pipeline) -> None:
    doc = pipe("قال الرئيس بشار الأسد إن الحرب ستنتهي.", date="2023-11-08")
    assert [(m.text, m.actor.code) for m in doc.actor_mentions if m.kind == "person"] == [("بشار الأسد", "SYR")]


def test_a_body_named_bare_later_keeps_its_country(pipe: Pipeline) -> None:
    """المجلس العسكري في نيامي … وهدد المجلس العسكري: the second mention is Niger's junta too."""
    text = "رفض المجلس العسكري في نيامي استقبال الوفد. وهدد المجلس العسكري بقتل الرئيس المحتجز."
    doc = pipe(text, date="2023-08-08")
    got = [(m.text, m.actor.code) for m in doc.actor_mentions if m.kind == "role"]
    assert got == [("المجلس العسكري", "NER"), ("المجلس العسكري", "NER")]


def test_dateline_of_a_venue_is_no_home(pipe: Pipeline) -> None:
    """Talks about Sudan signed in Jeddah: Sudan is named far more than Saudi Arabia, so the
    dateline is only the venue and bare roles (القوات) do not become Saudi."""
    text = ("جدة (أ ف ب) - وقّع الجيش السوداني وقوات الدعم السريع في جدة اتفاقاً برعاية السعودية. "
            "وقال مسؤول سوداني إن الخرطوم ستلتزم. ودعت الحكومة السودانية إلى انسحاب القوات من المدن السودانية. "
            "وقال وزير سوداني إن السودان يرحب.")
    doc = pipe(text, date="2023-05-21")
    assert not [m for m in doc.actor_mentions if m.kind == "implicit" and m.actor.code == "SAU"]
    # a dateline the story is about stays home
    doc = pipe("بيروت – قالت السلطات اللبنانية إن الشرطة اعتقلت ناشطين في لبنان.", date="2023-01-01")
    assert [m.actor.code for m in doc.actor_mentions if m.kind == "implicit"] == ["LBN"]
