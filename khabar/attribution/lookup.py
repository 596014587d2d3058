"""Which statement reports a given place in the text: used by the events stage for ``event.attribution``."""

from __future__ import annotations

from khabar.doc import Doc


def attribution_for(doc: Doc, offset: int) -> str | None:
    """The id of the attribution whose content covers ``offset`` (the innermost when nested), else of a
    cue-last or status statement made in the same sentence as ``offset``, else None."""
    best: tuple[int, str] | None = None
    for a in doc.attributions:
        c = a.content
        if c is not None and c.start <= offset < c.end:
            size = c.end - c.start
            if best is None or size < best[0]:
                best = (size, a.id)
    if best is not None:
        return best[1]
    if not doc.sentences:
        return None
    si = doc.sentence_of(offset)
    s = doc.sentences[si]
    for a in doc.attributions:
        if s.start <= a.cue.start < s.end and a.content is None and a.status == "stated":
            return a.id
    return None
