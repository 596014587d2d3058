"""Build khabar/models/data/ner_newsnames.tsv: how the NER tags each word across raw news.

A name seen once in an unhelpful context is hard to recognise; the same name in thousands of
news sentences usually occurs in some clear ones ("قال الرئيس X"، "شركة X"). This script runs a
first-stage NER (the convolutional network summed with the linear CRF, as ``khabar analyze``
runs them, after the tagger) over SaudiNewsNet (up to 2015-08-08) and ANT, counts per name key
how often each label was given, and keeps keys tagged as a name at least 5% of the time (label,
ratio band). ``train_ner_nn.py`` then learns them as ``nw=`` features, so the stage-two model
knows what the news at large took a word for.

The first stage must not use ``nw`` features itself. For a fair dev measurement, tag with the
dev-run models (trained on the first 4/5 of train, with that part's lexicon); for the shipped
model, with the shipped ones (the defaults).

    python training/build_news_names.py [--nn N --crf C --lexicon L] [--words 3000000] [--out F]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_wordfreq import iter_news  # noqa: E402
from silver_ner import read_lexicon  # noqa: E402

from khabar.doc import Doc  # noqa: E402
from khabar.models import resources as R  # noqa: E402
from khabar.models.ner import NERFeaturizer, NERStage  # noqa: E402
from khabar.models.tagger import TaggerStage  # noqa: E402
from khabar.text.stage import TextStage, default_segmenter  # noqa: E402

OUT = Path("khabar/models/data/ner_newsnames.tsv")


def band(r: float) -> str:
    return "hi" if r >= 0.6 else "mid" if r >= 0.25 else "lo"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--nn", type=Path, default=None, help="ner_nn.npz (default: the shipped one)")
    ap.add_argument("--crf", type=Path, default=None, help="ner.npz (default: the shipped one)")
    ap.add_argument("--lexicon", type=Path, default=None, help="ner_lexicon.tsv (default: the shipped one)")
    ap.add_argument("--o-bias", type=float, default=None, help="O-label bias (default: the shipped model's)")
    ap.add_argument("--words", type=int, default=3_000_000)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    t0 = time.time()
    lex, names = read_lexicon(a.lexicon or R.data_path("ner_lexicon.tsv"))
    feat = NERFeaturizer(default_segmenter().lex, lex, names, news={})  # the first stage never sees nw features
    ner = NERStage(model=a.nn, kind="nn", featurizer=feat, crf_model=a.crf, o_bias=a.o_bias)
    stage, tagger = TextStage(), TaggerStage()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    n_words = 0
    for text in iter_news(a.data):
        if n_words >= a.words:
            break
        if not text.strip():
            continue
        doc = tagger(stage(Doc(text=text)))
        n_words += len(doc.tokens)
        sents = [s for s in (doc.sentence_tokens(si) for si in range(len(doc.sentences))) if s]
        if not sents:
            continue
        all_tags = ner.decoder.tag_many(sents, [ner.feats.marks(s) for s in sents])
        ner._memo.memo.clear()
        for toks, tags in zip(sents, all_tags, strict=True):
            for t, tag in zip(toks, tags, strict=True):
                if t.norm[:1].isalpha():
                    counts[R.name_key(t)][tag[2:] if tag != "O" else "O"] += 1
    n_keys = 0
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(f"# name key\tlabel:band (share of its {a.min_count}+ occurrences a first-stage NER tagged so) "
                f"over {n_words} tokens of SaudiNewsNet up to 2015-08-08 and ANT (CC BY-NC-SA 4.0); "
                f"model trained on ANERcorp (research use)\n")
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
