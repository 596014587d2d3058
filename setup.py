"""Build hook: the optional compiled modules. The metadata lives in ``pyproject.toml``.

Two kinds, each also present as plain Python/numpy with the same output, so a build without
them only runs slower:

- the time stage (``khabar/time``) compiled to C with mypyc: about 1.5x faster
  (``benchmarks/bench_time.py`` says which build it measured);
- ``khabar/models/_kernels.c``, the news LM's GRU recurrence and the batched Viterbi of the
  taggers (``benchmarks/bench_models.py`` says whether it ran).

``KHABAR_COMPILE`` chooses:

- unset: both for ``pip install .`` and wheels; for editable installs (``pip install -e``) only
  the kernels: a mypyc module next to its source would shadow every later edit of that source,
  while the kernels have no Python twin to shadow (rebuild after editing ``_kernels.c``);
- ``0``: never compile (pure Python everywhere);
- ``1``: compile both, editable installs included (rebuild after editing ``khabar/time``).

Without mypy (an offline ``--no-build-isolation`` build) or a C compiler the build warns and
installs without the module it could not build instead of failing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
# every module of the time stage but sem.py (its Sem swaps in a prebuilt __dict__, which a
# compiled class does not allow; the compiled modules use it as a plain Python class)
COMPILED = sorted(
    str(p.relative_to(HERE)) for p in (HERE / "khabar" / "time").glob("*.py") if p.name not in {"__init__.py", "sem.py"}
)
KERNELS = "khabar.models._kernels"
_BUILD_COMMANDS = {"bdist_wheel", "build", "build_ext", "install", "editable_wheel", "develop"}
_EDITABLE_COMMANDS = {"editable_wheel", "develop"}


def _warn(msg: str) -> None:
    print(f"khabar setup: {msg}", file=sys.stderr)


def _wanted(argv: list[str] | None = None, env: dict[str, str] | None = None) -> bool:
    """Whether this run of setup.py should compile (see the module docstring)."""
    choice = (os.environ if env is None else env).get("KHABAR_COMPILE", "").strip()
    commands = set((sys.argv if argv is None else argv)[1:])
    if choice == "0" or not commands & _BUILD_COMMANDS:
        return False  # (metadata and sdist runs never need the extensions)
    if commands & _EDITABLE_COMMANDS and choice != "1":
        return False
    return True


def _kernels_wanted(argv: list[str] | None = None, env: dict[str, str] | None = None) -> bool:
    """Whether this run of setup.py should build the C kernels (see the module docstring)."""
    choice = (os.environ if env is None else env).get("KHABAR_COMPILE", "").strip()
    return choice != "0" and bool(set((sys.argv if argv is None else argv)[1:]) & _BUILD_COMMANDS)


def _extensions() -> list[Any]:
    kernels = [Extension(KERNELS, ["khabar/models/_kernels.c"], extra_compile_args=["-O3", "-fno-trapping-math"])] if _kernels_wanted() else []
    return kernels + _mypyc_extensions()


def _mypyc_extensions() -> list[Any]:
    if not _wanted():
        return []
    if os.environ.get("KHABAR_COMPILE", "").strip() not in {"", "0", "1"}:
        _warn(f"KHABAR_COMPILE={os.environ['KHABAR_COMPILE']!r} is not 0 or 1: compiling (the default)")
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypy (mypyc) is not installed: building the pure-Python package")
        return []
    try:
        return list(mypycify(COMPILED, opt_level="3", group_name="khabar_time"))
    except BaseException as e:  # mypyc exits through SystemExit on a type error
        _warn(f"mypyc could not compile khabar/time ({e!r}): building the pure-Python package")
        return []


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python when the C compiler fails: without the kernels when
    they fail; without any mypyc module when one fails (removing those already built, so that no
    partial set of them is installed)."""

    def build_extension(self, ext: Any) -> None:
        if ext.name != KERNELS:
            super().build_extension(ext)
            return
        try:
            super().build_extension(ext)
        except Exception as e:  # (distutils' CompileError and friends)
            _warn(f"compiling the C kernels failed ({e}): the models will run on numpy alone")
            path = self.get_ext_fullpath(ext.name)
            if os.path.exists(path):
                os.remove(path)

    def run(self) -> None:
        try:
            super().run()
        except Exception as e:  # (no compiler at all, or a mypyc module failed)
            _warn(f"compiling failed ({e}): installing the pure-Python package")
            for ext in self.extensions:
                for path in (self.get_ext_fullpath(ext.name),):
                    if os.path.exists(path):
                        os.remove(path)
            self.extensions = []


if __name__ == "__main__":  # (setuptools runs this file as __main__; tests import it)
    setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
