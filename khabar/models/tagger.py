"""POS tagging (UD v2 UPOS) and lemmas for unvocalised text, trained on PADT.

A linear-chain CRF tags each token with the UPOS of its stem (``Token.pos``); the clitics
around it get their tags from a table learned on PADT (``segment_tags``: و → CCONJ, ب → ADP,
pronoun suffixes → PRON …). Lemmas come from a PADT table keyed by (stem, UPOS), written
without diacritics (``تزور`` → ``زار``); unseen stems keep their own spelling. Features are
cached per token type, so tagging costs list concatenations plus CRFsuite's Viterbi.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from khabar.doc import Doc, Token
from khabar.models import resources as R
from khabar.models.codes import CodeBook, Encoded
from khabar.text.normalize import DIACRITICS

_PERSON = ("ي", "ت", "ن", "ا")  # imperfect person prefixes (أ folds to ا)
_TANWEEN = ("\u064b", "\u064b\u0651", "\u0651\u064b")
_UNMARKED = {ord(c): None for c in DIACRITICS + "\u0640"}  # str.translate: drop harakat and tatweel
_PUNCT = set("!\"#%&'()*+,-./:;<=>?@[\\]^_`{|}~«»،؛؟…–—“”‘’")


def _shape(t: Token) -> str:
    c = t.text[0]
    if c.isdigit():
        return "num"
    if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufefc":
        return "ar"
    if c.isascii() and c.isalpha():
        return "lat"
    return "punct" if c in _PUNCT or not c.isalnum() else "other"


def _ratio(x: int, base: int) -> int:
    """0 (never), 1 (under a tenth of ``base``), 2 (under ``base``), 3 (at least ``base``)."""
    return 0 if x == 0 else 1 if 10 * x < base else 2 if x < base else 3


class TaggerFeaturizer:
    """Token features for the POS CRF (stem, clitics, stem affixes, clusters, two-token window)."""

    def __init__(self, wordfreq: Mapping[str, int]) -> None:
        self.freq = wordfreq
        self.clusters = R.clusters()
        self.gaz = R.gazetteer()
        self._cache: dict[str, tuple[list[str], list[str], list[str], list[str], list[str]]] = {}
        self.cache_lists = True
        # stem → its own attributes, one table for Arabic-shaped tokens and one for the rest
        self._stems: tuple[dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]], ...] = ({}, {})

    def word_features(self, t: Token) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
        """Attribute lists of a token type seen from offsets -2..+2 (for training; cached)."""
        hit = self._cache.get(t.text)
        if hit is not None:
            return hit
        full, near, far = self.lists(t)
        out = (["-2:" + f for f in far], ["-1:" + f for f in near], full,
               ["+1:" + f for f in near], ["+2:" + f for f in far])
        if self.cache_lists:
            if len(self._cache) > 300_000:
                self._cache.clear()
            self._cache[t.text] = out
        return out

    def full_features(self, t: Token) -> list[str]:
        """All of a token type's own attributes (the decoder knows which count at which offset)."""
        return self.lists(t)[0]

    def lists(self, t: Token) -> tuple[list[str], list[str], list[str]]:
        """(attributes of the token itself, those its neighbours see, those two tokens away see)."""
        stem = t.stem
        prefixes = t.prefixes
        norm = t.norm
        pre = "+".join(prefixes)
        suf = "+".join(t.suffixes)
        shape = _shape(t)
        cl = self.clusters.get
        c = cl(norm) or cl(stem) or cl("ال" + stem)
        near = [f"s={stem}", f"pre={pre}", f"suf={suf}", f"sh={shape}"]
        if c:
            near += [f"c1={c[1]}", f"c2={c[2]}"]
        n = self.freq.get(norm, 0)
        affixes, pattern, dist = self._stem_parts(stem, shape == "ar")
        full = near + [f"w={norm}"]
        full += affixes
        full.append(f"fq={0 if n == 0 else 1 if n < 20 else 2 if n < 1000 else 3}")
        if c:
            full.append(f"c0={c[0]}")
        full += pattern
        if t.text.endswith(_TANWEEN):  # ـاً written out: an accusative indefinite (حالياً، جداً، عاماً)
            full.append("tw")
        if (("ال" + stem if "ال" in prefixes else stem) if t.rsegs else norm) in self.gaz:  # R.name_key
            full.append("gaz")
        full += dist
        far = [f"s={stem}", f"pre={pre}"] + ([f"c1={c[1]}"] if c else [])
        return full, near, far

    def _stem_parts(self, stem: str, arabic: bool) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The attributes that depend on the stem alone (its affixes; for Arabic, pattern, character
        trigrams and ``distribution``), built once per stem: وقال، فقال and قال share them. Tuples, so
        the cyclic garbage collector stops scanning them."""
        cache = self._stems[arabic]
        hit = cache.get(stem)
        if hit is None:
            hit = self.stem_strings(stem, arabic)
            if len(cache) > 300_000:
                cache.clear()
            cache[stem] = hit
        return hit

    def stem_strings(self, stem: str, arabic: bool) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """``_stem_parts`` computed (not cached): (affixes, pattern and trigrams, distribution)."""
        affixes = (f"s1={stem[-1:]}", f"s2={stem[-2:]}", f"s3={stem[-3:]}", f"p1={stem[:1]}",
                   f"p2={stem[:2]}", f"p3={stem[:3]}", f"len={min(len(stem), 8)}")
        pattern: tuple[str, ...] = ()
        if arabic and len(stem) >= 4:
            padded = f"^{stem}$"
            pattern = (f"pat={stem[0]}_{stem[-2:]}", *[f"c3={padded[j:j + 3]}" for j in range(len(padded) - 2)])
        return affixes, pattern, tuple(self.distribution(stem)) if arabic else ()

    def distribution(self, stem: str) -> list[str]:
        """How the stem combines in raw news: with ال, pronoun suffixes, plural endings, verb prefixes.

        Names (ترامب، أوباما) never take them, verbs take ي/ت but not ال, nouns and adjectives
        take ال and plurals: evidence for the unseen words of a small treebank."""
        ratios = self.distribution_ratios(stem)
        return ["d=rare"] if ratios is None else [f"d{k}={x}" for k, x in enumerate(ratios)]

    def distribution_ratios(self, stem: str) -> list[int] | None:
        """``distribution`` as numbers: None for a rare stem, else the buckets of d0, d1 … in order."""
        counted = self.distribution_counts(stem)
        return None if counted is None else [_ratio(x, counted[0]) for x in counted[1]]

    def distribution_counts(self, stem: str) -> tuple[int, list[int]] | None:
        """The counts ``distribution_ratios`` buckets: None for a rare stem, else (the bare stem's count,
        the counts behind d0, d1 … in order)."""
        g = self.freq.get
        bare = g(stem, 0)
        definite = g("ال" + stem, 0)
        if bare + definite < 5:
            return None
        counts = [definite, g(stem + "ها", 0) + g(stem + "هم", 0), g("ي" + stem, 0) + g("ت" + stem, 0),
                  g(stem + "ات", 0) + g(stem + "ين", 0) + g(stem + "ون", 0), g(stem + "ه", 0)]
        if stem[:1] in _PERSON and len(stem) >= 4:
            # an imperfect verb's other persons (نعتقد → يعتقد، تعتقد) and its future (سنعتقد)
            rest = stem[1:]
            counts += (sum([g(p + rest, 0) for p in _PERSON if p != stem[0]]), g("س" + stem, 0))
        return bare, counts

    def sentence(self, toks: Sequence[Token]) -> list[list[str]]:
        wf = [self.word_features(t) for t in toks]
        n = len(toks)
        out = []
        for i in range(n):
            f = wf[i][2] + (wf[i - 1][1] if i >= 1 else ["BOS"])
            if i >= 2:
                f = f + wf[i - 2][0]
            f = f + (wf[i + 1][3] if i + 1 < n else ["EOS"])
            if i + 2 < n:
                f = f + wf[i + 2][4]
            out.append(f)
        return out


class TaggerCoder:
    """``TaggerFeaturizer.lists`` as integer codes of a ``CodeBook`` (``khabar.models.codes``): a
    token type's own attributes in the same order, how many the neighbours see (``near`` is a
    prefix of ``full``) and those two tokens away see. Values are looked up by kind, not formatted
    into strings; what depends on the stem alone is encoded once per stem. ``tests/test_models.py``
    checks it against ``lists``: a feature added there must be added here."""

    def __init__(self, feats: TaggerFeaturizer, book: CodeBook) -> None:
        self.feats = feats
        self.book = book
        self.clusters = feats.clusters.get
        k = book.kind
        self.s, self.pre, self.suf, self.sh, self.w = k("s"), k("pre"), k("suf"), k("sh"), k("w")
        self.c0, self.c1, self.c2 = k("c0"), k("c1"), k("c2")
        self.fq = [k("fq").get(str(i), 0) for i in range(4)]
        self.tw, self.gaz = book.code.get("tw", 0), book.code.get("gaz", 0)
        self.affix_kinds = [k(x) for x in ("s1", "s2", "s3", "p1", "p2", "p3")]
        self.length = [k("len").get(str(i), 0) for i in range(9)]
        self.pat, self.c3 = k("pat"), k("c3")
        self.rare = book.code.get("d=rare", 0)
        self.dist = [[k(f"d{i}").get(str(x), 0) for x in range(4)] for i in range(7)]
        # (stem, arabic) → (code of s=stem, affixes, pattern and trigrams, distribution)
        self._stems: tuple[dict[str, tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...]]], ...] = ({}, {})

    def _stem(self, stem: str, arabic: bool) -> tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        cache = self._stems[arabic]
        hit = cache.get(stem)
        if hit is None:  # TaggerFeaturizer.stem_strings, by kind
            s1, s2, s3, p1, p2, p3 = self.affix_kinds
            affixes = (s1.get(stem[-1:], 0), s2.get(stem[-2:], 0), s3.get(stem[-3:], 0), p1.get(stem[:1], 0),
                       p2.get(stem[:2], 0), p3.get(stem[:3], 0), self.length[min(len(stem), 8)])
            pattern: tuple[int, ...] = ()
            dist: tuple[int, ...] = ()
            if arabic:
                if len(stem) >= 4:
                    padded = f"^{stem}$"
                    c3 = self.c3.get
                    pattern = (self.pat.get(f"{stem[0]}_{stem[-2:]}", 0),
                               *[c3(padded[j:j + 3], 0) for j in range(len(padded) - 2)])
                dist = self._distribution(stem)
            hit = (self.s.get(stem, 0), affixes, pattern, dist)
            if len(cache) > 300_000:
                cache.clear()
            cache[stem] = hit
        return hit

    def _distribution(self, stem: str) -> tuple[int, ...]:
        """``TaggerFeaturizer.distribution`` of an Arabic stem as codes (the buckets of ``_ratio`` inlined)."""
        counted = self.feats.distribution_counts(stem)
        if counted is None:
            return (self.rare,)
        bare, counts = counted
        return tuple([codes[0 if x == 0 else 1 if 10 * x < bare else 2 if x < bare else 3]
                      for codes, x in zip(self.dist, counts, strict=False)])

    def __call__(self, t: Token) -> Encoded:
        f = self.feats
        norm = t.norm
        stem, pre, suf, definite = R.clitic_parts(t)  # (the norm and no clitics for an unsegmented token)
        key = "ال" + stem if definite else stem  # R.name_key
        shape = _shape(t)
        arabic = shape == "ar"
        hit = self._stems[arabic].get(stem)
        s_code, affixes, pattern, dist = self._stem(stem, arabic) if hit is None else hit
        cl = self.clusters
        c = cl(norm) or cl(stem) or cl("ال" + stem)
        p_code = self.pre.get(pre, 0)
        full = [s_code, p_code, self.suf.get(suf, 0), self.sh.get(shape, 0)]
        if c:
            c1 = self.c1.get(c[1], 0)
            full += (c1, self.c2.get(c[2], 0))
            far: tuple[int, ...] = (s_code, p_code, c1)  # tuples: the collector stops tracking them
        else:
            far = (s_code, p_code)
        n_near = len(full)
        full.append(self.w.get(norm, 0))
        full += affixes
        n = f.freq.get(norm, 0)
        full.append(self.fq[0 if n == 0 else 1 if n < 20 else 2 if n < 1000 else 3])
        if c:
            full.append(self.c0.get(c[0], 0))
        full += pattern
        if t.text.endswith(_TANWEEN):
            full.append(self.tw)
        if key in f.gaz:
            full.append(self.gaz)
        full += dist
        return full, n_near, far


def _tables() -> tuple[dict[tuple[str, str], str], dict[str, str], dict[tuple[str, str], str]]:
    lemmas: dict[tuple[str, str], str] = {}
    any_lemma: dict[str, str] = {}
    clitic_tags: dict[tuple[str, str], str] = {}
    for p in R._lines("tagger_lexicon.tsv"):
        if p[0] == "lemma" and len(p) == 4:
            lemmas[(p[1], p[2])] = p[3]
            any_lemma.setdefault(p[1], p[3])
        elif p[0] == "clitic" and len(p) == 4:
            clitic_tags[(p[1], p[2])] = p[3]
    return lemmas, any_lemma, clitic_tags


_CLITIC_DEFAULT = {"و": "CCONJ", "ف": "CCONJ", "ب": "ADP", "ل": "ADP", "ك": "ADP", "س": "PART", "من": "ADP", "عن": "ADP"}
_TABLES: tuple[dict[tuple[str, str], str], dict[str, str], dict[tuple[str, str], str]] | None = None


def clitic_tag(form: str, kind: str, stem_pos: str) -> str:
    """UPOS of a clitic segment given the stem's tag (learned table, then defaults)."""
    global _TABLES
    if _TABLES is None:
        _TABLES = _tables()
    if kind == "suffix":
        return "PRON"
    if form == "ال":
        return stem_pos
    return _TABLES[2].get((form, stem_pos)) or _CLITIC_DEFAULT.get(form, "PART")


