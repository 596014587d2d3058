"""Coverage-guided fuzzing of the text layer and the full pipeline with atheris (not run in CI).

Each case: bytes -> decoded with khabar's decoder (errors must be KhabarError) -> analysed;
every span must match the text. Stops after ``--runs`` cases; libFuzzer prints "Done N runs".

    pip install atheris
    python benchmarks/fuzz_text.py --runs 100000 [--full | --query]

``--query`` fuzzes the store's full-text search instead: each input is a ``text`` filter on an
in-memory SQLite store (FTS5 MATCH built from the query words); the only allowed failure is
``K017`` (no words), never a database error.
"""

from __future__ import annotations

import argparse
import sys

import atheris
import sqlalchemy  # noqa: F401 - imported first, so that only khabar's own modules are instrumented

with atheris.instrument_imports():  # the modules whose branches guide the fuzzer
    import khabar.store.query
    import khabar.store.rows
    import khabar.text.clitics
    import khabar.text.normalize
    import khabar.text.sentences
    import khabar.text.stage
    import khabar.text.tokenize  # noqa: F401
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


def make_query_target():  # type: ignore[no-untyped-def]
    """Fuzz the store's text search: any decoded input as a ``text`` filter."""
    from khabar.store import open_store

    store = open_store(":memory:")
    pipe = Pipeline(PipelineConfig(stages=("text",)))
    store.add_documents([pipe(pipe.make_doc("اتهمت إيران السعودية بدعم المتمردين في اليمن.", date="2015-07-20"))])

    def target(data: bytes) -> None:
        COUNT[0] += 1
        try:
            text = decode_bytes(data, "fuzz")
        except KhabarError:
            return
        try:
            store.counts({"text": text})
        except KhabarError as e:
            if e.code != "K017":
                raise

    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--full", action="store_true", help="fuzz the full pipeline, not only the text layer")
    ap.add_argument("--query", action="store_true", help="fuzz the store's full-text query instead")
    a, rest = ap.parse_known_args()
    target = make_query_target() if a.query else make_target(a.full)
    atheris.Setup([sys.argv[0], f"-runs={a.runs}", "-max_len=4096", *rest], target)
    try:
        atheris.Fuzz()
    finally:
        print(f"fuzz cases run: {COUNT[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
