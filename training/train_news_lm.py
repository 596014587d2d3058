"""Train the news language model whose states the neural NER reads (``khabar/models/context.py``).

Two GRUs (forward and backward, ``--hidden`` units each) over the khabar tokens of news sentences
(SaudiNewsNet up to 2015-08-08 + ANT corpus, the text stage's tokens): each predicts its
neighbour's word2vec cluster (``clusters.tsv.gz``, k=1600, plus classes for unknown words, digits,
other tokens and the sentence edge). Inputs per token: the word2vec vectors of its form and name
key (``ner_vectors.npz``, fixed) and a one-hot shape. Writes ``--out`` (an ``.npz`` of the GRU
weights, which ``train_ner_nn.py --lm`` embeds in ``ner_nn.npz``) and a ``.json`` record next to
it. Needs the ``train`` extra (torch). About 15 minutes; the shipped LM (32 units, one thread)
is rebuilt bit for bit by

    nice -n 10 python training/train_news_lm.py --hidden 32 --threads 1 --out /tmp/news_lm.npz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_wordfreq import iter_news  # noqa: E402

from khabar.doc import Doc  # noqa: E402
from khabar.models import resources as R  # noqa: E402
from khabar.models.context import SHAPES, shape  # noqa: E402

DATA = Path("khabar/models/data")


def news_sentences(data: Path, max_tokens: int) -> list[list[tuple[str, str]]]:
    """(form, name key) of the tokens of news sentences of 3–120 tokens, until ``max_tokens``."""
    from khabar.text.stage import TextStage

    stage = TextStage()
    out: list[list[tuple[str, str]]] = []
    n = 0
    for k, text in enumerate(iter_news(data)):
        if not text.strip() or len(text) > 100_000:
            continue
        doc = stage(Doc(text=text))
        for si in range(len(doc.sentences)):
            toks = doc.sentence_tokens(si)
            if 3 <= len(toks) <= 120:
                out.append([(t.norm, R.name_key(t)) for t in toks])
                n += len(toks)
        if k % 5000 == 0:
            print(f"article {k}: {n} tokens", file=sys.stderr, flush=True)
        if n >= max_tokens:
            break
    return out


def main() -> None:  # noqa: PLR0915
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--max-tokens", type=int, default=12_000_000)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    import torch

    t0 = time.time()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(a.threads)
    vz = np.load(DATA / "ner_vectors.npz")
    v_idx = {w: i for i, w in enumerate(bytes(vz["words"]).decode("utf-8").split("\n"))}
    unk = len(v_idx)
    vec = np.concatenate([vz["vectors"].astype(np.float32), np.zeros((1, vz["vectors"].shape[1]), np.float32)])
    clusters: dict[str, int] = {}
    with gzip.open(DATA / "clusters.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                p = line.rstrip("\n").split("\t")
                clusters[p[0]] = int(p[3])  # the k=1600 column
    k_cl = max(clusters.values()) + 1
    c_unk, c_digit, c_other, c_edge = k_cl, k_cl + 1, k_cl + 2, k_cl + 3
    n_cls = k_cl + 4

    def encode(s: list[tuple[str, str]]) -> tuple[np.ndarray, ...]:
        wid = [v_idx.get(w, unk) for w, _ in s]
        sh = [shape(w, i != unk) for (w, _), i in zip(s, wid, strict=True)]
        tg = []
        for (w, k), c in zip(s, sh, strict=True):
            cl = clusters.get(w, clusters.get(k))
            tg.append(cl if cl is not None else c_digit if c == 2 else c_other if c == 3 else c_unk)
        return (np.array(wid), np.array([v_idx.get(k, unk) for _, k in s]), np.array(sh), np.array(tg))

    sents = news_sentences(a.data, a.max_tokens)
    enc = [encode(s) for s in sents]
    n_tokens = sum(len(s) for s in sents)
    del sents
    print(f"{len(enc)} sentences, {n_tokens} tokens ({time.time() - t0:.0f}s)", file=sys.stderr)
    nn = torch.nn
    d_in = 2 * vec.shape[1] + SHAPES

    class LM(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.vec = nn.Embedding.from_pretrained(torch.tensor(vec), freeze=True)
            self.f = nn.GRU(d_in, a.hidden, batch_first=True)
            self.b = nn.GRU(d_in, a.hidden, batch_first=True)
            self.out_f = nn.Linear(a.hidden, n_cls)
            self.out_b = nn.Linear(a.hidden, n_cls)
            self.drop = nn.Dropout(a.dropout)

        def run(self, gru: Any, out: Any, batch: list[tuple[np.ndarray, ...]]) -> Any:
            lens = torch.tensor([len(x[0]) for x in batch])
            x = torch.cat([self.vec(pad([x[0] for x in batch], unk)), self.vec(pad([x[1] for x in batch], unk)),
                           nn.functional.one_hot(pad([x[2] for x in batch], 0), SHAPES).float()], -1)
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), lens, batch_first=True, enforce_sorted=False)
            h, _ = nn.utils.rnn.pad_packed_sequence(gru(packed)[0], batch_first=True)
            y = pad([np.concatenate([x[3][1:], [c_edge]]) for x in batch], -1)  # each token predicts the next
            return lossf(out(self.drop(h)).reshape(-1, n_cls), y.reshape(-1))

    def pad(xs: list[np.ndarray], val: int) -> Any:
        m = np.full((len(xs), max(len(x) for x in xs)), val, np.int64)
        for i, x in enumerate(xs):
            m[i, : len(x)] = x
        return torch.from_numpy(m)

    lossf = nn.CrossEntropyLoss(ignore_index=-1, reduction="sum")
    lm = LM()
    opt = torch.optim.Adam([p for p in lm.parameters() if p.requires_grad], lr=a.lr)
    order = sorted(range(len(enc)), key=lambda i: len(enc[i][0]))
    batches = [order[i: i + a.batch] for i in range(0, len(order), a.batch)]
    steps = int(len(batches) * a.epochs)
    total = seen = 0.0
    history = []
    for step in range(steps):
        if step % len(batches) == 0:
            random.shuffle(batches)
        batch = [enc[i] for i in batches[step % len(batches)]]
        rev = [tuple(x[::-1] for x in s) for s in batch]  # the backward GRU reads right to left
        loss = lm.run(lm.f, lm.out_f, batch) + lm.run(lm.b, lm.out_b, rev)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(lm.parameters(), 5.0)
        opt.step()
        total += float(loss.detach()) / 2
        seen += sum(len(x[0]) for x in batch)
        if (step + 1) % 500 == 0 or step == steps - 1:
            ppl = float(np.exp(total / max(seen, 1)))
            history.append({"step": step + 1, "cluster_perplexity": round(ppl, 1)})
            print(f"step {step + 1}/{steps}: cluster perplexity {ppl:.1f} ({time.time() - t0:.0f}s)", file=sys.stderr)
            total = seen = 0.0
    state = {k.replace(".", "_"): v.detach().numpy() for k, v in lm.state_dict().items()
             if k.startswith(("f.", "b."))}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(a.out, **state)
    record: dict[str, Any] = {
        "model": "news LM: forward and backward GRU, numpy runtime khabar/models/context.py",
        "data": {"saudinewsnet": "up to 2015-08-08", "antcorpus": "v1.1", "sentences": len(enc), "tokens": n_tokens,
                 "licence": "SaudiNewsNet CC BY-NC-SA 4.0 (non-commercial); ANT corpus"},
        "params": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items() if k not in ("data", "out")}
        | {"targets": f"word2vec clusters k={k_cl} + 4", "torch": torch.__version__},
        "history": history, "seconds": round(time.time() - t0),
    }
    a.out.with_suffix(".json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record["history"][-1]))


if __name__ == "__main__":
    main()
