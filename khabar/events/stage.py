"""PLACEHOLDER events stage: passes the document through until the real stage lands."""

from __future__ import annotations

from typing import Any

from khabar.doc import Doc


class _Stage:
    name = "events@0"
    requires: tuple[str, ...] = ("tokens",)
    provides: tuple[str, ...] = ()

    def __call__(self, doc: Doc) -> Doc:
        return doc


def make_stage(options: dict[str, Any], config: Any) -> _Stage:
    return _Stage()
