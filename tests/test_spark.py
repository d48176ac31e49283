"""Spark ``mapPartitions``: the same records as serial, on a local[2] session.

Skipped when PySpark (or a Java runtime) is absent; ``tox -e spark`` installs
PySpark and runs this file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (tox -e spark, or pip install pyspark)")
if shutil.which("java") is None:
    pytest.skip("PySpark needs a Java runtime and none is on PATH", allow_module_level=True)
pytest.importorskip("fastwarc", reason="FastWARC is not installed (pip install 'cleanpage[warc]')")

from pyspark.sql import Row, SparkSession  # noqa: E402

from cleanpage.integrations.dask import clean_dicts, clean_warc_paths  # noqa: E402
from cleanpage.integrations.spark import clean_rows, clean_warc_files  # noqa: E402
from cleanpage.warc import write_responses  # noqa: E402


def page(n: int) -> str:
    return (f"<html><head><title>Notice {n}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Notice {n}</h1><p>Road {n} closes for resurfacing on the night of the "
            f"{n}th, and buses take the ring road instead.</p></article>"
            f"<footer>Roads office</footer></body></html>")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (SparkSession.builder.master("local[2]").appName("cleanpage-test")
               .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


def test_rows_and_warc_files(spark: SparkSession, tmp_path: Path) -> None:
    rows = [Row(url=f"https://roads.example/{i}", html=page(i)) for i in range(10)]
    df = spark.createDataFrame(rows)
    records = df.rdd.mapPartitions(clean_rows()).collect()
    assert df.rdd.getNumPartitions() >= 2
    assert records == clean_dicts([r.asDict() for r in rows])
    assert "Road 4 closes for resurfacing" in records[4]["text"] and "Home" not in records[4]["text"]

    paths = []
    for a in range(2):
        path = tmp_path / f"roads-{a}.warc.gz"
        write_responses(str(path), [(f"https://roads.example/{a}/{i}", page(i).encode(), "text/html")
                                    for i in range(5)])
        paths.append(str(path))
    from_warc = spark.sparkContext.parallelize(paths, 2).mapPartitions(clean_warc_files()).collect()
    assert from_warc == clean_warc_paths(paths) and len(from_warc) == 10
