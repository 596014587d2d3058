"""Engines: the local multi-process runner and the Spark adapter give the same documents."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from khabar.engines.local import analyze_many
from khabar.engines.tables import doc_rows
from khabar.pipeline import PipelineConfig

ARTICLES = [
    ("a1", "قال وزير الخارجية الأمريكي إن بلاده ستعقد محادثات مع الصين في بكين الأسبوع المقبل.", "2023-11-08"),
    ("a2", "شنت القوات الإسرائيلية غارات على قطاع غزة أمس، فيما نددت جامعة الدول العربية بالهجوم.", "2023-10-20"),
    ("a3", "وقعت مصر والسودان اتفاقية للتعاون الأمني في القاهرة يوم الأحد.", "2024-03-12"),
    ("a4", "تظاهر آلاف المحتجين في بغداد للمطالبة بإصلاحات سياسية، وفقاً لمصادر أمنية.", "2019-10-02"),
    ("a5", "", "2020-01-01"),  # empty: an error row, never a crash
]


def _jobs():  # type: ignore[no-untyped-def]
    return [(i, t, d, None) for i, t, d in ARTICLES]


def test_local_workers_match_single_process() -> None:
    one = list(analyze_many(_jobs(), PipelineConfig(), workers=1))
    two = list(analyze_many(_jobs(), PipelineConfig(), workers=2))
    assert [s for s, _ in one] == ["ok", "ok", "ok", "ok", "error"]
    assert one == two
    assert "[K004]" in one[-1][1]
    assert [json.loads(p)["id"] for s, p in one if s == "ok"] == ["a1", "a2", "a3", "a4"]


def test_tables_have_one_row_per_record() -> None:
    status, payload = next(iter(analyze_many(_jobs()[:1], PipelineConfig())))
    d = json.loads(payload)
    rows = doc_rows(d)
    assert len(rows["documents"]) == 1 and rows["documents"][0]["doc_id"] == "a1"
    assert len(rows["events"]) == len(d["events"])
    assert len(rows["attributions"]) == len(d["attributions"])


@pytest.mark.spark
def test_spark_local_mode_matches_local_path(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    pytest.importorskip("pandas")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java for Spark")
    from pyspark.sql import SparkSession

    from khabar.engines.spark import run_job

    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(json.dumps({"id": i, "text": t, "date": d}, ensure_ascii=False)
                             for i, t, d in ARTICLES), encoding="utf-8")
    spark = (SparkSession.builder.master("local[2]").appName("khabar-test")
             .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    try:
        counts = run_job(spark, str(inp), str(tmp_path / "out"), PipelineConfig(), partitions=2)
        events = [r.asDict() for r in spark.read.parquet(str(tmp_path / "out" / "events")).collect()]
        docs = spark.read.parquet(str(tmp_path / "out" / "documents")).collect()
    finally:
        spark.stop()
    assert counts["documents"] == 4 and counts["failed"] == 1
    local_events = []
    for status, payload in analyze_many(_jobs(), PipelineConfig()):
        if status == "ok":
            local_events.extend(doc_rows(json.loads(payload))["events"])

    def key(r: dict) -> tuple:  # type: ignore[type-arg]
        return (r["doc_id"], r["event_id"], r["event"], r["trigger_start"], r["actor_codes"],
                r["recipient_codes"], r["status"], r["date"])

    assert sorted(map(key, events)) == sorted(map(key, local_events))
    by_id = {r["doc_id"]: json.loads(r["json"]) for r in docs}
    for status, payload in analyze_many(_jobs(), PipelineConfig()):
        if status == "ok":
            d = json.loads(payload)
            assert by_id[d["id"]]["events"] == d["events"]
