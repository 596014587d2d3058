"""The clitic segmenter: learned candidate ranking, Arabic edge cases, offsets into the text."""

from __future__ import annotations

import pytest

from khabar.doc import Doc
from khabar.text.clitics import Segmenter, candidate_features, candidates, load_model
from khabar.text.normalize import norm_word
from khabar.text.stage import TextStage


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    s = Segmenter()
    if not s.lex or not s.weights:
        pytest.skip("word counts or segmenter weights not shipped")
    return s


def forms(seg: Segmenter, word: str) -> list[str]:
    return [f for _, _, _, f in seg.segment(norm_word(word))]


@pytest.mark.parametrize(
    "word,expected",
    [
        ("ولايات", ["ولايات"]),  # not و+ل+ايات
        ("بلينكن", ["بلينكن"]),  # a name, not ب+لين+كن
        ("وأضاف", ["و", "اضاف"]),
        ("سيكون", ["س", "يكون"]),
        ("ستعقد", ["س", "تعقد"]),
        ("وزير", ["وزير"]),
        ("بكين", ["بكين"]),
        ("وقال", ["و", "قال"]),
        ("والصين", ["و", "ال", "صين"]),
        ("للولايات", ["ل", "ال", "ولايات"]),
        ("وللصين", ["و", "ل", "ال", "صين"]),
        ("بالمناقشات", ["ب", "ال", "مناقشات"]),
        ("حكومته", ["حكومه", "ه"]),  # taa marbuta restored in the stem's form
        ("منها", ["من", "ها"]),
        ("له", ["ل", "ه"]),
        ("بشكل", ["ب", "شكل"]),
        ("فإن", ["ف", "ان"]),
        ("قانوني", ["قانوني"]),  # nisba ي, not a pronoun
    ],
)
def test_segmentation(seg: Segmenter, word: str, expected: list[str]) -> None:
    assert forms(seg, word) == expected


@pytest.mark.parametrize("word", ["وللصين", "حكومته", "سيكون", "بالمناقشات", "مما"])
def test_candidates_start_with_whole_word_and_cover_text(word: str) -> None:
    w = norm_word(word)
    cands = candidates(w)
    assert cands[0] == ([], w, [])
    for pres, stem, sufs in cands:
        assert "".join(s for s, _ in pres) + stem + "".join(sufs) == w


def test_features_use_counts() -> None:
    freq = {"قال": 1000, "وقال": 10}
    split = ([("و", "و")], "قال", [])
    feats = dict(candidate_features("وقال", split, freq))
    assert feats["P=و|fs"] > feats["P=و|fw"] > 0


def test_rule_scorer_without_weights() -> None:
    s = Segmenter(lexicon={"قال": 500, "الصين": 300}, weights={})
    assert [f for *_, f in s.segment("وقال")] == ["و", "قال"]
    assert [f for *_, f in s.segment("والصين")][:2] == ["و", "ال"]


def test_no_lexicon_fallback_splits_only_safe_forms() -> None:
    s = Segmenter(lexicon={}, weights={})
    assert [f for *_, f in s.segment("والصين")] == ["و", "ال", "صين"]
    assert [f for *_, f in s.segment("وزير")] == ["وزير"]


def test_model_file_loads() -> None:
    w = load_model()
    if not w:
        pytest.skip("segmenter weights not shipped")
    assert any(k.startswith("P=") for k in w)


@pytest.mark.parametrize(
    "text,word,pieces",
    [
        ("وَلِلصِّينِ", "وَلِلصِّينِ", ["وَ", "لِ", "ل", "صِّينِ"]),  # diacritics stay with their letters
        ("ولـلـصين", "ولـلـصين", ["و", "لـ", "لـ", "صين"]),  # tatweel
        ("قال «وسيكون» ذلك", "وسيكون", ["و", "س", "يكون"]),
    ],
)
def test_segments_are_spans_of_the_original(seg: Segmenter, text: str, word: str, pieces: list[str]) -> None:
    doc = TextStage(seg)(Doc(text=text))
    tok = next(t for t in doc.tokens if t.text == word)
    assert [text[s.start:s.end] for s in tok.segments] == pieces
