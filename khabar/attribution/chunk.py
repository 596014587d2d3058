"""Source noun phrases over tokens: where a source starts and ends, and how it is described.

The chunker walks tokens from a start index, keeping nouns, adjectives and names and the few
prepositional modifiers that belong to a source ("اثنان من مسؤولي الدفاع"، "المتحدث باسم"،
"على دراية بالمناقشات"، "سفير … لدى الصين"، "رفض الكشف عن اسمه"), coordinated sources
("مسؤول حالي ومسؤول سابق") and an apposition between commas. ``describe`` derives kind, count
(numerals and the Arabic dual), role, tenure, affiliation and entity from the lexicons and from
the entity and actor layers when earlier stages filled them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khabar.attribution.lexicon import (
    ADVERBS,
    LETTER_NAMES,
    NUMERALS,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    RELATIVES,
    SAY_MASDAR,
    STOP_WORDS,
    Lexicon,
    SourceNoun,
    analyses,
    clitic_pre,
    clitic_suf,
    is_comp,
)
from khabar.doc import Actor, ActorMention, Doc, Entity, Token

ORG_MENTION_KINDS = frozenset({"country", "capital", "institution", "igo", "group", "org", "organization",
                               "government", "military", "media", "party"})
ORG_LABELS = frozenset({"ORG", "GPE", "NORP"})
_ANON_VERBS = frozenset({"طلب", "رفض", "فضل", "اشترط", "طلبت", "رفضت", "فضلت", "اشترطت", "طلبوا", "رفضوا",
                         "فضلوا", "اشترطوا", "طلبا", "رفضا"})
# what an anonymity verb governs: "طلب عدم الكشف"، "رفض ذكر اسمه"، "اشترط عدم الإفصاح"
_ANON_OBJECTS = frozenset({"الكشف", "عدم", "ذكر", "الافصاح", "نشر", "كشف"})
# verbal-noun patterns (تفعيل إفعال افتعال استفعال انفعال تفاعل مفاعلة): common nouns, not names
_MASDAR = re.compile(r"^(?:ت..ي.|ا..ا.|ا.ت.ا.|است..ا.|ان..ا.|ت.ا..|م.ا..ه)$")
# tags under which a token cannot be a name (the tagger only vetoes; its PROPN is weighed with the lexicons)
_NON_NAME_POS = frozenset({"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON", "DET", "PART", "NUM", "PUNCT", "SYM"})
NAME_PARTICLES = frozenset({"بن", "ابن", "بنت", "ابو", "ابي", "ال", "عبد", "دي", "فون", "فان", "ولد", "بنى"})
_QUANT_HEADS = frozenset({"احد", "احدي", "عدد", "بعض", "كل", "كلا", "اغلب", "معظم", "بعضا", "كبار"})


class _MentionIndex(dict[int, list[ActorMention]]):
    """Token index → actor mentions covering it (empty list for tokens without any)."""

    def __missing__(self, key: int) -> list[ActorMention]:
        return []


@dataclass
class Conjunct:
    """One coordinated member of a source phrase: its token range, head and numeral."""

    start: int
    end: int
    head: int
    noun: SourceNoun | None
    numeral: int | None = None
    definite: bool = False
    quoted: bool = False


@dataclass
class NP:
    """A chunked source phrase (token indices, end exclusive) and its apposition."""

    start: int
    end: int
    conjuncts: list[Conjunct]
    appos: tuple[int, int] | None = None
    anonymity: bool = False  # "رفض الكشف عن اسمه"
    after: int = 0  # first token index after the phrase and its apposition


@dataclass
class Description:
    """What the text says of a source, before it becomes a :class:`khabar.doc.Source`."""

    kind: str = "unknown"
    count: int | None = None
    actor: Actor | None = None
    role: str | None = None
    tenure: str | None = None
    entity: str | None = None
    definite: bool = False
    head: str | None = None  # head lemma, for linking later mentions
    descriptors: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    fem: bool | None = None
    plural: bool = False
    cls: str | None = None  # the head noun's lexicon class (person, office, org, outlet, doc)
    numeral: bool = False  # introduced by a numeral ("اثنان من مسؤولي الدفاع"): a new group, never a repeat
    sector: str | None = None  # the head noun's PLOVER sector (official → GOV, army → MIL)


def is_word(t: Token) -> bool:
    c = t.text[0]
    return c.isalpha() or c.isdigit() or c == "\u0640"


class Chunker:
    """Chunks and describes source phrases in one document (per-document token maps)."""

    def __init__(self, doc: Doc, lex: Lexicon, freq: dict[str, int], in_quote: list[bool],
                 in_timex: list[bool]) -> None:
        self.doc = doc
        self.toks = doc.tokens
        self.lex = lex
        self.freq = freq
        self.in_quote = in_quote
        self.in_timex = in_timex
        n = len(self.toks)
        self.doc_names: set[str] = set()  # name words of sources already found in this document
        self.ent_at: list[Entity | None] = [None] * n
        self.men_at: _MentionIndex = _MentionIndex()
        self._starts: list[int] | None = None
        self._nl: dict[int, bool] = {}
        if doc.entities:
            self._index_spans([(e.start, e.end, e) for e in doc.entities], self._set_ent)
        if doc.actor_mentions:
            self._index_spans([(m.start, m.end, m) for m in doc.actor_mentions], self._add_men)

    # ------------------------------------------------------------ span → token maps

    def _set_ent(self, i: int, e: object) -> None:
        if self.ent_at[i] is None and isinstance(e, Entity):
            self.ent_at[i] = e

    def _add_men(self, i: int, m: object) -> None:
        if isinstance(m, ActorMention):
            self.men_at.setdefault(i, []).append(m)

    def _index_spans(self, spans: list[tuple[int, int, object]], put: object) -> None:
        import bisect
        if self._starts is None:
            self._starts = [t.start for t in self.toks]
        starts = self._starts
        for s, e, obj in spans:
            i = max(0, bisect.bisect_right(starts, s) - 1)
            while i < len(self.toks) and self.toks[i].start < e:
                if self.toks[i].end > s:
                    put(i, obj)  # type: ignore[operator]
                i += 1

    # ------------------------------------------------------------ word classes

    def name_like(self, i: int) -> bool:
        """Could token i be (part of) a proper name? Not a lexicon word, function word or nisba adjective."""
        hit = self._nl.get(i)
        if hit is None:
            hit = self._nl[i] = self._name_like(i)
        return hit

    def _name_like(self, i: int) -> bool:
        t = self.toks[i]
        if t.norm == "علي" and t.text.endswith("ي"):
            return True  # the name "علي" (written with ي), not the preposition "على"
        ent = self.ent_at[i]
        n = t.norm
        if ent is not None:
            # an entity decides, except on words the lexicons know (a tagger may call "المسؤولان" a PERSON)
            known = (self.lex.noun(n) is not None or self.lex.modifier(n) is not None or n in STOP_WORDS
                     or self.adjective(i))
            return ent.label == "PERSON" and not known
        if not t.text[0].isalpha():
            return False
        if t.pos in _NON_NAME_POS:
            return False  # the tagger is a veto only: its PROPN is not trusted over the lexicons
        if t.pos == "PROPN" and not self.lex.noun(t.norm) and not self.lex.modifier(t.norm) \
                and t.norm not in STOP_WORDS and not self.lex.verb(t.norm):
            return True
        if t.text[0].isascii():
            return True
        if n[:1] in ("ي", "ت") and len(n) >= 4 and self.freq.get("س" + n, 0) > 0:
            return False  # an imperfect verb: it also occurs with the future prefix (يتحدث/سيتحدث)
        if _MASDAR.match(n) and self.freq.get("ال" + n, 0) > 0:
            return False
        if n in STOP_WORDS or n in NUMERALS or n in ADVERBS or n in SAY_MASDAR or len(n) < 2:
            return False
        if n[:1] in ("و", "ف") and n[1:] in ADVERBS:
            return False
        if self.lex.noun(n) or self.lex.modifier(n) or self.lex.verb(n) or self.lex.participle(n):
            return False
        if n.startswith("ال") or n.startswith("وال"):
            return False
        if n.endswith("ي") and self.freq.get(n + "ه", 0) > 20:  # nisba adjective: امريكي/امريكيه
            return False
        if n.endswith("يه") and self.freq.get(n[:-1], 0) > 20:
            return False
        if n in self.doc_names:
            return True
        if clitic_pre(t) and clitic_pre(t)[0] in ("ب", "ل", "ك", "س"):
            return False
        if n[:1] in ("ي", "ت") and len(n) >= 4 and self.freq.get(("ت" if n[0] == "ي" else "ي") + n[1:], 0) > 20:
            return False  # an imperfect verb: its other-gender form is frequent too (ترفض/يرفض)
        if clitic_suf(t):
            return False
        definite = self.freq.get("ال" + n, 0)
        if definite >= 10 and definite * 8 >= self.freq.get(n, 0):  # a common noun: it often takes ال
            return False
        return True

    def org_like(self, i: int) -> bool:
        """Does token i name an institution or a state (lexicon org/outlet, ORG/GPE entity, actor)?"""
        ent = self.ent_at[i]
        if ent is not None and ent.label in ORG_LABELS:
            return True
        if any(m.kind in ORG_MENTION_KINDS for m in self.men_at[i]):
            return True
        nn = self.lex.noun(self.toks[i].norm)
        if nn is not None and nn[1].cls in ("org", "outlet"):
            return True
        return self.multi_noun(i) is not None

    def multi_noun(self, i: int) -> tuple[int, SourceNoun] | None:
        """A multiword source noun (البيت الأبيض) starting at token i: (end index, noun)."""
        for _pre, stem in analyses(self.toks[i].norm):
            cands = self.lex.multi_nouns.get(stem[2:] if stem.startswith("ال") else stem)
            if not cands:
                continue
            for words, noun in cands:
                k = i + 1
                ok = True
                for w in words[1:]:
                    if k >= len(self.toks) or self.toks[k].norm != w:
                        ok = False
                        break
                    k += 1
                if ok:
                    return k, noun
        return None

    def head_noun(self, i: int) -> tuple[SourceNoun | None, bool]:
        """(source noun, definite) for a head token."""
        mn = self.multi_noun(i)
        if mn is not None:
            return mn[1], True
        t = self.toks[i]
        found = self.lex.noun(t.norm)
        if found is None:
            poss = self.lex.noun_poss(t.norm)
            if poss is not None:
                return poss, True  # "حزبه"، "والدها": a possessed noun is definite
            return None, t.norm.startswith("ال") or "ال" in "".join(clitic_pre(t))
        pre, noun = found
        return noun, "ال" in pre or "لل" in pre or noun.lemma.startswith("ال")

    def source_like(self, i: int) -> bool:
        """Can a source phrase start at token i (a lexicon head, a numeral, an entity, a name)?"""
        t = self.toks[i]
        if not is_word(t) or self.in_quote[i]:
            return False
        if t.norm in NUMERALS or t.text.isdigit():
            return True
        if t.norm in _QUANT_HEADS:
            return True
        if self.head_noun(i)[0] is not None:
            return True
        if self.ent_at[i] is not None or self.men_at[i]:
            return True
        if self.name_like(i) or t.norm in self.doc_names:
            return True
        # a first name that is also a common word, followed by a name: "جو بايدن"
        return (i + 1 < len(self.toks) and not t.norm.startswith("ال") and t.norm not in STOP_WORDS
                and not clitic_pre(t) and self.name_like(i + 1) and self.lex.verb(t.norm) is None)

    def letter_an(self, k: int) -> bool:
        """Is "إن" at k the letter N of an acronym (شبكة إن بي سي، سي إن إن) rather than a complementiser?"""
        toks = self.toks
        if toks[k].norm != "ان" or k + 1 >= len(toks):
            return False
        nxt = toks[k + 1].norm
        prev = toks[k - 1].norm if k > 0 else ""
        return (nxt in LETTER_NAMES and nxt != "ان") or (prev in LETTER_NAMES and nxt == "ان")

    def source_like_head(self, i: int) -> bool:
        """Token i is itself (without a stripped clitic) a source noun or an entity: "لجنة" is not "ل+جنة"."""
        return self.toks[i].norm in self.lex.nouns or self.ent_at[i] is not None

    def person_head(self, i: int) -> bool:
        """Token i is a person or office noun, or a numeral (a source can start here)."""
        n = self.toks[i].norm
        if n in NUMERALS:
            return True
        found = self.lex.noun(n)
        return found is not None and found[1].cls in ("person", "office") and found[0] in ("", "ال")

    def strong_head(self, i: int) -> bool:
        """A head that can be a subject found without a cue right before it: lexicon noun, entity, actor, name."""
        if self.head_noun(i)[0] is not None or self.ent_at[i] is not None or self.men_at[i]:
            return True
        return self.name_like(i)

    def definite_word(self, i: int) -> bool:
        """A definite content word (الرجل، المديرية) that could head a source phrase no lexicon knows."""
        t = self.toks[i]
        return (is_word(t) and t.norm.startswith("ال") and len(t.norm) > 3 and t.norm not in STOP_WORDS
                and not self.in_quote[i] and self.lex.verb(t.norm) is None and t.pos not in _NON_NAME_POS)

    def stop_word(self, i: int) -> bool:
        n = self.toks[i].norm
        return n in STOP_WORDS or (n[:1] in ("و", "ف") and n[1:] in STOP_WORDS)

    # ------------------------------------------------------------ chunking

    def quoted_name(self, k: int, limit: int) -> int | None:
        """If token k opens a short quote (1–4 words, no inner punctuation) read as a name («الحياة»،
        "سكاي نيوز"), the index after its closing mark; else None."""
        toks = self.toks
        if k >= limit or toks[k].text not in QUOTE_OPEN:
            return None
        for x in range(k + 1, min(limit, k + 6)):
            c = toks[x].text
            if c in QUOTE_CLOSE:
                return x + 1 if x > k + 1 else None
            if not is_word(toks[x]):
                return None
        return None

    def adjective(self, k: int) -> bool:
        """A modifier: lexicon modifier, or a nisba adjective (أمريكي، الأمريكيون، صينية)."""
        n = self.toks[k].norm
        if self.lex.modifier(n) is not None:
            return True
        stem = n[2:] if n.startswith("ال") else (n[3:] if n.startswith("وال") else n)
        for suf in ("", "ه", "ون", "ين", "ان", "تان", "تين", "ات"):
            if suf and not stem.endswith(suf):
                continue
            base = stem[: len(stem) - len(suf)] if suf else stem
            if base.endswith("ي") and len(base) > 3 and base[-2] not in "اوي" and (
                    self.freq.get(base + "ه", 0) > 5 or self.freq.get(base, 0) > 10
                    or self.freq.get(base[:-1], 0) > 30 or self.freq.get("ال" + base[:-1], 0) > 30
                    or self.freq.get(base[:-1] + "ا", 0) > 30):  # أوكراني ← أوكرانيا، روسي ← روسيا
                return True
        return False

    def surname(self, k: int) -> bool:
        """An ال-word right after a name that is itself part of the name (الجبير، السيسي), not a common noun."""
        ent = self.ent_at[k]
        if self.doc.entities:
            return ent is not None and ent.label == "PERSON"
        n = self.toks[k].norm
        if not n.startswith("ال") or self.lex.noun(n) or self.adjective(k):
            return False
        f = self.freq.get(n, 0)
        return f < 1500 and f >= 4 * self.freq.get(n[2:], 0)

    def chunk(self, j: int, limit: int, allow_l: bool = False, stop: frozenset[str] = frozenset()) -> NP | None:
        """The source phrase starting at token j (before ``limit``), or None when none starts there."""
        toks = self.toks
        lex = self.lex
        if j >= limit:
            return None
        conj: list[Conjunct] = []
        k = j
        anonymity = False
        numeral: int | None = None
        start = j
        prev_kind = ""  # what the previous kept token was: head / numeral / descriptor / name / mod / prep
        names = False  # a name has been read in the current conjunct
        keep = 0  # the phrase keeps at least this many tokens (a name ending in a particle-like word)
        name_run = 0
        while k < limit and k - j < 14:
            t = toks[k]
            n = t.norm
            qn = self.quoted_name(k, limit)
            if qn is not None and (not conj or prev_kind == "prep" or (
                    conj[-1].noun is not None and conj[-1].noun.cls in ("org", "outlet", "doc"))):
                if not conj:
                    conj.append(Conjunct(start, qn, k + 1, None, numeral, True, quoted=True))
                k = qn
                conj[-1].end = k
                prev_kind = "name"
                names = True
                continue
            two = n in ("الاثنين", "الاثنان") and bool(conj) and conj[-1].noun is not None  # not Monday here
            if not is_word(t) or self.in_quote[k] or (self.in_timex[k] and not two):
                break
            if (is_comp(n) and not self.letter_an(k)) or n in SAY_MASDAR or lex.stem_in(n, stop):
                break
            if not conj:
                # ---- the head of the first conjunct (after an optional numeral + من)
                nn = n[1:] if allow_l and k == j and n.startswith("ل") and n[1:] in NUMERALS else n
                num = NUMERALS.get(nn) if nn not in ("الاثنين", "الاثنان") else None
                if num is None and n.isdigit() and len(n) < 3:
                    num = int(n)
                if num is not None and numeral is None:
                    numeral = num
                    k += 1
                    if k < limit and toks[k].norm == "من":
                        k += 1
                    prev_kind = "numeral"
                    continue
                if (n in STOP_WORDS and n not in _QUANT_HEADS) or n == "ل":
                    return None
                if lex.verb(n) is not None or lex.participle(n) is not None:
                    return None
                if clitic_pre(t) and clitic_pre(t)[-1] == "ل" and not allow_l and k == j and n not in self.doc_names:
                    return None
                if n[:1] in ("و", "ف") and clitic_pre(t)[:1] in (("و",), ("ف",)) and k == j:
                    return None  # a subject never starts with a conjunction
                if n[:1] in ("و", "ف") and n[1:] in STOP_WORDS:
                    return None
                noun, definite = self.head_noun(k)
                conj.append(Conjunct(start, k + 1, k, noun, numeral, definite))
                names = noun is None and self.name_like(k)
                mn = self.multi_noun(k)
                k = mn[0] if mn else k + 1
                if n in _QUANT_HEADS and k < limit and toks[k].norm == "من":
                    k += 1
                prev_kind = "name" if names else "head"
                continue
            cur = conj[-1]
            ent = self.ent_at[k]
            if ent is not None:
                same = k > 0 and self.ent_at[k - 1] is ent
                fits = cur.noun is not None and (
                    (cur.noun.cls in ("org", "outlet") and ent.label in ("ORG", "GPE", "MISC"))
                    or (cur.noun.cls in ("office", "person") and ent.label == "PERSON"))
                org_head = cur.noun is not None and cur.noun.cls in ("org", "outlet")
                if same or (fits and (prev_kind in ("head", "mod", "descriptor") or org_head)):
                    k0 = k
                    while k < limit and self.ent_at[k] is ent:
                        k += 1  # the whole entity: "شبكة إن بي سي نيوز"، "وزير الخارجية أنتوني بلينكن"
                    cur.end = keep = k
                    names = names or (ent.label == "PERSON" and any(self.name_like(x) for x in range(k0, k)))
                    prev_kind = "name"
                    continue
                if names and ent.label != "PERSON" and not org_head:
                    break  # "بومبيو إيرانَ": another entity after a name is not part of it
            if t.pos in ("VERB", "AUX") and ent is None and lex.noun(n) is None and lex.modifier(n) is None \
                    and not self.adjective(k) and not self._anonymity_at(k, limit):
                break  # a verb ends the phrase, except the anonymity clause handled below
            # ---- continuations of the current conjunct
            if n == "من" and (prev_kind == "descriptor" or toks[cur.head].norm in _QUANT_HEADS):
                k += 1
                prev_kind = "prep"
                continue
            if n == "الي" and cur.noun is not None and cur.noun.cls == "office" and k + 1 < limit \
                    and (self.name_like(k + 1) or self.org_like(k + 1) or self.ent_at[k + 1] is not None):
                k += 2  # "المبعوث الأممي إلى اليمن"
                cur.end = k
                prev_kind = "mod"
                continue
            if n in ("بقياده", "بزعامه", "برئاسه") and k + 1 < limit and is_word(toks[k + 1]):
                k += 2  # "التحالف بقيادة السعودية"
                cur.end = k
                prev_kind = "mod"
                continue
            if n in ("في", "من", "لدي", "داخل") or (clitic_pre(t)[:1] == ("ب",) and n != "باسم"):
                person = cur.noun is not None and cur.noun.cls in ("person", "office")
                nxt = k + (1 if n in ("في", "من", "لدي", "داخل") else 0)
                if (person or n == "لدي") and nxt < limit and (self.quoted_name(nxt, limit) is not None or (
                        is_word(toks[nxt]) and (self.org_like(nxt) or n == "لدي" or prev_kind == "descriptor"))):
                    if nxt > k and self.quoted_name(nxt, limit) is not None:
                        k = nxt
                    else:
                        k = nxt + 1 if nxt > k else k + 1
                    prev_kind = "prep"
                    continue
                if prev_kind == "descriptor" and clitic_pre(t)[:1] == ("ب",):
                    k += 1
                    prev_kind = "mod"
                    continue
                break
            if n == "باسم":
                k += 1
                prev_kind = "prep"
                continue
            if n in ("باسمه", "باسمها", "باسمهم", "باسمهما"):
                k += 1  # "متحدث باسمها": the phrase ends with the pronoun
                cur.end = k
                break
            if n == "علي" and prev_kind == "descriptor":
                k += 1
                prev_kind = "prep"
                continue
            if n in RELATIVES and n != "من" and k + 1 < limit and toks[k + 1].norm in _ANON_VERBS:
                # "مسؤول طلب عدم الكشف عن اسمه": consume the anonymity clause
                anonymity = True
                k = self._skip_clause(k + 1, limit)
                break
            if self._anonymity_at(k, limit):
                anonymity = True
                k = self._skip_clause(k, limit)
                break
            mod = lex.modifier(n)
            if clitic_pre(t)[:1] in (("و",), ("ف",)) and not (mod and mod[0] != "domain"):
                # coordination: only another source ("ومسؤول", "وشي")
                if self.head_noun(k)[0] is not None or self.name_like_stem(k) or self.ent_at[k] is not None:
                    noun, definite = self.head_noun(k)
                    conj.append(Conjunct(k, k + 1, k, noun, None, definite))
                    names = noun is None
                    k += 1
                    prev_kind = "head"
                    continue
                if names and self.name_like(k) and self.freq.get(n, 0) >= self.freq.get(n[1:], 0):
                    k += 1  # a name that starts with و: "وانغ ون بين"
                    cur.end = k
                    continue
                break
            if names and k + 1 < limit and lex.noun(n) is None and (
                    (n in STOP_WORDS and is_comp(toks[k + 1].norm) and not self.letter_an(k + 1))
                    or (clitic_pre(t)[:1] == ("ل",) and self.freq.get(n, 0) < 50 and self.boundary(k + 1, limit))):
                k += 1  # "وانغ ون بين إن"، "ديفيد لامي إن": no preposition stands right before إن
                cur.end = keep = k
                continue
            if ((n in STOP_WORDS and not self.letter_an(k)) or n == "ل" or lex.verb(n) is not None
                    or lex.participle(n) is not None) and not (n == "علي" and t.text.endswith("ي")):
                break
            if clitic_pre(t)[:1] == ("ل",) and n not in ("لدي",):
                # "المتحدث الرسمي لوزارة الداخلية": a genitive ل after an office, to an institution
                ln = lex.noun(n)
                office = cur.noun is not None and cur.noun.cls in ("office", "person")
                ent = self.ent_at[k]
                name_after = (ln is None and k + 1 < limit and self.name_like(k + 1)
                              and self.freq.get(n[1:], 0) < 5000)  # "لحماس إسماعيل هنية"
                if office and not names and ((ln is not None and ln[1].cls == "org") or name_after or (
                        ent is not None and ent.label in ("ORG", "GPE"))):
                    k += 1
                    cur.end = k
                    prev_kind = "prep"
                    continue
                break
            if lex.stem_in(n, lex.comment_objects, ("", "ال", "ب", "بال")):
                break
            # ---- an ordinary word: a name part, an adjective, a noun complement, or the end of the phrase
            after_particle = prev_kind == "name" and toks[k - 1].norm in NAME_PARTICLES
            plural_head = cur.noun is not None and cur.noun.cls in ("person", "office") and cur.noun.number is None
            if (self.name_like(k) or n in NAME_PARTICLES or after_particle) and not plural_head:
                if names and name_run >= 2 and not after_particle and self.freq.get(n, 0) > 2000:
                    break  # "مايك بومبيو إيرانَ": a third, very frequent word is the object, not the name
                names = True  # "عبد الله"، "أبو الغيط": a particle takes the next word into the name
                name_run += 1
                prev_kind = "name"
            elif self._title(k, limit):
                names = False  # "وزير الخارجية السعودي الأمير فيصل بن فرحان": a title before a name
                prev_kind = "mod"
            elif self.adjective(k):
                if prev_kind == "head" and self._definite(k) and not cur.definite:
                    cur.definite = True  # "وزير المالية": a definite word after an indefinite head is its complement
                prev_kind = "descriptor" if mod and mod[0] == "descriptor" else "mod"
            elif n.startswith("ال") or n.startswith("وال"):
                if names:
                    if not self.surname(k):
                        break
                    prev_kind = "name"
                elif self._definite(k - 1) and prev_kind != "prep":
                    break  # "الوزير الاتفاقَ": after a definite word only an adjective continues the phrase
                else:
                    if prev_kind == "head":
                        cur.definite = True  # idafa: "وزير الخارجية" is definite
                    prev_kind = "mod"
            elif lex.noun(n) is not None:
                if (cur.definite or self._definite(k - 1)) and prev_kind != "prep" and not names \
                        and not self._definite(k):
                    break  # "نفى الكرملين تقاريرَ": an indefinite noun after a definite phrase is the object
                prev_kind = "mod"
                names = False  # a role after a name: "سليمان البطحي وكيل أمانة الرياض"
            else:
                # an indefinite common word: a surname ending the name ("غسان سلامة إن"), an institution's
                # name ("حركة حماس"), or the first member of an idafa ("خارجية مصر")
                if names:
                    if not self.boundary(k + 1, limit):
                        break
                    prev_kind = "name"
                elif prev_kind == "head" and cur.noun is not None and cur.noun.cls in ("org", "outlet") \
                        and not self._definite(k - 1):
                    names = True
                    prev_kind = "name"
                elif (self._definite(k - 1) or cur.definite) and prev_kind != "prep":
                    break  # a definite phrase takes no indefinite modifier: "المسؤولان صحةَ التقارير"
                elif k + 1 >= limit or not (toks[k + 1].norm.startswith("ال") or self.name_like(k + 1)):
                    break
                else:
                    prev_kind = "mod"
            k += 1
            cur.end = k
        if not conj:
            return None
        conj[-1].end = max(conj[-1].end, k)
        for a, b in zip(conj, conj[1:], strict=False):
            a.end = b.start
        end = k
        # trim trailing function words
        while end > max(start + 1, keep) and toks[end - 1].norm in STOP_WORDS:
            end -= 1
        conj[-1].end = min(conj[-1].end, end) if conj[-1].end > conj[-1].start else conj[-1].end
        np = NP(start, end, conj, None, anonymity, end)
        self._apposition(np, limit)
        return np

    def _title(self, k: int, limit: int) -> bool:
        """An office or person noun used as a title right before a name (الأمير، الجنرال، الدكتور، الشيخ)."""
        nn = self.lex.noun(self.toks[k].norm)
        if nn is None or nn[1].cls not in ("office", "person") or nn[1].number != 1 or k + 1 >= limit:
            return False
        nxt = k + 2 if self.adjective(k + 1) and k + 2 < limit else k + 1  # "الفريق أول عوض بن عوف"
        t = self.toks[nxt]
        if self.name_like(nxt):
            return True
        # after a definite title any plain word starts the name: "الفريق عمر"، "الشيخ حسن"
        return (self._definite(k) and t.text[0].isalpha() and not self._definite(nxt) and t.norm not in STOP_WORDS
                and self.lex.noun(t.norm) is None and self.lex.verb(t.norm) is None and not clitic_pre(t))

    def boundary(self, k: int, limit: int) -> bool:
        """Does a source phrase plausibly end before token k (punctuation, complementiser, preposition)?"""
        if k >= limit:
            return True
        t = self.toks[k]
        n = t.norm
        return (not is_word(t) or (is_comp(n) and not self.letter_an(k)) or n in ("في", "خلال", "عبر", "امام", "لدي", "ل")
                or clitic_pre(t)[:1] == ("ل",) or self.in_timex[k] or n in ADVERBS)

    def _definite(self, k: int) -> bool:
        n = self.toks[k].norm
        return n.startswith("ال") or n.startswith("وال") or n.startswith("لل")

    def name_like_stem(self, k: int) -> bool:
        """A و-prefixed token whose stem looks like a name (وشي)."""
        t = self.toks[k]
        if not clitic_pre(t) or clitic_pre(t)[0] != "و":
            return False
        stem = t.norm[1:]
        if len(stem) < 2 or stem.startswith("ال") or stem in STOP_WORDS:
            return False
        if self.lex.noun(stem) or self.lex.modifier(stem) or self.lex.verb(stem):
            return False
        ent = self.ent_at[k]
        if self.doc.entities:
            return ent is not None and ent.label == "PERSON"
        return self.freq.get(stem, 0) > self.freq.get(t.norm, 0)

    def _anonymity_at(self, k: int, limit: int) -> bool:
        """"طلب عدم الكشف / رفض ذكر …" starts at k: a clause describing the source, not its end."""
        return (self.toks[k].norm in _ANON_VERBS and k + 1 < limit
                and self.toks[k + 1].norm in _ANON_OBJECTS)

    def _skip_clause(self, k: int, limit: int) -> int:
        """Skip an anonymity clause (رفض الكشف عن هويته) up to a complementiser or punctuation."""
        while k < limit and is_word(self.toks[k]) and not is_comp(self.toks[k].norm):
            if self.lex.verb(self.toks[k].norm) and self.toks[k].norm not in _ANON_VERBS:
                break
            k += 1
        return k

    def _apposition(self, np: NP, limit: int) -> None:
        """"X، سفير الولايات المتحدة لدى الصين،" : an office or person noun between commas."""
        k = np.end
        toks = self.toks
        if k + 1 < limit and toks[k].text in ("،", ","):
            noun, _ = self.head_noun(k + 1)
            if noun is None and self.name_like(k + 1):
                x = k + 1
                while x < limit and x - k < 5 and self.name_like(x):
                    x += 1  # "المتحدث باسم المركز، مات بول، حيث …": a name between commas
                if x < limit and toks[x].text in ("،", ",") and x > k + 1:
                    np.appos = (k + 1, x)
                    np.after = x + 1 if x + 1 < limit and is_comp(toks[x + 1].norm) else x
                    return
            if noun is not None and noun.cls in ("office", "person") or self.name_like(k + 1):
                # up to the closing comma before a complementiser, with no verb in between
                for x in range(k + 2, min(limit, k + 14)):
                    tx = toks[x]
                    if tx.text in ("،", ",") and x + 1 < limit and is_comp(toks[x + 1].norm):
                        np.appos = (k + 1, x)
                        np.after = x + 1
                        return
                    if not is_word(tx) or self.lex.verb(tx.norm) is not None or is_comp(tx.norm):
                        break
            if noun is not None and noun.cls in ("office", "person"):
                sub = self.chunk(k + 1, limit)
                if sub is not None and sub.end < limit and toks[sub.end].text in ("،", ",", "-", "–"):
                    np.appos = (k + 1, sub.end)
                    np.after = sub.end + 1
                    return
                if sub is not None and sub.end < limit and is_comp(toks[sub.end].norm):
                    np.appos = (k + 1, sub.end)
                    np.after = sub.end
                    return
        np.after = np.end
