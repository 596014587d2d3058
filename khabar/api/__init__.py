"""khabar's HTTP API: ``from khabar.api import create_app`` (needs the ``api`` extra: FastAPI, uvicorn)."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":  # imported on use, so ``import khabar.api.corpus`` stays light
        from khabar.api.app import create_app

        return create_app
    raise AttributeError(name)
