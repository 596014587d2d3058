"""Event status from the words around an event: a cue lexicon and a scope mechanism over tokens.

Each cue (``data/status_cues.tsv``) has a status and a scope:

- ``next`` / ``next-impf`` / ``next-perf``: the next event word (or the support verb governing
  one) right after the cue — لم يلتقوا، لن يزور، قد يجري محادثة، سوف;
- ``clause``: the complement to the right of the cue up to a breaker (لكن، عندما، بعد أن …, a
  reporting verb, the sentence end) — تأمل في، من المتوقع أن، طلبت عقد، نفى أن، اتفقا على أن;
- ``target``: the event word the cue governs, its object to the right or its subject to the
  left in the same clause — ألغى الزيارة، الرحلة … ألغيت، تأجيل الاجتماع;
- ``adj``: the event noun right before it — القيود القادمة، الاجتماع المرتقب.

An event takes the status of the most specific, nearest cue covering it; an event no cue
covers takes its status from grammar (سـ or an imperfect with a future date → expected).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from khabar.errors import KhabarError
from khabar.events.lexicon import shipped_text
from khabar.events.morph import Analyzer, noun_forms, verb_forms
from khabar.text.normalize import norm_word

STATUSES = ("asserted", "expected", "planned", "hoped", "possible", "requested", "negated", "cancelled", "denied")
SCOPES = ("next", "next-impf", "next-perf", "clause", "target", "adj", "-")


@dataclass(frozen=True, slots=True)
class Cue:
    words: tuple[str, ...]  # normalised words (W cues) or the head lemma
    pos: str  # W | V | N
    status: str  # a status, BREAK (scope breaker) or REPORT (reporting verb)
    scope: str
    note: str = ""


@dataclass(slots=True)
class CueHit:
    """A cue found in a sentence: token span [start, end) and the cue."""

    start: int
    end: int
    cue: Cue
    tense: str = ""


REPORT_VERBS = (
    "قال/يقول", "اضاف/يضيف", "اكد/يؤكد", "اوضح/يوضح", "اشار/يشير", "ذكر/يذكر", "صرح/يصرح",
    "كشف/يكشف", "افاد/يفيد", "تابع/يتابع", "لفت/يلفت", "شدد/يشدد", "اعتبر/يعتبر", "راى/يرى",
    "اعلن/يعلن", "ابلغ/يبلغ", "نقل/ينقل", "زعم/يزعم", "ادعى/يدعي", "اعرب/يعرب",
)


class CueLexicon:
    """Cue words (fixed word sequences) and cue verbs/nouns (inflected, clitic-aware)."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.words: dict[str, list[Cue]] = {}
        self.analyzer: Analyzer[Cue] = Analyzer()
        for c in cues:
            if c.pos == "W":
                self.words.setdefault(c.words[0], []).append(c)
            elif c.pos == "V":
                perf, _, impf = c.words[0].partition("/")
                self.analyzer.add(verb_forms(perf, impf or "-"), c)
            else:
                parts = c.words[0].split("/")
                self.analyzer.add(noun_forms(parts[0], parts[1:]), c)
        for v in REPORT_VERBS:
            perf, _, impf = v.partition("/")
            self.analyzer.add(verb_forms(perf, impf), Cue((v,), "V", "REPORT", "-", "reporting verb"))
        for ws in self.words.values():
            ws.sort(key=lambda c: -len(c.words))
        self.at = lru_cache(maxsize=200_000)(self._at)

    @classmethod
    def load(cls) -> CueLexicon:
        cues: list[Cue] = []
        for i, line in enumerate(shipped_text("status_cues.tsv").splitlines(), 1):
            if not line.strip() or line.startswith("#") or line.startswith("cue\t"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                raise KhabarError("K012", f"status_cues.tsv:{i}: needs cue, pos, status, scope")
            text, pos, status, scope = (c.strip() for c in cols[:4])
            if status not in STATUSES and status not in ("BREAK", "REPORT"):
                raise KhabarError("K012", f"status_cues.tsv:{i}: unknown status {status!r}")
            if scope not in SCOPES:
                raise KhabarError("K012", f"status_cues.tsv:{i}: unknown scope {scope!r}")
            words = tuple(norm_word(w) for w in text.split()) if pos == "W" else (text,)
            cues.append(Cue(words, pos, status, scope, cols[4] if len(cols) > 4 else ""))
        return cls(cues)

    def _at(self, w: str) -> tuple[tuple[Cue, ...], tuple[Cue, str] | None]:
        """Word cues that may start at a word, and its cue-verb/noun reading (cached per word type)."""
        ws: list[Cue] = []
        for cand in (w, w[1:] if len(w) > 2 and w[0] in "وف" else ""):
            ws.extend(self.words.get(cand, ()))
        reading = None
        if len(w) > 2:
            ans = self.analyzer.analyses(w)
            if ans:
                a = ans[0]
                reading = (a.item, a.form.tense if a.form.pos == "V" else "N")
        return tuple(ws), reading

    def find(self, norms: Sequence[str]) -> list[CueHit]:
        """All cues in a sentence given its tokens' normalised forms."""
        out: list[CueHit] = []
        n = len(norms)
        at = self.at
        i = 0
        while i < n:
            ws, reading = at(norms[i])
            hit: CueHit | None = None
            for c in ws:
                k = len(c.words)
                if i + k <= n and all(norms[i + j] == c.words[j] for j in range(1, k)):
                    hit = CueHit(i, i + k, c)
                    break
            if hit is None and reading is not None:
                hit = CueHit(i, i + 1, reading[0], reading[1])
            if hit:
                out.append(hit)
                i = hit.end
            else:
                i += 1
        return out


_SPECIFIC = {"target": 0, "adj": 0, "next": 1, "next-impf": 1, "next-perf": 1, "clause": 2}


def status_scopes(
    cues: Sequence[CueHit], n: int, is_event: Sequence[bool], tense: Sequence[str],
    governs: dict[int, list[int]], subject_left: dict[int, int], clause_starts: Sequence[int] = (),
    stops: dict[int, int] | None = None,
) -> dict[int, tuple[int, int, str]]:
    """For each token index holding an event, the covering cue as (specificity, distance, status).

    ``is_event[i]``: token i starts an event trigger (or a support verb); ``tense[i]``: "perf",
    "impf", "juss" or "" (nouns); ``governs[i]``: event tokens a support verb at i carries (its
    object noun events); ``subject_left[i]``: an event noun that is the subject of the verb at i;
    ``stops[k]``: an earlier end for the clause scope of the cue starting at k.
    """
    best: dict[int, tuple[int, int, str]] = {}
    breaks = sorted({c.start for c in cues if c.cue.status in ("BREAK", "REPORT")} | set(clause_starts))

    def put(j: int, spec: int, dist: int, status: str) -> None:
        cur = best.get(j)
        if cur is None or (spec, dist) < cur[:2]:
            best[j] = (spec, dist, status)
        for g in governs.get(j, ()):
            put(g, spec, dist, status)

    for c in cues:
        st, scope = c.cue.status, c.cue.scope
        if st in ("BREAK", "REPORT"):
            continue
        spec = _SPECIFIC.get(scope, 2)
        if scope.startswith("next"):
            for j in range(c.end, min(n, c.end + 3)):
                if is_event[j]:
                    t = tense[j]
                    if scope == "next-impf" and t not in ("impf", "juss"):
                        break
                    if scope == "next-perf" and t != "perf":
                        break
                    put(j, spec, j - c.end, st)
                    break
        elif scope == "adj":
            for j in range(c.start - 1, max(-1, c.start - 3), -1):
                if is_event[j] and tense[j] == "":
                    put(j, spec, c.start - j, st)
                    break
        elif scope == "target":
            done = False
            for j in range(c.end, min(n, c.end + 3)):
                if is_event[j] and tense[j] == "":
                    put(j, spec, j - c.end, st)
                    done = True
                    break
            if not done and c.start in subject_left:
                j = subject_left[c.start]
                put(j, spec, c.start - j, st)
            elif not done:
                for j in range(c.start - 1, max(-1, c.start - 6), -1):
                    if j in breaks:
                        break
                    if is_event[j] and tense[j] == "":
                        put(j, spec, c.start - j, st)
                        break
        else:  # clause: up to the next breaker or reporting verb
            stop = next((b for b in breaks if b >= c.end), n)
            if stops and c.start in stops:  # the caller knows where this cue's clause ends
                stop = min(stop, stops[c.start])
            for j in range(c.end, stop):
                if is_event[j]:
                    put(j, spec, j - c.end, st)
    return best
