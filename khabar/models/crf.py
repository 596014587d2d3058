"""A linear-chain CRF decoder in numpy for models trained with CRFsuite.

Training uses python-crfsuite; ``export`` turns its model into a compact ``.npz`` (attribute
names, an attribute × label weight matrix, label transitions). Every feature the taggers use is
"this token type at offset k" (or a gazetteer mark at offset k), so a token type's emission
scores at each offset are computed once and cached; a sentence then costs a few array additions
plus a Viterbi pass, with the same result as CRFsuite's own decoder.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, compress, repeat
from pathlib import Path
from typing import Any

import numpy as np

from khabar.models import native
from khabar.models.codes import CodeBook, Encoded, code_ids, flat_codes, segment_sums, segments

OFFSETS = ("-2:", "-1:", "", "+1:", "+2:")  # attribute prefixes: seen from 2 before … 2 after


def viterbi(em: np.ndarray, lens: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Best label indices for padded emissions (batch × width × labels); row b ends at lens[b], and
    the indices past it are 0. In C when the kernels were built (``khabar.models.native``; the
    same paths), else ``viterbi_numpy``."""
    k = native.kernels
    if (k is None or em.ndim != 3 or em.dtype.kind != "f" or trans.dtype.kind != "f"
            or (em.itemsize, trans.itemsize) not in ((4, 4), (8, 8), (4, 8))):
        return viterbi_numpy(em, lens, trans)
    b, width, n_lab = em.shape
    out = np.zeros((b, width), np.int64)
    k.viterbi(np.ascontiguousarray(em), np.ascontiguousarray(lens, np.int64), np.ascontiguousarray(trans), out,
              width, n_lab, em.itemsize, trans.itemsize)
    return out


