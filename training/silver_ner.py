"""Silver NER training data: raw news sentences tagged where two different taggers agree.

Self-training for the neural NER (``train_ner_nn.py --silver``): ANERcorp train holds about
4,000 sentences, so most names a user's news contains were never seen in training. This script
runs the convolutional network and the linear CRF *separately* over news sentences (SaudiNewsNet
up to 2015-08-08 and the ANT corpus, every ``--stride``-th article for variety) and keeps a
sentence only when both give the same entity spans with the same labels. The two models err
differently (dense inputs vs sparse attributes), so their agreement is a precision filter; the
kept labels are then learned as extra training sentences.

For a fair dev measurement, tag with the models trained on the first 4/5 of train (the dev run:
``--nn`` of ``train_ner_nn.py`` without ``--full-epochs``, ``--crf`` of ``train_ner.py --dev``,
``--lexicon`` of the same 4/5); for the shipped model, with the shipped ones (the defaults).

    python training/silver_ner.py --sentences 4000 --out /tmp/silver.pkl
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_wordfreq import iter_news  # noqa: E402

from khabar.doc import Doc  # noqa: E402
from khabar.models import resources as R  # noqa: E402
from khabar.models.ner import NERFeaturizer, NERStage, bio_spans  # noqa: E402
from khabar.models.tagger import TaggerStage  # noqa: E402
from khabar.text.stage import TextStage, default_segmenter  # noqa: E402


def read_lexicon(path: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(key → BIO label, name → label) of an ``ner_lexicon.tsv`` (a path or a package Traversable)."""
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return {p[0]: p[1] for p in rows if len(p) == 2}, {p[0]: p[1] for p in rows if len(p) == 3 and p[2] == "name"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--nn", type=Path, default=None, help="ner_nn.npz (default: the shipped one)")
    ap.add_argument("--crf", type=Path, default=None, help="ner.npz (default: the shipped one)")
    ap.add_argument("--lexicon", type=Path, default=None, help="ner_lexicon.tsv (default: the shipped one)")
    ap.add_argument("--sentences", type=int, default=4000, help="silver sentences to keep")
    ap.add_argument("--stride", type=int, default=7, help="read every N-th article")
    ap.add_argument("--min-tokens", type=int, default=6)
    ap.add_argument("--max-tokens", type=int, default=60)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    t0 = time.time()
    feat = None
    if a.lexicon:
        lex, names = read_lexicon(a.lexicon)
        feat = NERFeaturizer(default_segmenter().lex, lex, names, R.news_names())
    ner = NERStage(model=a.nn, kind="nn", featurizer=feat, crf_weight=1.0, crf_model=a.crf, o_bias=0.0)
    nn, crf = ner.nn, ner.decoder.crf
    text_stage, tagger = TextStage(), TaggerStage()
    kept: list[list[tuple[list, list[str]]]] = []
    seen = agree = with_names = 0
    for k, text in enumerate(iter_news(a.data)):
        if k % a.stride or not text.strip():
            continue
        doc = tagger(text_stage(Doc(text=text)))
        sents = [doc.sentence_tokens(si) for si in range(len(doc.sentences))]
        sents = [s for s in sents if a.min_tokens <= len(s) <= a.max_tokens]
        if not sents:
            continue
        marks = [ner.feats.marks(s) for s in sents]
        t_nn = nn.tag_many(sents, marks)
        t_crf = crf.tag_many(sents, marks)
        ner._memo.memo.clear()
        for toks, x, y in zip(sents, t_nn, t_crf, strict=True):
            seen += 1
            sx = bio_spans(x)
            if sx != bio_spans(y):
                continue
            agree += 1
            with_names += bool(sx)
            kept.append([(toks, x)])
        if len(kept) >= a.sentences:
            break
        if k % 700 == 0:
            print(f"article {k}: {seen} sentences read, {agree} agree ({with_names} with names)", file=sys.stderr)
    kept = kept[: a.sentences]
    a.out.write_bytes(pickle.dumps(kept))
    print(f"{len(kept)} silver sentences of {seen} read ({agree} agreed, {with_names} with names) "
          f"in {time.time() - t0:.0f}s → {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
