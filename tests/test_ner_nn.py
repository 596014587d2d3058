"""The numpy convolutional CRF runtime: against a plain per-sentence reference, batching, Viterbi."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from khabar.models.convnet import ConvCRF, NetAverage, viterbi

D, F, C, K = 6, 5, 4, 3
DIL = (1, 2, 4)
LABELS = ["B-LOC", "B-PERS", "I-LOC", "I-PERS", "O"]
FEATS = ["sh=ar", "pre=و", "pre=ال", "s1=ي", "pos=NOUN", "gzB=LOC", "len=4"]
WORDS = ["واشنطن", "بوتين", "قال", "الرئيس", "<num>"]


class Tok:
    def __init__(self, text: str, feats: list[str], norm: str, key: str, stem: str) -> None:
        self.text, self.feats, self.forms = text, feats, (norm, key, stem)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> tuple[ConvCRF, dict[str, np.ndarray], np.ndarray]:
    rng = np.random.default_rng(3)
    d_in = F + 2 * 4 + K
    z = {
        "labels": np.array(LABELS), "feats": np.frombuffer("\n".join(FEATS).encode(), dtype=np.uint8),
        "bag": rng.normal(size=(len(FEATS), F)).astype(np.float16),
        "chars": np.frombuffer("^$ابتنشطويلقرسمدة".encode(), dtype=np.uint8),
        "char_emb": rng.normal(size=(20, C)).astype(np.float32), "conv_w": rng.normal(size=(K, C, 3)).astype(np.float32),
        "conv_b": rng.normal(size=K).astype(np.float32),
        "dilations": np.array(DIL),
        **{f"c{i + 1}_w": rng.normal(size=(D, d_in if i == 0 else D, 3)).astype(np.float32) for i in range(3)},
        **{f"c{i + 1}_b": rng.normal(size=D).astype(np.float32) for i in range(3)},
        "w_out": rng.normal(size=(len(LABELS), D)).astype(np.float32),
        "b_out": rng.normal(size=len(LABELS)).astype(np.float32),
        "trans": rng.normal(size=(len(LABELS), len(LABELS))).astype(np.float32),
        "start": rng.normal(size=len(LABELS)).astype(np.float32), "end": rng.normal(size=len(LABELS)).astype(np.float32),
    }
    vecs = rng.normal(size=(len(WORDS), 4)).astype(np.float16)
    d = tmp_path_factory.mktemp("nn")
    np.savez(d / "m.npz", **z)
    np.savez(d / "v.npz", words=np.frombuffer("\n".join(WORDS).encode(), dtype=np.uint8), vectors=vecs)
    m = ConvCRF(Path(d / "m.npz"), Path(d / "v.npz"), lambda t: t.feats, lambda t: t.forms)
    return m, z, vecs.astype(np.float32)


def reference(z: dict[str, np.ndarray], vecs: np.ndarray, toks: list[Tok], marks: list[list[str]],
              extra: np.ndarray | None = None) -> np.ndarray:
    """Emissions of one sentence, computed token by token from the definitions (``extra``: more
    first-layer inputs per token, the news LM's states)."""
    widx = {w: i for i, w in enumerate(WORDS)}
    chars = {c: i + 2 for i, c in enumerate(bytes(z["chars"]).decode())}
    bag = z["bag"].astype(np.float32)
    xs = []
    for t, ms in zip(toks, marks, strict=True):
        fb = sum((bag[FEATS.index(f)] for f in t.feats + ms if f in FEATS), np.zeros(F, np.float32))
        norm, key, stem = t.forms
        wv = vecs[widx[norm]] if norm in widx else np.zeros(4)
        kk = widx.get(key, widx.get(stem))
        kv = vecs[kk] if kk is not None else np.zeros(4)
        ids = [chars.get(c, 1) for c in f"^{stem}$"]
        e = np.concatenate([np.zeros((1, C)), z["char_emb"][ids], np.zeros((1, C))])
        conv = [np.maximum((z["conv_w"] * e[j: j + 3].T[None]).sum(axis=(1, 2)) + z["conv_b"], 0) for j in range(len(ids))]
        xs.append(np.concatenate([fb, wv, kv, np.max(conv, axis=0)]))

    x = np.array(xs) if extra is None else np.concatenate([np.array(xs), extra], axis=1)
    h = np.zeros((len(xs), D))
    for i, dil in enumerate(DIL):
        w, b = z[f"c{i + 1}_w"], z[f"c{i + 1}_b"]
        y = np.zeros((len(xs), D))
        for t in range(len(xs)):  # torch Conv1d, zero padding: tap k reads position t + (k - 1) * dil
            y[t] = b + sum(w[:, :, k] @ x[t + (k - 1) * dil] for k in range(3) if 0 <= t + (k - 1) * dil < len(xs))
        y = np.maximum(y, 0)
        h = y if i == 0 else h + y
        x = h
    return np.array([z["w_out"] @ v + z["b_out"] for v in h])


def _sentences() -> list[tuple[list[Tok], list[list[str]]]]:
    s1 = [Tok("وواشنطن", ["sh=ar", "pre=و"], "وواشنطن", "واشنطن", "واشنطن"),
          Tok("قال", ["sh=ar", "len=4", "unseen"], "قال", "قال", "قال"),
          Tok("٢٠١٥", ["sh=num"], "<num>", "<num>", "٢٠١٥")]
    s2 = [Tok("بوتين", ["sh=ar"], "بوتين", "بوتين", "بوتين")]
    s3 = [Tok("الرئيس", ["pre=ال", "s1=ي"], "الرئيس", "الرئيس", "رئيس"),
          Tok("«", ["sh=punct"], "«", "«", "«"), Tok("بوتين", ["sh=ar"], "بوتين", "بوتين", "بوتين"),
          Tok("زوكربيرغ", ["sh=ar"], "زوكربيرغ", "زوكربيرغ", "زوكربيرغ")]
    s4 = s3 + s1 + s2 + s3  # longer than every tap's reach
    return [(s1, [["pos=NOUN", "gzB=LOC"], [], ["pos=NUM"]]), (s2, [["gzB=LOC"]]),
            (s3, [["pos=NOUN"], [], ["pos=PROPN"], ["gzB=LOC", "pos=NOUN"]]),
            (s4, [["pos=NOUN"] if i % 3 else [] for i in range(len(s4))])]


def test_emissions_match_reference_in_one_batch(model: tuple[ConvCRF, dict[str, np.ndarray], np.ndarray]) -> None:
    m, z, vecs = model
    sents = _sentences()
    ems = m.emissions([s for s, _ in sents], [ms for _, ms in sents])
    for (toks, marks), em in zip(sents, ems, strict=True):
        np.testing.assert_allclose(em, reference(z, vecs, toks, marks), rtol=1e-4, atol=1e-4)


@pytest.fixture(scope="module")
def lm_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[ConvCRF, dict[str, np.ndarray], np.ndarray]:
    """A network that also reads a news LM's states (2 × 3 units) as first-layer inputs."""
    from khabar.models.context import SHAPES

    rng = np.random.default_rng(4)
    d_in, h = F + 2 * 4 + K + 6, 3
    z = {
        "labels": np.array(LABELS), "feats": np.frombuffer("\n".join(FEATS).encode(), dtype=np.uint8),
        "bag": rng.normal(size=(len(FEATS), F)).astype(np.float16),
        "chars": np.frombuffer("^$ابتنشطويلقرسمدة".encode(), dtype=np.uint8),
        "char_emb": rng.normal(size=(20, C)).astype(np.float32), "conv_w": rng.normal(size=(K, C, 3)).astype(np.float32),
        "conv_b": rng.normal(size=K).astype(np.float32), "dilations": np.array(DIL),
        **{f"c{i + 1}_w": rng.normal(size=(D, d_in if i == 0 else D, 3)).astype(np.float32) for i in range(3)},
        **{f"c{i + 1}_b": rng.normal(size=D).astype(np.float32) for i in range(3)},
        "w_out": rng.normal(size=(len(LABELS), D)).astype(np.float32), "b_out": rng.normal(size=len(LABELS)).astype(np.float32),
        "trans": rng.normal(size=(len(LABELS), len(LABELS))).astype(np.float32),
        "start": rng.normal(size=len(LABELS)).astype(np.float32), "end": rng.normal(size=len(LABELS)).astype(np.float32),
    }
    for d in ("f", "b"):
        z[f"lm_{d}_weight_ih_l0"] = rng.normal(size=(3 * h, 2 * 4 + SHAPES)).astype(np.float32)
        z[f"lm_{d}_weight_hh_l0"] = rng.normal(size=(3 * h, h)).astype(np.float32)
        z[f"lm_{d}_bias_ih_l0"] = rng.normal(size=3 * h).astype(np.float32)
        z[f"lm_{d}_bias_hh_l0"] = rng.normal(size=3 * h).astype(np.float32)
    vecs = rng.normal(size=(len(WORDS), 4)).astype(np.float16)
    d = tmp_path_factory.mktemp("nnlm")
    np.savez(d / "m.npz", **z)
    np.savez(d / "v.npz", words=np.frombuffer("\n".join(WORDS).encode(), dtype=np.uint8), vectors=vecs)
    return ConvCRF(Path(d / "m.npz"), Path(d / "v.npz"), lambda t: t.feats, lambda t: t.forms), z, vecs.astype(np.float32)


def test_news_lm_states_enter_the_first_layer(lm_model: tuple[ConvCRF, dict[str, np.ndarray], np.ndarray]) -> None:
    m, z, vecs = lm_model
    assert m.lm is not None
    sents = _sentences()
    ems = m.emissions([s for s, _ in sents], [ms for _, ms in sents])
    for (toks, marks), em in zip(sents, ems, strict=True):
        states = m.lm.states(m.lm.form_ids([t.forms for t in toks]), np.array([len(toks)]))
        np.testing.assert_allclose(em, reference(z, vecs, toks, marks, states), rtol=1e-4, atol=1e-4)
        # the states matter: without them the scores differ
        assert not np.allclose(em, reference(z, vecs, toks, marks, np.zeros_like(states)), atol=1e-3)


def test_batching_and_cache_do_not_change_tags(model: tuple[ConvCRF, dict[str, np.ndarray], np.ndarray]) -> None:
    m, _, _ = model
    sents = _sentences()
    batch = m.tag_many([s for s, _ in sents], [ms for _, ms in sents])
    alone = [m.tag(s, ms) for s, ms in sents]
    assert batch == alone
    assert [len(t) for t in batch] == [len(s) for s, _ in sents]
    assert m.tag_many([[], sents[1][0]], [[], sents[1][1]])[0] == []


def test_net_average_averages_emissions_and_transitions(
        model: tuple[ConvCRF, dict[str, np.ndarray], np.ndarray], tmp_path: Path) -> None:
    m, z, _ = model
    z2 = dict(z)
    rng = np.random.default_rng(11)
    z2["w_out"] = rng.normal(size=z["w_out"].shape).astype(np.float32)
    z2["trans"] = rng.normal(size=z["trans"].shape).astype(np.float32)
    np.savez(tmp_path / "m2.npz", **z2)
    m2 = ConvCRF(tmp_path / "m2.npz", (m.vec_index, m.vectors), lambda t: t.feats, lambda t: t.forms)
    avg = NetAverage([m, m2])
    sents = _sentences()
    seqs, marks = [s for s, _ in sents], [ms for _, ms in sents]
    for a, b, c in zip(avg.emissions(seqs, marks), m.emissions(seqs, marks), m2.emissions(seqs, marks), strict=True):
        np.testing.assert_allclose(a, (b + c) / 2, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(avg.trans, (m.trans + m2.trans) / 2)
    assert NetAverage([m, m]).tag_many(seqs, marks) == m.tag_many(seqs, marks)
    avg.label_bias = np.ones(len(LABELS), np.float32)
    assert m.label_bias[0] == m2.label_bias[0] == 1.0
    m.label_bias = m2.label_bias = np.zeros(len(LABELS), np.float32)


@pytest.mark.parametrize("n,width", [(1, 1), (3, 4), (4, 3)])
def test_viterbi_is_exhaustive_best(n: int, width: int) -> None:
    rng = np.random.default_rng(n * 10 + width)
    lab = 3
    lens = np.array([max(1, width - i) for i in range(n)])
    em = rng.normal(size=(n, width, lab))
    trans = rng.normal(size=(lab, lab))
    got = viterbi(em, lens, trans)
    for b in range(n):
        best = max(itertools.product(range(lab), repeat=int(lens[b])),
                   key=lambda p: sum(em[b, i, p[i]] for i in range(len(p))) + sum(trans[x, y] for x, y in zip(p, p[1:], strict=False)))
        assert list(got[b, : lens[b]]) == list(best)


@pytest.mark.parametrize(
    "text,word,mark",
    [
        ("التقى باراك أوباما بالرئيس", "أوباما", "acI=PERS"),
        ("وقال مسؤول في وللأمم المتحدة", "المتحدة", "acI=ORG"),
        ("ذكرت وكالة رويترز", "رويترز", "acI=ORG"),
        ("ذكرت وكالـة رويتـرز، أمس", "رويتـرز،", "acI=ORG"),  # tatweel, glued comma
    ],
)
def test_actor_dictionary_marks(text: str, word: str, mark: str) -> None:
    from khabar.doc import Doc
    from khabar.models import resources as R
    from khabar.models.ner import NERFeaturizer
    from khabar.text.stage import TextStage

    if not R.actor_names():
        pytest.skip("ner_actors.tsv not built")
    toks = TextStage()(Doc(text=text)).tokens
    marks = NERFeaturizer({}).marks(toks)
    i = next(j for j, t in enumerate(toks) if word.startswith(t.text))
    assert mark in marks[i]
    assert not any(m.startswith("ac") for m in marks[0])  # the verb opening the sentence is no name


class _FixedCRF:
    """A stand-in linear CRF whose label scores favour one label everywhere (labels in another order)."""

    def __init__(self, favour: str, strength: float) -> None:
        self.favour, self.strength = favour, strength
        self.crf = type("M", (), {"labels": LABELS[::-1], "transitions": np.zeros((len(LABELS), len(LABELS)))})()

    def emissions(self, seqs: list[list[Tok]], marks: object) -> tuple[np.ndarray, np.ndarray]:
        lens = np.array([len(s) for s in seqs])
        em = np.zeros((len(seqs), int(lens.max()), len(LABELS)))
        em[:, :, LABELS[::-1].index(self.favour)] = self.strength
        return em, lens


@pytest.mark.parametrize("weight,strength,favour", [(0.0, 50.0, "B-LOC"), (1.0, 0.0, "O"), (0.5, 1e5, "B-PERS")])
def test_ensemble_sums_label_scores(model: tuple[ConvCRF, dict[str, np.ndarray], np.ndarray],
                                    weight: float, strength: float, favour: str) -> None:
    from khabar.models.convnet import Ensemble

    m, _, _ = model
    sents = _sentences()
    seqs, marks = [s for s, _ in sents], [ms for _, ms in sents]
    got = Ensemble(m, _FixedCRF(favour, strength), weight).tag_many(seqs, marks)
    if weight * strength == 0:  # the CRF adds nothing: the network's own tags
        assert got == m.tag_many(seqs, marks)
    else:  # an overwhelming CRF score wins every token, whatever its label order
        assert all(tag == favour for tags in got for tag in tags)


@pytest.mark.parametrize("text", ["", "،؟ «» ٢٠١٥", "ـــ", "قال " * 3000 + "بوتين"])
def test_ner_model_options_and_odd_input(text: str) -> None:
    from khabar.doc import Doc
    from khabar.errors import KhabarError
    from khabar.models import resources as R
    from khabar.pipeline import Pipeline, PipelineConfig

    if not R.data_path("ner_nn.npz").is_file() or not R.data_path("ner.npz").is_file():
        pytest.skip("NER models not built")
    both = Pipeline(PipelineConfig(stages=("text", "tagger", "ner")))
    crf = Pipeline(PipelineConfig(stages=("text", "tagger", "ner"), options={"ner": {"model": "crf"}}))
    assert both.producer["models"]["ner"] == str(R.read_json("ner_nn.json")["version"]) != "1"
    assert crf.producer["models"]["ner"] == "1"
    for pipe in (both, crf):
        doc = pipe(Doc(text=text))
        assert all(doc.text[e.start:e.end] == e.text and e.start < e.end for e in doc.entities)
    with pytest.raises(KhabarError):
        Pipeline(PipelineConfig(stages=("text", "tagger", "ner"), options={"ner": {"model": "bert"}}))


@pytest.mark.parametrize(
    "word,key,expected",
    [
        ("لمايكروسوفت", "مايكروسوفت", ["nw=ORG:hi"]),  # clitic ل stripped to the name key
        ("الليكـود", "الليكود", ["nw=ORG:mid", "nw=PERS:lo"]),  # tatweel; two labels, both kept
        ("قال", "قال", []),  # not in the table: no nw feature
    ],
)
def test_news_names_file_gives_nw_features(tmp_path: Path, word: str, key: str, expected: list[str]) -> None:
    """A news-names table read from a file (training and dev runs) becomes ``nw=`` features of the
    word's name key, whatever clitics or tatweel the word carries; comment lines are skipped."""
    from khabar.doc import Doc
    from khabar.models import resources as R
    from khabar.models.ner import NERFeaturizer
    from khabar.text.stage import TextStage

    table = tmp_path / "names.tsv"
    table.write_text("# header\nمايكروسوفت\tORG:hi\nالليكود\tORG:mid\nالليكود\tPERS:lo\n", encoding="utf-8")
    news = R.read_news_names(table)
    assert news == {"مايكروسوفت": ("ORG:hi",), "الليكود": ("ORG:mid", "PERS:lo")}
    tok = TextStage()(Doc(text=f"ذكرت {word} أمس")).tokens[1]
    assert R.name_key(tok) == key
    feats = NERFeaturizer({}, news=news).full_features(tok)
    assert sorted(f for f in feats if f.startswith("nw=")) == expected
