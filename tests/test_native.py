"""The C kernels (``khabar/models/_kernels.c``) against their numpy versions: the same output.

Each test runs a stage's function twice, once with the kernels and once with ``native.kernels``
set to None (the numpy path a build without a C compiler takes). The GRU may differ by float32
rounding; the Viterbi, the segment sums, the convolution layers and the character CNN add in the
same order and must be identical."""

from __future__ import annotations

import numpy as np
import pytest

from khabar.models import native
from khabar.models import resources as R
from khabar.models.codes import segment_sums
from khabar.models.context import SHAPES, NewsLM
from khabar.models.crf import viterbi, viterbi_numpy

pytestmark = pytest.mark.skipif(native.kernels is None,
                                reason="the C kernels were not built (no C compiler, KHABAR_COMPILE=0 or KHABAR_KERNELS=numpy)")


def _lm(h: int, v: int = 6, seed: int = 3, scale: float = 1.0) -> NewsLM:
    rng = np.random.default_rng(seed)
    z = {}
    for d in ("f", "b"):
        z[f"lm_{d}_weight_ih_l0"] = (scale * rng.normal(size=(3 * h, 2 * v + SHAPES))).astype(np.float32)
        z[f"lm_{d}_weight_hh_l0"] = (rng.normal(size=(3 * h, h)) / np.sqrt(h)).astype(np.float32)  # as trained GRUs: not chaotic
        z[f"lm_{d}_bias_ih_l0"] = rng.normal(size=3 * h).astype(np.float32)
        z[f"lm_{d}_bias_hh_l0"] = rng.normal(size=3 * h).astype(np.float32)
    vecs = np.concatenate([rng.normal(size=(9, v)), np.zeros((1, v))]).astype(np.float32)
    return NewsLM(z, ({}, vecs))


@pytest.mark.parametrize(("hidden", "lens", "scale"), [
    (32, [1], 1.0),  # one token: the first step only
    (32, [7, 1, 30, 2, 2], 1.0),
    (5, [3, 9, 4], 1.0),  # a size no vector width divides
    (32, [12, 5], 60.0),  # saturated gates: the exponential's clamps
])
def test_gru_matches_numpy(hidden: int, lens: list[int], scale: float) -> None:
    lm = _lm(hidden, scale=scale)
    rng = np.random.default_rng(len(lens))
    n = sum(lens)
    proj = (scale * rng.normal(size=(n, 6 * hidden))).astype(np.float32)
    lengths = np.array(lens, np.int64)
    with np.errstate(over="ignore"):
        want = lm.run_numpy(proj, lengths)
    got = lm.run(proj, lengths)
    assert got.shape == (n, 2 * hidden) and np.isfinite(got).all()
    np.testing.assert_allclose(got, want, atol=2e-6)


@pytest.mark.parametrize(("em_type", "trans_type"), [
    (np.float32, np.float32), (np.float64, np.float64), (np.float32, np.float64),
])
def test_viterbi_same_paths(em_type: type, trans_type: type) -> None:
    rng = np.random.default_rng(7)
    for trial in range(120):
        b, width, labels = int(rng.integers(1, 7)), int(rng.integers(1, 25)), int(rng.integers(1, 12))
        lens = rng.integers(1, width + 1, size=b)
        if trial % 2:  # small integers: many ties, broken towards the first label by both
            em = rng.integers(-2, 3, size=(b, width, labels)).astype(em_type)
            trans = rng.integers(-1, 2, size=(labels, labels)).astype(trans_type)
        else:
            em = rng.normal(size=(b, width, labels)).astype(em_type)
            trans = rng.normal(size=(labels, labels)).astype(trans_type)
        np.testing.assert_array_equal(viterbi(em, lens, trans), viterbi_numpy(em, lens, trans))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("take", [False, True])