def viterbi_numpy(em: np.ndarray, lens: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """``viterbi`` in numpy.

    The forward pass keeps each step's scores as (label × sentence), every sentence at every step
    (padding steps cost nothing anyone reads): each step is one broadcast addition and one maximum
    over the outermost axis, whose inner loops run over all sentences at once (a step's arrays are
    tiny, so the number of inner loops, not the arithmetic, sets its cost). The backtrack then takes
    one argmax per sentence and step, longest sentences first, so each step only touches the
    sentences still running (the same first-best predecessor a full table of back pointers would
    hold), which costs far less than an argmax for every label."""
    b, width, n_lab = em.shape
    order = np.argsort(-lens, kind="stable")
    em_t = np.ascontiguousarray(em[order].transpose(1, 2, 0))  # step × label × sentence
    # active[t]: how many (sorted) sentences are longer than t
    active = np.searchsorted(-lens[order], -np.arange(width), side="left")
    fwd = np.empty((width, n_lab, b), dtype=em.dtype)  # fwd[t, j]: best score ending in label j at t
    fwd[0] = em_t[0]
    dtype = np.result_type(em, trans)
    from_to = np.ascontiguousarray(np.broadcast_to(trans[:, :, None], (n_lab, n_lab, b)), dtype=dtype)
    s = np.empty((n_lab, n_lab, b), dtype=dtype)  # s[i, j, r]: from label i to j
    add, best_of = np.add, np.maximum.reduce
    prev = fwd[:, :, None, :]
    for t in range(1, width):
        add(prev[t - 1], from_to, out=s)
        add(best_of(s, axis=0), em_t[t], out=fwd[t])
    hist = np.ascontiguousarray(fwd.transpose(0, 2, 1))  # hist[t, r]: sentence r's scores at t
    to_from = np.ascontiguousarray(trans.T)
    rows = np.arange(b)
    best = hist[lens[order] - 1, rows].argmax(axis=1)
    path = np.zeros((b, width), dtype=np.int64)
    for t in range(width - 1, 0, -1):
        k = int(active[t])
        path[:k, t] = best[:k]
        best[:k] = (hist[t - 1, :k] + to_from[best[:k]]).argmax(axis=1)
    path[:, 0] = best
    out = np.empty_like(path)
    out[order] = path
    return out


def segment_rows(lists: Sequence[Sequence[str]], index: Mapping[str, int], zero: int) -> tuple[np.ndarray, np.ndarray]:
    """Row ids and segment starts for ``np.add.reduceat``: each list's known attributes (unknown ones
    dropped) after one ``zero`` row, which keeps every segment non-empty. The lookups run in one
    C-level pass over all lists instead of a Python loop per attribute."""
    n = len(lists)
    lens = np.fromiter(map(len, lists), np.int64, n)
    flat = list(chain.from_iterable(lists))
    return segments(np.fromiter(map(index.get, flat, repeat(-1)), np.int64, len(flat)), lens, zero)


def mark_keys(marks: Sequence[Sequence[Sequence[str]]]) -> list[str]:
    """Each token's sentence marks (gazetteer matches, POS) as one key of the models' mark caches,
    the tokens of all sentences end to end."""
    return ["\x1f".join(ms) for s_marks in marks for ms in s_marks]


def firsts(keys: Sequence[str], items: Sequence[Any], ids: np.ndarray, new: Sequence[str]) -> list[Any]:
    """The first item of each of the ``new`` keys, from the ones whose ``ids`` (``RowTable.locate``) are -1."""
    missing = (ids < 0).tolist()
    ks, its = list(compress(keys, missing)), list(compress(items, missing))
    first = dict(zip(reversed(ks), reversed(its), strict=True))
    return [first[k] for k in new]


def new_types(cache: RowTable, toks: Sequence[Any]) -> tuple[list[str], list[Any]]:
    """The surface forms of ``toks`` that ``cache`` lacks (in order) and a token of each (its first)."""
    texts = [t.text for t in toks]
    new = cache.missing(texts)
    if not new:
        return [], []
    first = dict(zip(reversed(texts), reversed(toks), strict=True))  # each text's first token
    return new, [first[x] for x in new]


class RowTable:
    """Per-key rows of one or more arrays under one key → row index: the rows of a batch of keys come
    back as one gather (``ids``, then ``np.take`` per array), where ``np.stack`` over many small arrays
    cost more than the arithmetic. Several arrays share the index when several models score the same
    keys (the NER network and CRF score the same new word types). Holds at most ``max_size`` keys and
    starts over when full, like the other caches.

    The arrays start with room for ``INITIAL`` rows (reserved, touched only as rows are written):
    growing them step by step from a small size cost more in fresh-page faults and copies than the
    scoring they cache."""

    INITIAL = 1 << 16

    def __init__(self, layouts: Sequence[tuple[tuple[int, ...], Any]], max_size: int) -> None:
        self.index: dict[str, int] = {}
        self.arrays = [np.empty((min(max_size, self.INITIAL),) + shape, dtype) for shape, dtype in layouts]
        self.max_size = max_size

    def __len__(self) -> int:
        return len(self.index)

    def missing(self, keys: Iterable[str]) -> list[str]:
        """The distinct keys not cached, in first-seen order; when they would overfill the cache it is
        cleared first and every distinct key is missing."""
        index = self.index
        distinct = dict.fromkeys(keys)
        new = [k for k in distinct if k not in index]
        if new and len(index) + len(new) > self.max_size:
            index.clear()
            new = list(distinct)
        return new

    def locate(self, keys: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        """The rows of ``keys`` (-1 where not cached) and the distinct keys not cached, in first-seen
        order (``missing``; when they would overfill the cache it is cleared first and every key is
        missing): ``reserve`` rows for those, write them, ``commit``, then ``fill`` the -1s."""
        index = self.index
        ids = np.fromiter(map(index.get, keys, repeat(-1)), np.intp, len(keys))
        unknown = ids < 0
        if not unknown.any():
            return ids, []
        new = list(dict.fromkeys(compress(keys, unknown.tolist())))
        if len(index) + len(new) > self.max_size:
            index.clear()
            return np.full(len(keys), -1, np.intp), list(dict.fromkeys(keys))
        return ids, new

    def fill(self, ids: np.ndarray, keys: Sequence[str]) -> np.ndarray:
        """``ids`` from ``locate`` with the rows of the keys committed since."""
        unknown = ids < 0
        ids[unknown] = np.fromiter(map(self.index.__getitem__, compress(keys, unknown.tolist())), np.intp,
                                   int(unknown.sum()))
        return ids

    def reserve(self, n: int) -> slice:
        """The rows the next ``n`` keys will get (growing the arrays if needed): write their values
        there, then ``commit`` the keys."""
        start = len(self.index)
        need = start + n
        if need > len(self.arrays[0]):
            size = max(need, min(2 * len(self.arrays[0]), self.max_size))
            for i, rows in enumerate(self.arrays):
                grown = np.empty((size,) + rows.shape[1:], rows.dtype)
                grown[:start] = rows[:start]
                self.arrays[i] = grown
        return slice(start, need)

    def commit(self, keys: Sequence[str]) -> None:
        """Index ``keys`` (not cached yet) to the rows ``reserve(len(keys))`` gave."""
        n = len(self.index)
        self.index.update(zip(keys, range(n, n + len(keys)), strict=True))

    def ids(self, keys: Sequence[str]) -> np.ndarray:
        """The rows of ``keys`` (all cached)."""
        return np.fromiter(map(self.index.__getitem__, keys), np.intp, len(keys))


class RowCache(RowTable):
    """A ``RowTable`` of one array of per-key rows of one shape."""

    def __init__(self, shape: tuple[int, ...], dtype: Any, max_size: int) -> None:
        super().__init__([(shape, dtype)], max_size)

    @property
    def rows(self) -> np.ndarray:
        return self.arrays[0]

    def add(self, keys: Sequence[str], values: np.ndarray) -> None:
        """Store ``values[i]`` as the row of ``keys[i]`` (keys not cached yet)."""
        at = self.reserve(len(keys))  # first: it may replace the array
        self.arrays[0][at] = values
        self.commit(keys)

    def get(self, key: str) -> np.ndarray | None:
        """One key's row (a view), or None."""
        i = self.index.get(key)
        return None if i is None else self.arrays[0][i]

    def gather(self, keys: Sequence[str]) -> np.ndarray:
        """The rows of ``keys`` (all cached), stacked in a new array."""
        return self.arrays[0].take(self.ids(keys), axis=0)


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

    With ``use_codes`` the new types are scored from integer codes instead (``khabar.models.codes``).
    """

    def __init__(self, crf: LinearCRF, features: Any, max_cache: int = 300_000) -> None:
        self.crf = crf
        self.features = features
        self.max_cache = max_cache
        self._types = RowCache((len(OFFSETS), crf.n_labels), crf.weights.dtype, max_cache)
        self._marks = RowCache((len(OFFSETS), crf.n_labels), crf.weights.dtype, 100_000)
        self._bos = crf.scores(["BOS"])[2]
        self._eos = crf.scores(["EOS"])[2]
        self._encode: Callable[[Any], Encoded] | None = None

    def use_codes(self, encode: Callable[[Any], Encoded], book: CodeBook) -> None:
        """Score new types from ``encode(token)`` (codes of ``book``, which must hold the model's attributes),
        the same attributes ``features`` gives, in the same order.

        Training prefixed "-1:"/"+1:" only to the attributes neighbours see and "-2:"/"+2:" only to
        those two tokens away see, so every other attribute weighs exactly zero at those offsets: the
        scores at the token itself sum all its rows of one offset, those at ±1 the neighbours' prefix
        only, those at ±2 the few far codes, about a third of the work of summing all five offsets
        over every attribute, with the same floating-point sums (adding an exact zero changes nothing)."""
        w = self.crf.weights
        self._rowmap = book.rows(self.crf.index)
        self._w_self = np.ascontiguousarray(w[:, 2])
        self._w_near = np.ascontiguousarray(w[:, 1::2])  # offsets -1, +1
        self._w_far = np.ascontiguousarray(w[:, 0::4])  # offsets -2, +2
        self._encode = encode

    def type_scores(self, tok: Any) -> np.ndarray:
        """(5 offsets × labels) scores of a token type, computed once per surface form."""
        self._score_new_types([tok])
        return self._types.get(tok.text)  # type: ignore[return-value]

    def _score_new_types(self, toks: Sequence[Any]) -> None:
        """Score every token type not yet cached with one gather-and-sum over all of them."""
        new, reps = new_types(self._types, toks)
        if new:
            self._add_types(new, reps)

    def _add_types(self, new: Sequence[str], reps: Sequence[Any]) -> None:
        """Score and cache the types ``new`` (not cached yet) of the tokens ``reps``."""
        if self._encode is None:
            features = self.features
            rows, starts = segment_rows([features(t) for t in reps], self.crf.index, self.crf.zero_row)
            self._types.add(new, np.add.reduceat(self.crf.weights[rows], starts, axis=0))
            return
        enc = list(map(self._encode, reps))
        at = self._types.reserve(len(new))
        self.score_codes(flat_codes([e[0] for e in enc]), [e[1] for e in enc], [e[2] for e in enc],
                         self._types.rows[at])
        self._types.commit(new)

    def score_codes(self, full: tuple[np.ndarray, np.ndarray], near: Sequence[int], far: Sequence[Sequence[int]],
                    out: np.ndarray) -> None:
        """Write the (5 offsets × labels) scores of types to ``out`` from their encodings (see ``use_codes``):
        all their own codes end to end with each one's count (``flat_codes``), how many of each one's
        codes its neighbours see, and the codes tokens two away see."""
        zero, rowmap = self.crf.zero_row, self._rowmap
        ids = rowmap[full[0]]
        out[:, 2] = segment_sums(self._w_self, ids, full[1], zero)
        out[:, 1::2] = segment_sums(self._w_near, ids, full[1], zero, np.fromiter(near, np.int64, len(near)))
        out[:, 0::4] = segment_sums(self._w_far, *code_ids(far, rowmap), zero)

    def mark_scores(self, keys: Sequence[str]) -> np.ndarray:
        """(keys × 5 × labels) scores of mark combinations (``mark_keys``)."""
        return np.stack([self.crf.scores(k.split("\x1f") if k else []) for k in keys])

    def _mark_rows(self, keys: Sequence[str]) -> np.ndarray:
        """(tokens × 5 × labels) scores of every token's marks (each combination scored once, cached)."""
        cache = self._marks
        ids, new = cache.locate(keys)
        if new:
            cache.add(new, self.mark_scores(new))
            cache.fill(ids, keys)
        return cache.rows.take(ids, axis=0)

    def emissions(self, seqs: Sequence[Sequence[Any]], marks: Sequence[Sequence[Sequence[str]]] | None = None,
                  keys: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Padded label scores (sentences × width × labels) before transitions, and the lengths; the
        tokens' marks as lists or already joined (``keys``, see ``mark_keys``)."""
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        flat = [t for s in seqs for t in s]
        texts = [t.text for t in flat]
        ids, new = self._types.locate(texts)
        if new:
            self._add_types(new, firsts(texts, flat, ids, new))
            self._types.fill(ids, texts)
        a = self._types.rows.take(ids, axis=0)  # N × 5 × labels
        if keys is None and marks:
            keys = mark_keys(marks)
        if keys:
            a += self._mark_rows(keys)
        return self.window(a, lens), lens

    def window(self, a: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Padded label scores (sentences × width × labels, zero after each sentence's end) from each
        token's type and mark scores ``a`` (tokens × 5 offsets × labels, sentences of ``lens`` tokens
        end to end): each sentence laid out with two zero rows either side, so a token's neighbours'
        scores are four shifted additions (a missing neighbour adds an exact zero)."""
        n, width = len(lens), int(lens.max())
        sid = np.repeat(np.arange(n), lens)
        pos = np.arange(len(a)) - np.repeat(np.cumsum(lens) - lens, lens)
        p = np.zeros((n, width + 4) + a.shape[1:], a.dtype)
        p[sid, pos + 2] = a
        em = p[:, 2:-2, 2] + self.crf.bias
        em += p[:, 1:-3, 1]  # the token before, seen from one after
        em += p[:, 3:-1, 3]
        em += p[:, :-4, 0]
        em += p[:, 4:, 4]
        nz = np.flatnonzero(lens > 0)
        em[nz, 0] += self._bos
        em[nz, lens[nz] - 1] += self._eos
        em[np.arange(width) >= lens[:, None]] = 0.0
        return em

    def tag_many(self, seqs: Sequence[Sequence[Any]], marks: Sequence[Sequence[Sequence[str]]] | None = None,
                 keys: Sequence[str] | None = None) -> list[list[str]]:
        """Tag several sentences at once (one batched Viterbi over the padded sentences)."""
        seqs = [s for s in seqs]
        if not len(seqs) or sum(len(s) for s in seqs) == 0:
            return [[] for _ in seqs]
        em, lens = self.emissions(seqs, marks, keys)
        paths = self.crf.viterbi_batch(em, lens).tolist()
        labels = self.crf.labels
        return [[labels[j] for j in row[:k]] for row, k in zip(paths, lens.tolist(), strict=True)]

    def tag_keyed(self, seqs: Sequence[Sequence[Any]], keys: Sequence[str]) -> list[list[str]]:
        """``tag_many`` with the tokens' marks joined already (``mark_keys``)."""
        return self.tag_many(seqs, None, keys)

    def tag(self, toks: Sequence[Any], marks: Sequence[Sequence[str]] | None = None) -> list[str]:
        """Tag one sentence."""
        if not toks:
            return []
        return self.tag_many([toks], [marks] if marks else None)[0]
