"""The document model and its ``khabar/1`` JSON form.

The original text never changes: every annotation is a span of code-point offsets into
``Doc.text`` (end exclusive). Tokens and their clitic segments are an internal layer that
the JSON leaves out; everything in ``SPEC.md`` round-trips losslessly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from khabar.errors import KhabarError

SCHEMA = "khabar/1"


@dataclass(slots=True)
class Span:
    """A character span of the document text, ``text[start:end]``."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


def make_span(text: str, start: int, end: int) -> Span:
    """Build a span whose text is sliced from ``text`` (so it can never disagree)."""
    return Span(start, end, text[start:end])


@dataclass(slots=True)
class Segment:
    """A clitic segment of a token: prefix (و ف ب ل ك س ال), stem, or suffix pronoun."""

    start: int
    end: int
    kind: str  # "prefix" | "stem" | "suffix"
    form: str  # the segment's normalised form (ال, و, ه …)


@dataclass(slots=True)
class Token:
    """A word or punctuation mark with offsets, its normalised form and clitic segments."""

    start: int
    end: int
    text: str
    norm: str
    sent: int = 0
    rsegs: tuple[Segment, ...] = ()  # clitic segments, offsets relative to ``start`` (shared per word type)
    pos: str | None = None
    lemma: str | None = None

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Clitic segments as absolute spans of the document text (empty when unsegmented)."""
        a = self.start
        return tuple(Segment(a + g.start, a + g.end, g.kind, g.form) for g in self.rsegs)

    @property
    def stem(self) -> str:
        """Normalised stem without clitics (the token's norm when unsegmented)."""
        for seg in self.rsegs:
            if seg.kind == "stem":
                return seg.form
        return self.norm

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Forms of the proclitics (و، ب، ال …) in order; empty when unsegmented."""
        if not self.rsegs:
            return ()
        return tuple([s.form for s in self.rsegs if s.kind == "prefix"])

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Forms of the pronoun suffixes in order; empty when unsegmented."""
        if not self.rsegs:
            return ()
        return tuple([s.form for s in self.rsegs if s.kind == "suffix"])


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    para: int = 0
    token_start: int = 0  # index into doc.tokens
    token_end: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(slots=True)
class Actor:
    """An actor code: ISO alpha-3 country or ``IGO``, PLOVER sector, English name."""

    code: str
    sector: str | None = None
    name: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "sector": self.sector, "name": self.name}

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> Actor | None:
        if d is None:
            return None
        return cls(d["code"], d.get("sector"), d.get("name"))


@dataclass(slots=True)
class Entity:
    id: str
    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | LOC | NORP | FAC | EVENT | MISC
    actor: Actor | None = None
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "actor": self.actor.to_json() if self.actor else None,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Entity:
        return cls(d["id"], d["start"], d["end"], d["text"], d["label"], Actor.from_json(d.get("actor")))


@dataclass(slots=True)
class Timex:
    id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    calendar: str = "gregorian"
    extra: dict[str, Any] = field(default_factory=dict)  # added fields (e.g. "mod", "anchor")

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "calendar": self.calendar,
        }
        d.update(self.extra)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Timex:
        known = {"id", "start", "end", "text", "type", "value", "calendar"}
        return cls(
            d["id"], d["start"], d["end"], d["text"], d["type"], d.get("value"),
            d.get("calendar", "gregorian"), {k: v for k, v in d.items() if k not in known},
        )


@dataclass(slots=True)
class Source:
    """Who an attribution cites: the words naming it and how it is described."""

    start: int
    end: int
    text: str
    kind: str = "unknown"  # named | anonymous | organization | document | unknown
    count: int | None = None
    actor: Actor | None = None
    role: str | None = None
    tenure: str | None = None  # former | current | None
    entity: str | None = None
    same_as: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "count": self.count,
            "actor": {"code": self.actor.code, "sector": self.actor.sector} if self.actor else None,
            "role": self.role,
            "tenure": self.tenure,
            "entity": self.entity,
            "same_as": self.same_as,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Source:
        return cls(
            d["start"], d["end"], d["text"], d.get("kind", "unknown"), d.get("count"),
            Actor.from_json(d.get("actor")), d.get("role"), d.get("tenure"), d.get("entity"),
            d.get("same_as"),
        )


@dataclass(slots=True)
class Attribution:
    id: str
    cue: Span
    source: Source
    content: Span | None
    direct: bool = False
    status: str = "stated"  # stated | declined_to_comment | no_response | denied

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "cue": self.cue.to_json(),
            "source": self.source.to_json(),
            "content": self.content.to_json() if self.content else None,
            "direct": self.direct,
            "status": self.status,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Attribution:
        return cls(
            d["id"], Span.from_json(d["cue"]), Source.from_json(d["source"]),
            Span.from_json(d["content"]) if d.get("content") else None,
            bool(d.get("direct", False)), d.get("status", "stated"),
        )


@dataclass(slots=True)
class Participant:
    """An event actor or recipient: the words, its code and sector, and its entity."""

    start: int
    end: int
    text: str
    code: str | None
    sector: str | None = None
    entity: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "code": self.code, "sector": self.sector, "entity": self.entity,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Participant:
        return cls(d["start"], d["end"], d["text"], d.get("code"), d.get("sector"), d.get("entity"))


@dataclass(slots=True)
class Location:
    start: int
    end: int
    text: str
    code: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "code": self.code}
        if self.lat is not None and self.lon is not None:
            d["lat"], d["lon"] = self.lat, self.lon
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> Location | None:
        if d is None:
            return None
        return cls(d["start"], d["end"], d["text"], d.get("code"), d.get("lat"), d.get("lon"))


