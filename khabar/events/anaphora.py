"""Object pronouns of event verbs and masdars (حثه، انتقدها، استقبلهم، اعتقاله): the suffix names a
party of the event, and it refers to the nearest compatible actor named before it.

Agreement comes from the suffix: ه is masculine singular, ها feminine singular (or a non-human
plural: الدول، القوات), هم/هما plural/dual. A resumptive pronoun in a relative clause ("الحظر الذي
فرضته"، "في خطوة وصفتها") refers to the relative's head, which is only a party when it is an actor.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any

from khabar.doc import Actor, ActorMention, Doc, Participant
from khabar.events.clauses import Arg, SentenceView, participants
from khabar.text.normalize import norm_word

# suffix -> (number, gender)
OBJECT_SUFFIXES: dict[str, tuple[str, str]] = {
    "ه": ("sg", "m"), "ها": ("sg", "f"), "هم": ("pl", ""), "هما": ("du", ""), "هن": ("pl", ""),
}
RELATIVE_WORDS = {norm_word(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "ما",
                                         "مما", "اللواتي", "اللاتي")}
# words between a verb and what it may skip when looking left for the relative pronoun
SKIP_LEFT = {norm_word(w) for w in ("قد", "لم", "لن", "لا", "كان", "كانت", "سبق", "وقد")}
MASCULINE_COUNTRIES = {norm_word("لبنان")}
MASDAR_PATIENT_KINDS = frozenset({"person", "role", "group"})
MAX_BACK = 25  # tokens: farther antecedents are left to discourse memory


def _head_word(a: Arg) -> str:
    words = a.mentions[0].text.split()
    return norm_word(words[0]) if words else ""


def gender_of(a: Arg) -> str:
    """Grammatical gender of an argument's head ("f", "m", or "" when the form does not tell)."""
    head = _head_word(a)
    kind = a.mentions[0].kind
    marked = head.endswith("ه") or head.endswith("ات")  # (ة normalised to ه) الحكومة، الرئيسة، السلطات
    if kind in ("capital", "city"):
        return "f"  # cities are feminine: واشنطن، موسكو، القاهرة
    if kind == "country":
        if marked or not head.startswith("ال"):
            return "m" if head in MASCULINE_COUNTRIES else "f"  # مصر، تركيا، روسيا، السعودية
        return ""  # العراق، السودان (m) but الصين، الجزائر (f)
    if kind == "igo":
        return "f" if marked else ""
    return "f" if marked else "m"


def agrees(a: Arg, number: str, gender: str) -> bool:
    """Whether an argument can be the antecedent of a suffix of that number and gender."""
    parties = max(len(a.codes()), len(a.mentions))
    if number in ("pl", "du"):
        # "مصر والسودان"، "المتظاهرين"، "قادة حماس" (a broken plural: a role or group head)
        return parties >= 2 or _head_word(a).endswith(("ون", "ين", "ات")) \
            or a.mentions[0].kind in ("role", "group", "institution")
    if parties >= 2 and a.coord:
        return False  # "مصر والسودان" is no singular antecedent
    g = gender_of(a)
    return not (g and gender and g != gender)


def relative_head(view: SentenceView, i: int) -> tuple[bool, Arg | None]:
    """(whether the verb at i opens a relative clause, the actor argument that is its head)."""
    k = i - 1
    while k >= 0 and view.norms[k] in SKIP_LEFT:
        k -= 1
    if k < 0 or view.norms[k] not in RELATIVE_WORDS:
        return False, None
    head = next((a for a in view.args if a.t1 == k and not a.adjective), None)
    return True, head


