"""Train the POS tagger and lemma table on PADT v1.3 dev+test; score on UD Arabic-PUD raw text.

PADT sentences are rebuilt as unvocalised surface text (``khabar.models.ud.surface_words``)
and run through khabar's own text stage, so the CRF learns from the tokens and clitic segments
it will see at analysis time. Each token's label is the UD v2 tag of its stem word (UD v1 tags
mapped by ``khabar.models.ud.v1_to_v2``); the words PADT left unanalysed (XPOS ``U``, 6% of the
tokens: names, but also التي، ذلك، مليون، ولكن) take the tag PADT gives the same form
elsewhere (``repair_label``), else PROPN. Writes ``tagger.npz``, ``tagger_lexicon.tsv``
(lemmas per stem and tag; clitic tags per stem tag) and the record ``tagger.json``.

    nice -n 10 python training/train_tagger.py [--data ../shared/data] [--c1 0.05] [--c2 0.1]
    nice -n 10 python training/train_tagger.py --heldout   # only: train on PADT dev, score PADT test

The held-out PADT score (recorded in ``tagger.json`` as ``padt_heldout``) is where features and
parameters are chosen: PUD is only scored, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import pycrfsuite

from khabar.doc import Doc, Token
from khabar.models.crf import export
from khabar.models.tagger import TaggerFeaturizer
from khabar.models.ud import SurfaceWord, UDWord, plain, read_conllu, surface_words, v1_to_v2
from khabar.text.normalize import norm_word
from khabar.text.stage import TextStage, default_segmenter

OUT = Path("khabar/models/data")
DEV, TEST = "padt_v1.3_ar-ud-dev.conllu", "padt_v1.3_ar-ud-test.conllu"
FILES = (DEV, TEST)


def form_tags(paths: Iterable[Path]) -> dict[str, str]:
    """Normalised form → its most frequent UD v2 tag among PADT's analysed words."""
    c: dict[str, Counter[str]] = defaultdict(Counter)
    for p in paths:
        for sent in read_conllu(p):
            for w in sent.words:
                if not w.xpos.startswith("U"):
                    c[norm_word(plain(w.form))][v1_to_v2(w)] += 1
    return {f: n.most_common(1)[0][0] for f, n in c.items()}


def repair_label(w: UDWord, tok: Token, known: dict[str, str]) -> str:
    """UD v2 tag of a token's stem word; PADT's unanalysed words (U) get their form's usual tag."""
    if not w.xpos.startswith("U"):
        return v1_to_v2(w)
    keys = [tok.norm, "ال" + tok.stem if "ال" in tok.prefixes else "", tok.stem]
    return next((known[k] for k in keys if k and k in known), "PROPN")


Example = tuple[list[Token], list[str]]


def _half(sent_id: str, w: UDWord) -> bool:
    """A fixed half of the words: they keep their written tanween (ـاً) in the rebuilt text."""
    return zlib.crc32(f"{sent_id}/{w.id}".encode()) % 2 == 0


def load(paths: Iterable[Path], known: dict[str, str],
         lemmas: dict[tuple[str, str], Counter[str]] | None = None,
         clitics: dict[tuple[str, str], Counter[str]] | None = None) -> list[Example]:
    """PADT sentences as (khabar tokens of the rebuilt surface text, one UD v2 label per token)."""
    stage = TextStage()
    out: list[Example] = []
    for p in paths:
        for sent in read_conllu(p):
            sws: list[SurfaceWord] = surface_words(sent, partial(_half, sent.sent_id))
            text = " ".join(sw.text for sw in sws)
            owner: dict[int, int] = {}
            pos = 0
            for k, sw in enumerate(sws):
                for c in range(pos, pos + len(sw.text)):
                    owner[c] = k
                pos += len(sw.text) + 1
            if clitics is not None:
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
                    stem = sws[owner.get(t.start, 0)].stem
                    tag = repair_label(stem, t, known)
                    labels.append(tag)
                    lem = plain(stem.lemma)
                    if lemmas is not None and lem and lem != "_" and not stem.xpos.startswith("U"):
                        lemmas[(t.stem, tag)][lem] += 1
                if toks:
                    out.append((toks, labels))
    return out


def train(examples: list[Example], feat: TaggerFeaturizer, params: dict[str, object], path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, labels in examples:
        trainer.append(feat.sentence(toks), labels)
    trainer.set_params(params)
    trainer.train(str(path))


def heldout(a: argparse.Namespace, params: dict[str, object]) -> dict[str, float]:
    """Train on PADT dev, score token tags on PADT test (strict and convention-mapped)."""
    from khabar.eval.ud import CONVENTION

    files = [a.data / "ud" / DEV, a.data / "ud" / TEST]
    known = form_tags(files[:1])
    feat = TaggerFeaturizer(default_segmenter().lex)
    t0 = time.time()
    tmp = Path(tempfile.mkdtemp()) / "heldout.crfsuite"
    train(load(files[:1], known), feat, params, tmp)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp))
    seen = {t.norm for toks, _ in load(files[:1], known) for t in toks}
    n = ok = ok_map = n_unk = ok_unk = 0
    conf: Counter[tuple[str, str]] = Counter()
    for toks, gold in load(files[1:], known):
        for t, g, p in zip(toks, gold, tagger.tag(feat.sentence(toks)), strict=True):
            n += 1
            ok += g == p
            ok_map += CONVENTION.get(g, g) == CONVENTION.get(p, p)
            if t.norm not in seen:
                n_unk += 1
                ok_unk += g == p
            if g != p:
                conf[(g, p)] += 1
    res = {"train": DEV, "test": TEST, "tokens": n, "accuracy": round(ok / n, 4),
           "accuracy_convention_mapped": round(ok_map / n, 4),
           "unseen_tokens": n_unk, "unseen_accuracy": round(ok_unk / max(n_unk, 1), 4)}
    print(json.dumps({"padt_heldout": res, "seconds": round(time.time() - t0)}))
    print(" ".join(f"{g}->{p} {k}" for (g, p), k in conf.most_common(15)), file=sys.stderr)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--heldout", action="store_true", help="train on PADT dev, score PADT test; write nothing")
    a = ap.parse_args()
    params: dict[str, object] = {"c1": a.c1, "c2": a.c2, "max_iterations": a.iters,
                                 "feature.possible_transitions": True}
    held = heldout(a, params)
    if a.heldout:
        return
    out = a.out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    files = [a.data / "ud" / fn for fn in FILES]
    feat = TaggerFeaturizer(default_segmenter().lex)
    lemmas: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    clitics: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    examples = load(files, form_tags(files), lemmas, clitics)
    n_tok = sum(len(toks) for toks, _ in examples)
    tmp = Path(tempfile.mkdtemp()) / "tagger.crfsuite"
    train(examples, feat, params, tmp)
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
        "padt_heldout": held,
        "pud": {k: res[k] for k in ("segmentation", "upos", "upos_convention_mapped")},
        "measured_by": "khabar eval pos",
    }
    (out / "tagger.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record["pud"]))
    print("\n".join(res["upos_confusions"]), file=sys.stderr)


if __name__ == "__main__":
    main()
