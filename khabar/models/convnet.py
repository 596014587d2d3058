"""A convolutional CRF sequence tagger run in numpy (trained with torch by ``training/train_ner_nn.py``).

Each token's input is [sum of embeddings of its feature strings (the CRF featurizer's
attributes and the sentence's gazetteer/POS marks) | word2vec vector of its form | word2vec
vector of its name key | char-CNN over its stem | when the model carries a news LM, its forward and
backward states at the token (``khabar/models/context.py``)]. Three residual ReLU convolutions of width 3
(dilations 1, 2, 4: each token sees seven neighbours each side) give label scores, decoded
with CRF transitions. The first convolution is linear in the feature bag and otherwise depends
on the token type alone, so its three per-offset products are cached per token type (and per
mark combination); a document then costs shifted additions, two matrix products per later
layer over all its tokens at once (sentences laid end to end with zero gaps) and a batched
Viterbi. The only recurrence is the news LM's (one step per token position, all of a document's
sentences at once); the LM states' first-layer products are added before the later layers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np

from khabar.models import native
from khabar.models.codes import CodeBook, Encoded, code_ids, flat_codes, segment_sums
from khabar.models.context import NewsLM
from khabar.models.crf import RowCache, RowTable, firsts, mark_keys, new_types, viterbi


def _load(path: Any) -> dict[str, np.ndarray]:
    src = io.BytesIO(path.read_bytes()) if hasattr(path, "read_bytes") else path  # Traversable or file
    with np.load(src, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def _words(blob: np.ndarray) -> list[str]:
    return bytes(blob).decode("utf-8").split("\n") if len(blob) else []


def _non_empty(seqs: Sequence[Sequence[Any]], marks: Sequence[Sequence[Sequence[str]]],
               run: Callable[[list[Sequence[Any]], list[Sequence[Sequence[str]]]], list[list[str]]]
               ) -> list[list[str]]:
    """``run`` on the non-empty sentences only; empty ones get no labels."""
    keep = [i for i, s in enumerate(seqs) if len(s)]
    out: list[list[str]] = [[] for _ in seqs]
    if keep:
        for i, labels in zip(keep, run([seqs[i] for i in keep], [marks[i] for i in keep]), strict=True):
            out[i] = labels
    return out


def load_vectors(path: Any) -> tuple[dict[str, int], np.ndarray]:
    """Word vectors (``ner_vectors.npz``) as (word → row, rows plus a zero row for unknown words);
    load once and pass the pair to every network that shares them."""
    v = _load(path)
    index = {x: i for i, x in enumerate(_words(v["words"]))}
    return index, np.concatenate([v["vectors"].astype(np.float32), np.zeros((1, v["vectors"].shape[1]), np.float32)])


def decode_labels(labels: Sequence[str], start: np.ndarray, end: np.ndarray, ems: Sequence[np.ndarray],
                  base: np.ndarray | None, lens: np.ndarray, trans: np.ndarray) -> list[list[str]]:
    """Labels of sentences from their emissions (plus ``base``, padded, if given), with the start and
    end scores added: one batched Viterbi under ``trans``."""
    n = len(ems)
    em = np.zeros((n, int(lens.max()), len(labels)), np.float32) if base is None else base
    starts = np.cumsum(lens) - lens
    sid = np.repeat(np.arange(n), lens)
    em[sid, np.arange(int(lens.sum())) - np.repeat(starts, lens)] += np.concatenate(ems)
    em[np.arange(n), 0] += start
    em[np.arange(n), lens - 1] += end
    paths = viterbi(em, lens, trans).tolist()
    return [[labels[j] for j in row[:k]] for row, k in zip(paths, lens.tolist(), strict=True)]


class _Decoder:
    """What ``ConvCRF`` and ``NetAverage`` share: decoding their emissions with their own
    transitions and start/end scores (they provide ``labels``, ``start``, ``end``, ``trans`` and
    ``emissions``)."""

    labels: list[str]
    start: np.ndarray
    end: np.ndarray
    trans: np.ndarray

    def emissions(self, seqs: Sequence[Sequence[Any]], marks: Sequence[Sequence[Sequence[str]]] | None,
                  keys: Sequence[str] | None = None) -> list[np.ndarray]:
        raise NotImplementedError

    def decode(self, ems: Sequence[np.ndarray], base: np.ndarray | None, lens: np.ndarray,
               trans: np.ndarray) -> list[list[str]]:
        """Labels of sentences from their emissions (plus ``base``, padded, if given): the start and
        end scores added, one batched Viterbi under ``trans``."""
        return decode_labels(self.labels, self.start, self.end, ems, base, lens, trans)

    def tag_many(self, seqs: Sequence[Sequence[Any]],
                 marks: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
        """Tag several sentences at once (one pass over all their tokens and one batched Viterbi)."""
        def run(ss: list[Sequence[Any]], ms: list[Sequence[Sequence[str]]]) -> list[list[str]]:
            lens = np.array([len(s) for s in ss], dtype=np.int64)
            return self.decode(self.emissions(ss, ms), None, lens, self.trans)

        return _non_empty(seqs, marks, run)

    def tag_keyed(self, seqs: Sequence[Sequence[Any]], keys: Sequence[str]) -> list[list[str]]:
        """``tag_many`` of non-empty sentences whose tokens' marks are joined already (``mark_keys``)."""
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        return self.decode(self.emissions(seqs, None, keys), None, lens, self.trans)

    def tag(self, toks: Sequence[Any], marks: Sequence[Sequence[str]]) -> list[str]:
        """Tag one sentence."""
        return self.tag_many([toks], [marks])[0]