def pronoun_referent(
    doc: Doc, view: SentenceView, i: int, suffix: str, skip: Sequence[Arg], event_before: bool,
    kinds: frozenset[str] | None = None,
) -> list[Participant]:
    """Participants a pronoun suffix on the event word at local token i refers to ([] if unsure).

    ``skip``: the arguments that already hold a role (a party does not act on itself);
    ``event_before``: an event noun stands right before the word (an asyndetic relative on it:
    "في خطوة وصفتها الحكومة"); ``kinds``: the mention kinds an antecedent may have (None: any).
    The antecedent is looked for in the sentence only: across sentences a pronoun more often
    points back to a person or a thing that names no actor."""
    number, gender = OBJECT_SUFFIXES[suffix]
    is_rel, head = relative_head(view, i)
    if is_rel:
        if head is None or head.loc or any(head is s for s in skip) or head.mentions[0].kind == "media":
            return []
        return participants(doc, head)
    if event_before:
        return []
    for a in reversed(view.args):
        if a.t1 > i or i - a.t1 > MAX_BACK:
            continue
        if a.adjective or a.agent or any(a is s for s in skip) or a.mentions[0].kind == "media":
            continue
        if not agrees(a, number, gender):
            continue
        if kinds is not None and a.mentions[0].kind not in kinds:
            return []  # the nearest agreeing party is of the wrong kind: the pronoun is someone else
        return participants(doc, a)
    return []


def apply_object_pronouns(doc: Doc, view: SentenceView, cands: Sequence[Any]) -> None:
    """Fill the missing party a pronoun suffix names: the recipient of a verb whose frame makes its
    object the recipient (حثه على، انتقدها، استقبلهم), or of a masdar whose genitive is its patient
    (اعتقاله، طرده، ترحيلهم)."""
    for k, c in enumerate(cands):
        if c.suffix not in OBJECT_SUFFIXES or c.recipient or c.light or c.absorbed or c.roles is None:
            continue
        kinds: frozenset[str] | None = None
        if c.form.pos == "V":
            if c.passive or c.entry.args.get("obj", "recipient") != "recipient" or "host" in c.entry.flags:
                continue
            if view.tokens[c.i].pos not in ("VERB", None, ""):
                continue  # "أعلنت الدول دعمها": a masdar with a possessive, read as a verb
        elif c.entry.args.get("gen") != "recipient":
            continue
        else:
            kinds = MASDAR_PATIENT_KINDS  # اعتقاله، ترحيلهم: the possessor is a person or a group
        event_before = any(d.form.pos == "N" and not d.light and d.j == c.i for d in cands[:k])
        skip = [a for a in c.roles.actor] + ([c.roles.subject] if c.roles.subject is not None else [])
        spans = {(p.start, p.end) for p in c.actor}
        skip += [a for a in view.args if {(p.start, p.end) for p in participants(doc, a)} & spans]
        found = pronoun_referent(doc, view, c.i, c.suffix, skip, event_before, kinds)
        if found:
            c.recipient = found


def coordinated_verb_subject(cands: Sequence[Any]) -> None:
    """"التقى الوزير الرئيسَ التونسي وحثه على …": a و/ف-verb right after the object of an earlier
    verb shares that verb's subject; the object before it is not its subject (and is what its
    object pronoun, if any, points back to)."""
    for k, c in enumerate(cands):
        if c.form.pos != "V" or c.prefixes[:1] not in (("و",), ("ف",)) or c.roles is None or c.passive:
            continue
        r = c.roles
        subj = r.subject
        if subj is None or subj.t1 > c.i:
            continue
        prev = next((d for d in reversed(cands[:k]) if d.form.pos == "V" and d.roles is not None
                     and d.roles.subject is not None and d.roles.subject is not subj
                     and any(a is subj for a in d.roles.recipient + d.roles.actor)), None)
        if prev is None or prev.roles is None or prev.roles.subject is None:
            continue
        shared = prev.roles.subject
        r.actor = [shared] + [a for a in r.actor if a is not subj and a is not shared]
        r.subject = shared
        if c.suffix in OBJECT_SUFFIXES and c.entry.args.get("obj", "recipient") == "recipient" \
                and not any(a is subj for a in r.recipient):
            r.recipient = [subj] + r.recipient



NOT_VERB_BEFORE = {norm_word(w) for w in ("إن", "أن", "بأن", "لأن", "فإن", "وإن", "كل", "أي", "من", "في", "على",
                                          "إلى", "عن", "مع", "ل", "ب", "هذا", "هذه")}


