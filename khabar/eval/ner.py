"""``khabar eval ner``: entity F1 on the ANERcorp CAMeL test split, through the analysis pipeline.

Each test sentence is given to the pipeline as its tokens joined by single spaces. A gold token
belongs to a predicted entity when the entity's span overlaps it, so a span that rightly leaves
out a clitic (و/ب/ل) still counts. Labels map PERSON→PERS, ORG→ORG, GPE/LOC/FAC→LOC, anything
else→MISC; NORP is not counted (ANERcorp leaves nationality adjectives untagged). A predicted
entity is right when its token span and label equal a gold entity's (exact match).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ANER = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "anercorp"
EVAL_MAP = {"PERSON": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
EVAL_STAGES = ("text", "tagger", "ner")  # the head of the default pipeline, up to NER


def read_anercorp(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences of (token, BIO tag) from an ANERcorp CAMeL split file."""
    sent: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if sent:
                    yield sent
                sent = []
                continue
            tok, tag = (parts[0], parts[-1]) if len(parts) > 1 else (parts[0], "O")
            sent.append((tok, tag))
    if sent:
        yield sent


def sentence_text(sent: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence as its tokens joined by single spaces, with each token's character span."""
    spans = []
    pos = 0
    for tok, _ in sent:
        spans.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return " ".join(t for t, _ in sent), spans


def gold_entities(tags: list[str]) -> set[tuple[int, int, str]]:
    from khabar.models.ner import bio_spans

    return set(bio_spans(tags))


def predicted_entities(doc: Any, spans: list[tuple[int, int]]) -> set[tuple[int, int, str]]:
    """Entities as (first token, last token + 1, ANERcorp label) over the gold tokens."""
    out = set()
    for e in doc.entities:
        if e.label == "NORP":
            continue
        idx = [i for i, (a, b) in enumerate(spans) if a < e.end and e.start < b]
        if idx:
            out.add((idx[0], idx[-1] + 1, EVAL_MAP.get(e.label, "MISC")))
    return out


def score(pairs: Iterator[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    for gold, pred in pairs:
        for g in gold:
            ngold[g[2]] += 1
        for p in pred:
            npred[p[2]] += 1
            if p in gold:
                tp[p[2]] += 1

    def prf(t: int, p: int, g: int) -> dict[str, float]:
        pr = t / p if p else 0.0
        rc = t / g if g else 0.0
        return {"precision": round(pr, 4), "recall": round(rc, 4),
                "f1": round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0, "gold": g}

    res: dict[str, Any] = prf(sum(tp.values()), sum(npred.values()), sum(ngold.values()))
    res["by_label"] = {lab: prf(tp[lab], npred[lab], ngold[lab]) for lab in sorted(ngold)}
    return res


def evaluate(path: Path, pipeline: Any = None, limit: int | None = None) -> dict[str, Any]:
    from khabar.doc import Doc

    if pipeline is None:
        from khabar.pipeline import Pipeline, PipelineConfig

        pipeline = Pipeline(PipelineConfig(stages=EVAL_STAGES))

    def pairs() -> Iterator[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]]:
        for n, sent in enumerate(read_anercorp(path)):
            if limit is not None and n >= limit:
                break
            text, spans = sentence_text(sent)
            doc = pipeline(Doc(text=text))
            yield gold_entities([t for _, t in sent]), predicted_entities(doc, spans)

    return score(pairs())


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="khabar eval ner", description=__doc__)
    ap.add_argument("--data", type=Path, default=ANER / "ANERCorp_CamelLab_test.txt",
                    help="an ANERcorp split file (default: the CAMeL test split)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    a = ap.parse_args(argv[1:])
    if not a.data.exists():
        print(f"khabar: [K001] {a.data} not found (ANERcorp lives in ../shared/data/anercorp/)", file=sys.stderr)
        return 2
    res = {"kind": "ner", "data": a.data.name, **evaluate(a.data, limit=a.limit)}
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0
