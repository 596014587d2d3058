"""Arabic clitic segmentation: candidate analyses ranked by a model learned from PADT.

Proclitics: conjunction و/ف, preposition or particle ب/ل/ك, future س, article ال (ل+ال → لل);
enclitic pronouns ه ها هم هما هن ك كم كما كن ي ني نا; fused من/عن + ما/من (مما، عما).
Every way of peeling clitics off a normalised word is a candidate; a log-linear model scores
them from the word counts of raw news (``khabar/data/wordfreq.tsv``: is the stem a word? is the
whole word?) and the clitics involved. Its weights (``khabar/models/data/segmenter.json``) are
trained on the PADT treebank by ``training/train_segmenter.py``. Without them a hand-set rule
scorer decides. Results are cached per word type.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from khabar.text.normalize import norm_word

CONJ = ("و", "ف")
PREP = ("ب", "ل", "ك")
SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "ني", "نا", "ه", "ك", "ي")
# imperfect verb prefixes after س (future): سيقول، ستعقد، سنعمل، سأزور
_IMPERFECT = ("ي", "ت", "ن", "ا")
# one-letter prepositions that take a pronoun directly: له، بها، لكم
_BARE_PREP = frozenset(("ل", "ب", "ك"))
# من/عن fused with ما/من: مما = م(ن) + ما
_FUSED = {"مما": ("م", "من", "ما"), "ممن": ("م", "من", "من"), "عما": ("ع", "عن", "ما"), "عمن": ("ع", "عن", "من")}

SegTuple = tuple[tuple[int, int, str, str], ...]  # (start, end, kind, form) in the normalised word
Prefixes = list[tuple[str, str]]  # (surface, form)
Candidate = tuple[Prefixes, str, list[str]]


def load_wordfreq() -> dict[str, int]:
    """Load the shipped word-frequency lexicon (empty if the file is absent)."""
    try:
        data = resources.files("khabar.data").joinpath("wordfreq.tsv").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    out: dict[str, int] = {}
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        w, _, c = line.partition("\t")
        if c.isdigit():
            out[w] = int(c)
    return out


def load_model() -> dict[str, float]:
    """The learned candidate weights (empty if absent: the rule scorer is used instead)."""
    try:
        ref = resources.files("khabar.models.data").joinpath("segmenter.json")
        if not ref.is_file():
            return {}
        return {str(k): float(v) for k, v in json.loads(ref.read_text("utf-8"))["weights"].items()}
    except (FileNotFoundError, ModuleNotFoundError, KeyError, ValueError):
        return {}


def candidates(w: str) -> list[Candidate]:
    """Every (prefixes, stem, suffixes) analysis of the normalised word ``w``; the whole word first."""
    out: list[Candidate] = [([], w, [])]
    pre_opts: list[tuple[Prefixes, str]] = [([], w)]
    for c in CONJ:
        if w.startswith(c) and len(w) >= 3:
            pre_opts.append(([(c, c)], w[1:]))
    more: list[tuple[Prefixes, str]] = []
    for pres, rest in pre_opts:
        for p in PREP:
            if rest.startswith(p) and len(rest) >= 3:
                if p == "ل" and rest.startswith("لل") and len(rest) >= 4:
                    more.append((pres + [("ل", "ل"), ("ل", "ال")], rest[2:]))
                more.append((pres + [(p, p)], rest[1:]))
        if rest.startswith("س") and len(rest) >= 4 and rest[1] in _IMPERFECT:
            more.append((pres + [("س", "س")], rest[1:]))
    pre_opts += more
    with_al: list[tuple[Prefixes, str]] = []
    for pres, rest in pre_opts:
        if rest.startswith("ال") and len(rest) >= 4 and not (pres and pres[-1][1] in ("ال", "س")):
            with_al.append((pres + [("ال", "ال")], rest[2:]))
    pre_opts += with_al
    for pres, rest in pre_opts:
        if pres and len(rest) >= 2:
            out.append((pres, rest, []))
        fused = _FUSED.get(rest)
        if fused:
            out.append((pres + [(fused[0], fused[1])], fused[2], []))
        if any(f in ("ال", "س") for _, f in pres):
            continue  # no pronoun suffix after the article or future س
        for s in SUFFIXES:
            if rest.endswith(s):
                stem = rest[: -len(s)]
                if len(stem) >= 2 or (stem in _BARE_PREP and not pres):
                    out.append((pres, stem, [s]))
    return out


def _bin(x: float) -> int:
    return max(-4, min(4, int(math.floor(x / 1.5))))


def candidate_features(w: str, cand: Candidate, freq: Mapping[str, int]) -> list[tuple[str, float]]:
    """Features of one analysis: clitic pattern × stem/whole-word log counts, short-stem identity."""
    pres, stem, sufs = cand
    pf = "|".join(f for _, f in pres) or "-"
    sf = "|".join(sufs) or "-"
    fs = math.log1p(freq.get(stem, 0))
    fw = math.log1p(freq.get(w, 0))
    fal = math.log1p(freq.get("ال" + stem, 0))
    if pres and pres[-1][1] == "ال":
        fs = max(fs, fal)  # the counts are of whole words: a definite stem is counted with its article
    if sufs and stem.endswith("ت"):
        fs = max(fs, math.log1p(freq.get(stem[:-1] + "ه", 0)))
    n = min(len(stem), 7)
    feats: list[tuple[str, float]] = [
        (f"P={pf}", 1.0), (f"S={sf}", 1.0), (f"PS={pf}/{sf}", 1.0),
        (f"P={pf}|fs", fs), (f"P={pf}|fw", fw), (f"S={sf}|fs", fs), (f"S={sf}|fw", fw),
        (f"P={pf}|fal", fal),
        (f"P={pf}|d={_bin(fs - fw)}", 1.0), (f"S={sf}|d={_bin(fs - fw)}", 1.0),
        (f"P={pf}|fsb={_bin(fs)}", 1.0), (f"P={pf}|fwb={_bin(fw)}", 1.0),
        (f"S={sf}|fsb={_bin(fs)}", 1.0), (f"P={pf}|len={n}", 1.0), (f"S={sf}|len={n}", 1.0),
    ]
    if len(stem) <= 3:
        feats.append((f"st={stem}|P={pf}|S={sf}", 1.0))
    if pres:
        feats.append((f"P={pf}|c0={stem[:1]}", 1.0))
        feats.append((f"P={pf}|c01={stem[:2]}", 1.0))
    if sufs:
        feats.append((f"S={sf}|cl={stem[-1:]}", 1.0))
        feats.append((f"S={sf}|cl2={stem[-2:]}", 1.0))
    return feats


class Segmenter:
    """Segments normalised words into clitics; ``segment`` is cached per word type."""

    def __init__(self, lexicon: Mapping[str, int] | None = None, weights: Mapping[str, float] | None = None) -> None:
        self.lex: Mapping[str, int] = lexicon if lexicon is not None else load_wordfreq()
        self.weights: Mapping[str, float] = weights if weights is not None else load_model()
        self.segment = lru_cache(maxsize=400_000)(self._segment)

    def _freq(self, w: str) -> float:
        return math.log1p(self.lex.get(w, 0))

    def score(self, w: str, cand: Candidate) -> float:
        """The model's score of one analysis of ``w``."""
        get = self.weights.get
        return sum(get(k, 0.0) * v for k, v in candidate_features(w, cand, self.lex))

    def best(self, w: str) -> Candidate:
        """The highest-scoring analysis of ``w``."""
        cands = candidates(w)
        if not self.weights:
            return self._rule_best(w, cands)
        return max(cands, key=lambda c: self.score(w, c))

    def _segment(self, w: str) -> SegTuple:
        if len(w) < 2 or not w[0].isalpha():
            return ((0, len(w), "stem", w),)
        if not self.lex:
            return self._fallback(w)
        pres, stem, sufs = self.best(w)
        if sufs and stem.endswith("ت") and self._freq(stem[:-1] + "ه") > self._freq(stem):
            return self._spans(pres, stem, sufs, form=stem[:-1] + "ه")  # ادارت+ه → اداره (taa marbuta)
        return self._spans(pres, stem, sufs)

    def _stem_score(self, stem: str) -> float:
        if len(stem) < 2:
            return -1.0
        f = self._freq(stem)
        if not stem.startswith("ال"):
            f = max(f, self._freq("ال" + stem) - 0.5)
        return f

    def _rule_best(self, w: str, cands: list[Candidate]) -> Candidate:
        """Hand-set scorer used when no learned weights are shipped."""
        best: tuple[float, Candidate] = (self._freq(w) + 0.7, cands[0])
        for pres, stem, sufs in cands[1:]:
            score = self._stem_score(stem)
            if any(f == "ال" for _, f in pres):
                score = max(score, self._freq("ال" + stem)) + 0.01
            if pres and pres[0][1] in CONJ and score > 4.0:
                score += 3.0
            score -= 0.6 * sum(1 for _, f in pres if f in PREP or f == "س")
            if sufs:
                if len(stem) < 3:
                    continue
                score -= 0.8 * len(sufs)
                base = stem[:-1] + "ة" if stem.endswith("ت") else stem
                score = max(score, self._stem_score(norm_word(base)) - 0.8)
            if score > best[0]:
                best = (score, (pres, stem, sufs))
        return best[1]

    def _fallback(self, w: str) -> SegTuple:
        """Without a lexicon: split only the unambiguous ال / و+ال / ب+ال / لل forms."""
        for pres_len, pres in ((3, [("و", "و"), ("ال", "ال")]), (3, [("ف", "ف"), ("ال", "ال")]),
                               (3, [("ب", "ب"), ("ال", "ال")]), (3, [("ك", "ك"), ("ال", "ال")])):
            surf = "".join(s for s, _ in pres)
            if w.startswith(surf) and len(w) - pres_len >= 2:
                return self._spans(pres, w[pres_len:], [])
        if w.startswith("لل") and len(w) > 4:
            return self._spans([("ل", "ل"), ("ل", "ال")], w[2:], [])
        if w.startswith("ال") and len(w) > 3:
            return self._spans([("ال", "ال")], w[2:], [])
        return ((0, len(w), "stem", w),)

    @staticmethod
    def _spans(pres: Prefixes, stem: str, sufs: list[str], form: str | None = None) -> SegTuple:
        out: list[tuple[int, int, str, str]] = []
        i = 0
        for surf, pform in pres:
            out.append((i, i + len(surf), "prefix", pform))
            i += len(surf)
        out.append((i, i + len(stem), "stem", form or stem))
        i += len(stem)
        for s in sufs:
            out.append((i, i + len(s), "suffix", s))
            i += len(s)
        return tuple(out)
