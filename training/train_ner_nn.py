"""Train the neural NER (convolutional CRF, torch on CPU) on ANERcorp and export it for the numpy runtime.

Inputs per token (see ``khabar/models/convnet.py``): a bag of the CRF featurizer's attribute
strings and the sentence's gazetteer/POS marks (name-lexicon features jackknifed over five
folds, as in ``train_ner.py``), word2vec vectors of the word and of its name key
(``ner_vectors.npz`` from ``train_vectors.py``), a char-CNN over the stem and, with ``--lm``, the
states of the news language model (``train_news_lm.py``; its arrays are stored in ``ner_nn.npz``). The last fifth of
ANERcorp train is the dev set for early stopping; the test split is scored once at the end
through the pipeline (``khabar eval ner``). Writes ``ner_nn.npz`` and the record ``ner_nn.json``
(and ``ner_lexicon.tsv`` from all of train) into ``--out``. At run time the model's label scores
are summed with the linear CRF's (``ner.npz``); the CRF weight and the O-label bias are chosen
on dev with a CRF trained on the first 4/5 (``train_ner.py --dev``). The shipped network is then
retrained on all of train for the dev run's best epoch count. Needs the ``train`` extra (torch).

    nice -n 10 python training/train_ner.py --dev --out /tmp/ner-dev
    nice -n 10 python training/train_ner_nn.py --crf-dev /tmp/ner-dev/ner.npz --out /tmp/ner-nn-dev
    nice -n 10 python training/train_ner_nn.py --dev-record /tmp/ner-nn-dev/ner_nn.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy's small matmuls: threads only contend
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_ner import FOLDS, build_lexicon, tokens_and_labels, write_lexicon  # noqa: E402

from khabar.doc import Doc, Token  # noqa: E402
from khabar.eval.ner import evaluate, read_anercorp  # noqa: E402
from khabar.models import resources as R  # noqa: E402
from khabar.models.ner import NERFeaturizer, bio_spans, token_forms  # noqa: E402

OUT = Path("khabar/models/data")


def encode(chunks: list[list[tuple[list[Token], list[str]]]], feat: NERFeaturizer) -> list[dict[str, Any]]:
    """Feature strings, forms and labels of each khabar sentence of ``chunks``."""
    out = []
    for ch in chunks:
        for toks, labs in ch:
            marks = feat.marks(toks)
            out.append({"feats": [feat.full_features(t) + m for t, m in zip(toks, marks, strict=True)],
                        "forms": [token_forms(t) for t in toks], "labels": labs})
    return out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main() -> None:  # noqa: PLR0915
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--vectors", type=Path, default=OUT / "ner_vectors.npz")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the tokenised splits (speeds up reruns)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--dim", type=int, default=160, help="channels of the three token convolutions")
    ap.add_argument("--dilations", default="1,2,4")
    ap.add_argument("--feat-dim", type=int, default=128)
    ap.add_argument("--char-dim", type=int, default=32)
    ap.add_argument("--filters", type=int, default=64)
    ap.add_argument("--min-feat", type=int, default=2, help="keep feature strings seen this often in training")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--feat-drop", type=float, default=0.4, help="chance to drop each feature string in training")
    ap.add_argument("--exclude", default="w=,k=", help="comma-separated feature-string prefixes left out of the bag")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N sentences only (smoke tests)")
    ap.add_argument("--crf-dev", type=Path, default=None,
                    help="ner.npz of `train_ner.py --dev` (CRF of the first 4/5): choose --crf-weight and --o-bias on dev")
    ap.add_argument("--crf-weight", type=float, default=1.0, help="weight of the linear CRF's scores in the ensemble")
    ap.add_argument("--o-bias", type=float, default=1.0)
    ap.add_argument("--full-epochs", type=int, default=0,
                    help="train on all of train (dev included) for this many epochs, no early stopping; "
                         "give --crf-weight/--o-bias from the dev run")
    ap.add_argument("--dev-record", type=Path, default=None,
                    help="ner_nn.json of a dev run: train on all of train for its best epoch count, with its "
                         "CRF weight and O bias")
    ap.add_argument("--silver", type=Path, default=None,
                    help="pickle of silver sentences from training/silver_ner.py, added to the training sentences")
    ap.add_argument("--news-names", type=Path, default=None,
                    help="ner_newsnames.tsv of training/build_news_names.py for the nw features (default: the "
                         "shipped one; a dev run needs the one its dev-run first stage built)")
    ap.add_argument("--lm", type=Path, default=None,
                    help="news language model (training/train_news_lm.py) whose states the network reads")
    ap.add_argument("--no-score", action="store_true", help="skip the pipeline scoring (experiments)")
    ap.add_argument("--max-minutes", type=float, default=22.0)
    a = ap.parse_args()
    dev_run: dict[str, Any] = {}
    if a.dev_record:
        dev_run = json.loads(a.dev_record.read_text(encoding="utf-8"))
        a.full_epochs, a.crf_weight, a.o_bias = dev_run["best_epoch"], dev_run["crf_weight"], dev_run["o_bias"]
    import torch

    from khabar.models.tagger import TaggerStage
    from khabar.text.stage import TextStage, default_segmenter

    t0 = time.time()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)
    train_path = a.data / "anercorp" / "ANERCorp_CamelLab_train.txt"
    test_path = a.data / "anercorp" / "ANERCorp_CamelLab_test.txt"
    sents = list(read_anercorp(train_path))
    if a.cache and a.cache.exists():
        chunks = pickle.loads(a.cache.read_bytes())["train"]
    else:
        stage, tagger = TextStage(), TaggerStage()
        chunks = [tokens_and_labels(s, stage, tagger) for s in sents]
        if a.cache:
            a.cache.write_bytes(pickle.dumps({"train": chunks}))
    cut = len(chunks) * (FOLDS - 1) // FOLDS
    # --full-epochs: train on all of train for a fixed number of epochs (found with the dev run)
    train_chunks, dev_chunks = (chunks if a.full_epochs else chunks[:cut]), chunks[cut:]
    freq = default_segmenter().lex
    news = R.read_news_names(a.news_names) if a.news_names else R.news_names()
    n = len(train_chunks)
    bounds = [n * i // FOLDS for i in range(FOLDS + 1)]
    train: list[dict[str, Any]] = []
    for f in range(FOLDS):
        others = [seq for i in range(n) if not bounds[f] <= i < bounds[f + 1] for seq in train_chunks[i]]
        lex, names = build_lexicon(others)
        train += encode(train_chunks[bounds[f]:bounds[f + 1]], NERFeaturizer(freq, lex, names, news))
    lex, names = build_lexicon([seq for ch in train_chunks for seq in ch])
    dev = encode(dev_chunks, NERFeaturizer(freq, lex, names, news))
    if a.silver:  # self-training: news sentences two taggers agree on (training/silver_ner.py)
        silver = encode(pickle.loads(a.silver.read_bytes()), NERFeaturizer(freq, lex, names, news))
        print(f"{len(silver)} silver sentences added", file=sys.stderr)
        train += silver
    n_silver = len(silver) if a.silver else 0
    print(f"{len(train)} train / {len(dev)} dev sentences encoded in {time.time() - t0:.0f}s", file=sys.stderr)

    counts: Counter[str] = Counter(f for s in train for fs in s["feats"] for f in fs)
    excluded = tuple(x for x in a.exclude.split(",") if x)
    feats = sorted(f for f, c in counts.items() if c >= a.min_feat and not f.startswith(excluded))
    f_idx = {f: i for i, f in enumerate(feats)}
    chars = sorted({c for s in train for fm in s["forms"] for c in fm[2]})
    c_idx = {c: i + 2 for i, c in enumerate(chars)}
    labels = sorted({lab for s in train for lab in s["labels"]})
    l_idx = {lab: i for i, lab in enumerate(labels)}
    vz = np.load(a.vectors)
    vwords = bytes(vz["words"]).decode("utf-8").split("\n")
    v_idx = {w: i for i, w in enumerate(vwords)}
    vec = np.concatenate([vz["vectors"].astype(np.float32), np.zeros((1, vz["vectors"].shape[1]), np.float32)])
    unk_v = len(vec) - 1

    news_lm = None
    lm_arrays: dict[str, Any] = {}
    if a.lm:
        from khabar.models.context import NewsLM

        with np.load(a.lm) as lz:
            lm_arrays = {"lm_" + k: lz[k] for k in lz.files}
        news_lm = NewsLM(lm_arrays, (v_idx, vec))
        for part in (train, dev):
            for i in range(0, len(part), 256):
                chunk = part[i: i + 256]
                lens = np.array([len(s["forms"]) for s in chunk], dtype=np.int64)
                ids = news_lm.form_ids([f for s in chunk for f in s["forms"]])
                # numpy's GRU, not the C kernel's: the same states from any build and processor (the
                # kernel's differ by ~1e-6 with the processor's vector unit, and training amplifies that)
                states = news_lm.run_numpy(news_lm.project(ids), lens)
                for s, st in zip(chunk, np.split(states, np.cumsum(lens)[:-1]), strict=True):
                    s["lm"] = st
        print(f"news LM states computed ({time.time() - t0:.0f}s)", file=sys.stderr)
    lm_dim = 2 * news_lm.hidden if news_lm else 0

    def tensors(s: dict[str, Any]) -> dict[str, Any]:
        f = [[f_idx[x] for x in fs if x in f_idx] for fs in s["feats"]]
        c = [[c_idx.get(ch, 1) for ch in f"^{fm[2]}$"] for fm in s["forms"]]
        return {"f": torch.tensor([i for fs in f for i in fs], dtype=torch.long),
                "fl": [len(fs) for fs in f], "c": c,
                "w": [v_idx.get(fm[0], unk_v) for fm in s["forms"]],
                "k": [v_idx.get(fm[1], v_idx.get(fm[2], unk_v)) for fm in s["forms"]],
                "y": [l_idx.get(lab, l_idx["O"]) for lab in s["labels"]],
                "lm": torch.from_numpy(s["lm"]) if lm_dim else None}

    tr = [tensors(s) for s in train[: a.limit or None]]
    print(f"{len(feats)} feature strings, {len(chars)} characters", file=sys.stderr)
    nn = torch.nn
    n_lab = len(labels)
    dilations = [int(x) for x in a.dilations.split(",")]

    class Net(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bag = nn.EmbeddingBag(len(feats), a.feat_dim, mode="sum", sparse=True)
            self.vec = nn.Embedding.from_pretrained(torch.tensor(vec), freeze=True)
            self.chars = nn.Embedding(len(chars) + 2, a.char_dim, padding_idx=0)
            self.conv = nn.Conv1d(a.char_dim, a.filters, 3, padding=1)
            d_in = a.feat_dim + 2 * vec.shape[1] + a.filters + lm_dim
            self.convs = nn.ModuleList(nn.Conv1d(d_in if i == 0 else a.dim, a.dim, 3, padding=dil, dilation=dil)
                                       for i, dil in enumerate(dilations))
            self.out = nn.Linear(a.dim, n_lab)
            self.trans = nn.Parameter(torch.zeros(n_lab, n_lab))
            self.start = nn.Parameter(torch.zeros(n_lab))
            self.end = nn.Parameter(torch.zeros(n_lab))
            self.drop = nn.Dropout(a.dropout)
            nn.init.normal_(self.bag.weight, std=0.05)

        def emissions(self, batch: list[dict[str, Any]]) -> tuple[Any, Any]:
            lens = [len(s["y"]) for s in batch]
            fl = [n for s in batch for n in s["fl"]]
            ids = torch.cat([s["f"] for s in batch])
            offsets = torch.tensor([0] + list(np.cumsum(fl)[:-1]), dtype=torch.long)
            weights = torch.ones(len(ids))
            if self.training and a.feat_drop > 0:
                weights = (torch.rand(len(ids)) >= a.feat_drop).float()
            fb = self.bag(ids, offsets, per_sample_weights=weights)
            cs = [c for s in batch for c in s["c"]]
            width = max(len(c) for c in cs)
            cid = torch.zeros(len(cs), width, dtype=torch.long)
            for i, c in enumerate(cs):
                cid[i, : len(c)] = torch.as_tensor(c)
            ce = self.conv(self.chars(cid).transpose(1, 2)).relu()  # T × K × W
            ce = ce.masked_fill((cid == 0)[:, None, :], 0.0).max(dim=2).values
            w = self.vec(torch.tensor([x for s in batch for x in s["w"]]))
            k = self.vec(torch.tensor([x for s in batch for x in s["k"]]))
            parts = [fb, w, k, ce] + ([torch.cat([s["lm"] for s in batch])] if lm_dim else [])
            x = self.drop(torch.cat(parts, dim=1))
            sid = torch.repeat_interleave(torch.arange(len(lens)), torch.tensor(lens))
            pos = torch.cat([torch.arange(n) for n in lens])
            pad = x.new_zeros(len(lens), max(lens), x.shape[1])
            pad = pad.index_put((sid, pos), x)
            mask = torch.arange(max(lens))[None, :] < torch.tensor(lens)[:, None]
            m = mask[:, None, :].float()
            h = pad.transpose(1, 2)  # B × D × T
            for i, conv in enumerate(self.convs):
                y = conv(h if i == 0 else self.drop(h)).relu() * m
                h = y if i == 0 else h + y
            return self.out(self.drop(h.transpose(1, 2))), mask

        def nll(self, batch: list[dict[str, Any]]) -> Any:
            em, mask = self.emissions(batch)
            b, width, _ = em.shape
            y = torch.zeros(b, width, dtype=torch.long)
            for i, s in enumerate(batch):
                y[i, : len(s["y"])] = torch.tensor(s["y"])
            lens = mask.sum(1)
            gold = em.gather(2, y[:, :, None]).squeeze(2)
            tr_s = self.trans[y[:, :-1], y[:, 1:]]
            score = ((gold * mask).sum(1) + (tr_s * mask[:, 1:]).sum(1) + self.start[y[:, 0]]
                     + self.end[y.gather(1, (lens - 1)[:, None]).squeeze(1)])
            steps = em.unbind(1)
            masks = mask.unbind(1)
            alpha = self.start + steps[0]
            for t in range(1, width):
                nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + steps[t][:, None, :], dim=1)
                alpha = torch.where(masks[t][:, None], nxt, alpha)
            log_z = torch.logsumexp(alpha + self.end, dim=1)
            return (log_z - score).sum()

    net = Net()
    dense = [p for name, p in net.named_parameters() if p.requires_grad and not name.startswith("bag.")]
    opts = [torch.optim.Adam(dense, lr=a.lr), torch.optim.SparseAdam(list(net.bag.parameters()), lr=a.lr)]

    def export(path: Path) -> None:
        sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
        np.savez(  # uncompressed: loads faster, float16 weights hardly compress
            path, labels=np.array(labels), feats=np.frombuffer("\n".join(feats).encode("utf-8"), dtype=np.uint8),
            bag=sd["bag.weight"].astype(np.float16), chars=np.frombuffer("".join(chars).encode("utf-8"), dtype=np.uint8),
            char_emb=sd["chars.weight"], conv_w=sd["conv.weight"], conv_b=sd["conv.bias"],
            dilations=np.array(dilations),
            **{f"c{i + 1}_w": sd[f"convs.{i}.weight"] for i in range(len(dilations))},
            **{f"c{i + 1}_b": sd[f"convs.{i}.bias"] for i in range(len(dilations))},
            w_out=sd["out.weight"], b_out=sd["out.bias"], trans=sd["trans"], start=sd["start"], end=sd["end"],
            **lm_arrays)

    def check_runtime(model_path: Path) -> float:
        """Largest difference between torch's and the numpy runtime's emissions on some dev sentences."""
        from khabar.models.convnet import ConvCRF

        m = ConvCRF(model_path, a.vectors, lambda t: t.fs, lambda t: t.fm)
        part = dev[:16]
        seqs = [[_Tok(f"{j}:{p}", fs, fm) for p, (fs, fm) in enumerate(zip(s["feats"], s["forms"], strict=True))]
                for j, s in enumerate(part)]
        ems = m.emissions(seqs, [[[] for _ in q] for q in seqs])
        with torch.no_grad():
            em, _ = net.emissions([tensors(s) for s in part])
        return max(float(np.abs(e - em[j, : len(e)].numpy()).max()) for j, e in enumerate(ems))

    def dev_f1(model_path: Path) -> float:
        """Span F1 on the dev sentences' khabar tokens, decoded by the numpy runtime."""
        from khabar.models.convnet import ConvCRF

        m = ConvCRF(model_path, a.vectors, lambda t: t.fs, lambda t: t.fm)
        tp = npred = ngold = 0
        for i in range(0, len(dev), 64):
            part = dev[i: i + 64]
            seqs = [[_Tok(f"{i + j}:{p}", fs, fm) for p, (fs, fm) in enumerate(zip(s["feats"], s["forms"], strict=True))]
                    for j, s in enumerate(part)]
            for s, tags in zip(part, m.tag_many(seqs, [[[] for _ in q] for q in seqs]), strict=True):
                g, p = set(bio_spans(s["labels"])), set(bio_spans(tags))
                tp += len(g & p)
                npred += len(p)
                ngold += len(g)
        pr, rc = tp / max(npred, 1), tp / max(ngold, 1)
        return 2 * pr * rc / (pr + rc) if pr + rc else 0.0

    a.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())  # the model reaches --out only when training is done
    model_path = work / "ner_nn.npz"
    best, best_ep, bad, history = -1.0, 0, 0, []
    best_state: dict[str, Any] = {}
    for ep in range(1, (a.full_epochs or a.epochs) + 1):
        net.train()
        order = sorted(range(len(tr)), key=lambda i: (len(tr[i]["y"]), random.random()))
        batches = [order[i: i + a.batch] for i in range(0, len(order), a.batch)]
        random.shuffle(batches)
        total = 0.0
        for bi in batches:
            for o in opts:
                o.zero_grad()
            if os.environ.get("KHABAR_PROFILE"):
                from torch.profiler import profile
                with profile() as prof:
                    loss = net.nll([tr[i] for i in bi])
                    loss.backward()
                print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25), file=sys.stderr)
                sys.exit(0)
            loss = net.nll([tr[i] for i in bi])
            loss.backward()
            nn.utils.clip_grad_norm_(dense, 5.0)
            for o in opts:
                o.step()
            total += float(loss.detach())
        t_train = time.time()
        net.eval()
        tmp = work / "ner_nn.tmp.npz"
        export(tmp)
        f1 = dev_f1(tmp)
        history.append({"epoch": ep, "loss": round(total, 1), "dev_f1": round(f1, 4)})
        print(f"epoch {ep}: loss {total:.0f} dev F1 {f1:.4f} ({time.time() - t0:.0f}s, "
              f"dev scoring {time.time() - t_train:.0f}s)", file=sys.stderr)
        if f1 > best or a.full_epochs:
            best, best_ep, bad = f1, ep, 0
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
            tmp.replace(model_path)
        else:
            tmp.unlink()
            bad += 1
        if not a.full_epochs and (bad >= a.patience or time.time() - t0 > a.max_minutes * 60):
            break
    net.load_state_dict(best_state)
    net.eval()
    diff = check_runtime(model_path)
    print(f"runtime check: max emission difference {diff:.2e} (float16 feature embeddings)", file=sys.stderr)
    shutil.copyfile(model_path, a.out / "ner_nn.npz")
    # the shipped lexicon holds all of train's names (as train_ner.py writes it)
    write_lexicon([seq for ch in chunks for seq in ch], a.out / "ner_lexicon.tsv")
    record: dict[str, Any] = {
        # 3: self-trained on silver news sentences; 4: also reads the news LM's states
        "version": "4" if a.lm else "3" if a.silver else "2",
        "model": "ner_nn.npz (convolutional CRF trained with torch, numpy runtime khabar/models/convnet.py)",
        "data": {"train": train_path.name, "train_sha256_16": sha(train_path), "test": test_path.name,
                 "test_sha256_16": sha(test_path), "vectors": a.vectors.name, "vectors_sha256_16": sha(a.vectors),
                 "licence": "ANERcorp: research use; vectors: SaudiNewsNet CC BY-NC-SA 4.0"},
        "params": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()
                   if k not in ("data", "out", "cache", "vectors")} | {"torch": torch.__version__, "folds": FOLDS},
        "sizes": {"features": len(feats), "chars": len(chars), "labels": labels, "train_sentences": len(tr), "silver_sentences": n_silver,
                  "dev_sentences": len(dev)},
        "best_epoch": best_ep, "dev_token_span_f1": round(best, 4), "history": history,
    }
    record["runtime_max_emission_difference"] = float(f"{diff:.2e}")
    if a.lm:  # the news LM embedded in the model (its lm_* arrays) and its own training record
        lm_record = a.lm.with_suffix(".json")
        record["news_lm"] = {"file": a.lm.name, "sha256_16": sha(a.lm), "hidden": lm_dim // 2,
                             "record": json.loads(lm_record.read_text("utf-8")) if lm_record.exists() else None}
    if dev_run:
        record["dev_run"] = {k: dev_run.get(k) for k in ("best_epoch", "dev_token_span_f1", "crf_weight", "o_bias",
                                                          "dev_f1_by_crf_weight_and_o_bias", "dev", "test", "params")}
    if a.no_score:
        (a.out / "ner_nn.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    # score the model through the pipeline (the shipped CRF and all of train's names for test)
    from khabar.models.ner import NERStage

    text_stage, tagger = TextStage(), TaggerStage()
    dev_file = work / "anercorp-dev.txt"
    dev_file.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in s) for s in sents[cut:]) + "\n",
                        encoding="utf-8")
    choice = (a.crf_weight, a.o_bias)
    if a.crf_dev and not a.full_epochs:  # choose the CRF weight and the O bias on dev, names of the first 4/5 only
        dev_feat = NERFeaturizer(freq, lex, names, news)
        grid: dict[str, float] = {}
        for w in (0.0, 0.5, 1.0):
            ner = NERStage(model=model_path, kind="nn", featurizer=dev_feat, crf_weight=w, crf_model=a.crf_dev)
            for bias in (0.0, 0.5, 1.0):
                ner.set_o_bias(bias)
                grid[f"{w} {bias}"] = evaluate(dev_file, pipeline=_chain(text_stage, tagger, ner))["f1"]
                print(f"CRF weight {w}, O bias {bias}: dev F1 {grid[f'{w} {bias}']}", file=sys.stderr)
        best_key = max(grid, key=lambda k: grid[k])
        choice = (float(best_key.split()[0]), float(best_key.split()[1]))
        record["dev_f1_by_crf_weight_and_o_bias"] = grid
        record["dev"] = {"f1": grid[best_key], "crf": str(a.crf_dev)}
    record["crf_weight"], record["o_bias"] = choice
    ner = NERStage(model=model_path, kind="nn", crf_weight=choice[0], o_bias=choice[1])
    ner.feats.news = news  # the nw features this model learned (--news-names)
    record["test"] = evaluate(test_path, pipeline=_chain(text_stage, tagger, ner))
    record["measured_by"] = "khabar eval ner (text + tagger + ner pipeline)"
    print(json.dumps({"crf_weight": choice[0], "o_bias": choice[1], "dev_f1": record.get("dev", {}).get("f1"),
                      "test_f1": record["test"]["f1"],
                      "by_label": {k: v["f1"] for k, v in record["test"]["by_label"].items()}}))
    record["seconds"] = round(time.time() - t0)
    (a.out / "ner_nn.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _chain(*stages: Any) -> Any:
    """A pipeline of stages called in order."""
    def run(doc: Doc) -> Doc:
        for st in stages:
            doc = st(doc)
        return doc
    return run


class _Tok:
    """A stand-in token carrying precomputed features (dev scoring during training)."""

    def __init__(self, text: str, fs: list[str], fm: tuple[str, str, str]) -> None:
        self.text, self.fs, self.fm = text, fs, fm


if __name__ == "__main__":
    main()
