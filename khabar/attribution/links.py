"""Attribution output: quotes continued over sentences, ids in text order, ``same_as`` links between
mentions of one source, and the context country for sources the text does not affiliate.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from khabar.attribution.base import QUOTE_OPEN, FinderBase, Rec
from khabar.attribution.lexicon import DEFINITE_PRONOUN_TAIL
from khabar.doc import Actor, Attribution, Doc, Source, Span, make_span


class Linker(FinderBase):
    """Turns the finder's records into :class:`khabar.doc.Attribution` objects."""

    # ------------------------------------------------------------ quotes over several sentences

    def _extend_quotes(self) -> None:
        """A quoted sentence right after a direct statement, with no cue of its own, continues it."""
        sents = self.doc.sentences
        cue_sents = {r.sent for r in self.recs}
        for r in self.recs:
            if not r.direct or r.content is None:
                continue
            si = r.sent
            while si + 1 < len(sents) and sents[si + 1].para == r.para and si + 1 not in cue_sents:
                s = sents[si + 1]
                first = self.toks[s.token_start] if s.token_end > s.token_start else None
                if first is None or first.text not in QUOTE_OPEN:
                    break
                close = self._close_quote(s.token_start)
                if close is None or close >= s.token_end:
                    break
                r.content = (r.content[0], self.toks[close - 1].end)
                si += 1

    # ------------------------------------------------------------ ids, links, output

    def _finish(self) -> list[Attribution]:
        recs = sorted(self.recs, key=lambda r: (r.cue[0], self.recs.index(r)))
        for n, r in enumerate(recs, 1):
            r.id = f"a{n}"
        for idx, r in enumerate(recs):
            if r.continues is not None:
                r.same_as = r.continues.same_as or r.continues
                continue
            if r.src is None:
                continue
            for prev in reversed(recs[:idx]):
                if prev.src is not None and prev.continues is None and self._same(prev, r):
                    r.same_as = prev.same_as or prev
                    break
        out: list[Attribution] = []
        text = self.text
        for r in recs:
            if r.src is not None and r.desc.actor is None and self.doc.actor_mentions and r.desc.cls != "outlet" \
                    and r.desc.kind != "unknown":
                code = self._context_code(r.para)
                if code is not None:
                    r.desc = dataclasses.replace(r.desc, actor=Actor(code, r.desc.sector))
            cue = make_span(text, *r.cue)
            if r.src is None:
                src = Source(cue.start, cue.end, cue.text, "unknown")
            else:
                d = r.desc
                s = make_span(text, *r.src)
                src = Source(s.start, s.end, s.text, d.kind, d.count, d.actor, d.role, d.tenure, d.entity,
                             r.same_as.id if r.same_as is not None and r.same_as is not r else None)
            content: Span | None = make_span(text, *r.content) if r.content is not None else None
            if r.status in ("declined_to_comment", "no_response"):
                content = None
            out.append(Attribution(r.id, cue, src, content, r.direct and content is not None, r.status))
        return out

    def _context_code(self, para: int) -> str | None:
        """The country a story is set in, for sources the text does not affiliate ("السلطات"، "مصادر طبية"):
        the most frequent state among actor mentions up to this paragraph, the dateline and this paragraph
        weighted higher."""
        cached = self._ctx.get(para)
        if cached is not None or para in self._ctx:
            return cached
        counts: dict[str, float] = {}
        sents = self.doc.sentences
        first_end = sents[0].end if sents else 0
        pspan = self.doc.paragraphs[para] if para < len(self.doc.paragraphs) else (0, len(self.text))
        for m in self.doc.actor_mentions:
            if m.start >= pspan[1] or m.actor.code in ("IGO", "") or len(m.actor.code) != 3:
                continue
            w = 1.0
            if m.start < first_end and m.start < 40:
                w = 3.0  # the dateline: "بيروت (رويترز) -"
            elif m.start >= pspan[0]:
                w = 2.0
            counts[m.actor.code] = counts.get(m.actor.code, 0.0) + w
        best = max(counts.items(), key=lambda kv: kv[1])[0] if counts else None
        self._ctx[para] = best
        return best

    def _same(self, a: Rec, b: Rec) -> bool:
        """Does b's source repeat a's (same person, organisation or described group)?"""
        da, db = a.desc, b.desc
        if da.kind != db.kind and not {da.kind, db.kind} <= {"named", "anonymous"}:
            return False
        if da.entity and db.entity and da.entity == db.entity:
            return True
        if a.src is not None and b.src is not None and _norm_key(self.doc, a.src) == _norm_key(self.doc, b.src):
            return da.kind != "anonymous" or db.definite or _definite_tail(self.doc, b.src)
        if db.kind == "named" and da.kind == "named":
            return bool(db.names) and set(db.names) <= set(da.names)
        if db.kind == "anonymous" and da.kind == "anonymous":
            if not (db.definite or _definite_tail(self.doc, b.src)) or db.numeral:
                return False
            if da.head != db.head or da.count != db.count:
                return False
            if da.actor and db.actor and da.actor.code != db.actor.code:
                return False
            if da.domains and db.domains and not (da.domains & db.domains):
                return False
            if da.tenure != db.tenure and da.tenure and db.tenure:
                return False
            return not (da.descriptors and db.descriptors and not (da.descriptors & db.descriptors))
        if da.kind == "organization" and db.kind == "organization":
            return bool(da.actor and db.actor and da.actor.code == db.actor.code and da.head == db.head
                        and da.actor.sector == db.actor.sector)
        return False


@lru_cache(maxsize=50_000)
def _key_of(text: str) -> str:
    from khabar.text.normalize import norm_word
    words = []
    for w in text.split():
        n = norm_word(w)
        for p in ("وال", "بال", "لل", "ال", "و", "ل", "ب"):
            if n.startswith(p) and len(n) - len(p) >= 2:
                n = n[len(p):]
                break
        words.append(n)
    return " ".join(words)


def _norm_key(doc: Doc, span: tuple[int, int] | None) -> str:
    """The normalised words of a span without leading clitics, for comparing mentions."""
    if span is None:
        return ""
    return _key_of(doc.text[span[0]:span[1]])


def _definite_tail(doc: Doc, span: tuple[int, int] | None) -> bool:
    """"المصدر نفسه" / "هذا المسؤول": a mention marked as already known."""
    if span is None:
        return False
    from khabar.text.normalize import norm_word
    ws = [norm_word(w) for w in doc.text[span[0]:span[1]].split()]
    return bool(ws) and (ws[-1] in DEFINITE_PRONOUN_TAIL or ws[0] in ("هذا", "هذه", "هذان", "هؤلاء"))
