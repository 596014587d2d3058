"""A linear-chain CRF decoder in numpy for models trained with CRFsuite.

Training uses python-crfsuite; ``export`` turns its model into a compact ``.npz`` (attribute
names, an attribute × label weight matrix, label transitions). Every feature the taggers use is
"this token type at offset k" (or a gazetteer mark at offset k), so a token type's emission
scores at each offset are computed once and cached; a sentence then costs a few array additions
plus a Viterbi pass, with the same result as CRFsuite's own decoder.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

OFFSETS = ("-2:", "-1:", "", "+1:", "+2:")  # attribute prefixes: seen from 2 before … 2 after


def viterbi(em: np.ndarray, lens: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Best label indices for padded emissions (batch × width × labels); row b ends at lens[b].

    Rows are processed longest first, so each step only touches the sentences still running."""
    b, width, n_lab = em.shape
    order = np.argsort(-lens, kind="stable")
    em = em[order]
    # active[t]: how many (sorted) sentences are longer than t
    active = np.searchsorted(-lens[order], -np.arange(width), side="left")
    score = em[:, 0].copy()
    back = np.zeros((width, b, n_lab), dtype=np.int64)
    for t in range(1, width):
        k = int(active[t])
        s = score[:k, :, None] + trans[None]
        back[t, :k] = s.argmax(axis=1)
        score[:k] = s.max(axis=1) + em[:k, t]
    best = score.argmax(axis=1)
    path = np.zeros((b, width), dtype=np.int64)
    for t in range(width - 1, 0, -1):
        k = int(active[t])
        path[:k, t] = best[:k]
        best[:k] = back[t, np.arange(k), best[:k]]
    path[:, 0] = best
    out = np.empty_like(path)
    out[order] = path
    return out


