"""The optional compiled builds (``setup.py``): the time stage (mypyc) and the model kernels (C).

Compiling itself takes a minute or more and needs mypy and a C compiler, so it is checked by
``.ci/run`` (the time tests run once against the compiled ``pip install .``), not here."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def setup_py() -> ModuleType:
    spec = importlib.util.spec_from_file_location("khabar_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # (setup() runs only as __main__)
    return mod


def test_every_time_module_but_sem_is_compiled(setup_py: ModuleType) -> None:
    modules = {Path(p).name for p in setup_py.COMPILED}
    on_disk = {p.name for p in (ROOT / "khabar" / "time").glob("*.py")}
    assert modules == on_disk - {"__init__.py", "sem.py"}
    assert {"stage.py", "parser.py", "resolve.py", "words.py"} <= modules
    assert all(p.startswith("khabar/time/") for p in setup_py.COMPILED)


@pytest.mark.parametrize(("argv", "env", "wanted"), [
    (["setup.py", "bdist_wheel"], {}, True),  # pip install . / a wheel
    (["setup.py", "bdist_wheel"], {"KHABAR_COMPILE": "0"}, False),
    (["setup.py", "editable_wheel", "--dist-info-dir", "x"], {}, False),  # pip install -e: sources stay live
    (["setup.py", "editable_wheel"], {"KHABAR_COMPILE": "1"}, True),
    (["setup.py", "develop"], {}, False),
    (["setup.py", "egg_info"], {}, False),  # metadata only
    (["setup.py", "dist_info"], {"KHABAR_COMPILE": "1"}, False),
    (["setup.py", "sdist"], {}, False),
    (["setup.py", "build_ext", "--inplace"], {"KHABAR_COMPILE": " 0 "}, False),
])
def test_when_setup_compiles(setup_py: ModuleType, argv: list[str], env: dict[str, str], wanted: bool) -> None:
    assert setup_py._wanted(argv, env) is wanted


@pytest.mark.parametrize(("argv", "env", "wanted"), [
    (["setup.py", "bdist_wheel"], {}, True),
    (["setup.py", "editable_wheel", "--dist-info-dir", "x"], {}, True),  # no Python twin to shadow
    (["setup.py", "editable_wheel"], {"KHABAR_COMPILE": "0"}, False),
    (["setup.py", "build_ext", "--inplace"], {"KHABAR_COMPILE": "1"}, True),
    (["setup.py", "egg_info"], {}, False),
    (["setup.py", "sdist"], {}, False),
])
def test_when_setup_builds_the_kernels(setup_py: ModuleType, argv: list[str], env: dict[str, str], wanted: bool) -> None:
    assert setup_py._kernels_wanted(argv, env) is wanted


def test_kernels_extension_is_the_module_native_imports(setup_py: ModuleType) -> None:
    assert setup_py.KERNELS == "khabar.models._kernels"
    assert (ROOT / "khabar" / "models" / "_kernels.c").is_file()


def test_build_reports_what_is_imported() -> None:
    from khabar.time import build, stage

    assert build() == ("python" if stage.__file__.endswith(".py") else "mypyc")


def test_version_names_the_time_stage_build(capsys: pytest.CaptureFixture[str]) -> None:
    from khabar.cli import main
    from khabar.time import build

    with pytest.raises(SystemExit):
        main(["--version"])
    assert f"(time stage: {build()}," in capsys.readouterr().out
