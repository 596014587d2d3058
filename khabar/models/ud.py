"""Universal Dependencies data for training and evaluation: CoNLL-U reading, PADT surface words.

The PADT v1.3 files here are vocalised, split into syntactic words and carry no multiword-token
lines, so the unvocalised surface word a reader sees (``وللحظر``) is rebuilt from its parts
(``وَ`` ``لِ`` ``اَلحَظرِ``): one-letter proclitics attach to the next word, genitive/accusative
pronoun clitics to the previous one, with the spelling changes Arabic makes at the joins
(ل+ال → لل, ة → ت before a pronoun, إلى+ه → إليه). UD v1 tags are mapped to UD v2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khabar.text.normalize import strip_diacritics

PROCLITICS = frozenset("وفبلكس")
ENCLITICS = frozenset(("ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "ي", "ني", "نا"))
# subordinating conjunctions (UD v2 SCONJ) among PADT v1 CONJ lemmas (dediacritised)
SCONJ_LEMMAS = frozenset(("أن", "إن", "أنّ", "إنّ", "كي", "لكي", "لأن", "لو", "إذا", "إذ", "حيث", "بينما",
                          "عندما", "كأن", "لئن", "كما", "حين", "لما", "ل"))
QUANT_LEMMAS = frozenset(("كل", "بعض", "جميع", "أي", "كلا", "كلتا", "عدة"))
# quantifying nouns heading a partitive (أحد الوزراء، معظم الدول): UD v2 DET ("most", "one of");
# أحد only when indefinite (الأحد is Sunday)
PARTITIVE_LEMMAS = frozenset(("أحد", "إحدى", "معظم", "أغلب", "غالبية", "بقية", "سائر", "كافة"))


@dataclass(slots=True)
class UDWord:
    """One syntactic word of a CoNLL-U sentence."""

    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    misc: str

    @property
    def space_after(self) -> bool:
        return "SpaceAfter=No" not in self.misc


@dataclass(slots=True)
class UDSentence:
    sent_id: str
    text: str | None
    words: list[UDWord] = field(default_factory=list)


def read_conllu(path: str | Path) -> Iterator[UDSentence]:
    """Sentences of a CoNLL-U file (multiword-token and empty-node lines are skipped)."""
    sent = UDSentence("", None)
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sent.words:
                    yield sent
                sent = UDSentence("", None)
            elif line.startswith("#"):
                key, _, val = line[1:].partition("=")
                key = key.strip()
                if key == "sent_id":
                    sent.sent_id = val.strip()
                elif key == "text":
                    sent.text = val.strip()
            else:
                p = line.split("\t")
                if len(p) < 10 or not p[0].isdigit():
                    continue
                sent.words.append(UDWord(int(p[0]), p[1], p[2], p[3], p[4], p[5],
                                         int(p[6]) if p[6].isdigit() else 0, p[7], p[9]))
    if sent.words:
        yield sent


def plain(s: str) -> str:
    """Unvocalised spelling: no harakat, no tatweel."""
    return strip_diacritics(s).replace("\u0640", "")


def v1_to_v2(w: UDWord) -> str:
    """UD v1 PADT tag → UD v2 tag (CONJ split, copulas AUX, foreign names PROPN, quantifiers DET,
    adverbial accusatives ADV)."""
    u = w.upos
    lemma = plain(w.lemma)
    if u == "CONJ":
        return "SCONJ" if lemma in SCONJ_LEMMAS and lemma not in ("و", "ف") else "CCONJ"
    if u == "VERB" and w.deprel in ("cop", "aux"):
        return "AUX"
    if u == "X":
        return "X" if w.xpos.startswith("Y") else "PROPN"
    if u == "DET" and w.xpos.startswith("SD"):
        return "DET"
    if u == "NOUN" and (lemma in QUANT_LEMMAS or lemma in PARTITIVE_LEMMAS and "Definite=Def" not in w.feats):
        return "DET"
    if u in ("NOUN", "ADJ") and w.deprel.startswith("advmod") and "Case=Acc" in w.feats \
            and "Definite=Ind" in w.feats:
        return "ADV"  # adverbial accusative (حاليا، مؤخرا، خصوصا): an adverb by function, UD v2 ADV
    if u == "NOUN" and not lemma.endswith(("ي", "يّ")):
        # PADT v1 tags Arabic names NOUN; their English gloss is capitalised (Gloss=Baghdad)
        g = w.misc.find("Gloss=")
        if g >= 0 and w.misc[g + 6: g + 7].isupper():
            return "PROPN"
    return u


def is_proclitic(w: UDWord) -> bool:
    f = plain(w.form)
    return len(f) == 1 and f in PROCLITICS and w.upos in ("CONJ", "ADP", "PART", "CCONJ", "SCONJ") \
        and not w.xpos.startswith("Y")


def is_enclitic(w: UDWord) -> bool:
    f = plain(w.form)
    return w.upos == "PRON" and f in ENCLITICS and w.xpos.startswith("SP") and len(w.xpos) > 8 \
        and w.xpos[8] in "24"


@dataclass(slots=True)
class SurfaceWord:
    """A rebuilt surface word: its unvocalised text and (start, end, kind, word) pieces.

    ``kind`` is prefix, stem or suffix; the article ال of a definite stem is its own prefix
    piece whose word is the stem's (the segmenter splits it; UD does not)."""

    text: str
    pieces: list[tuple[int, int, str, UDWord]]

    @property
    def stem(self) -> UDWord:
        return next(w for _, _, k, w in self.pieces if k == "stem")


