"""Inflection generation and clitic-stripping lookup for event and cue words.

A lexicon entry names a verb by its perfect and imperfect 3ms forms (``التقى/يلتقي``) or a
noun by its singular and plurals (``غارة/غارات``). ``verb_forms``/``noun_forms`` generate
the inflected, normalised surface forms once at load (perfect and imperfect conjugations,
jussive and subjunctive, duals, sound plurals, accusative alif); ``Analyzer.analyses`` then
strips proclitics (و ف ب ل ك س ال لل) and enclitic pronouns from a token's normalised form
and looks the remainder up in a dict, so matching costs a few hash lookups per word type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from khabar.text.normalize import norm_word

T = TypeVar("T")

_PERSON = ("ي", "ت", "ن")  # first-person singular أ- left out: rare in news, it mimics Form IV perfects
# Enclitic pronouns stripped for lookup. Second-person and first-singular forms are left out:
# news prose rarely uses them and they make function words look like verbs (هناك = هنا+ك).
_PRON = ("هما", "هم", "هن", "ها", "ني", "نا", "ه")
_WEAK = "يوا"


@dataclass(frozen=True, slots=True)
class Form:
    """Grammatical features of one generated surface form."""

    pos: str  # "V" | "N"
    tense: str = ""  # V: "perf" | "impf" | "juss" | "part"; N: ""
    number: str = "sg"  # "sg" | "du" | "pl"
    gender: str = ""  # verbs: "m" | "f" | "" (unknown)


@dataclass(frozen=True, slots=True)
class Analysis(Generic[T]):
    """One reading of a token: the matched item, its features and the clitics around it."""

    item: T
    form: Form
    prefixes: tuple[str, ...]
    suffix: str


def _add(out: dict[str, Form], w: str, f: Form) -> None:
    if len(w) >= 2 and w not in out:
        out[w] = f


def verb_forms(perfect: str, imperfect: str, participles: Iterable[str] = (), auto_participle: bool = False
               ) -> dict[str, Form]:
    """Normalised conjugations of a verb from its perfect and imperfect 3ms forms."""
    out: dict[str, Form] = {}
    for w in participles:  # listed participles of three-letter verbs: داعيا، محذرا
        w = norm_word(w)
        _add(out, w, Form("V", "part", "pl" if w.endswith(("ين", "ون")) else "sg"))
    p = norm_word(perfect)
    i = norm_word(imperfect) if imperfect and imperfect != "-" else ""
    sg, du, pl = Form("V", "perf", "sg"), Form("V", "perf", "du"), Form("V", "perf", "pl")
    sgm, sgf = Form("V", "perf", "sg", "m"), Form("V", "perf", "sg", "f")
    dum, duf, plm = Form("V", "perf", "du", "m"), Form("V", "perf", "du", "f"), Form("V", "perf", "pl", "m")
    if p in ("-", ""):  # no perfect forms (its 3ms collides with a common noun: حاكم "governor")
        pass
    elif p[-1] in "يا" and len(p) >= 3 and not perfect.endswith("أ"):  # defective: التقى/التقي، دعا (not بدأ)
        _add(out, p, sgm)
        b = p[:-1]
        _add(out, b + "ت", sgf)
        for w in (b + "يت", b + "وت"):
            _add(out, w, sg)
        for w in (p + "ا", b + "يا"):
            _add(out, w, dum)
        _add(out, b + "تا", duf)
        _add(out, b + "وا", plm)
        for w in (b + "ين", b + "ينا", b + "ونا", b + "يتم", b + "وتم", b + "يتما"):
            _add(out, w, pl)
    else:
        _add(out, p, sgm)
        _add(out, p + "ت", sgf)
        _add(out, p + "ا", dum)
        _add(out, p + "تا", duf)
        _add(out, p + "تما", du)
        _add(out, p + "وا", plm)
        for w in (p + "ن", p + "نا", p + "تم", p + "تن"):
            _add(out, w, pl)
        if len(p) == 2:  # doubled verb written with shadda: رد → رددت، شن → شننا
            d = p + p[-1]
            _add(out, d + "ت", sg)
            _add(out, d + "نا", pl)
            _add(out, d + "تم", pl)
        if len(p) == 3 and p[1] == "ا":  # hollow Form I: زار → زرت، قال → قلنا
            h = p[0] + p[2]
            _add(out, h + "ت", sg)
            _add(out, h + "نا", pl)
            _add(out, h + "تم", pl)
            _add(out, h + "ن", pl)
    if auto_participle and i.startswith(("ي", "ت")) and len(i) >= 3 and len(p) >= 4 and p != "-":
        # active participle of a derived verb used adverbially (حال): مطالبا، متهمة، مؤكدين
        core = i[1:]
        for w, num, g in ((core + "ا", "sg", "m"), (core + "ه", "sg", "f"), (core + "ين", "pl", "m")):
            _add(out, "م" + w, Form("V", "part", num, g))
    if i.startswith(("ي", "ت")) and len(i) >= 3:
        core = i[1:]
        for pre in _PERSON:
            g = {"ي": "m", "ت": "f"}.get(pre, "")
            impf_sg, impf_du = Form("V", "impf", "sg", g), Form("V", "impf", "du", g)
            impf_pl, juss_sg = Form("V", "impf", "pl", g), Form("V", "juss", "sg", g)
            _add(out, pre + core, impf_sg)
            if core[-1] in _WEAK and len(core) >= 3 and not imperfect.endswith(("أ", "ئ")):  # (not يبدأ، يهنئ)
                b = core[:-1]
                _add(out, pre + b, juss_sg)  # لم يلتق، لم يدع
                for w in (pre + b + "ون", pre + b + "وا", pre + b + "ين", pre + b + "وان"):
                    _add(out, w, impf_pl)
                for w in (pre + core + "ان", pre + core + "ا", pre + b + "يان", pre + b + "يا"):
                    _add(out, w, impf_du)
                _add(out, pre + core + "ن", impf_pl)
            else:
                if len(core) >= 3 and core[-2] in "وي":  # hollow: يزور → لم يزر
                    _add(out, pre + core[:-2] + core[-1], juss_sg)
                if len(core) >= 3 and core[-2] == "ا":  # hollow: ينال → لم ينل
                    _add(out, pre + core[:-2] + core[-1], juss_sg)
                for w in (pre + core + "ون", pre + core + "وا", pre + core + "ن", pre + core + "ين"):
                    _add(out, w, impf_pl)
                for w in (pre + core + "ان", pre + core + "ا"):
                    _add(out, w, impf_du)
    return out


def noun_forms(singular: str, plurals: Iterable[str] = ()) -> dict[str, Form]:
    """Normalised forms of a noun: singular, accusative alif, duals, listed and sound plurals."""
    out: dict[str, Form] = {}
    s = norm_word(singular)
    sg, du, pl = Form("N", "", "sg"), Form("N", "", "du"), Form("N", "", "pl")
    _add(out, s, sg)
    if s.endswith("ه"):  # taa marbuta (normalised): زياره، زيارتا، زيارتين
        b = s[:-1]
        _add(out, b + "ت", sg)  # construct before a pronoun: زيارت+ه
        for w in (b + "تان", b + "تين", b + "تا", b + "تي"):
            _add(out, w, du)
    else:
        _add(out, s + "ا", sg)  # indefinite accusative: اجتماعا
        for w in (s + "ان", s + "ين", s + "ا"):
            _add(out, w, du)
        _add(out, s + "ي", du)
    for p in plurals:
        p = norm_word(p)
        if not p or p == "-":
            continue
        _add(out, p, pl)
        if p.endswith("ه"):
            _add(out, p[:-1] + "ت", pl)
        elif not p.endswith("ات"):
            _add(out, p + "ا", pl)
    return out


class Analyzer(Generic[T]):
    """Maps normalised surface forms to items; analyses tokens with clitics (cached per form)."""

    def __init__(self) -> None:
        self.index: dict[str, list[tuple[T, Form]]] = {}
        self.analyses = lru_cache(maxsize=200_000)(self._analyses)
        # readings that also allow و/ف + a short verb + ه (وحثه، ودعاه): only for words the caller
        # knows were not written with ة (the normalised form cannot tell وزاره from وزارة)
        self.analyses_h = lru_cache(maxsize=50_000)(self._analyses_h)

    def add(self, forms: dict[str, Form], item: T) -> None:
        for w, f in forms.items():
            self.index.setdefault(w, []).append((item, f))
        self.analyses.cache_clear()
        self.analyses_h.cache_clear()

    def _lookup(self, stem: str, pres: tuple[str, ...], suf: str, out: list[Analysis[T]]) -> None:
        hits = self.index.get(stem)
        if not hits and suf and stem.endswith("ت"):
            hits = self.index.get(stem[:-1] + "ه")
        if not hits:
            return
        noun_only = any(p in ("ال", "ب", "ك") for p in pres)
        verb_only = "س" in pres
        for item, f in hits:
            if noun_only and f.pos != "N":
                continue
            if verb_only and not (f.pos == "V" and f.tense == "impf"):
                continue
            if "ال" in pres and suf:
                continue
            if "ل" in pres and f.pos == "V" and f.tense == "perf":
                continue
            out.append(Analysis(item, f, pres, suf))

    def _analyses_h(self, w: str) -> tuple[Analysis[T], ...]:
        return self._analyses(w, True)

    def _analyses(self, w: str, pronoun_h: bool = False) -> tuple[Analysis[T], ...]:
        """All readings of ``w``; those stripping the fewest characters come first."""
        found: list[tuple[int, Analysis[T]]] = []
        for pres, rest in _prefix_splits(w):
            strip = sum(len(p) for p in pres)
            for stem, suf in _suffix_splits(rest):
                if len(stem) < 2:
                    continue
                # و+زار+ه for وزارة: a short stem between two clitics is too weak, except a verb with
                # an object pronoun that ة cannot be (وحثها، ودعاهم), or ه where the caller knows
                # the word was not written with ة (``analyses_h``: وحثه)
                weak = bool(suf and pres and len(stem) <= 3 and pres[0] in "وف")
                if weak and suf not in ("ها", "هم", "هما", "هن") and not (pronoun_h and suf == "ه"):
                    continue
                tmp: list[Analysis[T]] = []
                self._lookup(stem, pres, suf, tmp)
                if weak:
                    tmp = [a for a in tmp if a.form.pos == "V" and a.form.tense in ("perf", "impf")]
                found.extend((strip + len(suf), a) for a in tmp)
        found.sort(key=lambda x: x[0])
        return tuple(a for _, a in found)


def _suffix_splits(w: str) -> list[tuple[str, str]]:
    out = [(w, "")]
    for s in _PRON:
        if w.endswith(s) and len(w) - len(s) >= 2:
            out.append((w[: -len(s)], s))
    return out


@lru_cache(maxsize=100_000)
def _prefix_splits(w: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(proclitics, rest) readings of a normalised word: و/ف, then ب/ل/ك/س, then ال."""
    out: list[tuple[tuple[str, ...], str]] = [((), w)]
    if len(w) > 3 and w[0] in "وف":
        out.append(((w[0],), w[1:]))
    more: list[tuple[tuple[str, ...], str]] = []
    for pres, rest in out:
        if len(rest) > 3:
            if rest.startswith("لل") and len(rest) > 4:
                more.append((pres + ("ل", "ال"), rest[2:]))
            if rest[0] in "بلك":
                more.append((pres + (rest[0],), rest[1:]))
            if rest[0] == "س" and rest[1] in _PERSON + ("ا",):
                more.append((pres + ("س",), rest[1:]))
    out += more
    arts: list[tuple[tuple[str, ...], str]] = []
    for pres, rest in out:
        if rest.startswith("ال") and len(rest) > 3 and "ال" not in pres and "س" not in pres:
            arts.append((pres + ("ال",), rest[2:]))
    out += arts
    return tuple(out)
