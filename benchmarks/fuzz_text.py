"""Coverage-guided fuzzing of the text layer and the full pipeline with atheris (not run in CI).

Each case: bytes -> decoded with khabar's decoder (errors must be KhabarError) -> analysed;
every span must match the text. Stops after ``--runs`` cases; libFuzzer prints "Done N runs".

    pip install atheris
    python benchmarks/fuzz_text.py --runs 100000 [--full]
"""

from __future__ import annotations

import argparse
import sys

import atheris

with atheris.instrument_imports():
    from khabar.doc import Doc
    from khabar.errors import KhabarError
    from khabar.io import decode_bytes
    from khabar.pipeline import Pipeline, PipelineConfig

COUNT = [0]


def make_target(full: bool):  # type: ignore[no-untyped-def]
    pipe = Pipeline() if full else Pipeline(PipelineConfig(stages=("text",)))

    def target(data: bytes) -> None:
        COUNT[0] += 1
        try:
            text = decode_bytes(data, "fuzz")
            doc = pipe(text, date="2023-11-08")
        except KhabarError:
            return
        d = doc.to_json()
        again = Doc.from_json(d)  # validate(): raises on any bad span
        for t in doc.tokens:
            if doc.text[t.start:t.end] != t.text:
                raise AssertionError(f"token span mismatch {t}")
        assert again.text == text

    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--full", action="store_true", help="fuzz the full pipeline, not only the text layer")
    a, rest = ap.parse_known_args()
    atheris.Setup([sys.argv[0], f"-runs={a.runs}", "-max_len=4096", *rest], make_target(a.full))
    try:
        atheris.Fuzz()
    finally:
        print(f"fuzz cases run: {COUNT[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
