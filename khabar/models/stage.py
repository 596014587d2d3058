"""PLACEHOLDER tagger and NER stages: pass the document through until the trained models land."""

from __future__ import annotations

from typing import Any

from khabar.doc import Doc


class _Stage:
    requires: tuple[str, ...] = ("tokens",)
    provides: tuple[str, ...] = ()

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


def make_tagger(options: dict[str, Any], config: Any) -> _Stage:
    return _Stage("tagger@0")


def make_ner(options: dict[str, Any], config: Any) -> _Stage:
    return _Stage("ner@0")
