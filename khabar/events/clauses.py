"""Who acts on whom: rule-based clause analysis over tokens and actor mentions.

Actor mentions (``doc.actor_mentions`` and entities with an actor) are mapped to tokens and
grouped into arguments: apposition ("وزير الدفاع لويد أوستن") makes one argument, coordination
with و ("بايدن وشي") one compound argument. Each argument records the preposition that governs
it (a separate word such as مع/على/ضد/بين, or a clitic ب/ل) and whether it is a location
("في جاكرتا"). For a verb trigger the subject is the first ungoverned argument after it (VSO)
or right before it (SVO), the object the next ungoverned one; for a noun trigger the genitive
(إضافة) or a nationality adjective right after it; prepositional arguments take the role the
lexicon entry's frame gives their preposition. Passive agents come from "من قبل"، "على يد"،
"برصاص". Dual anaphors (البلدين، الجانبين) resolve to the last two countries named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.doc import Actor, ActorMention, Doc, Participant, Token
from khabar.text.normalize import norm_word

PREPS = {
    "مع", "الى", "على", "ضد", "من", "عن", "في", "بين", "لدى", "حول", "بشان", "تجاه", "امام", "عند",
    "قرب", "قبالة", "قباله", "داخل", "خارج", "نحو", "بحق", "ازاء", "بعد", "قبل", "خلال", "منذ", "عبر",
    "تحت", "فوق", "دون", "وسط", "ضمن", "حيال", "لصالح",  # (و + one of these is no coordination: وتحت إشراف X)
}
LOC_PREPS = {"في", "قرب", "قباله", "داخل", "خارج", "عند", "امام", "نحو"}
PLACE_KINDS = {"capital", "city", "country", "place", "location", "gpe", "loc", "region"}
# Punctuation and words that end a clause for argument search.
PUNCT = set("،,؛;:.!?؟()[]–—-")  # quote marks are not clause breaks: إن بايدن وشي «تحدثا …»
SUBORD = {
    "ان", "انه", "انها", "انهم", "انهما", "لان", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان",
    "عندما", "حين", "حينما", "بينما", "فيما", "لكن", "لكنه", "لكنها", "ثم", "حيث", "كما", "اذ", "بعدما",
    "وفقا", "حسبما", "بحسب", "وقال", "قال", "واضاف", "واكد", "واشار",
    "وفق", "حسب", "طبقا", "نقلا",  # a source follows ("وفق بيان للسعودية"), not a party
}
# heads of place phrases that no actor mention covers: "في قصر بعبدا"، "قرب مجلس النواب"، "في قطاع غزة"
PLACE_NOUNS = {
    "مدينة", "بلدة", "قرية", "منطقة", "محافظة", "ولاية", "إقليم", "قطاع", "مخيم", "حي", "شارع", "ساحة", "ميدان",
    "قصر", "مقر", "مطار", "ميناء", "مرفأ", "قاعدة", "معبر", "جزيرة", "مضيق", "بحر", "البحر", "خليج", "جامعة", "سجن",
    "مستشفى", "مسجد", "كنيسة", "سفارة", "قنصلية", "مبنى", "ضاحية", "ضواحي", "العاصمة", "الحدود", "مياه", "المياه",
    "بلدات", "قرى", "مناطق", "مدن", "مخيمات", "أحياء", "شمال", "جنوب", "شرق", "غرب", "وسط", "قضاء", "ريف", "سواحل",
    "ساحل", "مجلس", "المطار", "مرتفعات", "وادي", "جبل", "جبال", "صحراء", "مقاطعة", "الضفة", "حقل", "حقول", "مصفاة",
}
AGENT_MARKERS = {("من", "قبل"), ("على", "يد"), ("على", "ايدي")}
AGENT_WORDS = {"برصاص", "بنيران", "بقصف"}
DUAL_ANAPHORS = {
    "البلدين", "البلدان", "الجانبين", "الجانبان", "الطرفين", "الطرفان", "الدولتين", "الدولتان",
    "الحكومتين", "الحكومتان", "الزعيمين", "الزعيمان", "الرئيسين", "الرئيسان", "جيشي", "جيشا",
}

# all word sets are compared with normalised tokens (على → علي, إلى → الي)
PREPS = {norm_word(w) for w in PREPS}
LOC_PREPS = {norm_word(w) for w in LOC_PREPS}
SUBORD = {norm_word(w) for w in SUBORD}
AGENT_MARKERS = {(norm_word(a), norm_word(b)) for a, b in AGENT_MARKERS}
AGENT_WORDS = {norm_word(w) for w in AGENT_WORDS}
DUAL_ANAPHORS = {norm_word(w) for w in DUAL_ANAPHORS}
# numbered plural anaphors (الدول الثلاث، البلدان الأربعة، الأطراف الثلاثة): head nouns and the
# number words after them
PLURAL_HEADS = {norm_word(w) for w in ("الدول", "البلدان", "الأطراف", "العواصم", "الحكومات", "الأقطار")}
NUMBER_WORDS = {norm_word(w): k for w, k in (
    ("الثلاث", 3), ("الثلاثة", 3), ("الأربع", 4), ("الأربعة", 4), ("الخمس", 5), ("الخمسة", 5), ("الست", 6),
    ("الستة", 6), ("السبع", 7), ("السبعة", 7), ("الثماني", 8), ("الثمانية", 8), ("التسع", 9), ("التسعة", 9))}
# dual anaphors that may name two sides of one country (a government and its rebels)
SIDES = {norm_word(w) for w in ("الطرفين", "الطرفان", "الجانبين", "الجانبان")}
# nouns whose 3rd-person possessive names the possessor's country ("إن بلاده ستعقد" = the speaker's
# country; حكومتها، قواته): noun (normalised, bare) → the sector the mention takes
POSSESSED_STATE = {norm_word(k): v for k, v in {
    "بلاد": "", "دولة": "", "حكومة": "GOV", "سلطات": "GOV", "قوات": "MIL", "جيش": "MIL",
    "وزارة": "GOV", "قيادة": "GOV", "إدارة": "GOV", "وفد": "GOV", "شرطة": "COP", "برلمان": "LEG",
}.items()}
POSSESSIVE_SUFFIXES = ("هما", "هم", "ها", "ه")
# where such a word is a party (subject of a complement clause, object of a preposition), not the
# object of a verb; mention kinds that cannot own a country
POSSESSIVE_SLOTS = {norm_word(w) for w in ("أن", "إن", "بأن", "وأن", "لأن", "فإن", "على", "ضد", "مع", "إلى", "من",
                                           "عن", "تجاه", "بين", "،", ",")}
# a preposition with a pronoun suffix: the resumptive of a relative clause (اتفاق توسطت فيه مصر)
RESUMPTIVES = {norm_word(p + s) for p in ("في", "ب", "عن", "على", "من", "ل", "إلى", "مع")
               for s in ("ه", "ها", "هم", "هما")} | {norm_word(w) for w in ("إليه", "إليها", "عليه", "عليها", "عليهم",
                                                                       "لديه", "لديها")}
COMPLEMENTIZER_WORDS = {norm_word(w) for w in ("أن", "إن", "بأن", "وأن", "لأن", "فإن", "وإن")}
NAMED_KINDS = frozenset({"person", "country", "capital"})  # mentions that can spell out a dual
CLOSE_QUOTES = frozenset("»\"”’'")
ANTE_SKIP = {"place", "city", "location", "loc", "adjective", "anaphor"}
PLACE_NOUNS = {norm_word(w) for w in PLACE_NOUNS}


@dataclass(slots=True)
class Arg:
    """One argument: mentions (apposition merged, coordination joined) over tokens [t0, t1)."""

    t0: int
    t1: int
    mentions: list[ActorMention]
    gov: str | None = None  # governing preposition (normalised) or None
    coord: bool = False  # joined to the previous argument by و
    loc: bool = False  # a place after a locative preposition
    adjective: bool = False  # a nationality adjective (الصيني)
    agent: bool = False  # passive agent (من قبل، على يد)
    gov_at: int = -1  # token of a preposition word found left of words in between ("على زيارة X": على)
    conj: list[int] = field(default_factory=list)  # indices of mentions that start a و-conjunct

    def codes(self) -> set[str]:
        out: set[str] = set()
        for m in self.mentions:
            out.update(m.members or (m.actor.code,))
        return out


@dataclass(slots=True)
class SentenceView:
    """Tokens of one sentence with their arguments and clause boundaries."""

    start: int  # index of the first token in doc.tokens
    tokens: list[Token]
    norms: list[str]
    args: list[Arg] = field(default_factory=list)
    arg_at: dict[int, int] = field(default_factory=dict)  # token index (local) -> args index
    boundary: list[bool] = field(default_factory=list)
    home: str | None = None  # the country unnamed actors of this sentence belong to
    verbish: set[int] = field(default_factory=set)  # local tokens read as verbs (events, cues)
    bares: list[str] = field(default_factory=list)  # tokens without و/ف، ب/ل/ك، ال


def _dual_named_after(toks: Sequence[Token], local: list[tuple[int, int, ActorMention]]
                           ) -> list[tuple[int, int, ActorMention]]:
    """A dual noun followed by its two named persons or countries ("الرئيسين فلاديمير بوتين وفولوديمير
    زيلينسكي"، "البلدان مصر والسودان") stands for those two, not for the last two countries mentioned."""
    names = sorted((t0, m) for t0, _, m in local if m.kind in NAMED_KINDS and not m.members)
    out = list(local)
    for idx, (t0, t1, m) in enumerate(local):
        if not (m.members and len(m.members) == 2 and any(bare_dual(toks[k].norm) for k in range(t0, t1))):
            continue
        after = [p for a, p in names if t1 <= a <= t1 + 6]
        if len(after) >= 2 and after[0].start == toks[t1].start and after[0].actor.code != after[1].actor.code:
            pair = (after[0].actor.code, after[1].actor.code)
            out[idx] = (t0, t1, ActorMention(m.start, m.end, m.text, Actor(pair[0]), m.kind, m.entity, pair,
                                             m.why + "; the two names after it"))
    return out


def _joining_hyphen(toks: Sequence[Token], k: int) -> bool:
    """A hyphen written with no space on either side joins a name (إف-16، سوخوي-24، إس-400): no break."""
    t = toks[k]
    return t.text == "-" and 0 < k < len(toks) - 1 and toks[k - 1].end == t.start and toks[k + 1].start == t.end


def participants(doc: Doc, arg: Arg) -> list[Participant]:
    """PLOVER actor list entries for an argument (members of ad-hoc groups expanded)."""
    out: list[Participant] = []
    index: dict[str, int] = {}
    for mi, m in enumerate(arg.mentions):
        if mi in arg.conj:
            index = {}  # "الحكومة اليمنية والحوثيين": two parties of one country stay two
        if m.members and set(m.members) <= {x.actor.code for x in arg.mentions[mi + 1:] if not x.members}:
            continue  # "الرئيسين بوتين وزيلينسكي": the names that spell the pair out are its participants
        for code in m.members or (m.actor.code,):
            k = index.get(code)
            if k is not None:
                p = out[k]
                if not m.members and k == len(out) - 1 and m.start >= p.end \
                        and not CLOSE_QUOTES & set(doc.text[p.end:m.start]):
                    # apposition of one actor: one participant over "الرئيس الأمريكي جو بايدن"
                    # (a quoted name keeps its own span: «كتائب حزب الله» العراقية)
                    out[k] = Participant(p.start, m.end, doc.text[p.start:m.end], code,
                                         p.sector or m.actor.sector, p.entity or m.entity)
                continue
            index[code] = len(out)
            out.append(Participant(m.start, m.end, doc.text[m.start:m.end], code,
                                   m.actor.sector if not m.members else None, m.entity))
    return out


def doc_mentions(doc: Doc) -> list[ActorMention]:
    """Actor mentions plus entities with an actor the mentions lack; longest first, no overlaps."""
    ms = list(doc.actor_mentions)
    spans = [(m.start, m.end) for m in ms]
    for e in doc.entities:
        if e.actor is not None and not any(s < e.end and e.start < t for s, t in spans):
            ms.append(ActorMention(e.start, e.end, e.text, e.actor, "entity:" + e.label.lower(), e.id))
    ms.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[ActorMention] = []
    last_end = -1
    for m in ms:
        if m.start >= last_end and m.actor is not None and m.actor.code:
            out.append(m)
            last_end = m.end
    return out


def _clitic_prep(tok: Token, m_start: int) -> str | None:
    """A proclitic preposition (ب ل ك) on the token where a mention starts."""
    pre = norm_word(tok.text[: max(0, m_start - tok.start)])
    if m_start == tok.start:
        pre = "".join(p for p in tok.prefixes if p != "ال")
        if not pre and tok.norm.startswith("لل") and len(tok.norm) > 4:
            pre = "ل"
    pre = pre.lstrip("وف")
    for p in ("ب", "ل", "ك"):
        if pre.startswith(p):
            return p
    return None


def load_implicit() -> dict[tuple[str, ...], str]:
    """Roles named without a nationality (الشرطة، السلطات …) → PLOVER sector (data/domestic_roles.tsv)."""
    from khabar.events.lexicon import bare, shipped_text

    out: dict[tuple[str, ...], str] = {}
    for line in shipped_text("domestic_roles.tsv").splitlines():
        if not line or line.startswith("#") or line.startswith("phrase\t"):
            continue
        phrase, _, sector = line.partition("\t")
        out[tuple(bare(norm_word(w)) for w in phrase.split())] = sector.strip()
    return out


def _implicit_mentions(toks: Sequence[Token], covered: set[int], implicit: dict[tuple[str, ...], str],
                       home: str, bares: Sequence[str]) -> list[tuple[int, int, ActorMention]]:
    from khabar.doc import Actor

    firsts = _first_words(implicit)
    out: list[tuple[int, int, ActorMention]] = []
    n = len(toks)
    i = 0
    while i < n:
        lens = firsts.get(bares[i]) if i not in covered else None
        if not lens:
            i += 1
            continue
        hit = 0
        for k in lens:
            if i + k <= n and tuple(bares[i:i + k]) in implicit and not any(x in covered for x in range(i, i + k)):
                hit = k
                break
        if hit:
            key = tuple(bares[i:i + hit])
            a, b = toks[i].start, toks[i + hit - 1].end
            out.append((i, i + hit, ActorMention(a, b, "", Actor(home, implicit[key]), "implicit", None, (),
                                                 "role without nationality → home country")))
            i += hit
        else:
            i += 1
    return out


_FIRSTS: dict[int, dict[str, tuple[int, ...]]] = {}


def _first_words(implicit: dict[tuple[str, ...], str]) -> dict[str, tuple[int, ...]]:
    """First word of each phrase → phrase lengths, longest first (built once per table)."""
    got = _FIRSTS.get(id(implicit))
    if got is None:
        tmp: dict[str, set[int]] = {}
        for key in implicit:
            tmp.setdefault(key[0], set()).add(len(key))
        got = {w: tuple(sorted(v, reverse=True)) for w, v in tmp.items()}
        _FIRSTS[id(implicit)] = got
    return got


def load_anaphors() -> dict[str, tuple[str, ...]]:
    """Anaphoric nouns (الجماعة، الحزب، البلاد …) → the mention kinds they point back to."""
    from khabar.events.lexicon import bare, shipped_text

    out: dict[str, tuple[str, ...]] = {}
    for line in shipped_text("anaphors.tsv").splitlines():
        if not line or line.startswith("#") or line.startswith("phrase\t"):
            continue
        phrase, _, kinds = line.partition("\t")
        out[bare(norm_word(phrase.strip()))] = tuple(k.strip() for k in kinds.split(","))
    return out


def _anaphor_mentions(toks: Sequence[Token], covered: set[int], anaphors: dict[str, tuple[str, ...]],
                      earlier: Sequence[ActorMention], bares: Sequence[str]) -> list[tuple[int, int, ActorMention]]:
    out: list[tuple[int, int, ActorMention]] = []
    for i, b in enumerate(bares):
        if b not in anaphors:
            continue
        kinds = anaphors[b]
        t = toks[i]
        if i in covered or not t.norm.lstrip("وف").startswith(("ال", "بال", "لل")):
            continue
        ante = next((m for m in reversed(earlier) if m.end <= t.start and m.kind in kinds), None)
        if ante is not None:
            out.append((i, i + 1, ActorMention(t.start, t.end, t.text, ante.actor, ante.kind, ante.entity,
                                               ante.members, f"anaphor of {ante.text!r}")))
    return out


@lru_cache(maxsize=100_000)
def _possessed_stem(n: str) -> tuple[str, int]:
    """The possessed state noun of a word with a 3rd-person suffix and the length of its proclitics
    (وبلاده → بلاد، 1; لحكومتها → حكومه، 1)."""
    for k, w in enumerate((n, n[1:], n[2:])):
        suf = next((x for x in POSSESSIVE_SUFFIXES if w.endswith(x) and len(w) - len(x) >= 3), "")
        if not suf:
            continue
        stem = w[: -len(suf)]
        if stem.endswith("ت") and stem[:-1] + "ه" in POSSESSED_STATE:
            stem = stem[:-1] + "ه"
        if stem in POSSESSED_STATE:
            return stem, k
    return "", 0


def _possessive_mentions(toks: Sequence[Token], covered: set[int], norms: Sequence[str],
                         local: Sequence[tuple[int, int, ActorMention]], earlier: Sequence[ActorMention]
                         ) -> list[tuple[int, int, ActorMention]]:
    """Synthetic mentions for بلاده، حكومتها، قواتهم: the possessor is the nearest earlier actor
    mention in the sentence (else in the article) that is not a place."""
    from khabar.doc import Actor

    out: list[tuple[int, int, ActorMention]] = []
    for i, n in enumerate(norms):
        if i in covered:
            continue
        stem, k = _possessed_stem(n)
        if not stem:
            continue
        prev = norms[i - 1] if i else ""
        if not (i == 0 or prev in POSSESSIVE_SLOTS or n[:k].lstrip("وف")):
            continue  # an object right after a verb (سحب قواته، نشر جيشه) stays with its verb
        t = toks[i]
        before = [m for a0, _, m in local if a0 < i and m.actor.code != "IGO" and m.kind not in ANTE_SKIP]
        ante = next((m for m in reversed(before) if m.kind in ("person", "role")), None) or \
            (before[-1] if before else None)
        if ante is None:
            ante = next((m for m in reversed(earlier) if m.end <= t.start and m.kind in ("country", "capital")), None)
        if ante is None or not ante.actor.code or ante.members:
            continue
        sector = POSSESSED_STATE[stem] or ante.actor.sector
        out.append((i, i + 1, ActorMention(t.start, t.end, t.text, Actor(ante.actor.code, sector), "anaphor",
                                           None, (), f"possessive of {ante.text!r}")))
    return out


def build_view(doc: Doc, si: int, mentions: Sequence[ActorMention], dual_memory: list[str],
               implicit: dict[tuple[str, ...], str] | None = None, home: str | None = None,
               anaphors: dict[str, tuple[str, ...]] | None = None,
               earlier: Sequence[ActorMention] = ()) -> SentenceView:
    """Map mentions to the sentence's tokens and group them into arguments."""
    s = doc.sentences[si]
    toks = doc.tokens[s.token_start:s.token_end]
    norms = [t.norm for t in toks]
    from khabar.events.lexicon import bare

    view = SentenceView(s.token_start, toks, norms, bares=[bare(w) for w in norms])
    view.boundary = [(t.text in PUNCT and not _joining_hyphen(toks, k)) or n in SUBORD
                     for k, (t, n) in enumerate(zip(toks, norms, strict=True))]
    starts = [t.start for t in toks]
    # mentions inside this sentence, by token
    local: list[tuple[int, int, ActorMention]] = []
    import bisect

    for m in mentions:
        if m.end <= s.start or m.start >= s.end:
            continue
        t0 = max(0, bisect.bisect_right(starts, m.start) - 1)
        t1 = max(t0 + 1, bisect.bisect_left(starts, m.end))
        local.append((t0, t1, m))
    covered = {i for t0, t1, _ in local for i in range(t0, t1)}
    view.home = home
    if anaphors and earlier:
        for t0, t1, m in _anaphor_mentions(toks, covered, anaphors, earlier, view.bares):
            local.append((t0, t1, m))
            covered.update(range(t0, t1))
    for t0, t1, m in _possessive_mentions(toks, covered, norms, sorted(local, key=lambda x: x[0]), earlier):
        local.append((t0, t1, m))
        covered.update(range(t0, t1))
    if implicit and home:
        # the sentence's own place ("وفي واشنطن، …") overrides the article's home country
        for t0, _, m in local:
            if m.kind in PLACE_KINDS and m.actor.code != "IGO" and 0 < t0 <= 2 and norms[t0 - 1] in LOC_PREPS:
                home = view.home = m.actor.code
                break
        for t0, t1, m in _implicit_mentions(toks, covered, implicit, home, view.bares):
            m.text = doc.text[m.start:m.end]
            local.append((t0, t1, m))
            covered.update(range(t0, t1))
    # a dual noun its nationality adjectives spell out ("الرئيسان المصري والسوداني") is no anaphor:
    # the adjectives name the two parties
    adj_at = {t0 for t0, _, m in local if m.kind == "adjective"}
    local = [x for x in local if not (x[2].members and len(x[2].members) == 2 and x[1] in adj_at
                                      and any(bare_dual(toks[k].norm) for k in range(x[0], x[1])))]
    # a dual anaphor (البلدين، الجانبين) names the two countries the recent text is about: the two
    # most named lately, leaving out the subject right before it ("دعت السعودية البلدين")
    own_pairs = coordinated_pairs(doc.text, [m for _, _, m in local])

    def recent(off: int) -> list[str]:  # the memory plus this sentence's pairs before offset off
        return dual_memory + [p for end, p in own_pairs if end <= off]

    for idx, (t0, t1, m) in enumerate(local):
        if m.members and len(m.members) == 2 and any(bare_dual(toks[k].norm) for k in range(t0, t1)):
            before = {mm.actor.code for a0, _, mm in local if a0 < t0 and t0 - a0 <= 4 and not mm.members}
            sides = any(bare_dual(toks[k].norm, SIDES) for k in range(t0, t1))
            pair = _salient_pair(recent(m.start), before, sides)
            if pair:
                local[idx] = (t0, t1, ActorMention(m.start, m.end, m.text, m.actor, m.kind, m.entity, pair,
                                                   m.why + "; pair re-resolved from recent mentions"))
    # dual anaphors (البلدين) as synthetic mentions of the last two countries
    for i, n in enumerate(norms):
        b = n[1:] if len(n) > 4 and n[0] in "وبل" and n[1:3] == "ال" else n
        if i in covered or (b not in DUAL_ANAPHORS and n not in DUAL_ANAPHORS) or (i + 1) in adj_at:
            continue
        members = _salient_pair(recent(toks[i].start), set(), b in SIDES or n in SIDES)
        if not members:
            continue
        from khabar.doc import Actor

        local.append((i, i + 1, ActorMention(toks[i].start, toks[i].end, toks[i].text, Actor(members[0]),
                                             "anaphor", None, members, "dual anaphor")))
    local = _dual_named_after(toks, local)
    local = _spelt_out_groups(doc, toks, view.bares, local, covered)
    # numbered plural anaphors (الدول الثلاث) as synthetic mentions of the N countries most named lately
    for k in range(1, len(norms)):
        if norms[k] not in NUMBER_WORDS:  # (the cheap test first: number words are rare)
            continue
        i = k - 1
        n = norms[i]
        b = n[1:] if len(n) > 4 and n[0] in "وبل" and n[1:3] == "ال" else n
        if b not in PLURAL_HEADS or i in covered or k in covered:
            continue
        group = _salient_n(recent(toks[i].start), NUMBER_WORDS[norms[k]])
        if group:
            from khabar.doc import Actor

            local.append((i, i + 2, ActorMention(toks[i].start, toks[i + 1].end, doc.text[toks[i].start:toks[i + 1].end],
                                                 Actor(group[0]), "anaphor", None, group, "plural anaphor")))
    local.sort(key=lambda x: x[0])
    args: list[Arg] = []
    for t0, t1, m in local:
        prev = args[-1] if args else None
        gap = t0 - prev.t1 if prev else 99
        has_wa = toks[t0].norm.startswith("و") and "و" in toks[t0].prefixes
        # (a closing quote may stand between: «كتائب حزب الله» العراقية)
        quoted = prev is not None and 0 < gap <= 2 and all(toks[k].text in CLOSE_QUOTES for k in range(prev.t1, t0))
        if prev and (gap == 0 or quoted) and not has_wa \
                and not any(view.boundary[k] and toks[k].text not in CLOSE_QUOTES for k in range(prev.t1, t0)) \
                and set(m.members or (m.actor.code,)) <= prev.codes() | {m.actor.code} \
                and m.actor.code in prev.codes() and m.kind != "place" and prev.mentions[-1].kind != "place":
            # apposition of the same actor: "وزير الدفاع لويد أوستن", "الرئيس الصيني شي"
            prev.mentions.append(m)
            prev.t1 = max(prev.t1, t1)
            continue
        arg = Arg(t0, t1, [m], adjective=(m.kind == "adjective"))
        # governor: clitic on the first token, or a preposition word up to 3 tokens left
        gov = _clitic_prep(toks[t0], m.start)
        coord = has_wa
        k = t0 - 1
        skipped = 0
        while gov is None and not coord and k >= 0 and skipped <= 3:
            n = norms[k]
            if n in PREPS or (len(n) > 2 and n[0] == "و" and n[1:] in PREPS):
                gov = n if n in PREPS else n[1:]
                if k < t0 - 1:
                    arg.gov_at = k
                break
            if k + 1 < len(norms) and (n, norms[k + 1]) in AGENT_MARKERS:
                arg.agent = True
                break
            if n in AGENT_WORDS or (len(n) > 2 and n[1:] in AGENT_WORDS):
                arg.agent = True
                break
            if view.boundary[k] or k in covered or n in COMPLEMENTIZER_WORDS or n in RESUMPTIVES \
                    or toks[k].pos in ("VERB", "AUX"):
                # "عن هويتيهما بأن واشنطن": a preposition before أن does not govern its subject;
                # "في اتفاق توسطت فيه مصر": nor one before a verb or a resumptive pronoun
                break
            if n.startswith("و") and "و" in toks[k].prefixes:
                coord = True
                break
            skipped += 1
            k -= 1
        if k >= 1 and gov in ("قبل", "يد", "ايدي") and norms[k - 1] in ("من", "علي"):
            arg.agent, gov = True, None
        if gov == "قبل" or gov == "بعد" or gov == "خلال" or gov == "منذ":
            gov = "temporal"
        arg.gov = gov
        arg.coord = coord and prev is not None
        if arg.coord and prev is not None and not any(view.boundary[k2] for k2 in range(prev.t1, t0)):
            prev.conj.append(len(prev.mentions))
            prev.mentions.extend(arg.mentions)
            prev.t1 = t1
            continue
        place = m.kind in PLACE_KINDS or m.kind.startswith("entity:gpe") or m.kind.startswith("entity:loc")
        arg.loc = place and (gov in LOC_PREPS or (gov == "ب" and m.kind != "country"))
        args.append(arg)
    view.args = args
    for ai, a in enumerate(args):
        for i in range(a.t0, a.t1):
            view.arg_at[i] = ai
    for a in args:
        if a.loc or any(m.members or m.kind == "media" for m in a.mentions):
            continue  # (a news agency in the dateline is no party the text is about)
        for code in sorted(a.codes()):
            if code != "IGO":
                dual_memory.append(code)
    dual_memory.extend(p for _, p in own_pairs)
    del dual_memory[:-40]
    return view


DUAL_KINDS = {"country", "capital", "role", "institution", "person", "group", "party", "igo"}


def _governed(mention_text: str, prev: str) -> bool:
    """A mention under a preposition: a clitic ل/ب on its article (للسعودية، بالعراق) or a preposition
    word before it."""
    words = mention_text.split()
    n = norm_word(words[0]) if words else ""
    return prev in PREPS or n.lstrip("وف").startswith(("لل", "بال"))


def coordinated_pairs(text: str, mentions: Sequence[ActorMention]) -> list[tuple[int, str]]:
    """Actors joined by و alone ("السعودية وإيران", "الجيش السوداني وقوات الدعم السريع"), as (end
    offset, "A+B"): what a later dual anaphor (البلدين، الطرفان) most likely points back to (a longer
    list, "A+B+C", is for a numbered plural: الدول الثلاث). Two sides of one country give "A+A": the
    dual then names that country."""
    out: list[tuple[int, str]] = []
    chain: list[ActorMention] = []

    def close() -> None:
        codes = [m.actor.code for m in chain]
        if len(chain) >= 2 and "IGO" not in codes:
            out.append((chain[-1].end, "+".join(codes)))

    for m in mentions:
        if m.members or m.kind not in DUAL_KINDS:
            close()
            chain = []
            continue
        if chain:
            gap = text[chain[-1].end:m.start].strip()
            if gap == "و" or (not gap and m.text.startswith("و")):
                chain.append(m)
                continue
            close()
        # a pair under a preposition ("وفق بيان للسعودية والولايات المتحدة") is no party to the event
        prev_word = text[max(0, m.start - 12):m.start].split()[-1:] or [""]
        chain = [] if _governed(m.text, norm_word(prev_word[0])) else [m]
    if chain:
        close()
    return out


def bare_dual(w: str, words: set[str] | None = None) -> bool:
    words = DUAL_ANAPHORS if words is None else words
    b = w[1:] if len(w) > 4 and w[0] in "وبل" and w[1:3] == "ال" else w
    return b in words or w in words


def _salient_pair(recent: list[str], exclude: set[str], sides: bool = False) -> tuple[str, ...]:
    """The last pair named together ("A+B" entries: السعودية وإيران) that ``exclude`` leaves whole,
    else the two codes named most often in ``recent`` (most recent first on ties), minus ``exclude``."""
    for c in reversed(recent):
        if c.count("+") == 1:
            pair = tuple(c.split("+"))
            if not set(pair) & exclude and (sides or pair[0] != pair[1]):
                return pair  # (two sides of one country are الطرفان، not البلدان)
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for k, c in enumerate(recent):
        if c in exclude or c == "IGO" or "+" in c:
            continue
        counts[c] = counts.get(c, 0) + 1
        last[c] = k
    ranked = sorted(counts, key=lambda c: (-counts[c], -last[c]))
    return tuple(ranked[:2]) if len(ranked) >= 2 else ()


# plural group nouns whose members a list after ومنها/بينها/بما فيها/وهي spells out ("الدول المشاركة،
# ومنها روسيا وتركيا"، "دول عدة بينها الولايات المتحدة وبريطانيا")
GROUP_NOUNS = {bare_word for bare_word in (norm_word(w) for w in (
    "دول", "قوي", "مشاركون", "مشاركين", "اطراف", "بلدان", "عواصم", "وفود", "حكومات", "جيوش"))}
LIST_MARKERS = {norm_word(w) for w in ("ومنها", "منها", "بينها", "وبينها", "بينهم", "وبينهم", "ومنهم", "منهم",
                                       "وهي", "وهم", "فيها", "فيهم")}


def _spelt_out_groups(doc: Doc, toks: Sequence[Token], bares: Sequence[str],
                      local: list[tuple[int, int, ActorMention]], covered: set[int]) -> list[tuple[int, int, ActorMention]]:
    """A plural group noun whose members a list spells out a few words later ("تعهدت الدول المشاركة
    في المؤتمر، ومنها روسيا وتركيا ومصر، باحترام …"): the group noun becomes one mention of all the
    listed actors, and the list is no separate argument."""
    n = len(toks)
    markers = [k for k in range(n) if toks[k].norm in LIST_MARKERS]
    if not markers:
        return local
    by_start = sorted(local, key=lambda x: x[0])
    out = list(local)
    for k in markers:
        group_at = next((i for i in range(k - 1, max(-1, k - 12), -1) if bares[i] in GROUP_NOUNS
                         and i not in covered), None)
        if group_at is None or any(toks[x].text in (".", "؛", ";", ":") for x in range(group_at, k)):
            continue
        listed: list[tuple[int, int, ActorMention]] = []
        nxt = k + 1
        for t0, t1, m in by_start:
            if t0 < nxt:
                continue
            if t0 > nxt or m.kind not in ("country", "capital", "igo", "group", "institution", "role"):
                break
            listed.append((t0, t1, m))
            nxt = t1 + (1 if t1 < n and toks[t1].norm == "و" else 0)
        if len(listed) < 2:
            continue
        codes = tuple(dict.fromkeys(c for _, _, m in listed for c in (m.members or (m.actor.code,))))
        t = toks[group_at]
        from khabar.doc import Actor

        out = [x for x in out if x not in listed]
        out.append((group_at, group_at + 1, ActorMention(t.start, t.end, t.text, Actor(codes[0]), "anaphor", None,
                                                         codes, "group spelt out by the list after it")))
        covered.add(group_at)
    return out


def _salient_n(recent: list[str], k: int) -> tuple[str, ...]:
    """The last k actors named together ("أمريكا وبريطانيا وفرنسا"), else the k codes named most
    often in ``recent`` (most recent first on ties); () if fewer."""
    for c in reversed(recent):
        group = tuple(dict.fromkeys(c.split("+")))
        if c.count("+") == k - 1 and len(group) == k:
            return group
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for idx, c in enumerate(recent):
        for code in c.split("+"):
            if code == "IGO":
                continue
            counts[code] = counts.get(code, 0) + 1
            last[code] = idx
    ranked = sorted(counts, key=lambda c: (-counts[c], -last[c]))
    return tuple(ranked[:k]) if len(ranked) >= k else ()


def clause_end(view: SentenceView, i: int, limit: int = 12) -> int:
    """First boundary token after i (exclusive end of the clause to the right)."""
    n = len(view.tokens)
    j = i + 1
    while j < n and j - i <= limit and not view.boundary[j]:
        j += 1
    return j


def clause_start(view: SentenceView, i: int, limit: int = 10) -> int:
    j = i
    while j > 0 and i - j < limit and not view.boundary[j - 1]:
        j -= 1
    return j


@dataclass(slots=True)
class Roles:
    actor: list[Arg] = field(default_factory=list)
    recipient: list[Arg] = field(default_factory=list)
    events: list[int] = field(default_factory=list)  # complement event token indices
    subject: Arg | None = None


QUANT = {norm_word(w) for w in ("مئات", "آلاف", "الآلاف", "المئات", "عشرات", "العشرات", "ملايين", "مئة", "ألف",
                                  "بعض", "عدد", "أكثر", "نحو", "حوالي", "قرابة", "من", "أحد", "إحدى")}


def _quantified(view: SentenceView, j: int, t0: int) -> bool:
    """Only numbers and quantity words lie between a noun and a mention ("ترحيل مئات الآلاف من المهاجرين")."""
    if t0 - j < 1 or t0 - j > 5:
        return False
    return all(view.norms[k] in QUANT or view.norms[k].isdigit() for k in range(j, t0))


def _ungoverned(a: Arg) -> Arg:
    """The argument as the genitive of the noun between it and the preposition found for it."""
    return Arg(a.t0, a.t1, a.mentions, None, a.coord, False, a.adjective, a.agent)


def _args_after(view: SentenceView, i: int, end: int) -> list[Arg]:
    return [a for a in view.args if i < a.t0 < end]


def find_roles(
    view: SentenceView, i: int, j: int, pos: str, args: dict[str, str], flags: frozenset[str],
    stop: int | None = None, visit: bool = False, participle: bool = False, passive: bool = False,
) -> Roles:
    """Arguments of the trigger spanning local tokens [i, j) per the entry's frame."""
    r = Roles()
    end = clause_end(view, j - 1) if stop is None else stop
    after = _args_after(view, j - 1, end)
    if pos == "V":
        # a noun right after أن/إن opens a complement clause: its subject, not this verb's object
        ungoverned = [a for a in after if a.gov is None and not a.loc and not a.agent
                      and not (a.t0 and view.norms[a.t0 - 1] in COMPLEMENTIZER_WORDS)]
        st = clause_start(view, i)
        pre = [a for a in view.args if st <= a.t0 and a.t1 <= i and i - a.t1 <= 2 and a.gov is None and not a.loc
               and not a.adjective]
        if pre and pre[-1].t1 < i and any(w in RESUMPTIVES for w in view.norms[j:j + 2]):
            pre = []  # "وقعت إثيوبيا والصومال اتفاقاً توسطت فيه تركيا": a relative clause on the noun between
        subj: Arg | None
        obj: Arg | None
        if participle or passive:
            # "…، متهمة الدوحة بدعم الإرهاب": the subject is the main clause's;
            # "قُتل 232 فلسطينياً": the noun after a passive verb is its patient
            subj, obj = None, (ungoverned[0] if ungoverned else None)
            pre = []
        elif pre:  # SVO: "بلينكن زار الصين", "أن الصين تتوقع"
            subj, obj = pre[-1], (ungoverned[0] if ungoverned else None)
        else:
            subj = ungoverned[0] if ungoverned else None
            obj = ungoverned[1] if len(ungoverned) > 1 else None
        if subj is not None and subj.t0 - j > 6 and not pre:
            subj, obj = None, subj
        if subj is None and not participle and not passive:
            st = clause_start(view, i)
            before = [a for a in view.args if st <= a.t0 and a.t1 <= i and a.gov is None and not a.loc]
            if before and i - before[-1].t1 <= 6:
                subj = before[-1]
                obj = ungoverned[0] if ungoverned else None
        r.subject = subj
        if subj is not None:
            r.actor.append(subj)
        if obj is not None:
            role = args.get("obj", "recipient")
            if "host" in flags and role == "actor":
                r.actor, r.recipient = [obj], r.actor
            elif role == "recipient":
                r.recipient.append(obj)
            elif role == "actor":
                r.actor.append(obj)
        for a in after:
            if a.agent:
                r.recipient, r.actor = r.actor, [a]
    else:
        # genitive (إضافة) or nationality adjective right after the noun; a preposition before the
        # noun governs the noun, not its genitive ("رداً على زيارة رئيسة مجلس النواب")
        after = [_ungoverned(a) if 0 <= a.gov_at < i and a.t0 == j else a for a in after]
        gap_ok = j < len(view.tokens) and j not in view.verbish and not view.boundary[j]
        nxt = [a for a in after if (a.t0 == j or (a.t0 == j + 1 and gap_ok) or _quantified(view, j, a.t0))
               and not a.loc and (a.gov is None or (a.adjective and a.t0 == j) or _quantified(view, j, a.t0))]
        if nxt:
            a = nxt[0]
            role = "actor" if a.adjective else args.get("gen", "actor")
            if role == "actor" and visit and a.mentions[0].kind in ("country", "capital", "place"):
                role = "recipient"  # "زيارة الصين": the place visited
            if role == "actor":
                r.actor.append(a)
            elif role == "recipient":
                r.recipient.append(a)
            r.subject = a if role == "actor" else None
            # "اعتقال المتظاهرين الأمريكي": an adjective after a patient genitive is the agent
            later = [b for b in after if b is not a and b.adjective and b.t0 <= a.t1 + 1]
            if later and role == "recipient":
                r.actor.append(later[0])
    for a in after:
        # a place after في/أمام is the event's setting, unless the entry's frame names it the
        # recipient ("استدعت سفيرها في طهران"، "طلب اللجوء في فرنسا")
        if a.gov is None or (a.loc and (a.gov == "ب" or args.get(a.gov) != "recipient")) or a in r.actor or a in r.recipient:
            continue
        role = args.get(a.gov, "")
        if a.gov == "بين":
            role = "actor"
        if role == "actor":
            r.actor.append(a)
        elif role == "recipient":
            if "recip" in flags and a.gov in ("مع", "ب") and "host" not in flags:
                r.actor.append(a)
            else:
                r.recipient.append(a)
    return r


def place_phrases(view: SentenceView, st: int, en: int) -> list[tuple[int, int]]:
    """Token spans of "في/قرب + place noun + its complement" in [st, en) that no argument covers."""
    from khabar.events.lexicon import bare

    out: list[tuple[int, int]] = []
    norms = view.norms
    for k in range(max(st, 1), en):
        p = norms[k - 1]
        p = p[1:] if len(p) > 2 and p[0] in "وف" else p
        if p not in LOC_PREPS or k in view.arg_at:
            continue
        head = bare(norms[k])
        if head not in PLACE_NOUNS and norms[k] not in PLACE_NOUNS:
            continue
        j = k + 1
        while j < min(len(norms), k + 4) and not view.boundary[j] and norms[j] not in PREPS \
                and (j in view.arg_at or not norms[j].isdigit()):
            if j in view.arg_at:
                j = view.args[view.arg_at[j]].t1
                break
            j += 1
        out.append((k, j))
    return out