def trim_verb_heads(doc: Doc, mentions: list[ActorMention], is_event_verb: Callable[[str], bool]) -> list[ActorMention]:
    """A role mention whose first word is an event verb the tagger reads as a verb ("وطالب المندوب
    الروسي": طالب is also "student"): the verb is the event, the words after it the actor."""
    if not doc.tokens:
        return mentions
    if not any(m.kind == "role" for m in mentions):
        return mentions
    starts = [t.start for t in doc.tokens]
    out: list[ActorMention] = []
    for m in mentions:
        if m.kind != "role":
            out.append(m)
            continue
        k = bisect.bisect_right(starts, m.start) - 1
        if 0 <= k < len(doc.tokens) - 1 and m.start < doc.tokens[k].end \
                and doc.tokens[k].pos == "VERB" and doc.tokens[k + 1].start < m.end \
                and not (k > 0 and doc.tokens[k - 1].norm in NOT_VERB_BEFORE) and is_event_verb(doc.tokens[k].norm):
            st = doc.tokens[k + 1].start
            m = ActorMention(st, m.end, doc.text[st:m.end], Actor(m.actor.code, None, m.actor.name), m.kind,
                             m.entity, m.members, m.why + "; event verb before it left out")
        out.append(m)
    return out


MEDIUM_PREPS = {norm_word(w) for w in ("في", "عبر", "خلال", "أثناء")}


def setting_consult_parties(view: SentenceView, cands: Sequence[Any]) -> None:
    """"وشكر بايدن أمير قطر على الوساطة في اتصال هاتفي": a talk noun after في/عبر/خلال with no parties of
    its own is the setting of the clause's event, and its parties are that event's actor and
    recipient (the verb must have both: a talk needs two sides)."""
    for k, c in enumerate(cands):
        if c.form.pos != "N" or c.entry.event != "CONSULT" or c.actor or c.recipient or c.light or c.t0 == 0:
            continue
        if view.norms[c.t0 - 1] not in MEDIUM_PREPS:
            continue
        d = next((x for x in reversed(cands[:k]) if x.form.pos == "V" and not x.light and not x.absorbed
                  and x.j <= c.t0 and c.t0 - x.j <= 15), None)
        if d is None or not d.actor or not d.recipient:
            continue
        if any(view.boundary[x] and view.tokens[x].text not in ("،", ",") for x in range(d.j, c.t0)):
            continue
        c.actor, c.recipient = list(d.actor), list(d.recipient)


POSSESSIVE_OBJECT_TYPES = ("ACCUSE", "REJECT", "SUPPORT", "REQUEST", "THREATEN", "PROTEST", "SANCTION")
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"


def _possessive_suffix(text: str, norm: str) -> str:
    """The 3rd-person possessive suffix of a noun (سياساتها → ها), or '' (ة is no ه)."""
    if text.rstrip(DIACRITICS).endswith("ة"):
        return ""
    for suf in ("هما", "هم", "ها", "ه"):
        if norm.endswith(suf) and len(norm) - len(suf) >= 3:
            return suf
    return ""


def possessive_object_recipient(doc: Doc, view: SentenceView, cands: Sequence[Any]) -> None:
    """"وانتقد سياساتها"، "رفض قراره"، "أيّد موقفهم": the object of a statement verb names the party
    through its possessive suffix; the recipient is that suffix's referent (the nearest agreeing actor
    before the verb)."""
    for c in cands:
        if c.form.pos != "V" or c.recipient or c.light or c.absorbed or c.roles is None or c.passive \
                or c.entry.event not in POSSESSIVE_OBJECT_TYPES or c.suffix:
            continue
        j = c.j
        subj = c.roles.subject
        if subj is not None and subj.t0 == j:
            j = subj.t1
        if j >= len(view.tokens) or j in view.arg_at or any(d.i == j for d in cands):
            continue
        tok = view.tokens[j]
        if tok.pos not in ("NOUN", None, ""):
            continue
        suf = _possessive_suffix(tok.text, tok.norm)
        if not suf:
            continue
        skip = [a for a in c.roles.actor] + ([subj] if subj is not None else [])
        spans = {(p.start, p.end) for p in c.actor}
        skip += [a for a in view.args if {(p.start, p.end) for p in participants(doc, a)} & spans]
        found = pronoun_referent(doc, view, c.i, suf, skip, False)
        if found:
            c.recipient = found
