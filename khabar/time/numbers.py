"""One Arabic number parser for the time stage: digits (ASCII and Eastern, already folded by
normalisation), cardinal words (ثلاث، عشرة، مئتي، ألف، dialect تلاتة، متين), compounds with و
(ثلاثمائة وخمسين، خمسة و عشرون), multipliers (100 ألف، 3 ملايين) and ordinals (الثالث عشر،
الحادي والعشرين، ثاني، الأولى). Input is a list of normalised words (``norm_word`` forms);
every parser returns ``(value, next_index)`` so callers know how many words it used.
"""

from __future__ import annotations

from collections.abc import Sequence

# normalised forms (ة→ه, أإآ→ا, ى→ي); source: Arabic grammar (MSA and Levantine/Egyptian
# spoken forms as listed in Duckling's numeral corpus)
UNITS: dict[str, int] = {
    "صفر": 0, "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "اتنين": 2, "تنين": 2, "اثنين اثنين": 2,
    "ثلاث": 3, "ثلاثه": 3, "تلات": 3, "تلاته": 3, "تلاث": 3,
    "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7,
    "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تمن": 8, "تمانيه": 8, "تمانية": 8,
    "تسع": 9, "تسعه": 9,
}
TEN_WORDS = {"عشر": 10, "عشره": 10}
TEENS_DIALECT: dict[str, int] = {
    "حداشر": 11, "احداشر": 11, "اتناشر": 12, "اطناشر": 12, "اثناشر": 12, "تلتاشر": 13, "ثلاثطاشر": 13,
    "اربعتاشر": 14, "اربعطاشر": 14, "خمستاشر": 15, "خمسطاشر": 15, "ستاشر": 16, "سطاشر": 16,
    "سبعتاشر": 17, "سبعطاشر": 17, "تمنتاشر": 18, "تمنطاشر": 18, "تسعتاشر": 19, "تسعطاشر": 19,
}
TENS: dict[str, int] = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "تلاتين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تمانين": 80, "تسعون": 90, "تسعين": 90,
}
HUNDREDS: dict[str, int] = {
    "مائه": 100, "مئه": 100, "ميه": 100, "ميت": 100, "مائتان": 200, "مائتين": 200, "مئتان": 200,
    "مئتين": 200, "مائتي": 200, "مئتي": 200, "متين": 200, "ميتين": 200,
}
for _u, _v in (("ثلاث", 3), ("تلت", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8),
               ("ثماني", 8), ("تمن", 8), ("تسع", 9)):
    for _h in ("مائه", "مئه", "ميه", "ميت", "مية"):
        HUNDREDS[_u + _h] = _v * 100
HUNDRED_WORDS = {"مائه", "مئه", "ميه", "مية"}  # "ثلاث مائة" written apart
THOUSANDS: dict[str, tuple[int, int]] = {  # word -> (multiplier, implied count when alone)
    "الف": (1000, 1), "الفا": (1000, 1), "الفان": (1000, 2), "الفين": (1000, 2), "الفي": (1000, 2),
    "الاف": (1000, 3), "مليون": (1_000_000, 1), "مليونا": (1_000_000, 1), "مليونان": (1_000_000, 2),
    "مليونين": (1_000_000, 2), "ملايين": (1_000_000, 3), "مليار": (10**9, 1), "مليارا": (10**9, 1),
    "مليارات": (10**9, 3), "بليون": (10**9, 1),
}
FRACTIONS: dict[str, float] = {"نصف": 0.5, "نص": 0.5, "ربع": 0.25, "ثلث": 1 / 3}

# ordinals: masculine/feminine, with or without the article (callers strip ال first)
ORD_UNITS: dict[str, int] = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "احد": 1, "احدي": 1, "واحد": 1, "واحده": 1,
    "ثاني": 2, "ثانيه": 2, "ثان": 2, "اثني": 2, "اثنا": 2, "ثالث": 3, "ثالثه": 3, "رابع": 4, "رابعه": 4,
    "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7, "ثامن": 8, "ثامنه": 8,
    "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10,
}
# units that may start an ordinal only when followed by عشر/tens (احد alone is "one"/Sunday)
ORD_ONLY_COMPOUND = {"احد", "احدي", "واحد", "واحده", "اثني", "اثنا"}

ALL_NUMBER_WORDS: frozenset[str] = frozenset(
    set(UNITS) | set(TEN_WORDS) | set(TEENS_DIALECT) | set(TENS) | set(HUNDREDS) | HUNDRED_WORDS
    | set(THOUSANDS)
)


def strip_al(w: str) -> tuple[str, bool]:
    """Remove the definite article (ال) from a normalised word; report whether it was there."""
    if w.startswith("ال") and len(w) > 3:
        return w[2:], True
    return w, False


def _strip_conj(w: str) -> str | None:
    """The word without a leading و when the rest is a number word, else None."""
    if w.startswith("و") and len(w) > 2 and w[1:] in ALL_NUMBER_WORDS:
        return w[1:]
    return None


