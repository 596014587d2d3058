"""The publication date an article states about itself, when the caller gives none.

Read, in order: (1) a full date in a dateline — a short first line, or the head of the first
paragraph before its dash or colon ("القاهرة في 15 نوفمبر 2023 –"); (2) a full date after
"نشر في"، "تاريخ النشر"، "آخر تحديث"; (3) "اليوم (الأحد) 15 نوفمبر 2023"; (4) an explicit
"اليوم (الأحد)" together with a full date elsewhere in the text that falls on that weekday.
Otherwise None: relative expressions then stay unresolved rather than guessed.
"""

from __future__ import annotations

import datetime as dt

from khabar.doc import Doc
from khabar.time.lexicon import lexicon
from khabar.time.resolve import Resolver
from khabar.time.sem import Sem
from khabar.time.words import Cand, word_infos

_PUBLISHED = frozenset({"نشر", "النشر", "تحديث", "التحديث", "بتاريخ", "نشرت", "محدث", "منشور"})
_DASHES = frozenset({"-", "–", "—", ":", "(", "/"})


def _full_date(sem: Sem) -> dt.date | None:
    """The date of a fully specified day (day, month and year), Gregorian or Hijri."""
    if sem.day is None or sem.month is None or sem.year is None or sem.kind not in {"DATE", "TIME"}:
        return None
    _, value, _ = Resolver(None).resolve(sem)
    if not value or "X" in value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def publication_date(text: str) -> str | None:
    """ISO date the article gives for itself (dateline, "نشر في", "اليوم (الأحد) …"), or None."""
    from khabar.text.stage import TextStage
    from khabar.time.parser import Parser

    if not text.strip():
        return None
    doc = TextStage()(Doc(text=text))
    first_para_end = doc.paragraphs[0][1] if doc.paragraphs else len(text)
    first_line_short = len(doc.paragraphs) > 1 and first_para_end - doc.paragraphs[0][0] <= 80
    dated: list[tuple[int, dt.date, Cand, list[str]]] = []
    today_wd: int | None = None
    for s in doc.sentences:
        toks = doc.tokens[s.token_start:s.token_end]
        if not toks:
            continue
        norms = [t.norm for t in toks]
        infos = word_infos(norms, lexicon())
        for c in Parser(norms, infos, toks).scan():
            ci, cj, sem = c
            if sem.rel == ("day", 0) and sem.weekday_check is not None:
                if today_wd is None:
                    today_wd = sem.weekday_check
                after = Parser(norms, infos, toks).r_date(cj) if cj < len(norms) else None
                if after:
                    d = _full_date(after[1])
                    if d is not None and d.isoweekday() == sem.weekday_check:
                        return d.isoformat()
            d = _full_date(sem)
            if d is None:
                continue
            start = toks[ci].start
            before = norms[max(0, ci - 4):ci]
            if start < first_para_end and (
                    first_line_short or ci <= 5 and start < 80 and any(n in _DASHES for n in norms[cj:cj + 4])):
                return d.isoformat()
            if any(n in _PUBLISHED for n in before):
                return d.isoformat()
            dated.append((start, d, c, before))
    if today_wd is not None:
        same = sorted({d for _, d, _, _ in dated if d.isoweekday() == today_wd})
        if len(same) == 1:
            return same[0].isoformat()
    return None
