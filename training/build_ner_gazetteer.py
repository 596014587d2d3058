"""Build khabar/models/data/ner_actors.tsv: person and organisation names from the actor dictionary.

Reads the hand-checked, sourced tables of ``khabar/actors/data/`` (office holders → PERS;
institutions, parties, IGOs/NGOs, armed groups, companies, media → ORG) and the NER-only name
lists of ``training/ner_names/`` (sports clubs, companies, banks, airlines → ORG: names that are
not political actors), runs every written
form through khabar's text stage and writes its name key (``resources.name_key`` of each token,
space-joined — what the NER featurizer looks up) with the label and the entry's source. The NER
models use membership as features (``a1=`` for one word, ``acB=``/``acI=`` marks for several).

    python training/build_ner_gazetteer.py
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from khabar.actors.dictionary import _rows
from khabar.doc import Doc
from khabar.models import resources as R
from khabar.text.stage import TextStage

OUT = Path("khabar/models/data/ner_actors.tsv")
TABLES = {"persons.tsv": "PERS", "institutions.tsv": "ORG", "igos.tsv": "ORG", "groups.tsv": "ORG",
          "companies.tsv": "ORG", "media.tsv": "ORG"}
NER_NAMES = Path(__file__).parent / "ner_names"  # NER-only lists: the label of every entry
NER_TABLES = {"clubs.tsv": "ORG", "companies.tsv": "ORG", "organisations.tsv": "ORG"}


def main() -> None:
    stage = TextStage()
    rows: dict[tuple[str, str], str] = {}
    tables = [(f"actors/{t}", resources.files("khabar.actors.data").joinpath(t).read_text("utf-8"), lab)
              for t, lab in TABLES.items()]
    tables += [(f"training/ner_names/{t}", (NER_NAMES / t).read_text("utf-8"), lab) for t, lab in NER_TABLES.items()]
    for where, text, label in tables:
        for _, rec in _rows(text, where):  # the actor dictionary's reader (form and code columns)
            for form in rec.get("form", "").split("|"):
                doc = stage(Doc(text=form.strip()))
                key = " ".join(R.name_key(t) for t in doc.tokens if t.norm[:1].isalnum())
                if len(key) > 1:
                    rows.setdefault((key, label), f"{where}: {rec.get('name', '')} ({rec.get('source', '')})")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# name key\tlabel\tsource (khabar/actors/data and training/ner_names tables; see their sources)\n")
        for (key, label), src in sorted(rows.items()):
            f.write(f"{key}\t{label}\t{src}\n")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
