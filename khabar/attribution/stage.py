"""The attribution stage: who said what, how the source is described, and what was said.

For every token it looks up, in precompiled dictionaries over normalised forms, a reporting
verb (any person/number/gender, with و/ف), a participle (مضيفاً), a fixed phrase (وفقاً لـ،
حسبما قال، نقلاً عن) or a status phrase (رفض التعليق، لم يرد على طلب للتعليق). It then finds the
source (the noun phrase after a VSO cue, before an SVO cue, or the last speaker for a pro-drop
"وأضاف"), the content (after إن/أن, inside quotes, after a colon, or the preceding clause or
sentence for a cue placed last) and links repeated mentions of one source (``same_as``).
"""

from __future__ import annotations

from typing import Any

from khabar.attribution.base import (
    _CLAUSE_LEAD,
    _IMPERSONAL,
    _LEAD_PARTICLES,
    Rec,
)
from khabar.attribution.chunk import NP, Description, is_word
from khabar.attribution.lexicon import (
    ADJUNCT_OPENERS,
    AUX,
    QUOTE_CLOSE,
    RELATIVES,
    SUBORDINATORS,
    CueForm,
    Lexicon,
    Phrase,
    clitic_pre,
    get_lexicon,
    is_comp,
)
from khabar.attribution.links import Linker
from khabar.doc import Attribution, Doc, Token


