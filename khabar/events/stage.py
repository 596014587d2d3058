"""The events stage: PLOVER event records with actors, status, date, place, source and group.

Per sentence: lexicon triggers (verbs and event nouns in any clitic form, ``lexicon.py``),
support words linked to the event nouns they carry (عقد اجتماعا، شن غارات، تم اعتقال), arguments
from clause analysis (``clauses.py``) with pro-drop subjects resolved to the last compatible
actor, status from cue scopes (``status.py``), date from the nearest time expression in the
clause or sentence, location from "في + place", attribution from the statement around it;
then one record per event per sentence and groups of mentions of the same event.

Records and their merging live in ``records.py``, argument-attachment helpers in ``attach.py``,
date, status from grammar, place, contexts and source in ``setting.py``, confidence in
``confidence.py``.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Any

from khabar.doc import Doc, Event, Participant, Timex, make_span
from khabar.events.anaphora import (
    apply_object_pronouns,
    coordinated_verb_subject,
    possessive_object_recipient,
    setting_consult_parties,
    trim_verb_heads,
)
from khabar.events.attach import (
    COMPLEMENTIZERS,
    SUFFIX_NUMBER,
    VERBAL,
    conjuncts,
    coordinated_object,
    coref_actor,
    overt_subject,
    purpose_masdars,
    relative_about_event,
    relative_antecedent,
    resolve_subject,
    subject_number,
)
from khabar.events.cameo import CameoTable
from khabar.events.clauses import (
    COMPLEMENTIZER_WORDS,
    PREPS,
    SentenceView,
    build_view,
    clause_end,
    clause_start,
    coordinated_pairs,
    doc_mentions,
    find_roles,
    load_anaphors,
    load_implicit,
    participants,
)
from khabar.events.confidence import confidence, features
from khabar.events.geo import Gazetteer
from khabar.events.lexicon import Entry, Lexicon, bare, shipped_text
from khabar.events.records import (
    Cand,
    Record,
    answered_requests,
    dedupe_parts,
    dedupe_sentence,
    group_records,
    merge,
    name_words,
    restated_talks,
    words_after,
)
from khabar.events.setting import (
    attribution_index,
    event_contexts,
    event_date,
    event_location,
    grammar_status,
    home_country,
)
from khabar.events.status import CueHit, CueLexicon, status_scopes
from khabar.text.normalize import norm_word

VERSION = "events@1"
QUOTE_TOKENS = frozenset("«»\"“”'‘’")
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"  # tanwin, harakat, shadda, sukun, tatweel
QUANT_WORDS = {norm_word(w) for w in ("مئة", "مائة", "ألف", "آلاف", "مئات", "عشرات", "ملايين", "ثلاثة", "أربعة",
                                       "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "كل", "أي")}
POLITICAL_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "IGO", "REB", "PTY", "OPP"}
ABSORBS = ("THREATEN", "REJECT")
SETTING_PREV = {norm_word(w) for w in ("هامش", "خلال", "أثناء", "عقب", "قبيل", "بعيد", "غداة", "عشية", "منذ")}
TO_PREP = norm_word("إلى")
NAME_PARTICLES = {norm_word(w) for w in ("أبو", "أبي", "أبا", "ابن", "بن", "بنت", "أم", "آل")}




def _load_domains() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in shipped_text("domains.tsv").splitlines():
        if line and not line.startswith("#") and not line.startswith("word\t"):
            w, _, d = line.partition("\t")
            out[bare(norm_word(w.strip()))] = d.split("\t")[0].strip()  # keys as the tokens' norms
    return out


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, non-nested (start, end) ``spans``."""
    k = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _source_clause_stops(cue_hits: list[CueHit], norms: list[str]) -> dict[int, int]:
    """A cue verb between a reporting verb and its أن-complement sits in a relative clause on the
    source ("أفاد مصدران طلبا عدم الكشف عن هويتيهما بأن واشنطن فرضت …"): its scope ends at that أن."""
    out: dict[int, int] = {}
    reports = [h.start for h in cue_hits if h.cue.status == "REPORT"]
    if not reports:
        return out
    comps = [k for k, w in enumerate(norms) if w in COMPLEMENTIZER_WORDS or w in COMPLEMENTIZERS]  # (إنه، أنها)
    for h in cue_hits:
        if h.cue.pos != "V" or h.cue.scope != "clause" or not h.start or norms[h.start - 1] in PREPS:
            continue
        r = max((x for x in reports if x < h.start), default=-1)
        if r < 0 or h.start - r < 3 or any(r < x < h.start for x in comps):
            continue
        nxt = next((x for x in comps if x >= h.end), None)
        if nxt is not None:
            out[h.start] = nxt
    return out


@lru_cache(maxsize=200_000)
def unsuffixed(w: str) -> str:
    """A bare word without a pronoun suffix (علاقاتها → علاقات، قواته → قوات، زيارته → زياره)."""
    for suf in ("هما", "هم", "ها", "ه"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: -len(suf)]
            return stem[:-1] + "ه" if stem.endswith("ت") and not stem.endswith("ات") else stem
    return w


