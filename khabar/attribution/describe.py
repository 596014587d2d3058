"""How a source phrase is described: kind, count (numerals and the Arabic dual), role, tenure, affiliation,
entity and the features that link later mentions (head, descriptors, domains, names).
"""

from __future__ import annotations

from khabar.attribution.chunk import NP, ORG_LABELS, ORG_MENTION_KINDS, Chunker, Conjunct, Description, is_word
from khabar.attribution.lexicon import SourceNoun, clitic_pre
from khabar.doc import Actor, ActorMention, Entity


class SourceDescriber(Chunker):
    """A chunker that also describes the phrases it finds."""

    # ------------------------------------------------------------ description

    def describe(self, np: NP) -> Description:
        """Kind, count, role, tenure, affiliation, entity and linking features of a source phrase."""
        toks = self.toks
        lex = self.lex
        d = Description()
        kinds: list[str] = []
        counts: list[int | None] = []
        tenures: set[str | None] = set()
        descriptors: set[str] = set()
        domains: list[str] = []
        ranks: list[str] = []
        names: list[str] = []
        entity: Entity | None = None
        rng = list(range(np.start, np.end)) + (list(range(*np.appos)) if np.appos else [])
        for c in np.conjuncts:
            noun = c.noun
            head_i = c.head
            one_of = noun is not None and noun.lemma in ("احد", "احدي")
            if one_of and head_i + 1 < np.end:
                sub, _ = self.head_noun(head_i + 1)
                if sub is not None:
                    noun = sub
            # names and entities inside this conjunct
            c_names: list[int] = []
            c_person = False
            for i in range(c.start, max(c.end, c.head + 1)):
                ent = self.ent_at[i]
                if ent is not None and ent.label == "PERSON" and self.name_like(i):
                    c_person = True
                    entity = entity or ent
                if i == c.head and noun is None and (self.name_like(i) or self.surname(i)):
                    c_names.append(i)
                elif i > c.head and (self.name_like(i) or (c_names and c_names[-1] == i - 1
                                                           and self.ent_at[i] is None and not lex.noun(toks[i].norm)
                                                           and not self.adjective(i) and is_word(toks[i]))):
                    if c_names or i > c.head:
                        c_names.append(i)
            kind = self._kind(c, noun, c_names, c_person)
            kinds.append(kind)
            if c_names:
                names.extend(toks[i].norm for i in c_names)
            if c.numeral is not None:
                cnt: int | None = c.numeral
            elif kind == "named":
                cnt = 1
            elif noun is not None and noun.cls in ("person", "office"):
                cnt = 1 if one_of else noun.number
            else:
                cnt = None
            ten: str | None = None
            after_prep = False  # an office's role takes only its own complement: "وزير الخارجية", not "باسم الخارجية"
            for i in range(c.start, max(c.end, c.head + 1)):
                if i == c.head:
                    continue
                if toks[i].norm in ("باسم", "في", "من", "لدي", "داخل") or clitic_pre(toks[i])[:1] in (("ل",), ("ب",)):
                    after_prep = True
                m = lex.modifier(toks[i].norm)
                if m is None:
                    continue
                if after_prep and noun is not None and noun.cls == "office" and m[0] in ("domain", "rank"):
                    continue
                if m[0] == "tenure":
                    ten = m[1]
                elif m[0] == "descriptor":
                    descriptors.add(m[1])
                elif m[0] == "domain":
                    domains.append(m[1])
                elif m[0] == "rank":
                    ranks.append(m[1])
                if m[1] == "2" or toks[i].norm in ("الاثنين", "الاثنان"):
                    cnt = 2
            if cnt is None and kind != "named" and any(toks[i].norm in ("الاثنين", "الاثنان", "اثنين")
                                                        for i in range(c.start, max(c.end, c.head + 1))):
                cnt = 2
            counts.append(cnt)
            tenures.add(ten)
            if d.head is None:
                d.head = noun.lemma if noun is not None else toks[c.head].norm
                d.definite = c.definite
                d.fem = (noun.lemma.endswith("ه") if noun is not None else toks[c.head].norm.endswith("ه"))
                d.plural = noun is not None and noun.number is None and noun.cls in ("person", "office")
                d.cls = noun.cls if noun is not None else None
                d.numeral = c.numeral is not None
                d.sector = noun.sector if noun is not None else None
                if noun is not None:
                    parts = [*ranks, *domains[:1], noun.role] if noun.cls in ("person", "office") else [noun.role]
                    d.role = " ".join(parts)
        if np.appos and not d.role:
            an, _ = self.head_noun(np.appos[0])
            if an is not None:
                d.role = an.role
        d.kind = kinds[0] if kinds else "unknown"
        if d.kind in ("named", "anonymous") and len(counts) > 1:
            d.count = sum(c for c in counts if c is not None) if all(c is not None for c in counts) else None
        else:
            d.count = counts[0] if counts else None
        if d.kind in ("organization", "document", "unknown"):
            d.count = None
        d.tenure = next(iter(tenures)) if len(tenures) == 1 else None
        d.descriptors = frozenset(descriptors | ({"anonymous"} if np.anonymity else set()))
        d.domains = frozenset(domains)
        d.names = tuple(names)
        if np.anonymity and d.kind in ("unknown", "named") and not any(self.ent_at[i] for i in rng):
            d.kind = "anonymous"
        d.entity = entity.id if entity is not None else None
        if entity is None and d.kind == "organization":
            for i in rng:
                e = self.ent_at[i]
                if e is not None and e.label in ORG_LABELS:
                    d.entity = e.id
                    break
        d.actor = self._actor(rng, entity, np)
        return d

    def _kind(self, c: Conjunct, noun: SourceNoun | None, names: list[int], person_ent: bool) -> str:
        if noun is not None and noun.cls == "doc":
            return "document"
        if noun is not None and noun.cls in ("org", "outlet"):
            return "organization"
        if person_ent:
            return "named"
        if noun is None:
            ent = self.ent_at[c.head]
            if ent is not None and ent.label in ORG_LABELS:
                return "organization"
            if any(m.kind in ORG_MENTION_KINDS for m in self.men_at[c.head]):
                return "organization"
            return "named" if (names or c.quoted) else "unknown"
        if noun.cls == "office":
            return "named" if (c.definite or names) else "anonymous"
        # a generic person noun: named only when definite and followed by a name (المتحدث … نيد برايس)
        return "named" if (names and c.definite) else "anonymous"

    def _actor(self, rng: list[int], entity: Entity | None, np: NP) -> Actor | None:
        """Affiliation: the actor of a person entity, else the most specific actor mention in the phrase."""
        if entity is not None and entity.actor is not None:
            return Actor(entity.actor.code, entity.actor.sector)
        best: ActorMention | None = None
        rank = {"person": 0, "role": 1, "institution": 2, "igo": 2, "group": 2}
        for i in rng:
            for m in self.men_at[i]:
                if best is None or rank.get(m.kind, 5) < rank.get(best.kind, 5):
                    best = m
        if best is None:
            for i in rng:
                e = self.ent_at[i]
                if e is not None and e.actor is not None:
                    return Actor(e.actor.code, e.actor.sector)
            return None
        sector = best.actor.sector
        if sector is None:
            noun = np.conjuncts[0].noun if np.conjuncts else None
            sector = noun.sector if noun is not None else None
        return Actor(best.actor.code, sector)
