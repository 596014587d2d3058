"""Apache Spark adapter (optional extra ``khabar[spark]``); the core never imports this module.

Each executor builds the pipeline once per Python worker from a picklable
:class:`~khabar.pipeline.PipelineConfig` and analyses the input splits it reads itself
(``spark.read.json`` on any Hadoop-compatible path), so no article text goes through the
driver. Output: Parquet tables ``documents``, ``events`` and ``attributions``.

In an existing job::

    from khabar.engines.spark import analyze_dataframe
    docs = analyze_dataframe(df.select("id", "text", "date"))   # adds a khabar/1 "json" column
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from khabar.engines.tables import ATTRIBUTION_COLUMNS, DOC_COLUMNS, EVENT_COLUMNS, doc_rows
from khabar.io import DATE_FIELDS, ID_FIELDS, TEXT_FIELDS
from khabar.pipeline import PipelineConfig

ANALYSED_SCHEMA = "id string, ok boolean, error string, json string"
_TYPES = {
    "n_sentences": "int", "n_events": "int", "n_attributions": "int", "trigger_start": "int",
    "trigger_end": "int", "sentence": "int", "quad_class": "int", "goldstein": "double",
    "confidence": "double", "source_count": "int", "direct": "boolean",
}
_PIPELINES: dict[str, Any] = {}


def _schema(cols: tuple[str, ...]) -> str:
    return ", ".join(f"`{c}` {_TYPES.get(c, 'string')}" for c in cols)


def make_analyzer(config: PipelineConfig | None = None) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """A ``mapInPandas`` function: (id, text, date) frames in, (id, ok, error, json) frames out."""
    config = config or PipelineConfig()
    key = repr(config)

    def analyze(frames: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from khabar.engines import local
        from khabar.engines.local import _init, _run

        if _PIPELINES.get("key") != key:  # once per Python worker process
            _init(config)
            _PIPELINES["key"] = key
        assert local._PIPELINE is not None
        for frame in frames:
            out = []
            for id_, text, date in zip(frame["id"], frame["text"], frame["date"], strict=True):
                date_s = str(date)[:10] if isinstance(date, str) and date else None
                status, payload = _run((str(id_) if id_ else "", text or "", date_s, None))
                doc_id = json.loads(payload)["id"] if status == "ok" else (str(id_) if id_ else "")
                out.append({"id": doc_id, "ok": status == "ok", "error": None if status == "ok" else payload,
                            "json": payload if status == "ok" else None})
            yield pd.DataFrame(out, columns=["id", "ok", "error", "json"])

    return analyze


def _flattener(table: str, cols: tuple[str, ...]) -> Callable[[Iterator[Any]], Iterator[Any]]:
    def flatten(frames: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for frame in frames:
            rows: list[dict[str, Any]] = []
            for js in frame["json"]:
                if js:
                    rows.extend(doc_rows(json.loads(js))[table])
            yield pd.DataFrame(rows, columns=list(cols))

    return flatten


def normalise_columns(df: Any) -> Any:
    """Select (id, text, date) from whatever common field names the input uses."""
    from pyspark.sql import functions as F

    cols = set(df.columns)

    def first(names: tuple[str, ...]) -> Any:
        for n in names:
            if n in cols:
                return F.col(n).cast("string")
        return F.lit(None).cast("string")

    if not any(n in cols for n in TEXT_FIELDS):
        from khabar.errors import KhabarError

        raise KhabarError("K016", f"input has no text column (looked for {', '.join(TEXT_FIELDS)})")
    return df.select(first(ID_FIELDS).alias("id"), first(TEXT_FIELDS).alias("text"),
                     first(DATE_FIELDS).alias("date"))


def analyze_dataframe(df: Any, config: PipelineConfig | None = None) -> Any:
    """Analyse a DataFrame with columns (id, text, date); returns (id, ok, error, json)."""
    return df.mapInPandas(make_analyzer(config), ANALYSED_SCHEMA)


def run_job(spark: Any, input_path: str, output_path: str, config: PipelineConfig | None = None,
            partitions: int | None = None) -> dict[str, int]:
    """Read JSONL from ``input_path``, analyse, and write Parquet tables under ``output_path``."""
    df = normalise_columns(spark.read.json(input_path))
    if partitions:
        df = df.repartition(partitions)
    analysed = analyze_dataframe(df, config).persist()
    docs = analysed.where("ok").mapInPandas(_flattener("documents", DOC_COLUMNS), _schema(DOC_COLUMNS))
    events = analysed.where("ok").mapInPandas(_flattener("events", EVENT_COLUMNS), _schema(EVENT_COLUMNS))
    atts = analysed.where("ok").mapInPandas(_flattener("attributions", ATTRIBUTION_COLUMNS),
                                            _schema(ATTRIBUTION_COLUMNS))
    base = output_path.rstrip("/")
    docs.write.mode("overwrite").parquet(f"{base}/documents")
    events.write.mode("overwrite").parquet(f"{base}/events")
    atts.write.mode("overwrite").parquet(f"{base}/attributions")
    analysed.where("not ok").select("id", "error").write.mode("overwrite").parquet(f"{base}/errors")
    counts = {
        "documents": analysed.where("ok").count(), "failed": analysed.where("not ok").count(),
        "events": spark.read.parquet(f"{base}/events").count(),
    }
    analysed.unpersist()
    return counts
