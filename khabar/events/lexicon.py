"""The event lexicon: versioned TSV entries (verbs, event nouns, phrases) with their PLOVER
type, mode, context, argument frame and reliability, plus user files that extend or override.

Format (one entry per line, tab-separated, ``#`` comments; see README "Event lexicon files")::

    pattern  pos  event  mode  context  args  flags  weight  source

``pattern``: the head's forms — a verb as ``perfect/imperfect[/masdar…]`` (``التقى/يلتقي/التقاء``), a noun as
``singular/plural…`` (``غارة/غارات``) — optionally followed by words that must come next
(``وقف اطلاق النار``). ``event``: a PLOVER type, ``-`` for a support verb or noun that carries
no type of its own (``عقد``، ``شن``), or ``OFF`` (in a user file) to disable a shipped entry.
``args``: ``;``-separated ``key=role`` where key is ``obj`` (bare object), ``gen`` (the noun's
genitive) or a preposition (مع ب ل الى على ضد من عن في بين) and role is ``actor``,
``recipient``, ``event`` (complement event) or ``none``. ``flags``: ``recip`` (reciprocal: all
participants are actors), ``host`` (subject hosts: the object is the actor), ``light``
(support word: its event noun carries the event), ``undergo`` (subject is the recipient of
the event noun), ``dom`` (vetoed in sports/business sentences), ``needrec`` (needs a
recipient), ``objnext`` (an actor must follow right after: هنأ الملك …, not هنا "here"), ``assembly`` (a
meeting a body holds: one IGO is party enough, its members meet), ``part:a|b`` (participles of a three-letter verb: داعيا|داعين), ``near:a|b`` / ``notnear:a|b`` / ``next:a|b`` / ``notnext:a|b`` (words that must
or must not follow in the clause / next token), ``notprev:a|b`` (words that must not precede), ``nearpre`` (a verb's near word may also be one
of the three words before it, its subject: صاروخاً روسياً أصاب).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from khabar.errors import KhabarError
from khabar.events.morph import Analyzer, Form, noun_forms, verb_forms
from khabar.text.normalize import norm_word

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ROLES = ("actor", "recipient", "event", "none")
# verbal acts: their participles serve as adverbial clauses (مطالباً، متهماً، محذراً)
VERBAL_TYPES = ("REQUEST", "ACCUSE", "THREATEN", "SUPPORT", "REJECT", "AGREE", "CONCEDE")

# Default argument frames by type, used when an entry leaves ``args`` empty.
DEFAULT_ARGS: dict[str, dict[str, str]] = {
    "AGREE": {"obj": "event", "مع": "recipient", "على": "event", "ب": "event", "gen": "actor", "من": "actor"},
    "CONSULT": {"obj": "recipient", "مع": "recipient", "ب": "recipient", "الى": "recipient", "gen": "actor"},
    "SUPPORT": {"obj": "recipient", "ب": "recipient", "ل": "recipient", "gen": "actor"},
    "CONCEDE": {"ل": "recipient", "gen": "actor"},
    "COOPERATE": {"مع": "recipient", "gen": "actor"},
    "AID": {"ل": "recipient", "الى": "recipient", "gen": "actor", "من": "actor"},
    "RETREAT": {"gen": "actor", "ل": "recipient"},
    "REQUEST": {"obj": "recipient", "من": "recipient", "الى": "event", "ب": "event", "على": "event", "gen": "actor"},
    "ACCUSE": {"obj": "recipient", "ب": "none", "gen": "actor", "ضد": "recipient"},
    "REJECT": {"obj": "event", "gen": "actor"},
    "THREATEN": {"obj": "recipient", "ب": "none", "gen": "actor", "ضد": "recipient"},
    "PROTEST": {"ضد": "recipient", "على": "none", "gen": "actor"},
    "SANCTION": {"obj": "recipient", "على": "recipient", "ضد": "recipient", "gen": "actor", "مع": "recipient"},
    "MOBILIZE": {"ضد": "recipient", "gen": "actor"},
    "COERCE": {"obj": "recipient", "على": "recipient", "ضد": "recipient", "gen": "recipient", "ل": "recipient"},
    "ASSAULT": {"obj": "recipient", "على": "recipient", "ضد": "recipient", "gen": "actor", "ل": "recipient"},
    "-": {"obj": "event", "gen": "event", "في": "event", "ب": "event", "ل": "event"},
}
DEFAULT_ARGS = {t: {norm_word(k): v for k, v in d.items()} for t, d in DEFAULT_ARGS.items()}


@dataclass(slots=True)
class Entry:
    """One lexicon entry."""

    key: str  # override key: pos + head + following words + near words
    head: str  # normalised head lemma (perfect or singular)
    pos: str  # V | N
    event: str  # PLOVER type or "-" (support word)
    mode: tuple[str, ...]
    context: tuple[str, ...]
    args: dict[str, str]
    words: tuple[str, ...] = ()  # bare forms that must follow the head, in order
    near: frozenset[str] = frozenset()
    notnear: frozenset[str] = frozenset()
    next: frozenset[str] = frozenset()
    notnext: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    weight: float = 0.7
    source: str = ""
    forms: dict[str, Form] = field(default_factory=dict)
    origin: str = "khabar"
    masdars: dict[str, Form] = field(default_factory=dict)  # verbal-noun forms of a verb entry
    notprev: frozenset[str] = frozenset()  # words that must not come right before the head

    @property
    def specificity(self) -> int:
        """Entries with required words beat entries with a near-list beat bare entries."""
        return 2 * len(self.words) + (1 if self.near or self.next else 0)


@lru_cache(maxsize=200_000)
def bare(w: str) -> str:
    """A normalised word without و/ف, ب/ل/ك and ال (for phrase matching; cached per word type)."""
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if w.startswith("لل") and len(w) > 4:
        return w[2:]
    if len(w) > 3 and w[0] in "بلك" and w[1:3] == "ال":
        w = w[1:]
    if w.startswith("ال") and len(w) > 3:
        w = w[2:]
    return w


def _words(spec: str) -> frozenset[str]:
    return frozenset(bare(norm_word(x)) for x in spec.split("|") if x)


def parse_line(line: str, origin: str, lineno: int) -> Entry | None:
    """Parse one TSV line into an Entry (None for comments/blank/header lines)."""
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    cols = line.rstrip("\n").split("\t")
    if cols[0] == "pattern":
        return None
    if len(cols) < 3:
        raise KhabarError("K012", f"{origin}:{lineno}: event lexicon line needs at least pattern, pos, event")
    cols += [""] * (9 - len(cols))
    pattern, pos, event, mode, context, args, flags, weight, source = (c.strip() for c in cols[:9])
    args = "" if args == "-" else args
    flags = "" if flags == "-" else flags
    pos = pos.upper()
    if pos not in ("V", "N"):
        raise KhabarError("K012", f"{origin}:{lineno}: pos must be V or N, not {pos!r}")
    event = event.upper()
    if event not in PLOVER_TYPES and event not in ("-", "OFF"):
        raise KhabarError("K012", f"{origin}:{lineno}: unknown PLOVER type {event!r}")
    parts = pattern.split()
    if not parts:
        raise KhabarError("K012", f"{origin}:{lineno}: empty pattern")
    head_forms = [f for f in parts[0].split("/")]
    words = tuple(bare(norm_word(w)) for w in parts[1:])
    argd: dict[str, str] = {}
    for a in filter(None, (x.strip() for x in args.split(";"))):
        k, _, r = a.partition("=")
        k = norm_word(k.strip())
        r = r.strip()
        if r not in ROLES:
            raise KhabarError("K012", f"{origin}:{lineno}: bad argument role {a!r}")
        argd[k] = r
    base = dict(DEFAULT_ARGS.get(event, DEFAULT_ARGS["-"]))
    base.update(argd)
    fl: set[str] = set()
    near: frozenset[str] = frozenset()
    notnear: frozenset[str] = frozenset()
    nxt: frozenset[str] = frozenset()
    notnext: frozenset[str] = frozenset()
    parts_: tuple[str, ...] = ()
    notprev: frozenset[str] = frozenset()
    for f in filter(None, (x.strip() for x in flags.split(","))):
        name, _, val = f.partition(":")
        if name == "near":
            near = _words(val)
        elif name == "notnear":
            notnear = _words(val)
        elif name == "next":
            nxt = _words(val)
        elif name == "notnext":
            notnext = _words(val)
        elif name == "notprev":
            notprev = _words(val)
        elif name == "part":
            parts_ = tuple(x for x in val.split("|") if x)
        else:
            fl.add(name)
    try:
        w = float(weight) if weight else 0.7
    except ValueError:
        raise KhabarError("K012", f"{origin}:{lineno}: weight must be a number, not {weight!r}") from None
    head = norm_word(head_forms[0] if head_forms[0] != "-" or len(head_forms) < 2 else head_forms[1])
    masdars: dict[str, Form] = {}
    if pos == "V":
        forms = verb_forms(head_forms[0], head_forms[1] if len(head_forms) > 1 else "-", parts_,
                           auto_participle=event in VERBAL_TYPES)
        for masdar in head_forms[2:]:  # verbal nouns: التقى/يلتقي/التقاء
            masdars.update(noun_forms(masdar))
    else:
        forms = noun_forms(head_forms[0], head_forms[1:])
    key = "|".join((pos, head, " ".join(words), ",".join(sorted(near)), ",".join(sorted(nxt))))
    return Entry(
        key=key, head=head, pos=pos, event=event,
        mode=tuple(m for m in mode.replace(";", ",").split(",") if m.strip() and m.strip() != "-"),
        context=tuple(c for c in context.replace(";", ",").split(",") if c.strip() and c.strip() != "-"),
        args=base, words=words, near=near, notnear=notnear, next=nxt, notnext=notnext,
        flags=frozenset(fl), weight=w, source=source, forms=forms, origin=origin, masdars=masdars,
        notprev=notprev,
    )


def read_entries(text: str, origin: str) -> list[Entry]:
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        e = parse_line(line, origin, i)
        if e is not None:
            out.append(e)
    return out


def shipped_text(name: str) -> str:
    return resources.files("khabar.events.data").joinpath(name).read_text("utf-8")


class Lexicon:
    """All entries, indexed for clitic-aware lookup of heads (see ``morph.Analyzer``)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        by_key: dict[str, Entry] = {}
        for e in entries:
            by_key[e.key] = e  # later files override earlier ones
        self.entries = [e for e in by_key.values() if e.event != "OFF"]
        self.analyzer: Analyzer[Entry] = Analyzer()
        for e in self.entries:
            self.analyzer.add(e.forms, e)
            if e.masdars:
                self.analyzer.add(e.masdars, e)

    @classmethod
    def load(cls, user_files: Iterable[str | Path] = ()) -> Lexicon:
        """The shipped lexicon, then each user file in order (same key → replaced)."""
        entries = read_entries(shipped_text("lexicon.tsv"), "khabar:lexicon.tsv")
        for f in user_files:
            p = Path(f)
            if not p.exists():
                raise KhabarError("K012", f"{p}: event lexicon file not found")
            try:
                text = p.read_text("utf-8")
            except UnicodeDecodeError:
                raise KhabarError("K012", f"{p}: event lexicon must be UTF-8") from None
            entries.extend(read_entries(text, str(p)))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)
