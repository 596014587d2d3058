"""Train the NER CRF on ANERcorp (CAMeL train split) and write it into khabar/models/data/.

Sentences are run through khabar's own text stage (the tokens the model sees at analysis
time); each token takes the ANERcorp tag of the word it starts in. Name-lexicon features are
built jackknife-style (each fold sees only the names of the other folds) so the CRF learns how
far to trust a name seen before; the shipped lexicon holds all training names. The script then
scores the model on the CAMeL test split through the pipeline (``khabar eval ner``) and writes
``ner.npz`` (the CRF's weights for the numpy decoder), ``ner_lexicon.tsv`` and the record
``ner.json``. Two stages (the second uses
how the first tags names across raw news, see ``build_news_names.py``):

    nice -n 10 python training/train_ner.py --no-news-names --out /tmp/ner-stage1
    nice -n 10 python training/build_news_names.py --model /tmp/ner-stage1
    nice -n 10 python training/train_ner.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pycrfsuite

from khabar.doc import Doc, Token
from khabar.eval.ner import evaluate, read_anercorp, sentence_text
from khabar.models import resources as R
from khabar.models.crf import export
from khabar.models.ner import NERFeaturizer, NERStage, bio_spans
from khabar.models.tagger import TaggerStage
from khabar.text.stage import TextStage, default_segmenter

OUT = Path("khabar/models/data")
FOLDS = 5


def tokens_and_labels(sent: list[tuple[str, str]], stage: TextStage,
                      tagger: Any = None) -> list[tuple[list[Token], list[str]]]:
    """khabar's tokens for an ANERcorp sentence, per khabar sentence, with BIO labels."""
    text, spans = sentence_text(sent)
    doc = stage(Doc(text=text))
    if tagger is not None:
        doc = tagger(doc)
    owner = {}
    for gi, (a, b) in enumerate(spans):
        for c in range(a, b):
            owner[c] = gi
    out = []
    seen_first: set[int] = set()
    for si in range(len(doc.sentences)):
        toks = doc.sentence_tokens(si)
        labs = []
        for t in toks:
            gi = owner.get(t.start, -1)
            tag = sent[gi][1] if gi >= 0 else "O"
            if tag.startswith("B-") and gi in seen_first:
                tag = "I-" + tag[2:]
            seen_first.add(gi)
            labs.append(tag)
        if toks:
            out.append((toks, labs))
    return out


