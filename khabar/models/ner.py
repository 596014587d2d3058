"""Named-entity recognition: a linear-chain CRF over clitic-segmented tokens, plus a NORP layer.

Features (``NERFeaturizer``) use the clitic-stripped stem and its affixes, word clusters from
word2vec on raw news, gazetteers (CLDR/GeoNames/iso-codes names and the names seen in ANERcorp
train), the tagger's POS, and a window of two tokens each side. Decoding (``khabar.models.crf``)
scores each token type once and caches it, so tagging costs array additions plus a batched
Viterbi. Entity spans leave out a leading clitic (و/ب/ل…): ``وواشنطن`` → ``واشنطن``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from khabar.doc import Doc, Entity, Token
from khabar.models import resources as R
from khabar.models.codes import CodeBook, Encoded
from khabar.models.latin import latin_names

LABEL_MAP = {"PERS": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}
# first-word stems of geographic (non-political) places: LOC rather than GPE
GEO_HEADS = frozenset(("بحر", "نهر", "جبل", "جبال", "خليج", "محيط", "صحراء", "واد", "وادي", "قناه",
                       "مضيق", "بحيره", "هضبه", "سهل", "جزر", "شبه", "ساحل", "بحار"))
NISBA_ENDINGS = ("", "ه", "ون", "ين", "ان", "تان", "تين", "ات")
MAX_GAZ = 5
QUOTES = {"«": "»", '"': '"', "“": "”"}
MAX_TITLE = 6  # tokens inside the quotes of a work's or outlet's title


def _shape(t: Token) -> str:
    c = t.text[0]
    if c.isdigit():
        return "num"
    if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufefc":
        return "ar"
    if c.isascii() and c.isalpha():
        return "lat_cap" if c.isupper() else "lat"
    return "punct" if not c.isalnum() else "other"


FREQ_EDGES = (1, 5, 50, 500, 5000)  # frequency bins 0-5: unseen, 1-4, 5-49, 50-499, 500-4999, more


def _freq_bin(n: int) -> str:
    """The frequency bin of a count, as the feature string's suffix."""
    return str(bisect_right(FREQ_EDGES, n))


