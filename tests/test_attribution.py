"""Attribution stage: the regression suite (tests/data/attribution/*.jsonl), the seed acceptance
figures, lexicon morphology and the attribution_for helper."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.attribution import attribution_for
from khabar.attribution.lexicon import get_lexicon, is_comp
from khabar.eval.attribution import Tally, evaluate, score_doc, suite_cases
from khabar.pipeline import Pipeline, PipelineConfig

SUITE = Path(__file__).parent / "data" / "attribution"
CASES = [c for f in sorted(SUITE.glob("*.jsonl")) for c in suite_cases(f)]


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("text", "attribution")))


@pytest.mark.parametrize("name,gd", CASES, ids=[c[0] for c in CASES])
def test_case(pipe: Pipeline, name: str, gd) -> None:  # type: ignore[no-untyped-def]
    doc = pipe(gd.text)
    doc.validate()
    t = score_doc(gd, doc, name, suite=True)
    exact = gd.gold.get("exact", True)
    problems = [e for e in t.errors if exact or ": extra " not in e]
    assert not problems, "\n".join(problems)


def test_suite_size_and_fields(pipe: Pipeline, capsys: pytest.CaptureFixture[str]) -> None:
    """The suite has ≥150 cases; print per-field scores (run with -s to see them)."""
    assert len(CASES) >= 150
    total = Tally()
    for name, gd in CASES:
        total.add(score_doc(gd, pipe(gd.text), name, suite=True))
    rep = total.report()
    with capsys.disabled():
        print(f"\nattribution suite: {len(CASES)} cases, F1 {rep['f1']:.3f}; " + ", ".join(
            f"{k} {v['accuracy']:.3f}" for k, v in rep["fields"].items()))
    assert rep["f1"] >= 0.95


@pytest.mark.parametrize("verb", ["قال", "قالت", "قالوا", "قالا", "يقول", "تقول", "يقولون", "وقال", "فقالت",
                                  "أكدت", "يؤكد", "نفت", "نفوا", "ينفي", "أشارت", "يرى", "ترى", "يرون"])
def test_verb_inflections(verb: str) -> None:
    from khabar.text.normalize import norm_word
    assert get_lexicon().verb(norm_word(verb)) is not None


@pytest.mark.parametrize("word,ok", [("إن", True), ("أنّه", True), ("بأنها", True), ("لأن", False), ("أنشأ", False)])
def test_complementiser(word: str, ok: bool) -> None:
    from khabar.text.normalize import norm_word
    assert is_comp(norm_word(word)) is ok


def test_attribution_for(pipe: Pipeline) -> None:
    text = "وقال مسؤول أمريكي إن الجيش سيهاجم المدينة. وصل الوزير إلى بغداد."
    doc = pipe(text)
    assert attribution_for(doc, text.index("سيهاجم")) == doc.attributions[0].id
    assert attribution_for(doc, text.index("وصل")) is None


@pytest.mark.shared
def test_seed_acceptance() -> None:
    from conftest import shared_path
    seed = shared_path("examples", "seed")
    total, _ = evaluate([str(seed)], "text,attribution")
    rep = total.report()
    assert rep["f1"] >= 0.85
    assert rep["fields"]["kind"]["accuracy"] >= 0.9 and rep["fields"]["count"]["accuracy"] >= 0.9


def test_suite_with_actor_layer() -> None:
    """The product path: with the actor stage's entities and mentions the suite still scores ≥ 0.95 F1."""
    from khabar.errors import KhabarError
    try:
        pipe = Pipeline(PipelineConfig(stages=("text", "actors", "attribution")))
    except KhabarError as e:  # the actor stage could not load its resources
        pytest.skip(str(e))
    total = Tally()
    for name, gd in CASES:
        total.add(score_doc(gd, pipe(gd.text), name, suite=True))
    rep = total.report()
    assert rep["f1"] >= 0.95 and rep["fields"]["kind"]["accuracy"] >= 0.95


def test_pretty_source_summary(pipe: Pipeline) -> None:
    from khabar.render import render_pretty
    text = ("وقال مسؤولان أمريكيان إن الوفد سيصل غداً. وقال المسؤولان إن المحادثات ستستمر يومين. "
            "ورفض البيت الأبيض التعليق.")
    out = render_pretty(pipe(text))
    assert "= a1" in out  # the repeated dual mention is linked to the first
    assert "distinct sources: 2 (anonymous 1, organization 1); at least 2 people" in out


@pytest.mark.parametrize("text,count", [
    ("وقال مسؤولان إن الاتفاق وشيك.", 2),
    ("وقال المسؤولون إن الاتفاق وشيك.", None),
    ("وقال ثلاثة مسؤولين إن الاتفاق وشيك.", 3),
    ("وقال ٤ دبلوماسيين إن الاتفاق وشيك.", 4),
    ("وقال مسؤول إن الاتفاق وشيك.", 1),
    ("وقالت مسؤولتان إن الاتفاق وشيك.", 2),
    ("وقال الشخصان إن الاتفاق وشيك.", 2),
    ("وقال مسؤولو الوزارة إن الاتفاق وشيك.", None),
])
def test_count_from_number_and_dual(pipe: Pipeline, text: str, count: int | None) -> None:
    doc = pipe(text)
    assert len(doc.attributions) == 1 and doc.attributions[0].source.count == count


def test_suite_with_full_pipeline() -> None:
    """The default pipeline (tagger, NER, actors, time before attribution): noisy tags and entities must not
    turn "المسؤولان" into a named source."""
    from khabar.errors import KhabarError
    try:
        pipe = Pipeline()
    except KhabarError as e:  # a model file is missing in this checkout
        pytest.skip(str(e))
    total = Tally()
    for name, gd in CASES:
        total.add(score_doc(gd, pipe(gd.text), name, suite=True))
    rep = total.report()
    assert rep["f1"] >= 0.95 and rep["fields"]["kind"]["accuracy"] >= 0.95
    assert rep["fields"]["count"]["accuracy"] >= 0.95


@pytest.mark.parametrize("text, source", [
    ("وقال مسؤول أمريكي طلب عدم الكشف عن هويته إن واشنطن ستفرض عقوبات.", "مسؤول أمريكي طلب عدم الكشف عن هويته"),
    ("وقال دبلوماسي غربي رفض الكشف عن هويته إن المحادثات متعثرة.", "دبلوماسي غربي رفض الكشف عن هويته"),
    ("وقال مسؤولٌ أمريكيّ طلـب عدم الإفصاح عن اسمه إن الوفد سيصل غداً.", "مسؤولٌ أمريكيّ طلـب عدم الإفصاح عن اسمه"),
])
def test_anonymity_clause_after_a_tagged_verb(full_pipeline: Pipeline, text: str, source: str) -> None:
    """The tagger reads طلب/رفض as verbs: the anonymity clause still belongs to the source, and its
    words are no event (no REQUEST from طلب, no REJECT from رفض)."""
    doc = full_pipeline(text, date="2024-03-11")
    a = [x for x in doc.attributions if x.source is not None]
    assert a and a[0].source.text == source and a[0].source.kind == "anonymous", [
        (x.source.text if x.source else None) for x in doc.attributions]
    assert not [e for e in doc.events if e.trigger.start < a[0].source.end and e.trigger.end > a[0].source.start]
