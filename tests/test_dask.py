"""Dask: WARC bags, record bags and dataframe columns on a real LocalCluster.

The cluster has two worker processes; every result must equal the serial
one, and the CLI's records for the same archives.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator

import pytest

pytest.importorskip("dask.bag", reason="Dask is not installed (pip install 'cleanpage[dask]')")
distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")
pytest.importorskip("fastwarc", reason="FastWARC is not installed (pip install 'cleanpage[warc]')")

import dask.bag as db  # noqa: E402

from cleanpage import cli  # noqa: E402
from cleanpage.integrations.dask import (  # noqa: E402
    clean_column,
    clean_dicts,
    clean_records,
    clean_warc_paths,
    clean_warcs,
)
from cleanpage.warc import write_responses  # noqa: E402


def page(n: int) -> str:
    return (f"<html><head><title>Report {n}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Report {n}</h1><p>The river level at gauge {n} rose by {n} centimetres "
            f"overnight, the water office said in its morning bulletin.</p>"
            f"<p>Boats may use the lower quay again from gauge {n} once the level falls.</p></article>"
            f"<footer>Water office, all rights reserved</footer></body></html>")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("warcs")
    paths = []
    for a in range(3):
        path = root / f"crawl-{a}.warc.gz"
        write_responses(str(path), [(f"https://river.example/{a}/{i}", page(10 * a + i).encode(),
                                     "text/html; charset=utf-8") for i in range(8)])
        paths.append(str(path))
    return paths


def test_warc_bag_on_a_cluster_equals_serial_and_cli(client, archives, capsys, monkeypatch) -> None:
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    bag = clean_warcs(archives)
    assert bag.npartitions == 3
    records = bag.compute()
    assert len(records) == 24
    assert records == clean_warc_paths(archives)
    assert records[9]["url"] == "https://river.example/1/1"
    assert "gauge 11 rose by 11 centimetres" in records[9]["text"] and "Home" not in records[9]["text"]
    # the command line gives the very same records
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert cli.main(["--format", "jsonl", *archives]) == 0
    assert [json.loads(x) for x in capsys.readouterr().out.splitlines()] == records


def test_record_bag_and_dataframe_column(client) -> None:
    items = [{"id": i, "url": f"https://river.example/p/{i}", "html": page(i)} for i in range(12)]
    items[5] = {"id": 5, "url": "https://river.example/p/5"}  # no page: a failed record, not a gap
    records = clean_records(db.from_sequence(items, npartitions=4), label_field="id").compute()
    assert records == clean_dicts(items, label_field="id")
    assert [r["input"] for r in records] == [str(i) for i in range(12)]
    assert records[5]["status"] == "error" and "'html'" in records[5]["error"]

    pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install 'dask[dataframe]')")
    dd = pytest.importorskip("dask.dataframe", reason="dask.dataframe is not installed")
    frame = pd.DataFrame({"url": [f"https://river.example/p/{i}" for i in range(12)],
                          "html": [page(i) for i in range(12)]})
    texts = clean_column(dd.from_pandas(frame, npartitions=3), "html", url_column="url").compute()
    assert list(texts) == [r["text"] for r in clean_dicts(frame.to_dict("records"))]
    assert "gauge 7 rose by 7 centimetres" in texts.iloc[7]
