"""Names in Latin script inside Arabic text (khabar/models/latin.py), through the text stage and the
whole NER stage."""

from __future__ import annotations

import pytest

from khabar.doc import Doc
from khabar.models import resources as R
from khabar.models.latin import latin_names
from khabar.pipeline import Pipeline, PipelineConfig


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("text", "tagger", "ner")))


@pytest.fixture(scope="module")
def text_pipe() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("text", "tagger")))


def added(text_pipe: Pipeline, text: str, spans: list[tuple[int, int, str]] | None = None) -> list[tuple[str, str]]:
    """The names ``latin_names`` adds to ``spans`` (none by default), as (text, label)."""
    doc = text_pipe(Doc(text=text))
    toks = doc.tokens
    old = spans or []
    out = latin_names(toks, old, R.latin_cues(), R.latin_terms())
    return [(text[toks[a].start:toks[b - 1].end], lab) for a, b, lab in out if (a, b, lab) not in old]


@pytest.mark.parametrize(("text", "want"), [
    ("أعلنت شركتا IBM وDell سحب البطاريات", [("IBM", "ORG"), ("Dell", "ORG")]),   # clitic و glued to Latin
    ("إلى استخدام مادة \" RDX \" شديدة الانفجار", [("RDX", "MISC")]),               # substance cue → MISC
    ("عرض فيلم « Lost in Translation » أمس", [("Lost in Translation", "MISC")]),    # lowercase joiner inside
    ("قال اللاعب Lionel Messi إن الفريق", [("Lionel Messi", "PERS")]),              # definite title → PERS
    ("وقال لاعب Barcelona إن الفريق", [("Barcelona", "ORG")]),                      # لاعب X: a genitive, no PERS
    ("أكدت لـ CNN مصادر", [("CNN", "ORG")]),                                         # tatweel and clitic skipped
    ("ذكرت مجلة FHM في مارس", [("FHM", "ORG")]),
    ("جاء في الشكوى \" The Innovator \" أمس", [("The Innovator", "MISC")]),          # quoted, several words
])
def test_latin_names_and_labels(text_pipe: Pipeline, text: str, want: list[tuple[str, str]]) -> None:
    assert added(text_pipe, text) == want


@pytest.mark.parametrize("text", [
    "للتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز",                                  # a common term
    "مصابيح الصمام الثنائي الباعث للضوء ( LED ) .",                                   # bracketed gloss of a term
    "Schumacher leads the field at the start of the Japanese Grand Prix شوماخر",      # an English caption
    "تويتر : @ Arfaj",                                                                 # a handle
    "الموقع www . example . com للتسجيل",                                               # an address
    "كتب moon و new بالإنجليزية",                                                       # lowercase glosses
    "من طراز إف-16 وF-16",                                                              # a code with no name word
    "I .",                                                                              # one letter
])
def test_no_latin_name(text_pipe: Pipeline, text: str) -> None:
    assert added(text_pipe, text) == []


def test_bracketed_credit_after_an_entity_is_kept(text_pipe: Pipeline) -> None:
    doc = text_pipe(Doc(text="لندن ، بريطانيا ( CNN ) - - قال"))
    i = next(k for k, t in enumerate(doc.tokens) if t.text == "بريطانيا")
    assert added(text_pipe, doc.text, [(i, i + 1, "LOC")]) == [("CNN", "ORG")]
    assert added(text_pipe, doc.text) == []  # with no entity before the bracket it reads as a gloss


def test_tagged_latin_is_left_to_the_models(text_pipe: Pipeline) -> None:
    doc = text_pipe(Doc(text="قررت شركة Dell سحب"))
    i = next(k for k, t in enumerate(doc.tokens) if t.text == "Dell")
    assert latin_names(doc.tokens, [(i, i + 1, "PERS")], R.latin_cues(), R.latin_terms()) == [(i, i + 1, "PERS")]


def test_ner_stage_finds_latin_org(pipe: Pipeline) -> None:
    text = "وتحمل البطاريات التي تنتجها Sony شعار Dell ، تم بيعها"
    got = {(e.text, e.label) for e in pipe(Doc(text=text)).entities}
    assert {("Sony", "ORG"), ("Dell", "ORG")} <= got


def test_name_start_keeps_an_initial_sin(pipe: Pipeline) -> None:
    """A name never starts with the future prefix س, so the entity keeps it (سيجموند, not يجموند)."""
    text = "تأثر بكتابات سيجموند فرويد عن الأحلام"
    names = [e.text for e in pipe(Doc(text=text)).entities if e.label == "PERSON"]
    assert names and all(not n.startswith("يجموند") for n in names)