def _join_host(host: str, clitic: str, upos: str) -> str:
    if host.endswith("ة"):
        return host[:-1] + "ت"
    if host.endswith("ى"):
        return host[:-1] + ("ي" if upos == "ADP" else "ا")
    if host.endswith("وا") and upos == "VERB":
        return host[:-1]
    return host


TANWEEN_FATH = "\u064b"


def has_alef_tanween(form: str) -> bool:
    """A vocalised form ending in the accusative indefinite ـًا / ـاً (عامًا، جدًّا)."""
    f = form.replace("\u0651", "")
    return f.endswith(("\u064bا", "ا\u064b"))


def surface_words(sent: UDSentence, tanween: Callable[[UDWord], bool] | None = None) -> list[SurfaceWord]:
    """Group a PADT sentence's syntactic words into rebuilt surface words.

    News writers often keep one mark, the tanween of ـاً (جداً، حالياً); a word ending in it keeps
    it as ``اً`` when ``tanween(word)`` says so (training shows the tagger both spellings)."""
    ws = sent.words
    out: list[SurfaceWord] = []
    i = 0
    while i < len(ws):
        pre: list[UDWord] = []
        while i < len(ws) - 1 and is_proclitic(ws[i]) and plain(ws[i + 1].form)[:1].isalpha() \
                and not is_enclitic(ws[i + 1]):  # بها: the preposition hosts the pronoun
            pre.append(ws[i])
            i += 1
        host = ws[i]
        i += 1
        hp = plain(host.form)
        if hp in ("من", "عن") and i < len(ws) and plain(ws[i].form) in ("ما", "من") and ws[i].upos in ("PRON", "DET"):
            # مما، عما، ممن: written as one word, the ن assimilated
            nxt = ws[i]
            i += 1
            text = "".join(plain(p.form) for p in pre)
            fused = [(k, k + 1, "prefix", p) for k, p in enumerate(pre)]
            fused.append((len(text), len(text) + 1, "prefix", host))
            fused.append((len(text) + 1, len(text) + 1 + len(plain(nxt.form)), "stem", nxt))
            out.append(SurfaceWord(text + hp[0] + plain(nxt.form), fused))
            continue
        suf: list[UDWord] = []
        hf = plain(host.form)
        if hf[:1].isalpha() and host.upos not in ("PUNCT", "NUM"):
            while i < len(ws) and is_enclitic(ws[i]) and not (hf.endswith("ي") and plain(ws[i].form) == "ي"):
                suf.append(ws[i])
                i += 1
        text = ""
        pieces: list[tuple[int, int, str, UDWord]] = []
        for p in pre:
            f = plain(p.form)
            pieces.append((len(text), len(text) + 1, "prefix", p))
            text += f
        if suf:
            hf = _join_host(hf, plain(suf[0].form), host.upos)
        article = "Definite=Def" in host.feats and hf.startswith("ال") and len(hf) > 3 \
            and not plain(host.lemma).startswith("ال")
        if pre and plain(pre[-1].form) == "ل" and hf.startswith("ال"):
            # ل + ال → لل ; ل + الل… → لل… (the article's letters merge)
            hf = hf[2:] if hf.startswith("الل") else hf[1:]
            if article:
                pieces.append((len(text), len(text) + 1, "prefix", host))
                text += hf[:1]
                hf = hf[1:]
                article = False
        if article:
            pieces.append((len(text), len(text) + 2, "prefix", host))
            text += "ال"
            hf = hf[2:]
        if not suf and tanween is not None and hf.endswith("ا") and has_alef_tanween(host.form) and tanween(host):
            hf += TANWEEN_FATH
        pieces.append((len(text), len(text) + len(hf), "stem", host))
        text += hf
        for s in suf:
            f = plain(s.form)
            pieces.append((len(text), len(text) + len(f), "suffix", s))
            text += f
        out.append(SurfaceWord(text, pieces))
    return out


def align_tokens(text: str, forms: list[str]) -> list[tuple[int, int]] | None:
    """Character spans of each syntactic word form in ``text`` (PUD: words are its substrings)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for f in forms:
        j = text.find(f, pos)
        if j < 0 or text[pos:j].strip():
            return None
        spans.append((j, j + len(f)))
        pos = j + len(f)
    return spans
