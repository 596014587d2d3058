"""The actors stage: fills ``doc.actor_mentions`` and ``Entity.actor`` from the actor resolver.

Every span tied to an actor becomes an ActorMention (names, adjectives, capitals,
institutions, IGOs, groups, persons, role phrases). NER entities get the actor of the
mention they overlap most (or, for a PERSON right before/after a role phrase, that
phrase's actor). Dictionary names the NER stage missed are added as entities with the
label of their kind (GPE, ORG, PERSON), so the layer is useful before any NER model.

Options (``PipelineConfig.options["actors"]``): ``add_entities`` (default true): add entities for
dictionary names the NER stage missed; ``implicit`` (default true): give bare domestic roles
(السلطات، الشرطة) the article's home country.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from khabar.actors.resolver import Resolver, _home_country, get_resolver
from khabar.doc import Actor, ActorMention, Doc, Entity

# Head nouns of sub-national places (normalised, without ال): "ولاية الجزيرة", "مخيم زمزم",
# "محافظة إدلب". A place entity they head that no dictionary knows lies, in a news report, in the
# country the report is about; Arabic place naming (Wikipedia's administrative-division titles).
PLACE_HEADS = frozenset({"ولايه", "محافظه", "اقليم", "مقاطعه", "مخيم", "بلده", "قريه", "مدينه", "حي",
                         "منطقه", "ضاحيه", "ناحيه", "قضاء", "مديريه", "بلديه", "مركز", "معسكر", "بلدات",
                         "مدن", "قري", "مخيمات", "محافظات", "ولايات", "مناطق"})

# the heads after which a name is always a place (see _places_after_heads)
_ADMIN_HEADS = frozenset({"ولايه", "محافظه", "اقليم", "مقاطعه", "بلده", "قريه", "مدينه", "ناحيه", "قضاء",
                          "مديريه", "مخيم"})

# mention kinds that become entities when the NER stage has none there
_MAX_MENTION = 200  # characters: no mention is longer (bounds the overlap search)
_ENTITY_KINDS = {"country", "capital", "place", "institution", "igo", "group", "media", "person", "party", "ngo", "company"}


class ActorStage:
    """Resolve actors on the document date; link them to (and complete) the NER entities."""

    name = "actors@1"
    requires: tuple[str, ...] = ("tokens",)
    provides: tuple[str, ...] = ("actor_mentions", "entity_actors")

    def __init__(self, resolver: Resolver, add_entities: bool = True) -> None:
        self.resolver = resolver
        self.add_entities = add_entities

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.resolver.resolve_doc(doc)
        doc.actor_mentions = mentions
        self._link_entities(doc, mentions)
        doc.provided.update(self.provides)
        return doc

    def _link_entities(self, doc: Doc, mentions: list[ActorMention]) -> None:
        ents = doc.entities
        if ents:
            _places_after_heads(doc)
        if ents:  # NER entities: the actor of the mention overlapping most (mentions are sorted by start)
            m_starts = [m.start for m in mentions]
            for e in ents:
                best: ActorMention | None = None
                best_ov = 0
                k = bisect_left(m_starts, e.start - _MAX_MENTION)
                while k < len(mentions) and mentions[k].start < e.end:
                    m = mentions[k]
                    ov = min(e.end, m.end) - max(e.start, m.start)
                    if ov > best_ov:
                        best, best_ov = m, ov
                    k += 1
                if best is not None and e.actor is None:
                    e.actor = Actor(best.actor.code, best.actor.sector, best.actor.name)
                    if best.entity is None:
                        best.entity = e.id
                elif e.actor is None and e.label == "PERSON":
                    role = _adjacent_role(doc, e, mentions)
                    if role is not None:
                        e.actor = Actor(role.actor.code, role.actor.sector, None)
                if e.actor is None and e.label in ("ORG", "GPE"):
                    # the NER label stands in for a cue word: ORG "الجزيرة" is the channel
                    m2 = self.resolver.resolve_entity(e.text, e.label, doc.date)
                    if m2 is not None and "+" not in m2.actor.code:
                        e.actor = Actor(m2.actor.code, m2.actor.sector, m2.actor.name)
            self._place_heads(doc, mentions)
        if not self.add_entities:
            return
        spans = sorted((e.start, e.end) for e in ents)
        starts = [a for a, _ in spans]
        added = False
        for m in mentions:
            if m.entity is not None or m.kind not in _ENTITY_KINDS:
                continue
            k = bisect_left(starts, m.end)  # entities starting before the mention ends
            if k and any(b > m.start for _, b in spans[max(0, k - 8):k]):
                continue  # overlaps an existing entity
            ents.append(Entity("", m.start, m.end, m.text, self.resolver.label_of(m) or "ORG",
                               Actor(m.actor.code, m.actor.sector, m.actor.name) if "+" not in m.actor.code else None))
            m.entity = ""  # filled after renumbering
            added = True
        if added:
            ents.sort(key=lambda e: (e.start, e.end))
            old_to_new: dict[str, str] = {}
            for i, e in enumerate(ents, 1):
                if e.id:
                    old_to_new[e.id] = f"e{i}"
                e.id = f"e{i}"
            by_span = {(e.start, e.end): e.id for e in ents}
            for m in mentions:
                if m.entity == "":
                    m.entity = by_span.get((m.start, m.end))
                elif m.entity is not None:
                    m.entity = old_to_new.get(m.entity, m.entity)

    def _place_heads(self, doc: Doc, mentions: list[ActorMention]) -> None:
        """Uncoded GPE/LOC/FAC entities headed by (or right after) a sub-national place noun
        (ولاية، مخيم، محافظة…) take the country most of the article's country mentions name (three or more,
        at least half): "ولاية الجزيرة" in a report on Sudan is in Sudan. The dateline alone
        does not count: a Cairo-datelined report on Sudan names Sudanese places."""
        if not self.resolver.implicit:
            return
        todo = [e for e in doc.entities if e.actor is None and e.label in ("GPE", "LOC", "FAC")]
        if not todo:
            return
        home: tuple[str, str] | None = None
        tok_starts = [t.start for t in doc.tokens]
        for e in todo:
            k = bisect_left(tok_starts, e.start)
            if k >= len(doc.tokens) or doc.tokens[k].start >= e.end:
                continue
            first = doc.tokens[k]
            if first.end < e.end and _head(first.stem) in PLACE_HEADS:
                pass  # "[ولاية الجزيرة]": the entity starts with its head noun
            elif k == 0 or _head(doc.tokens[k - 1].stem) not in PLACE_HEADS or doc.tokens[k - 1].sent != first.sent:
                continue  # not "ولاية [الجزيرة]" either
            if home is None:
                home = _home_country(mentions, "", []) or ("", "")  # majority rule only (no text: no dateline)
            if home[0]:
                e.actor = Actor(home[0], None, None)


def _places_after_heads(doc: Doc) -> None:
    """A name right after an administrative place noun (ولاية [الجزيرة]، مدينة [حلب]) is a place
    whatever the NER model said: "الجزيرة" alone is as often the channel (ORG), but the head noun
    settles it. Only heads that never introduce an organisation's name (not مركز، حي) count."""
    tok_starts = [t.start for t in doc.tokens]
    for e in doc.entities:
        if e.label not in ("ORG", "PERSON"):
            continue
        k = bisect_left(tok_starts, e.start)
        if k == 0 or k >= len(doc.tokens) or doc.tokens[k - 1].sent != doc.tokens[k].sent:
            continue
        prev = doc.tokens[k - 1]
        if _head(prev.stem) in _ADMIN_HEADS and not prev.suffixes:  # not "ولايته"
            e.label = "GPE"


def _head(stem: str) -> str:
    return stem[2:] if stem.startswith("ال") else stem


def _adjacent_role(doc: Doc, e: Entity, mentions: list[ActorMention]) -> ActorMention | None:
    """A role phrase right before the entity ("الرئيس الصيني شي") or after it behind a comma."""
    text = doc.text
    for m in mentions:
        if m.kind != "role":
            continue
        if m.end <= e.start and not text[m.end:e.start].strip():
            return m
        if m.start >= e.end and text[e.end:m.start].strip() in ("،", ","):
            return m
    return None


def make_stage(options: dict[str, Any], config: Any) -> ActorStage:
    """Pipeline factory: the resolver for ``config.actors_files`` (built once per process)."""
    return ActorStage(get_resolver(config, implicit=bool(options.get("implicit", True))),
                      add_entities=bool(options.get("add_entities", True)))
