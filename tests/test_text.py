"""The Arabic text layer: normalisation, sentences, tokens, clitics, with Arabic edge cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.doc import Doc
from khabar.text.clitics import Segmenter
from khabar.text.normalize import norm_word, normalize_text
from khabar.text.sentences import split_sentences
from khabar.text.stage import TextStage


@pytest.mark.parametrize(
    "word,expected",
    [
        ("مُحَمَّدٌ", "محمد"),  # diacritics
        ("الـــرئيس", "الرئيس"),  # tatweel
        ("أحمد", "احمد"), ("إسرائيل", "اسرائيل"), ("آسيا", "اسيا"),  # hamza/madda on alef
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("المدرسة", "المدرسه"),  # taa marbuta
        ("٢٠٢٣", "2023"), ("۱۴۰۲", "1402"),  # Eastern Arabic and Persian digits
        ("\u200fواشنطن\u200e", "واشنطن"),  # bidi marks
        ("ﻻ", "لا"),  # presentation form lam-alef
        ("Biden", "biden"),
    ],
)
def test_norm_word(word: str, expected: str) -> None:
    assert norm_word(word) == expected


def test_normalize_text_offsets_map_back() -> None:
    text = "قالَ الـرئيسُ ٢٠٢٣ ﻻ"
    nt = normalize_text(text)
    assert nt.text == "قال الرئيس 2023 لا"
    assert len(nt.offsets) == len(nt.text) + 1
    i = nt.text.index("2023")
    a, b = nt.to_original(i, i + 4)
    assert text[a:b] == "٢٠٢٣"
    j = nt.text.index("الرئيس")
    a, b = nt.to_original(j, j + len("الرئيس"))
    assert norm_word(text[a:b]) == "الرئيس"


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_normalize_offsets_property(text: str) -> None:
    nt = normalize_text(text)
    assert len(nt.offsets) == len(nt.text) + 1
    assert all(0 <= o <= len(text) for o in nt.offsets)
    assert list(nt.offsets) == sorted(nt.offsets)


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b, _ in split_sentences(text)]


def test_sentences_basic_and_arabic_question_mark() -> None:
    assert sents("قال الوزير إن الاجتماع انتهى. وأضاف أنه سيعود؟ نعم!") == [
        "قال الوزير إن الاجتماع انتهى.", "وأضاف أنه سيعود؟", "نعم!"]


def test_sentences_comma_and_semicolon_do_not_break() -> None:
    assert len(sents("وصل الوفد، وبدأ المحادثات؛ ثم غادر.")) == 1


def test_sentences_quote_spanning_full_stops_stays_whole() -> None:
    text = "وقال الوزير: «نحن مستعدون. لن نتراجع.» ثم غادر القاعة. وانتهى اللقاء."
    out = sents(text)
    assert out[0] == "وقال الوزير: «نحن مستعدون. لن نتراجع.» ثم غادر القاعة."
    assert out[1] == "وانتهى اللقاء."


def test_sentences_decimals_abbreviations_and_datelines() -> None:
    text = "القاهرة (رويترز) - ارتفع النمو إلى 3.5 في المئة. وقال د. أحمد إن ذلك جيد."
    out = sents(text)
    assert out == ["القاهرة (رويترز) - ارتفع النمو إلى 3.5 في المئة.", "وقال د. أحمد إن ذلك جيد."]


def test_sentences_paragraphs_and_lists() -> None:
    text = "العنوان الأول\n- البند الأول\n- البند الثاني\n\nفقرة جديدة."
    out = split_sentences(text)
    assert [p for _, _, p in out] == [0, 1, 2, 3]


def test_tokens_and_clitics_map_to_original(text_pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "وَبِالـولايات المتحدة، قال «الرئيسُ» إن ٢٠٢٣ كان صعباً لـBiden وللصين؟"
    doc = text_pipeline(text)
    for t in doc.tokens:
        assert text[t.start:t.end] == t.text
        for s in t.segments:
            assert t.start <= s.start < s.end <= t.end
        if t.segments:
            assert t.segments[0].start == t.start and t.segments[-1].end == t.end
    words = [t.text for t in doc.tokens]
    assert "«" in words and "؟" in words and "Biden" in words and "٢٠٢٣" in words
    tok = next(t for t in doc.tokens if t.text == "وللصين")
    assert tok.prefixes == ("و", "ل", "ال") and tok.stem == "صين"


@pytest.mark.parametrize(
    "word,prefixes,stem,suffixes",
    [
        ("والصين", ("و", "ال"), "صين", ()),
        ("للولايات", ("ل", "ال"), "ولايات", ()),
        ("بالمناقشات", ("ب", "ال"), "مناقشات", ()),
        ("وزير", (), "وزير", ()),
        ("بكين", (), "بكين", ()),
        ("وقال", ("و",), "قال", ()),
        ("سيزور", ("س",), "يزور", ()),
        ("حكومته", (), "حكومه", ("ه",)),
    ],
)
def test_clitic_segmentation(word: str, prefixes: tuple[str, ...], stem: str, suffixes: tuple[str, ...]) -> None:
    seg = Segmenter()
    if not seg.lex:
        pytest.skip("no word-frequency lexicon shipped")
    stage = TextStage(seg)
    doc = stage(Doc(text=word))
    t = doc.tokens[0]
    assert t.prefixes == prefixes and t.stem == stem and t.suffixes == suffixes


@given(st.text(alphabet=st.sampled_from(list("وبالكسفهمنيتةىأإآءًٌٍَُِّْـ ٠١٢.،؛؟«»\"\n\u200fabc")), max_size=200))
@settings(max_examples=300, deadline=None)
def test_every_span_matches_text(text: str) -> None:
    stage = TextStage()
    doc = stage(Doc(text=text or " "))
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(doc.text)
    for t in doc.tokens:
        assert doc.text[t.start:t.end] == t.text
        for g in t.segments:
            assert t.start <= g.start <= g.end <= t.end
    doc.validate()
