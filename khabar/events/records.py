"""Event records of the events stage: candidates (``Cand``), per-sentence records, and how
mentions of one event are merged in a sentence and grouped across the document."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from khabar.doc import Doc, Location, Participant
from khabar.events.clauses import Roles
from khabar.events.lexicon import Entry, bare
from khabar.events.morph import Form
from khabar.text.normalize import norm_word

STRONG_STATUS = ("cancelled", "negated", "denied")


@dataclass(slots=True)
class Cand:
    """A candidate event (or support word) in one sentence, local token span [i, j)."""

    entry: Entry
    i: int
    j: int
    form: Form
    prefixes: tuple[str, ...]
    suffix: str
    t0: int = 0  # trigger start token (support word merged in front)
    light: bool = False
    absorbed: bool = False
    governor: Cand | None = None  # the support verb carrying this event noun
    target: Cand | None = None  # for a support word: the event noun it carries
    comp: Cand | None = None  # complement event (طلب عقد اجتماع)
    roles: Roles | None = None
    actor: list[Participant] = field(default_factory=list)
    recipient: list[Participant] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    status: str = "asserted"
    cue_status: bool = False
    prodrop: bool = False
    date: dict[str, Any] | None = None
    location: Location | None = None
    context: list[str] = field(default_factory=list)
    passive: bool = False
    heads: set[str] = field(default_factory=set)  # heads of the words merged into this record
    wend: int = 0  # end of the entry's required words (after the subject for a verb)
    conj: Cand | None = None  # the event noun this one is coordinated with (… وتبادل المعلومات)
    motive: bool = False  # an accusative masdar of motive (… تنديداً بـ): its agent is the clause's subject


@dataclass(slots=True)
class Record:
    """An event record: a kept candidate, its sentence, paragraph, trigger span and group."""

    cand: Cand
    sent: int
    para: int
    start: int
    end: int
    group: int = -1


TITLE_WORDS = {norm_word(w) for w in ("الرئيس", "رئيس", "وزير", "وزيرة", "الوزير", "مسؤول", "مسؤولون", "نظيره",
                                      "نظيرها", "الأمريكي", "الصيني", "الملك", "الأمير", "الشيخ", "السيد", "وزارة")}


def name_words(text: str) -> set[str]:
    """Words that identify a participant across mentions (جو بايدن ~ بايدن), titles left out."""
    out = set()
    for w in norm_word(text).split():
        b = bare(w)
        if len(b) >= 2 and w not in TITLE_WORDS and b not in TITLE_WORDS:
            out.add(b)
    return out


def merge(a: Cand, b: Cand) -> None:
    """Fold record b into a (same event named twice in one sentence)."""
    a.heads |= b.heads | {a.entry.head, b.entry.head}
    if b.cue_status and b.status in STRONG_STATUS:  # "سيزور … لكن الرحلة أُلغيت"
        a.status, a.cue_status = b.status, True
    if (not a.date or not a.date.get("timex")) and b.date and b.date.get("timex"):
        a.date = b.date
    if a.location is None:
        a.location = b.location
    if not a.actor and b.actor:  # "تعرضت المدينة لقصف … قصفت القوات الروسية": the agent is named once
        a.actor = [p for p in b.actor if p.code not in {q.code for q in a.recipient}]
    codes = {p.code for p in a.actor + a.recipient}
    a.recipient += [p for p in b.recipient if p.code not in codes]
    a.keys |= b.keys


def contradict(g: list[Record], r: Record) -> bool:
    """A record cannot join a group whose status it contradicts across sentences."""
    st = r.cand.status
    for x in g:
        if x.sent == r.sent:
            continue
        o = x.cand.status
        if (st in STRONG_STATUS and o == "asserted") or (o in STRONG_STATUS and st == "asserted"):
            return True
        if (st == "negated" and o in ("expected", "planned")) or (o == "negated" and st in ("expected", "planned")):
            return True
    return False


def dates_compatible(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Two records' dates can name one event: either is missing or one value refines the other."""
    if not a or not b or not a.get("timex") or not b.get("timex"):
        return True
    va, vb = str(a["value"]), str(b["value"])
    return va.startswith(vb) or vb.startswith(va)


def dedupe_parts(parts: list[Participant]) -> list[Participant]:
    """The participants with the first of each country code kept, in order."""
    seen: set[str | None] = set()
    out = []
    for p in parts:
        if p.code in seen:
            continue
        seen.add(p.code)
        out.append(p)
    return out


def dedupe_sentence(records: list[Record], si: int) -> None:
    """One record per event per sentence: merge same-type records naming the same parties."""
    mine = [r for r in records if r.sent == si]
    drop: set[int] = set()
    for x in range(len(mine)):
        a = mine[x]
        if id(a) in drop:
            continue
        for y in range(x + 1, len(mine)):
            b = mine[y]
            if id(b) in drop or a.cand.entry.event != b.cand.entry.event:
                continue
            ca = {p.code for p in a.cand.actor + a.cand.recipient}
            cb = {p.code for p in b.cand.actor + b.cand.recipient}
            weak = b.cand.prodrop or a.cand.prodrop or a.cand.entry.head == b.cand.entry.head
            if not (weak and (ca == cb or ca >= cb or cb >= ca)):
                continue
            if a.cand.prodrop and not b.cand.prodrop:  # keep the record whose parties are named
                merge(b.cand, a.cand)
                drop.add(id(a))
                break
            merge(a.cand, b.cand)
            drop.add(id(b))
    if drop:
        records[:] = [r for r in records if id(r) not in drop]


