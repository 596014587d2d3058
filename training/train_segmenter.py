"""Train the clitic segmenter's candidate ranker on PADT v1.3 dev+test (rebuilt surface words).

For every surface word the treebank yields (``khabar.models.ud.surface_words``), the gold
analysis must be one of ``khabar.text.clitics.candidates``; a conditional log-linear model
(softmax over a word's candidates, L2, L-BFGS) learns weights for ``candidate_features``.
Writes ``khabar/models/data/segmenter.json`` (weights + record); ``khabar eval segment``
measures it on UD Arabic-PUD raw text.

    nice -n 10 python training/train_segmenter.py [--data ../shared/data] [--l2 0.3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from khabar.models.ud import plain, read_conllu, surface_words
from khabar.text.clitics import candidate_features, candidates, load_wordfreq
from khabar.text.normalize import norm_word

OUT = Path("khabar/models/data/segmenter.json")
FILES = ("padt_v1.3_ar-ud-dev.conllu", "padt_v1.3_ar-ud-test.conllu")


def gold_words(data: Path) -> Counter[tuple[str, tuple[str, ...], str, tuple[str, ...]]]:
    """(normalised word, prefix forms, stem, suffix forms) counts from PADT."""
    out: Counter[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = Counter()
    for fn in FILES:
        for sent in read_conllu(data / "ud" / fn):
            for sw in surface_words(sent):
                if not sw.text[:1].isalpha():
                    continue
                w = norm_word(sw.text)
                if len(w) != len(sw.text):
                    continue
                pre = tuple("ال" if (k == "prefix" and wd is next(x for *_, kk, x in sw.pieces if kk == "stem"))
                            else norm_word(plain(wd.form)) for a, b, k, wd in sw.pieces if k == "prefix")
                stem = next(w[a:b] for a, b, k, _ in sw.pieces if k == "stem")
                suf = tuple(w[a:b] for a, b, k, _ in sw.pieces if k == "suffix")
                # fused من/عن + ما/من are written as one word; PADT keeps them apart
                out[(w, pre, stem, suf)] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--l2", type=float, default=0.3)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    t0 = time.time()
    freq = load_wordfreq()
    gold = gold_words(a.data)
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    groups: list[tuple[int, int, int, float]] = []  # (first row, n candidates, gold offset, weight)
    missing = 0
    r = 0
    for (w, pre, stem, suf), n in gold.items():
        cands = candidates(w)
        key = [(tuple(f for _, f in p), s, tuple(x)) for p, s, x in cands]
        try:
            g = key.index((pre, stem, suf))
        except ValueError:
            missing += n
            continue
        for c in cands:
            for name, v in candidate_features(w, c, freq):
                if v:
                    j = index.setdefault(name, len(index))
                    rows.append(r)
                    cols.append(j)
                    vals.append(v)
            r += 1
        groups.append((r - len(cands), len(cands), g, float(n)))
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(r, len(index)))
    starts = np.array([g[0] for g in groups])
    sizes = np.array([g[1] for g in groups])
    gidx = starts + np.array([g[2] for g in groups])
    wts = np.array([g[3] for g in groups])
    seg_id = np.repeat(np.arange(len(groups)), sizes)
    print(f"{len(groups)} word types ({int(wts.sum())} tokens), {missing} tokens without their gold "
          f"candidate, {r} candidates, {len(index)} features", file=sys.stderr)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ theta
        mx = np.maximum.reduceat(s, starts)
        e = np.exp(s - mx[seg_id])
        z = np.add.reduceat(e, starts)
        lz = np.log(z) + mx
        nll = float(np.sum(wts * (lz - s[gidx])))
        p = e / z[seg_id]
        coef = p * wts[seg_id]
        coef[gidx] -= wts
        grad = x.T @ coef
        return nll + a.l2 * float(theta @ theta), grad + 2 * a.l2 * theta

    res = minimize(loss, np.zeros(len(index)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    theta = res.x
    s = x @ theta
    correct = 0.0
    for (st, n, g, wt) in groups:
        if int(np.argmax(s[st:st + n])) == g:
            correct += wt
    acc = correct / (wts.sum() + missing)
    names = {j: k for k, j in index.items()}
    weights = {names[j]: round(float(v), 4) for j, v in enumerate(theta) if abs(v) >= 1e-3}
    record = {
        "model": "clitic candidate ranker (conditional log-linear)", "version": "1",
        "data": {"train": list(FILES), "licence": "PADT: CC BY-NC-SA 3.0 (non-commercial)",
                 "wordfreq": "khabar/data/wordfreq.tsv"},
        "params": {"l2": a.l2, "optimizer": "L-BFGS-B", "iterations": int(res.nit)},
        "train_tokens": int(wts.sum()) + missing, "train_token_accuracy": round(acc, 4),
        "seconds": round(time.time() - t0),
        "measured_by": "khabar eval segment",
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({**record, "weights": weights}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    if a.out == OUT:  # the shipped model: score it on PUD through the text stage, keep the score
        from khabar.eval.ud import DEFAULT_PUD, evaluate

        record["pud_segmentation"] = evaluate(a.data / "ud" / DEFAULT_PUD.name, with_tags=False)["segmentation"]
        a.out.write_text(json.dumps({**record, "weights": weights}, ensure_ascii=False, indent=0) + "\n",
                         encoding="utf-8")
    print(json.dumps(record))


if __name__ == "__main__":
    main()
