"""The time stage: finds Arabic time expressions in every sentence and resolves them (TIMEX3).

Options (``PipelineConfig.options["time"]``):
- ``default_direction``: "past" (default, news) or "future": where a bare weekday points when
  its clause has no tense cue at all.
- ``anaphora``: resolve اليوم التالي / في ذلك الوقت against the previous date in the text (True).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from khabar.doc import Doc, Timex, Token
from khabar.text.normalize import norm_word
from khabar.time import words
from khabar.time.lexicon import Lexicon, lexicon
from khabar.time.numbers import ALL_NUMBER_WORDS
from khabar.time.parser import Parser
from khabar.time.resolve import Prev, Resolver, days
from khabar.time.sem import Sem
from khabar.time.tense import clause_tense
from khabar.time.words import PAD_INFOS, PAD_WORDS, Cand, WordInfo, word_info, word_infos, worth_parsing

_UNTIL = frozenset({"حتي", "وحتي", "لغايه", "بحلول", "غايه", "ولغايه"})
_CUTS: dict[str, int] = {}  # token text → characters of leading clitics (see leading_clitic_chars)
_Resolve = Callable[[Sem, "str | None", "Prev | None"], "tuple[str, str | None, dict[str, Any]]"]
_IDS = tuple(f"t{n}" for n in range(1, 257))  # timex ids, built once
_new = object.__new__
_CONCRETE_GRAINS = frozenset({"day", "pod", "hour", "minute", "second", "week", "weekend", "month", "season", "year"})


def parse_anchor(date: str | None) -> dt.date | None:
    """The reference date as a ``date`` (accepts YYYY-MM-DD and full ISO timestamps)."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        return None


def leading_clitic_chars(tok: Token, info: WordInfo) -> int:
    """Characters of ``tok.text`` taken by a leading conjunction/preposition (و ف ب ل ك), kept out
    of the timex span; the article ال stays in it."""
    pre: str | None = None
    for h in info.hits:
        p = h.pre[:-2] if h.pre.endswith("ال") else h.pre
        if pre is None or len(p) < len(pre):
            pre = p
    if pre is None and tok.norm[:1] in "وبل" and tok.norm[1:] in ALL_NUMBER_WORDS:
        pre = tok.norm[0]
    if not pre:
        return 0
    n = 0
    i = 0
    text = tok.text
    while i < len(text) and n < len(pre):
        n += len(norm_word(text[i]))
        i += 1
    while i < len(text) and not norm_word(text[i]):
        i += 1
    return i if i < len(text) else 0


