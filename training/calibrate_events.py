"""Fit the events stage's confidence model on the regression suite (tests/gold).

Runs the pipeline on every gold folder, labels each system event 1 when it matches a
non-optional gold event (the GOLD.md matching of ``khabar eval events``) and 0 when it matches
nothing (events matched to optional gold are left out), and fits a logistic regression over the
stage's record features (``khabar.events.confidence.FEATURES``). Writes
``khabar/events/data/calibration.json`` with the weights and the fit's Brier score and expected
calibration error (10 bins) before and after. Run: ``python training/calibrate_events.py``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "khabar" / "events" / "data" / "calibration.json"


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    tot = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (p >= lo) & (p < hi if hi < 1 else p <= hi)
        if m.any():
            tot += m.mean() * abs(p[m].mean() - y[m].mean())
    return float(tot)


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    import khabar.events.confidence as st
    from khabar.eval.events import compatible, gold_events, score_overlap
    from khabar.eval.gold import find_gold_dirs, greedy_match, load_gold_dir
    from khabar.pipeline import Pipeline, PipelineConfig

    st.CALIBRATION = ([1.0] + [0.0] * (len(st.FEATURES) - 1), 0.0)  # the prior alone while collecting
    stages = ("text", "actors", "time", "attribution", "events")
    try:
        pipe = Pipeline()
    except Exception:  # noqa: BLE001 - models not trained in this checkout: the stages that load
        pipe = Pipeline(PipelineConfig(stages=stages))
    X: list[list[float]] = []
    y: list[int] = []
    for d in find_gold_dirs([ROOT / "tests" / "gold"]):
        gd = load_gold_dir(d)
        doc = pipe(pipe.make_doc(gd.text, date=gd.date))
        gold = gold_events(gd)
        pairs = {j: i for i, j in greedy_match(gold, doc.events, lambda g, e, gd=gd: compatible(gd, g, e),
                                               score_overlap)}
        feats = doc.user.get("event_features", {})
        for j, e in enumerate(doc.events):
            if j in pairs and gold[pairs[j]].optional:
                continue
            X.append(feats[e.id])
            y.append(int(j in pairs))
    Xa, ya = np.array(X), np.array(y)
    prior = 1 / (1 + np.exp(-Xa[:, 0]))
    model = LogisticRegression(C=1.0, max_iter=1000).fit(Xa, ya)
    post = model.predict_proba(Xa)[:, 1]
    report = {
        "features": list(st.FEATURES), "coef": [round(float(c), 4) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "source": f"tests/gold ({len(set(map(str, find_gold_dirs([ROOT / 'tests' / 'gold']))))} articles, "
                  f"{len(y)} system events, {int(ya.sum())} correct)",
        "brier_prior": round(float(np.mean((prior - ya) ** 2)), 4), "brier": round(float(np.mean((post - ya) ** 2)), 4),
        "ece_prior": round(ece(prior, ya), 4), "ece": round(ece(post, ya), 4),
    }
    OUT.write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