def build_lexicon(seqs: list[tuple[list[Token], list[str]]]) -> tuple[dict[str, str], dict[str, str]]:
    """Name key → its majority training tag (for keys seen at least once in a name), and
    multiword names (keys joined by spaces) → label."""
    tags: dict[str, Counter[str]] = defaultdict(Counter)
    names: Counter[tuple[str, str]] = Counter()
    for toks, labs in seqs:
        keys = [R.name_key(t) for t in toks]
        for k, lab in zip(keys, labs, strict=True):
            tags[k][lab] += 1
        for a, b, lab in bio_spans(labs):
            if b - a >= 2:
                names[(" ".join(keys[a:b]), lab)] += 1
    lex = {}
    for k, c in tags.items():
        if any(t != "O" for t in c):
            lex[k] = c.most_common(1)[0][0]
    best: dict[str, tuple[int, str]] = {}
    for (name, lab), n in names.items():
        if n > best.get(name, (0, ""))[0]:
            best[name] = (n, lab)
    return lex, {k: v[1] for k, v in best.items()}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def write_lexicon(seqs: list[tuple[list[Token], list[str]]], path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write ``ner_lexicon.tsv`` (name keys' majority tags and multiword names of ``seqs``); return both."""
    lex, names = build_lexicon(seqs)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# name key\tmajority BIO tag in ANERcorp train (research use) | multiword name\tlabel\tname\n")
        for k, v in sorted(lex.items()):
            fh.write(f"{k}\t{v}\n")
        for k, v in sorted(names.items()):
            fh.write(f"{k}\t{v}\tname\n")
    return lex, names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--c1", type=float, default=0.03)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dev", action="store_true",
                    help="hold out the last fifth of train, train on the rest and choose the O-label bias on it")
    ap.add_argument("--o-bias", type=float, default=0.25,
                    help="subtracted from the O label's score at decoding (chosen with --dev; kept in ner.json)")
    ap.add_argument("--no-news-names", action="store_true",
                    help="first stage: ignore ner_newsnames.tsv (build_news_names.py needs this model)")
    a = ap.parse_args()
    t0 = time.time()
    train_path = a.data / "anercorp" / "ANERCorp_CamelLab_train.txt"
    test_path = a.data / "anercorp" / "ANERCorp_CamelLab_test.txt"
    stage = TextStage()
    sents = list(read_anercorp(train_path))
    tagger = TaggerStage()  # POS features: the shipped tagger (trained on PADT) runs first
    chunks = [tokens_and_labels(s, stage, tagger) for s in sents]
    dev_sents: list[list[tuple[str, str]]] = []
    if a.dev:
        cut = len(chunks) * (FOLDS - 1) // FOLDS
        dev_sents, sents, chunks = sents[cut:], sents[:cut], chunks[:cut]
    n = len(chunks)
    bounds = [n * i // FOLDS for i in range(FOLDS + 1)]
    freq = default_segmenter().lex
    news = {} if a.no_news_names else R.news_names()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tok = 0
    for f in range(FOLDS):
        others = [seq for i in range(n) if not bounds[f] <= i < bounds[f + 1] for seq in chunks[i]]
        lex, names = build_lexicon(others)
        feat = NERFeaturizer(freq, lex, names, news)
        for i in range(bounds[f], bounds[f + 1]):
            for toks, labs in chunks[i]:
                trainer.append(feat.sentence(toks), labs)
                n_tok += len(toks)
    print(f"features built for {n_tok} tokens in {time.time() - t0:.0f}s", file=sys.stderr)
    params = {"c1": a.c1, "c2": a.c2, "max_iterations": a.iters, "feature.possible_transitions": True}
    trainer.set_params(params)
    a.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp()) / "ner.crfsuite"
    trainer.train(str(tmp))
    model = a.out / "ner.npz"
    sizes = export(tmp, model)
    print(f"trained in {time.time() - t0:.0f}s: {sizes}", file=sys.stderr)
    lex, names = write_lexicon([seq for ch in chunks for seq in ch], a.out / "ner_lexicon.tsv")
    ner = NERStage(model=model, kind="crf", featurizer=NERFeaturizer(freq, lex, names, news), o_bias=a.o_bias)

    def pipe(doc: Doc) -> Doc:
        return ner(tagger(stage(doc)))

    if a.dev:
        dev = a.out / "dev.txt"
        dev.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in s) for s in dev_sents) + "\n", encoding="utf-8")
        grid = {}
        for bias in (0.0, 0.25, 0.5, 0.75, 1.0, 1.5):
            ner.set_o_bias(bias)
            grid[bias] = evaluate(dev, pipeline=pipe)["f1"]
            print(f"O bias {bias}: dev F1 {grid[bias]}", file=sys.stderr)
        dev.unlink()
        best = max(grid, key=lambda b: grid[b])
        (a.out / "dev.json").write_text(json.dumps({"dev_f1_by_o_bias": grid, "best": best}) + "\n", encoding="utf-8")
        print(json.dumps({"best_o_bias": best, "dev": grid}))
        return
    res = evaluate(test_path, pipeline=pipe)
    record = {
        "model": "ner.npz (CRFsuite weights, numpy decoder)", "version": "1", "size": sizes,
        "o_bias": a.o_bias,
        "data": {"train": train_path.name, "train_sha256_16": sha(train_path), "test": test_path.name,
                 "test_sha256_16": sha(test_path), "licence": "ANERcorp: research use"},
        "params": {**params, "folds": FOLDS, "news_names": bool(news), "algorithm": "lbfgs", "crfsuite": pycrfsuite.__version__
                   if hasattr(pycrfsuite, "__version__") else "python-crfsuite"},
        "train_tokens": n_tok, "seconds": round(time.time() - t0),
        "test": res,
        "measured_by": "khabar eval ner",
    }
    (a.out / "ner.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"f1": res["f1"], "precision": res["precision"], "recall": res["recall"],
                      "by_label": {k: v["f1"] for k, v in res["by_label"].items()}}))


if __name__ == "__main__":
    main()
