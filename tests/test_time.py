"""The time stage: number words, grammar, resolution, tense direction, datelines, suites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_path

from khabar.doc import Doc
from khabar.text.normalize import norm_word
from khabar.text.stage import TextStage
from khabar.time.dateline import publication_date
from khabar.time.numbers import parse_cardinal, parse_ordinal
from khabar.time.stage import TimeStage

SUITE = Path(__file__).resolve().parent / "data" / "time_suite.jsonl"
_TEXT = TextStage()
_TIME = TimeStage({})


def timexes(text: str, date: str | None = "2023-11-08") -> list[tuple[str, str | None]]:
    doc = _TIME(_TEXT(Doc(text=text, date=date)))
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    return [(t.text, t.value) for t in doc.timexes]


@pytest.mark.parametrize("words,value", [
    ("ثلاث", 3), ("عشرة", 10), ("مئتي", 200), ("ألف", 1000), ("١٥", 15), ("ثلاثمائة وخمسين", 350),
    ("خمسمائة و خمسة و عشرون", 525), ("إحدى عشرة", 11), ("100 ألف", 100000), ("3 ملايين", 3000000),
    ("متين تلاتة وستين", 263), ("تلتمية", 300), ("الفين", 2000), ("واحدة و عشرون", 21),
])
def test_cardinals(words: str, value: int) -> None:
    ws = [norm_word(w) for w in words.split()]
    r = parse_cardinal(ws, 0)
    assert r is not None and r[0] == value and r[1] == len(ws)


@pytest.mark.parametrize("words,value", [
    ("الأول", 1), ("الثالثة عشرة", 13), ("الحادي والعشرين", 21), ("الواحد و العشرون", 21), ("ثاني", 2),
    ("العشرين", 20), ("الخامس عشر", 15),
])
def test_ordinals(words: str, value: int) -> None:
    ws = [norm_word(w) for w in words.split()]
    r = parse_ordinal(ws, 0)
    assert r is not None and r[0] == value and r[1] == len(ws)


def test_seed_like_sentence() -> None:
    got = timexes("وقال الرئيس أمس إن الاجتماع سيعقد الأسبوع المقبل، بعد ثلاث ساعات من المحادثات.")
    assert ("أمس", "2023-11-07") in got
    assert ("الأسبوع المقبل", "2023-W46") in got
    assert any(v == "PT3H" for _, v in got)


@pytest.mark.parametrize("text,value", [
    ("التقى الوزير نظيره يوم الأحد في القاهرة.", "2023-11-05"),  # past verb → back
    ("سيلتقي الوزير نظيره يوم الأحد في القاهرة.", "2023-11-12"),  # سـ → forward
    ("من المقرر أن يصل الوفد الخميس.", "2023-11-09"),
    ("وصل الوفد الخميس.", "2023-11-02"),
])
def test_direction_from_tense(text: str, value: str) -> None:
    assert [v for _, v in timexes(text)] == [value]


def test_unresolved_without_date() -> None:
    got = timexes("عقد الاجتماع أمس وسيعقد آخر في 15 نوفمبر 2023.", date=None)
    assert got[0][1] is None and got[1][1] == "2023-11-15"


@pytest.mark.parametrize("text,iso", [
    ("القاهرة في 15 نوفمبر 2023 – قال الرئيس إن الانتخابات ستجري في 20 ديسمبر 2023.", "2023-11-15"),
    ("الأحد ١٢ نوفمبر ٢٠٢٣\nقال الرئيس إن الانتخابات ستجري.", "2023-11-12"),
    ("قال الرئيس اليوم (الأحد) 12 نوفمبر 2023 إن الانتخابات ستجري.", "2023-11-12"),
    ("قال الرئيس اليوم (الأحد) إن الانتخابات ستجري في 20 ديسمبر 2023.", None),
    ("قال الرئيس إن الانتخابات ستجري في 20 ديسمبر 2023.", None),
])
def test_publication_date(text: str, iso: str | None) -> None:
    assert publication_date(text) == iso


def test_duckling_suite() -> None:
    from khabar.eval.time import run_duckling

    res = run_duckling(shared_path("data", "time", "duckling_ar_time.jsonl"))
    assert res["values"] == 155
    assert res["passed"] / res["values"] >= 0.90
    assert res["negatives_passed"] == res["negatives"]


def test_seed_gold() -> None:
    from khabar.eval.time import run_gold

    res = run_gold([str(shared_path("examples", "seed"))])
    assert res["value_ok"] == res["gold"]


def test_regression_suite() -> None:
    if not SUITE.exists():
        pytest.skip("no suite")
    from khabar.eval.time import _pipeline, check_case

    pipe = _pipeline()
    cases = [json.loads(x) for x in SUITE.read_text("utf-8").splitlines() if x.strip() and not x.startswith("//")]
    assert len(cases) >= 150
    failures = {c["text"]: p for c in cases if (p := check_case(pipe, c))}
    assert not failures


# ---------------------------------------------------------------- calendar arithmetic and formats

def test_calendar_helpers() -> None:
    import datetime as dt

    from khabar.time.resolve import easter, fmt_duration, hijri_to_gregorian, nth_week_monday, nth_weekday

    assert easter(2024) == dt.date(2024, 3, 31) and easter(2013) == dt.date(2013, 3, 31)
    assert nth_weekday(2014, 9, 2, 3) == dt.date(2014, 9, 16)  # third Tuesday of September 2014
    assert nth_weekday(2013, 3, 1, -1) == dt.date(2013, 3, 25)  # last Monday of March 2013
    assert nth_week_monday(2014, 10, 1) == dt.date(2014, 10, 6)  # first whole week of October
    assert nth_week_monday(2014, 9, -1) == dt.date(2014, 9, 22)
    assert hijri_to_gregorian(1444, 9, 15) == dt.date(2023, 4, 6)
    assert hijri_to_gregorian(1200, 1, 1) is None  # outside hijridate's tables: no crash
    assert fmt_duration([(1.5, "hour")]) == "PT1H30M"
    assert fmt_duration([(0.25, "century")]) == "P25Y"
    assert fmt_duration([(7.3, "second")]) == "PT7.3S"
    assert fmt_duration([(None, "month")]) == "PXM"
    assert fmt_duration([(2.0, "decade")]) == "P2DE"


@pytest.mark.parametrize("text,expected", [
    ("وَقَعَ الهجومُ أَمْسِ", [("أَمْسِ", "2023-11-07")]),  # diacritics
    ("وقـع الهجوم أمـس", [("أمـس", "2023-11-07")]),  # tatweel
    ("وجرت الانتخابات في ١٢ يونيو ٢٠٢١", [("١٢ يونيو ٢٠٢١", "2021-06-12")]),  # Eastern digits
    ("وبالأمس أعلن الجيش", [("الأمس", "2023-11-07")]),  # clitics ب + ال: the span keeps ال only
    ("وفي 2015 أعلنت الحكومة", [("2015", "2015")]),
    ("«سنلتقي غداً»، قال الرئيس.", [("غداً", "2023-11-09")]),  # quotes and Arabic comma
    ("هل سيعقد الاجتماع يوم الأحد؟", [("يوم الأحد", "2023-11-12")]),  # question mark, future
    ("ولمدة ثلاثة أسابيع استمرت الإضرابات", [("لمدة ثلاثة أسابيع", "P3W")]),  # و stripped, لمدة kept
    ("وقتل 1998 شخصا في الزلزال", []),  # a count, not a year
])
def test_edge_cases(text: str, expected: list[tuple[str, str]]) -> None:
    assert timexes(text) == expected


def test_ids_in_text_order_and_types() -> None:
    doc = _TIME(_TEXT(Doc(text="وتعقد الدورة من 13 إلى 15 نوفمبر، واستمر الاجتماع ثلاث ساعات يوميا.", date="2023-11-08")))
    assert [t.id for t in doc.timexes] == [f"t{k + 1}" for k in range(len(doc.timexes))]
    assert [t.start for t in doc.timexes] == sorted(t.start for t in doc.timexes)
    assert [t.type for t in doc.timexes] == ["DATE", "DATE", "DURATION", "SET"]
    assert doc.timexes[0].value == "2023-11-13"


def test_hijri_calendar_field() -> None:
    doc = _TIME(_TEXT(Doc(text="وتبدأ الإجازة في 15 رمضان 1444هـ.", date="2023-11-08")))
    (t,) = doc.timexes
    assert (t.value, t.calendar) == ("2023-04-06", "hijri")
    assert t.to_json()["calendar"] == "hijri"


def test_default_direction_option() -> None:
    from khabar.pipeline import Pipeline, PipelineConfig

    fwd = Pipeline(PipelineConfig(stages=("text", "time"), options={"time": {"default_direction": "future"}}))
    back = Pipeline(PipelineConfig(stages=("text", "time")))
    assert fwd("الخميس", date="2023-11-08").timexes[0].value == "2023-11-09"
    assert back("الخميس", date="2023-11-08").timexes[0].value == "2023-11-02"


def test_text_anchor_from_weekday_statement() -> None:
    got = timexes("أعلن الجيش اليوم (الأربعاء) أنه قتل مسلحين بعد اشتباكات وقعت أمس.", date="2023-11-09")
    assert got == [("اليوم (الأربعاء)", "2023-11-08"), ("أمس", "2023-11-07")]


@pytest.mark.parametrize("text", ["", "   ", "١٢٣٤٥٦٧٨٩٠" * 50, "الساعة", "عام", "في في في", "13 - 15 / 2020 / 99",
                                  "الأول من", "منذ", "قبل قبل قبل", "آخر", "الربع الأول من", "حتى"])
def test_odd_inputs_never_fail(text: str) -> None:
    doc = _TIME(_TEXT(Doc(text=text or " ", date="2023-11-08")))
    doc.validate()


def test_spans_always_match_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = ["أمس", "الأسبوع", "المقبل", "في", "15", "١٥", "نوفمبر", "/", "2023", "الساعة", "الثالثة", "و", "ربع",
             "مساء", "السبت", "منذ", "ثلاث", "ساعات", "قبل", "عام", "رمضان", "1444", "هـ", "،", "الماضي", "أواخر",
             "اليوم", "(", "الأحد", ")", "بالأمس", "وفي", "لمدة", "يوم", "كل", "جمعة", "ـ", "َ", "زار", "سيزور", "الوزير"]

    @given(st.lists(st.sampled_from(words), max_size=25), st.sampled_from([None, "2023-11-08", "2015-08-08"]))
    @settings(max_examples=300, deadline=None)
    def run(ws: list[str], date: str | None) -> None:
        text = " ".join(ws) or "x"
        doc = _TIME(_TEXT(Doc(text=text, date=date)))
        doc.validate()
        for k, t in enumerate(doc.timexes):
            assert t.id == f"t{k + 1}" and t.type in ("DATE", "TIME", "DURATION", "SET")
            assert doc.text[t.start:t.end] == t.text and t.start < t.end

    run()


def test_lexicon_rows_carry_a_source() -> None:
    from importlib import resources

    for name in ("lexicon.tsv", "holidays.tsv"):
        for line in resources.files("khabar.time.data").joinpath(name).read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cols = line.split("\t")
                assert len(cols) >= 4 and cols[-1].strip(), f"{name}: {line!r} has no source"


def test_sem_fields_used_by_the_grammar_exist() -> None:
    import re

    from khabar.time import clock, parser, patterns, periods, resolve, stage, words
    from khabar.time.sem import Sem

    known = set(Sem.__annotations__)
    for mod in (patterns, periods, words, clock, parser, resolve, stage):
        # (the source next to the module: a compiled build imports a .so, see setup.py)
        src = (Path(mod.__file__).parent / f"{mod.__name__.rsplit('.', 1)[1]}.py").read_text("utf-8")  # type: ignore[arg-type]
        for call in re.findall(r"Sem\(([^()]*)\)", src):
            for name in re.findall(r"(\w+)=", call):
                assert name in known, f"{mod.__name__}: Sem({name}=…) is not a field"


# ---------------------------------------------------------------- the fast paths keep the grammar's answers

@pytest.mark.parametrize("hy,hm,hd", [(1343, 1, 1), (1444, 9, 15), (1444, 9, 30), (1444, 10, 30), (1500, 12, 30),
                                      (1500, 12, 31), (1342, 12, 29), (1501, 1, 1), (1444, 13, 1), (1444, 0, 5),
                                      (1444, 2, 0), (1445, 12, 30)])
def test_hijri_table_agrees_with_hijridate(hy: int, hm: int, hd: int) -> None:
    import datetime as dt

    from hijridate import Gregorian, Hijri

    from khabar.time.resolve import gregorian_to_hijri, hijri_to_gregorian

    try:
        g = Hijri(hy, hm, hd).to_gregorian()
        want: dt.date | None = dt.date(g.year, g.month, g.day)
    except (OverflowError, ValueError):
        want = None
    assert hijri_to_gregorian(hy, hm, hd) == want
    if want is not None:
        for d in (want, want - dt.timedelta(days=1), want + dt.timedelta(days=1)):
            try:
                h = Gregorian(d.year, d.month, d.day).to_hijri()
                back: tuple[int, int, int] | None = (h.year, h.month, h.day)
            except (OverflowError, ValueError):
                back = None
            assert gregorian_to_hijri(d) == back
    assert gregorian_to_hijri(dt.date(1924, 7, 31)) is None and gregorian_to_hijri(dt.date(2077, 11, 17)) is None


@pytest.mark.parametrize("text", ["في وقت سابق من هذا العام", "وفي وقت سابق", "عيد الفطر", "بعد عيد الأضحى المبارك",
                                  "في ذلك الوقت", "كانون الثاني 2020", "ذو الحجة 1444 هـ", "الحادي والعشرين من مارس"])
def test_first_entry_is_the_longest_in_lexicon_order(text: str) -> None:
    """``first`` looks multi-word entries up by their second word: the same answer as trying
    every entry of the category longest first."""
    from khabar.time.lexicon import lexicon
    from khabar.time.parser import Parser
    from khabar.time.words import word_infos

    doc = _TEXT(Doc(text=text))
    norms = [t.norm for t in doc.tokens]
    p = Parser(norms, word_infos(norms, lexicon()), doc.tokens)
    for i in range(len(norms)):
        for cat in p.infos[i].bycat:
            want = None
            for h in p.infos[i].bycat[cat]:  # longest first, lexicon order among equals
                ws = h.entry.words
                if all(i + k < len(norms) and norms[i + k] == ws[k] for k in range(1, len(ws))):
                    want = (i + len(ws), h)
                    break
            assert p.first(i, cat) == want


def test_sentence_gate_skips_only_sentences_without_time_words() -> None:
    from khabar.time.words import info_cache

    doc = _TEXT(Doc(text="قال الوزير إن المحادثات كانت مثمرة. وعاد الوفد أمس إلى القاهرة.", date="2023-11-08"))
    found = _TIME.find(doc)
    assert [si for si, _, _ in found] == [1]
    cache = info_cache()
    assert "امس" in cache.core and "امس" in cache.gate and "الوزير" not in cache.gate
    assert [(t.text, t.value) for t in _TIME(doc).timexes] == [("أمس", "2023-11-07")]


def test_word_cache_is_replaced_not_cleared_when_full() -> None:
    from khabar.time import words

    old = words.info_cache()
    old["امس"]
    try:
        new = words.info_cache(limit=0)
        assert new is not old and len(new) == 0 and not new.gate
        assert "امس" in old.gate  # a sentence being analysed with the old cache keeps whole sets
        assert timexes("عاد الوفد أمس.") == [("أمس", "2023-11-07")]
        assert "امس" in words.info_cache().core
    finally:
        words._CACHE = old


@pytest.mark.parametrize("text", ["أمس", "الساعة", "في", "1444", "عيد", "21/09", "ـ", "(", "١٥ نوفمبر", "من 13 إلى"])
def test_rules_never_read_past_the_padding(text: str) -> None:
    """Rules index the padded sentence without bounds checks: the shortest inputs, at both ends."""
    for t in (text, f"{text} {text}", f"قال {text}"):
        doc = _TIME(_TEXT(Doc(text=t, date="2023-11-08")))
        doc.validate()
