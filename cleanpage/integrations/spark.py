"""Clean pages with Spark: ``mapPartitions`` over rows or WARC paths.

Install PySpark yourself (``pip install 'cleanpage[spark]'``); cleanpage must
be installed on the executors too. Records are those of ``cleanpage
--format jsonl`` (:func:`cleanpage.batch.process_job`), so the same page
gives the same record on Spark, Dask or the command line::

    from cleanpage.integrations.spark import clean_rows, clean_warc_files

    records = df.rdd.mapPartitions(clean_rows(html_field="html", url_field="url"))
    records = sc.parallelize(paths, len(paths)).mapPartitions(clean_warc_files())
    spark.createDataFrame(records.map(lambda r: (r["url"], r["status"], r.get("text", ""))),
                          "url string, status string, text string")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..batch import Job, Settings, process_job
from ..warc import iter_warc

Partition = Callable[[Iterable[Any]], Iterator[dict[str, Any]]]


def _as_dict(row: Any) -> dict[str, Any]:
    if isinstance(row, dict):
        return row
    if hasattr(row, "asDict"):  # pyspark.sql.Row
        return row.asDict()
    raise TypeError(f"rows must be dicts or pyspark Rows, not {type(row).__name__}")


def clean_rows(settings: Settings | None = None, *, html_field: str = "html", url_field: str = "url",
               label_field: str | None = None) -> Partition:
    """A function for ``rdd.mapPartitions`` turning rows with pages into records.

    Args:
        settings: pipelines and limits (default: presets by input kind).
        html_field: the row field holding the page (str or bytes).
        url_field: the row field holding the page's URL.
        label_field: the field naming the row in records (default: the URL).
    """

    def partition(rows: Iterable[Any]) -> Iterator[dict[str, Any]]:
        s = settings or Settings()
        for row in rows:
            item = _as_dict(row)
            url = item.get(url_field)
            url = url if isinstance(url, str) else None
            label = str(item.get(label_field)) if label_field else (url or "<row>")
            html = item.get(html_field)
            if isinstance(html, bytearray):
                html = bytes(html)
            if isinstance(html, (str, bytes)):
                job = Job(label, data=html, url=url)
            else:
                job = Job(label, url=url, error=f"no string field {html_field!r}")
            yield process_job(job, s)[1]

    return partition


def clean_warc_files(settings: Settings | None = None, *, max_bytes: int | None = None) -> Partition:
    """A function for ``rdd.mapPartitions`` over WARC paths, yielding one record per page."""

    def partition(paths: Iterable[str]) -> Iterator[dict[str, Any]]:
        s = settings or Settings()
        for path in paths:
            for job in iter_warc(path, max_bytes=max_bytes):
                yield process_job(job, s)[1]

    return partition
