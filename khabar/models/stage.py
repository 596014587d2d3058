"""Pipeline factories for the shipped models: ``tagger`` (UPOS + lemma) and ``ner`` (entities).

Each model is loaded once per process and shared by every pipeline that asks for it.
"""

from __future__ import annotations

from typing import Any

from khabar.models.ner import NERStage
from khabar.models.tagger import TaggerStage

_LOADED: dict[str, Any] = {}


def make_tagger(options: dict[str, Any], config: Any) -> TaggerStage:
    """The POS/lemma tagger (``tagger@1``), trained on PADT."""
    if "tagger" not in _LOADED:
        _LOADED["tagger"] = TaggerStage()
    stage: TaggerStage = _LOADED["tagger"]
    return stage


def make_ner(options: dict[str, Any], config: Any) -> NERStage:
    """The entity recogniser, trained on ANERcorp, with the NORP lexicon layer: the network summed
    with the linear CRF (``ner@2``), or ``options={"model": "crf"}`` for the CRF alone."""
    kind = str(options.get("model", "") or "")
    if kind not in ("", "nn", "crf"):
        from khabar.errors import KhabarError

        raise KhabarError("K011", f"unknown NER model {kind!r} (nn or crf)")
    key = "ner:" + kind
    if key not in _LOADED:
        _LOADED[key] = NERStage(kind=kind)
    stage: NERStage = _LOADED[key]
    return stage
