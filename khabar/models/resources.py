"""Shared model resources read once per process: word clusters, gazetteers, nisba adjectives.

Every file lives in ``khabar/models/data/`` and is read with ``importlib.resources`` (works from
an installed wheel, offline). Each loader returns an empty table when its file is absent so a
stripped install degrades instead of failing.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from khabar.doc import Token

DATA = "khabar.models.data"


def data_path(name: str) -> Any:
    """A Traversable for a shipped model file."""
    return resources.files(DATA).joinpath(name)


def _lines(name: str) -> Iterator[list[str]]:
    p = data_path(name)
    if not p.is_file():
        return
    raw = p.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    for line in raw.decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, ...]]:
    """Normalised word → cluster ids at increasing granularity (word2vec + k-means)."""
    return {p[0]: tuple(p[1:]) for p in _lines("clusters.tsv.gz")}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, frozenset[str]]:
    """Normalised (multi)word name → labels, from CLDR, GeoNames and iso-codes."""
    out: dict[str, set[str]] = {}
    for p in _lines("gazetteer.tsv"):
        out.setdefault(p[0], set()).add(p[1])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def actor_names() -> dict[str, frozenset[str]]:
    """Name key (tokens' keys joined by spaces) → PERS/ORG, from the actor dictionary (``ner_actors.tsv``)."""
    out: dict[str, set[str]] = {}
    for p in _lines("ner_actors.tsv"):
        if len(p) >= 2:
            out.setdefault(p[0], set()).add(p[1])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def title_cues() -> dict[str, str]:
    """Name key (without ال) of a noun that precedes a quoted title → the title's label (``title_cues.tsv``)."""
    return {p[0]: p[1] for p in _lines("title_cues.tsv") if len(p) >= 2 and p[0] != "cue"}


def latin_cues() -> dict[str, str]:
    """Stem of a noun before a Latin-script name → the name's label: the title cues (a newspaper's or a
    film's noun names a Latin name too) and ``latin_cues.tsv``."""
    return {**title_cues(), **{p[0]: p[1] for p in _lines("latin_cues.tsv") if len(p) >= 2 and p[0] != "cue"}}


def latin_terms() -> frozenset[str]:
    """Lowercased Latin-script common terms that are no name on their own (``latin_terms.tsv``)."""
    return frozenset(p[0].lower() for p in _lines("latin_terms.tsv") if p[0] != "term")


@lru_cache(maxsize=1)
def nisba() -> frozenset[str]:
    """Normalised masculine nisba adjectives (أمريكي → امريكي) naming nationalities/communities."""
    return frozenset(p[0] for p in _lines("nisba.tsv"))


@lru_cache(maxsize=1)
def news_names() -> dict[str, tuple[str, ...]]:
    """Name key → how the first-stage NER tagged it across the raw news (``nw`` features)."""
    return _news_names(_lines("ner_newsnames.tsv"))


def read_news_names(path: Path) -> dict[str, tuple[str, ...]]:
    """``news_names`` from a file other than the shipped one (training and dev runs)."""
    rows = path.read_text("utf-8").splitlines()
    return _news_names(r.split("\t") for r in rows if r and not r.startswith("#"))


def _news_names(rows: Iterable[list[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for p in rows:
        out.setdefault(p[0], []).append(p[1])
    return {k: tuple(v) for k, v in out.items()}


def read_json(name: str) -> dict[str, Any]:
    p = data_path(name)
    if not p.is_file():
        return {}
    return dict(json.loads(p.read_text("utf-8")))


# Proclitics that are never part of a name (the article ال may be: القاهرة).
TRIM_PREFIXES = frozenset(("و", "ف", "ب", "ل", "ك"))  # not the future س: no name starts with it (سيجموند)


def name_key(tok: Token) -> str:
    """A token's form for name lookups: clitics و/ب/ل… and pronoun suffixes dropped, ال kept."""
    rsegs = tok.rsegs
    if not rsegs:
        return tok.norm
    stem = tok.stem
    for s in rsegs:
        if s.form == "ال" and s.kind == "prefix":
            return "ال" + stem
    return stem


def clitic_parts(tok: Token) -> tuple[str, str, str, bool]:
    """(stem, proclitics joined by +, suffixes joined by +, whether ال is among the proclitics) in one
    pass over the segments: ``tok.stem``, ``"+".join(tok.prefixes)``, ``"+".join(tok.suffixes)``."""
    rsegs = tok.rsegs
    if not rsegs:
        return tok.norm, "", "", False
    stem = None
    pre: list[str] = []
    suf: list[str] = []
    for s in rsegs:
        kind = s.kind
        if kind == "prefix":
            pre.append(s.form)
        elif kind == "suffix":
            suf.append(s.form)
        elif kind == "stem" and stem is None:
            stem = s.form
    return (tok.norm if stem is None else stem), "+".join(pre), "+".join(suf), "ال" in pre


def name_start(tok: Token) -> int:
    """Offset where a name starting in ``tok`` begins: after و/ف/ب/ل/ك (and after لل's article)."""
    start = tok.start
    segs = tok.segments
    for i, s in enumerate(segs):
        if s.kind == "prefix" and s.form in TRIM_PREFIXES:
            start = s.end
            continue
        if s.kind == "prefix" and s.form == "ال" and i > 0 and segs[i - 1].form == "ل" and s.end - s.start == 1:
            start = s.end  # للصين: the article's alef is gone; the name starts at the stem
        break
    return start
