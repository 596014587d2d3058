"""The attribution lexicons, compiled once into dictionaries keyed by normalised word forms.

Reporting verbs are listed once (perfect and imperfect 3ms) and inflected here for person,
gender and number (قال → قالت قالوا قالا يقول تقول يقولون …), participles (مشيراً → مشيرة،
مشيرين) likewise; source nouns get their duals and sound plurals generated so ``مسؤولان`` is
recognised as a dual of ``مسؤول``. Lookups strip proclitics (و ف ب ل ك ال) per word type, cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from khabar.doc import Token
from khabar.text.normalize import norm_word

# ---------------------------------------------------------------- lexicon entries


@dataclass(frozen=True, slots=True)
class CueForm:
    """One inflected form of a reporting verb or participle."""

    lemma: str  # normalised perfect 3ms
    gloss: str
    frames: frozenset[str]
    status: str  # stated | denied
    strict: bool  # ambiguous with a common noun/preposition: needs a complementiser right after
    fem: bool
    number: int | None  # 1, 2, or None for plural
    participle: bool = False


@dataclass(frozen=True, slots=True)
class SourceNoun:
    """A source head noun form: its lemma, class, English role gloss, sector and grammatical number."""

    lemma: str
    cls: str  # person | office | org | outlet | doc
    role: str
    sector: str | None
    number: int | None  # 1 singular, 2 dual, None plural
    ambiguous_plural: bool = False  # -ين of a noun with a sound plural: dual or plural


@dataclass(frozen=True, slots=True)
class Phrase:
    """A fixed multiword cue (وفقاً لـ، حسبما، نقلاً عن …) as normalised token forms."""

    words: tuple[str, ...]
    type: str  # according | according_verb | relay
    gloss: str
    needs_l: bool  # last word is "ل": the preposition may be a separate token or a prefix


# ---------------------------------------------------------------- closed classes (grammar)

NUMERALS: dict[str, int] = {}
for _forms, _n in (
    ("واحد واحده", 1), ("اثنان اثنين اثنتان اثنتين الاثنين الاثنان", 2),
    ("ثلاثه ثلاث", 3), ("اربعه اربع", 4), ("خمسه خمس", 5), ("سته ست", 6), ("سبعه سبع", 7),
    ("ثمانيه ثماني ثمان", 8), ("تسعه تسع", 9), ("عشره عشر", 10),
):
    for _f in _forms.split():
        NUMERALS[_f] = _n

# a complementiser: إن/أن/بأن with an optional pronoun (إنه، أنها، بأنهم)
_COMP_RE = re.compile(r"^(?:ب)?ان(?:ه|ها|هم|هما|هن|نا|ني|كم)?$")
# words after which إن/أن is not the reporting verb's complement (بعد أن، إلا أن، لأن …)
SUBORDINATORS = frozenset(norm_word(w) for w in (
    "بعد قبل منذ رغم برغم الا إلا حتى غير ذلك بما كما لو مجرد دون بدون حيث إذ اذ عوض بدلا "
    "يجب ينبغي يمكن يحتمل يتوقع يبدو المتوقع المرجح المقرر الممكن المحتمل ضرورة أهمية امكانية إمكانية "
    "من على إلى عن في حين وقت الوقت اعتبار بيد سيما لاسيما شك صحيح المعروف الواضح يعني علما العلم "
    "طالما بمجرد ريثما لحين كون".split()))
# single words that may stand between a cue and its source or content: adverbs and time words
ADVERBS = frozenset(norm_word(w) for w in (
    "أمس اليوم الليلة غدا صباح مساء ظهر عصر فجر مؤخرا سابقا لاحقا حينها آنذاك أيضا كذلك بدوره بدورها "
    "بدورهم بدورهما مجددا صراحة رسميا علنا مرارا بدوره الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت "
    "يوم الأسبوع الشهر العام عقب إثر فورا حاليا أخيرا ضمنا بوضوح تكرارا سابق".split()))
# words opening a prepositional adjunct skipped between the cue's clause parts (في بيان، خلال لقاء …)
ADJUNCT_OPENERS = frozenset(norm_word(w) for w in (
    "في خلال عبر أمام أثناء لدى عقب إثر بعد قبل أثر بمناسبة ضمن وسط داخل خارج بحضور حول بشأن "
    "إلى على عن مع ل".split()))
# NP boundaries: particles, pronouns, conjunction words, prepositions (most are adjunct openers too)
STOP_WORDS = frozenset(norm_word(w) for w in (
    "في على إلى الى عن من مع خلال عبر لدى بعد قبل أمس اليوم أيضا كذلك قد لقد الذي التي الذين اللذين "
    "اللتين اللواتي اللاتي ما لا لم لن هو هي هم هما هن لكن بل ثم أو أم حتى حيث عندما إذا إذ كما إن أن بأن "
    "ان بان وإن وأن فإن هذا هذه ذلك تلك هناك هنا كل بعض غير سوى أي كيف متى لماذا هل نحو ضد بين منذ "
    "عند حول بشأن إثر عقب أثناء وسط أمام وراء فوق تحت دون بدون رغم برغم لأن لكي كي ليس كان كانت "
    "يكون تكون كانوا وكان وكانت فقط جدا بينما بينهما بينهم ولكن وهو وهي وهم وذلك ل يجب ينبغي يمكن ليست".split()))
RELATIVES = frozenset(norm_word(w) for w in "الذي التي الذين اللذين اللتين اللواتي اللاتي من".split())
NEGATIONS = frozenset(norm_word(w) for w in "لم ولم فلم لن ولن فلن لا ولا فلا ما وما".split())
AUX = frozenset(norm_word(w) for w in "قد وقد فقد لقد كان كانت كانوا كانا وكان وكانت وكانوا فكان قبل سبق سوف".split())
QUOTE_OPEN = frozenset("«“\"„‘")
QUOTE_CLOSE = frozenset("»”\"’")
QUOTE_MARKS = QUOTE_OPEN | QUOTE_CLOSE
SAY_MASDAR = frozenset(norm_word(w) for w in "قوله قولها قولهم قولهما القول بالقول قولهن".split())
DEFINITE_PRONOUN_TAIL = frozenset(norm_word(w) for w in "نفسه نفسها ذاته ذاتها نفسهما نفسهم ذاتهم".split())


# letter names in transliterated acronyms (إن بي سي، سي إن إن): "إن" there is a letter, not a complementiser
LETTER_NAMES = frozenset(norm_word(w) for w in (
    "إي بي سي دي إف جي إتش كي إم كيو آر إس تي يو دبليو إكس واي زد إيه كيه إن إل".split()))


_CLITICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def clitic_pre(t: Token) -> tuple[str, ...]:
    """The token's proclitics (cached per word form: the text stage segments per word type)."""
    c = _CLITICS.get(t.text)
    if c is None:
        c = (t.prefixes, t.suffixes)
        if len(_CLITICS) < 300_000:
            _CLITICS[t.text] = c
    return c[0]


