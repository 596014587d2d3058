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
    """The entity recogniser (``ner@1``), trained on ANERcorp, with the NORP lexicon layer."""
    if "ner" not in _LOADED:
        _LOADED["ner"] = NERStage()
    stage: NERStage = _LOADED["ner"]
    return stage