def segment_tags(tok: Token) -> list[str]:
    """UPOS of each of a token's segments (the token's own tag when unsegmented)."""
    pos = tok.pos or "X"
    if not tok.segments:
        return [pos]
    return [pos if s.kind == "stem" else clitic_tag(s.form, s.kind, pos) for s in tok.segments]


class TaggerStage:
    """Fills ``Token.pos`` (UPOS of the stem) and ``Token.lemma`` (unvocalised)."""

    name = "tagger@1"
    requires: tuple[str, ...] = ("tokens",)
    provides: tuple[str, ...] = ("pos", "lemma")

    def __init__(self, model: Any = None, featurizer: TaggerFeaturizer | None = None) -> None:
        from khabar.models.crf import LinearCRF, WindowTagger
        from khabar.text.stage import default_segmenter

        meta = R.read_json("tagger.json")
        self.model_version = str(meta.get("version", "1"))
        self.feats = featurizer or TaggerFeaturizer(default_segmenter().lex)
        self.feats.cache_lists = False
        self.lemmas, self.any_lemma, _ = _tables()
        if model is None:
            from khabar.errors import KhabarError

            model = R.data_path("tagger.npz")
            if not model.is_file():
                raise KhabarError("K011", "tagger model khabar/models/data/tagger.npz is missing")
        self.decoder = WindowTagger(LinearCRF(model), self.feats.full_features)
        book = CodeBook([self.decoder.crf.index])
        self.decoder.use_codes(TaggerCoder(self.feats, book), book)
        self._lemma_cache: dict[tuple[str, str], str] = {}

    def lemma(self, t: Token, pos: str) -> str:
        key = (t.text, pos)
        hit = self._lemma_cache.get(key)
        if hit is not None:
            return hit
        stem = t.stem
        lem = self.lemmas.get((stem, pos)) or self.any_lemma.get(stem)
        if lem is None:
            seg = next((s for s in t.rsegs if s.kind == "stem"), None)  # offsets relative to the token
            surf = t.text if seg is None else t.text[seg.start: seg.end]
            lem = surf.translate(_UNMARKED)  # strip_diacritics(surf) without tatweel
            if t.suffixes and lem.endswith("ت") and stem.endswith("ه"):
                lem = lem[:-1] + "ة"
        if len(self._lemma_cache) > 300_000:
            self._lemma_cache.clear()
        self._lemma_cache[key] = lem
        return lem

    def __call__(self, doc: Doc) -> Doc:
        sents = [doc.sentence_tokens(si) for si in range(len(doc.sentences))]
        sents = [s for s in sents if s]
        cache = self._lemma_cache
        for toks, tags in zip(sents, self.decoder.tag_many(sents), strict=True):
            for t, pos in zip(toks, tags, strict=True):
                t.pos = pos
                t.lemma = cache.get((t.text, pos)) or self.lemma(t, pos)
        doc.provided.update(self.provides)
        return doc