def clitic_suf(t: Token) -> tuple[str, ...]:
    """The token's enclitic pronouns (cached per word form)."""
    c = _CLITICS.get(t.text)
    if c is None:
        clitic_pre(t)
        c = _CLITICS.get(t.text) or (t.prefixes, t.suffixes)
    return c[1]


def is_comp(norm: str) -> bool:
    """Is this normalised word a complementiser (إن، أن، بأن، إنه، أنها …)?"""
    return bool(_COMP_RE.match(norm))


# ---------------------------------------------------------------- clitic analysis

_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
               "وب", "ول", "فب", "فل", "وك", "وبال", "فبال")


@lru_cache(maxsize=200_000)
def analyses(norm: str) -> tuple[tuple[str, str], ...]:
    """(proclitics, stem) readings of a normalised word, the bare word first; stems keep ≥ 2 letters."""
    out: list[tuple[str, str]] = []
    for p in _PROCLITICS:
        if norm.startswith(p) and len(norm) - len(p) >= 2:
            out.append((p, norm[len(p):]))
    return tuple(out)


# ---------------------------------------------------------------- inflection

def _verb_forms(perf: str, imperf: str, cls: str) -> list[tuple[str, bool, int | None]]:
    """Third-person forms (form, feminine, number) of a verb from its normalised 3ms forms."""
    p, s = perf, imperf[1:]
    out: list[tuple[str, bool, int | None]] = []
    if cls == "defective":
        out += [(p, False, 1), (p[:-1] + "ت", True, 1), (p[:-1] + "وا", False, None), (p + "ا", False, 2),
                (p[:-1] + "تا", True, 2)]
        out += [("ي" + s, False, 1), ("ت" + s, True, 1), ("ي" + s[:-1] + "ون", False, None),
                ("ي" + s + "ان", False, 2), ("ت" + s + "ان", True, 2)]
        return out
    out += [(p, False, 1), (p + "ت", True, 1), (p + "وا", False, None), (p + "و", False, None), (p + "ا", False, 2),
            (p + "تا", True, 2), (p + "ن", True, None)]
    if cls == "hollow" and len(p) >= 3:
        out.append((p[:-2] + p[-1] + "ن", True, None))
    out += [("ي" + s, False, 1), ("ت" + s, True, 1), ("ي" + s + "ون", False, None), ("ي" + s + "ان", False, 2),
            ("ت" + s + "ان", True, 2), ("ي" + s + "ن", True, None)]
    return out


