"""Build khabar/models/data/ner_vectors.npz: word2vec vectors of the raw news for the neural NER.

Same corpus and recipe as ``train_clusters.py`` (SaudiNewsNet up to 2015-08-08 + ANT corpus,
``norm_word`` forms, skip-gram, fixed seed); keeps the ``--keep`` most frequent words as
unit-length float16 vectors (words as a newline-joined UTF-8 blob).

    nice -n 10 python training/train_vectors.py [--data ../shared/data] [--keep 80000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_clusters import word2vec  # noqa: E402

OUT = Path("khabar/models/data")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--keep", type=int, default=80_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--save-full", type=Path, default=None, help="also save the gensim KeyedVectors here")
    a = ap.parse_args()
    t0 = time.time()
    model, n_words = word2vec(a)
    if a.save_full:
        model.wv.save(str(a.save_full))
    words = list(model.wv.index_to_key[: a.keep])
    x = np.stack([model.wv[w] for w in words]).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    a.out.mkdir(parents=True, exist_ok=True)
    blob = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    # uncompressed: float16 vectors hardly compress, and loading skips the inflate
    np.savez(a.out / "ner_vectors.npz", words=blob, vectors=x.astype(np.float16))
    record = {
        "artefact": "khabar/models/data/ner_vectors.npz",
        "data": {"saudinewsnet": "2015-07-21..2015-08-08", "antcorpus": "v1.1", "words": n_words,
                 "licence": "SaudiNewsNet CC BY-NC-SA 4.0 (non-commercial); ANT corpus"},
        "params": {"dim": a.dim, "epochs": a.epochs, "min_count": a.min_count, "sg": 1, "window": 5,
                   "negative": 5, "keep": a.keep, "seed": a.seed, "gensim": __import__("gensim").__version__},
        "words_kept": len(words), "seconds": round(time.time() - t0),
    }
    (a.out / "ner_vectors.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record))


if __name__ == "__main__":
    main()
