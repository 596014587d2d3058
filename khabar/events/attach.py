"""Argument attachment helpers of the events stage: conjuncts, relative clauses on events,
motive masdars, overt and implied subjects (pro-drop) and the discourse subject they resolve to."""

from __future__ import annotations

from khabar.doc import Doc, Participant
from khabar.events.clauses import RESUMPTIVES, Roles, SentenceView, clause_start, participants
from khabar.events.records import Cand, Record
from khabar.text.normalize import norm_word

COMPLEMENTIZERS = {"انه": "sg", "انها": "sg", "انهم": "pl", "انهما": "du", "بانه": "sg", "بانها": "sg",
                   "وانه": "sg", "وانها": "sg", "لانه": "sg", "لانها": "sg"}
COMPLEMENTIZERS = {norm_word(k): v for k, v in COMPLEMENTIZERS.items()}
SUFFIX_NUMBER = {"ه": "sg", "ها": "sg", "هما": "du", "هم": "pl", "هن": "pl"}
VERBAL = ("THREATEN", "ACCUSE", "REQUEST", "REJECT", "SUPPORT", "AGREE", "CONCEDE")
CROWD_WORDS = {norm_word(w) for w in ("عشرات", "مئات", "آلاف", "ألوف", "الآلاف", "المئات", "العشرات", "ملايين",
                                      "الملايين", "حشود", "الحشود", "جموع")}
# words spelt with a leading ال that are not definite nouns (إلى، الذي، إلا، الآن)
NOT_DEFINITE = {norm_word(w) for w in ("إلى", "الى", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان",
                                       "اللواتي", "إلا", "الا", "الآن", "الان", "إليه", "إليها", "إليهم")}
RELATIVES = {norm_word(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "ما", "مما")}


def conjuncts(view: SentenceView, cands: list[Cand]) -> None:
    """A و-coordinated event word with no parties of its own right after an event noun that has
    them (within 8 tokens, at most a comma between) is that noun's conjunct."""
    prev: Cand | None = None
    for c in cands:
        if c.absorbed or c.light:
            continue
        if prev is not None and not c.actor and not c.recipient and c.prefixes[:1] == ("و",) \
                and prev.form.pos == "N" and (prev.actor or prev.recipient) and 0 <= c.i - prev.j <= 8 \
                and c.entry.event not in ("ASSAULT", "PROTEST") \
                and not any(view.boundary[k] and view.tokens[k].text not in ("،", ",") for k in range(prev.j, c.i)):
            c.actor, c.recipient, c.prodrop = list(prev.actor), list(prev.recipient), prev.prodrop
            c.conj = prev.conj or prev
        prev = c


def coref_actor(c: Cand, records: list[Record], si: int) -> list[Participant]:
    """Actors of the last event of the same type in the last sentences (a definite restatement)."""
    if not ("ال" in c.prefixes or c.suffix):
        return []
    for r in reversed(records):
        if si - r.sent > 4:
            break
        if r.cand.entry.event == c.entry.event and c.entry.head in r.cand.heads and r.cand.actor:
            return list(r.cand.actor) + list(r.cand.recipient)
    return []


def relative_about_event(view: SentenceView, cands: list[Cand]) -> None:
    """A verb in a relative clause on an event ("اتفاق توسطت فيه مصر"، "وهو ما نددت به مصر"،
    "الهجوم الذي أدانته السعودية"): the parties of that event are its recipients."""
    norms = view.norms
    for k, c in enumerate(cands):
        if c.form.pos != "V" or not c.actor or c.recipient or c.light or c.absorbed \
                or c.entry.event not in VERBAL + ("CONSULT",):
            continue
        prev = norms[c.i - 1] if c.i else ""
        prev2 = norms[c.i - 2] if c.i > 1 else ""
        after = norms[c.j:c.j + 3]
        resumptive = bool(c.suffix) or any(w in RESUMPTIVES for w in after)
        relative = prev in RELATIVES or (prev == "ما" and prev2 in ("وهو", "وهي", "هو", "هي")) \
            or any(d.j == c.i and d.form.pos == "N" and not d.light for d in cands[:k])
        if not (relative and resumptive):
            continue
        own = {p.code for p in c.actor}
        ante = next((d for d in reversed(cands[:k]) if not d.light and d.form.pos in ("N", "V")
                     and [p for p in d.actor + d.recipient if p.code not in own]), None)
        if ante is not None:
            c.recipient = [p for p in ante.actor + ante.recipient if p.code not in own]


def purpose_masdars(view: SentenceView, cands: list[Cand]) -> None:
    """An indefinite accusative masdar of motive (مفعول لأجله: احتجاجاً على، تنديداً بـ، رفضاً لـ)
    after an event in its clause gives that event's reason, not an event of its own
    ("استدعت الجزائر سفيرها احتجاجاً على …"); after a verb that is no event ("خرج آلاف …
    تنديداً بـ") it stays the event."""
    for k, c in enumerate(cands):
        if c.form.pos != "N" or c.prefixes or c.suffix or c.light or c.j - c.i != 1:
            continue
        w = view.norms[c.i]
        if not (w.endswith("ا") and len(w) > 3 and not c.entry.head.endswith("ا")) or c.i + 1 >= len(view.norms):
            continue
        nxt = view.norms[c.i + 1]
        if not (nxt in ("علي", "ل", "لما", "ضد") or nxt[:1] in ("ب", "ل")):
            continue
        st = clause_start(view, c.i, 14)
        if any(d.i >= st and d.j <= c.i and ((d.form.pos == "V" and not d.light and not d.absorbed)
                                              or (d.form.pos == "N" and bool(d.suffix))) for d in cands[:k]):
            c.absorbed = True
        else:
            c.motive = True