class NERFeaturizer:
    """Token features for the NER CRF; ``lexicon`` maps name keys to the tags seen in training."""

    def __init__(self, wordfreq: Mapping[str, int], lexicon: Mapping[str, str] | None = None,
                 names: Mapping[str, str] | None = None, news: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.freq = wordfreq
        self.news: Mapping[str, tuple[str, ...]] = news if news is not None else R.news_names()
        self.nisba = R.nisba()
        self.clusters = R.clusters()
        self.gaz = R.gazetteer()
        self.actors = R.actor_names()  # people and organisations of the actor dictionary
        # first words of the dictionary's multiword person names (باراك، جورج): a first-name list
        self._person_first = frozenset(k.split(" ", 1)[0] for k, v in self.actors.items() if " " in k and "PERS" in v)
        self.lexicon: Mapping[str, str] = lexicon or {}
        self.names: Mapping[str, str] = names or {}  # multiword names seen in training → label
        self._cache: dict[str, tuple[list[str], ...]] = {}
        # stem → its own attributes (see _stem_parts)
        self._stems: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self.char_ngrams = True
        self._keys: dict[str, str] = {}
        self.use_pos = True  # tagger output as features (the tagger runs first)
        self._gaz_first = frozenset(k.split(" ", 1)[0] for k in self.gaz if " " in k)
        self._actors_first = frozenset(k.split(" ", 1)[0] for k in self.actors if " " in k)
        self._names_first = frozenset(k.split(" ", 1)[0] for k in self.names if " " in k)
        self._any_first = self._gaz_first | self._actors_first | self._names_first
        # each table's multiword names cut before any of their spaces (سيريل in سيريل رامافوزا): a match
        # of m ≥ 2 keys starts with the first two keys and a space, so a start whose two keys are in no
        # head is skipped without trying every length
        self._gaz_heads, self._names_heads, self._actors_heads = (
            frozenset(k[:j] for k in table if " " in k for j in range(k.index(" ") + 1, len(k) + 1)
                      if j == len(k) or k[j] == " ") for table in (self.gaz, self.names, self.actors))
        self._pos_marks: dict[tuple[str, str], tuple[str, str]] = {}  # (previous, this UPOS) → their marks
        self._pos_keys: dict[str, dict[str, str]] = {}  # previous → this UPOS → their marks joined (mark_keys)
        self.cache_lists = True

    def word_features(self, t: Token) -> tuple[list[str], ...]:
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
        key = ("ال" + stem if "ال" in prefixes else stem) if t.rsegs else norm  # R.name_key
        shape = _shape(t)
        pre = "+".join(prefixes)
        base = [f"w={norm}", f"k={key}", f"sh={shape}"]
        cl = self.clusters.get
        cw = cl(norm)
        ck = cl(key) or cl(stem) or (cl("ال" + stem) if not key.startswith("ال") else None)
        if cw:
            base += [f"cw1={cw[1]}", f"cw2={cw[2]}"]
        if ck:
            base += [f"ck0={ck[0]}", f"ck1={ck[1]}", f"ck2={ck[2]}"]
        else:
            base.append("ck=none")
        lex = self.lexicon.get(key)
        if lex:
            base.append(f"lex={lex}")
        news = self.news.get(key)
        if news:
            base += [f"nw={x}" for x in news]
        if _nisba_of(norm, stem, self.nisba):
            base.append("nisba")
        full = base + [f"pre={pre}", f"suf={'+'.join(t.suffixes)}", f"fq={_freq_bin(self.freq.get(key, 0))}"]
        sized, affixes, trigrams = self._stem_parts(stem)
        full += sized
        if shape == "ar":
            full += affixes
            if "ال" in prefixes:
                full.append("def")
            if self.char_ngrams:
                full += trigrams
        gaz = self.gaz.get(key)
        if gaz is not None:
            full += [f"g1={lab}" for lab in gaz]
        actors = self.actors.get(key)
        if actors is not None:
            full += [f"a1={lab}" for lab in actors]
        if key in self._person_first:
            full.append("a1=first")
        near = base + [f"pre={pre}"]
        far = [f"k={key}"] + ([f"ck1={ck[1]}"] if ck else [])
        return full, near, far

    def _stem_parts(self, stem: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The attributes that depend on the stem alone (frequency and length; the affixes and
        character trigrams an Arabic token adds), built once per stem: وقال، فقال and قال share them.
        Tuples, so the cyclic garbage collector stops scanning them."""
        hit = self._stems.get(stem)
        if hit is None:
            hit = self.stem_strings(stem)
            if len(self._stems) > 300_000:
                self._stems.clear()
            self._stems[stem] = hit
        return hit

    def stem_strings(self, s: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """``_stem_parts`` computed (not cached): (frequency and length, affixes, character trigrams)."""
        padded = f"^{s}$"
        return ((f"fqs={_freq_bin(self.freq.get(s, 0))}", f"len={min(len(s), 9)}"),
                (f"p2={s[:2]}", f"p3={s[:3]}", f"s1={s[-1:]}", f"s2={s[-2:]}", f"s3={s[-3:]}", f"s4={s[-4:]}"),
                tuple([f"c3={padded[j:j + 3]}" for j in range(len(padded) - 2)]))

    def gazetteer_marks(self, keys: Sequence[str]) -> list[list[str]]:
        """BIO marks of the longest gazetteer/training-name/actor-dictionary match starting at each token."""
        marks: list[list[str]] = [[] for _ in keys]
        for i, m in self.gazetteer_hits(keys).items():
            marks[i] = m
        return marks

    def gazetteer_hits(self, keys: Sequence[str]) -> dict[int, list[str]]:
        """``gazetteer_marks`` of the tokens that have any (most have none).

        Only tokens whose key starts some multiword name are tried (one set test per token), and of
        those only the ones whose first two keys start a name of the table."""
        hits: dict[int, list[str]] = {}
        n = len(keys)
        starts = [i for i, k in enumerate(keys[:-1]) if k in self._any_first]
        if not starts:
            return hits
        for table, tag, firsts, heads in ((self.gaz, "gz", self._gaz_first, self._gaz_heads),
                                          (self.names, "nm", self._names_first, self._names_heads),
                                          (self.actors, "ac", self._actors_first, self._actors_heads)):
            after = 0  # a match covers the tokens before ``after``: none of them starts another
            for i in starts:
                if i < after or keys[i] not in firsts or keys[i] + " " + keys[i + 1] not in heads:
                    continue
                for m in range(min(MAX_GAZ, n - i), 1, -1):
                    labs = table.get(" ".join(keys[i:i + m]))
                    if labs:
                        after = i + m
                        for lab in (labs if isinstance(labs, frozenset) else (labs,)):
                            hits.setdefault(i, []).append(f"{tag}B={lab}")
                            for j in range(i + 1, i + m):
                                hits.setdefault(j, []).append(f"{tag}I={lab}")
                        break
        return hits

    def key(self, t: Token) -> str:
        """``name_key`` of a token, cached per surface form."""
        k = self._keys.get(t.text)
        if k is None:
            k = R.name_key(t)
            if len(self._keys) > 300_000:
                self._keys.clear()
            self._keys[t.text] = k
        return k

    def forms(self, t: Token) -> tuple[str, str, str]:
        """``token_forms`` with the name key from the per-form cache that ``marks`` filled."""
        return t.norm, self._keys.get(t.text) or self.key(t), t.stem

    def marks(self, toks: Sequence[Token]) -> list[list[str]]:
        """Per-token attributes that depend on the sentence: gazetteer matches and POS tags."""
        cache = self._keys
        keys = [cache.get(t.text) or self.key(t) for t in toks]
        marks = self.gazetteer_marks(keys)
        if self.use_pos:
            prev = "BOS"
            pos_mark = self._pos_marks
            for m, t in zip(marks, toks, strict=True):
                pos = t.pos or "X"
                pair = pos_mark.get((prev, pos))
                if pair is None:
                    pair = pos_mark[(prev, pos)] = (f"pos={pos}", f"pp={prev}|{pos}")
                m += pair
                prev = pos
        return marks

    def mark_keys(self, toks: Sequence[Token]) -> list[str]:
        """``"\\x1f".join(m)`` of each of ``marks(toks)`` (the decoders' mark cache keys), without the lists."""
        cache = self._keys
        hits = self.gazetteer_hits([cache.get(t.text) or self.key(t) for t in toks])
        if not self.use_pos:
            return ["\x1f".join(hits[i]) if i in hits else "" for i in range(len(toks))]
        pos_keys = self._pos_keys
        out: list[str] = []
        prev = "BOS"
        for t in toks:
            pos = t.pos or "X"
            row = pos_keys.get(prev)
            if row is None:
                row = pos_keys[prev] = {}
            key = row.get(pos)
            if key is None:
                key = row[pos] = f"pos={pos}\x1fpp={prev}|{pos}"
            out.append(key)
            prev = pos
        for i, m in hits.items():
            out[i] = "\x1f".join(m) + "\x1f" + out[i]
        return out

    def sentence(self, toks: Sequence[Token]) -> list[list[str]]:
        """Feature lists for one sentence's tokens."""
        wf = [self.word_features(t) for t in toks]
        marks = self.marks(toks)
        n = len(toks)
        out: list[list[str]] = []
        for i in range(n):
            f = wf[i][2] + marks[i]
            if i >= 1:
                f = f + wf[i - 1][1] + ["-1:" + m for m in marks[i - 1]]
            else:
                f = f + ["BOS"]
            if i >= 2:
                f = f + wf[i - 2][0]
            if i + 1 < n:
                f = f + wf[i + 1][3] + ["+1:" + m for m in marks[i + 1]]
            else:
                f = f + ["EOS"]
            if i + 2 < n:
                f = f + wf[i + 2][4]
            out.append(f)
        return out


class NERCoder:
    """``NERFeaturizer.lists`` as integer codes of a ``CodeBook`` (``khabar.models.codes``): a token
    type's own attributes in the same order, how many the neighbours see (``near`` is a prefix of
    ``full``) and those two tokens away see. Values are looked up by kind, not formatted into
    strings; what depends on the stem or on the name key alone is encoded once per stem / key
    (وقال، فقال and قال share a stem; واشنطن، وواشنطن، بواشنطن a key). ``tests/test_models.py``
    checks it against ``lists``: a feature added there must be added here."""

    def __init__(self, feats: NERFeaturizer, book: CodeBook) -> None:
        self.feats = feats
        self.book = book
        k = book.kind
        self.w, self.k, self.sh, self.pre, self.suf = k("w"), k("k"), k("sh"), k("pre"), k("suf")
        self.cw1, self.cw2, self.ck0, self.ck1, self.ck2 = k("cw1"), k("cw2"), k("ck0"), k("ck1"), k("ck2")
        self.lex, self.nw, self.g1, self.a1 = k("lex"), k("nw"), k("g1"), k("a1")
        code = book.code.get
        self.ck_none, self.nisba, self.definite = code("ck=none", 0), code("nisba", 0), code("def", 0)
        self.c3 = k("c3")
        # the codes of fq=… and fqs=… by _freq_bin's bins
        self.fq_codes, self.fqs_codes = ([k(x).get(str(i), 0) for i in range(6)] for x in ("fq", "fqs"))
        self.length = [k("len").get(str(i), 0) for i in range(10)]
        self.affix_kinds = [k(x) for x in ("p2", "p3", "s1", "s2", "s3", "s4")]
        self.clusters = feats.clusters.get
        self._nisba_forms = nisba_forms(feats.nisba)
        # stem → (whether a nisba when the token starts with a letter, frequency and length, those and the
        # affixes, trigrams)
        self._stems: dict[str, tuple[bool, tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {}
        # stem → (code of k=key, clusters/lexicon/news codes, fq code, name-list codes, far codes), one table
        # for the keys without the article (key = stem) and one for those with it (key = ال + stem)
        self._keys: tuple[dict[str, tuple[int, tuple[int, ...], int, tuple[int, ...], tuple[int, ...]]], ...] = ({}, {})

    def _stem(self, stem: str) -> tuple[bool, tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        hit = self._stems.get(stem)
        if hit is None:  # NERFeaturizer.stem_strings, by kind
            p2, p3, s1, s2, s3, s4 = self.affix_kinds
            padded = f"^{stem}$"
            c3 = self.c3.get
            n = self.feats.freq.get(stem, 0)
            sized = (self.fqs_codes[bisect_right(FREQ_EDGES, n)], self.length[min(len(stem), 9)])
            hit = (stem in self._nisba_forms, sized,
                   sized + (p2.get(stem[:2], 0), p3.get(stem[:3], 0), s1.get(stem[-1:], 0), s2.get(stem[-2:], 0),
                            s3.get(stem[-3:], 0), s4.get(stem[-4:], 0)),
                   tuple([c3(padded[j:j + 3], 0) for j in range(len(padded) - 2)]))
            if len(self._stems) > 300_000:
                self._stems.clear()
            self._stems[stem] = hit
        return hit

    def is_nisba(self, t: Token) -> bool:
        """``nisba_base(t, feats.nisba) is not None``, from the stem's cached entry."""
        return self._stem(t.stem)[0] and t.norm[:1].isalpha()

    def _key(self, key: str, stem: str, definite: bool
             ) -> tuple[int, tuple[int, ...], int, tuple[int, ...], tuple[int, ...]]:
        """The attributes that depend on the name key (``ال`` + stem when ``definite``, else the stem)."""
        cache = self._keys[definite]
        hit = cache.get(stem)
        if hit is None:
            f = self.feats
            cl = f.clusters.get
            ck = cl(key) or cl(stem) or (cl("ال" + stem) if not key.startswith("ال") else None)
            k_code = self.k.get(key, 0)
            mid = [self.ck0.get(ck[0], 0), self.ck1.get(ck[1], 0), self.ck2.get(ck[2], 0)] if ck else [self.ck_none]
            lex = f.lexicon.get(key)
            if lex:
                mid.append(self.lex.get(lex, 0))
            news = f.news.get(key)
            if news:
                mid += [self.nw.get(x, 0) for x in news]
            names = [self.g1.get(lab, 0) for lab in f.gaz.get(key, ())]
            names += [self.a1.get(lab, 0) for lab in f.actors.get(key, ())]
            if key in f._person_first:
                names.append(self.a1.get("first", 0))
            far = (k_code, self.ck1.get(ck[1], 0)) if ck else (k_code,)  # tuples: the collector stops tracking them
            n = f.freq.get(key, 0)
            fq = self.fq_codes[bisect_right(FREQ_EDGES, n)]
            hit = (k_code, tuple(mid), fq, tuple(names), far)
            if len(cache) > 300_000:
                cache.clear()
            cache[stem] = hit
        return hit

    def __call__(self, t: Token) -> Encoded:
        return self.coded(t)[0]

    def coded(self, t: Token) -> tuple[Encoded, tuple[str, str, str]]:
        """The token type's codes and its (word form, name key, stem), ``NERFeaturizer.forms``."""
        norm = t.norm
        stem, pre, suf, definite = R.clitic_parts(t)  # (the norm and no clitics for an unsegmented token)
        key = "ال" + stem if definite else stem  # R.name_key
        shape = _shape(t)
        hit = self._keys[definite].get(stem)
        k_code, mid, fq, names, far = self._key(key, stem, definite) if hit is None else hit
        s_hit = self._stems.get(stem)
        nisba, sized, affixes, trigrams = self._stem(stem) if s_hit is None else s_hit
        full = [self.w.get(norm, 0), k_code, self.sh.get(shape, 0)]
        cw = self.clusters(norm)
        if cw:
            full += (self.cw1.get(cw[1], 0), self.cw2.get(cw[2], 0))
        full += mid
        if nisba and norm[:1].isalpha():
            full.append(self.nisba)
        full.append(self.pre.get(pre, 0))
        n_near = len(full)
        full += (self.suf.get(suf, 0), fq)
        if shape == "ar":
            full += affixes  # the length codes, then the affixes
            if definite:
                full.append(self.definite)
            if self.feats.char_ngrams:
                full += trigrams
        else:
            full += sized
        full += names
        return (full, n_near, far), (norm, key, stem)


def _after_letter(text: str, i: int) -> int:
    """The offset after the letter at ``i`` and any diacritics/tatweel on it."""
    i += 1
    while i < len(text) and ("\u064b" <= text[i] <= "\u065f" or text[i] in "\u0670\u0640"):
        i += 1
    return i


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first, last+1, label) token spans from BIO tags (an I- without B- starts an entity)."""
    out: list[tuple[int, int, str]] = []
    start, lab = -1, ""
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != lab):
            if start >= 0:
                out.append((start, i, lab))
                start, lab = -1, ""
            if t != "O":
                start, lab = i, t[2:]
    return out


def entity_label(lab: str, first: Token) -> str:
    if lab == "LOC" and R.name_key(first).removeprefix("ال") in GEO_HEADS:
        return "LOC"
    return LABEL_MAP.get(lab, "MISC")


def nisba_base(t: Token, table: frozenset[str]) -> str | None:
    """The masculine nisba a token inflects (الأمريكيون → امريكي), if any."""
    return _nisba_of(t.norm, t.stem, table)


def nisba_forms(table: frozenset[str]) -> frozenset[str]:
    """Every stem of four letters or more that ``_nisba_of`` finds a base for in ``table`` (of a token
    starting with a letter): each base with each of ``NISBA_ENDINGS``, and for تان/تين the base with or
    without its final ي (a base always ends in ي there)."""
    out = set()
    for b in table:
        for end in NISBA_ENDINGS:
            if end in ("تان", "تين"):
                if b.endswith("ي"):
                    out.add(b + end)
                    if not b[:-1].endswith("ي"):
                        out.add(b[:-1] + end)
            else:
                out.add(b + end)
    return frozenset(s for s in out if len(s) >= 4 and _nisba_of("a", s, table) is not None)


def _nisba_of(norm: str, s: str, table: frozenset[str]) -> str | None:
    """``nisba_base`` of a token with this norm and stem."""
    if not norm[:1].isalpha() or len(s) < 4:
        return None
    for end in NISBA_ENDINGS:
        if end and not s.endswith(end):
            continue
        base = s[: len(s) - len(end)] if end else s
        if end in ("تان", "تين"):
            base += "ي" if not base.endswith("ي") else ""
        if base in table:
            return base
    return None


class _DocMemo:
    """A token type's encoded features, computed once per document though two models ask for them."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.memo: dict[str, Encoded] = {}

    def __call__(self, t: Token) -> Encoded:
        hit = self.memo.get(t.text)
        if hit is None:
            hit = self.memo[t.text] = self.fn(t)
        return hit


def token_forms(t: Token) -> tuple[str, str, str]:
    """(word form, name key, stem): the neural tagger's word-vector and character inputs."""
    return t.norm, R.name_key(t), t.stem


class NERStage:
    """Fills ``doc.entities`` (ids e1, e2… in text order) from the tagger model and the NORP lexicon.

    The model is the convolutional CRF (``ner_nn.npz`` + ``ner_vectors.npz``, numpy runtime) when it is
    shipped, else the linear CRF (``ner.npz``); ``options={"model": "crf"}`` picks the CRF."""

    name = "ner@1"
    requires: tuple[str, ...] = ("tokens",)  # uses Token.pos when the tagger ran first
    provides: tuple[str, ...] = ("entities",)

    def __init__(self, model: Any = None, featurizer: NERFeaturizer | None = None,
                 model_version: str = "", o_bias: float | None = None, kind: str = "",
                 crf_weight: float | None = None, crf_model: Any = None) -> None:
        from khabar.models.crf import LinearCRF, WindowTagger
        from khabar.text.stage import default_segmenter

        if not kind:
            kind = "nn" if R.data_path("ner_nn.npz").is_file() and R.data_path("ner_vectors.npz").is_file() else "crf"
        self.kind = kind
        meta = R.read_json("ner_nn.json" if kind == "nn" else "ner.json")
        self.model_version = model_version or str(meta.get("version", "1"))
        if featurizer is None:
            lexicon = {p[0]: p[1] for p in R._lines("ner_lexicon.tsv") if len(p) == 2}
            names = {p[0]: p[1] for p in R._lines("ner_lexicon.tsv") if len(p) == 3 and p[2] == "name"}
            featurizer = NERFeaturizer(default_segmenter().lex, lexicon, names)
        featurizer.cache_lists = False  # the decoder caches scores per type instead
        self.feats = featurizer
        self.title_cues = R.title_cues()
        self.latin_cues = R.latin_cues()
        self.latin_terms = R.latin_terms()
        self.nisba = R.nisba()
        self._nisba_cache: dict[str, bool] = {}  # surface form → a nisba (NORP)
        files = [str(x) for x in meta.get("members", ["ner_nn.npz"])] if kind == "nn" else ["ner.npz"]
        if model is None:
            from khabar.errors import KhabarError

            models = [R.data_path(n) for n in files]
            for n, m in zip(files, models, strict=True):
                if not m.is_file():
                    raise KhabarError("K011", f"NER model khabar/models/data/{n} is missing")
            model = models[0]
        else:
            models = list(model) if isinstance(model, (list, tuple)) else [model]
            model = models[0]
        self.decoder: Any
        crfs: list[WindowTagger] = []  # the linear CRF (alone, or summed with the network)
        if kind == "nn":
            from khabar.models.convnet import ConvCRF, Ensemble, NetAverage, load_vectors

            vectors = load_vectors(R.data_path("ner_vectors.npz"))
            nets = [ConvCRF(m, vectors, featurizer.full_features, featurizer.forms) for m in models]
            self.nn = nets[0] if len(nets) == 1 else NetAverage(nets)
            self.decoder = self.nn
            weight = float(meta.get("crf_weight", 0.0)) if crf_weight is None else crf_weight
            if weight > 0:  # sum with the linear CRF's scores (weight chosen on held-out train data)
                crf = LinearCRF(crf_model if crf_model is not None else R.data_path("ner.npz"))
                crfs.append(WindowTagger(crf, featurizer.full_features))
                self.decoder = Ensemble(self.nn, crfs[0], weight)
        else:
            nets = []
            crfs.append(WindowTagger(LinearCRF(model), featurizer.full_features))
            self.decoder = crfs[0]
        # every model scores a new word type from one encoding of its features (codes, not strings)
        book = CodeBook([n.feat_index for n in nets] + [c.crf.index for c in crfs])
        coder = NERCoder(featurizer, book)
        self._memo = _DocMemo(coder)
        for m in ([self.nn] if nets else []) + crfs:
            m.use_codes(self._memo, book)
        if kind == "nn" and isinstance(self.decoder, Ensemble) and isinstance(self.nn, ConvCRF):
            self.decoder.share_codes(coder.coded)  # one index and one encoding of new types for both models
        self.set_o_bias(float(meta.get("o_bias", 0.0)) if o_bias is None else o_bias)

    def set_o_bias(self, bias: float) -> None:
        """Lower the O label's score by ``bias`` (chosen on held-out train data: trades precision for recall)."""
        labels = self.nn.labels if self.kind == "nn" else self.decoder.crf.labels
        vec = np.zeros(len(labels), dtype=np.float32)
        if "O" in labels:
            vec[labels.index("O")] = -bias
        if self.kind == "nn":
            self.nn.label_bias = vec
        else:
            self.decoder.crf.bias = vec.astype(np.float64)

    def _adjective(self, t: Token) -> bool:
        """A nationality-like adjective: a known nisba, or ال…ي (الباهامي، واليوغسلافي)."""
        n = t.norm[1:] if t.norm.startswith("وال") else t.norm
        return nisba_base(t, self.nisba) is not None or (n.startswith("ال") and n.endswith("ي") and len(n) > 4)

    def repair(self, toks: Sequence[Token], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Person and place spans: a word starting with the conjunction و starts a new entity
        (محمد وعلي، نوفاك وريكل) unless training saw it inside such names (ولد، وقاص); a person
        span does not begin with a nationality adjective (الفرنسي سيريل ديسبري)."""
        out: list[tuple[int, int, str]] = []
        lex = self.feats.lexicon
        for a, b, lab in spans:
            if lab not in ("PERS", "LOC"):
                out.append((a, b, lab))
                continue
            cuts = [a] + [j for j in range(a + 1, b) if toks[j].norm[:1] == "و" and len(toks[j].norm) > 2
                          and lex.get(R.name_key(toks[j])) != "I-" + lab] + [b]
            for x, y in zip(cuts, cuts[1:], strict=False):
                while lab == "PERS" and y - x > 1 and self._adjective(toks[x]):
                    x += 1
                out.append((x, y, lab))
        return out

    def complete(self, toks: Sequence[Token], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Names the models leave unfinished: a person's family name آل X (حمد بن جاسم آل ثاني; inside
        the person in ANERcorp train 27 of 29 times), and the quoted title after a noun that names a
        work or an outlet (برنامج «حوار من القلب» → MISC, صحيفة "ماركا" → ORG; ``title_cues.tsv``)
        where no entity was found inside the quotes, and names in Latin script (``latin.latin_names``)."""
        out = sorted(spans)
        n = len(toks)
        for i, (a, b, lab) in enumerate(out):
            if lab == "PERS" and b + 1 < n and toks[b].norm == "ال" and toks[b + 1].norm[:1].isalpha():
                nxt = out[i + 1] if i + 1 < len(out) else None
                if nxt is None or nxt[0] > b + 1:
                    out[i] = (a, b + 2, lab)
                elif nxt[0] == b + 1 and nxt[2] == "PERS":  # آل ثاني found as a second person
                    out[i], out[i + 1] = (a, nxt[1], lab), (-1, -1, "")
        out = [s for s in out if s[2]]
        cues = self.title_cues
        for i in [q - 1 for q, t in enumerate(toks) if t.text in QUOTES and 0 < q < n - 1]:
            close = QUOTES[toks[i + 1].text]
            key = R.name_key(toks[i])
            label = cues.get(key[2:] if key.startswith("ال") else key)
            if label is None:
                continue
            j = next((j for j in range(i + 2, min(n, i + 3 + MAX_TITLE)) if toks[j].text == close), 0)
            if j > i + 2 and not any(a < j and i + 2 < b for a, b, _ in out):
                out.append((i + 2, j, label))
        return latin_names(toks, sorted(out), self.latin_cues, self.latin_terms)

    def tag_tokens(self, toks: Sequence[Token]) -> list[str]:
        if not toks:
            return []
        tags: list[str] = self.decoder.tag(toks, self.feats.marks(toks))
        self._memo.memo.clear()
        return tags

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found: list[tuple[int, int, str]] = []
        sents = [doc.sentence_tokens(si) for si in range(len(doc.sentences))]
        sents = [s for s in sents if s]
        mark_keys = self.feats.mark_keys
        all_tags = self.decoder.tag_keyed(sents, [k for s in sents for k in mark_keys(s)]) if sents else []
        self._memo.memo.clear()
        nisba = self.nisba
        # NORP words: from the coder's per-stem entry when the featurizer shares this stage's table
        is_nisba = self._memo.fn.is_nisba if self.feats.nisba is nisba else lambda t: nisba_base(t, nisba) is not None
        nisba_cache = self._nisba_cache
        for toks, tags in zip(sents, all_tags, strict=True):
            covered = [False] * len(toks)
            for a, b, lab in self.complete(toks, self.repair(toks, bio_spans(tags))):
                start = R.name_start(toks[a])
                if start == toks[a].start and toks[a].norm[:1] == "و" and a > 0 and covered[a - 1]:
                    start = _after_letter(text, start)  # نوفاك وريكل: the conjunction is not the name
                if start >= toks[b - 1].end:
                    continue
                found.append((start, toks[b - 1].end, entity_label(lab, toks[a])))
                for j in range(a, b):
                    covered[j] = True
            for j, t in enumerate(toks):
                if covered[j]:
                    continue
                hit = nisba_cache.get(t.text)
                if hit is None:
                    if len(nisba_cache) > 300_000:
                        nisba_cache.clear()
                    hit = nisba_cache[t.text] = is_nisba(t)
                if hit:
                    start = R.name_start(t)
                    found.append((start, t.end, "NORP"))
        found.sort()
        doc.entities = [Entity(f"e{i + 1}", a, b, text[a:b], lab) for i, (a, b, lab) in enumerate(found)]
        doc.provided.update(self.provides)
        return doc
