"""Build khabar/models/data/clusters.tsv.gz: word clusters from word2vec on the raw news.

Reads the same corpora as ``build_wordfreq.py`` (SaudiNewsNet up to 2015-08-08 + ANT corpus),
normalises every word with ``norm_word``, trains a skip-gram word2vec (gensim, fixed seed, one
worker per core) and clusters the vectors of frequent words with k-means at three
granularities. The NER model uses the cluster ids as features: they generalise from names
seen in training to unseen names that occur in similar contexts.

    nice -n 10 python training/train_clusters.py [--data ../shared/data] [--workers 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_wordfreq import iter_news  # noqa: E402

from khabar.text.normalize import norm_word  # noqa: E402
from khabar.text.tokenize import TOKEN_RE  # noqa: E402

_BREAK = re.compile(r"[.!?؟\n]+")
OUT = Path("khabar/models/data")


def sentences(data: Path) -> Iterator[list[str]]:
    """Normalised word sequences, one per sentence-like chunk; numbers become <num>."""
    for text in iter_news(data):
        for chunk in _BREAK.split(text):
            toks = []
            for m in TOKEN_RE.finditer(chunk):
                w = m.group()
                if w[0].isdigit():
                    toks.append("<num>")
                elif w[0].isalpha():
                    toks.append(norm_word(w))
            if len(toks) > 2:
                yield toks


def kmeans(x: np.ndarray, k: int, seed: int, iters: int = 25) -> np.ndarray:
    """Spherical k-means (cosine) in numpy; returns the cluster id of each row."""
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        for a in range(0, len(x), 20000):
            assign[a:a + 20000] = np.argmax(x[a:a + 20000] @ c.T, axis=1)
        for j in range(k):
            m = x[assign == j]
            if len(m):
                v = m.sum(axis=0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
            else:
                c[j] = x[rng.integers(len(x))]
    return assign


def word2vec(a: argparse.Namespace) -> tuple[Any, int]:
    """The skip-gram model of the news (``a``: data, dim, epochs, min_count, workers, seed) and the
    number of words it read; ``train_vectors.py`` uses the same recipe."""
    from gensim.models import Word2Vec

    t0 = time.time()
    corpus = list(sentences(Path(a.data)))
    n_words = sum(len(s) for s in corpus)
    print(f"{len(corpus)} chunks, {n_words} words read in {time.time() - t0:.0f}s", file=sys.stderr)
    model = Word2Vec(corpus, vector_size=a.dim, window=5, min_count=a.min_count, sg=1, negative=5,
                     epochs=a.epochs, workers=a.workers, seed=a.seed, sample=1e-4)
    print(f"word2vec done in {time.time() - t0:.0f}s, vocab {len(model.wv)}", file=sys.stderr)
    return model, n_words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--keep", type=int, default=120_000, help="cluster the N most frequent words")
    ap.add_argument("--ks", default="64,320,1600")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    t0 = time.time()
    model, n_words = word2vec(a)
    words = [w for w in model.wv.index_to_key[: a.keep] if w != "<num>"]
    x = np.stack([model.wv[w] for w in words]).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    ks = [int(k) for k in a.ks.split(",")]
    cols = [kmeans(x, k, a.seed + i) for i, k in enumerate(ks)]
    print(f"k-means done in {time.time() - t0:.0f}s", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "clusters.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# word2vec skip-gram {a.dim}d (gensim, seed {a.seed}) on SaudiNewsNet (CC BY-NC-SA 4.0) "
                f"+ ANT corpus, {n_words} words; spherical k-means k={a.ks}; columns: word, ids\n")
        for i, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(int(c[i])) for c in cols) + "\n")
    record = {
        "artefact": "khabar/models/data/clusters.tsv.gz",
        "data": {"saudinewsnet": "2015-07-21..2015-08-08", "antcorpus": "v1.1", "words": n_words},
        "params": {"dim": a.dim, "epochs": a.epochs, "min_count": a.min_count, "sg": 1, "window": 5,
                   "negative": 5, "keep": a.keep, "ks": ks, "seed": a.seed, "gensim": __import__("gensim").__version__},
        "words_clustered": len(words),
        "seconds": round(time.time() - t0),
    }
    (OUT / "clusters.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record))


if __name__ == "__main__":
    main()