def _load_contexts() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in shipped_text("contexts.tsv").splitlines():
        if line and not line.startswith("#") and not line.startswith("word\t"):
            w, _, c = line.partition("\t")
            out[norm_word(w.strip())] = c.strip()
    return out


def _form_set(words: frozenset[str]) -> frozenset[str]:
    from khabar.events.morph import noun_forms

    out: set[str] = set(words)
    for w in words:
        out.update(noun_forms(w).keys())
    return frozenset(out)


class EventStage:
    """PLOVER event coder over tokens, actor mentions, time expressions and attributions."""

    name = VERSION
    requires: tuple[str, ...] = ("tokens",)
    provides: tuple[str, ...] = ("events",)

    def __init__(self, options: dict[str, Any] | None = None, events_files: tuple[str, ...] = ()) -> None:
        options = options or {}
        self.lexicon = Lexicon.load(events_files)
        self.cues = CueLexicon.load()
        self.cameo = CameoTable()
        self.domains = _load_domains()
        self.contexts = _load_contexts()
        self.implicit = load_implicit() if options.get("implicit_actors", True) else {}
        self.anaphors = load_anaphors()
        self._has_event = lru_cache(maxsize=200_000)(self._has_event_word)
        self._has_event_h = lru_cache(maxsize=50_000)(
            lambda w: any(a.item.event != "-" for a in self.lexicon.analyzer.analyses_h(w)))
        self.geo = Gazetteer() if options.get("geo", True) else None
        # records the confidence model gives less than this are left out (0 keeps everything)
        self.min_confidence = float(options.get("min_confidence", 0.25))
        self._home_mention: Any = None
        self._near: dict[int, tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str],
                                    tuple[frozenset[str], ...]]] = {}
        for e in self.lexicon.entries:
            self._near[id(e)] = (_form_set(e.near), _form_set(e.notnear), e.next | _form_set(e.next),
                                 e.notnext | _form_set(e.notnext), tuple(_form_set(frozenset([w])) for w in e.words))

    # ----- triggers -------------------------------------------------------------------------
    def _fits(self, e: Entry, norms: list[str], bares: list[str], i: int, end: int,
              stems: list[str] | None = None, verb: bool = False,
              boundary: list[bool] | None = None, arg_end: dict[int, int] | None = None) -> tuple[int, int]:
        """(tokens the head covers, end of its required words) from i; (0, 0) if constraints fail.

        A noun's required words follow it (وقف اطلاق النار); a verb's may come after its subject,
        within six words (فرضت الولايات المتحدة عقوبات، أطلقت إسرائيل سراح)."""
        near, notnear, nxt, notnext, words = self._near[id(e)]
        n = len(norms)
        st = stems or bares
        if e.notprev and i > 0 and (bares[i - 1] in e.notprev or norms[i - 1] in e.notprev):
            return 0, 0

        def at(k: int, ws: frozenset[str]) -> bool:
            return k < n and (bares[k] in ws or norms[k] in ws or st[k] in ws)

        k = i + 1
        if words:
            starts = [i + 1]
            if verb:
                starts = [x for x in range(i + 1, min(n, i + 8))
                          if not (boundary and any(boundary[y] for y in range(i + 1, x + 1)))]
            for s0 in starts:
                x = s0
                for ws in words:  # quote marks may stand between the words: أعرب عن «قلقه»
                    while x < n and norms[x] in QUOTE_TOKENS:
                        x += 1
                    if not at(x, ws):
                        break
                    x += 1
                else:
                    k = x
                    break
            else:
                return 0, 0
        head_end = i + 1 if verb and words else k
        if nxt:
            # the next word, or for a verb the word after its subject ("لوّح الرئيس الأمريكي برد")
            ks = [k] + ([arg_end[k]] if verb and arg_end and k in arg_end else [])
            ks = [x + 1 if x < n and norms[x] in QUOTE_TOKENS else x for x in ks]
            if not any(x < n and (bares[x] in nxt or norms[x] in nxt or norms[x][:1] in nxt) for x in ks):
                return 0, 0
        if notnext and k < n and (bares[k] in notnext or norms[k] in notnext):
            return 0, 0
        window = range(k, min(n, k + 10))
        # (flag nearpre: the near word may also stand just before the verb, its subject: صاروخاً روسياً أصاب)
        before = range(max(0, i - 3), i) if verb and "nearpre" in e.flags else range(0)
        if near and not any(bares[x] in near or norms[x] in near or st[x] in near
                            for x in (*range(k, min(end, k + 6)), *before)):
            return 0, 0
        if notnear and any(bares[x] in notnear or norms[x] in notnear for x in window):
            return 0, 0
        return head_end - i, k

    def _triggers(self, view: SentenceView) -> list[Cand]:
        norms = view.norms
        bares = view.bares
        stems = [unsuffixed(b) for b in bares]
        n = len(norms)
        out: list[Cand] = []
        skip: set[int] = set()
        i = 0
        analyses = self.lexicon.analyzer.analyses
        analyses_h = self.lexicon.analyzer.analyses_h
        arg_end = {a.t0: a.t1 for a in view.args if a.gov is None}
        while i < n:
            w = norms[i]
            if len(w) < 2 or not w[0].isalpha() or view.tokens[i].text.isascii() or i in view.arg_at or i in skip:
                i += 1
                continue
            best: tuple[tuple[float, ...], Cand] | None = None
            end = -1
            ta = w[-1] == "ه" and view.tokens[i].text.rstrip(DIACRITICS).endswith("ة")
            for a in (analyses_h(w) if w[-1] == "ه" and w[0] in "وف" and not ta else analyses(w)):
                e = a.item
                if ta and a.suffix == "ه":
                    continue  # ة is never the pronoun ه (وزارة is no و+زار+ه)
                if "ك" in a.prefixes:
                    continue  # "كمساعدات"، "كهجوم": "as …" says what another event is, it is none itself
                if e.near and end < 0:
                    end = clause_end(view, i, 14)
                span, wend = self._fits(e, norms, bares, i, end, stems, a.form.pos == "V", view.boundary, arg_end)
                if not span:
                    continue
                prev = norms[i - 1] if i else ""
                if a.form.pos == "V" and (prev.isdigit() or prev in QUANT_WORDS):
                    continue  # "مئة طالب": a noun after a number, not the verb طالب
                if prev in NAME_PARTICLES and not a.prefixes:
                    continue  # "صاروخ أبو طالب"، "عبد الحميد": a name after a kunya/nasab particle
                if "objnext" in e.flags and (i + 1) not in view.arg_at:
                    continue  # "هنأ الملك …" but not "هنا" (here)
                if a.form.tense == "part" and prev not in ("،", ",") and "و" not in a.prefixes:
                    continue  # an adverbial participle follows a comma: "…، متهمةً الدوحة" (not "مدينة")
                noun_ctx = bool(a.prefixes and a.prefixes[-1] in ("ال", "ب", "ل", "ك")) or prev in (
                    "في", "علي", "عن", "من", "الي", "مع", "بعد", "قبل", "خلال", "اثر", "عقب", "بسبب")
                pos_fit = 1.0 if (a.form.pos == "N") == noun_ctx else 0.0
                strip = sum(len(p) for p in a.prefixes) + len(a.suffix)
                key = (float(e.specificity), pos_fit, -float(strip), e.weight)
                if best is None or key > best[0]:
                    best = (key, Cand(e, i, i + span, a.form, a.prefixes, a.suffix, t0=i,
                                      light=e.event == "-" or "light" in e.flags, wend=wend))
            if best is None:
                i += 1
                continue
            c = best[1]
            out.append(c)
            if c.form.pos == "V" and c.entry.words:
                skip.update(range(c.wend - len(c.entry.words), c.wend))  # "عقوبات" of فرضت … عقوبات
            i = c.j
        return out

    # ----- the document ---------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if not doc.sentences:
            doc.events = []
            return doc
        mentions = trim_verb_heads(doc, doc_mentions(doc), self._is_event_verb)
        m_starts = [m.start for m in mentions]
        timexes = sorted((t for t in doc.timexes if t.value), key=lambda t: t.start)
        tx_starts = [t.start for t in timexes]
        records: list[Record] = []
        memory: list[tuple[int, list[Participant], int]] = []  # (offset, participants, sentence)
        dual_memory: list[str] = []
        att_sources = self._attribution_subjects(doc)
        source_spans = sorted((a.source.start, a.source.end) for a in doc.attributions
                              if a.source is not None and a.source.kind == "anonymous"
                              and a.source.end > a.source.start)
        home = home_country(doc, mentions)
        self._home_mention = next((m for m in mentions if m.actor.code == home and not m.members), None)
        for si, sent in enumerate(doc.sentences):
            lo = bisect.bisect_left(m_starts, sent.start)
            hi = bisect.bisect_left(m_starts, sent.end)
            toks = doc.tokens[sent.token_start:sent.token_end]
            if not toks:
                continue
            if not self._quick_candidates(toks):
                for m in mentions[lo:hi]:
                    if m.kind != "media":
                        self._remember_codes(dual_memory, m.members or (m.actor.code,))
                dual_memory.extend(p for _, p in coordinated_pairs(doc.text, mentions[lo:hi]))
                for off, parts in att_sources.get(si, ()):
                    memory.append((off, parts, si))
                continue
            view = build_view(doc, si, mentions[lo:hi], dual_memory, self.implicit, home, self.anaphors,
                              mentions[:hi])
            cands = self._triggers(view)
            if cands and source_spans:  # the words describing an anonymous source are no events of
                # their own ("مسؤول طلب عدم الكشف عن هويته", "مصدر مطلع على المحادثات")
                cands = [c for c in cands if not _inside(source_spans, toks[c.i].start)]
            if not cands:
                for off, parts in att_sources.get(si, ()):
                    memory.append((off, parts, si))
                continue
            self._sentence(doc, si, view, cands, memory, att_sources.get(si, []), timexes, tx_starts, records)
        answered_requests(records, words_after(doc, records))
        group_records(records)
        doc.events = self._emit(doc, records)
        doc.provided.update(self.provides)
        return doc

    def _quick_candidates(self, toks: list[Any]) -> bool:
        """Whether a sentence has a word that may start an event (support words alone make none)."""
        has = self._has_event
        return any(has(t.norm) or (t.norm[-1:] == "ه" and t.norm[:1] in "وف" and self._has_event_h(t.norm)
                                   and not t.text.rstrip(DIACRITICS).endswith("ة")) for t in toks)

    def _is_event_verb(self, w: str) -> bool:
        return any(a.item.event != "-" and a.form.pos == "V" for a in self.lexicon.analyzer.analyses(w))

    def _has_event_word(self, w: str) -> bool:
        return any(a.item.event != "-" for a in self.lexicon.analyzer.analyses(w))

    @staticmethod
    def _remember_codes(dual_memory: list[str], codes: tuple[str, ...]) -> None:
        if len(codes) > 1:
            return  # ad-hoc groups and resolved anaphors do not add salience
        for c in codes:
            if c != "IGO":
                dual_memory.append(c)
        del dual_memory[:-40]

    def _attribution_subjects(self, doc: Doc) -> dict[int, list[tuple[int, list[Participant]]]]:
        """Sources of attributions with an actor, as discourse subjects (by sentence)."""
        out: dict[int, list[tuple[int, list[Participant]]]] = {}
        for a in doc.attributions:
            s = a.source
            if s.actor is None or not s.actor.code:
                continue
            p = Participant(s.start, s.end, s.text, s.actor.code, s.actor.sector, s.entity)
            out.setdefault(doc.sentence_of(a.cue.start), []).append((a.cue.start, [p]))
        return out

    # ----- one sentence ---------------------------------------------------------------------
    def _sentence(
        self, doc: Doc, si: int, view: SentenceView, cands: list[Cand],
        memory: list[tuple[int, list[Participant], int]], att_subj: list[tuple[int, list[Participant]]],
        timexes: list[Timex], tx_starts: list[int], records: list[Record],
    ) -> None:
        toks, norms = view.tokens, view.norms
        n = len(toks)
        cue_hits = self.cues.find(norms)
        # support words carry the event noun after them (or before them: الرحلة ... ألغيت)
        for c in cands:
            if not c.light:
                continue
            stop = clause_end(view, c.j - 1, 12)
            tgt = next((d for d in cands if d is not c and c.j <= d.i < stop and d.form.pos == "N"
                        and not (d.light and d.entry.event == "-")), None)
            if tgt is None and "happen" in c.entry.flags:
                st = clause_start(view, c.i, 8)
                tgt = next((d for d in reversed(cands) if st <= d.i < c.i and d.form.pos == "N" and not d.light),
                           None)
            if tgt is not None:
                c.target = tgt
                if tgt.governor is None or tgt.governor.roles is None:
                    tgt.governor = c
                if c.entry.event != "-" and tgt.i - c.j <= 2:
                    tgt.t0 = c.t0
                    c.absorbed = True
            elif c.entry.event == "-":
                c.absorbed = True
        purpose_masdars(view, cands)
        # an entry that needs a following event word takes it in (تعليق المحادثات مع واشنطن)
        for k, c in enumerate(cands):
            if c.light or not (c.entry.near or c.entry.words) or c.absorbed:
                continue
            near = self._near[id(c.entry)][0]
            # (a verb's subject may stand between: "قدم الملك سلمان مساعدات إلى اليمن")
            subj = view.args[view.arg_at[c.j]] if c.form.pos == "V" and c.j in view.arg_at else None
            after_subj = subj.t1 if subj is not None and subj.t0 == c.j and subj.gov is None else -1
            for d in cands[k + 1:k + 3]:
                if d.form.pos == "N" and (d.i <= c.j + 1 or d.i == after_subj) \
                        and (bare(norms[d.i]) in near or d.i < c.j):
                    d.absorbed = True
        view.verbish = {c.i for c in cands if c.form.pos == "V"} | {
            h.start for h in cue_hits if h.tense in ("perf", "impf", "juss", "part")}
        # arguments
        starts = [c.i for c in cands]
        for k, c in enumerate(cands):
            if c.absorbed and c.entry.event != "-":
                continue
            nxt = next((d.i for d in cands[k + 1:] if d.i >= c.j and not (d.absorbed and not d.light)), None)
            stop = min(clause_end(view, c.j - 1, 14), nxt if nxt is not None else n)
            if c.light and c.entry.event == "-":
                stop = c.target.i if c.target is not None and c.target.i > c.j else stop
            c.passive = c.form.pos == "V" and _passive(toks[c.i].text)
            c.roles = find_roles(view, c.i, c.j, c.form.pos, c.entry.args, c.entry.flags, stop,
                                 visit="visit" in c.entry.mode, participle=c.form.tense == "part",
                                 passive=c.passive)
            r0 = c.roles
            k2 = c.i - 1
            while k2 >= 0 and norms[k2] in ("قد", "سوف", "لن", "لم", "لا"):
                k2 -= 1
            if c.form.pos == "V" and k2 >= 0 and norms[k2] in COMPLEMENTIZERS and r0.subject is not None \
                    and r0.subject.t0 > c.i:
                # "إنه سيزور الصين": the pronoun is the subject, the noun after the verb its object
                obj_role = c.entry.args.get("obj", "recipient")
                r0.actor = [a for a in r0.actor if a is not r0.subject]
                if obj_role == "recipient" and r0.subject not in r0.recipient:
                    r0.recipient = [r0.subject] + r0.recipient
                r0.subject = None
            if "recip" in c.entry.flags and c.form.pos == "V" and len(r0.actor) == 1 and not r0.recipient \
                    and r0.subject is not None and r0.subject.t0 > c.i and len(r0.subject.codes()) < 2:
                # "زار ماكرون بيروت، والتقى عون": the second verb shares the first one's subject
                prev_v = next((d for d in reversed(cands[:k]) if d.form.pos == "V" and d.roles is not None
                               and d.roles.subject is not None and d.roles.subject is not r0.subject), None)
                if prev_v is not None and prev_v.roles is not None and prev_v.roles.subject is not None:
                    shared = prev_v.roles.subject
                    r0.recipient, r0.actor = [r0.subject], [shared]
                    r0.subject = shared
            if coordinated_object(view, c, r0, cands):
                # "أعربت الخارجية الألمانية عن قلقها، وحثت إسرائيل على ضبط النفس": a و-verb whose noun
                # is followed by the frame's complement (على/إلى/بـ) shares the first verb's subject
                prev_v = next((d for d in reversed(cands[:k]) if d.form.pos == "V" and d.roles is not None
                               and d.roles.subject is not None and d.roles.subject is not r0.subject
                               and d.roles.subject.t1 <= c.i), None)
                shared_arg = prev_v.roles.subject if prev_v is not None and prev_v.roles is not None else None
                if shared_arg is None:  # the subject of a first verb that is no event (وأعربت … عن قلقها)
                    shared_arg = next((a for a in reversed(view.args) if a.t1 <= c.i and a.gov is None and not a.loc
                                       and not a.adjective and a.t0 > 0 and toks[a.t0 - 1].pos == "VERB"), None)
                obj = r0.subject
                if shared_arg is not None and obj is not None and not shared_arg.codes() & obj.codes():
                    r0.actor = [shared_arg] + [a for a in r0.actor if a is not obj]
                    r0.recipient = [obj] + [a for a in r0.recipient if a is not obj]
                    r0.subject = shared_arg
            if any(r == "event" for r in c.entry.args.values()):
                c.comp = next((d.target or d if d.light else d for d in cands[k + 1:]
                               if d.i < clause_end(view, c.j - 1, 10) and not (d.light and d.target is None)), None)
        del starts
        coordinated_verb_subject(cands)  # "التقى X Y وحثه": Y is حث's object, X its subject
        # subjects of reporting verbs are discourse subjects (قال بايدن إنه …)
        for h in cue_hits:
            if h.cue.status == "REPORT":
                rr = find_roles(view, h.start, h.end, "V", {"obj": "none"}, frozenset(), clause_end(view, h.end - 1, 8))
                if rr.subject is not None:
                    memory.append((toks[h.start].start, participants(doc, rr.subject), si))
        memory.sort(key=lambda x: x[0])
        # fill actors: support verbs, pronouns, pro-drop
        for c in cands:
            if c.roles is None:
                continue
            r = c.roles
            if c.form.pos == "N" and c.governor is not None and c.governor.roles is not None:
                g = c.governor.roles
                if "undergo" in c.governor.entry.flags:
                    if g.actor and not r.recipient:
                        r.recipient = list(g.actor)
                elif g.subject is not None and g.subject not in r.actor:
                    r.actor = [g.subject] + [a for a in r.actor if a is not g.subject]
            if c.form.pos == "N" and not r.actor and "visit" in c.entry.mode and \
                    any(a.gov == TO_PREP for a in r.recipient):
                # "زيارة لوفد من الاتحاد إلى الخرطوم": with a destination named, ل names the visitor
                r.actor = [a for a in r.recipient if a.gov == "ل"]
                r.recipient = [a for a in r.recipient if a.gov != "ل"]
            # (a support word earlier in the sentence may already have given this one its parties)
            c.actor = [p for a in r.actor for p in participants(doc, a)] or c.actor
            c.recipient = [p for a in r.recipient for p in participants(doc, a)] or c.recipient
            if c.governor is not None and not c.actor and c.governor.actor and "undergo" not in c.governor.entry.flags:
                c.actor = list(c.governor.actor)
            if not c.actor and c.form.pos == "N" and c.suffix in SUFFIX_NUMBER and c.entry.args.get("gen") != "recipient":
                prev_args = [a for a in view.args if a.t1 <= c.i and not a.loc and a not in r.recipient]
                if prev_args:
                    c.actor = participants(doc, prev_args[-1])
                    c.prodrop = True
            ev_subject = c.form.pos == "V" and any(
                d.form.pos == "N" and not d.light and c.i - 4 <= d.j <= c.i
                and not any(view.boundary[x] for x in range(d.j, c.i)) for d in cands)
            # "أكد الصفدي …، وطالب المجتمع الدولي بزيادة المساعدات": a coordinated verb shares the
            # sentence's subject; the noun after it is its object, not a new uncodable subject
            coord_shared = c.form.pos == "V" and c.prefixes[:1] == ("و",) and c.entry.args.get("obj") == "recipient" \
                and "recip" not in c.entry.flags \
                and any(view.norms[k][:1] == "ب" and len(view.norms[k]) > 4 for k in range(c.j + 1, min(n, c.j + 4))) \
                and any(s == si and o < toks[c.i].start for o, _, s in memory)
            if not c.actor and not c.passive and not overt_subject(view, c, cands, doc):
                c.actor = relative_antecedent(view, c, doc)  # "… وكندا التي قدمت دعماً"
            if not c.actor and not ev_subject and not c.passive and \
                    (coord_shared or not overt_subject(view, c, cands, doc)):
                number = subject_number(c, norms)
                if number:
                    off = toks[c.i].start
                    found = resolve_subject(memory, att_subj, off, si, number)
                    if found:
                        c.actor = found
                        c.prodrop = True
            if c.actor and not c.prodrop:
                memory.append((toks[c.i].start, c.actor, si))
            if c.light and c.entry.event == "-" and c.target is not None:
                t = c.target
                if t.roles is not None and not t.roles.actor:
                    if "undergo" in c.entry.flags:
                        if c.actor and not t.recipient:
                            t.recipient = list(c.actor)
                    elif c.actor and not t.actor:
                        t.actor = list(c.actor)
                        t.prodrop = c.prodrop
        # control: an event noun in the complement of a plan/hope verb takes its subject as actor
        # (يعتزم بلينكن زيارة الصين); of a request verb, its object (دعا إسرائيل إلى الانسحاب)
        for h in cue_hits:
            if h.cue.pos != "V" or h.cue.status not in ("planned", "hoped", "requested", "denied", "expected"):
                continue
            stop_c = clause_end(view, h.end - 1, 12)
            nouns = [c for c in cands if h.end <= c.i < stop_c and c.form.pos == "N" and not c.light and not c.actor]
            if not nouns:
                continue
            r = find_roles(view, h.start, h.end, "V", {"obj": "recipient"}, frozenset(), nouns[0].i)
            ctl = (r.recipient if h.cue.status == "requested" else r.actor)
            if not ctl and h.cue.status != "requested":
                number = "sg" if h.tense else ""
                found = resolve_subject(memory, att_subj, toks[h.start].start, si, number) if number else []
                ctl_parts = found
            else:
                ctl_parts = [p for a in ctl for p in participants(doc, a)]
            for c in nouns[:1]:
                own = {p.code for p in c.recipient}
                c.actor = [p for p in ctl_parts if p.code not in own] or c.actor
        # coordinated event nouns share their first conjunct's parties (and, below, its status):
        # "اتفقا على تعزيز التعاون … وتبادل المعلومات"، "تتضمن استئناف العبور، واستئناف الخطوط"
        conjuncts(view, cands)
        # "وردّ التحالف بشنّ غارات …"، "تدخلت الشرطة لتفريق المتظاهرين": an event noun reached through
        # ب/ل (or a support noun) with no agent of its own takes the clause's subject
        for c in cands:
            if c.form.pos != "N" or c.actor or c.light or c.roles is None:
                continue
            via = (c.prefixes[-1:] in (("ب",), ("ل",))) or (c.governor is not None and c.governor.form.pos == "N") \
                or c.motive
            if not via:
                continue
            st_c = clause_start(view, c.t0, 10)
            lefts = [a for a in view.args if st_c <= a.t0 and a.t1 <= c.t0 and a.gov is None and not a.loc
                     and a not in c.roles.recipient]
            if lefts and c.t0 - lefts[-1].t1 <= 8:
                c.actor = participants(doc, lefts[-1])
        relative_about_event(view, cands)
        setting_consult_parties(view, cands)  # "… في اتصال هاتفي": the call's parties are the clause's
        apply_object_pronouns(doc, view, cands)  # حثه، انتقدها، اعتقاله: the suffix's referent
        possessive_object_recipient(doc, view, cands)  # "وانتقد سياساتها": the possessor
        breaks = sorted(h.start for h in cue_hits if h.cue.status in ("BREAK", "REPORT"))
        for c in cands:
            if c.comp is not None and not c.recipient and c.actor:
                own = {p.code for p in c.actor}
                comp_parts = c.comp.actor + c.comp.recipient
                c.recipient = [p for p in comp_parts if p.code not in own]
            if c.entry.event in ABSORBS and c.comp is not None and c.comp is not c and c.actor:
                c.comp.absorbed = True  # "هدد بفرض عقوبات": the threatened sanction is no event
                if c.comp.target is not None:
                    c.comp.target.absorbed = True
            if c.entry.event in VERBAL and c.actor and not c.recipient:
                # "دانت إيران الضربات": the parties of the event a statement is about
                stop_e = next((b for b in breaks if b >= c.j), n)
                own = {p.code for p in c.actor}
                for d in cands:
                    if d is c or d.light or not (c.j <= d.i < min(stop_e, c.j + 12)) or d.form.pos != "N":
                        continue
                    same = [x for x in cands if x is not d and x.entry.head == d.entry.head and x.i < d.i
                            and (x.actor or x.recipient)]
                    parts = (d.actor + d.recipient or (same[-1].actor + same[-1].recipient if same else [])
                             or coref_actor(d, records, si))
                    if [p for p in parts if p.code not in own]:
                        c.recipient = [p for p in parts if p.code not in own]
                        break
            if c.entry.event in VERBAL and c.actor and not c.recipient:
                # the party a statement is about, named in its content: "هدد … بفرض عقوبات على العراق"
                own = {p.code for p in c.actor}
                stop_v = next((b for b in breaks if b >= c.j), n)
                subjects = [d.roles.subject for d in cands if d is not c and d.form.pos == "V" and d.roles is not None
                            and d.roles.subject is not None and d.i > c.i]
                for a in view.args:
                    if any(a is x for x in subjects):
                        continue  # the subject of a later verb ("اتفاقاً توسطت فيه تركيا") is its own party
                    if c.j <= a.t0 < min(stop_v, c.j + 20) and not a.loc and not a.agent and \
                            a.gov in (None, "ل", "علي", "ضد", "مع", "الي", "ب") and not a.codes() <= own:
                        c.recipient = [p for p in participants(doc, a) if p.code not in own]
                        break
        # remember subjects for pro-drop in later clauses
        for a_off, a_parts in att_subj:
            memory.append((a_off, a_parts, si))
        memory.sort(key=lambda x: x[0])
        # status
        is_event = [False] * n
        tense = [""] * n
        governs: dict[int, list[int]] = {}
        subject_left: dict[int, int] = {}
        for c in cands:
            is_event[c.i] = True
            tense[c.i] = c.form.tense if c.form.pos == "V" else ""
            if c.target is not None:
                governs.setdefault(c.i, []).append(c.target.i)
                if c.target.i < c.i:
                    subject_left[c.i] = c.target.i
        for h in cue_hits:  # cue verbs that are not events still govern their event noun (ألغيت)
            if h.cue.scope == "target" and h.start not in subject_left:
                st = clause_start(view, h.start, 12)
                left = [c for c in cands if st <= c.i < h.start and c.form.pos == "N" and not c.light]
                if left:
                    subject_left[h.start] = left[0].i if left[0].i == st else left[-1].i
            if h.cue.scope == "target" and h.cue.status == "cancelled" and h.start in subject_left:
                # "كانت زيارة … قد ألغيت": the visit, cancelled — not a REJECT by whoever is around
                for c in cands:
                    if c.i == h.start and c.form.pos == "V" and c.entry.event in ABSORBS:
                        c.absorbed = True
        # a coordinated finite verb (وتعهدت، ودعت) starts a new clause: outer scopes end there
        coord = [c.i for c in cands if c.form.pos == "V" and c.form.tense in ("perf", "impf") and
                 c.prefixes[:1] in (("و",), ("ف",))]
        scoped = status_scopes(cue_hits, n, is_event, tense, governs, subject_left, coord,
                               _source_clause_stops(cue_hits, norms))
        sent = doc.sentences[si]
        live = [c for c in cands if not c.absorbed and not (c.light and c.entry.event == "-")]
        for c in live:
            got = scoped.get(c.i) or (scoped.get(c.t0) if c.t0 != c.i else None)
            c.date = event_date(doc, view, c, timexes, tx_starts)
            if got:
                c.status, c.cue_status = got[2], True
            else:
                c.status = grammar_status(doc, c, view)
            c.location = event_location(doc, view, c, self.geo)
            c.context = event_contexts(view, c, self.contexts)
        for c in live:
            if c.conj is not None and not c.cue_status and c.conj.status != "cancelled":  # (a target cue's own)
                c.status, c.date = c.conj.status, c.date or c.conj.date
        # an event noun with no parties of its own restates an event of the same type named in
        # this sentence (سيزور … الرحلة ألغيت); it is folded into that record
        kept: list[Cand] = []
        for c in live:
            if c.form.pos == "N" and not c.actor and not c.recipient:
                same = [d for d in live if d is not c and d.entry.event == c.entry.event and (d.actor or d.recipient)
                        and (not c.entry.mode or not d.entry.mode or set(c.entry.mode) & set(d.entry.mode))]
                if same:
                    merge(min(same, key=lambda d: abs(d.i - c.i)), c)
                    continue
            kept.append(c)
        for c in kept:
            if c.entry.event == "CONSULT" and c.form.pos == "N" and ("ال" in c.prefixes or c.suffix):
                restated_talks(c, records, si)
            if not self._keep(c, view):
                continue
            c.keys = {w for p in c.actor + c.recipient for w in name_words(p.text)}
            c.heads.add(c.entry.head)
            s_char, e_char = toks[c.t0].start, toks[c.j - 1].end
            records.append(Record(c, si, sent.para, s_char, e_char))
        dedupe_sentence(records, si)

    def _home_participant(self, view: SentenceView, sector: str | None) -> Participant:
        """The article's home country as a participant, spanning its first mention (its dateline)."""
        m = self._home_mention
        if m is not None and m.actor.code == view.home:
            return Participant(m.start, m.end, m.text, view.home, sector, m.entity)
        tok = view.tokens[0]
        return Participant(tok.start, tok.end, tok.text, view.home, sector, None)

    def _keep(self, c: Cand, view: SentenceView) -> bool:
        if not c.actor and c.entry.event == "PROTEST" and view.home:
            # unnamed protesters take the country where they protest (SPEC: victims and bystanders)
            where = c.location
            near_loc = where is not None and where.code and abs(where.start - view.tokens[c.i].start) < 60
            if near_loc and where is not None:
                c.actor = [Participant(where.start, where.end, where.text, where.code, "CVL", None)]
            else:
                c.actor = [self._home_participant(view, "CVL")]
        if c.entry.event == "ASSAULT" and c.actor and not c.recipient:
            # victims with no affiliation take the country where the event happened (SPEC.md)
            own = {p.code for p in c.actor}
            where = c.location
            if where is not None and where.code and where.code not in own:
                c.recipient = [Participant(where.start, where.end, where.text, where.code, None, None)]
            elif view.home and view.home not in own and where is None:
                c.recipient = [self._home_participant(view, None)]
        if c.entry.event == "AID" and c.actor and not c.recipient and view.home and \
                view.home not in {p.code for p in c.actor}:
            # aid needs a recipient (PLOVER); unnamed, it is the country the article is about
            c.recipient = [self._home_participant(view, None)]
        if not c.actor and not c.recipient:
            return False
        if "polactor" in c.entry.flags and not any(p.sector in POLITICAL_SECTORS or p.sector is None
                                                   for p in c.actor):
            return False
        spans = {(p.start, p.end) for p in c.actor + c.recipient}
        codes = {p.code for p in c.actor + c.recipient}
        if c.entry.event in ("CONSULT", "COOPERATE") and len(spans) < 2 and len(codes) < 2 \
                and not ("assembly" in c.entry.flags and codes == {"IGO"} and c.actor):
            return False  # a consultation or cooperation needs two parties (an IGO's meeting has its members)
        prev = view.norms[c.t0 - 1] if c.t0 else ""
        if c.form.pos == "N" and bare(prev) in SETTING_PREV and len(codes) < 2:
            return False  # "على هامش قمة …": the event is a setting, not reported
        if not c.actor and c.entry.event not in ("ASSAULT", "COERCE", "SANCTION"):
            return False
        if "needrec" in c.entry.flags and not c.recipient:
            return False
        doms_list = [self.domains.get(bare(w)) for w in view.norms]
        if doms_list.count("sport") >= 2 or ("dom" in c.entry.flags and {"sport", "disaster", "culture"} & set(doms_list)):
            return False  # sport, weather, culture: "هجوم" of a team, a cyclone that "ضرب", a film's "معركة"
        if "dom" in c.entry.flags or c.entry.event in ("CONSULT", "AGREE"):
            doms = set(doms_list)
            if "business" in doms:
                sectors = {p.sector for p in c.actor + c.recipient}
                if sectors <= {"BUS", None} and not any(p.sector in POLITICAL_SECTORS for p in c.actor):
                    return False
        return True


    def _emit(self, doc: Doc, records: list[Record]) -> list[Event]:
        out: list[Event] = []
        atts = attribution_index(doc)
        feats = doc.user
        feats["event_features"] = {}
        for k, r in enumerate(records, 1):
            c = r.cand
            e = c.entry
            cameo, quad, gold = self.cameo.lookup(e.event, e.mode, c.context or e.context)
            conf = confidence(c)
            if conf < self.min_confidence:
                continue
            feats.setdefault("event_features", {})[f"v{k}"] = features(c)
            out.append(Event(
                id=f"v{k}", event=e.event, trigger=make_span(doc.text, r.start, r.end), sentence=r.sent,
                mode=list(e.mode), context=list(c.context or e.context), group=f"g{r.group + 1}",
                actor=dedupe_parts(c.actor), recipient=[p for p in dedupe_parts(c.recipient)
                                                         if (p.start, p.end) not in {(a.start, a.end) for a in c.actor}],
                status=c.status, date=c.date, location=c.location, attribution=atts(r.start, r.sent),
                cameo=cameo or None, quad_class=quad or None, goldstein=gold, confidence=round(conf, 3),
            ))
        return out





def _passive(word: str) -> bool:
    """A vocalised passive verb: damma on its first letter (قُتل، أُلغيت، يُعتقد)."""
    letters = [ch for ch in word if "\u0621" <= ch <= "\u064a"]
    if not letters:
        return False
    k = word.find(letters[0])
    if letters[0] in "وف" and len(letters) > 3:  # وقُتل
        k = word.find(letters[1], k + 1)
    if letters[0] in "يتن" or (len(letters) > 1 and letters[0] in "وف" and letters[1] in "يتن"):
        return k + 1 < len(word) and word[k + 1] == "\u064f"  # يُعتقد
    return k + 1 < len(word) and word[k + 1] == "\u064f"






def make_stage(options: dict[str, Any], config: Any) -> EventStage:
    files = tuple(getattr(config, "events_files", ()) or ())
    return EventStage(options, files)


