"""The ``pretty`` view: a readable, optionally coloured summary of one analysed document."""

from __future__ import annotations

from khabar.doc import Doc

_C = {"h": "\033[1;36m", "e": "\033[33m", "t": "\033[35m", "s": "\033[32m", "v": "\033[1;31m", "0": "\033[0m"}


def _c(key: str, s: str, color: bool) -> str:
    return f"{_C[key]}{s}{_C['0']}" if color else s


def render_pretty(doc: Doc, color: bool = False) -> str:
    """Sentences, entities, sources, events and a timeline of dated events."""
    out: list[str] = []
    out.append(_c("h", f"khabar · {doc.id[:16]} · date {doc.date or 'unknown'} · "
                  f"{len(doc.sentences)} sentences, {len(doc.text.split())} words", color))
    out.append(_c("h", "\nSentences", color))
    for i, s in enumerate(doc.sentences):
        out.append(f"  [{i}] {doc.text[s.start:s.end]}")
    out.append(_c("h", f"\nEntities ({len(doc.entities)})", color))
    for e in doc.entities:
        code = f" → {e.actor.code} {e.actor.sector or ''}".rstrip() if e.actor else ""
        out.append(f"  {_c('e', e.text, color)}  {e.label}{code}")
    out.append(_c("h", f"\nTime expressions ({len(doc.timexes)})", color))
    for t in doc.timexes:
        cal = " (hijri)" if t.calendar == "hijri" else ""
        out.append(f"  {_c('t', t.text, color)}  {t.type} {t.value}{cal}")
    out.append(_c("h", f"\nSources ({len(doc.attributions)} statements)", color))
    distinct: dict[str, tuple[str, int | None]] = {}
    for a in doc.attributions:
        key = a.source.same_as or a.id
        distinct.setdefault(key, (a.source.kind, a.source.count))
        who = a.source.text
        extra = []
        if a.source.count:
            extra.append(f"×{a.source.count}")
        if a.source.actor:
            extra.append(a.source.actor.code)
        if a.source.role:
            extra.append(f"{a.source.tenure + ' ' if a.source.tenure else ''}{a.source.role}")
        if a.status != "stated":
            extra.append(a.status)
        if a.direct:
            extra.append("quoted")
        if a.source.same_as:
            extra.append(f"= {a.source.same_as}")
        out.append(f"  {a.id} {_c('s', who, color)} [{a.source.kind}{', ' + ', '.join(extra) if extra else ''}]"
                   f" «{a.cue.text}»")
    if distinct:
        kinds: dict[str, int] = {}
        people = 0
        for k, cnt in distinct.values():
            kinds[k] = kinds.get(k, 0) + 1
            if k in ("named", "anonymous"):
                people += cnt or 1
        out.append(f"  distinct sources: {len(distinct)} (" + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
                   + f"); at least {people} people")
    out.append(_c("h", f"\nEvents ({len(doc.events)})", color))
    for v in doc.events:
        actors = "+".join(p.code or "?" for p in v.actor) or "?"
        recips = "+".join(p.code or "?" for p in v.recipient)
        date = v.date["value"] if v.date else "-"
        mode = f"/{','.join(v.mode)}" if v.mode else ""
        out.append(f"  {_c('v', v.event + mode, color)} {actors}{' → ' + recips if recips else ''}"
                   f"  [{v.status}] date {date}  «{v.trigger.text}»"
                   + (f"  per {v.attribution}" if v.attribution else ""))
    dated = sorted(((v.date["value"], v) for v in doc.events if v.date and v.date.get("timex")),
                   key=lambda dv: str(dv[0]))  # by date only: two events of one day must not compare Events
    if dated:
        out.append(_c("h", "\nTimeline", color))
        for value, v in dated:
            out.append(f"  {value:<12} {v.event} «{v.trigger.text}» [{v.status}]")
    return "\n".join(out)
