"""POS tagger pieces: UD v1 → v2 conventions, rebuilt PADT surface words, tanween, news-distribution features."""

from __future__ import annotations

import pytest

from khabar.doc import Doc
from khabar.models import resources as R
from khabar.models.tagger import TaggerFeaturizer, _ratio
from khabar.models.ud import UDSentence, UDWord, has_alef_tanween, surface_words, v1_to_v2
from khabar.pipeline import Pipeline, PipelineConfig


def w(i: int, form: str, lemma: str, upos: str, xpos: str = "N------S4I", feats: str = "",
      deprel: str = "nmod", misc: str = "_") -> UDWord:
    return UDWord(i, form, lemma, upos, xpos, feats, 0, deprel, misc)


ACC_IND = "Case=Acc|Definite=Ind|Number=Sing"


@pytest.mark.parametrize(
    "word,tag",
    [
        (w(1, "حَالِيًّا", "حَالِيّ", "ADJ", "A-----MS4I", ACC_IND, "advmod"), "ADV"),  # adverbial accusative
        (w(1, "خُصُوصًا", "خُصُوص", "NOUN", feats=ACC_IND, deprel="advmod:emph"), "ADV"),
        (w(1, "كَبِيرًا", "كَبِير", "ADJ", "A-----MS4I", ACC_IND, "amod"), "ADJ"),  # a modifier stays ADJ
        (w(1, "عَامًا", "عَام", "NOUN", feats=ACC_IND, deprel="nmod"), "NOUN"),  # tamyiz stays NOUN
        (w(1, "أَحَدِ", "أَحَد", "NOUN", "N------S2R", "Case=Gen|Definite=Cons"), "DET"),  # أحد الوزراء
        (w(1, "مُعظَمُ", "مُعظَم", "NOUN", "N------S1R", "Case=Nom|Definite=Cons"), "DET"),
        (w(1, "اَلأَحَدِ", "أَحَد", "NOUN", "N------S2D", "Case=Gen|Definite=Def", misc="Gloss=Sunday"), "PROPN"),
        (w(1, "كُلُّ", "كُلّ", "NOUN", "N------S1R", "Case=Nom|Definite=Cons"), "DET"),
        (w(1, "أَنَّ", "أَنَّ", "CONJ", "C---------"), "SCONJ"),
        (w(1, "وَ", "وَ", "CONJ", "C---------"), "CCONJ"),
    ],
)
def test_v1_to_v2(word: UDWord, tag: str) -> None:
    assert v1_to_v2(word) == tag


@pytest.mark.parametrize(
    "form,expected",
    [("عَامًا", True), ("جِدًّا", True), ("جداً", True), ("عَامٌ", False), ("مُعَلِّمَةً", False), ("قَالَ", False)],
)
def test_has_alef_tanween(form: str, expected: bool) -> None:
    assert has_alef_tanween(form) is expected


def test_surface_words_keep_tanween_when_asked() -> None:
    sent = UDSentence("s", None, [w(1, "زَارَ", "زَار", "VERB", "VP-A-3MS--", deprel="root"),
                                  w(2, "مُؤَخَّرًا", "مُؤَخَّر", "ADJ", "A-----MS4I", ACC_IND, "advmod"),
                                  w(3, "وَ", "وَ", "CONJ", "C---------", deprel="cc"),
                                  w(4, "لِ", "لِ", "ADP", "P---------", deprel="case"),
                                  w(5, "اَلمَدِينَةِ", "مَدِينَة", "NOUN", "N------S2D", "Case=Gen|Definite=Def")])
    plain = [sw.text for sw in surface_words(sent)]
    kept = surface_words(sent, lambda word: True)
    assert plain == ["زار", "مؤخرا", "وللمدينة"]
    assert [sw.text for sw in kept] == ["زار", "مؤخراً", "وللمدينة"]
    stem = next((a, b) for a, b, k, _ in kept[1].pieces if k == "stem")
    assert kept[1].text[stem[0]:stem[1]] == "مؤخراً"  # the mark belongs to the stem piece


@pytest.mark.parametrize("x,base,bucket", [(0, 100, 0), (5, 100, 1), (50, 100, 2), (100, 100, 3), (3, 0, 3)])
def test_ratio_buckets(x: int, base: int, bucket: int) -> None:
    assert _ratio(x, base) == bucket


def test_distribution_features_separate_names_verbs_nouns() -> None:
    freq = {"اوباما": 1500, "يقول": 900, "تقول": 700, "نقول": 300, "قال": 6000, "يقال": 50, "تقال": 10, "رئيس": 9000, "الرئيس": 8000,
            "رئيسها": 40, "رؤساء": 10, "نادر": 2}
    f = TaggerFeaturizer(freq)
    assert f.distribution("اوباما")[:5] == ["d0=0", "d1=0", "d2=0", "d3=0", "d4=0"]  # a name takes nothing
    assert f.distribution("اوباما")[5] == "d5=0"  # no يوباما، توباما: not an imperfect verb
    assert f.distribution("يقول")[5] == "d5=3"  # تقول، نقول: an imperfect verb
    assert f.distribution("قال")[2] == "d2=1"  # يقال / تقال: a verb
    assert f.distribution("رئيس")[:2] == ["d0=2", "d1=1"]  # الرئيس, رئيسها: a noun
    assert f.distribution("نادر") == ["d=rare"]


@pytest.fixture(scope="module")
def tagger_pipe() -> Pipeline:
    if not R.data_path("tagger.npz").is_file():
        pytest.skip("tagger not shipped")
    return Pipeline(PipelineConfig(stages=("text", "tagger")))


@pytest.mark.parametrize(
    "text,word,pos",
    [
        ("يعمل المصنع حالياً بطاقة كاملة.", "حالياً", "ADV"),  # written tanween
        ("يعمل المصنع حاليا بطاقة كاملة.", "حاليا", "ADV"),  # unmarked
        ("ارتفعت الأسعار كثيرا خلال العام.", "كثيرا", "ADV"),
        ("قال أحد المسؤولين إن الوضع خطير.", "أحد", "DET"),
        ("قال أوباما إن الوضع خطير.", "أوباما", "PROPN"),
        ("التقى الرئيس الأمريكي دونالد ترامب بالوزراء.", "ترامب", "PROPN"),
        ("وقال وزير الخارجية، إن الاجتماع سيعقد في ٢٠١٥.", "وقال", "VERB"),
        ("أعلنت الحكومـــة خطتها.", "الحكومـــة", "NOUN"),  # tatweel
    ],
)
def test_tagger_on_news_sentences(tagger_pipe: Pipeline, text: str, word: str, pos: str) -> None:
    doc = tagger_pipe(Doc(text=text))
    tok = next(t for t in doc.tokens if t.text == word)
    assert tok.pos == pos
