"""Rule-based Arabic clitic segmentation, guided by a word-frequency lexicon.

Proclitics: conjunction و/ف, preposition or particle ب/ل/ك/س, article ال (with ل+ال → لل);
enclitic pronouns ه ها هم هما هن ك كم كما كن ي ني نا. A split is kept only when the stem
is a plausible word: the lexicon (word counts from raw news, ``khabar/data/wordfreq.tsv``)
decides between "وزير" (one word) and "وقال" (و + قال). Results are cached per word type.
"""

from __future__ import annotations

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

SegTuple = tuple[tuple[int, int, str, str], ...]  # (start, end, kind, form) in the normalised word


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


class Segmenter:
    """Segments normalised words into clitics; ``segment`` is cached per word type."""

    def __init__(self, lexicon: Mapping[str, int] | None = None) -> None:
        self.lex: Mapping[str, int] = lexicon if lexicon is not None else load_wordfreq()
        self.segment = lru_cache(maxsize=400_000)(self._segment)

    def _freq(self, w: str) -> float:
        return math.log1p(self.lex.get(w, 0))

    def _stem_score(self, stem: str) -> float:
        """How plausible ``stem`` is as a word: its own count, or its count with ال."""
        if len(stem) < 2:
            return -1.0
        f = self._freq(stem)
        if not stem.startswith("ال"):
            f = max(f, self._freq("ال" + stem) - 0.5)
        return f

    def _candidates(self, w: str) -> list[tuple[list[tuple[str, str]], str, list[str]]]:
        """Enumerate (prefixes as (surface, form), stem, suffixes) analyses of ``w``."""
        out: list[tuple[list[tuple[str, str]], str, list[str]]] = []
        pre_opts: list[tuple[list[tuple[str, str]], str]] = [([], w)]
        for c in CONJ:
            if w.startswith(c) and len(w) > 3:
                pre_opts.append(([(c, c)], w[1:]))
        more: list[tuple[list[tuple[str, str]], str]] = []
        for pres, rest in pre_opts:
            for p in PREP:
                if rest.startswith(p) and len(rest) > 3:
                    if p == "ل" and rest.startswith("لل") and len(rest) > 4:
                        more.append((pres + [("ل", "ل"), ("ل", "ال")], rest[2:]))
                    more.append((pres + [(p, p)], rest[1:]))
            if rest.startswith("س") and len(rest) > 3 and rest[1] in _IMPERFECT:
                more.append((pres + [("س", "س")], rest[1:]))
        pre_opts += more
        with_al: list[tuple[list[tuple[str, str]], str]] = []
        for pres, rest in pre_opts:
            if rest.startswith("ال") and len(rest) > 3 and not (pres and pres[-1][1] == "ال"):
                with_al.append((pres + [("ال", "ال")], rest[2:]))
        pre_opts += with_al
        for pres, rest in pre_opts:
            out.append((pres, rest, []))
            has_al = any(f == "ال" for _, f in pres)
            if has_al:
                continue  # no pronoun suffix after the article
            for s in SUFFIXES:
                if rest.endswith(s) and len(rest) - len(s) >= 2:
                    out.append((pres, rest[: -len(s)], [s]))
        return out

    def _segment(self, w: str) -> SegTuple:
        if len(w) < 3 or not self.lex:
            return self._fallback(w)
        whole = self._freq(w)
        best: tuple[float, list[tuple[str, str]], str, list[str]] = (whole + 0.7, [], w, [])
        for pres, stem, sufs in self._candidates(w):
            if not pres and not sufs:
                continue
            score = self._stem_score(stem)
            if any(f == "ال" for _, f in pres):
                score = max(score, self._freq("ال" + stem)) + 0.01  # prefer the split article
            if pres and pres[0][1] in CONJ and score > 4.0:
                score += 3.0  # و/ف attach to almost anything: a frequent stem wins over the whole word
            score -= 0.6 * sum(1 for _, f in pres if f in PREP or f == "س")
            if sufs:
                if len(stem) < 3:
                    continue
                score -= 0.8 * len(sufs)
                base = stem[:-1] + "ة" if stem.endswith("ت") else stem
                score = max(score, self._stem_score(norm_word(base)) - 0.8)
            if score > best[0]:
                best = (score, pres, stem, sufs)
        _, pres, stem, sufs = best
        if sufs and stem.endswith("ت") and self._freq(stem[:-1] + "ه") > self._freq(stem):
            return self._spans(pres, stem, sufs, form=stem[:-1] + "ه")  # ادارت+ه → اداره (taa marbuta)
        return self._spans(pres, stem, sufs)

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
    def _spans(pres: list[tuple[str, str]], stem: str, sufs: list[str], form: str | None = None) -> SegTuple:
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
