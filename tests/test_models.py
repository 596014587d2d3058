"""The shipped tagger and NER models: loading, spans, labels, clitic trimming, NORP, evals."""

from __future__ import annotations

import json

import pytest

from khabar.doc import Doc, Segment, Token
from khabar.models import resources as R
from khabar.models.ner import NISBA_ENDINGS, bio_spans, nisba_base, nisba_forms
from khabar.models.tagger import segment_tags
from khabar.pipeline import Pipeline, PipelineConfig
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    if not R.data_path("ner.npz").is_file() or not R.data_path("tagger.npz").is_file():
        pytest.skip("models not shipped")
    return Pipeline(PipelineConfig(stages=("text", "tagger", "ner")))


def ents(pipe: Pipeline, text: str) -> list[tuple[str, str]]:
    doc = pipe(Doc(text=text))
    for e in doc.entities:
        assert text[e.start:e.end] == e.text
    return [(e.text, e.label) for e in doc.entities]


@pytest.mark.parametrize(
    "tags,spans",
    [
        (["B-PERS", "I-PERS", "O", "B-LOC"], [(0, 2, "PERS"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG"], [(0, 2, "ORG")]),  # an I- without B- starts an entity
        (["B-LOC", "B-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        (["B-PERS", "I-LOC"], [(0, 1, "PERS"), (1, 2, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_bio_spans(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert bio_spans(tags) == spans


def _tok(norm: str, stem: str, prefixes: tuple[str, ...] = ()) -> Token:
    segs: list[Segment] = []
    i = 0
    for p in prefixes:
        segs.append(Segment(i, i + len(p), "prefix", p))
        i += len(p)
    segs.append(Segment(i, len(norm), "stem", stem))
    return Token(0, len(norm), norm, norm, 0, tuple(segs) if prefixes else ())


@pytest.mark.parametrize(
    "norm,stem,prefixes,base",
    [
        ("الامريكيون", "امريكيون", ("ال",), "امريكي"),
        ("الصينيه", "صينيه", ("ال",), "صيني"),
        ("والفرنسيين", "فرنسيين", ("و", "ال"), "فرنسي"),
        ("سعودي", "سعودي", (), "سعودي"),
        ("الماليه", "ماليه", ("ال",), None),  # المالية: financial, not Malian
        ("وزير", "وزير", (), None),
    ],
)
def test_nisba_base(norm: str, stem: str, prefixes: tuple[str, ...], base: str | None) -> None:
    table = R.nisba()
    if not table:
        pytest.skip("nisba table not shipped")
    assert nisba_base(_tok(norm, stem, prefixes), table) == base


def test_nisba_forms_are_the_stems_with_a_nisba_base() -> None:
    """``nisba_forms`` (the NER coder's set test) holds exactly the stems ``nisba_base`` finds a base for,
    over the news lexicon's words and every base with every ending, cut or not."""
    from khabar.text.stage import default_segmenter

    table = R.nisba()
    if not table:
        pytest.skip("nisba table not shipped")
    forms = nisba_forms(table)
    words = set(default_segmenter().lex) | {b[:k] + e for b in table for e in NISBA_ENDINGS for k in range(2, len(b) + 1)}
    found = {w for w in words if nisba_base(_tok(w, w, ()), table) is not None}
    assert {w for w in words if w in forms} == found
    assert all(nisba_base(_tok(w, w, ()), table) is not None for w in forms)


def test_entities_have_ids_in_order_and_exact_spans(pipe: Pipeline) -> None:
    text = ("التقى الرئيس الأمريكي باراك أوباما بنظيره الروسي فلاديمير بوتين في واشنطن. "
            "وقال إن الولايات المتحدة ستدعم الأمم المتحدة.")
    doc = pipe(Doc(text=text))
    assert [e.id for e in doc.entities] == [f"e{i + 1}" for i in range(len(doc.entities))]
    assert [e.start for e in doc.entities] == sorted(e.start for e in doc.entities)
    got = {(e.text, e.label) for e in doc.entities}
    assert ("باراك أوباما", "PERSON") in got
    assert ("فلاديمير بوتين", "PERSON") in got
    assert ("واشنطن", "GPE") in got
    assert ("الأمريكي", "NORP") in got and ("الروسي", "NORP") in got
    assert ("الأمم المتحدة", "ORG") in got


@pytest.mark.parametrize(
    "text,name,label",
    [
        ("وصل الوزير إلى القاهرة ثم زار وواشنطن وبكين.", "واشنطن", "GPE"),  # و trimmed
        ("التقى الملك عبدالله بالرئيس المصري حسني مبارك.", "حسني مبارك", "PERSON"),
        ("وقال المتحدث باسم وزارة الخارجية الأمريكية إن…", "الأمريكية", "NORP"),
    ],
)
def test_entity_cases(pipe: Pipeline, text: str, name: str, label: str) -> None:
    got = ents(pipe, text)
    assert any(t == name and lab == label for t, lab in got), got


def test_agency_name_is_org(pipe: Pipeline) -> None:
    # ANERcorp train tags وكالة X both ways (O + B-ORG 9 times, B-ORG I-ORG 3 times): either span is right
    got = ents(pipe, "أعلنت وكالة ناسا عن مهمة جديدة.")
    assert any(t in ("وكالة ناسا", "ناسا") and lab == "ORG" for t, lab in got), got


@pytest.mark.parametrize(
    "text,spans,want",
    [
        # a person's family name آل X joins the person, whether found as nothing or as a second person
        ("استقبل الشيخ حمد بن جاسم آل ثاني الوفد", [(2, 5, "PERS")], [(2, 7, "PERS")]),
        ("استقبل الشيخ حمد بن جاسم آل ثاني الوفد", [(2, 5, "PERS"), (6, 7, "PERS")], [(2, 7, "PERS")]),
        ("استقبل الشيخ حمد بن جاسم آل ثاني الوفد", [(2, 5, "PERS"), (6, 7, "LOC")], [(2, 5, "PERS"), (6, 7, "LOC")]),
        ("زار آل ثاني الدوحة", [], []),  # no person before it: nothing to complete
        # a quoted title after a work or an outlet noun, with clitics and suffixes on the noun
        ("قدمت برنامجها « حوار من القلب » أمس", [], [(3, 6, "MISC")]),
        ("عرض فيلم \"الرسالة\" في القاهرة", [(5, 6, "LOC")], [(3, 4, "MISC"), (5, 6, "LOC")]),
        ("ونقلت لصحيفة \"ماركا\" أنه سيبقى", [], [(3, 4, "ORG")]),
        ("كتب مقالا بعنوان «الوطن أولا» أمس", [], [(4, 6, "MISC")]),
        # not completed: an entity inside the quotes already, no closing quote, a title too long, no cue
        ("برنامج « مع نور » اليوم", [(3, 4, "PERS")], [(3, 4, "PERS")]),
        ("برنامج « حوار من القلب اليوم", [], []),
        ("برنامج « واحد اثنان ثلاثة أربعة خمسة ستة سبعة » اليوم", [], []),
        ("قال « حوار من القلب » اليوم", [], []),
    ],
)
def test_complete_family_names_and_quoted_titles(pipe: Pipeline, text: str, spans: list[tuple[int, int, str]],
                                                 want: list[tuple[int, int, str]]) -> None:
    ner = next(s for s in pipe.stages if s.name.startswith("ner"))
    toks = pipe.stages[0](Doc(text=text)).tokens
    assert ner.complete(toks, spans) == want  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    ["أوبـــاما", "قَالَ الرَّئِيسُ بَارَاك أُوبَامَا", "في ٢٠١٥ زار «بوتين» دمشق؟", "وللصين، والهند؛ ولبنان"],
)
def test_spans_valid_with_diacritics_tatweel_digits(pipe: Pipeline, text: str) -> None:
    doc = pipe(Doc(text=text))
    for e in doc.entities:
        assert doc.text[e.start:e.end] == e.text and e.start < e.end
        tok = next(t for t in doc.tokens if t.start <= e.start < t.end)
        if tok.prefixes[:1] in (("و",), ("ب",), ("ل",)):
            assert e.start > tok.start  # the proclitic is left out of the name
    for t in doc.tokens:
        assert t.pos is not None and t.lemma is not None
    doc.validate()


@pytest.mark.parametrize(
    "word,pos,lemma",
    [("قال", "VERB", "قال"), ("الحكومة", "NOUN", None), ("في", "ADP", "في")],
)
def test_tagger_basic(pipe: Pipeline, word: str, pos: str, lemma: str | None) -> None:
    doc = pipe(Doc(text="قال وزير الخارجية في الحكومة إن الاجتماع سيعقد غدا."))
    tok = next(t for t in doc.tokens if t.text == word)
    assert tok.pos == pos
    if lemma:
        assert tok.lemma == lemma


def test_segment_tags_of_clitics(pipe: Pipeline) -> None:
    doc = pipe(Doc(text="وبالمدينة مسؤولوها"))
    tok = doc.tokens[0]
    assert [s.form for s in tok.segments] == ["و", "ب", "ال", "مدينه"]
    tags = segment_tags(tok)
    assert tags[:2] == ["CCONJ", "ADP"] and tags[2] == tags[3] == tok.pos


def test_producer_records_model_versions(pipe: Pipeline) -> None:
    doc = pipe(Doc(text="زار بوتين دمشق."))
    models = doc.producer["models"]
    assert "ner" in models and "tagger" in models
    meta = R.read_json("ner.json")
    assert meta.get("test", {}).get("f1", 0) > 0


@pytest.mark.shared
def test_eval_ner_runs_on_anercorp(capsys: pytest.CaptureFixture[str]) -> None:
    from khabar.eval import ner

    path = shared_path("data", "anercorp", "ANERCorp_CamelLab_test.txt")
    if not R.data_path("ner.npz").is_file():
        pytest.skip("models not shipped")
    assert ner.main(["ner", "--data", str(path), "--limit", "60"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["f1"] > 0.5 and res["by_label"]["LOC"]["gold"] > 0


@pytest.mark.shared
@pytest.mark.parametrize("kind", ["segment", "pos"])
def test_eval_ud_runs_on_pud(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    from khabar.eval import ud

    path = shared_path("data", "ud", "ar_pud-ud-test.conllu")
    assert ud.main([kind, "--data", str(path), "--limit", "60"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["segmentation"]["f1"] > 0.9
    if kind == "pos":
        assert res["upos"]["aligned_accuracy"] > 0.75


def test_eval_reports_missing_data(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from khabar.eval import ner, ud

    assert ner.main(["ner", "--data", str(tmp_path / "nope.txt")]) == 2
    assert ud.main(["segment", "--data", str(tmp_path / "nope.conllu")]) == 2
    assert "K001" in capsys.readouterr().err


def test_numpy_decoder_matches_crfsuite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The exported weights + batched Viterbi give CRFsuite's own answer on a toy model."""
    import pycrfsuite

    from khabar.models.crf import LinearCRF, WindowTagger, export

    seqs = [(["a", "b", "c"], ["X", "Y", "Y"]), (["b", "a"], ["Y", "X"]), (["c", "c", "a", "b"], ["Y", "Y", "X", "Y"])]

    def lists(w: str) -> tuple[list[str], list[str], list[str]]:
        return [f"w={w}", f"v={w in 'ab'}"], [f"w={w}"], [f"w={w}"]

    def feats(ws: list[str]) -> list[list[str]]:
        out = []
        for i, w in enumerate(ws):
            f = lists(w)[0] + (["-1:" + x for x in lists(ws[i - 1])[1]] if i else ["BOS"])
            f += ["+1:" + x for x in lists(ws[i + 1])[1]] if i + 1 < len(ws) else ["EOS"]
            f += ["-2:" + x for x in lists(ws[i - 2])[2]] if i >= 2 else []
            f += ["+2:" + x for x in lists(ws[i + 2])[2]] if i + 2 < len(ws) else []
            out.append(f)
        return out

    tr = pycrfsuite.Trainer(verbose=False)
    for ws, ys in seqs:
        tr.append(feats(ws), ys)
    tr.set_params({"c2": 0.01, "max_iterations": 50})
    tr.train(str(tmp_path / "m.crfsuite"))
    export(tmp_path / "m.crfsuite", tmp_path / "m.npz")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "m.crfsuite"))

    class T:
        def __init__(self, w: str) -> None:
            self.text = w

    dec = WindowTagger(LinearCRF(tmp_path / "m.npz"), lambda t: lists(t.text)[0])
    tests = [["a"], ["c", "b", "a", "a", "c"], ["b", "b", "c"], ["a", "c"]]
    got = dec.tag_many([[T(w) for w in ws] for ws in tests])
    assert got == [list(tagger.tag(feats(ws))) for ws in tests]
    # a cache too small for one batch's types starts over and still scores every type
    small = WindowTagger(LinearCRF(tmp_path / "m.npz"), lambda t: lists(t.text)[0], max_cache=2)
    assert [small.tag([T(w) for w in ws]) for ws in tests] == got


def test_eval_ner_scoring_rules() -> None:
    """Overlap decides a token's membership, NORP is not counted, matches are exact token spans."""
    from khabar.doc import Entity
    from khabar.eval.ner import predicted_entities, score, sentence_text

    sent = [("وقال", "O"), ("الرئيس", "O"), ("الأمريكي", "O"), ("جو", "B-PERS"), ("بايدن", "I-PERS"),
            ("في", "O"), ("وواشنطن", "B-LOC")]
    text, spans = sentence_text(sent)
    assert text == " ".join(w for w, _ in sent) and text[spans[6][0]:spans[6][1]] == "وواشنطن"
    w = text.index("واشنطن", spans[6][0] + 1)  # the name without its و: still overlaps the token

    class D:
        entities = [
            Entity("e1", spans[2][0], spans[2][1], "الأمريكي", "NORP"),
            Entity("e2", spans[3][0], spans[4][1], "جو بايدن", "PERSON"),
            Entity("e3", w, spans[6][1], "واشنطن", "GPE"),
        ]

    pred = predicted_entities(D(), spans)
    assert pred == {(3, 5, "PERS"), (6, 7, "LOC")}
    res = score(iter([({(3, 5, "PERS"), (6, 7, "LOC")}, pred)]))
    assert res["f1"] == 1.0
    res = score(iter([({(3, 5, "PERS"), (6, 7, "LOC")}, {(4, 5, "PERS"), (6, 7, "ORG")})]))
    assert res["f1"] == 0.0 and res["by_label"]["PERS"]["gold"] == 1


CODED_TEXT = ("قال الرئيس الأمريكي باراك أوباما، في واشنطن يوم ١٥ مارس 2015، إن وزارة الخارجية ستستضيف "
              "محادثات مع المملكة العربية السعودية والأمم المتحدة حالياً؛ وأكدت الحكومة الفرنسية أن ACME Corp "
              "وللصين والهنديين مسؤولوها بالمدينة «كتبهم» فقالوا: سنعتقد ويعتقدون ذلك جداً! الإثنين، بنزرت.")


def test_coded_features_are_the_featurizer_strings(pipe: Pipeline) -> None:
    """The integer codes the decoders score new word types from (TaggerCoder, NERCoder) are the
    featurizers' own attribute strings, in order: a feature added to ``lists`` and not to the coder fails here."""
    _, tagger, ner = pipe.stages
    doc = pipe(Doc(text=CODED_TEXT))
    assert len(doc.tokens) >= 50
    for feats, coder in ((tagger.feats, tagger.decoder._encode), (ner.feats, ner._memo.fn)):
        book = coder.book
        for t in doc.tokens:
            full, near, far = feats.lists(t)
            codes, n_near, far_codes = coder(t)
            assert codes == book.encode(full), t.text
            assert n_near == len(near) and codes[:n_near] == book.encode(near), t.text
            assert list(far_codes) == book.encode(far), t.text


def test_coded_scores_equal_string_scores(pipe: Pipeline) -> None:
    """Type scores from codes (split by offset) equal the sums over the feature strings, to the bit."""
    import numpy as np

    from khabar.models.convnet import ConvCRF
    from khabar.models.crf import RowCache, WindowTagger

    _, tagger, ner = pipe.stages
    toks = pipe(Doc(text=CODED_TEXT)).tokens
    for dec, feats, book in ((tagger.decoder, tagger.feats, tagger.decoder._encode.book),
                             (ner.decoder.crf, ner.feats, ner._memo.fn.book)):
        plain = WindowTagger(dec.crf, feats.full_features)
        coded = WindowTagger(dec.crf, feats.full_features)
        coded.use_codes(dec._encode, book)
        for w in (plain, coded):
            w._score_new_types(toks)
        keys = [t.text for t in toks]
        assert np.array_equal(plain._types.gather(keys), coded._types.gather(keys))
    nn = ner.decoder.nn
    assert isinstance(nn, ConvCRF)
    ref, coded_nn = ConvCRF.__new__(ConvCRF), ConvCRF.__new__(ConvCRF)
    for m in (ref, coded_nn):  # the shipped network with empty caches: each scores the same batch
        m.__dict__.update(nn.__dict__)
        m._types = RowCache((3 * nn.d,), np.float32, 1000)
    ref._encode, ref.features = None, ner.feats.full_features
    for m in (ref, coded_nn):
        m._score_new_types(toks)
    keys = [t.text for t in toks]
    assert np.array_equal(ref._types.gather(keys), coded_nn._types.gather(keys))


def test_mark_keys_are_the_joined_marks(pipe: Pipeline) -> None:
    """``NERFeaturizer.mark_keys`` (what the NER stage decodes with) is each token's ``marks`` joined."""
    _, _, ner = pipe.stages
    doc = pipe(Doc(text=CODED_TEXT + " التقى باراك أوباما بالرئيس في وزارة الخارجية الأمريكية"))
    for si in range(len(doc.sentences)):
        toks = doc.sentence_tokens(si)
        assert ner.feats.mark_keys(toks) == ["\x1f".join(m) for m in ner.feats.marks(toks)]
    assert any("\x1f" in k and not k.startswith("pos=") for k in ner.feats.mark_keys(doc.tokens))  # a gazetteer mark


def test_shared_type_rows_equal_each_models_own(pipe: Pipeline) -> None:
    """The NER ensemble's shared per-type and per-mark rows (one index, one encoding for the network and
    the CRF) are the rows each model computes on its own from the same batch, to the bit, and tag alike."""
    import numpy as np

    from khabar.models.convnet import ConvCRF, Ensemble
    from khabar.models.crf import RowCache, WindowTagger

    _, _, ner = pipe.stages
    ens = ner.decoder
    if not isinstance(ens, Ensemble) or ens._encode is None:
        pytest.skip("the shipped NER model is not a network + CRF ensemble")

    def fresh() -> tuple[ConvCRF, WindowTagger]:  # the shipped models with empty caches
        nn, crf = ConvCRF.__new__(ConvCRF), WindowTagger.__new__(WindowTagger)
        nn.__dict__.update(ens.nn.__dict__)
        crf.__dict__.update(ens.crf.__dict__)
        for m in (nn, crf):
            m._types = RowCache(m._types.rows.shape[1:], m._types.rows.dtype, 1000)
            m._marks = RowCache(m._marks.rows.shape[1:], m._marks.rows.dtype, 1000)
        return nn, crf

    (nn, crf), shared = fresh(), Ensemble(*fresh(), ens.weight)
    shared.share_codes(ens._encode)
    plain = Ensemble(nn, crf, ens.weight)
    doc = pipe(Doc(text=CODED_TEXT))
    sents = [doc.sentence_tokens(si) for si in range(len(doc.sentences))]
    marks = [ner.feats.marks(s) for s in sents]
    assert plain.tag_many(sents, marks) == shared.tag_many(sents, marks)
    texts = [t.text for s in sents for t in s]
    keys = ["\x1f".join(m) for s in marks for m in s]
    assert np.array_equal(shared._types.arrays[0][shared._types.ids(texts)], crf._types.gather(texts))
    assert np.array_equal(shared._types.arrays[1][shared._types.ids(texts)], nn._types.gather(texts))
    assert np.array_equal(shared._marks.arrays[0][shared._marks.ids(keys)], crf._marks.gather(keys))
    assert np.array_equal(shared._marks.arrays[1][shared._marks.ids(keys)], nn._marks.gather(keys))


def test_row_table_locate_fill_and_overfill() -> None:
    """``RowTable.locate`` finds cached rows and the new keys in first-seen order; ``fill`` completes the
    rows once they are committed; a batch that would overfill the table clears it first."""
    import numpy as np

    from khabar.models.crf import RowTable

    t = RowTable([((2,), np.float64), ((3,), np.float32)], max_size=4)
    ids, new = t.locate(["b", "a", "b"])
    assert ids.tolist() == [-1, -1, -1] and new == ["b", "a"]
    at = t.reserve(len(new))
    t.arrays[0][at] = [[1, 1], [2, 2]]
    t.arrays[1][at] = 0
    t.commit(new)
    assert t.fill(ids, ["b", "a", "b"]).tolist() == [0, 1, 0]
    ids, new = t.locate(["a", "c", "a", "d"])
    assert ids.tolist() == [1, -1, 1, -1] and new == ["c", "d"]
    t.reserve(len(new))
    t.commit(new)
    ids, new = t.locate(["e", "a"])  # 4 cached + 1 new > 4: start over
    assert ids.tolist() == [-1, -1] and new == ["e", "a"] and len(t) == 0