class TimeStage:
    """Time expressions with TIMEX3 values resolved against ``doc.date``."""

    name = "time@1"
    requires: tuple[str, ...] = ("tokens",)
    provides: tuple[str, ...] = ("timexes",)

    def __init__(self, options: dict[str, Any] | None = None, lex: Lexicon | None = None) -> None:
        opts = options or {}
        self.lex = lex or lexicon()
        self.shipped = self.lex is lexicon()  # word analyses are cached for the shipped lexicon only
        self.default_past = str(opts.get("default_direction", "past")) != "future"
        self.anaphora = bool(opts.get("anaphora", True))
        # the last document date, its parse and the resolve method of a resolver for it (a resolver
        # has no state), replaced whole: safe across threads
        self._memo: tuple[str | None, dt.date | None, _Resolve] = (None, None, Resolver(None, self.default_past).resolve)

    def find(self, doc: Doc) -> list[tuple[int, list[Token], list[Cand]]]:
        """Candidate expressions per sentence (sentence index, its tokens, matches)."""
        out = []
        tokens = doc.tokens
        for si, s in enumerate(doc.sentences):
            toks = tokens[s.token_start:s.token_end]
            if toks:
                cands, _ = self._scan(toks)
                if cands:
                    out.append((si, toks, cands))
        return out

    def _scan(self, toks: list[Token]) -> tuple[list[Cand], bool]:
        """A sentence's matches, and whether one states the weekday of its day (اليوم (الأحد), which
        settles the anchor); none without a word that can start a time expression."""
        norms = [t.norm for t in toks]  # (a comprehension: cheaper than map() over a few tokens)
        if self.shipped:
            cache = words._CACHE  # info_cache() without the call (a full cache is replaced as it grows)
            infos = list(map(cache.info, norms))  # analyses every new word type (and fills the sets)
            # a core time word, or one that starts a multi-word entry (في وقت سابق) with its next word
            if cache.core.isdisjoint(norms) and (cache.gate.isdisjoint(norms) or not worth_parsing(norms, infos)):
                return [], False
        else:
            infos = word_infos(norms, self.lex)
            if not worth_parsing(norms, infos):
                return [], False
        norms += PAD_WORDS  # padded in place for the parser
        infos += PAD_INFOS
        parser = Parser(norms, infos, toks, len(toks))
        cands = parser.scan()
        return cands, parser.checked

    def __call__(self, doc: Doc, shifted: dt.date | None = None) -> Doc:
        """Find the expressions of each sentence (as ``find``) and resolve them at once.

        The anchor moves to the day the text itself calls today (``stated_anchor``): the first match
        that states its weekday settles it. When it moves, the run starts over with ``shifted``
        set, so every expression of the text, before that match too, is resolved against it."""
        date = doc.date
        memo = self._memo
        if memo[0] != date:
            a = parse_anchor(date)
            memo = self._memo = (date, a, Resolver(a, self.default_past).resolve)
        anchor = memo[1]
        if shifted is None:
            resolve = memo[2]
            moved = None
            settled = anchor is None  # (no anchor: nothing to move)
        else:
            resolve = Resolver(shifted, self.default_past).resolve
            moved = shifted.isoformat()
            settled = True
        shipped = self.shipped
        cuts = _CUTS if shipped else {}  # (cached for the shipped lexicon only)
        anaphora = self.anaphora
        tokens = doc.tokens
        text = doc.text
        timexes: list[Timex] = []
        sents: list[int] = []  # the sentence of each timex (anaphora reads the last date, see previous_date)
        n = 0
        si = -1
        for s in doc.sentences:
            si += 1
            toks = tokens[s.token_start:s.token_end]
            if not toks:
                continue
            cands, checked = self._scan(toks)
            if not cands:
                continue
            size = len(toks)
            if checked and not settled and anchor is not None:
                stated = stated_anchor(anchor, cands)
                if stated is not None:
                    if stated != anchor:
                        return self(doc, stated)
                    settled = True
            # -- their values
            for i, j, sem in cands:
                tense = None
                directional = False
                # (an expression that is the whole sentence has no clause words to read a tense
                # from; a meaning with a direction or a relative offset never needs the clause's)
                if i or j != size:
                    directional = sem.direction is None and sem.rel is None and sem.needs_direction()
                    if directional or sem.relation == "after":
                        # a bare imperfect verb points forward for weekdays and months, but holidays and
                        # Hijri months are often named in present-tense coverage (تتواصل احتفالات عيد الفطر)
                        weak_ok = sem.holiday is None and sem.calendar != "hijri"
                        tense = clause_tense(toks, i, j, 0.0 if weak_ok else 1.0)
                        if i > 0 and toks[i - 1].norm in _UNTIL:
                            tense = "until"  # حتى الأحد، بحلول 25 فبراير: a limit ahead of the report
                # only anaphoric meanings read the previous date (اليوم التالي، في ذلك الوقت)
                back = previous_date(timexes, sents, si) if n and anaphora and (
                    sem.anaphoric or sem.ref == "ANAPHORIC") else None
                typ, value, extra = resolve(sem, tense, back)
                if directional and tense:
                    extra["tense"] = tense
                first = toks[i]
                cut = cuts.get(first.text)
                if cut is None:
                    cut = leading_clitic_chars(first, word_info(first.norm, self.lex))
                    if shipped and len(cuts) < 100_000:
                        cuts[first.text] = cut
                start = first.start + cut
                end = toks[j - 1].end
                if moved is not None and value and (sem.kind == "DATE" or sem.kind == "TIME"):
                    extra["anchor"] = moved
                t = _new(Timex)  # Timex(...) without the call of its __init__: the fields one by one
                t.id = _IDS[n] if n < 256 else f"t{n + 1}"
                t.start = start
                t.end = end
                t.text = text[start:end]
                t.type = typ
                t.value = value
                # (resolving may have made the calendar Hijri: a holiday, 4/10 read as a Hijri date;
                # the grammar sets no calendar but these two)
                t.calendar = sem.calendar
                t.extra = extra
                timexes.append(t)
                sents.append(si)
                n += 1
        doc.timexes = timexes
        doc.provided.add("timexes")  # self.provides
        return doc


def previous_date(timexes: list[Timex], sents: list[int], si: int) -> Prev | None:
    """The last concrete date among ``timexes`` (a calendar value at a day, week, month … grain,
    nothing unresolved), if it lies in sentence ``si`` or the one before (``sents``: the sentence
    of each timex); what an anaphoric expression in sentence ``si`` is read against."""
    for k in range(len(timexes) - 1, -1, -1):
        t = timexes[k]
        value = t.value
        if value and (t.type == "DATE" or t.type == "TIME"):
            grain = t.extra.get("grain")
            if grain in _CONCRETE_GRAINS and "X" not in value:
                return Prev(value, grain) if si - sents[k] <= 1 else None
    return None


def stated_anchor(anchor: dt.date, cands: list[Cand]) -> dt.date | None:
    """The anchor as the first of ``cands`` that states the weekday of today puts it ("اليوم
    (الأحد)": that weekday within 3 days back or 1 ahead, else the anchor), None when none does."""
    for _, _, s in cands:
        if s.weekday_check is not None and s.rel == ("day", 0):
            if anchor.isoweekday() == s.weekday_check:
                return anchor
            back = (anchor.isoweekday() - s.weekday_check) % 7
            if back <= 3:
                return anchor - days(back)
            if 7 - back <= 1:
                return anchor + days(7 - back)
            return anchor
    return None


def make_stage(options: dict[str, Any], config: Any) -> TimeStage:
    """Pipeline factory (see ``khabar.pipeline.REGISTRY``)."""
    return TimeStage(options)