def coordinated_object(view: SentenceView, c: Cand, r: Roles, cands: list[Cand] | None = None) -> bool:
    """A و-coordinated verb (not sentence-initial) whose only noun after it is followed by a
    complement preposition its frame takes (حث X على، دعا X إلى، طالب X بـ): that noun is the
    object, not a new subject."""
    if c.form.pos != "V" or c.prefixes[:1] != ("و",) or c.i < 2 or c.passive or c.form.tense == "part":
        return False
    if c.entry.args.get("obj") != "recipient" or "recip" in c.entry.flags or r.subject is None:
        return False
    a = r.subject
    if a.t0 <= c.i or a.t0 - c.j > 1 or a.gov is not None or a.adjective or a.t1 >= len(view.norms):
        return False
    nxt = view.norms[a.t1]
    tok = view.tokens[a.t1]
    # بـ as the tokeniser split it, or as the event lexicon read it (بمنح: ب + the masdar منح)
    comp = nxt in ("علي", "الي") or (nxt[:1] == "ب" and ("ب" in tok.prefixes or any(
        d.i == a.t1 and d.form.pos == "N" and d.prefixes[:1] == ("ب",) for d in cands or ())))
    return comp and any(view.boundary[x] or view.norms[x] in ("و",) for x in range(0, c.i))


def relative_antecedent(view: SentenceView, c: Cand, doc: Doc) -> list[Participant]:
    """"… مع أستراليا وكندا التي قدمت دعماً": a verb right after a relative pronoun, with no subject
    of its own, has the noun the pronoun follows as its subject (when that noun names an actor)."""
    if c.form.pos != "V" or c.i < 2 or view.norms[c.i - 1] not in RELATIVES or view.norms[c.i - 1] in ("ما", "مما") \
            or c.suffix:
        return []  # (a resumptive pronoun on the verb, الذي اعتقلته، makes the antecedent its object)
    ante = [a for a in view.args if a.t1 == c.i - 1 and not a.loc]
    if not ante:
        return []
    parts = participants(doc, ante[-1])
    if c.entry.event in ("ASSAULT", "COERCE") and all(p.sector == "CVL" for p in parts):
        return []  # "المدنيين الذين قتلوا": civilians who were killed (an unmarked passive)
    return parts


def overt_subject(view: SentenceView, c: Cand, cands: list[Cand], doc: Doc) -> bool:
    """A verb followed by a definite noun phrase that names no actor, or by a crowd (عشرات، آلاف),
    has an overt subject we cannot code ("قدّم وزير الخارجية ناصيف حتي استقالته"): no pro-drop then."""
    if c.form.pos != "V" or c.form.tense == "part":
        return False
    k = c.j
    while k < len(view.norms) and view.norms[k] in ("قد", "ايضا", "بدوره", "بدورها", "اليوم", "امس"):
        k += 1
    if k >= len(view.norms) or k in view.arg_at or any(d.i == k for d in cands):
        return False
    w = view.norms[k]
    w = w[1:] if len(w) > 3 and w[0] in "وف" else w
    if w in CROWD_WORDS:
        return True  # "تظاهر عشرات أمام …": a crowd is the subject, not the last actor named
    if not w.startswith("ال") or w in NOT_DEFINITE:
        return False  # "ودعت إلى …": إلى (normalised الي) is no definite subject
    off = view.tokens[k].start
    return not any(t.start <= off < t.end for t in doc.timexes)


def subject_number(c: Cand, norms: list[str]) -> str:
    """Grammatical number of an implied subject (verb agreement, possessive suffix), or ''."""
    prev = norms[c.i - 1] if c.i else ""
    if prev in COMPLEMENTIZERS:
        return COMPLEMENTIZERS[prev]
    if c.form.pos == "V":
        if c.form.tense == "part":
            return "any"
        return {"sg": "sg", "du": "du", "pl": "pl"}.get(c.form.number, "sg")
    if c.suffix in SUFFIX_NUMBER:
        return SUFFIX_NUMBER[c.suffix]
    return ""


def resolve_subject(memory: list[tuple[int, list[Participant], int]], att_subj: list[tuple[int, list[Participant]]],
             off: int, si: int, number: str) -> list[Participant]:
    """The last discourse subject before ``off`` compatible with the number (within 3 sentences);
    for an adverbial participle (number "any": "…، محذراً") the first of its own sentence, the main
    clause's subject (قال بايدن إن … التي قدمت …، محذراً: Biden, not the relative clause's)."""
    cands = [(o, p, s) for o, p, s in memory if o < off and si - s <= 3]
    cands += [(o, p, si) for o, p in att_subj if o < off]
    cands.sort(key=lambda x: x[0])
    if number == "any":
        own = [x for x in cands if x[2] == si]
        return list(own[0][1]) if own else []
    for _, parts, _ in reversed(cands):
        k = len({p.code for p in parts})
        if number == "sg" and k == 1:
            return list(parts)
        if number == "du" and (k == 2 or len(parts) == 2):  # (two parties of one country: لكنهما)
            return list(parts)
        if number == "pl" and k >= 2:
            return list(parts)
    if number == "pl":
        for _, parts, _ in reversed(cands):
            return list(parts)
    return []
