"""Integer codes for feature strings: a new word type's attributes reach the models' weight rows
without building strings.

The featurizers define every attribute as a string (``s=قال``, ``c3=^قا`` …): training writes them
and the shipped models index their weight rows by them. Decoding needs only the rows, and
formatting ``"s=" + stem`` and then looking the result up cost more per new word type than the
arithmetic the rows feed. A ``CodeBook`` numbers the strings its models know (0 for any string
none of them knows) and indexes them by kind and value (``s`` → {``قال``: 17, …}), so a
featurizer's encoder looks the stem up directly. Each model turns codes into its own rows with
one array (``CodeBook.rows``): the NER network and CRF share one encoding of each new type.

An encoder gives, per token type, an ``Encoded`` triple: the codes of all its own attributes (in
the featurizer's order, which fixes the order of the floating-point sums), how many of them (a
prefix) its neighbours see, and the codes of what tokens two away see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

import numpy as np

from khabar.models import native

Encoded = tuple[list[int], int, Sequence[int]]  # (own codes, length of the prefix neighbours see, codes seen two away)


class CodeBook:
    """Codes 1… for the attribute strings of one or more models (``indices``: string → row)."""

    def __init__(self, indices: Iterable[Mapping[str, int]]) -> None:
        code: dict[str, int] = {}
        for index in indices:
            for s in index:
                if s not in code:
                    code[s] = len(code) + 1
        self.code = code
        self.size = len(code) + 1
        kinds: dict[str, dict[str, int]] = {}
        for s, c in code.items():
            k, eq, v = s.partition("=")
            if eq:
                kinds.setdefault(k, {})[v] = c
        self._kinds = kinds

    def kind(self, name: str) -> dict[str, int]:
        """Value → code of the attributes ``name=value`` (look values up with ``.get(value, 0)``)."""
        return self._kinds.get(name, {})

    def encode(self, strings: Iterable[str]) -> list[int]:
        """Codes of attribute strings (0 for unknown ones)."""
        get = self.code.get
        return [get(s, 0) for s in strings]

    def rows(self, index: Mapping[str, int]) -> np.ndarray:
        """Code → row of one model (``index``: string → row; -1 where the model lacks the string)."""
        out = np.full(self.size, -1, np.int64)
        code = self.code
        out[[code[s] for s in index]] = list(index.values())
        return out


def segments(ids: np.ndarray, lens: np.ndarray, zero: int) -> tuple[np.ndarray, np.ndarray]:
    """Row ids and segment starts for ``np.add.reduceat``: consecutive runs of ``lens`` ids (-1:
    unknown, dropped), each run after one ``zero`` row, which keeps every segment non-empty."""
    n = len(lens)
    keep = ids >= 0
    kept = np.bincount(np.repeat(np.arange(n), lens)[keep], minlength=n)
    starts = np.arange(n)
    starts[1:] += np.cumsum(kept)[:-1]
    rows = np.empty(n + int(kept.sum()), np.int64)
    first = np.zeros(len(rows), dtype=bool)
    first[starts] = True
    rows[first] = zero
    rows[~first] = ids[keep]
    return rows, starts


def flat_codes(lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """All code lists end to end, and their lengths."""
    n = len(lists)
    lens = np.fromiter(map(len, lists), np.int64, n)
    return np.fromiter(chain.from_iterable(lists), np.int64, int(lens.sum())), lens


def code_ids(lists: Sequence[Sequence[int]], rowmap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All lists' rows under one model's ``rowmap`` end to end (-1: unknown), and the lists' lengths."""
    codes, lens = flat_codes(lists)
    return rowmap[codes], lens


def segment_sums(table: np.ndarray, ids: np.ndarray, lens: np.ndarray, zero: int,
                 take: np.ndarray | None = None) -> np.ndarray:
    """(runs × one row of ``table``) sums of the rows of consecutive runs of ``lens`` ids (-1: unknown,
    skipped), added in order; with ``take``, of each run's first ``take[i]`` ids only. ``zero`` is an
    all-zero row of ``table`` (the numpy version pads the runs with it). In C when the kernels were
    built (``khabar.models.native``), with the same sums."""
    k = native.kernels
    if k is None or table.dtype.kind != "f" or table.itemsize not in (4, 8) or not len(table):
        if take is not None:
            pos = np.arange(len(ids)) - np.repeat(np.cumsum(lens) - lens, lens)
            ids, lens = ids[pos < np.repeat(take, lens)], np.asarray(take, np.int64)
        return np.add.reduce(table[padded(ids, lens, zero)], axis=1)  # type: ignore[no-any-return]
    flat = np.ascontiguousarray(table).reshape(len(table), -1)
    lens = np.ascontiguousarray(lens, np.int64)
    out = np.empty((len(lens), flat.shape[1]), table.dtype)
    k.segment_sum(flat, np.ascontiguousarray(ids, np.int64), lens,
                  lens if take is None else np.ascontiguousarray(take, np.int64), out, flat.shape[1], table.itemsize)
    return out.reshape((len(lens),) + table.shape[1:])


def padded(ids: np.ndarray, lens: np.ndarray, pad: int) -> np.ndarray:
    """Consecutive runs of ``lens`` ids (-1: unknown, dropped) as the rows of a matrix, left-aligned and
    filled out with ``pad``: ``np.add.reduce(w[padded(...)], axis=1)`` sums each run's rows of ``w`` in
    order (a ``pad`` row of zeros adds nothing), with no per-segment loop."""
    n = len(lens)
    keep = ids >= 0
    seg = np.repeat(np.arange(n), lens)[keep]
    kept = np.bincount(seg, minlength=n)
    out = np.full((n, max(int(kept.max(initial=0)), 1)), pad, np.int64)
    out[seg, np.arange(len(seg)) - np.repeat(np.cumsum(kept) - kept, kept)] = ids[keep]
    return out