class ConvCRF(_Decoder):
    """Weights of an exported convolutional CRF plus per-type caches; ``tag_many`` tags sentences.

    ``features(token)`` gives a token type's attribute strings, ``forms(token)`` its (word form,
    name key, stem) for the word-vector and character inputs."""

    def __init__(self, model: Any, vectors: Any, features: Callable[[Any], list[str]],
                 forms: Callable[[Any], tuple[str, str, str]], max_cache: int = 300_000) -> None:
        z = _load(model)
        self.labels = [str(x) for x in z["labels"]]
        self.feat_index = {f: i for i, f in enumerate(_words(z["feats"]))}
        bag = z["bag"].astype(np.float32)  # feature × F
        self.n_feat_dims = bag.shape[1]
        self.bag = np.concatenate([bag, np.zeros((1, bag.shape[1]), np.float32)])  # + a zero row
        self.char_index = {c: i + 2 for i, c in enumerate(bytes(z["chars"]).decode("utf-8"))}
        self.char_emb = z["char_emb"].astype(np.float32)  # chars × C (0 pad, 1 unknown)
        self.char_emb[0] = 0.0  # padding, as the convolution's zero padding in training
        k, c, w = z["conv_w"].shape  # torch Conv1d: filters × C × width
        self.conv_w = z["conv_w"].astype(np.float32).transpose(2, 1, 0).reshape(w * c, k)
        self.conv_b = z["conv_b"].astype(np.float32)
        self.conv_width = w
        # tap j's product with each character's embedding (characters × filters); 0 is the padding row
        self.char_taps = np.ascontiguousarray(np.stack([self.char_emb @ self.conv_w[j * c:(j + 1) * c] for j in range(w)]))
        self.vec_index, self.vectors = vectors if isinstance(vectors, tuple) else load_vectors(vectors)
        self.dilations = [int(x) for x in z["dilations"]]
        self.gap = max(self.dilations)
        # each layer's three taps side by side (in × 3·out): tap 0 looks back, 1 here, 2 ahead
        self.weights = [np.ascontiguousarray(np.concatenate([z[f"c{i}_w"][:, :, t].T for t in range(3)], axis=1),
                                             dtype=np.float32) for i in range(1, len(self.dilations) + 1)]
        self.biases = [z[f"c{i}_b"].astype(np.float32) for i in range(1, len(self.dilations) + 1)]
        self.d = self.biases[0].shape[0]
        self.lm: NewsLM | None = None
        if "lm_f_weight_hh_l0" in z:  # the news LM's states are the first layer's last inputs
            self.lm = NewsLM(z, (self.vec_index, self.vectors))
            k = 2 * self.lm.hidden
            self.lm_w = np.ascontiguousarray(self.weights[0][-k:])
            self.weights[0] = np.ascontiguousarray(self.weights[0][:-k])
        self.w_out = np.ascontiguousarray(z["w_out"].T, dtype=np.float32)  # D × labels
        self.b_out = z["b_out"].astype(np.float32)
        self.trans = z["trans"].astype(np.float32)
        self.start = z["start"].astype(np.float32)
        self.end = z["end"].astype(np.float32)
        self.features = features
        self.forms = forms
        self.max_cache = max_cache
        self._types = RowCache((3 * self.d,), np.float32, max_cache)
        self._marks = RowCache((3 * self.d,), np.float32, 100_000)
        self.label_bias = np.zeros(len(self.labels), np.float32)
        self._encode: Callable[[Any], Encoded] | None = None

    def use_codes(self, encode: Callable[[Any], Encoded], book: CodeBook) -> None:
        """Sum new types' feature embeddings from ``encode(token)``'s codes of ``book`` (the attributes
        ``features`` gives, in the same order) rather than from strings; see ``khabar.models.codes``."""
        self._rowmap = book.rows(self.feat_index)
        self._encode = encode

    def char_cnn(self, stems: Sequence[str]) -> np.ndarray:
        """Max-pooled ReLU convolution over each stem's characters (with ^ and $ marks).

        Each tap's product with every character's embedding is computed once (``char_taps``), so a
        position's convolution is the sum of its neighbours' tap rows: the stems laid end to end
        (``pad`` zero characters between them, the convolution's zero padding) cost three row
        gathers and no matrix product. The sums run per tap rather than over one 96-long dot
        product, so they can differ from a batched product in the last bits (~1e-6), as products
        over different batches already do."""
        pad = self.conv_width // 2
        text = "".join([f"^{s}$" for s in stems])
        n = len(stems)
        lens = np.fromiter(map(len, stems), np.int64, n) + 2
        total = int(lens.sum())
        seg = np.cumsum(lens) - lens
        at = np.repeat(pad * np.arange(n), lens) + np.arange(total)  # each position's left edge in ``ids``
        ids = np.zeros(total + pad * (n + 1), np.int64)
        ids[at + pad] = np.fromiter(map(self.char_index.get, text, repeat(1)), np.int64, total)
        if native.kernels is not None:  # the same sums and maxima in C
            out = np.empty((n, len(self.conv_b)), np.float32)
            native.kernels.char_cnn(ids, lens, self.char_taps, self.conv_b, out, self.conv_width)
            return out
        taps = self.char_taps
        y = taps[0][ids[at]]
        for j in range(1, self.conv_width):
            y += taps[j][ids[at + j]]
        y += self.conv_b
        np.maximum(y, 0.0, out=y)
        # the maximum over each stem's own positions (the zero padding between stems never takes part)
        return np.maximum.reduceat(y, seg, axis=0)  # type: ignore[no-any-return]

    def _score_new_types(self, toks: Sequence[Any]) -> None:
        """First-layer products (3 taps × D) of every token type not yet cached, in one batch."""
        new, reps = new_types(self._types, toks)
        if not new:
            return
        if self._encode is None:
            features = self.features
            lists = [features(t) for t in reps]
            lens = np.fromiter(map(len, lists), np.int64, len(lists))
            get = self.feat_index.get
            ids = np.fromiter(map(get, chain.from_iterable(lists), repeat(-1)), np.int64, int(lens.sum()))
        else:
            encode = self._encode
            ids, lens = code_ids([encode(t)[0] for t in reps], self._rowmap)
        at = self._types.reserve(len(new))
        self._first_layer(ids, lens, list(map(self.forms, reps)), self._types.rows[at])
        self._types.commit(new)

    def score_codes(self, full: tuple[np.ndarray, np.ndarray], forms: Sequence[tuple[str, str, str]],
                    out: np.ndarray) -> None:
        """Write the first-layer products of types to ``out`` from their feature codes (see ``use_codes``)
        end to end with each type's count (``flat_codes``) and their (word form, name key, stem)."""
        self._first_layer(self._rowmap[full[0]], full[1], forms, out)

    def _first_layer(self, ids: np.ndarray, lens: np.ndarray, forms: Sequence[tuple[str, str, str]],
                     out: np.ndarray) -> None:
        """First-layer products of types from their feature rows (``lens`` per type, -1: unknown) and forms."""
        # each type's feature embeddings summed in order, all types at once
        f, v = self.n_feat_dims, self.vectors.shape[1]
        x = np.empty((len(lens), len(self.weights[0])), np.float32)  # [features | word vector | key vector | chars]
        x[:, :f] = segment_sums(self.bag, ids, lens, len(self.bag) - 1)
        unk = len(self.vectors) - 1
        vget = self.vec_index.get
        x[:, f:f + v] = self.vectors[[vget(w[0], unk) for w in forms]]
        x[:, f + v:f + 2 * v] = self.vectors[[vget(w[1], vget(w[2], unk)) for w in forms]]
        x[:, f + 2 * v:] = self.char_cnn([w[2] for w in forms])
        np.matmul(x, self.weights[0], out=out)

    def _mark_pre(self, ms: Sequence[str]) -> np.ndarray:
        """First-layer products of one token's sentence marks."""
        idx = [i for i in map(self.feat_index.get, ms) if i is not None]
        f = self.bag[idx].sum(axis=0) if idx else np.zeros(self.n_feat_dims, np.float32)
        return f @ self.weights[0][: self.n_feat_dims]  # type: ignore[no-any-return]

    def mark_scores(self, keys: Sequence[str]) -> np.ndarray:
        """(keys × 3D) first-layer products of mark combinations (``mark_keys``)."""
        return np.stack([self._mark_pre(k.split("\x1f") if k else []) for k in keys])

    def _mark_rows(self, keys: Sequence[str]) -> np.ndarray:
        """(tokens × 3D) first-layer products of every token's marks (each combination once, cached)."""
        cache = self._marks
        ids, new = cache.locate(keys)
        if new:
            cache.add(new, self.mark_scores(new))
            cache.fill(ids, keys)
        return cache.rows.take(ids, axis=0)

    def emissions(self, seqs: Sequence[Sequence[Any]], marks: Sequence[Sequence[Sequence[str]]] | None,
                  keys: Sequence[str] | None = None) -> list[np.ndarray]:
        """Per-sentence (tokens × labels) emission scores (before transitions); the tokens' marks as
        lists or already joined (``keys``, see ``mark_keys``)."""
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        flat = [t for s in seqs for t in s]
        self._score_new_types(flat)
        pre = self._types.gather([t.text for t in flat])
        pre += self._mark_rows(mark_keys(marks or []) if keys is None else keys)
        if self.lm is not None:
            pre += self.context_rows(flat, lens)
        rows, gaps = self.layout(lens)
        y = np.zeros((len(rows) + len(gaps), 3 * self.d), np.float32)
        y[rows] = pre
        return self.layers(y, rows, gaps, lens)

    def context_rows(self, flat: Sequence[Any], lens: np.ndarray) -> np.ndarray:
        """(tokens × 3D) first-layer products of the news LM's states at every token."""
        assert self.lm is not None
        return self.lm.token_states(flat, self.forms, lens) @ self.lm_w  # type: ignore[no-any-return]

    def layout(self, lens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentences of ``lens`` tokens end to end, each after ``gap`` zero rows (and ``gap`` after the
        last), so no tap reaches across a boundary: the row of each token and the zero rows."""
        gap = self.gap
        first = gap + np.concatenate(([0], np.cumsum(lens + gap)[:-1]))
        rows = np.repeat(first - (np.cumsum(lens) - lens), lens) + np.arange(int(lens.sum()))
        is_gap = np.ones(int(first[-1] + lens[-1] + gap), dtype=bool)
        is_gap[rows] = False
        return rows, np.flatnonzero(is_gap)

    def layers(self, y: np.ndarray, rows: np.ndarray, gaps: np.ndarray, lens: np.ndarray) -> list[np.ndarray]:
        """Per-sentence emission scores from the first-layer products ``y`` (type plus marks) of the
        tokens at ``rows`` of the ``layout``, zero at its ``gaps``."""
        k = native.kernels
        if k is None:
            h = self._layer(0, y, gaps)  # every layer's output summed
            for li in range(1, len(self.dilations)):
                h += self._layer(li, h @ self.weights[li], gaps)
        else:  # each layer's shifted sums, ReLU and zero gaps in one pass in C (the same sums)
            gap = np.zeros(len(y), np.uint8)
            gap[gaps] = 1
            h = np.empty((len(y), self.d), np.float32)
            k.conv_layer(np.ascontiguousarray(y, np.float32), h, self.biases[0], gap, self.d, self.dilations[0], False)
            for li in range(1, len(self.dilations)):
                k.conv_layer(h @ self.weights[li], h, self.biases[li], gap, self.d, self.dilations[li], True)
        e = h[rows] @ self.w_out + self.b_out + self.label_bias
        return np.split(e, np.cumsum(lens)[:-1])

    def _layer(self, li: int, y: np.ndarray, gaps: np.ndarray) -> np.ndarray:
        """Layer ``li``'s ReLU output from its three taps' products ``y`` (rows × 3D)."""
        d, dil = self.d, self.dilations[li]
        out = y[:, d: 2 * d] + self.biases[li]
        out[dil:] += y[:-dil, :d]  # tap 0 looks back
        out[:-dil] += y[dil:, 2 * d:]  # tap 2 ahead
        np.maximum(out, 0.0, out=out)
        out[gaps] = 0.0  # the padding stays zero for the next layer
        return out

class NetAverage(_Decoder):
    """Several ``ConvCRF`` networks trained alike from different seeds, run as one: their emission
    scores, transitions and start/end scores are averaged. Seeds err on different rare names, so
    the average is steadier than any member (chosen on held-out train data, see ``ner_nn.json``)."""

    def __init__(self, nets: Sequence[ConvCRF]) -> None:
        first = nets[0]
        if any(n.labels != first.labels for n in nets):
            raise ValueError("networks with different label sets cannot be averaged")
        self.nets = list(nets)
        self.labels = first.labels
        k = float(len(nets))
        self.trans = sum((n.trans for n in nets), np.zeros_like(first.trans)) / k
        self.start = sum((n.start for n in nets), np.zeros_like(first.start)) / k
        self.end = sum((n.end for n in nets), np.zeros_like(first.end)) / k

    @property
    def label_bias(self) -> np.ndarray:
        return self.nets[0].label_bias

    @label_bias.setter
    def label_bias(self, vec: np.ndarray) -> None:
        for n in self.nets:
            n.label_bias = vec

    def use_codes(self, encode: Callable[[Any], Encoded], book: CodeBook) -> None:
        """``ConvCRF.use_codes`` for every network."""
        for n in self.nets:
            n.use_codes(encode, book)

    @property
    def features(self) -> Callable[[Any], list[str]]:
        return self.nets[0].features

    @features.setter
    def features(self, fn: Callable[[Any], list[str]]) -> None:
        for n in self.nets:
            n.features = fn

    def emissions(self, seqs: Sequence[Sequence[Any]], marks: Sequence[Sequence[Sequence[str]]] | None,
                  keys: Sequence[str] | None = None) -> list[np.ndarray]:
        """Per-sentence emission scores, averaged over the networks."""
        if keys is None:
            keys = mark_keys(marks or [])
        total = self.nets[0].emissions(seqs, None, keys)
        for n in self.nets[1:]:
            for acc, e in zip(total, n.emissions(seqs, None, keys), strict=True):
                acc += e
        k = np.float32(len(self.nets))
        return [e / k for e in total]

class Ensemble:
    """A ``ConvCRF`` and a linear CRF (``khabar.models.crf.WindowTagger``) over the same tokens and
    marks: label scores and transitions are summed, the CRF's scaled by ``weight``, and decoded
    once. The two models err differently (dense inputs vs sparse attributes at fixed offsets).

    With ``share_codes`` both models score a new word type from one encoding and keep their rows
    under one index (one lookup per token for both), and likewise the mark combinations."""

    def __init__(self, nn: ConvCRF | NetAverage, crf: Any, weight: float) -> None:
        self.nn = nn
        self.crf = crf
        self.weight = weight
        self.labels = nn.labels
        self.perm = [crf.crf.labels.index(lab) for lab in nn.labels]
        p = np.array(self.perm)
        self.trans = nn.trans + weight * crf.crf.transitions[np.ix_(p, p)].astype(np.float32)
        self._encode: Callable[[Any], tuple[Encoded, tuple[str, str, str]]] | None = None

    def share_codes(self, encode: Callable[[Any], tuple[Encoded, tuple[str, str, str]]]) -> None:
        """Score new types for both models from ``encode(token)``: (its codes, as ``use_codes`` gives
        them to each model, and its (word form, name key, stem)). Needs one ``ConvCRF`` and a
        ``WindowTagger``, both after ``use_codes``."""
        nn, crf = self.nn, self.crf
        assert isinstance(nn, ConvCRF)
        self._net = nn
        layouts = [(c.rows.shape[1:], c.rows.dtype) for c in (crf._types, nn._types)]
        marks = list(layouts)
        if nn.lm is not None:  # the news LM's input products per type, under the same index
            layouts.append(((6 * nn.lm.hidden,), np.float32))
        self._types = RowTable(layouts, min(nn._types.max_size, crf._types.max_size))
        self._marks = RowTable(marks, min(nn._marks.max_size, crf._marks.max_size))
        self._encode = encode

    def _rows(self, seqs: Sequence[Sequence[Any]], keys: Sequence[str], lens: np.ndarray
              ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Each token's CRF scores (tokens × 5 × labels) and the network's first-layer products in its
        ``layout`` (and the layout): a token's type's rows plus its marks' rows, new types and mark
        combinations scored first."""
        assert self._encode is not None
        flat = [t for s in seqs for t in s]
        texts = [t.text for t in flat]
        types = self._types
        ids, new = types.locate(texts)
        if new:
            coded = list(map(self._encode, firsts(texts, flat, ids, new)))
            full = flat_codes([c[0][0] for c in coded])
            at = types.reserve(len(new))
            self.crf.score_codes(full, [c[0][1] for c in coded], [c[0][2] for c in coded], types.arrays[0][at])
            self._net.score_codes(full, [c[1] for c in coded], types.arrays[1][at])
            if self._net.lm is not None:
                lm = self._net.lm
                types.arrays[2][at] = lm.project(lm.form_ids([c[1] for c in coded]))
            types.commit(new)
            types.fill(ids, texts)
        marks = self._marks
        mids, new = marks.locate(keys)
        if new:
            at = marks.reserve(len(new))
            marks.arrays[0][at] = self.crf.mark_scores(new)
            marks.arrays[1][at] = self._net.mark_scores(new)
            marks.commit(new)
            marks.fill(mids, keys)
        a = types.arrays[0].take(ids, axis=0)
        a += marks.arrays[0].take(mids, axis=0)
        # the network's rows straight in its layout (a zero row's ids point anywhere: zeroed after)
        rows, gaps = self._net.layout(lens)
        at_rows = np.zeros(len(rows) + len(gaps), np.intp)
        at_rows[rows] = ids
        y = types.arrays[1].take(at_rows, axis=0)
        at_rows[rows] = mids
        y += marks.arrays[1].take(at_rows, axis=0)
        y[gaps] = 0.0
        if self._net.lm is not None:  # the LM states laid out the same (zero at the gaps), then one product
            states = np.zeros((len(y), self._net.lm_w.shape[0]), np.float32)
            states[rows] = self._net.lm.run(types.arrays[2].take(ids, axis=0), lens)
            y += states @ self._net.lm_w
        return a, (y, rows, gaps)

    def tag_keyed(self, seqs: Sequence[Sequence[Any]], keys: Sequence[str]) -> list[list[str]]:
        """``tag_many`` of non-empty sentences whose tokens' marks are joined already (``mark_keys``)."""
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        if self._encode is None:
            em_crf, _ = self.crf.emissions(seqs, None, keys)
            ems = self.nn.emissions(seqs, None, keys)
        else:
            a, (y, rows, gaps) = self._rows(seqs, keys, lens)
            em_crf = self.crf.window(a, lens)
            ems = self._net.layers(y, rows, gaps, lens)
        base = (self.weight * em_crf[:, :, self.perm]).astype(np.float32)
        return self.nn.decode(ems, base, lens, self.trans)

    def tag_many(self, seqs: Sequence[Sequence[Any]],
                 marks: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
        """Tag several sentences at once."""
        if self._encode is not None:
            return _non_empty(seqs, marks, lambda ss, ms: self.tag_keyed(ss, mark_keys(ms)))

        def run(ss: list[Sequence[Any]], ms: list[Sequence[Sequence[str]]]) -> list[list[str]]:
            em_crf, lens = self.crf.emissions(ss, ms)
            base = (self.weight * em_crf[:, :, self.perm]).astype(np.float32)
            return self.nn.decode(self.nn.emissions(ss, ms), base, lens, self.trans)

        return _non_empty(seqs, marks, run)

    def tag(self, toks: Sequence[Any], marks: Sequence[Sequence[str]]) -> list[str]:
        """Tag one sentence."""
        return self.tag_many([toks], [marks])[0]
