"""The actor resolver: which country and sector a name, title, adjective or capital stands for.

Library API (used by the actors stage, attribution and events)::

    from khabar.actors.resolver import get_resolver
    r = get_resolver(config)                      # cached per config.actors_files
    m = r.resolve_text("نظيرها الصيني", date="2023-11-08")   # ActorMention | None
    m.actor.code, m.actor.sector, m.kind, m.why   # "CHN", "GOV", "role", "role 'نظير' … "
    mentions = r.resolve_doc(doc)                 # every actor span of a tokenised Doc

How it works: a token-level trie over normalised dictionary forms (``khabar/actors/data``,
see ``khabar.actors.dictionary``). Each token offers a few keys, computed once per word type:
its norm, its forms without the proclitics و ف ب ل ك (لل → ال), and the nisba base of an
adjective (الأمريكيين → ~أمريكي). Matching is longest-first; dated rows (office terms) are
chosen on the given date; when rows disagree, the code already mentioned in the document
wins. A second trie over the role lexicon (وزير الدفاع، الجيش، مسؤول، نظير …) builds role
phrases: a role, then complements/qualifiers, then a nationality adjective, country, capital,
institution or person gives that actor with the role's sector ("مسؤول أمريكي سابق" → USA GOV).
A person's surname alone resolves after the full name was seen in the document. "البلدين"
and similar duals stand for the last two countries mentioned (``members``).

A role phrase absorbs the adjective (or dual) inside it; a name inside it (إدارة ترامب،
سفير الولايات المتحدة) stays a mention of its own, nested in the role's span. An ad-hoc
group's ``actor.code`` joins its members with ``+`` and ``members`` lists them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from khabar.actors.dictionary import (
    LABELS,
    SHIPPED,
    Entry,
    Role,
    load_cues,
    load_roles,
    load_shipped,
    load_user_file,
)
from khabar.doc import Actor, ActorMention, Doc, Token
from khabar.text.normalize import normalize_text

_NISBA_ENDINGS = (("يتان", 3), ("يتين", 3), ("يون", 2), ("يين", 2), ("يات", 2), ("يان", 2), ("يه", 1), ("يو", 1))
_MAX_ROLE_SPAN = 8  # tokens from a role's head to its nationality
_MAX_FREE_NOUNS = 3  # nouns outside the lexicon a role phrase may cross (POS-tagged text)
_PLACE_PREPS = frozenset({"في", "داخل"})  # "في بكين": the city, not the government
_PREPS = frozenset({"في", "من", "عن", "الي", "علي", "لدي", "داخل"})
_PAIR_WINDOW = 3  # a dual (البلدين) looks back this many sentences for its two countries


def _nisba(w: str) -> str | None:
    if len(w) < 4:
        return None
    for suf, cut in _NISBA_ENDINGS:
        if w.endswith(suf):
            b = w[:-cut]
            return b if len(b) >= 3 and b.endswith("ي") else None
    return w if w.endswith("ي") else None


def nisba_base(w: str) -> str | None:
    """Masculine singular base of a nisba adjective form (الأمريكيين → امريكي), or None."""
    return _nisba(w[2:]) if w.startswith("ال") and len(w) > 5 else _nisba(w)


def nisba_bases(w: str) -> tuple[str, ...]:
    """Every nisba base a word may carry: with the article removed and, for words whose stem
    itself begins with ال (ألماني، ألباني), without removing it."""
    out = []
    if w.startswith("ال"):
        b = _nisba(w[2:])
        if b:
            out.append(b)
    b = _nisba(w)
    if b and b not in out:
        out.append(b)
    return tuple(out)


@lru_cache(maxsize=300_000)
def first_forms(norm: str) -> tuple[tuple[str, str, int], ...]:
    """Keys a word offers at the start of a match: (key, stripped proclitics, characters to trim).

    The trim is how many leading (normalised) characters are clitics outside the name's span:
    ``وبواشنطن`` → (واشنطن, وب, 2); ``للصين`` → (الصين, ل, 0): the article stays in the span.
    """
    out: dict[str, tuple[str, int]] = {norm: ("", 0)}
    if len(norm) > 2 and norm[0] in "وف":
        out.setdefault(norm[1:], (norm[0], 1))
    for base, (pre, trim) in list(out.items()):
        if len(base) > 3 and base[0] in "بلك":
            if base.startswith("لل") and len(base) > 4:
                out.setdefault("ال" + base[2:], (pre + "ل", trim))
            out.setdefault(base[1:], (pre + base[0], trim + 1))
    res = [(f, pre, trim) for f, (pre, trim) in out.items()]
    for f, pre, trim in list(res):
        for b in nisba_bases(f):
            res.append(("~" + b, pre, trim))
    return tuple(res)


@lru_cache(maxsize=300_000)
def next_forms(norm: str) -> tuple[str, ...]:
    """Keys a word offers inside a match: its norm and its nisba base(s)."""
    return (norm,) + tuple("~" + b for b in nisba_bases(norm))


class _Node:
    __slots__ = ("next", "entries", "roles")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.entries: list[Entry] = []
        self.roles: list[Role] = []

    def insert(self, key: Sequence[str]) -> _Node:
        node = self
        for k in key:
            nxt = node.next.get(k)
            if nxt is None:
                nxt = node.next[k] = _Node()
            node = nxt
        return node


class _Info:
    """What one word type can do, computed once per normalised form (the hot path's cache)."""

    __slots__ = ("starts", "role_starts", "pair", "comp", "qual", "alpha", "hot")

    def __init__(self, starts: tuple[tuple[_Node, str, int, int], ...], role_starts: tuple[tuple[_Node, int], ...],
                 pair: bool, comp: bool, qual: bool, alpha: bool) -> None:
        self.starts = starts  # (trie node, stripped proclitics, trim, exact) per key present in the dictionary
        self.role_starts = role_starts  # (role-trie node, trim)
        self.pair = pair
        self.comp = comp
        self.qual = qual
        self.alpha = alpha
        self.hot = bool(starts or role_starts or pair)  # can start a dictionary match, a role or a dual


@dataclass
class _Span:
    """A dictionary or role match over tokens [i, j) with its resolved actor."""

    i: int
    j: int
    actor: Actor
    kind: str
    why: str
    members: tuple[str, ...] = ()
    entry: Entry | None = None
    trim: int = 0  # leading clitic characters of token i outside the span


@dataclass
class DocState:
    """What the resolver remembers while reading one document."""

    date: str | None
    cue_label: str | None = None  # an NER label standing in for a cue (ORG "الجزيرة" is the channel)
    seen: dict[str, int] = field(default_factory=dict)  # country code -> order of last mention
    order: list[tuple[str, int]] = field(default_factory=list)  # (country code, sentence) in mention order
    surnames: dict[str, list[Entry]] = field(default_factory=dict)  # dynamic: بايدن after جو بايدن
    unresolved: list[tuple[int, int, Role, int]] = field(default_factory=list)  # home-eligible bare roles
    surname_keys: set[str] = field(default_factory=set)  # token norms that may carry a surname (with proclitics)
    titled: set[str] = field(default_factory=set)  # surnames that are also first names: only after a title
    # a body's actor once named with its country (المجلس العسكري في نيامي); None once two countries'
    bodies: dict[tuple[str, ...], Actor | None] = field(default_factory=dict)
    named_end: int = -1  # end of a person's name that names a place (مطار بشار الأسد): no name starts inside
    n: int = 0

    def note(self, code: str, sent: int) -> None:
        if code in ("IGO", "NGO") or "+" in code:
            return
        self.n += 1
        self.seen[code] = self.n
        if self.order and self.order[-1][0] == code:
            self.order[-1] = (code, sent)
        else:
            self.order.append((code, sent))

    def add_surname(self, last: str, ents: list[Entry], titled: bool = False) -> None:
        """Remember a surname for the rest of the document, with the proclitic forms a token may show;
        ``titled``: it also starts other names (سعيد), so it resolves only after a title (الرئيس سعيد)."""
        if last in self.surnames:
            return
        self.surnames[last] = ents
        if titled:
            self.titled.add(last)
        for pre in ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"):
            self.surname_keys.add(pre + last)

    def last_two(self, sent: int) -> tuple[str, str] | None:
        """The two most recently mentioned distinct countries, if both are recent."""
        out: list[str] = []
        for code, s in reversed(self.order):
            if sent - s > _PAIR_WINDOW:
                break
            if code not in out:
                out.append(code)
            if len(out) == 2:
                return out[1], out[0]
        return None


_STOP_SURNAMES = frozenset({"بن", "ابن", "ابو", "عبد", "ال", "دي", "دو", "فان", "فون", "لي", "لا", "من", "في", "علي", "الله",
                            "بنت", "ولد", "الملك", "الامير", "الشيخ", "السلطان", "الملا", "الدين"})


class Resolver:
    """Dictionary trie + role lexicon; thread-safe after construction (state lives per document)."""

    def __init__(self, user_files: Sequence[str] = (), implicit: bool = True) -> None:
        self.implicit = implicit  # bare domestic roles (السلطات، الشرطة) take the article's home country
        shipped = load_shipped(SHIPPED)
        user: list[Entry] = []
        for f in user_files:
            user.extend(load_user_file(f))
        user_keys = {e.key for e in user}
        self.entries: list[Entry] = user + [e for e in shipped if e.key not in user_keys]
        self.root = _Node()
        for e in self.entries:
            self.root.insert(e.key).entries.append(e)
        self.roles = load_roles()
        self.role_root = _Node()
        self.comps: set[str] = set()
        self.quals: set[str] = set()
        self.pairs: set[str] = set()
        for r in self.roles:
            if r.type == "head":
                self.role_root.insert(r.key).roles.append(r)
            elif r.type == "pair":
                self.pairs.add(r.key[0])
            elif r.type == "qualifier":
                self.quals.add(r.key[0])
                self.comps.add(r.key[0])
            else:
                self.comps.add(r.key[0])
        self.cues = load_cues()
        self._named_after: dict[str, bool] = {}  # previous word → whether it names a place after it (cached)
        self._infos: dict[str, _Info] = {}
        self._text_stage: Any = None
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- dictionary matching
    def _info(self, norm: str) -> _Info:
        """The cached capabilities of a word type (dictionary starts, role starts, pair, complement)."""
        info = self._infos.get(norm)
        if info is None:
            forms = first_forms(norm)
            starts = tuple((self.root.next[f], pre, trim, 0 if f.startswith("~") else 1)
                           for f, pre, trim in forms if f in self.root.next)
            rforms = [(f, trim) for f, _, trim in forms if not f.startswith("~")]
            rforms += [(f[2:], trim) for f, trim in rforms if f.startswith("ال") and len(f) > 4]  # الوزير → وزير
            rstarts = tuple((self.role_root.next[f], trim) for f, trim in rforms if f in self.role_root.next)
            keys = {f for f, _, _ in forms}
            info = _Info(starts, rstarts, norm in self.pairs or bool(keys & self.pairs) and norm[:1] in "وفبلك",
                         bool(keys & self.comps), norm in self.quals, norm[:1].isalpha())
            if len(self._infos) > 500_000:
                self._infos.clear()
            self._infos[norm] = info
        return info

    def _match_dict(self, toks: Sequence[Token], i: int, te: int, info: _Info,
                    state: DocState) -> tuple[int, str, int, list[Entry]] | None:
        """Longest dictionary match starting at token i: (end, stripped proclitics, trim, entries)."""
        best: tuple[int, int, int, str, int, list[Entry]] | None = None  # (end, -strip, exact, pre, trim, entries)
        prev = toks[i - 1].norm if i > 0 and toks[i - 1].sent == toks[i].sent else ""
        # "قاعدة عين الأسد"، "مطار الملك خالد": a person's name after a place or building word names it
        named_after = self._named_after.get(prev)
        if named_after is None:
            named_after = bool(prev) and self._cued("named_after", prev, "")
            if len(self._named_after) < 100_000:
                self._named_after[prev] = named_after
        for node, pre, trim, exact in info.starts:
            stack = [(node, i + 1)]
            while stack:
                nd, j = stack.pop()
                if nd.entries:
                    ents = [e for e in nd.entries if (e.cue is None or state.cue_label is not None
                            and LABELS.get(e.kind) == state.cue_label or self._cued(e.cue, prev, pre))]
                    if named_after and any(e.kind == "person" for e in ents):
                        state.named_end = max(state.named_end, j)
                        ents = [e for e in ents if e.kind != "person"]
                    if ents:
                        cand = (j, -len(pre), exact, pre, trim, ents)
                        if best is None or cand[:3] > best[:3]:
                            best = cand
                if j < te and nd.next:
                    for f in next_forms(toks[j].norm):
                        ch = nd.next.get(f)
                        if ch is not None:
                            stack.append((ch, j + 1))
        if toks[i].norm in state.surname_keys and (best is None or best[0] == i + 1) and not named_after:
            # a surname seen earlier with its full name wins over a one-word reading (السوداني، الأسد)
            for form, pre, trim in first_forms(toks[i].norm):
                if form in state.surnames and (form not in state.titled or self._titled(prev)):
                    return i + 1, pre, trim, state.surnames[form]
        if best is None:
            return None
        return best[0], best[3], best[4], best[5]

    def _titled(self, prev: str) -> bool:
        """Whether the token before a name is a title or role word (الرئيس، الوزير، الشيخ)."""
        return bool(prev) and bool((self._infos.get(prev) or self._info(prev)).role_starts)

    def _cued(self, cue: str, prev: str, pre: str) -> bool:
        words = self.cues.get(cue, frozenset())
        if prev in words:
            return True
        if pre and pre[-1] in "بل" and "+" + pre[-1] in words:
            return True
        return any(f in words for f, _, _ in first_forms(prev)) if prev else False

    def _choose(self, ents: list[Entry], state: DocState) -> tuple[Entry, bool]:
        """The row that holds on the document date; (row, in_term). Ties go to a code seen in the doc."""
        date = state.date
        if date:
            valid = [e for e in ents if e.holds_on(date)]
        else:
            valid = [e for e in ents if e.end == "9999-12-31"] or ents
        in_term = bool(valid)
        if not valid:  # out of every term: the latest term before the date (else the next one), no sector
            d = date or "9999-12-31"
            past = [e for e in ents if e.end < d]
            valid = [max(past, key=lambda e: e.end)] if past else [min(ents, key=lambda e: e.start)]
        if len(valid) > 1:
            codes = {e.code for e in valid}
            if len(codes) > 1:
                seen = [e for e in valid if e.code in state.seen]
                if seen:
                    return max(seen, key=lambda e: state.seen[e.code]), in_term
        return valid[0], in_term

    def _entry_span(self, i: int, j: int, pre: str, ents: list[Entry], toks: Sequence[Token],
                    state: DocState) -> _Span:
        e, in_term = self._choose(ents, state)
        kind = e.kind
        sector = e.sector if in_term else None
        prev = toks[i - 1].norm if i > 0 else ""
        if kind == "capital" and (prev in _PLACE_PREPS or pre.endswith("ب")):
            kind, sector = "place", None
        elif kind == "capital":
            sector = sector or "GOV"
        term = ""
        if e.dated:
            span = f"{e.start}..{e.end}".replace("0000-01-01", "").replace("9999-12-31", "")
            term = f" {e.office or ''} {span}".rstrip() if in_term else f" (no office on {state.date}; held {e.office or ''} {span})"
        why = f"{e.kind} '{e.form}' in {e.origin}:{e.row}{term}" + (f"; source: {e.source}" if e.source else "")
        if pre:
            why += f"; proclitics {pre}"
        return _Span(i, j, Actor(e.code, sector, e.name), kind, why, e.members, e)

    # ---------------------------------------------------------------- role phrases
    def _match_role(self, toks: Sequence[Token], i: int, te: int) -> tuple[int, Role, int] | None:
        best: tuple[int, Role, int] | None = None
        for start, trim in self._info(toks[i].norm).role_starts:
            node: _Node | None = start
            j = i + 1
            while node is not None:
                if node.roles and (best is None or j > best[0]):
                    best = (j, node.roles[0], trim)
                if j >= te:
                    break
                node = node.next.get(toks[j].norm)
                j += 1
        return best

    def _is_comp(self, tok: Token) -> bool:
        return self._info(tok.norm).comp

    def _is_qual_run(self, toks: Sequence[Token], j: int, k: int) -> bool:
        """Tokens j..k are all complements other than prepositions (الأمن العام، الحكومية)."""
        return all(self._info(toks[x].norm).comp and toks[x].norm not in _PREPS for x in range(j, k))

    def _roles(self, toks: Sequence[Token], ts: int, te: int, spans: list[_Span],
               state: DocState | None = None) -> list[_Span]:
        """Role phrases over tokens not covered by dictionary spans; absorbs their nationality span."""
        by_start = {s.i: s for s in spans}
        covered: set[int] = set()
        for s in spans:
            covered.update(range(s.i, s.j))
        out: list[_Span] = []
        absorbed: set[int] = set()
        i = ts
        while i < te:
            if i in covered or not (self._infos.get(toks[i].norm) or self._info(toks[i].norm)).role_starts:
                i += 1
                continue
            m = self._match_role(toks, i, te)
            if m is None:
                i += 1
                continue
            j, role, rtrim = m
            sector = role.sector
            of_person = role.of_person
            crossed_prep = False
            preps = 0
            free = 0
            k = j
            found: _Span | None = None
            while k < te and k - i <= _MAX_ROLE_SPAN:
                nxt = by_start.get(k)
                if nxt is not None:
                    if nxt.kind == "person" and not of_person:
                        break  # "الرئيس جو بايدن": apposition, handled below
                    if nxt.kind == "place" and crossed_prep and not (
                            role.body and preps == 1 and not free and toks[k - 1].norm in _PLACE_PREPS):
                        break  # "وزير الدفاع في جدة": where, not whose
                    # (a body right before "في" + place is that place's: السلطات في بكين، المجلس العسكري في نيامي)
                    if free and (nxt.kind != "adjective" or _gender(toks[i].norm) != _gender(toks[nxt.j - 1].norm)):
                        break  # over nouns outside the lexicon only an agreeing nisba adjective closes the phrase
                    found = nxt
                    break
                if k in covered:
                    break
                inner = self._match_role(toks, k, te)
                if inner is not None:
                    if inner[1].sector:
                        sector = inner[1].sector
                    of_person = of_person or inner[1].of_person
                    k = inner[0]
                    continue
                if self._is_comp(toks[k]):
                    if toks[k].norm in _PREPS:
                        crossed_prep = True
                        preps += 1
                    k += 1
                    continue
                if toks[k].pos in ("NOUN", "ADJ") and free < _MAX_FREE_NOUNS and not crossed_prep:
                    free += 1  # an idafa noun the lexicon lacks: وزير [حقوق الإنسان] اليمني (tagged text only)
                    k += 1
                    continue
                break
            if found is not None:
                end = found.j
                while end < te and end - found.j < 2 and self._info(toks[end].norm).qual:
                    end += 1  # "مسؤول أمريكي سابق"، "مسؤول صيني كبير"
                if found.kind == "place" and crossed_prep:
                    end = found.i - 1  # "الشرطة في لندن": the body takes the country; لندن stays the place
                if found.kind in ("institution", "group", "igo", "party", "media", "ngo", "company"):
                    sector = found.actor.sector or sector
                actor = Actor(found.actor.code, sector, found.actor.name)
                why = f"role '{role.form}' ({role.sector or '-'}) + {found.kind} '{_text(toks, found.i, found.j)}' → {found.actor.code}"
                out.append(_Span(i, end, actor, "role", why, found.members, trim=rtrim))
                direct = found.i == j or (found.kind == "place" and crossed_prep and found.i == j + 1)
                if role.body and not role.home and state is not None and not found.members and direct:
                    # "المجلس العسكري في نيامي … وهدد المجلس العسكري" (two countries' bodies: neither)
                    had = state.bodies.get(role.key, actor)
                    state.bodies[role.key] = actor if had is not None and had.code == actor.code else None
                if found.kind in ("adjective", "members"):
                    absorbed.add(found.i)  # a name inside the role phrase stays a mention of its own
                covered.update(range(i, end))
                i = end
                continue
            # apposition: "وزير الدفاع لويد أوستن" / "بلينكن، وزير الخارجية"
            person = by_start.get(k) if k < te else None
            if person is None and i >= 2 and toks[i - 1].norm in ("،", ","):
                person = next((s for s in spans if s.j == i - 1), None)
            if person is not None and person.kind == "person":
                actor = Actor(person.actor.code, role.sector or person.actor.sector, None)
                why = f"role '{role.form}' ({role.sector or '-'}) in apposition to person '{_text(toks, person.i, person.j)}'"
                out.append(_Span(i, k, actor, "role", why, trim=rtrim))
                covered.update(range(i, k))
                i = k
                continue
            body = state.bodies.get(role.key) if role.body and state is not None else None
            if body is not None:
                # the same body named bare after it was named with its country is that country's (only
                # for bodies that do not fall back on the home country: المجلس العسكري، النظام)
                why = f"body '{role.form}' named earlier in the text as {body.code}"
                out.append(_Span(i, j, Actor(body.code, role.sector or body.sector, None), "role", why, trim=rtrim))
                covered.update(range(i, j))
                i = j
                continue
            if role.home and state is not None and not (j < te and toks[j].norm.startswith("باسم")
                                                         and toks[j].norm != "باسم"):  # باسمها: anaphoric
                state.unresolved.append((i, k if k > j and self._is_qual_run(toks, j, k) else j, role, rtrim))
            i = j
        kept = [s for s in spans if s.i not in absorbed]
        return sorted(kept + out, key=lambda s: (s.i, -s.j))

    # ---------------------------------------------------------------- documents
    def _sentence(self, toks: Sequence[Token], ts: int, te: int, state: DocState) -> list[_Span]:
        spans: list[_Span] = []
        infos = self._infos
        info_of = self._info
        skeys = state.surname_keys
        # the few tokens that can start anything: one pass over cached per-word-type capabilities
        hot: list[tuple[int, _Info]] = []
        any_role = False
        for i in range(ts, te):
            norm = toks[i].norm
            info = infos.get(norm) or info_of(norm)
            if info.hot or norm in skeys:
                hot.append((i, info))
                any_role = any_role or bool(info.role_starts)
        end = ts
        for i, info in hot:
            if i < end or not (info.starts or info.pair or toks[i].norm in state.surname_keys):
                continue
            tok = toks[i]
            if info.pair:
                members = state.last_two(tok.sent)
                if members is not None:
                    spans.append(_Span(i, i + 1, Actor("+".join(members), None, None), "members",
                                       f"dual '{tok.text}' = the last two countries mentioned", members))
                end = i + 1
                continue
            if i < state.named_end:
                continue  # inside a person's name that names a place (مطار بشار الأسد)
            m = self._match_dict(toks, i, te, info, state)
            if m is None:
                continue
            j, pre, trim, ents = m
            span = self._entry_span(i, j, pre, ents, toks, state)
            span.trim = trim
            spans.append(span)
            if span.kind not in _NOT_COUNTRY_KINDS:  # (a news agency's country is not a party: رويترز)
                state.note(span.actor.code, tok.sent)
            e = span.entry
            if e is not None and e.kind == "person" and len(e.key) > 1:
                last = e.key[-1]
                # not the second half of a compound name (عبد العزيز، بن نايف، أبو مازن، عبدالعزيز)
                if (len(last) >= 3 and last not in _STOP_SURNAMES
                        and e.key[-2] not in _STOP_SURNAMES and not last.startswith(("عبد", "ابو"))):
                    state.add_surname(last, [x for x in ents if x.kind == "person"], titled=last in self.root.next)
            end = j
        return self._roles(toks, ts, te, spans, state) if any_role else spans

    def resolve_tokens(self, toks: Sequence[Token], sentences: Sequence[tuple[int, int]],
                       text: str, date: str | None, state: DocState | None = None) -> list[ActorMention]:
        """Actor mentions over tokens (``sentences`` as token index ranges)."""
        st = state or DocState(date)
        out: list[ActorMention] = []
        for ts, te in sentences:
            for s in self._sentence(toks, ts, te, st):
                a, b = toks[s.i].start, toks[s.j - 1].end
                if s.trim:
                    a += _orig_offset(toks[s.i].text, s.trim)
                out.append(ActorMention(a, b, text[a:b], s.actor, s.kind, None, s.members, s.why))
        if st.unresolved and self.implicit:
            home = _home_country(out, text, toks)
            if home is not None:
                code, how = home
                for i, j, role, trim in st.unresolved:
                    a, b = toks[i].start, toks[j - 1].end
                    if trim:
                        a += _orig_offset(toks[i].text, trim)
                    out.append(ActorMention(a, b, text[a:b], Actor(code, role.sector, None), "implicit", None, (),
                                            f"role '{role.form}' ({role.sector or '-'}) with no country named: "
                                            f"the article's home country {code} ({how})"))
                out.sort(key=lambda m: (m.start, -m.end))
        return out

    def resolve_doc(self, doc: Doc) -> list[ActorMention]:
        """Every actor mention of a tokenised document, on the document's date."""
        sents = [(s.token_start, s.token_end) for s in doc.sentences] or [(0, len(doc.tokens))]
        return self.resolve_tokens(doc.tokens, sents, doc.text, doc.date)

    def _tokenise(self, text: str, date: str | None) -> Doc:
        with self._lock:
            if self._text_stage is None:
                from khabar.text.stage import TextStage

                self._text_stage = TextStage()
            return self._text_stage(Doc(text=text, date=date))  # type: ignore[no-any-return]

    def resolve_all(self, text: str, date: str | None = None) -> list[ActorMention]:
        """Every actor mention in an arbitrary text (tokenised here)."""
        return self.resolve_doc(self._tokenise(text, date))

    def resolve_entity(self, text: str, label: str, date: str | None = None) -> ActorMention | None:
        """What an NER entity's words stand for, the label standing in for a cue word: an ORG
        "الجزيرة" is the channel, a GPE "مالي" the state. None when nothing of that label matches."""
        doc = self._tokenise(text, date)
        sents = [(s.token_start, s.token_end) for s in doc.sentences] or [(0, len(doc.tokens))]
        ms = self.resolve_tokens(doc.tokens, sents, doc.text, date, DocState(date, cue_label=label))
        ms = [m for m in ms if LABELS.get(m.kind) == label or m.kind == "role"]
        return min(ms, key=lambda m: (m.start, -(m.end - m.start))) if ms else None

    def resolve_text(self, phrase: str, date: str | None = None) -> ActorMention | None:
        """What a phrase stands for: its first mention (an Arabic noun phrase's head comes first;
        ties: the longest), or None. "سفير إيران لدى الأمم المتحدة" → the Iranian ambassador."""
        ms = self.resolve_all(phrase, date)
        if not ms:
            return None
        return min(ms, key=lambda m: (m.start, -(m.end - m.start)))

    def label_of(self, m: ActorMention) -> str | None:
        """The NER label a mention of this kind carries (GPE, ORG, PERSON, NORP) or None."""
        if m.kind == "role":
            return None
        return LABELS.get(m.kind)


_NOT_COUNTRY_KINDS = frozenset({"media", "company"})  # mentions that do not make a country salient
_HOME_KINDS = frozenset({"country", "capital", "place", "adjective", "role", "person", "institution", "party"})
_DATELINE_SEPS = frozenset({"–", "-", "—", ":", "(", "/"})


def _home_country(mentions: Sequence[ActorMention], text: str, toks: Sequence[Token]) -> tuple[str, str] | None:
    """The article's home country: its dateline place (بيروت – …, واشنطن (رويترز) -) when the story
    is about that country too, else a country holding at least half of the country mentions (and
    three or more). A dateline whose country the body names less than twice is only the venue
    (a conference in Vienna): the majority country wins there; so is one that another country
    outnumbers more than twice over (Sudan's truce signed in Jeddah), and then no country is home."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.kind in _HOME_KINDS and len(m.actor.code) == 3 and m.actor.code not in ("IGO", "NGO"):
            counts[m.actor.code] = counts.get(m.actor.code, 0) + 1
    majority: tuple[str, str] | None = None
    if counts:
        code, n = max(counts.items(), key=lambda x: x[1])
        if n >= 3 and n * 2 >= sum(counts.values()):
            majority = code, f"{n} of {sum(counts.values())} country mentions"
    for m in mentions[:3]:
        if m.kind in ("capital", "place", "country") and "+" not in m.actor.code and m.start < 40:
            k = next((t for t in toks if t.start >= m.end), None)
            if k is not None and k.text in _DATELINE_SEPS and not text[:m.start].strip(" \t\n«\"'"):
                body = counts.get(m.actor.code, 0) - (1 if m.kind in _HOME_KINDS else 0)
                if majority is not None and majority[0] != m.actor.code and body < 2:
                    return majority[0], f"{majority[1]} (the dateline {m.text} is only the venue)"
                top, n_top = max(counts.items(), key=lambda x: x[1])
                if top != m.actor.code and 2 * body < n_top:
                    # another country is named more than twice as often: the dateline is the venue
                    # (Sudan's truce signed in Jeddah), and no country is home
                    return None
                return m.actor.code, f"dateline {m.text}"
    return majority


def home_of(mentions: Sequence[ActorMention], text: str, toks: Sequence[Token]) -> str | None:
    """The article's home country code (see ``_home_country``), or None."""
    got = _home_country(mentions, text, toks)
    return got[0] if got is not None else None


@lru_cache(maxsize=50_000)
def _orig_offset(word: str, n: int) -> int:
    """Offset in ``word`` of its n-th normalised character (diacritics and tatweel skipped)."""
    nt = normalize_text(word)
    return nt.offsets[min(n, len(nt.text))]


def _gender(norm: str) -> str:
    """Grammatical gender of a normalised noun or nisba form: taa marbuta / ـات feminine."""
    return "f" if norm.endswith(("ه", "ات", "تان", "تين")) else "m"


def _text(toks: Sequence[Token], i: int, j: int) -> str:
    return " ".join(t.text for t in toks[i:j])


_RESOLVERS: dict[tuple[tuple[str, ...], bool], Resolver] = {}
_RLOCK = threading.Lock()


def get_resolver(config: Any = None, implicit: bool = True) -> Resolver:
    """The resolver for a PipelineConfig (or a sequence of user TSV paths), built once per process.
    ``implicit=False`` leaves bare domestic roles (السلطات) unresolved instead of giving them the
    article's home country."""
    if config is None:
        files: tuple[str, ...] = ()
    elif isinstance(config, (list, tuple)):
        files = tuple(str(f) for f in config)
    else:
        files = tuple(getattr(config, "actors_files", ()) or ())
    with _RLOCK:
        r = _RESOLVERS.get((files, implicit))
        if r is None:
            r = _RESOLVERS[(files, implicit)] = Resolver(files, implicit=implicit)
        return r
