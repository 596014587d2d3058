"""``khabar eval segment|pos|parse``: clitic segmentation and UPOS on UD Arabic-PUD raw text.

Each PUD sentence's raw ``# text`` goes through the same text and tagger stages that
``khabar analyze`` runs. Predicted syntactic words are the tokens' clitic segments, with the
article ال merged back into its stem (UD does not split it); gold words are PUD's, placed in the
text by their forms. Segmentation: precision/recall/F1 of word spans (CoNLL 2018 "Words").
UPOS: F1 of words whose span and tag both match (CoNLL 2018 "UPOS"), and accuracy over the
words whose span matches ("aligned accuracy"); both strict and with the function-word classes
the two treebanks' conventions split differently merged (``CONVENTION``). PUD is held out: nothing is trained on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from khabar.doc import Doc, Token

# Function-word classes whose boundaries PADT (UD v1, ElixirFM tags) and PUD (UD v2, converted
# from Penn-style tags: every "IN" is ADP, و may be PART, كان is AUX, هذا is PRON) draw
# differently; the "convention-mapped" figure merges them, the strict figure does not.
CONVENTION = {"SCONJ": "ADP", "CCONJ": "ADP", "PART": "ADP", "DET": "PRON", "AUX": "VERB"}
DEFAULT_PUD = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ud" / "ar_pud-ud-test.conllu"


def predicted_words(tok: Token) -> list[tuple[int, int, int]]:
    """(start, end, segment index) of a token's syntactic words, ال merged into the next piece."""
    if not tok.segments:
        return [(tok.start, tok.end, -1)]
    out: list[tuple[int, int, int]] = []
    pending: int | None = None
    for i, s in enumerate(tok.segments):
        if s.kind == "prefix" and s.form == "ال":
            pending = s.start if pending is None else pending
            continue
        start = pending if pending is not None else s.start
        pending = None
        out.append((start, s.end, i))
    if pending is not None:
        out.append((pending, tok.end, len(tok.segments) - 1))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def evaluate(path: Path, with_tags: bool, limit: int | None = None, tagger: Any = None) -> dict[str, Any]:
    """Score the text stage (and the shipped tagger, or ``tagger`` when given) on a CoNLL-U file."""
    from khabar.models.ud import align_tokens, read_conllu
    from khabar.pipeline import Pipeline, PipelineConfig

    stages = ("text", "tagger") if with_tags and tagger is None else ("text",)
    text_pipe = Pipeline(PipelineConfig(stages=stages))

    def pipe(doc: Doc) -> Doc:
        doc = text_pipe(doc)
        return tagger(doc) if tagger is not None else doc

    from khabar.models.tagger import segment_tags
    n_gold = n_pred = tp = tp_tag = tp_conv = 0
    confusion: Counter[tuple[str, str]] = Counter()
    n_sent = skipped = 0
    for sent in read_conllu(path):
        if limit is not None and n_sent >= limit:
            break
        if not sent.text:
            continue
        spans = align_tokens(sent.text, [w.form for w in sent.words])
        if spans is None:
            skipped += 1
            continue
        n_sent += 1
        gold = {sp: w.upos for sp, w in zip(spans, sent.words, strict=True)}
        doc = pipe(Doc(text=sent.text))
        pred: dict[tuple[int, int], str] = {}
        for tok in doc.tokens:
            tags = segment_tags(tok) if with_tags else None
            for a, b, i in predicted_words(tok):
                pred[(a, b)] = (tags[i] if i >= 0 else tags[-1]) if tags else ""
        n_gold += len(gold)
        n_pred += len(pred)
        for sp, g in gold.items():
            if sp in pred:
                tp += 1
                if pred[sp] == g:
                    tp_tag += 1
                else:
                    confusion[(g, pred[sp])] += 1
                if CONVENTION.get(pred[sp], pred[sp]) == CONVENTION.get(g, g):
                    tp_conv += 1
    out: dict[str, Any] = {"data": str(path.name), "sentences": n_sent, "skipped": skipped,
                           "gold_words": n_gold, "predicted_words": n_pred,
                           "segmentation": prf(tp, n_pred, n_gold)}
    if with_tags:
        out["upos"] = prf(tp_tag, n_pred, n_gold)
        out["upos"]["aligned_accuracy"] = round(tp_tag / tp, 4) if tp else 0.0
        out["upos_convention_mapped"] = prf(tp_conv, n_pred, n_gold)
        out["upos_convention_mapped"]["aligned_accuracy"] = round(tp_conv / tp, 4) if tp else 0.0
        out["upos_confusions"] = [f"{g}->{p} {n}" for (g, p), n in confusion.most_common(15)]
    return out


def main(argv: list[str]) -> int:
    kind = argv[0] if argv else "segment"
    ap = argparse.ArgumentParser(prog=f"khabar eval {kind}", description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_PUD, help="a CoNLL-U file with '# text' lines (default: UD Arabic-PUD)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    a = ap.parse_args(argv[1:])
    if kind == "parse":
        print(json.dumps({"kind": "parse", "status": "no dependency parser is shipped",
                          "why": "see README 'Language models': syntax comes from the rule-based clause analysis"}))
        return 0
    if not a.data.exists():
        print(f"khabar: [K001] {a.data} not found (UD Arabic-PUD lives in ../shared/data/ud/)", file=sys.stderr)
        return 2
    res = evaluate(a.data, with_tags=(kind == "pos"), limit=a.limit)
    res = {"kind": kind, **res}
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0
