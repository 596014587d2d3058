"""Confidence of an event record: a logistic model over how the record was built, fitted on the
regression suite (``training/calibrate_events.py``)."""

from __future__ import annotations

import json
import math

from khabar.events.lexicon import shipped_text
from khabar.events.records import Cand

FEATURES = ("prior_logit", "prodrop", "no_actor", "no_recipient", "noun", "cue_status", "parties")


def features(c: Cand) -> list[float]:
    """What the confidence model sees: the prior (entry reliability × argument completeness, as a
    logit) and how the record was built."""
    p = c.entry.weight
    p *= 1.0 if c.actor else 0.75
    if c.prodrop:
        p *= 0.85
    if c.entry.event in ("COOPERATE", "AID", "SANCTION") and not c.recipient:
        p *= 0.9
    z = math.log(max(p, 1e-4) / max(1 - p, 1e-4))
    parties = len({p.code for p in c.actor + c.recipient})
    return [z, float(c.prodrop), float(not c.actor), float(not c.recipient), float(c.form.pos == "N"),
            float(c.cue_status), float(min(parties, 4))]


def _load_calibration() -> tuple[list[float], float]:
    """Logistic-regression weights over FEATURES fitted on the regression suite (training/calibrate_events.py);
    without the file, confidence is the prior itself."""
    try:
        d = json.loads(shipped_text("calibration.json"))
        if list(d.get("features", [])) == list(FEATURES):
            return [float(x) for x in d["coef"]], float(d["intercept"])
    except (FileNotFoundError, ValueError, KeyError):
        pass
    return [1.0] + [0.0] * (len(FEATURES) - 1), 0.0


CALIBRATION = _load_calibration()


def confidence(c: Cand) -> float:
    """Probability the record is right (see README "Confidence")."""
    coef, b = CALIBRATION
    z = b + sum(w * x for w, x in zip(coef, features(c), strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
