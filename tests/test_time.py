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