def digit_value(w: str) -> int | None:
    """Integer value of an all-digit normalised token (``١٥`` arrives as ``15``)."""
    if w.isdigit() and w.isascii():
        return int(w)
    return None


def decimal_value(w: str) -> float | None:
    """Value of a decimal written with . or ٫ (already folded to .): 7.3، ١٫٥."""
    a, sep, b = w.partition(".")
    if sep and a.isdigit() and b.isdigit() and a.isascii() and b.isascii():
        return float(w)
    return None


def parse_amount(words: Sequence[str], i: int) -> tuple[float, int] | None:
    """A cardinal or a decimal number (7.3 ثوان، ١٫٥ مليون) at ``words[i]``."""
    if i < len(words):
        d = decimal_value(words[i])
        if d is not None:
            return d, i + 1
    c = parse_cardinal(words, i)
    return (float(c[0]), c[1]) if c else None


def parse_cardinal(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """Parse a cardinal number (digits or words) starting at ``words[i]``."""
    if i >= len(words):
        return None
    w = words[i]
    d = digit_value(w)
    if d is not None:
        j = i + 1
        if j < len(words) and words[j] in THOUSANDS:
            return d * THOUSANDS[words[j]][0], j + 1
        return d, j
    total = 0
    current = 0
    j = i
    used = False
    last_kind = ""
    while j < len(words):
        w = words[j]
        conj = False
        if used and w == "و" and j + 1 < len(words) and (words[j + 1] in ALL_NUMBER_WORDS):
            j += 1
            w = words[j]
            conj = True
        elif used:
            s = _strip_conj(w)
            if s is not None:
                w = s
                conj = True
        if w in UNITS:
            if used and last_kind in {"unit", "teen"} and not conj:
                break
            if j + 1 < len(words) and words[j + 1] in TEN_WORDS and UNITS[w] > 0:
                current += UNITS[w] + 10
                j += 2
                last_kind = "teen"
            elif j + 1 < len(words) and words[j + 1] in HUNDRED_WORDS and 1 < UNITS[w] < 10:
                current += UNITS[w] * 100
                j += 2
                last_kind = "hundred"
            else:
                current += UNITS[w]
                j += 1
                last_kind = "unit"
        elif w in TEN_WORDS:
            if used and not conj:
                break
            current += 10
            j += 1
            last_kind = "unit"
        elif w in TEENS_DIALECT:
            if used and not conj:
                break
            current += TEENS_DIALECT[w]
            j += 1
            last_kind = "teen"
        elif w in TENS:
            if used and last_kind == "tens":
                break
            current += TENS[w]
            j += 1
            last_kind = "tens"
        elif w in HUNDREDS or w in HUNDRED_WORDS:
            v = HUNDREDS.get(w, 100)
            if used and last_kind in {"unit", "teen", "tens", "hundred"} and current % 100:
                break
            current += v
            j += 1
            last_kind = "hundred"
        elif w in THOUSANDS:
            mult, implied = THOUSANDS[w]
            if used and current == 0:
                break
            n = current if current else implied
            total += n * mult
            current = 0
            j += 1
            last_kind = "thousand"
        else:
            break
        used = True
    if not used:
        return None
    return total + current, j


# every word an ordinal can start with (a unit ordinal with or without ال, a tens ordinal with ال)
ORD_FIRST = frozenset(set(ORD_UNITS) | {"ال" + w for w in ORD_UNITS} | {"ال" + w for w in TENS})


def parse_ordinal(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """Parse an ordinal (الثالث، الثالثة عشرة، الحادي والعشرين، العشرين) at ``words[i]``."""
    if i >= len(words) or words[i] not in ORD_FIRST:
        return None
    w = words[i]
    if w.startswith("ال") and len(w) > 3:  # strip_al, inlined (this runs for every ordinal)
        w = w[2:]
    if w in ORD_UNITS or w in UNITS and w in ORD_ONLY_COMPOUND:
        v = ORD_UNITS.get(w, 1)
        if i + 1 < len(words) and v < 10:
            nxt = words[i + 1]
            if (nxt[2:] if nxt.startswith("ال") and len(nxt) > 3 else nxt) in TEN_WORDS:
                return v + 10, i + 2
            # الحادي والعشرين / الواحد و العشرون: only after و
            if nxt.startswith("و"):
                k = i + 1
                if nxt == "و" and i + 2 < len(words):
                    k = i + 2
                    n1 = words[k]
                else:
                    n1 = nxt[1:]
                t, _ = strip_al(n1)
                if t in TENS:
                    return v + TENS[t], k + 1
        if w in ORD_ONLY_COMPOUND:
            return None
        return v, i + 1
    if w in TENS and words[i].startswith("ال"):
        return TENS[w], i + 1
    return None


def parse_fraction(w: str) -> float | None:
    """نصف/ربع/ثلث (with or without و) as a fraction."""
    if w.startswith("و") and w[1:] in FRACTIONS:
        w = w[1:]
    return FRACTIONS.get(w)
