"""Clean pages on a Dask cluster: bags of WARC files or records, dataframe columns.

Install with ``pip install 'cleanpage[dask]'``. Each function is lazy: it
returns a Dask collection; ``.compute()`` runs it on whatever scheduler is
active (a ``dask.distributed`` cluster, processes, threads). Records are
those of ``cleanpage --format jsonl`` (:func:`cleanpage.batch.process_job`),
so a page gives the same record here as on the command line::

    import dask.bag as db
    from cleanpage.integrations.dask import clean_warcs, clean_records, clean_column

    records = clean_warcs(["a.warc.gz", "b.warc.gz"])           # one partition per file
    pages = db.read_text("pages-*.jsonl").map(json.loads)
    cleaned = clean_records(pages, html_field="html", url_field="url")
    ddf["text"] = clean_column(ddf, "html", url_column="url")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..batch import Job, Settings, process_job
from ..warc import iter_warc


def _dask() -> Any:
    try:
        import dask.bag
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("the Dask helpers need Dask: pip install 'cleanpage[dask]'") from e
    return dask.bag


def clean_warc_paths(paths: Iterable[str], settings: Settings | None = None,
                     max_bytes: int | None = None) -> list[dict[str, Any]]:
    """Records of every HTML response in these WARC files, in order (one partition's work)."""
    settings = settings or Settings()
    return [process_job(job, settings)[1]
            for path in paths for job in iter_warc(path, max_bytes=max_bytes)]


def clean_dicts(items: Iterable[dict[str, Any]], settings: Settings | None = None, *,
                html_field: str = "html", url_field: str = "url",
                label_field: str | None = None) -> list[dict[str, Any]]:
    """Records for dicts holding a page (``html_field``) and its URL (``url_field``).

    A dict without a string page becomes a failed record, named by
    ``label_field`` (or the URL), never a silent gap.
    """
    settings = settings or Settings()
    out = []
    for item in items:
        url = item.get(url_field)
        url = url if isinstance(url, str) else None
        label = str(item.get(label_field)) if label_field else (url or "<record>")
        html = item.get(html_field)
        if isinstance(html, (str, bytes)):
            job = Job(label, data=html, url=url)
        else:
            job = Job(label, url=url, error=f"no string field {html_field!r}")
        out.append(process_job(job, settings)[1])
    return out


def clean_warcs(paths: Sequence[str], settings: Settings | None = None, *,
                max_bytes: int | None = None) -> Any:
    """A ``dask.bag.Bag`` of records from WARC files, one partition per file.

    Args:
        paths: ``.warc`` / ``.warc.gz`` files every worker can read.
        settings: pipelines and limits (default: presets by input kind).
        max_bytes: records with a larger payload are skipped (and say so).
    """
    bag = _dask()
    paths = list(paths)
    return bag.from_sequence(paths, npartitions=max(1, len(paths))).map_partitions(
        clean_warc_paths, settings=settings, max_bytes=max_bytes)


def clean_records(bag: Any, settings: Settings | None = None, *, html_field: str = "html",
                  url_field: str = "url", label_field: str | None = None) -> Any:
    """A bag of records from a bag of dicts holding pages (see :func:`clean_dicts`)."""
    return bag.map_partitions(clean_dicts, settings=settings, html_field=html_field,
                              url_field=url_field, label_field=label_field)


def _clean_series(frame: Any, column: str, url_column: str | None, settings: Settings | None) -> Any:
    import pandas as pd

    settings = settings or Settings()
    urls = frame[url_column] if url_column else [None] * len(frame)
    texts = []
    for html, url in zip(frame[column], urls, strict=True):
        url = url if isinstance(url, str) else None
        if isinstance(html, (str, bytes)):
            _, record, _ = process_job(Job(url or "<row>", data=html, url=url), settings)
            texts.append(record.get("text", ""))
        else:
            texts.append("")
    return pd.Series(texts, index=frame.index, name=f"{column}_text", dtype=object)


def clean_column(ddf: Any, column: str = "html", *, url_column: str | None = None,
                 settings: Settings | None = None) -> Any:
    """The clean text of a dask dataframe column of pages, as a dask Series.

    Rows whose page is missing or fails give ``""``; use :func:`clean_records`
    to see why.
    """
    return ddf.map_partitions(_clean_series, column, url_column, settings,
                              meta=(f"{column}_text", "object"))