def test_segment_sums_identical(dtype: type, take: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    table = np.concatenate([rng.normal(size=(40, 3, 5)), np.zeros((1, 3, 5))]).astype(dtype)
    lens = np.array([3, 0, 1, 6, 2, 9], np.int64)  # an empty run too
    ids = rng.integers(-1, 40, size=int(lens.sum())).astype(np.int64)  # -1: an unknown feature
    ids[:3] = -1  # a run of unknown features only
    first = np.minimum(lens, [1, 0, 1, 4, 0, 9]) if take else None
    got = segment_sums(table, ids, lens, 40, first)
    monkeypatch.setattr(native, "kernels", None)
    want = segment_sums(table, ids, lens, 40, first)
    assert got.shape == (len(lens), 3, 5) and got.dtype == dtype
    np.testing.assert_array_equal(got, want)
    assert not got[0].any() and not got[1].any()


@pytest.mark.parametrize("call", [
    lambda k: k.segment_sum(np.zeros((4, 2), np.float32), np.zeros(3, np.int64), np.array([2], np.int64),
                            np.array([2], np.int64), np.zeros((1, 2), np.float32), 2, 4),  # ids past the lengths
    lambda k: k.segment_sum(np.zeros((4, 2), np.float32), np.array([4], np.int64), np.array([1], np.int64),
                            np.array([1], np.int64), np.zeros((1, 2), np.float32), 2, 4),  # an id past the table
    lambda k: k.viterbi(np.zeros((1, 3, 2), np.float32), np.array([4], np.int64), np.zeros((2, 2), np.float32),
                        np.zeros((1, 3), np.int64), 3, 2, 4, 4),  # a length past the width
    lambda k: k.gru(np.zeros((3, 6), np.float32), np.array([2], np.int64), np.zeros((2, 1, 3), np.float32),
                    np.zeros((2, 1), np.float32), np.zeros((3, 2), np.float32), 1),  # lengths ≠ rows
    lambda k: k.char_cnn(np.array([0, 9, 0], np.int64), np.array([1], np.int64), np.zeros((3, 4, 2), np.float32),
                         np.zeros(2, np.float32), np.zeros((1, 2), np.float32), 3),  # a character id past the taps
])
def test_kernels_refuse_inconsistent_arrays(call: object) -> None:
    assert native.kernels is not None
    with pytest.raises((ValueError, IndexError, TypeError)):
        call(native.kernels)  # type: ignore[operator]


@pytest.fixture(scope="module")
def net() -> object:
    from khabar.models.convnet import ConvCRF

    if not R.data_path("ner_nn.npz").is_file():
        pytest.skip("the NER network is not shipped in this checkout")
    return ConvCRF(R.data_path("ner_nn.npz"), R.data_path("ner_vectors.npz"), lambda t: [], lambda t: ("", "", ""))


STEMS = ["قال", "مُحَمَّد", "الـرئيس", "٢٠٢٣", "2023", "Biden", "و", "", "«", "؟", "زيلينسكي", "ﻻ"]


def test_char_cnn_identical(net: object, monkeypatch: pytest.MonkeyPatch) -> None:
    got = net.char_cnn(STEMS)  # type: ignore[attr-defined]
    monkeypatch.setattr(native, "kernels", None)
    want = net.char_cnn(STEMS)  # type: ignore[attr-defined]
    assert got.shape == (len(STEMS), len(net.conv_b))  # type: ignore[attr-defined]
    np.testing.assert_array_equal(got, want)
    assert (got >= 0).all() and not np.array_equal(got[0], got[1])


@pytest.mark.parametrize("lens", [[1], [5, 1, 12], [30, 2, 2, 9]])
def test_conv_layers_identical(net: object, lens: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    lengths = np.array(lens, np.int64)
    rows, gaps = net.layout(lengths)  # type: ignore[attr-defined]
    rng = np.random.default_rng(len(lens))
    y = np.zeros((len(rows) + len(gaps), 3 * net.d), np.float32)  # type: ignore[attr-defined]
    y[rows] = rng.normal(size=(len(rows), 3 * net.d))  # type: ignore[attr-defined]
    got = net.layers(y.copy(), rows, gaps, lengths)  # type: ignore[attr-defined]
    monkeypatch.setattr(native, "kernels", None)
    want = net.layers(y.copy(), rows, gaps, lengths)  # type: ignore[attr-defined]
    assert [len(e) for e in got] == lens
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)


def test_version_names_the_kernels(capsys: pytest.CaptureFixture[str]) -> None:
    from khabar.cli import main

    assert native.build() == "C"
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "model kernels: C" in capsys.readouterr().out


def test_whole_pipeline_same_with_and_without_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled demo article through text, tagger and NER: the same entities, tags and lemmas."""
    from khabar.commands.demo import sample_text
    from khabar.doc import Doc
    from khabar.pipeline import Pipeline, PipelineConfig

    def analyse() -> tuple[list[tuple[int, int, str]], list[tuple[str | None, str | None]]]:
        doc = Pipeline(PipelineConfig(stages=("text", "tagger", "ner")))(Doc(text=sample_text()))
        return [(e.start, e.end, e.label) for e in doc.entities], [(t.pos, t.lemma) for t in doc.tokens]

    with_c = analyse()
    monkeypatch.setattr(native, "kernels", None)
    assert analyse() == with_c
    assert len(with_c[0]) >= 5 and all(pos for pos, _ in with_c[1])