def _participle_forms(part: str) -> list[tuple[str, bool, int | None]]:
    """مشيرا → مشيرا مشير مشيره مشيرين مشيرتين مشيران مشيرون مشيرات."""
    base = part[:-1] if part.endswith("ا") else part
    if base.endswith("ي") and len(base) > 3:  # نافيا → نافي, نافيه
        pass
    return [(base + "ا", False, 1), (base + "ه", True, 1), (base + "ين", False, None),
            (base + "تين", True, 2), (base + "ان", False, 2), (base + "ون", False, None), (base + "ات", True, None)]


def _noun_forms(sing: str, plurals: str) -> list[tuple[str, int | None, bool]]:
    """(form, number, ambiguous) for a source noun: singular, duals, plurals."""
    out: list[tuple[str, int | None, bool]] = [(sing, 1, False)]
    if " " in sing:
        return out
    fem = sing.endswith("ه")
    stem = sing[:-1] + "ت" if fem else sing
    sound = "+" in plurals.split(",")
    out += [(stem + "ان", 2, False)]
    if fem:
        out += [(stem + "ين", 2, False)]
        if sound:
            out += [(sing[:-1] + "ات", None, False)]
    else:
        # -ين is dual when the plural is broken, ambiguous when the noun has a sound plural
        out += [(stem + "ين", None if sound else 2, sound)]
        if sound:
            out += [(stem + "ون", None, False), (stem + "و", None, False), (stem + "ي", None, False)]
    if sing.endswith("ي"):  # nisba nouns: دبلوماسي → دبلوماسيان, دبلوماسيين, دبلوماسيون
        out += [(sing + "ان", 2, False), (sing + "ين", None, True), (sing + "ون", None, False)]
    for pl in plurals.split(","):
        pl = pl.strip()
        if pl and pl not in "+-":
            out.append((norm_word(pl), None, False))
    # indefinite accusative with tanween alif: مسؤولاً، سكاناً، شخصاً
    out += [(f + "ا", num, amb) for f, num, amb in list(out) if f[-1] not in "اهيو" and not f.endswith("ين")]
    return out


# nouns whose form + ه is far more often "noun + his" (مصدره = his source) than a feminine
_NO_FEMININE = frozenset({"مصدر", "شخص", "احد", "عضو", "ولي", "شاهد", "جندي", "عسكري", "ساكن", "قاض", "محام",
                          "ممثل", "مساعد", "نائب", "وكيل", "مرشد", "لواء", "عقيد", "عميد", "جنرال", "بابا",
                          "مفتي", "امام", "شيخ", "زعيم", "قائد", "المستشار"})