def export(crfsuite_model: str | Path, out: str | Path) -> dict[str, int]:
    """Write a CRFsuite model as ``out`` (.npz): each base attribute's weights at the five offsets."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crfsuite_model))
    info = tagger.info()
    labels = sorted(info.labels.keys(), key=lambda x: int(info.labels[x]))
    lab_idx = {lab: i for i, lab in enumerate(labels)}

    def split(a: str) -> tuple[str, int]:
        for k, p in enumerate(OFFSETS):
            if p and a.startswith(p):
                return a[len(p):], k
        return a, 2

    bases = sorted({split(a)[0] for a, _ in info.state_features})
    b_idx = {b: i for i, b in enumerate(bases)}
    w = np.zeros((len(bases), len(OFFSETS), len(labels)), dtype=np.float32)
    for (a, lab), v in info.state_features.items():
        b, k = split(a)
        w[b_idx[b], k, lab_idx[lab]] = v
    t = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (x, y), v in info.transitions.items():
        t[lab_idx[x], lab_idx[y]] = v
    blob = np.frombuffer("\n".join(bases).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(out, attrs=blob, labels=np.array(labels), weights=w, transitions=t)
    return {"attributes": len(info.state_features), "base_attributes": len(bases), "labels": len(labels)}


class LinearCRF:
    """Per-offset attribute weights and label transitions, from an exported model."""

    def __init__(self, path: Any) -> None:
        src = io.BytesIO(path.read_bytes()) if hasattr(path, "read_bytes") else path  # Traversable or file
        with np.load(src, allow_pickle=False) as z:
            attrs = bytes(z["attrs"]).decode("utf-8").split("\n")
            self.labels: list[str] = [str(x) for x in z["labels"]]
            w = z["weights"].astype(np.float64)  # base attribute × offset × label
            self.transitions = z["transitions"].astype(np.float64)
        # one extra all-zero row, so every type's gather is non-empty
        self.weights = np.concatenate([w, np.zeros((1,) + w.shape[1:])])
        self.zero_row = len(w)
        self.index = {a: i for i, a in enumerate(attrs)}
        self.n_labels = len(self.labels)
        self.bias = np.zeros(self.n_labels)  # added to every token's label scores
        self._zero = np.zeros((len(OFFSETS), self.n_labels))

    def scores(self, feats: Sequence[str]) -> np.ndarray:
        """(offset × label) summed weights of a token type's attributes (unknown ones count zero)."""
        get = self.index.get
        idx = [i for i in map(get, feats) if i is not None]
        if not idx:
            return self._zero
        if len(idx) == 1:
            return self.weights[idx[0]]
        return self.weights[idx].sum(axis=0)  # type: ignore[no-any-return]

    def viterbi_batch(self, em: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Best label indices for padded emissions under this model's transitions."""
        return viterbi(em, lens, self.transitions)


class WindowTagger:
    """Tags token sequences with a ``LinearCRF`` whose features are per-type, per-offset lists.

    ``features(token)`` gives a token type's attributes; the model holds each attribute's weights
    as seen from two tokens before, one before, itself, one after and two after (training
    attached the prefixes "-2:" … "+2:"), so a type's (5 × labels) scores are one lookup-and-sum,
    cached per token text. ``marks`` are extra per-token attributes (gazetteer matches).
    """

    def __init__(self, crf: LinearCRF, features: Any, max_cache: int = 300_000) -> None:
        self.crf = crf
        self.features = features
        self.max_cache = max_cache
        self._types: dict[str, np.ndarray] = {}
        self._marks: dict[str, np.ndarray] = {}
        self._bos = crf.scores(["BOS"])[2]
        self._eos = crf.scores(["EOS"])[2]

    def type_scores(self, tok: Any) -> np.ndarray:
        """(5 offsets × labels) scores of a token type, computed once per surface form."""
        hit = self._types.get(tok.text)
        if hit is None:
            hit = self.crf.scores(self.features(tok))
            if len(self._types) > self.max_cache:
                self._types.clear()
            self._types[tok.text] = hit
        return hit

    def _score_new_types(self, toks: Sequence[Any]) -> None:
        """Score every token type not yet cached with one gather-and-sum over all of them."""
        types = self._types
        new: dict[str, Any] = {}
        for t in toks:
            if t.text not in types and t.text not in new:
                new[t.text] = t
        if not new:
            return
        if len(types) + len(new) > self.max_cache:
            types.clear()
        get = self.crf.index.get
        zero = self.crf.zero_row
        idx: list[int] = []
        starts: list[int] = []
        for t in new.values():
            starts.append(len(idx))
            idx.append(zero)  # every segment non-empty, so reduceat sums it right
            idx.extend(i for i in map(get, self.features(t)) if i is not None)
        sums = np.add.reduceat(self.crf.weights[idx], starts, axis=0)
        for text, row in zip(new, sums, strict=True):
            types[text] = row

    def emissions(self, seqs: Sequence[Sequence[Any]],
                  marks: Sequence[Sequence[Sequence[str]]] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Padded label scores (sentences × width × labels) before transitions, and the lengths."""
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        flat = [t for s in seqs for t in s]
        self._score_new_types(flat)
        types = self._types
        a = np.stack([types[t.text] for t in flat])  # N × 5 × labels
        if marks:
            a += np.stack([self._mark_scores(ms) for s_marks in marks for ms in s_marks])
        sid = np.repeat(np.arange(len(seqs)), lens)
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        pos = np.arange(len(flat)) - np.repeat(starts, lens)
        e = a[:, 2] + self.crf.bias
        same1 = sid[1:] == sid[:-1]
        e[1:][same1] += a[:-1, 1][same1]
        e[:-1][same1] += a[1:, 3][same1]
        same2 = sid[2:] == sid[:-2]
        e[2:][same2] += a[:-2, 0][same2]
        e[:-2][same2] += a[2:, 4][same2]
        nz = lens > 0
        e[starts[nz]] += self._bos
        e[(starts + lens - 1)[nz]] += self._eos
        em = np.zeros((len(seqs), int(lens.max()), self.crf.n_labels))
        em[sid, pos] = e
        return em, lens

    def tag_many(self, seqs: Sequence[Sequence[Any]],
                 marks: Sequence[Sequence[Sequence[str]]] | None = None) -> list[list[str]]:
        """Tag several sentences at once (one batched Viterbi over the padded sentences)."""
        seqs = [s for s in seqs]
        if not len(seqs) or sum(len(s) for s in seqs) == 0:
            return [[] for _ in seqs]
        em, lens = self.emissions(seqs, marks)
        paths = self.crf.viterbi_batch(em, lens)
        labels = self.crf.labels
        return [[labels[j] for j in paths[b, : lens[b]]] for b in range(len(seqs))]

    def _mark_scores(self, ms: Sequence[str]) -> np.ndarray:
        """(5 × labels) scores of one token's marks (cached per combination)."""
        key = "\x1f".join(ms)
        hit = self._marks.get(key)
        if hit is None:
            hit = self.crf.scores(ms)
            if len(self._marks) > 100_000:
                self._marks.clear()
            self._marks[key] = hit
        return hit

    def tag(self, toks: Sequence[Any], marks: Sequence[Sequence[str]] | None = None) -> list[str]:
        """Tag one sentence."""
        if not toks:
            return []
        return self.tag_many([toks], [marks] if marks else None)[0]
