"""The news LM runtime (``khabar/models/context.py``): against a plain per-sentence GRU, batching, cache."""

from __future__ import annotations

import numpy as np
import pytest

from khabar.models.context import SHAPES, NewsLM, shape

H, V = 3, 4
WORDS = ["قال", "الرئيس", "رئيس", "في", "مصر"]


class Tok:
    def __init__(self, text: str, norm: str, key: str) -> None:
        self.text, self.forms = text, (norm, key, key)


def _lm(seed: int = 5) -> tuple[NewsLM, dict[str, np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)
    z = {}
    for d in ("f", "b"):
        z[f"lm_{d}_weight_ih_l0"] = rng.normal(size=(3 * H, 2 * V + SHAPES)).astype(np.float32)
        z[f"lm_{d}_weight_hh_l0"] = rng.normal(size=(3 * H, H)).astype(np.float32)
        z[f"lm_{d}_bias_ih_l0"] = rng.normal(size=3 * H).astype(np.float32)
        z[f"lm_{d}_bias_hh_l0"] = rng.normal(size=3 * H).astype(np.float32)
    vecs = np.concatenate([rng.normal(size=(len(WORDS), V)), np.zeros((1, V))]).astype(np.float32)
    return NewsLM(z, ({w: i for i, w in enumerate(WORDS)}, vecs)), z, vecs


def _gru(z: dict[str, np.ndarray], d: str, xs: np.ndarray) -> np.ndarray:
    """torch.nn.GRU's equations, one step at a time (gates r, z, n)."""
    w_ih, w_hh = z[f"lm_{d}_weight_ih_l0"], z[f"lm_{d}_weight_hh_l0"]
    b_ih, b_hh = z[f"lm_{d}_bias_ih_l0"], z[f"lm_{d}_bias_hh_l0"]
    h = np.zeros(H)
    out = []
    for x in xs:
        gi, gh = w_ih @ x + b_ih, w_hh @ h + b_hh
        r = 1 / (1 + np.exp(-(gi[:H] + gh[:H])))
        u = 1 / (1 + np.exp(-(gi[H:2 * H] + gh[H:2 * H])))
        n = np.tanh(gi[2 * H:] + r * gh[2 * H:])
        h = (1 - u) * n + u * h
        out.append(h)
    return np.array(out)


def reference(z: dict[str, np.ndarray], vecs: np.ndarray, forms: list[tuple[str, str, str]]) -> np.ndarray:
    idx = {w: i for i, w in enumerate(WORDS)}
    xs = []
    for norm, key, _ in forms:
        w, k = idx.get(norm, len(WORDS)), idx.get(key, len(WORDS))
        xs.append(np.concatenate([vecs[w], vecs[k], np.eye(SHAPES)[shape(norm, w != len(WORDS))]]))
    x = np.array(xs)
    return np.concatenate([_gru(z, "f", x), _gru(z, "b", x[::-1])[::-1]], axis=1)


SENTS = [
    [("قال", "قال", "قال"), ("الرئيس", "رئيس", "رئيس"), ("زيلينسكي", "زيلينسكي", "زيلينسكي"), ("،", "،", "،")],
    [("في", "في", "في"), ("مصر", "مصر", "مصر")],
    [("٢٠٢٣", "٢٠٢٣", "٢٠٢٣")],
    [("وفي", "في", "في")] * 6,
]


def test_states_match_a_plain_gru_per_sentence() -> None:
    lm, z, vecs = _lm()
    lens = np.array([len(s) for s in SENTS])
    got = lm.states(lm.form_ids([f for s in SENTS for f in s]), lens)
    want = np.concatenate([reference(z, vecs, s) for s in SENTS])
    assert got.shape == (int(lens.sum()), 2 * H)
    np.testing.assert_allclose(got, want, atol=1e-5)


def test_batching_and_type_cache_do_not_change_states() -> None:
    lm, _, _ = _lm()
    toks = [[Tok(f"{n}", n, k) for n, k, _ in s] for s in SENTS]
    flat = [t for s in toks for t in s]
    lens = np.array([len(s) for s in toks])
    together = lm.token_states(flat, lambda t: t.forms, lens)
    again = lm.token_states(flat, lambda t: t.forms, lens)  # every type cached now
    alone = np.concatenate([lm.token_states(s, lambda t: t.forms, np.array([len(s)])) for s in toks])
    np.testing.assert_allclose(together, again, atol=1e-6)
    np.testing.assert_allclose(together, alone, atol=1e-5)


@pytest.mark.parametrize(("form", "known", "expected"), [
    ("قال", True, 0), ("زيلينسكي", False, 1), ("2023", False, 2), ("٢٠٢٣", False, 2),
    ("،", False, 3), ("«", False, 3), ("؟", False, 3), ("", False, 3),
])
def test_shape_classes(form: str, known: bool, expected: int) -> None:
    assert shape(form, known) == expected
