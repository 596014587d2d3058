"""A small bidirectional GRU language model of the news, run in numpy: contextual token states for NER.

Trained by ``training/train_news_lm.py`` on news sentences (khabar tokens) to predict each
neighbour's word2vec cluster — the forward GRU the next token's, the backward GRU the previous
token's. Its input per token is [word2vec vector of the form | of the name key | a one-hot shape:
known word, unknown word, digits, other]. The NER network reads both directions' states at every
token as extra first-layer inputs, so a name never seen in ANERcorp still gets what the news says
about the words around it (قال … ، الرئيس … ، في مدينة …). A document costs one recurrent step per token position,
all its sentences at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from khabar.models import native
from khabar.models.crf import RowCache, firsts

SHAPES = 4  # known word, unknown word, digits, other


def shape(form: str, known: bool) -> int:
    """A token's shape class from its normalised form: 0 known word, 1 unknown word, 2 digits, 3 other."""
    c = form[:1]
    if c.isdigit():
        return 2
    if not c.isalpha():
        return 3
    return 0 if known else 1


def _sigmoid(x: np.ndarray) -> np.ndarray:
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1.0
    np.reciprocal(x, out=x)
    return x


class NewsLM:
    """The two GRUs of an exported LM (arrays ``lm_{f,b}_weight_ih_l0`` … of a model file) over the
    word vectors ``vectors`` = (word → row, rows with a zero row last)."""

    def __init__(self, z: dict[str, np.ndarray], vectors: tuple[dict[str, int], np.ndarray],
                 max_cache: int = 100_000) -> None:
        self.vec_index, vecs = vectors
        self.vecs = vecs
        self.unk = len(vecs) - 1
        self.hidden = int(z["lm_f_weight_hh_l0"].shape[1])
        v = vecs.shape[1]
        dirs = ("f", "b")
        # per direction (index 0 forward, 1 backward), torch's gate order r, z, n in the columns
        w_ih = [z[f"lm_{d}_weight_ih_l0"].astype(np.float32).T for d in dirs]  # (2V + SHAPES) × 3H
        self.w_words = [np.ascontiguousarray(w[:2 * v]) for w in w_ih]
        h = self.hidden
        b_hh = [z[f"lm_{d}_bias_hh_l0"].astype(np.float32) for d in dirs]
        # the shape rows carry both biases of the r and z gates and the input bias of n (the hidden
        # bias of n is scaled by r, so it stays in the step)
        self.w_shape = [w[2 * v:] + z[f"lm_{d}_bias_ih_l0"].astype(np.float32) + np.concatenate([b[:2 * h], np.zeros(h, np.float32)])
                        for w, d, b in zip(w_ih, dirs, b_hh, strict=True)]
        self.u = np.ascontiguousarray(np.stack([z[f"lm_{d}_weight_hh_l0"].astype(np.float32).T for d in dirs]))  # 2 × H × 3H
        self.b_hn = np.ascontiguousarray(np.stack([b[2 * h:] for b in b_hh]))  # 2 × H
        self._types = RowCache((6 * self.hidden,), np.float32, max_cache)

    def form_ids(self, forms: Sequence[tuple[str, str, str]]) -> np.ndarray:
        """(tokens × 3) form row, key row and shape from each token's (word form, name key, stem)."""
        get, unk = self.vec_index.get, self.unk
        rows = []
        for norm, key, _ in forms:
            w = get(norm, unk)
            rows.append((w, get(key, unk), shape(norm, w != unk)))
        return np.array(rows, dtype=np.int64).reshape(-1, 3)

    def project(self, ids: np.ndarray) -> np.ndarray:
        """(tokens × 6H) input products of both GRUs (forward, then backward) from ``form_ids`` rows."""
        words = np.concatenate([self.vecs[ids[:, 0]], self.vecs[ids[:, 1]]], axis=1)
        out = np.empty((len(ids), 6 * self.hidden), np.float32)
        for k in range(2):
            part = out[:, 3 * k * self.hidden:3 * (k + 1) * self.hidden]
            np.matmul(words, self.w_words[k], out=part)
            part += self.w_shape[k][ids[:, 2]]
        return out

    def token_states(self, toks: Sequence[Any], forms: Callable[[Any], tuple[str, str, str]],
                     lens: np.ndarray) -> np.ndarray:
        """``states`` of sentences of tokens laid end to end; input products cached per token type."""
        cache = self._types
        texts = [t.text for t in toks]
        ids, new = cache.locate(texts)
        if new:
            reps = firsts(texts, toks, ids, new)
            cache.add(new, self.project(self.form_ids([forms(t) for t in reps])))
            ids = cache.fill(ids, texts)
        return self.run(cache.rows.take(ids, axis=0), lens)

    def states(self, ids: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """(tokens × 2H) forward and backward states of sentences of ``lens`` tokens laid end to end,
        from their ``form_ids`` rows."""
        return self.run(self.project(ids), lens)

    def run(self, proj: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """(tokens × 2H) states from the tokens' input products (``project``), sentences end to end:
        in C when the kernels were built (``khabar.models.native``), else ``run_numpy``."""
        k = native.kernels
        if k is None:
            return self.run_numpy(proj, lens)
        out = np.empty((len(proj), 2 * self.hidden), np.float32)
        k.gru(np.ascontiguousarray(proj, np.float32), np.ascontiguousarray(lens, np.int64), self.u,
              self.b_hn, out, self.hidden)
        return out

    def run_numpy(self, proj: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """``run`` in numpy: both directions step together, all sentences at once, longest first,
        so step t updates only the sentences longer than t."""
        n, h = len(lens), self.hidden
        order = np.argsort(-lens, kind="stable")
        rank = np.empty(n, np.int64)
        rank[order] = np.arange(n)
        width = int(lens.max())
        starts = np.cumsum(lens) - lens
        row = np.repeat(rank, lens)
        pos = np.arange(int(lens.sum())) - np.repeat(starts, lens)
        back = np.repeat(lens, lens) - 1 - pos  # the backward GRU reads right to left
        # both directions step together: x[t, 0] the forward inputs at t, x[t, 1] the backward ones
        x = np.empty((width, 2, n, 3 * h), np.float32)
        x[pos, 0, row] = proj[:, :3 * h]
        x[back, 1, row] = proj[:, 3 * h:]
        active = (lens[order][None, :] > np.arange(width)[:, None]).sum(axis=1)
        hs = np.empty((width, 2, n, h), np.float32)
        state = np.zeros((2, n, h), np.float32)
        g_buf = np.empty((2, n, 3 * h), np.float32)
        rz_buf = np.empty((2, n, 2 * h), np.float32)
        u, b_hn = self.u, self.b_hn[:, None, :]
        for t in range(width):
            m = int(active[t])
            st, g, rz = state[:, :m], g_buf[:, :m], rz_buf[:, :m]
            np.matmul(st, u, out=g)
            xt = x[t, :, :m]
            np.add(xt[:, :, :2 * h], g[:, :, :2 * h], out=rz)
            _sigmoid(rz)
            cand = g[:, :, 2 * h:]
            cand += b_hn
            cand *= rz[:, :, :h]
            cand += xt[:, :, 2 * h:]
            np.tanh(cand, out=cand)
            st -= cand
            st *= rz[:, :, h:]
            st += cand  # (1 - z)·n + z·h
            hs[t, :, :m] = st
        out = np.empty((len(proj), 2 * h), np.float32)
        out[:, :h] = hs[pos, 0, row]
        out[:, h:] = hs[back, 1, row]
        return out
