"""The optional C kernels (``_kernels.c``: the news LM's GRU recurrence, the batched Viterbi).

``setup.py`` builds them when a C compiler is there; without them (or with ``KHABAR_KERNELS=numpy``
in the environment, to compare) the numpy versions run, with the same output.
"""

from __future__ import annotations

import os
from types import ModuleType


def _load() -> ModuleType | None:
    if os.environ.get("KHABAR_KERNELS", "").strip().lower() == "numpy":
        return None
    try:
        from khabar.models import _kernels  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _kernels


kernels: ModuleType | None = _load()


def build() -> str:
    """"C" when the compiled kernels run, "numpy" otherwise."""
    return "numpy" if kernels is None else "C"
