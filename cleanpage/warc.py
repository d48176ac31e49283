"""Read web pages out of WARC archives (``.warc``, ``.warc.gz``), streaming.

Uses FastWARC (``pip install cleanpage[warc]``), imported when first used.
:func:`iter_warc` yields one :class:`~cleanpage.batch.Job` per HTTP
response record with an HTML content type and a 2xx status, carrying the
record's target URI as ``url`` and the HTTP ``Content-Type`` charset as the
``encoding`` hint. Records are read one at a time, so memory does not grow
with the archive. A record that cannot be decoded (a broken
``Content-Encoding``, a payload over the size limit) is not dropped
silently: it becomes a failed (or skipped) job, named ``path#N``, and is
counted in :class:`WarcStats`.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .api import looks_like_html
from .batch import Job

log = logging.getLogger(__name__)

#: Suffixes read as WARC archives.
WARC_SUFFIXES = (".warc", ".warc.gz")
#: HTTP content types taken as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Content-Encodings we can undo (``identity`` needs nothing).
_ZLIB_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def is_warc_name(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


@dataclass
class WarcStats:
    """Counters for the records of one or more archives.

    Attributes:
        records: every record read.
        pages: HTML responses yielded as jobs (including undecodable ones).
        undecodable: pages whose payload could not be read or decoded.
        ignored: records that are not 2xx HTML responses (requests,
            metadata, images, redirects...).
    """

    records: int = 0
    pages: int = 0
    undecodable: int = 0
    ignored: int = 0

    def line(self) -> str:
        return (f"{self.records} records, {self.pages} HTML responses "
                f"({self.undecodable} undecodable), {self.ignored} other records ignored")


def _fastwarc() -> Any:
    try:
        from fastwarc import warc
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("reading WARC files needs FastWARC: pip install 'cleanpage[warc]'") from e
    return warc


def _decode_content(body: bytes, coding: str | None, max_bytes: int | None) -> bytes:
    coding = (coding or "identity").strip().lower()
    if coding in ("", "identity", "none"):
        return body
    if coding not in _ZLIB_WBITS:
        raise ValueError(f"unsupported Content-Encoding {coding!r}")
    d = zlib.decompressobj(_ZLIB_WBITS[coding])
    # Bounded: a small compressed record must not expand past the limit.
    out = d.decompress(body, (max_bytes + 1) if max_bytes is not None else 0)
    if not d.eof:
        if max_bytes is not None and len(out) > max_bytes:
            return out
        raise ValueError(f"truncated {coding} Content-Encoding")
    return out


def iter_warc(path: str, *, out_name: str | None = None, max_bytes: int | None = None,
              stats: WarcStats | None = None) -> Iterator[Job]:
    """One job per HTML response record of a WARC archive, in archive order.

    Args:
        path: a ``.warc`` or ``.warc.gz`` file (compression is detected).
        out_name: relative output name for ``-o DIR`` (default: ``path``).
        max_bytes: records with a larger payload become skipped jobs.
        stats: counters updated as records are read.
    """
    warc = _fastwarc()
    stats = stats if stats is not None else WarcStats()
    out_name = out_name or path
    n = 0
    try:
        it = warc.ArchiveIterator(path, record_types=warc.WarcRecordType.any_type, parse_http=False,
                                  fsspec_args=False)
        for record in it:
            n += 1
            stats.records += 1
            job = _job(warc, record, f"{path}#{n}", out_name, n, max_bytes, stats)
            if job is not None:
                yield job
    except OSError as e:
        # The rest of the archive cannot be read: one failed job says so.
        stats.undecodable += 1
        yield Job(f"{path}#{n + 1}", out_name=out_name, member=n + 1,
                  error=f"archive unreadable from record {n + 1} on: {e}")


def _job(warc: Any, record: Any, label: str, out_name: str, n: int,
         max_bytes: int | None, stats: WarcStats) -> Job | None:
    if record.record_type != warc.WarcRecordType.response:
        stats.ignored += 1
        return None
    url = record.headers.get("WARC-Target-URI")
    try:
        record.parse_http()
        status = record.http_headers.status_code
    except Exception as e:  # noqa: BLE001 - any parse failure is an undecodable record
        stats.pages += 1
        stats.undecodable += 1
        return Job(label, url=url, out_name=out_name, member=n, error=f"undecodable HTTP headers: {e}")
    ctype = record.http_content_type
    if status is None or not 200 <= status < 300:
        stats.ignored += 1
        return None
    limit = max_bytes + 1 if max_bytes is not None else -1
    body = record.reader.read(limit)
    if ctype is None and not looks_like_html(body):
        stats.ignored += 1
        return None
    if ctype is not None and ctype.lower() not in HTML_TYPES:
        stats.ignored += 1
        return None
    stats.pages += 1
    if max_bytes is not None and len(body) > max_bytes:
        return Job(label, url=url, out_name=out_name, member=n, skip=f"larger than {max_bytes} bytes")
    try:
        body = _decode_content(body, record.http_headers.get("Content-Encoding"), max_bytes)
    except (ValueError, zlib.error) as e:
        stats.undecodable += 1
        return Job(label, url=url, out_name=out_name, member=n, error=f"undecodable payload: {e}")
    return Job(label, data=body, url=url, encoding=record.http_charset, out_name=out_name, member=n)


def write_responses(path: str, pages: Iterable[tuple[str, bytes, str]], *,
                    extra_headers: Iterable[tuple[str, str]] = ()) -> int:
    """Write HTTP response records to a WARC file with FastWARC's writer.

    For fixtures and benchmarks: each page is ``(url, body, content_type)``;
    a ``.gz`` path is written with one gzip member per record, as archives
    usually are.

    Args:
        path: the archive to create.
        pages: the responses to write.
        extra_headers: HTTP headers added to every response.

    Returns:
        The number of records written.
    """
    warc = _fastwarc()
    from fastwarc import stream_io

    gz = path.lower().endswith(".gz")
    out: Any = stream_io.GzipWriter(path) if gz else open(path, "wb")
    extra = "".join(f"{k}: {v}\r\n" for k, v in extra_headers)
    count = 0
    try:
        for url, body, ctype in pages:
            record = warc.WarcRecord()
            record.init_headers(record_type=warc.WarcRecordType.response)
            record.headers["WARC-Target-URI"] = url
            record.headers["Content-Type"] = "application/http; msgtype=response"
            head = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
            record.set_bytes_content(head.encode("latin-1") + body)
            record.write(out)
            if gz:
                out.finish()  # ends this record's gzip member
            count += 1
    finally:
        out.close()
    return count
