"""Train the POS tagger and lemma table on PADT v1.3 dev+test; score on UD Arabic-PUD raw text.

PADT sentences are rebuilt as unvocalised surface text (``khabar.models.ud.surface_words``)
and run through khabar's own text stage, so the CRF learns from the tokens and clitic segments
it will see at analysis time. Each token's label is the UD v2 tag of its stem word (UD v1 tags
mapped by ``khabar.models.ud.v1_to_v2``). Writes ``tagger.npz``, ``tagger_lexicon.tsv``
(lemmas per stem and tag; clitic tags per stem tag) and the record ``tagger.json``.

    nice -n 10 python training/train_tagger.py [--data ../shared/data] [--c1 0.05] [--c2 0.01]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pycrfsuite

from khabar.doc import Doc
from khabar.models.crf import export
from khabar.models.tagger import TaggerFeaturizer
from khabar.models.ud import plain, read_conllu, surface_words, v1_to_v2
from khabar.text.normalize import norm_word
from khabar.text.stage import TextStage, default_segmenter

OUT = Path("khabar/models/data")
FILES = ("padt_v1.3_ar-ud-dev.conllu", "padt_v1.3_ar-ud-test.conllu")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    out = a.out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    stage = TextStage()
    feat = TaggerFeaturizer(default_segmenter().lex)
    trainer = pycrfsuite.Trainer(verbose=False)
    lemmas: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    clitics: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    n_tok = 0
    for fn in FILES:
        for sent in read_conllu(a.data / "ud" / fn):
            sws = surface_words(sent)
            text = " ".join(sw.text for sw in sws)
            owner: dict[int, int] = {}
            pos = 0
            for k, sw in enumerate(sws):
                for c in range(pos, pos + len(sw.text)):
                    owner[c] = k
                pos += len(sw.text) + 1
            for sw in sws:
                stem_tag = v1_to_v2(sw.stem)
                for _a, _b, kind, wd in sw.pieces:
                    if kind == "prefix" and wd is not sw.stem:
                        clitics[(norm_word(plain(wd.form)), stem_tag)][v1_to_v2(wd)] += 1
            doc = stage(Doc(text=text))
            for si in range(len(doc.sentences)):
                toks = doc.sentence_tokens(si)
                labels = []
                for t in toks:
                    sw = sws[owner.get(t.start, 0)]
                    tag = v1_to_v2(sw.stem)
                    labels.append(tag)
                    lem = plain(sw.stem.lemma)
                    if lem and lem != "_":
                        lemmas[(t.stem, tag)][lem] += 1
                if toks:
                    trainer.append(feat.sentence(toks), labels)
                    n_tok += len(toks)
    params = {"c1": a.c1, "c2": a.c2, "max_iterations": a.iters, "feature.possible_transitions": True}
    trainer.set_params(params)
    tmp = Path(tempfile.mkdtemp()) / "tagger.crfsuite"
    trainer.train(str(tmp))
    sizes = export(tmp, out / "tagger.npz")
    print(f"trained on {n_tok} tokens in {time.time() - t0:.0f}s: {sizes}", file=sys.stderr)
    with open(out / "tagger_lexicon.tsv", "w", encoding="utf-8") as f:
        f.write("# lemma\tnormalised stem\tUPOS\tlemma (unvocalised) | clitic\tform\tstem UPOS\tclitic UPOS;"
                " source: UD Arabic-PADT v1.3 dev+test (CC BY-NC-SA 3.0, non-commercial)\n")
        for (stem, tag), c in sorted(lemmas.items()):
            f.write(f"lemma\t{stem}\t{tag}\t{c.most_common(1)[0][0]}\n")
        for (form, tag), c in sorted(clitics.items()):
            f.write(f"clitic\t{form}\t{tag}\t{c.most_common(1)[0][0]}\n")
    from khabar.eval.ud import DEFAULT_PUD, evaluate
    from khabar.models.tagger import TaggerStage

    res = evaluate(a.data / "ud" / DEFAULT_PUD.name, with_tags=True, tagger=TaggerStage(model=out / "tagger.npz"))
    record = {
        "model": "tagger.npz (CRFsuite weights, numpy decoder)", "version": "1", "size": sizes,
        "data": {"train": list(FILES), "licence": "PADT: CC BY-NC-SA 3.0 (non-commercial)",
                 "eval": "UD Arabic-PUD test (raw # text), held out"},
        "params": {**params, "algorithm": "lbfgs", "tags": "UD v2 (v1 mapped)"},
        "train_tokens": n_tok, "seconds": round(time.time() - t0),
        "pud": {k: res[k] for k in ("segmentation", "upos", "upos_convention_mapped")},
        "measured_by": "khabar eval pos",
    }
    (out / "tagger.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record["pud"]))
    print("\n".join(res["upos_confusions"]), file=sys.stderr)


if __name__ == "__main__":
    main()