TALKS_BACK = 4  # sentences a definite "المحادثات" looks back for the talks it restates
TALKS_HEADS = frozenset({"محادثه", "محادثات", "مفاوضات", "مفاوضه", "مشاورات", "مباحثات"})


def restated_talks(c: Cand, records: list[Record], si: int) -> None:
    """A definite or possessed talks noun (المحادثات، المفاوضات، مشاوراتهم) with fewer than two parties
    of its own restates the latest consultation of the last few sentences that had two: it takes
    that record's parties (the ones it names itself must be among them)."""
    own = {p.code for p in c.actor + c.recipient}
    if len(own) >= 2 or c.entry.head not in TALKS_HEADS or set(c.prefixes) - {"و", "ف", "ال"}:
        return  # (a talks noun after a preposition, للمفاوضات، is another event's goal)
    for r in reversed(records):
        if si - r.sent > TALKS_BACK:
            return
        if r.sent == si or r.cand.entry.event != "CONSULT":
            continue
        codes = {p.code for p in r.cand.actor + r.cand.recipient}
        if len(codes) >= 2 and own <= codes:
            c.actor = dedupe_parts(c.actor + list(r.cand.actor))
            c.recipient = [p for p in dedupe_parts(c.recipient + list(r.cand.recipient))
                           if p.code not in {a.code for a in c.actor}]
            return


# what a rejection or acceptance may take as its object when it answers a request named before it
# (رفضت ذلك، رفض الطلب، وافقت على الدعوة)
RESPONSE_OBJECTS = frozenset(norm_word(w) for w in (
    "ذلك", "هذا", "هذه", "الطلب", "الطلبات", "المطالب", "المطالبات", "الدعوة", "الدعوات", "الاقتراح",
    "المقترح", "العرض", "المبادرة", "طلبها", "طلبه", "طلبهم", "دعوتها", "دعوته", "مطالبها", "مطالبه"))


def words_after(doc: Doc, records: list[Record]) -> dict[int, str]:
    """Each record's start → the normalised word after its trigger and its subject (ورفضت إيران
    الطلب), after على (وافقت على الطلب)."""
    starts = [t.start for t in doc.tokens]
    out: dict[int, str] = {}
    for r in records:
        k = bisect.bisect_left(starts, r.end)
        spans = [(p.start, p.end) for p in r.cand.actor]
        while k < len(doc.tokens) and any(a <= doc.tokens[k].start < b for a, b in spans):
            k += 1
        if k < len(doc.tokens) and doc.tokens[k].norm == "علي":
            k += 1
        if k < len(doc.tokens):
            out[r.start] = doc.tokens[k].norm
    return out


def answered_requests(records: list[Record], next_norm: dict[int, str]) -> None:
    """A rejection or acceptance with no recipient whose object is the request itself (رفضت ذلك،
    رفض الطلب) answers the last request of its own or the previous sentence: the requester is its
    recipient. ``next_norm``: record start offset → the normalised word after its trigger (and after
    على for وافق على)."""
    last: Record | None = None
    for r in records:
        c = r.cand
        if c.entry.event == "REQUEST" and c.actor:
            last = r
            continue
        if c.entry.event not in ("REJECT", "AGREE") or c.recipient or not c.actor or last is None:
            continue
        if r.sent - last.sent > 1 or next_norm.get(r.start) not in RESPONSE_OBJECTS:
            continue
        own = {p.code for p in c.actor}
        asked = [p for p in last.cand.actor if p.code not in own]
        if asked:
            c.recipient = dedupe_parts(list(asked))


def group_records(records: list[Record]) -> None:
    """Mentions of the same event share a group: same type and mode, compatible parties, names
    and dates, no contradiction (a cancelled visit is not the visit that took place). A definite
    restatement (الاجتماع، زيارته) takes the group's status and date; a later cancellation or
    denial applies to the earlier mentions."""
    groups: list[list[Record]] = []
    for r in records:
        c = r.cand
        codes = {p.code for p in c.actor + c.recipient}
        best = None
        for g in reversed(groups):
            if r.sent - g[-1].sent > 30:
                break
            head = g[0].cand
            if head.entry.event != c.entry.event or not codes:
                continue
            if head.entry.mode and c.entry.mode and not set(head.entry.mode) & set(c.entry.mode):
                continue
            hcodes = {p.code for x in g for p in x.cand.actor + x.cand.recipient}
            if not codes <= hcodes and not hcodes <= codes:
                continue
            gkeys = set().union(*(x.cand.keys for x in g))
            if c.keys and gkeys and not (c.keys & gkeys):
                continue
            gdate = next((x.cand.date for x in g if x.cand.date and x.cand.date.get("timex")), None)
            if not dates_compatible(gdate, c.date) or contradict(g, r):
                continue
            best = g
            break
        if best is None:
            groups.append([r])
            r.group = len(groups) - 1
            continue
        restates = c.form.pos == "N" and ("ال" in c.prefixes or bool(c.suffix))
        head = best[0].cand
        if restates and not c.cue_status and head.status not in ("asserted",) + STRONG_STATUS:
            c.status = head.status
        gdate = next((x.cand.date for x in best if x.cand.date and x.cand.date.get("timex")), None)
        if restates and (not c.date or not c.date.get("timex")) and gdate:
            c.date = dict(gdate)
        best.append(r)
        r.group = groups.index(best)
    for g in groups:
        strong = [x for x in g if x.cand.cue_status and x.cand.status in ("cancelled", "denied")]
        if strong:
            for x in g:
                if x.start < strong[-1].start and x.cand.status not in ("asserted",) + STRONG_STATUS:
                    x.cand.status = strong[-1].cand.status
