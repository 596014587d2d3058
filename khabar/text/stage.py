"""The text stage: paragraphs, sentences, tokens with normalised forms and clitic segments."""

from __future__ import annotations

from khabar.doc import Doc, Segment, Sentence, Token
from khabar.text.clitics import Segmenter
from khabar.text.normalize import norm_word, normalize_text
from khabar.text.sentences import paragraphs, split_paragraph
from khabar.text.tokenize import GAP_TOKEN_RE

_SEGMENTER: Segmenter | None = None


def default_segmenter() -> Segmenter:
    global _SEGMENTER
    if _SEGMENTER is None:
        _SEGMENTER = Segmenter()
    return _SEGMENTER


class TextStage:
    """Splits paragraphs and sentences, tokenises, normalises and segments clitics."""

    name = "text@1"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("paragraphs", "sentences", "tokens")

    def __init__(self, segmenter: Segmenter | None = None) -> None:
        self.segmenter = segmenter or default_segmenter()
        self._cache: dict[str, tuple[str, tuple[Segment, ...]]] = {}

    def _analyse_word(self, word: str) -> tuple[str, tuple[Segment, ...]]:
        """Normalised form and clitic segments (offsets relative to ``word``)."""
        norm = norm_word(word)
        if len(norm) < 2 or not norm[0].isalpha() or norm[0].isascii():
            return norm, ()
        segs = self.segmenter.segment(norm)
        if len(segs) == 1:
            return norm, ()
        if len(norm) == len(word):
            return norm, tuple(Segment(s, e, k, f) for s, e, k, f in segs)
        nt = normalize_text(word)
        if len(nt.text) != len(norm):  # lower-casing changed length: do not segment
            return norm, ()
        out = []
        for s, e, k, f in segs:
            a, b = nt.to_original(s, e)
            # absorb trailing marks (diacritics/tatweel) into the segment
            nxt = nt.offsets[e] if e < len(nt.text) else len(word)
            out.append(Segment(a, max(b, nxt), k, f))
        return norm, tuple(out)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        cache = self._cache
        if len(cache) > 500_000:  # bound memory on endless streams of new words
            cache.clear()
        get = cache.get
        analyse = self._analyse_word
        tok = Token  # local names: this loop runs once per word of every article
        gap_tokens = GAP_TOKEN_RE.findall
        tokens: list[Token] = []
        append = tokens.append
        sents: list[Sentence] = []
        doc.paragraphs = paragraphs(text)
        for p, (ps, pe) in enumerate(doc.paragraphs):
            for ss, se in split_paragraph(text, ps, pe):
                si = len(sents)
                t0 = len(tokens)
                a = ss
                for gap, w in gap_tokens(text, ss, se):
                    r = get(w)
                    if r is None:
                        r = cache[w] = analyse(w)
                    a += len(gap)
                    b = a + len(w)
                    append(tok(a, b, w, r[0], si, r[1]))
                    a = b
                sents.append(Sentence(ss, se, p, t0, len(tokens)))
        doc.tokens = tokens
        doc.sentences = sents
        doc.provided.update(self.provides)
        return doc
