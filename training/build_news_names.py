"""Build khabar/models/data/ner_newsnames.tsv: how a first-stage NER tags each word across raw news.

A name seen once in an unhelpful context is hard to recognise; the same name in thousands of
news sentences usually occurs in some clear ones ("قال الرئيس X"). This script runs a first-stage
NER model (trained by ``train_ner.py --no-news-names``) over SaudiNewsNet (up to 2015-08-08),
counts per name key how often each label was given, and keeps keys tagged as a name at least
5% of the time (label, ratio band). ``train_ner.py`` then uses them as ``nw=`` features.

    nice -n 10 python training/build_news_names.py --model /tmp/ner-stage1 [--words 3000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_wordfreq import iter_news  # noqa: E402

from khabar.doc import Doc  # noqa: E402
from khabar.models import resources as R  # noqa: E402
from khabar.models.ner import NERFeaturizer, NERStage  # noqa: E402
from khabar.text.stage import TextStage, default_segmenter  # noqa: E402

OUT = Path("khabar/models/data/ner_newsnames.tsv")


def band(r: float) -> str:
    return "hi" if r >= 0.6 else "mid" if r >= 0.25 else "lo"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--model", type=Path, required=True, help="folder with a first-stage ner.npz + ner_lexicon.tsv")
    ap.add_argument("--words", type=int, default=3_000_000)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    t0 = time.time()
    rows = [line.rstrip("\n").split("\t") for line in open(a.model / "ner_lexicon.tsv", encoding="utf-8")
            if not line.startswith("#")]
    lex = {p[0]: p[1] for p in rows if len(p) == 2}
    names = {p[0]: p[1] for p in rows if len(p) == 3}
    ner = NERStage(model=a.model / "ner.npz",
                   featurizer=NERFeaturizer(default_segmenter().lex, lex, names, news={}))
    stage = TextStage()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    n_words = 0
    for text in iter_news(a.data):
        if n_words >= a.words:
            break
        doc = stage(Doc(text=text))
        n_words += len(doc.tokens)
        for si in range(len(doc.sentences)):
            toks = doc.sentence_tokens(si)
            if not toks:
                continue
            for t, tag in zip(toks, ner.tag_tokens(toks), strict=True):
                if t.norm[:1].isalpha():
                    counts[R.name_key(t)][tag[2:] if tag != "O" else "O"] += 1
    n_keys = 0
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(f"# name key\tlabel:band (share of its {a.min_count}+ occurrences a first-stage NER tagged so) "
                f"over {n_words} tokens of SaudiNewsNet (CC BY-NC-SA 4.0); model trained on ANERcorp (research use)\n")
        for key in sorted(counts):
            c = counts[key]
            n = sum(c.values())
            if n < a.min_count:
                continue
            kept = [(lab, k / n) for lab, k in c.items() if lab != "O" and k / n >= 0.05]
            for lab, r in sorted(kept):
                f.write(f"{key}\t{lab}:{band(r)}\n")
            n_keys += bool(kept)
    print(f"{n_keys} name keys from {n_words} tokens in {time.time() - t0:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
