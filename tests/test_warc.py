"""WARC archives: written here with FastWARC's own writer, read back by cleanpage."""

from __future__ import annotations

import gzip
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

fastwarc = pytest.importorskip("fastwarc", reason="FastWARC is not installed (pip install 'cleanpage[warc]')")

from fastwarc import stream_io  # noqa: E402
from fastwarc.warc import WarcRecord, WarcRecordType  # noqa: E402

from cleanpage import cli  # noqa: E402
from cleanpage.warc import WarcStats, iter_warc, write_responses  # noqa: E402


def page(title: str, text: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1><p>{text}</p><p>{text} Once more, in other words.</p></article>"
            f"<footer>Contact us</footer></body></html>")


ENGLISH = page("Harbour news", "The new ferry will leave the harbour every thirty minutes from May.")
# Cyrillic in KOI8-R, declared only in the HTTP header: the hint must be used.
RUSSIAN = page("Новости", "Новый паром будет отходить от причала каждые тридцать минут с мая.")


def record(rtype: WarcRecordType, uri: str, block: bytes, content_type: str) -> WarcRecord:
    r = WarcRecord()
    r.init_headers(record_type=rtype)
    r.headers["WARC-Target-URI"] = uri
    r.headers["Content-Type"] = content_type
    r.set_bytes_content(block)
    return r


def http(status: str, headers: dict[str, str], body: bytes) -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode() + body


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A crawl-like archive: pages, a request, an image, a redirect, a broken record."""
    path = tmp_path / "crawl.warc.gz"
    resp = "application/http; msgtype=response"
    records = [
        record(WarcRecordType.warcinfo, "", b"software: test\r\n", "application/warc-fields"),
        record(WarcRecordType.request, "https://news.example/en", b"GET /en HTTP/1.1\r\n\r\n",
               "application/http; msgtype=request"),
        record(WarcRecordType.response, "https://news.example/en",
               http("200 OK", {"Content-Type": "text/html; charset=utf-8"}, ENGLISH.encode()), resp),
        record(WarcRecordType.response, "https://news.example/logo.png",
               http("200 OK", {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"), resp),
        record(WarcRecordType.response, "https://news.example/old",
               http("301 Moved Permanently", {"Content-Type": "text/html", "Location": "/en"}, b"<a>moved</a>"),
               resp),
        record(WarcRecordType.response, "https://news.example/ru",
               http("200 OK", {"Content-Type": "text/html; charset=koi8-r"}, RUSSIAN.encode("koi8-r")), resp),
        record(WarcRecordType.response, "https://news.example/broken",
               http("200 OK", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"not gzip at all"),
               resp),
        record(WarcRecordType.response, "https://news.example/zipped",
               http("200 OK", {"Content-Type": "application/xhtml+xml", "Content-Encoding": "gzip"},
                    gzip.compress(ENGLISH.replace("thirty", "forty").encode())), resp),
    ]
    out = stream_io.GzipWriter(str(path))
    for r in records:
        r.write(out)
        out.finish()  # one gzip member per record
    out.close()
    return path


def test_reads_html_responses_with_charset_hint_and_counts_the_rest(archive: Path) -> None:
    stats = WarcStats()
    jobs = list(iter_warc(str(archive), stats=stats))
    assert [j.url for j in jobs] == ["https://news.example/en", "https://news.example/ru",
                                     "https://news.example/broken", "https://news.example/zipped"]
    assert [j.label for j in jobs] == [f"{archive}#{n}" for n in (3, 6, 7, 8)]
    assert jobs[1].encoding == "koi8-r"  # from the HTTP header, passed to extract as a hint
    assert jobs[2].error is not None and "undecodable payload" in jobs[2].error
    assert b"forty minutes" in jobs[3].data  # Content-Encoding undone
    assert (stats.records, stats.pages, stats.undecodable, stats.ignored) == (8, 4, 1, 4)


def run(argv: list[str], capsys, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_on_an_archive_writes_jsonl_with_target_uris(archive: Path, capsys, monkeypatch) -> None:
    code, out, err = run([str(archive)], capsys, monkeypatch)
    assert code == 1  # the broken record is a failure, named
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["url"] for r in recs] == ["https://news.example/en", "https://news.example/ru",
                                        "https://news.example/broken", "https://news.example/zipped"]
    assert "every thirty minutes" in recs[0]["text"] and "Home" not in recs[0]["text"]
    assert "Новый паром будет отходить" in recs[1]["text"]
    assert recs[1]["encoding"] == "koi8-r"  # the HTTP charset, used by extract
    assert recs[2]["status"] == "error" and "undecodable payload" in recs[2]["error"]
    assert recs[3]["status"] == "ok" and "every forty minutes" in recs[3]["text"]
    assert f"cleanpage: {archive}#7: undecodable payload" in err
    assert "8 records, 4 HTML responses (1 undecodable), 4 other records ignored" in err
    assert "ok 3, failed 1, skipped 0" in err
    code2, out2, _ = run(["-j", "2", str(archive)], capsys, monkeypatch)
    assert (code2, out2) == (code, out)


def test_plain_warc_and_our_writer(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "small.warc"
    pages = [(f"https://site.example/{i}", page(f"Page {i}", f"Paragraph {i} of a story about boats.").encode(),
              "text/html; charset=utf-8") for i in range(3)]
    assert write_responses(str(path), pages) == 3
    code, out, _ = run(["--format", "jsonl", "--max-bytes", "100000", str(path)], capsys, monkeypatch)
    recs = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["url"] for r in recs] == [p[0] for p in pages]
    assert all(f"Paragraph {i} of a story" in r["text"] for i, r in enumerate(recs))
    # a payload over --max-bytes is skipped, counted, and named
    code, out, err = run(["--format", "jsonl", "--max-bytes", "100", str(path)], capsys, monkeypatch)
    assert code == 0 and {json.loads(x)["status"] for x in out.splitlines()} == {"skipped"}
    assert "ok 0, failed 0, skipped 3" in err


def test_truncated_archive_is_reported_not_dropped(archive: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.warc.gz"
    data = archive.read_bytes()
    cut.write_bytes(data[: len(data) - 40])
    jobs = list(iter_warc(str(cut)))
    assert jobs[0].url == "https://news.example/en" and jobs[0].error is None
    assert jobs[-1].error is not None  # the unreadable tail is one failed job


def test_reading_streams(tmp_path: Path) -> None:
    # Python-side memory while reading must not depend on the archive's size.
    body = page("Long page", "A paragraph about the harbour. " * 300).encode()  # ~10 kB
    peaks = []
    for n in (100, 1000):
        path = tmp_path / f"a{n}.warc.gz"
        write_responses(str(path), ((f"https://x.example/{i}", body, "text/html") for i in range(n)))
        tracemalloc.start()
        count = sum(1 for _ in iter_warc(str(path)))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert count == n
    assert peaks[1] < 4 * len(body) + 200_000 and peaks[1] < peaks[0] * 1.5 + 50_000
