"""Shared state and clause helpers of the attribution finder: token masks, adjunct skipping, content markers
and content spans (after إن/أن, inside quotes, the clause or sentence before a cue placed last).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khabar.attribution.chunk import NP, Description, is_word
from khabar.attribution.describe import SourceDescriber
from khabar.attribution.lexicon import (
    ADJUNCT_OPENERS,
    ADVERBS,
    LETTER_NAMES,
    NEGATIONS,
    QUOTE_CLOSE,
    QUOTE_MARKS,
    QUOTE_OPEN,
    RELATIVES,
    SAY_MASDAR,
    SUBORDINATORS,
    Lexicon,
    clitic_pre,
    clitic_suf,
    is_comp,
)
from khabar.doc import Doc

_PREP_FRAMES = {"on": "علي", "to": "الي", "about": "عن", "from": "من"}
_COLONS = frozenset(":：")
_SENT_END = frozenset(".!?؟…")
# imperfect forms that, with no subject, are impersonal asides ("it is worth noting that")
_IMPERSONAL = frozenset({"يذكر", "يشار", "يعتقد", "يرجح", "يتوقع", "يلاحظ", "يعلم", "يفاد", "يبين", "ينقل"})
_ASIDES = frozenset({"وهو", "وهي", "وهم", "وهما", "وهن", "بينها", "بينهم", "منها", "منهم", "حيث", "ومنها",
                     "ومنهم", "بما"})
_QUOTE_RE = re.compile("[" + "".join(sorted(QUOTE_MARKS)) + "]")
_CLAUSE_LEAD = frozenset({"لكنه", "لكنها", "لكنهم", "ولكنه", "ولكنها", "انه", "انها", "انهم", "بيد", "كما", "ثم", "قد", "وقد", "فقد", "لقد", "بدوره", "بدورها", "بدورهم", "كذلك", "ايضا",
                          "وبدوره", "وبدورها", "بعدها", "بعد", "ذلك", "وكذلك", "حين", "عندما", "ولما", "لما"})
_CLAUSE_OPENERS = frozenset({"بينما", "فيما", "وفيما", "وبينما", "حين", "لكن", "ولكن", "لكنه", "لكنها", "وهو", "وهي", "وهذا",
                             "وذلك"})
_LEAD_PARTICLES = frozenset({"كما", "ثم", "وقد", "قد", "لقد", "فقد", "وكان", "بدوره", "بدورها", "وبدوره", "وبدورها"})



@dataclass
class Rec:
    """An attribution under construction (token indices into doc.tokens)."""

    cue: tuple[int, int]  # character span of the cue
    src: tuple[int, int] | None  # character span of the source words (None: implied)
    desc: Description
    content: tuple[int, int] | None
    status: str = "stated"
    direct: bool = False
    continues: Rec | None = None  # the earlier attribution a pro-drop cue continues
    last: bool = False  # cue placed after its content
    sent: int = 0
    para: int = 0
    fem: bool | None = None
    id: str = ""
    same_as: Rec | None = None

class FinderBase:
    """Per-document state and clause-level helpers shared by the matchers."""

    def __init__(self, doc: Doc, lex: Lexicon, freq: dict[str, int]) -> None:
        self.doc = doc
        self.toks = doc.tokens
        self.text = doc.text
        self.lex = lex
        n = len(self.toks)
        self.in_quote = self._quote_mask()
        self.in_timex = [False] * n
        if doc.timexes:
            self._mark_timexes()
        self.ch = SourceDescriber(doc, lex, freq, self.in_quote, self.in_timex)
        self.recs: list[Rec] = []
        self.used: set[int] = set()
        self._ctx: dict[int, str | None] = {}

    # ------------------------------------------------------------ per-document masks

    def _quote_mask(self) -> list[bool]:
        """True for tokens strictly inside quotation marks (within a paragraph)."""
        out = [False] * len(self.toks)
        if _QUOTE_RE.search(self.text) is None:
            return out
        toks = self.toks
        depth = 0
        straight = False
        para = -1
        for s in self.doc.sentences:
            if s.para != para:
                para, depth, straight = s.para, 0, False
            if depth == 0 and not straight and _QUOTE_RE.search(self.text, s.start, s.end) is None:
                continue  # no quotation mark in the sentence and none open: nothing to mark
            for i in range(s.token_start, s.token_end):
                c = toks[i].text
                if c == '"':
                    straight = not straight
                    continue
                if c in QUOTE_OPEN:
                    depth += 1
                    continue
                if c in QUOTE_CLOSE:
                    depth = max(0, depth - 1)
                    continue
                out[i] = depth > 0 or straight
        return out

    def _mark_timexes(self) -> None:
        import bisect
        starts = [t.start for t in self.toks]
        for tx in self.doc.timexes:
            i = max(0, bisect.bisect_right(starts, tx.start) - 1)
            while i < len(self.toks) and self.toks[i].start < tx.end:
                if self.toks[i].end > tx.start:
                    self.in_timex[i] = True
                i += 1

    # ------------------------------------------------------------ token helpers

    def _w(self, i: int) -> str:
        return self.toks[i].norm if 0 <= i < len(self.toks) else ""

    def _negated(self, i: int, ts: int) -> bool:
        return i - 1 >= ts and self._w(i - 1) in NEGATIONS

    def _char_span(self, a: int, b: int) -> tuple[int, int]:
        """Characters of tokens a..b-1."""
        return self.toks[a].start, self.toks[b - 1].end

    def _np_span(self, np: NP) -> tuple[int, int]:
        return self._char_span(np.start, np.end)

    def _skip_light(self, j: int, te: int) -> int:
        """Skip adverbs, time words, "من جهته" and an addressee "لرويترز" between a cue and its source."""
        while j < te:
            t = self.toks[j]
            n = t.norm
            if self.in_timex[j] or n in ADVERBS or (clitic_pre(t)[:1] == ("ب",) and clitic_suf(t)):
                j += 1  # "بموجبه"، "بدوره": an adverbial with a pronoun
                continue
            if n == "من" and j + 1 < te and self._w(j + 1)[:3] in ("جهت", "جان", "ناح", "طرف"):
                j += 2
                continue
            if clitic_pre(t)[:1] == ("ل",) and not self.ch.source_like_head(j) and not is_comp(n) \
                    and n not in self.ch.doc_names:
                # addressee: "لرويترز", "للصحفيين", "لشبكة سي إن إن"
                j += 1
                while j < te and is_word(self.toks[j]) and not is_comp(self._w(j)) and not self.ch.person_head(j):
                    j += 1
                continue
            break
        return j

    def _skip_adjunct(self, j: int, te: int, frames: frozenset[str] = frozenset()) -> int:
        """Skip one prepositional adjunct ("في بيان"، "خلال مؤتمر صحفي") up to a comma or a content marker."""
        k = j + 1
        while k < te and k - j < 14:
            t = self.toks[k]
            qn = self.ch.quoted_name(k, te)
            if qn is not None and qn < te and is_word(self.toks[qn]) or qn is not None and k == j + 1:
                k = qn  # a quoted name inside the adjunct: "لـ«الشرق الأوسط»", "في موقع «تويتر»"
                continue
            if t.text in ("،", ",") or t.text in QUOTE_OPEN or t.text in _COLONS or t.text in _SENT_END:
                return k
            if is_comp(t.norm) and self._w(k - 1) not in SUBORDINATORS:
                return k
            if self.lex.verb(t.norm) is not None and k > j + 1:
                return k
            if frames and self._marker(k, frames - {"bi"}, te) is not None:
                return k  # "في بيان عن «أسفها»": the cue's own preposition ends the adjunct
            k += 1
        return k

    def _marker(self, k: int, frames: frozenset[str], te: int) -> tuple[str, int] | None:
        """Is token k a content marker of one of ``frames``? (frame, content start token)."""
        if k >= te:
            return None
        t = self.toks[k]
        n = t.norm
        if "an" in frames and is_comp(n) and self._w(k - 1) not in SUBORDINATORS and not self.ch.letter_an(k):
            bare = n in ("ان", "بان")
            return "an", (k + 1 if bare else k)
        if "quote" in frames and t.text in QUOTE_OPEN:
            qn = self.ch.quoted_name(k, te)
            if qn is None or qn >= te or not self._name_follows(qn, te):
                return "quote", k
        if t.text in _COLONS and ("colon" in frames or "quote" in frames):
            return "colon", k + 1
        for fr, word in _PREP_FRAMES.items():
            if fr in frames and n == word:
                return fr, k
        if "bi" in frames and clitic_pre(t)[:1] == ("ب",) and not is_comp(n):
            return "bi", k
        return None

    def _name_follows(self, qn: int, te: int) -> bool:
        """After a short quote: does the sentence go on as after a name (a word, or "، أن")?"""
        nxt = self.toks[qn]
        if is_word(nxt):
            return True
        return nxt.text in ("،", ",") and qn + 1 < te and is_comp(self._w(qn + 1))

    def _find_content(self, j: int, frames: frozenset[str], te: int, strict: bool) -> tuple[str, int] | None:
        """From token j, skip adjuncts and look for a content marker; 'obj' frames take the next word."""
        k = j
        hops = 0
        while k < te and hops < 4:
            m = self._marker(k, frames, te)
            if m is not None and m[0] == "bi" and "an" in frames:
                # "وسائل الإعلام المعنية بالاقتصاد … بأن": a later بأن/أن is the complement, not this بـ
                for x in range(k + 1, min(te, k + 10)):
                    if self.toks[x].text in ("،", ",", ".", ":"):
                        break
                    m2 = self._marker(x, frozenset({"an"}), te)
                    if m2 is not None:
                        return m2
            if m is not None:
                return m
            if strict and k > j:
                return None
            t = self.toks[k]
            n = t.norm
            if t.text in ("،", ","):
                k += 1
                hops += 1
                if k < te and (self._w(k) in _ASIDES or self._w(k) in RELATIVES):  # "X، وهو أستاذ، إن"
                    while k < te and self.toks[k].text not in ("،", ",") and not is_comp(self._w(k)):
                        k += 1
                continue
            if self.in_timex[k] or n in ADVERBS:
                k += 1
                continue
            if n == "من" and k + 1 < te and self._w(k + 1)[:3] in ("جهت", "جان", "ناح"):
                k += 2
                continue
            if n in SAY_MASDAR:
                k += 1
                continue
            if n in self.lex.phrases or (n[:1] in ("و", "ف") and n[1:] in self.lex.phrases):
                k = self._skip_adjunct(k, te)  # "، نقلاً عن مصادر دبلوماسية، أن": a nested source
                hops += 1
                continue
            if n in ADJUNCT_OPENERS or (clitic_pre(t)[:1] == ("ل",) and is_word(t)):
                k = self._skip_adjunct(k, te, frames)
                hops += 1
                continue
            if n in RELATIVES and n != "من" and k == j:
                # "تجمع المهنيين الذي يقود الاحتجاجات إن": a relative clause on the source
                x = k + 1
                while x < te and x - k < 10 and is_word(self.toks[x]) and not is_comp(self._w(x)):
                    x += 1
                if x < te and is_comp(self._w(x)):
                    k = x
                    continue
            if "obj" in frames and k == j and n not in SUBORDINATORS and (is_word(t) or t.text in QUOTE_OPEN):
                return "obj", k
            return None
        return None

    # ------------------------------------------------------------ content spans

    def _content_after(self, frame: str, k: int, te: int) -> tuple[tuple[int, int] | None, bool]:
        """Content span starting at token k for a marker ``frame``; (span, direct)."""
        toks = self.toks
        if frame == "quote" or (k < te and toks[k].text in QUOTE_OPEN and frame == "colon"):
            q = k if toks[k].text in QUOTE_OPEN else k
            close = self._close_quote(q)
            if close is not None and close > q + 1:
                return (toks[q + 1].start, toks[close - 1].end), True
        end = te
        for x in range(k + 1, te):
            if self._starts_new_cue(x):
                end = x
                break
        while end > k and (toks[end - 1].text in _SENT_END or toks[end - 1].text in ("،", ",", ":", "؛", "-", "–")
                           or toks[end - 1].norm == "و"):
            end -= 1
        if end <= k:
            return None, False
        a, b = toks[k].start, toks[end - 1].end
        return (a, b), self._has_speech_quote(k, end)

    def _has_speech_quote(self, a: int, b: int) -> bool:
        """Does tokens a..b-1 contain a quotation of speech (not just a quoted name: شركة «فوري»، «إس-400»)?"""
        x = a
        while x < b:
            if self.toks[x].text in QUOTE_OPEN:
                close = self._close_quote(x)
                if close is None or not self._quoted_name(x, close):
                    return True
                x = close + 1
                continue
            x += 1
        return False

    def _quoted_name(self, q: int, close: int) -> bool:
        """A short quote after a category noun (شركة «…»، منظومة «…»، بـ«…»?) or made of name-like words."""
        inner = [x for x in range(q + 1, close) if is_word(self.toks[x])]
        if not inner or len(inner) > 4:
            return False
        if any(self.toks[x].text in "،,.:؟!" for x in range(q + 1, close)):
            return False
        if q > 0:
            prev = self.toks[q - 1]
            pn = prev.norm[2:] if prev.norm.startswith("ال") else prev.norm
            if pn in self.lex.name_categories or prev.norm in self.lex.name_categories:
                return True
        return all(self.ch.name_like(x) or self.toks[x].text.isdigit() or self.toks[x].norm in LETTER_NAMES
                   or self.toks[x].text[0].isascii() for x in inner)

    def _close_quote(self, q: int) -> int | None:
        """Token index of the mark closing the quote opened at token q (same paragraph)."""
        toks = self.toks
        sents = self.doc.sentences
        para = sents[toks[q].sent].para
        opener = toks[q].text
        closer = {"«": "»", "“": "”", '"': '"', "„": "”", "‘": "’"}.get(opener, "»")
        depth = 0
        for x in range(q + 1, len(toks)):
            if sents[toks[x].sent].para != para:
                return None
            c = toks[x].text
            if c == closer and depth == 0:
                return x
            if c == opener and opener != closer:
                depth += 1
            elif c == closer:
                depth -= 1
        return None

    def _starts_new_cue(self, x: int) -> bool:
        """Does token x open a new attribution clause (", مضيفاً أن", "وأضاف أن", "، بينما اعتبرت") that ends a
        content span?"""
        t = self.toks[x]
        n = t.norm
        if n not in _CLAUSE_OPENERS and not self.lex.could_trigger(n):
            return False
        if self.in_quote[x] or not is_word(t):
            return False
        prev = self.toks[x - 1].text if x > 0 else ""
        if prev in ("،", ",") and (n in self.lex.phrases or n[1:] in self.lex.phrases):
            return True  # "…، وفقاً لـ…": a cue-last phrase closes the clause before it
        if prev in ("،", ",") and (n in _CLAUSE_OPENERS or (
                n[:1] == "و" and (self.lex.verb(n) is not None or n[1:] in self.lex.decline_verbs))):
            return True
        if self.lex.participle(n) is not None and prev in ("،", ","):
            return True
        v = self.lex.verb(n)
        if v is not None and v[0] in ("و", "ف") and x + 1 < len(self.toks):
            nxt = self.toks[x + 1]
            return is_comp(nxt.norm) or nxt.text in _COLONS or nxt.text in QUOTE_OPEN or (
                self._marker(x + 1, v[1].frames - {"obj", "bi"}, len(self.toks)) is not None)
        return False

    def _content_before(self, i: int, ts: int, para: int) -> tuple[tuple[int, int] | None, bool]:
        """Content of a cue placed last: the clause before it, else the previous sentence of the paragraph."""
        toks = self.toks
        end = i
        while end > ts and (not is_word(toks[end - 1]) and toks[end - 1].text not in QUOTE_MARKS
                            or toks[end - 1].norm in ("و", "كما")):
            end -= 1
        start = ts
        while start < end and not is_word(toks[start]) and toks[start].text not in QUOTE_MARKS:
            start += 1
        first = self._w(start)
        stem = first[1:] if first[:1] in ("و", "ف") and len(first) > 2 else first
        if start < end and (stem in ADJUNCT_OPENERS or stem in SUBORDINATORS or stem in ADVERBS
                            or self.in_timex[start] or stem in RELATIVES):
            return None, False  # "وفي مقابلة يوم السبت، قالت …": a fronted adjunct, not what was said
        if sum(1 for x in range(start, end) if is_word(toks[x])) >= 3:
            a, b = toks[start].start, toks[end - 1].end
            return (a, b), self._has_speech_quote(start, end)
        si = toks[i].sent
        if si > 0 and self.doc.sentences[si - 1].para == para:
            s = self.doc.sentences[si - 1]
            a0, b0 = s.token_start, s.token_end
            while b0 > a0 and toks[b0 - 1].text in _SENT_END:
                b0 -= 1
            if b0 > a0:
                a, b = toks[a0].start, toks[b0 - 1].end
                return (a, b), self._has_speech_quote(a0, b0)
        return None, False

    def _clause_ends(self, k: int, te: int) -> bool:
        """After a source phrase: does the cue's clause end here (sentence end, or a comma and a new clause)?"""
        while k < te and (self.in_timex[k] or self._w(k) in ADVERBS):
            k += 1
        if k >= te:
            return True
        t = self.toks[k]
        if t.text in _SENT_END:
            return True
        if t.text in ("،", ","):
            if k + 1 >= te or self.toks[k + 1].text in _SENT_END:
                return True
            nxt = self.toks[k + 1]
            return self.lex.participle(nxt.norm) is not None or (
                nxt.norm[:1] in ("و", "ف") and nxt.norm not in _ASIDES and is_word(nxt))
        if t.norm in ADJUNCT_OPENERS:
            k2 = self._skip_adjunct(k, te)
            return k2 >= te or self.toks[k2].text in _SENT_END or self.toks[k2].text in ("،", ",")
        return False