def _adjective_forms(form: str) -> list[str]:
    """Gender/number forms of a modifier adjective: سابق → سابقه سابقان سابقين سابقون سابقتين سابقات."""
    if " " in form:
        return [form]
    base = form[:-1] if form.endswith("ه") else form
    out = [form, base, base + "ه", base + "ان", base + "ين", base + "ون", base + "تان", base + "تين", base + "ات"]
    if base.endswith("ي"):
        out += [base + "ه", base + "ان", base + "ين", base + "ون"]
    return out


# ---------------------------------------------------------------- the compiled lexicon

def _rows(name: str) -> list[list[str]]:
    data = resources.files("khabar.attribution.data").joinpath(name).read_text("utf-8")
    return [line.split("\t") for line in data.splitlines() if line.strip() and not line.startswith("#")]


class Lexicon:
    """All attribution word lists, compiled into dicts over normalised forms."""

    def __init__(self) -> None:
        self.verbs: dict[str, CueForm] = {}
        self.verbs_obj: dict[str, CueForm] = {}  # forms with an object pronoun: وصفه، أعلنته، اعتبرها
        self.participles: dict[str, CueForm] = {}
        self.phrases: dict[str, list[Phrase]] = {}
        self.decline_verbs: dict[str, CueForm] = {}
        self.noresponse_verbs: dict[str, CueForm] = {}
        self.comment_objects: set[str] = set()
        self.request_nouns: set[str] = set()
        self.unreachable: set[str] = set()
        self.nouns: dict[str, SourceNoun] = {}
        self.multi_nouns: dict[str, list[tuple[tuple[str, ...], SourceNoun]]] = {}
        self.modifiers: dict[str, tuple[str, str]] = {}
        self._trig: dict[str, bool] = {}
        self._memo_verb: dict[str, tuple[str, CueForm] | None] = {}
        self._memo_verb_obj: dict[str, tuple[str, CueForm] | None] = {}
        self._memo_participle: dict[str, CueForm | None] = {}
        self._memo_noun: dict[str, tuple[str, SourceNoun] | None] = {}
        self._memo_modifier: dict[str, tuple[str, str] | None] = {}
        self._load_cues()
        self._load_phrases()
        self._load_status()
        self._load_sources()
        self._load_modifiers()
        self.name_categories: set[str] = set()
        for row in _rows("name_categories.tsv"):
            words = row[0].strip().split()
            self.name_categories.add(norm_word(words[-1]))

    def _load_cues(self) -> None:
        for row in _rows("cues.tsv"):
            perf, imperf, cls, part, frames, status, gloss = (c.strip() for c in row[:7])
            classes = set(cls.split(","))
            strict = "strict" in classes
            fr = frozenset(f for f in frames.split(",") if f and f != "-")
            p, i = norm_word(perf), norm_word(imperf)
            vcls = "defective" if "defective" in classes else ("hollow" if "hollow" in classes else "sound")
            for form, fem, num in _verb_forms(p, i, vcls):
                cf = CueForm(p, gloss, fr, status, strict, fem, num)
                self.verbs.setdefault(form, cf)
                base = form[:-1] if form.endswith("وا") else form
                if form.endswith("ي") and vcls == "defective" and form.startswith(("ي", "ت")):
                    base = form  # ينفيه
                for suf in ("ه", "ها", "هم", "هما", "هن"):
                    self.verbs_obj.setdefault(base + suf, cf)
            if part and part != "-":
                for form, fem, num in _participle_forms(norm_word(part)):
                    self.participles.setdefault(form, CueForm(p, gloss, fr, status, False, fem, num, True))

    def _load_phrases(self) -> None:
        for row in _rows("phrases.tsv"):
            phrase, typ, _status, gloss = (c.strip() for c in row[:4])
            words = tuple(norm_word(w) for w in phrase.split())
            needs_l = words[-1] == "ل"
            if needs_l:
                words = words[:-1]
            self.phrases.setdefault(words[0], []).append(Phrase(words, typ, gloss, needs_l))
        for lst in self.phrases.values():
            lst.sort(key=lambda ph: -len(ph.words))

    def _load_status(self) -> None:
        for row in _rows("status.tsv"):
            form, role, value = (c.strip() for c in row[:3])
            f = norm_word(form)
            if role == "verb_decline" or role == "verb_noresponse":
                target = self.decline_verbs if role == "verb_decline" else self.noresponse_verbs
                imperf = "ي" + f[1:] if f.startswith("ا") else "ي" + f
                if f == "رد":
                    imperf = "يرد"
                for form2, fem, num in _verb_forms(f, imperf, "sound"):
                    target.setdefault(form2, CueForm(f, value, frozenset(), value, False, fem, num))
                # jussive/imperfect of weak or doubled verbs after لم: يرد، يستجب، يعقب
                if f == "استجاب":
                    for pre, fem in (("ي", False), ("ت", True)):
                        target[pre + "ستجب"] = CueForm(f, value, frozenset(), value, False, fem, 1)
                        target[pre + "ستجيبوا"] = CueForm(f, value, frozenset(), value, False, False, None)
            elif role == "comment_object":
                self.comment_objects.add(f)
            elif role == "request_noun":
                self.request_nouns.add(f)
            elif role == "unreachable":
                self.unreachable.update({f, f[:-1], "ي" + "ت" + f[1:-1], "يت" + f[1:], "تعذر"})

    def _load_sources(self) -> None:
        for row in _rows("sources.tsv"):
            sing, plurals, cls, role, sector = (c.strip() for c in row[:5])
            s = norm_word(sing)
            sec = None if sector == "-" else sector
            if " " in s:
                words = tuple(s.split())
                noun = SourceNoun(s, cls, role, sec, 1 if cls in ("person", "office") else None)
                key = words[0][2:] if words[0].startswith("ال") else words[0]
                self.multi_nouns.setdefault(key, []).append((words, noun))
                continue
            forms = _noun_forms(s, plurals)
            if s.startswith("ال") and len(s) > 4:
                forms += [(s[2:], 1, False)]  # "الشرطة" is found in "للشرطة" and "شرطة" too
            if cls in ("person", "office") and not s.endswith("ه") and s not in _NO_FEMININE:
                # the feminine of a human noun: مستشارة، رئيسة، محامية، مستشارتان، مستشارات
                f = s + "ه" if not s.endswith("ي") or len(s) < 4 else s + "ه"
                forms += [(f, 1, False), (s + "تان", 2, False), (s + "تين", 2, False), (s + "ات", None, False)]
            for form, num, amb in forms:
                n = num if cls in ("person", "office") else None
                self.nouns.setdefault(form, SourceNoun(s, cls, role, sec, n, amb))
        for lst in self.multi_nouns.values():
            lst.sort(key=lambda x: -len(x[0]))

    def _load_modifiers(self) -> None:
        for row in _rows("modifiers.tsv"):
            form, feature, value = (c.strip() for c in row[:3])
            for f in _adjective_forms(norm_word(form)):
                self.modifiers.setdefault(f, (feature, value))

    # ------------------------------------------------------------ lookups

    def could_trigger(self, norm: str) -> bool:
        """Can this word start a cue (verb, participle, phrase, status phrase)? Cached per word type, so the
        stage pays one dictionary lookup for the great majority of tokens."""
        hit = self._trig.get(norm)
        if hit is None:
            stem = norm[1:] if norm[:1] in ("و", "ف") and len(norm) > 3 else norm
            hit = bool(self.verb(norm) or self.verb_obj(norm) or self.participle(norm)
                       or norm in self.phrases or stem in self.phrases
                       or norm in self.decline_verbs or stem in self.decline_verbs
                       or norm in self.noresponse_verbs or stem in self.noresponse_verbs
                       or stem in self.unreachable)
            if len(self._trig) < 500_000:
                self._trig[norm] = hit
        return hit

    def verb(self, norm: str) -> tuple[str, CueForm] | None:
        memo = self._memo_verb
        if norm in memo:
            return memo[norm]
        hit = self._verb(norm)
        if len(memo) < 300_000:
            memo[norm] = hit
        return hit

    def _verb(self, norm: str) -> tuple[str, CueForm] | None:
        """A reporting verb form, possibly after و/ف: (proclitic, form)."""
        for pre, stem in analyses(norm):
            if pre in ("", "و", "ف"):
                f = self.verbs.get(stem)
                if f is not None:
                    return pre, f
        return None

    def verb_obj(self, norm: str) -> tuple[str, CueForm] | None:
        memo = self._memo_verb_obj
        if norm in memo:
            return memo[norm]
        hit = self._verb_obj(norm)
        if len(memo) < 300_000:
            memo[norm] = hit
        return hit

    def _verb_obj(self, norm: str) -> tuple[str, CueForm] | None:
        """A reporting verb with an object pronoun (وصفه، أعلنته), possibly after و/ف."""
        for pre, stem in analyses(norm):
            if pre in ("", "و", "ف"):
                f = self.verbs_obj.get(stem)
                if f is not None:
                    return pre, f
        return None

    def participle(self, norm: str) -> CueForm | None:
        memo = self._memo_participle
        if norm in memo:
            return memo[norm]
        hit = self._participle(norm)
        if len(memo) < 300_000:
            memo[norm] = hit
        return hit

    def _participle(self, norm: str) -> CueForm | None:
        for pre, stem in analyses(norm):
            if pre in ("", "و"):
                f = self.participles.get(stem)
                if f is not None:
                    return f
        return None

    def noun(self, norm: str) -> tuple[str, SourceNoun] | None:
        memo = self._memo_noun
        if norm in memo:
            return memo[norm]
        hit = self._noun(norm)
        if len(memo) < 300_000:
            memo[norm] = hit
        return hit

    def _noun(self, norm: str) -> tuple[str, SourceNoun] | None:
        """A source head noun after any proclitics: (proclitics, noun)."""
        for pre, stem in analyses(norm):
            n = self.nouns.get(stem)
            if n is not None:
                return pre, n
        return None

    def noun_poss(self, norm: str) -> SourceNoun | None:
        """A source noun carrying a possessive pronoun: حزبه، والدها، أحدهم، متحدث باسمها."""
        for suf in ("هما", "هم", "ها", "ه"):
            if norm.endswith(suf) and len(norm) - len(suf) >= 2:
                base = norm[: -len(suf)]
                if base.endswith("ت"):
                    hit = self.noun(base[:-1] + "ه")
                    if hit is not None:
                        return hit[1]
                hit = self.noun(base)
                if hit is not None:
                    return hit[1]
        return None

    def modifier(self, norm: str) -> tuple[str, str] | None:
        memo = self._memo_modifier
        if norm in memo:
            return memo[norm]
        hit = self._modifier(norm)
        if len(memo) < 300_000:
            memo[norm] = hit
        return hit

    def _modifier(self, norm: str) -> tuple[str, str] | None:
        for pre, stem in analyses(norm):
            if pre in ("", "ال", "و", "وال", "ب", "بال", "لل"):
                m = self.modifiers.get(stem)
                if m is not None:
                    return m
        return None

    def stem_in(self, norm: str, words: set[str] | frozenset[str], allowed: tuple[str, ...] = ("", "ال", "و", "وال",
                                                                                                "ب", "بال", "ل", "لل")) -> bool:
        return any(pre in allowed and stem in words for pre, stem in analyses(norm))


_LEXICON: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The process-wide compiled lexicon (built on first use)."""
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = Lexicon()
    return _LEXICON
