"""Read what the NER stage's Latin-script pass (``khabar/models/latin.py``) adds on real news.

Runs text + tagger + NER over SaudiNewsNet articles (up to 2015-08-08) that contain Latin letters
(every ``--stride``-th of them) and prints, for a seeded random sample of the entities the pass
added, the label, the name and its context, one per line, to be read and counted by hand: the
pass's precision on news unlike ANERcorp's.

    python benchmarks/latin_names_sample.py [--articles 3000] [--sample 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from _news import iter_articles

import khabar.models.ner as ner_module
from khabar.doc import Doc
from khabar.models.latin import latin_names
from khabar.pipeline import Pipeline, PipelineConfig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=3000, help="articles with Latin letters to read at most")
    ap.add_argument("--stride", type=int, default=5)
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    fired: list[tuple[str, str, str]] = []

    def watch(toks: Sequence[Any], spans: Sequence[tuple[int, int, str]], cues: Mapping[str, str],
              terms: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
        out = latin_names(toks, spans, cues, terms)
        for x, y, lab in (s for s in out if s not in spans):
            fired.append((lab, " ".join(t.text for t in toks[x:y]),
                          " ".join(t.text for t in toks[max(0, x - 6):y + 4])))
        return out

    ner_module.latin_names = watch  # type: ignore[assignment]
    pipe = Pipeline(PipelineConfig(stages=("text", "tagger", "ner")))
    seen = read = 0
    for art in iter_articles():
        text = art["content"]
        if not re.search("[A-Za-z]{2}", text):
            continue
        seen += 1
        if seen % a.stride:
            continue
        pipe(Doc(text=text[:20000]))
        read += 1
        if read >= a.articles:
            break
    print(f"{read} articles with Latin letters read; the pass added {len(fired)} entities", file=sys.stderr)
    random.seed(a.seed)
    for row in random.sample(fired, min(a.sample, len(fired))):
        print("\t".join(row))


if __name__ == "__main__":
    main()
