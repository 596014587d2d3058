"""``khabar spark-run``: analyse a JSONL corpus on Apache Spark and write Parquet tables."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from khabar.commands.analyze import add_pipeline_options, config_from_args
from khabar.errors import KhabarError


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "spark-run", help="run the pipeline on Apache Spark (pip install 'khabar[spark]')",
        description="Analyse JSONL articles (fields text/content/body, id/url, date/published …) on Spark. "
        "Each executor builds the pipeline once and reads its own input splits. Writes Parquet tables "
        "OUTPUT/documents, OUTPUT/events, OUTPUT/attributions and OUTPUT/errors. Paths may be any "
        "Hadoop-compatible URI (s3a://, hdfs://, file://).",
    )
    p.add_argument("--input", required=True, help="JSONL file(s), glob or folder")
    p.add_argument("--output", required=True, help="output folder for the Parquet tables")
    p.add_argument("--master", default=None,
                   help="Spark master (default: from spark-submit, else local[*])")
    p.add_argument("--partitions", type=int, default=None, help="repartition the input to N splits")
    add_pipeline_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise KhabarError("K016", "pyspark is not installed: pip install 'khabar[spark]'") from None
    from khabar.engines.spark import run_job

    builder = SparkSession.builder.appName("khabar")
    if args.master:
        builder = builder.master(args.master)
    if (args.master or "").startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false")
    spark = builder.getOrCreate()
    try:
        counts = run_job(spark, args.input, args.output, config_from_args(args), args.partitions)
    finally:
        spark.stop()
    print(json.dumps(counts), file=sys.stderr)
    return 0 if counts["failed"] == 0 else 1


if __name__ == "__main__":  # spark-submit …/spark_run.py --input … --output …
    from khabar.cli import main

    sys.exit(main(["spark-run", *sys.argv[1:]]))
