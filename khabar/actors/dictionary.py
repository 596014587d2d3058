"""Actor dictionary files: reading the shipped TSV tables and users' own files.

Every table is a TSV with a header line naming its columns (any order; ``#`` lines are
comments). Columns:

- ``form`` (required): the Arabic words, spelling variants separated by ``|``. A form that
  starts with ``~`` is an adjective *base* (masculine singular nisba, e.g. ``~أمريكي``): it
  matches every gender/number/article form (أمريكية، الأمريكيون، الأمريكيين …).
- ``code`` (required): ISO 3166-1 alpha-3, ``IGO``, ``NGO``, or several codes joined by ``+``
  for an ad-hoc group of states (``USA+GBR+FRA+RUS+CHN+DEU``).
- ``sector``: PLOVER sector (GOV MIL COP JUD LEG PTY REB OPP BUS MED CVL REL SPY …) or empty.
- ``name``: English name. ``kind``: country capital place adjective institution igo group
  media person party ngo company members (default ``institution``).
- ``start`` / ``end``: dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) bounding when the row
  holds (an office term); empty = open.
- ``cue``: the name of a cue set (``geo``, ``media``, ``org``) that must precede a bare
  mention (for names that are also common words: مالي، العربية، فتح).
- ``office``: what the row's person held (shown by ``khabar actors lookup``).
- ``source``: where the fact comes from (a library or a page).

Rows of a user file override shipped rows with the same normalised form.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from khabar.errors import KhabarError
from khabar.text.normalize import norm_word
from khabar.text.tokenize import TOKEN_RE

DATA_PACKAGE = "khabar.actors.data"
# the shipped tables, in priority order (earlier wins when a form is ambiguous)
SHIPPED = (
    "persons.tsv", "institutions.tsv", "igos.tsv", "groups.tsv", "media.tsv", "members.tsv", "companies.tsv",
    "countries.tsv", "places.tsv",
)
KINDS = {"country", "capital", "place", "adjective", "institution", "igo", "group", "media",
         "person", "party", "members", "ngo", "company"}
LABELS = {
    "country": "GPE", "capital": "GPE", "place": "GPE", "adjective": "NORP", "institution": "ORG",
    "igo": "ORG", "group": "ORG", "media": "ORG", "party": "ORG", "ngo": "ORG", "person": "PERSON",
    "members": "ORG", "company": "ORG",
}


_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _pad(d: str, end: bool) -> str:
    """Expand ``YYYY`` / ``YYYY-MM`` to a comparable ``YYYY-MM-DD`` bound."""
    d = d.strip()
    if not d:
        return "9999-12-31" if end else "0000-01-01"
    if len(d) == 4:
        return d + ("-12-31" if end else "-01-01")
    if len(d) == 7:
        return d + ("-31" if end else "-01")
    return d[:10]


@dataclass(slots=True)
class Entry:
    """One dictionary row for one surface form (variants are separate Entries sharing ``row``)."""

    form: str  # as written in the file
    key: tuple[str, ...]  # normalised token keys (adjective tokens prefixed with ~)
    code: str
    sector: str | None
    name: str | None
    kind: str
    start: str
    end: str
    cue: str | None
    office: str | None
    source: str
    origin: str  # file it came from
    row: int  # row number within the file (priority)
    user: bool = False

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(self.code.split("+")) if "+" in self.code else ()

    @property
    def dated(self) -> bool:
        return self.start != "0000-01-01" or self.end != "9999-12-31"

    def holds_on(self, date: str) -> bool:
        return self.start <= date <= self.end


def form_key(form: str) -> tuple[str, ...]:
    """Normalised token keys of a dictionary form; a word written ``~X`` is an adjective base."""
    out: list[str] = []
    for word in form.split():
        adj = word.startswith("~")
        for m in TOKEN_RE.finditer(word.lstrip("~")):
            n = norm_word(m.group())
            out.append("~" + n if adj and n[:1].isalpha() else n)
    return tuple(out)


def _rows(text: str, origin: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number in the file, row) for every data row; comment and blank lines skipped."""
    text = text.lstrip("\ufeff")  # a byte-order mark from spreadsheet exports
    numbered = [(n, ln) for n, ln in enumerate(text.splitlines(), 1)
                if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        return
    reader = csv.DictReader(io.StringIO("\n".join(ln for _, ln in numbered)), delimiter="\t", quoting=csv.QUOTE_NONE)
    fields = reader.fieldnames or []
    if "form" not in fields or "code" not in fields:
        raise KhabarError("K012", f"{origin}: an actor file needs a header line with at least 'form' and 'code' columns")
    for (n, _), row in zip(numbered[1:], reader, strict=False):
        yield n, {k: (v or "").strip() for k, v in row.items() if k is not None}


def parse_table(text: str, origin: str, user: bool = False) -> list[Entry]:
    """Parse one actor table (see the module docstring for its columns)."""
    out: list[Entry] = []
    for line_no, r in _rows(text, origin):
        code = r.get("code", "").upper()
        forms = [f.strip() for f in r.get("form", "").split("|") if f.strip()]
        if not forms:
            continue
        if not code or not all(c.isalnum() for c in code.split("+")):
            raise KhabarError("K012", f"{origin}:{line_no}: bad or empty code {r.get('code')!r}")
        kind = r.get("kind") or ("members" if "+" in code else "institution")
        if kind not in KINDS:
            raise KhabarError("K012", f"{origin}:{line_no}: unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})")
        for d in (r.get("start", ""), r.get("end", "")):
            if d and not _DATE_RE.match(d):
                raise KhabarError("K012", f"{origin}:{line_no}: bad date {d!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
        for f in forms:
            key = form_key(f)
            if not key:
                continue
            out.append(Entry(
                form=f, key=key, code=code, sector=(r.get("sector") or "").upper() or None,
                name=r.get("name") or None, kind=kind,
                start=_pad(r.get("start", ""), False), end=_pad(r.get("end", ""), True),
                cue=r.get("cue") or None, office=r.get("office") or None,
                source=r.get("source") or ("user file " + origin if user else ""),
                origin=origin, row=line_no, user=user,
            ))
    return out


def load_shipped(names: Iterable[str] = SHIPPED) -> list[Entry]:
    """Every entry of the shipped tables (missing tables are skipped)."""
    out: list[Entry] = []
    base = resources.files(DATA_PACKAGE)
    for name in names:
        f = base.joinpath(name)
        if not f.is_file():
            continue
        out.extend(parse_table(f.read_text("utf-8"), name))
    return out


def load_user_file(path: str | Path) -> list[Entry]:
    """A user's actor TSV (``khabar analyze --actors FILE``); K012 when unreadable."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise KhabarError("K012", f"{p}: actor file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise KhabarError("K012", f"{p}: cannot read actor file ({e.__class__.__name__})") from None
    return parse_table(text, str(p), user=True)


@dataclass(slots=True)
class Role:
    """A role-lexicon phrase: a title or body (وزير الدفاع، الجيش، نظير) and its sector."""

    form: str
    key: tuple[str, ...]
    type: str  # head | complement | qualifier
    sector: str | None
    english: str | None
    of_person: bool  # "إدارة بايدن": the head takes the country of a following person
    source: str
    home: bool = False  # without a nationality it may stand for the article's home country (السلطات)
    body: bool = False  # a body or officials: "في" + a place right after names whose (السلطات في بكين)


def _inflect(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Sound plural, dual and feminine forms of a role's first word (مسؤول → مسؤولون/مسؤولي/مسؤولة …)."""
    w = key[0]
    if w.endswith("ه"):  # feminine noun: حكومه → حكومات، حكومتان، حكومتين
        ends: tuple[str, ...] = ("ات", "تان", "تين")
        stem = w[:-1]
    else:  # masculine: + feminine, sound plurals (with construct ـو/ـي), dual
        ends = ("ه", "ون", "ين", "و", "ي", "ان", "ا", "ات", "تان", "تين")
        stem = w
    return [key] + [(stem + e,) + key[1:] for e in ends]


def load_roles(name: str = "roles.tsv") -> list[Role]:
    """The role lexicon (titles, bodies, qualifiers), each with its sector and source."""
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    out: list[Role] = []
    for r in reader:
        r = {k: (v or "").strip() for k, v in r.items() if k is not None}
        for f in r["form"].split("|"):
            f = f.strip()
            if not f:
                continue
            key = form_key(f)
            keys = _inflect(key) if r.get("inflect") == "1" else [key]
            for k in keys:
                out.append(Role(f, k, r.get("type") or "head", r.get("sector") or None, r.get("english") or None,
                                r.get("of_person") == "1", r.get("source", ""), r.get("home") == "1",
                                r.get("body") == "1"))
    return out


def load_cues(name: str = "cues.tsv") -> dict[str, frozenset[str]]:
    """Cue sets: words that must precede a bare ambiguous name (set name -> normalised words)."""
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text("utf-8")
    out: dict[str, set[str]] = {}
    for ln in text.splitlines():
        if not ln.strip() or ln.startswith("#") or ln.startswith("set\t"):
            continue
        parts = ln.split("\t")
        if len(parts) >= 2:
            out.setdefault(parts[0], set()).update(norm_word(w.strip()) for w in parts[1].split("|") if w.strip())
    return {k: frozenset(v) for k, v in out.items()}