@dataclass(slots=True)
class Event:
    id: str
    event: str
    trigger: Span
    sentence: int
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    group: str | None = None
    actor: list[Participant] = field(default_factory=list)
    recipient: list[Participant] = field(default_factory=list)
    status: str = "asserted"
    date: dict[str, Any] | None = None  # {"value": str, "timex": "t1" | None}
    location: Location | None = None
    attribution: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event": self.event,
            "mode": list(self.mode),
            "context": list(self.context),
            "trigger": self.trigger.to_json(),
            "sentence": self.sentence,
            "group": self.group,
            "actor": [p.to_json() for p in self.actor],
            "recipient": [p.to_json() for p in self.recipient],
            "status": self.status,
            "date": self.date,
            "location": self.location.to_json() if self.location else None,
            "attribution": self.attribution,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "confidence": self.confidence,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Event:
        return cls(
            id=d["id"], event=d["event"], trigger=Span.from_json(d["trigger"]),
            sentence=d.get("sentence", 0), mode=list(d.get("mode") or []),
            context=list(d.get("context") or []), group=d.get("group"),
            actor=[Participant.from_json(p) for p in d.get("actor") or []],
            recipient=[Participant.from_json(p) for p in d.get("recipient") or []],
            status=d.get("status", "asserted"), date=d.get("date"),
            location=Location.from_json(d.get("location")), attribution=d.get("attribution"),
            cameo=d.get("cameo"), quad_class=d.get("quad_class"), goldstein=d.get("goldstein"),
            confidence=d.get("confidence"),
        )


@dataclass(slots=True)
class ActorMention:
    """Internal layer: a span the actor resolver tied to an actor (names, adjectives, roles)."""

    start: int
    end: int
    text: str
    actor: Actor
    kind: str  # country | capital | adjective | institution | igo | group | person | role | ...
    entity: str | None = None
    members: tuple[str, ...] = ()  # for ad-hoc groups of states
    why: str = ""


def text_id(text: str) -> str:
    """The default document id: sha256 of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Doc:
    """One article: immutable text plus annotation layers."""

    text: str
    id: str = ""
    date: str | None = None
    lang: str = "ar"
    source: dict[str, Any] | None = None
    producer: dict[str, Any] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    provided: set[str] = field(default_factory=set)  # layers stages have filled
    user: dict[str, Any] = field(default_factory=dict)  # free slot for extensions

    def __post_init__(self) -> None:
        if not self.id:
            self.id = text_id(self.text)

    def span(self, start: int, end: int) -> Span:
        return make_span(self.text, start, end)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return max(0, min(lo, len(self.sentences) - 1))

    def sentence_tokens(self, i: int) -> list[Token]:
        s = self.sentences[i]
        return self.tokens[s.token_start : s.token_end]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "date": self.date,
            "lang": self.lang,
            "text": self.text,
            "source": self.source,
            "producer": self.producer,
            "sentences": [s.to_json() for s in self.sentences],
            "entities": [e.to_json() for e in self.entities],
            "timexes": [t.to_json() for t in self.timexes],
            "attributions": [a.to_json() for a in self.attributions],
            "events": [e.to_json() for e in self.events],
        }

    def dumps(self, indent: int | None = None) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Doc:
        if d.get("schema") != SCHEMA:
            raise KhabarError("K007", f"expected schema {SCHEMA!r}, got {d.get('schema')!r}")
        doc = cls(
            text=d["text"], id=d.get("id", ""), date=d.get("date"), lang=d.get("lang", "ar"),
            source=d.get("source"), producer=d.get("producer") or {},
        )
        doc.sentences = [Sentence(s["start"], s["end"]) for s in d.get("sentences", [])]
        doc.entities = [Entity.from_json(e) for e in d.get("entities", [])]
        doc.timexes = [Timex.from_json(t) for t in d.get("timexes", [])]
        doc.attributions = [Attribution.from_json(a) for a in d.get("attributions", [])]
        doc.events = [Event.from_json(e) for e in d.get("events", [])]
        doc.validate()
        return doc

    @classmethod
    def loads(cls, s: str) -> Doc:
        return cls.from_json(json.loads(s))

    def iter_spans(self) -> list[tuple[str, int, int, str | None]]:
        """Every span in the JSON layers as (where, start, end, text-or-None)."""
        out: list[tuple[str, int, int, str | None]] = []
        for i, s in enumerate(self.sentences):
            out.append((f"sentences[{i}]", s.start, s.end, None))
        for e in self.entities:
            out.append((f"entity {e.id}", e.start, e.end, e.text))
        for t in self.timexes:
            out.append((f"timex {t.id}", t.start, t.end, t.text))
        for a in self.attributions:
            out.append((f"attribution {a.id} cue", a.cue.start, a.cue.end, a.cue.text))
            out.append((f"attribution {a.id} source", a.source.start, a.source.end, a.source.text))
            if a.content:
                out.append((f"attribution {a.id} content", a.content.start, a.content.end, a.content.text))
        for v in self.events:
            out.append((f"event {v.id} trigger", v.trigger.start, v.trigger.end, v.trigger.text))
            for p in v.actor + v.recipient:
                out.append((f"event {v.id} participant", p.start, p.end, p.text))
            if v.location:
                out.append((f"event {v.id} location", v.location.start, v.location.end, v.location.text))
        return out

    def validate(self) -> None:
        """Raise ``K008`` if any span disagrees with the text."""
        n = len(self.text)
        for where, start, end, txt in self.iter_spans():
            if not (0 <= start <= end <= n):
                raise KhabarError("K008", f"{where}: offsets {start}:{end} outside text of length {n}")
            if txt is not None and self.text[start:end] != txt:
                raise KhabarError("K008", f"{where}: text {txt!r} != text[{start}:{end}]")
