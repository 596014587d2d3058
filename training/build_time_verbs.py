"""Build khabar/time/data/verb_aspect.tsv: verb forms that mark a clause as past or non-past.

Reads the UD Arabic-PADT v1.3 dev and test files (``Aspect=Perf`` / ``Aspect=Imp`` on VERB
tokens; clitics are already split there, so forms are bare stems), keeps forms that are verbs
of one aspect in at least 85% of their occurrences, and adds the regular inflections of each
kept form (قال → قالت قالوا قالا; يقول → تقول يقولون نقول); first-person singular imperfects
(أستقبل) are left out because, with hamza folded, they read as perfects (استقبل) that occur in the word-frequency
lexicon built from raw news. The time stage reads the table to take a bare weekday or month
back into the past (perfect verb) or forward (imperfect, with سـ/سوف/لن).

    python training/build_time_verbs.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from khabar.text.clitics import load_wordfreq
from khabar.text.normalize import norm_word

OUT = Path(__file__).resolve().parents[1] / "khabar" / "time" / "data" / "verb_aspect.tsv"


def read_padt(paths: list[Path]) -> tuple[dict[str, Counter[str]], Counter[str]]:
    aspect: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for p in paths:
        for line in p.read_text("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 6 or "-" in cols[0] or "." in cols[0]:
                continue
            form = norm_word(cols[1])
            total[form] += 1
            if cols[3] == "VERB":
                feats = dict(f.split("=", 1) for f in cols[5].split("|") if "=" in f)
                if feats.get("Aspect") in ("Perf", "Imp"):
                    aspect[form][feats["Aspect"]] += 1
    return aspect, total


def inflect(form: str, asp: str) -> set[str]:
    """Regular third/first-person inflections of a 3ms perfect or imperfect form."""
    out = {form}
    if asp == "Perf":
        stem = form[:-1] if form.endswith("ي") and len(form) > 3 else form
        out |= {form + "ت", form + "وا", form + "ا", form + "تا", stem + "وا"}
    elif form[:1] in "يت" and len(form) > 2:
        rest = form[1:]
        out |= {"ي" + rest, "ت" + rest, "ن" + rest, "ي" + rest + "ون", "ت" + rest + "ون",
                "ي" + rest + "ان", "ت" + rest + "ان"}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    args = ap.parse_args()
    ud = Path(args.data) / "ud"
    paths = [ud / "padt_v1.3_ar-ud-dev.conllu", ud / "padt_v1.3_ar-ud-test.conllu"]
    aspect, total = read_padt(paths)
    wf = load_wordfreq()
    rows: dict[str, tuple[str, int, str]] = {}
    for form, c in aspect.items():
        asp, n = c.most_common(1)[0]
        if asp == "Imp" and form[:1] == "ا":
            continue  # 1sg imperfect أستقبل = Form X perfect استقبل once hamza is folded: ambiguous
        if len(form) < 2 or n < 0.85 * total[form] or (c["Perf"] and c["Imp"] and n < 0.95 * sum(c.values())):
            continue
        rows[form] = ("PAST" if asp == "Perf" else "NONPAST", n, "padt")
        for f in inflect(form, asp):
            if f != form and f not in rows and f not in total and wf.get(f, 0) >= 5:
                rows[f] = ("PAST" if asp == "Perf" else "NONPAST", 0, "padt+inflection")
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# form\taspect\tpadt_count\tsource\n")
        fh.write("# verb forms (normalised, clitics split) and the tense they give a clause; built by\n")
        fh.write("# training/build_time_verbs.py from UD Arabic-PADT v1.3 dev+test (CC BY-NC-SA 3.0) and\n")
        fh.write("# regular inflections attested in khabar/data/wordfreq.tsv\n")
        for form in sorted(rows):
            a, n, src = rows[form]
            fh.write(f"{form}\t{a}\t{n}\t{src}\n")
    print(f"wrote {len(rows)} forms to {OUT}")


if __name__ == "__main__":
    main()
