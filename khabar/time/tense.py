"""Which way a clause points in time, from its words: "past" (perfect verbs, لم، كان، قد),
"future" (سـ + imperfect, سوف، لن، من المقرر، يعتزم، imperfect verbs) or None.

A time expression takes the tense of the nearest cue in its own clause (clauses end at
punctuation and at complementisers such as أن/إن, so "قال إنه سيزور … الأحد" points forward
while "زار … الأحد" points back); a verb before the expression counts a little more than one
after it, because Arabic news is mostly verb-first. Verb forms come from
``data/verb_aspect.tsv`` (UD Arabic-PADT aspects, see training/build_time_verbs.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from khabar.doc import Token

_BOUNDARY = frozenset({"،", ",", "؛", ";", ":", "«", "»", "\"", "“", "”", "(", ")", ".", "؟", "?", "!", "-", "–"})
_COMPLEMENTISERS = frozenset({"ان", "بان", "لان", "انه", "انها", "انهم", "بانه", "بانها", "حيث", "بينما", "لكن",
                              "ولكن", "عندما", "حين", "حينما", "بعدما", "فيما", "كما", "الذي", "التي", "الذين",
                              "اذ", "اذا", "لو", "كي", "لكي", "حتي"})
# strong cues: (word or two-word phrase) → tense
_STRONG: dict[str, str] = {
    "سوف": "future", "لن": "future", "سيتم": "future", "ستتم": "future", "يعتزم": "future", "تعتزم": "future",
    "يعتزمون": "future", "ينوي": "future", "تنوي": "future", "يزمع": "future", "تزمع": "future",
    "يخطط": "future", "تخطط": "future", "يرتقب": "future", "يرتقب ان": "future", "المرتقب": "future",
    "المرتقبه": "future", "المزمع": "future", "المزمعه": "future", "المقرر": "future", "المنتظر": "future",
    "المتوقع": "future", "مرتقب": "future", "مرتقبه": "future", "مقرر": "future", "مقرره": "future",
    "لم": "past", "لما": "past", "كان": "past", "كانت": "past", "كانوا": "past", "قد": "past", "سبق": "past",
    "سبق ان": "past", "منذ": "past", "تم": "past", "جري": "past", "جرت": "past", "اعلن": "past", "اعلنت": "past",
    "سابق": "past",
}
_FUTURE_PREFIX_OK = frozenset("يتنا")


@lru_cache(maxsize=1)
def verb_aspects() -> dict[str, str]:
    """Normalised verb form → "past" | "future" (non-past read as forward-looking in news)."""
    out: dict[str, str] = {}
    text = resources.files("khabar.time.data").joinpath("verb_aspect.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        form, asp = line.split("\t")[:2]
        out[form] = "past" if asp == "PAST" else "future"
    return out


@lru_cache(maxsize=200_000)
def word_cue(norm: str, stem: str, has_sin: bool) -> tuple[str, float] | None:
    """The tense a single word signals and how strongly (2 strong, 1 verb, 0.6 imperfect)."""
    if norm in _STRONG:
        return _STRONG[norm], 2.0
    bare = norm[1:] if norm[:1] in "وف" and len(norm) >= 3 else norm
    if bare in _STRONG:
        return _STRONG[bare], 2.0
    if has_sin or (bare.startswith("س") and len(bare) > 3 and bare[1] in _FUTURE_PREFIX_OK
                   and verb_aspects().get(bare[1:]) == "future"):
        return "future", 2.0
    asp = verb_aspects()
    for form in (norm, bare, stem):
        a = asp.get(form)
        if a == "past":
            return "past", 1.0
        if a == "future":
            return "future", 0.6
    return None


def _clause_bounds(tokens: Sequence[Token], lo: int, hi: int) -> tuple[int, int]:
    """Indices [a, b) of the clause around tokens[lo:hi]."""
    a = lo
    while a > 0 and tokens[a - 1].norm not in _BOUNDARY and tokens[a].norm not in _COMPLEMENTISERS:
        a -= 1
    b = hi
    while b < len(tokens) and tokens[b].norm not in _BOUNDARY and tokens[b].norm not in _COMPLEMENTISERS:
        b += 1
    return a, b


_KAANA = frozenset({"كان", "كانت", "كانوا", "كانا", "وكان", "وكانت", "وكانوا", "فكان", "فكانت"})


_SUBJ_PARTICLES = frozenset({"ان", "لن", "كي", "لكي", "علي ان", "بان", "لان"})


def _cue_at(tokens: Sequence[Token], idx: int) -> tuple[str, float] | None:
    """The cue of tokens[idx], with the context rules: an imperfect verb after أن/لن/كي is a
    forward-looking subjunctive (على أن يدخل حيز التنفيذ الاثنين); after لـ of purpose
    (لتتجاوز) it says nothing about when."""
    t = tokens[idx]
    # stem and prefixes are read only for segmented words (the properties build tuples)
    cue = word_cue(t.norm, t.stem, "س" in t.prefixes) if t.rsegs else word_cue(t.norm, t.norm, False)
    prev = tokens[idx - 1].norm if idx > 0 else ""
    w = t.norm
    imperfect_shape = len(w) >= 4 and w[0] in "يتن" and not w.startswith("ال")
    if prev in _SUBJ_PARTICLES and (imperfect_shape or cue is not None and cue[0] == "future"):
        return "future", 1.5
    if cue is not None and cue[0] == "future" and cue[1] < 1.0 and w[:1] == "ل":
        return None
    return cue


def clause_tense(tokens: Sequence[Token], lo: int, hi: int, min_strength: float = 0.0) -> str | None:
    """Tense for the expression covering tokens[lo:hi] of one sentence. ``min_strength`` 1.0 ignores
    bare imperfect verbs (a weak forward cue), as for holidays and months.

    In the clause: the nearest strong cue (سـ، سوف، لن، من المقرر، لم، كان…), else the nearest verb,
    where a bare imperfect counts only before the expression (an imperfect after it is usually a
    relative clause: "محادثات تهدف إلى…"). Then the sentence to the left, and to the right up to an
    embedded clause (أن …), whose verbs say what was said, not when it was said."""
    if lo == 0 and hi == len(tokens):
        return None  # the expression is the whole sentence: no word to read a tense from
    a, b = _clause_bounds(tokens, lo, hi)
    # كان before the expression, in the same stretch between punctuation, sets a past perspective:
    # "كانت مقررة في فبراير", "كان من المنتظر أن يزور ليبيا في فيفري" look back
    p = lo
    while p > 0 and tokens[p - 1].norm not in _BOUNDARY:
        p -= 1
    for k in range(p, lo):
        if tokens[k].norm in _KAANA:
            return "past"
    right = hi
    while right < len(tokens) and tokens[right].norm not in _COMPLEMENTISERS:
        right += 1
    for scope, outer in (((a, b), False), ((0, right), True)):
        best: tuple[float, str] | None = None
        for idx in range(scope[0], scope[1]):
            if lo <= idx < hi:
                continue
            cue = _cue_at(tokens, idx)
            if cue is None:
                continue
            tense, strength = cue
            if strength < min_strength:
                continue
            if strength < 1.0 and (idx > lo or outer):
                continue  # a bare imperfect counts only before the expression, in its clause
            dist = lo - idx if idx < lo else (idx - hi + 1) * 1.5
            score = strength / (1.0 + 0.25 * dist)
            if best is None or score > best[0]:
                best = (score, tense)
        if best is not None:
            return best[1]
    return None