class Finder(Linker):
    """Finds the attributions of one document: cues, their sources and their content."""

    # ------------------------------------------------------------ main loop

    def run(self) -> list[Attribution]:
        """Try the matchers at every token that can start a cue, then link and emit the records."""
        could = self.lex.could_trigger
        trig = self.lex._trig
        toks = self.toks
        for s in self.doc.sentences:
            ts, te = s.token_start, s.token_end
            for i in range(ts, te):
                n = toks[i].norm
                hit = trig.get(n)
                if hit is None:
                    hit = could(n)
                if not hit or i in self.used or self.in_quote[i]:
                    continue
                (self._status(i, ts, te) or self._phrase(i, ts, te) or self._verb(i, ts, te)
                 or self._participle(i, ts, te))
        self._extend_quotes()
        return self._finish()

    # ------------------------------------------------------------ sources

    def _source_after(self, j: int, te: int, allow_l: bool = False,
                      stop: frozenset[str] = frozenset()) -> NP | None:
        if j >= te or not self.ch.source_like(j):
            return None
        return self.ch.chunk(j, te, allow_l=allow_l, stop=stop)

    def _source_before(self, i: int, ts: int) -> NP | None:
        """SVO: the source phrase right before the cue ("وكان الوزير قد قال"، "الوزارة التي قالت")."""
        k = i - 1
        skipped = False
        while k >= ts and (self._w(k) in AUX or (self._w(k) in RELATIVES and self._w(k) != "من")
                           or self._w(k) in ("والتي", "والذي", "والذين")
                           or (skipped and self.toks[k].text in ("،", ","))):
            k -= 1
            skipped = True
        if k < ts or not is_word(self.toks[k]) or self.in_quote[k]:
            return None
        end = k + 1
        s = k
        while s > ts and end - s < 8:
            p = s - 1
            t = self.toks[p]
            if t.text == ")" and p > ts:  # "(شينخوا)، التي قالت": step over a parenthesis
                q = p
                while q > ts and self.toks[q].text != "(":
                    q -= 1
                s = q
                end = q
                continue
            if not is_word(t) or is_comp(t.norm) or p in self.used or self.lex.verb(t.norm) is not None:
                break
            if t.norm in ("في", "من", "لدي", "باسم", "علي") or t.norm in SUBORDINATORS and t.norm not in ("في", "من"):
                s = p
                continue
            if self.ch.stop_word(p):
                break
            s = p
        for st in range(s, end):
            if not self.ch.source_like(st) or not self.ch.strong_head(st):
                continue
            np = self.ch.chunk(st, end, allow_l=False)
            if np is None:
                continue
            opens = self._opens_sentence(st, ts)
            if np.end < end and opens and end - np.end <= 2 and all(
                    is_word(self.toks[x]) and not self.ch.stop_word(x) for x in range(np.end, end)):
                np.end = np.after = end  # "عضو الاتحاد العربي عبدالرحمن المسعد أكد": the name runs to the cue
                np.conjuncts[-1].end = end
            if np.end == end and (skipped or self._known_head(np) or opens):
                return np
        return None

    def _opens_sentence(self, st: int, ts: int) -> bool:
        """Only punctuation (or a "من جهته،"-type opener) precedes token st in its sentence."""
        return all(not is_word(self.toks[x]) or self._w(x) in ("اما", "واما") for x in range(ts, st))

    def _clause_start(self, i: int, ts: int) -> bool:
        """Does a bare cue open its clause (sentence start, after punctuation, "كما"، "ثم"، "بدوره")?"""
        k = i - 1
        while k >= ts and (self._w(k) in _CLAUSE_LEAD or self.in_timex[k]):
            k -= 1
        return k < ts or not is_word(self.toks[k])

    def _inside_content(self, i: int) -> bool:
        start = self.toks[i].start
        return any(r.content is not None and r.content[0] <= start < r.content[1] for r in self.recs)

    def _known_head(self, np: NP) -> bool:
        """A head the lexicons, the entity layer or the actor layer know (not just a name-like guess)."""
        h = np.conjuncts[0].head
        return np.conjuncts[0].noun is not None or self.ch.ent_at[h] is not None or bool(self.ch.men_at[h])

    def _antecedent(self, i: int, fem: bool | None, para: int) -> Rec | None:
        """The speaker a pro-drop cue continues: the latest earlier attribution in reach, agreeing in gender."""
        cands = [r for r in self.recs if r.cue[0] < self.toks[i].start and r.src is not None and para - r.para <= 1]
        if not cands:
            return None
        for r in reversed(cands):
            if fem is None or r.fem is None or r.fem == fem:
                return r
        return cands[-1]

    def _implied(self, i: int, cue: tuple[int, int], fem: bool | None, para: int) -> tuple[
            tuple[int, int] | None, Description, Rec | None]:
        """The source of a pro-drop cue: the subject of its own sentence's first clause ("هدد الرئيس ترامب …،
        وقال إن"), else the last speaker, else the subject of a recent sentence."""
        si = self.toks[i].sent
        same = [r for r in self.recs if r.sent == si and r.src is not None and r.cue[0] < self.toks[i].start]
        if same:
            root = same[-1].continues or same[-1]
            return same[-1].src, same[-1].desc, root
        s = self.doc.sentences[si]
        for x in range(i - 1, s.token_start, -1):  # the nearest "لكن X …، قائلاً" clause of the sentence
            if self._w(x) in ("لكن", "ولكن", "بينما", "فيما", "وفيما") and x + 1 < i:
                np = self._sentence_subject(x + 1, i)
                if np is not None:
                    return self._np_span(np), self.ch.describe(np), None
                break
        if self._first_word(s.token_start, i) < i:
            np = self._sentence_subject(s.token_start, i)
            if np is not None:
                return self._np_span(np), self.ch.describe(np), None
        ante = self._antecedent(i, fem, para)
        if ante is None:
            np = self._recent_subject(i, para)
            if np is None:
                return None, Description(), None
            return self._np_span(np), self.ch.describe(np), None
        root = ante.continues or ante
        return ante.src, ante.desc, root

    def _recent_subject(self, i: int, para: int) -> NP | None:
        """The VSO subject of one of the two previous sentences of the paragraph (نقل → "وأضاف")."""
        si = self.toks[i].sent
        sents = self.doc.sentences
        for back in (1, 2):
            if si - back < 0 or sents[si - back].para != para:
                return None
            s = sents[si - back]
            np = self._sentence_subject(s.token_start, s.token_end)
            if np is not None and self._known_head(np):
                d = self.ch.describe(np)
                if d.kind != "unknown" and d.kind != "document":
                    return np
        return None

    # ------------------------------------------------------------ matchers

    def _add(self, rec: Rec) -> None:
        self.recs.append(rec)
        if rec.desc.kind == "named":
            self.ch.doc_names.update(rec.desc.names)

    def _verb(self, i: int, ts: int, te: int) -> bool:
        t = self.toks[i]
        found = self.lex.verb(t.norm)
        relative = False  # "وهو ما أكده محامون": the verb's object is the preceding clause
        relative_obj = False  # "في خطوة اعتبرها مراقبون أكبر تراجع": the object pronoun, then a predicate
        if found is None:
            found = self.lex.verb_obj(t.norm)
            if found is None:
                return False
            relative = i - 1 >= ts and self._w(i - 1) in ("ما", "كما", "لما", "بما")
            if not relative and "objsuf" not in found[1].frames:
                return False
            relative_obj = not relative
        pre, form = found
        bare = pre == "" and form.number == 1 and not form.fem and t.norm == form.lemma
        if t.pos in ("NOUN", "ADP", "ADJ") and (form.strict or bare):
            return False  # "ذكر"، "نقل"، "بين": the bare form is also a noun or a preposition
        if self._negated(i, ts):
            return False
        if relative:
            return self._relative_cue(i, ts, te, form)
        if t.norm.startswith("س") and not found[1].lemma.startswith("س"):
            return False
        strict = form.strict and pre == ""
        j = self._skip_light(i + 1, te)
        np: NP | None = None
        weak = False  # a source phrase whose head no lexicon knows: needs a content marker right after
        if j < te and self._marker(j, form.frames, te) is not None:
            pass  # content right after the cue: no source phrase here
        elif j < te and self.toks[j].norm in ADJUNCT_OPENERS and not self.ch.source_like_head(j):
            k = self._skip_adjunct(j, te, form.frames)
            if k < te and self.toks[k].text in ("،", ","):
                k += 1
            if k < te and k - j <= 5 and self.ch.source_like(k) and self._marker(k, form.frames, te) is None:
                np = self._source_after(k, te)
            if np is not None or k - j <= 5:
                j = k
        elif j < te and form.number != 1 and not form.participle:
            pass  # "أبلغوا"، "أكدوا": a verb marked plural or dual has its subject before it (or none)
        elif j < te:
            np = self._source_after(j, te, stop=frozenset(self.lex.comment_objects))
            if np is None and (self.ch.definite_word(j) or (j + 1 < te and self.ch.definite_word(j + 1)
                                                             and is_word(self.toks[j]) and not self.ch.stop_word(j))):
                np = self.ch.chunk(j, te, stop=frozenset(self.lex.comment_objects))
                weak = np is not None
        after_relative = i - 1 >= ts and (self._w(i - 1) in RELATIVES or self._w(i - 1) in ("والتي", "والذي"))
        if np is not None and weak and after_relative:
            j = np.after
            np = None  # "الذي وصف الاتفاقَ بأنه": the relative's antecedent is the subject
        if np is not None:
            self._extend_to_comp(np, te)
            if "doc" in form.frames and self.ch.describe(np).kind != "document":
                return False  # "نص البيان على": only a text stipulates
        para = self.doc.sentences[t.sent].para
        cue = (t.start, t.end)
        if np is not None:
            k = np.after
            if form.lemma == "نقل" and k < te and self._w(k) == "عن":
                return self._relay_verb(i, np, k, ts, te, form)
            frames = form.frames & {"an", "quote", "colon"} if weak else form.frames
            if relative_obj:
                frames = frames | {"obj"}
            m = self._find_content(k, frames, te, strict)
            desc = self.ch.describe(np)
            src = self._np_span(np)
            if m is not None:
                content, direct = self._content_after(m[0], m[1], te)
                self._add(Rec(cue, src, desc, content, form.status, direct, None, False, t.sent, para,
                              self._agree(form, desc)))
                self.used.add(i)
                return True
            if "last" in form.frames and not strict and not weak and self._cue_last_position(i, ts) \
                    and self._clause_ends(np.after, te):
                content, direct = self._content_before(i, ts, para)
                if content is None:
                    return False
                self._add(Rec(cue, src, desc, content, form.status, direct, None, True, t.sent, para,
                              self._agree(form, desc)))
                self.used.add(i)
                return True
            return False
        if strict:
            return False  # "بين" / "رد" / "كتب" alone: too ambiguous without a source phrase
        if t.norm in _IMPERSONAL or (pre and t.norm[1:] in _IMPERSONAL):
            return False  # "يذكر أن" / "يشار إلى أن": the writer's aside, nobody is cited
        # no source after the cue: content right away → SVO source before, or a pro-drop continuation
        same_speaker = any(r.sent == t.sent and r.src is not None for r in self.recs)
        m = self._find_content(j, form.frames if same_speaker and pre else form.frames - {"obj"}, te, strict)
        if m is None:
            return False
        content, direct = self._content_after(m[0], m[1], te)
        if "doc" in form.frames:
            return False
        before = self._source_before(i, ts) if pre in ("", "ف") else None  # "أما الوزير فقال"
        if before is not None:
            desc = self.ch.describe(before)
            self._add(Rec(cue, self._np_span(before), desc, content, form.status, direct, None, False, t.sent, para,
                          desc.fem))
        else:
            if self._inside_content(i):
                return False  # a bare verb inside a reported clause is part of what was said
            if not pre and not self._clause_start(i, ts):
                return False  # "كل هذا يشير إلى أن"، "مما يشير": a subject we cannot see, not a continuation
            isrc, idesc, root = self._implied(i, cue, form.fem, para)
            self._add(Rec(cue, isrc, idesc, content, form.status, direct, root, False, t.sent, para,
                          idesc.fem if isrc else form.fem))
        self.used.add(i)
        return True

    @staticmethod
    def _agree(form: CueForm, desc: Description) -> bool | None:
        """The gender a later pro-drop verb will show for this source: a VSO verb agrees with its subject in
        gender (قالت مصادر: broken plurals of things take the feminine), so the cue's own form tells."""
        return form.fem if form.number == 1 else desc.fem

    def _relative_cue(self, i: int, ts: int, te: int, form: CueForm) -> bool:
        """"…، وهو ما أكده محامون حقوقيون": the source follows, the content is the clause before "ما"."""
        t = self.toks[i]
        np = self._source_after(self._skip_light(i + 1, te), te)
        if np is None:
            return False
        para = self.doc.sentences[t.sent].para
        k = i - 1
        while k > ts and (self._w(k - 1) in ("وهو", "وهي", "هو", "هي", "وذلك") or self.toks[k - 1].text in ("،", ",")):
            k -= 1
        content, direct = self._content_before(k, ts, para)
        if content is None:
            return False
        desc = self.ch.describe(np)
        self._add(Rec((t.start, t.end), self._np_span(np), desc, content, form.status, direct, None, True, t.sent,
                      para, self._agree(form, desc)))
        self.used.add(i)
        return True

    def _extend_to_comp(self, np: NP, te: int) -> None:
        """"قالت السلطات الأوكرانية إن": up to two plain words between a phrase and إن/أن belong to it."""
        if np.appos is not None:
            return
        k = np.end
        while k < te and k - np.end < 2 and is_word(self.toks[k]) and not self.ch.stop_word(k) \
                and not is_comp(self._w(k)) and self.lex.verb(self._w(k)) is None \
                and clitic_pre(self.toks[k])[:1] not in (("ل",), ("و",), ("ف",), ("ب",)) and not self.in_timex[k]:
            k += 1
        if k > np.end and k < te and is_comp(self._w(k)):
            np.end = np.after = k
            np.conjuncts[-1].end = k

    def _cue_last_position(self, i: int, ts: int) -> bool:
        """A cue placed after its content follows a comma, a closing quote or a sentence break ("…، وقال X.")."""
        k = i - 1
        while k >= ts and self._w(k) in ("و", "كما"):
            k -= 1
        if k < ts:
            return True
        c = self.toks[k].text
        return c in ("،", ",", "؛", ";", "-", "–") or c in QUOTE_CLOSE

    def _relay_verb(self, i: int, outlet: NP, k: int, ts: int, te: int, form: CueForm) -> bool:
        """"نقلت صحيفة X عن مصادر (قولها) إن …": the outlet and the source it quotes, sharing the cue."""
        t = self.toks[i]
        para = self.doc.sentences[t.sent].para
        inner = self._source_after(k + 1, te)
        frames = form.frames | {"an", "quote", "colon"}
        after = inner.after if inner is not None else k + 1
        m = self._find_content(after, frames, te, False)
        content, direct = self._content_after(m[0], m[1], te) if m is not None else (None, False)
        if m is None and "last" in frames:
            content, direct = self._content_before(i, ts, para)
        cue = (t.start, t.end)
        d1 = self.ch.describe(outlet)
        self._add(Rec(cue, self._np_span(outlet), d1, content, "stated", direct, None, False, t.sent, para, d1.fem))
        if inner is not None:
            d2 = self.ch.describe(inner)
            self._add(Rec(cue, self._np_span(inner), d2, content, "stated", direct, None, False, t.sent, para, d2.fem))
        self.used.add(i)
        return True

    def _participle(self, i: int, ts: int, te: int) -> bool:
        t = self.toks[i]
        form = self.lex.participle(t.norm)
        if form is None:
            return False
        frames = form.frames & {"an", "quote", "colon", "to", "on", "about", "from"}
        if self.ch.freq.get("ال" + t.norm, 0) > 50:
            frames = frames & {"an", "to"}  # "متابعة"، "معلقة" are mostly nouns: only "مضيفةً أن" counts
        m = self._marker(i + 1, frames, te)
        if m is None and "obj" in form.frames and i + 1 < te and is_word(self.toks[i + 1]) \
                and not self.ch.stop_word(i + 1):
            m = ("obj", i + 1)  # "متهماً حماس بـ…"
        if m is None:
            return False
        content, direct = self._content_after(m[0], m[1], te)
        para = self.doc.sentences[t.sent].para
        cue = (t.start, t.end)
        # the participle's subject: the speaker of this sentence, else the sentence's first subject
        isrc, idesc, iroot = self._implied(i, cue, form.fem, para)
        self._add(Rec(cue, isrc, idesc, content, form.status, direct, iroot, False, t.sent, para,
                      idesc.fem if isrc else form.fem))
        self.used.add(i)
        return True

    def _first_word(self, ts: int, limit: int) -> int:
        """The first word of a sentence after punctuation, lead particles and a fronted adjunct ("وفي واشنطن،")."""
        j = ts
        for x in range(ts, min(limit, ts + 9)):  # a dateline: "دمشق/واشنطن (رويترز) - "
            if self.toks[x].text in ("-", "–", "—") and x > ts:
                j = x + 1
                break
        while j < limit and (not is_word(self.toks[j]) or self._w(j) in _LEAD_PARTICLES):
            j += 1
        w = self._w(j)
        stem = w[1:] if w[:1] in ("و", "ف") and len(w) > 2 else w
        if j < limit and (stem in ADJUNCT_OPENERS or stem in ("من", "بعد", "وسط")):
            k = j + 1
            while k < limit and k - j < 8 and self.toks[k].text not in ("،", ","):
                k += 1
            if k < limit and self.toks[k].text in ("،", ","):
                j = k + 1
        return j

    def _sentence_subject(self, ts: int, limit: int) -> NP | None:
        """The subject of a sentence-initial verb (VSO), or of a subject-first sentence ("لكن المتحدث … شكك"):
        "استقبل الرئيس السيسي …، مؤكداً" → الرئيس السيسي."""
        j = self._first_word(ts, limit)
        if j >= limit or self._w(j) in ADJUNCT_OPENERS or self.in_timex[j] or self.ch.stop_word(j):
            if j < limit and self._w(j) in ("لكن", "ولكن", "بينما", "فيما"):
                j += 1
            else:
                return None
        if j < limit and self.ch.source_like(j) and self.ch.strong_head(j) and self.ch.head_noun(j)[0] is not None:
            return self.ch.chunk(j, limit)  # subject first: "لكن المتحدث باسم المجلس جون كيربي شكك …"
        if self.toks[j].pos not in (None, "VERB") or self.ch.source_like_head(j):
            return None
        j += 1
        if j < limit and ((self.ch.source_like(j) and self.ch.strong_head(j)) or self.ch.definite_word(j)):
            return self.ch.chunk(j, limit)
        return None

    def _phrase(self, i: int, ts: int, te: int) -> bool:
        t = self.toks[i]
        cands: list[Phrase] = []
        for pre, stem in self._phrase_keys(t):
            cands += [p for p in self.lex.phrases.get(stem, []) if pre in ("", "و", "ف")]
        for ph in cands:
            k = i + 1
            ok = True
            for w in ph.words[1:]:
                if k < te and self._w(k) == w:
                    k += 1
                else:
                    ok = False
                    break
            if not ok:
                continue
            if self._apply_phrase(i, k, ph, ts, te):
                return True
        return False

    def _phrase_keys(self, t: Token) -> list[tuple[str, str]]:
        n = t.norm
        out = [("", n)]
        if n[:1] in ("و", "ف") and len(n) > 3:
            out.append((n[0], n[1:]))
        return out

    def _apply_phrase(self, i: int, k: int, ph: Phrase, ts: int, te: int) -> bool:
        t = self.toks[i]
        para = self.doc.sentences[t.sent].para
        allow_l = False
        if ph.needs_l:
            if k < te and self._w(k) == "ل":
                k += 1
            elif k < te and self.toks[k].norm.startswith("ل"):
                allow_l = True
            else:
                return False
        cue_end = k
        if ph.type == "according_verb":
            if k >= te:
                return False
            v = self.lex.verb(self._w(k)) or self.lex.verb_obj(self._w(k))
            if v is None or v[1].strict:
                return False
            cue_end = k + 1
            k = self._skip_light(k + 1, te)
            if k < te and self._w(k) == "به":
                k += 1
        np = self._source_after(k, te, allow_l=allow_l) or (
            self.ch.chunk(k, te, allow_l=allow_l) if k < te and is_word(self.toks[k]) and not self.ch.stop_word(k)
            else None)
        if np is None:
            return False
        cue = (t.start, self.toks[cue_end - 1].end)
        desc = self.ch.describe(np)
        src = self._np_span(np)
        if allow_l and src is not None:
            src = (src[0] + 1, src[1]) if self.text[src[0]] == "ل" and src[1] - src[0] > 1 else src
            if self.text[src[0]] == "ل":  # "للمسؤولين": ل + ال (written لل)
                src = (src[0] + 1, src[1])
        first = ts
        while first < i and not is_word(self.toks[first]):
            first += 1
        at_start = i == first
        if at_start:
            k2 = np.after
            while k2 < te and self.toks[k2].text in ("،", ","):
                k2 += 1
            if k2 < te and self._w(k2) in ("فان", "فانه", "فانها", "فانهم", "ان"):
                k2 += 1
            content, direct = self._content_after("obj", k2, te) if k2 < te else (None, False)
        else:
            content, direct = self._content_before(i, ts, para)
        self._add(Rec(cue, src, desc, content, "stated", direct, None, not at_start, t.sent, para, desc.fem))
        self.used.update(range(i, cue_end))
        return True

    def _status(self, i: int, ts: int, te: int) -> bool:
        """Declined to comment (رفض التعليق), no response (لم يرد على طلب للتعليق), unreachable (لم يتسن)."""
        t = self.toks[i]
        n = t.norm
        lex = self.lex
        para = self.doc.sentences[t.sent].para
        stem = n[1:] if n[:1] in ("و", "ف") and len(n) > 3 else n
        dec = lex.decline_verbs.get(n) or lex.decline_verbs.get(stem)
        if dec is not None and not self._negated(i, ts):
            j = self._skip_light(i + 1, te)
            np = self._source_after(j, te, stop=frozenset(lex.comment_objects))
            k = np.after if np is not None else j
            if k < te and self._w(k) in ("عن", "علي"):
                k += 1
            if k < te and lex.stem_in(self._w(k), lex.comment_objects, ("", "ال", "ب", "بال")):
                self._status_rec(i, i + 1, np, "declined_to_comment", dec.fem, para)
                return True
            return False
        nor = lex.noresponse_verbs.get(n) or lex.noresponse_verbs.get(stem)
        if nor is not None and self._negated(i, ts):
            j = self._skip_light(i + 1, te)
            np = self._source_after(j, te)
            k = np.after if np is not None else j
            window = [self._w(x) for x in range(k, min(te, k + 8))]
            if any(lex.stem_in(w, lex.request_nouns, ("", "ال", "ل", "لل", "ب", "بال")) for w in window):
                self._status_rec(i - 1, i + 1, np, "no_response", nor.fem, para)
                return True
            return False
        if stem in lex.unreachable and (self._negated(i, ts) or stem.startswith("تعذر")):
            for x in range(i + 1, min(te, i + 9)):
                w = self._w(x)
                if w in ("من", "الي") or (clitic_pre(self.toks[x])[:1] == ("ب",) and self.ch.org_like(x)):
                    j = x + 1 if w in ("من", "الي") else x
                    np = self._source_after(j, te, allow_l=False)
                    if np is not None:
                        a = i - 1 if self._negated(i, ts) else i
                        self._status_rec(a, i + 1, np, "no_response", None, para)
                        return True
            return False
        return False

    def _status_rec(self, a: int, b: int, np: NP | None, status: str, fem: bool | None, para: int) -> None:
        t = self.toks[b - 1]
        cue = self._char_span(a, b)
        if np is not None:
            desc = self.ch.describe(np)
            src: tuple[int, int] | None = self._np_span(np)
            if src is not None and self.text[src[0]] == "ب" and clitic_pre(self.toks[np.start])[:1] == ("ب",):
                src = (src[0] + 1, src[1])
            self._add(Rec(cue, src, desc, None, status, False, None, False, t.sent, para, desc.fem))
        else:
            src, desc, root = self._implied(a, cue, fem, para)
            self._add(Rec(cue, src, desc, None, status, False, root, False, t.sent, para, fem))
        self.used.update(range(a, b))


class AttributionStage:
    """Fills ``doc.attributions`` (cue, source, content, direct, status) from lexicon cues over tokens."""

    name = "attribution@1"
    requires: tuple[str, ...] = ("tokens",)
    provides: tuple[str, ...] = ("attributions",)

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        from khabar.text.stage import default_segmenter

        self.lex = lexicon or get_lexicon()
        lexmap = default_segmenter().lex
        self.freq: dict[str, int] = lexmap if isinstance(lexmap, dict) else dict(lexmap)

    def __call__(self, doc: Doc) -> Doc:
        doc.attributions = Finder(doc, self.lex, self.freq).run() if doc.tokens else []
        doc.provided.update(self.provides)
        return doc


def make_stage(options: dict[str, Any], config: Any) -> AttributionStage:
    """Pipeline factory (``khabar.pipeline.REGISTRY['attribution']``)."""
    return AttributionStage()
