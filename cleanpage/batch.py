"""Clean many documents: in input order, in parallel, one bad page at a time.

A batch is a stream of :class:`Job` (a file to read, or bytes already in
hand with their URL and charset hint) turned into a stream of
:class:`Outcome` in the same order. Sources of jobs live here too, so the
CLI, the Dask and Spark helpers and the Scrapy pipeline all clean pages the
same way and produce the same records:

- :func:`iter_paths` expands files and directories (recursively, by glob);
- :func:`iter_jsonl` reads ``{"url": ..., "html": ...}`` lines;
- :mod:`cleanpage.warc` reads HTTP responses out of WARC archives.

:func:`run_batch` with ``jobs=1`` cleans in this process. With ``jobs>1``
(or ``isolate=True``) it hands chunks of jobs to worker processes and
watches them: a document that takes longer than ``timeout`` seconds, or
that kills its worker, is reported as failed by name, its worker is
replaced and the batch goes on. Records are identical whatever ``jobs`` is,
because both paths call :func:`process_job`.

Errors have one policy: filters do not catch exceptions, this module does,
per document.
"""

from __future__ import annotations

import fnmatch
import gzip
import inspect
import json
import logging
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any, Literal

from .api import Result, extract, looks_like_html
from .pipeline import Pipeline

log = logging.getLogger(__name__)

State = Literal["ok", "failed", "skipped"]

#: What a directory walk picks up when no ``glob`` is given.
DEFAULT_GLOBS = ("*.html", "*.htm", "*.txt", "*.html.gz", "*.htm.gz", "*.txt.gz")
#: Jobs handed to a worker at once: large enough to amortise the round trip,
#: small enough that a replaced worker loses little.
DEFAULT_CHUNKSIZE = 8
#: Default per-document budget (seconds) enforced by the worker watchdog.
DEFAULT_TIMEOUT = 60.0
#: Extra time the watchdog grants over ``timeout`` when the library enforces
#: the budget itself, so that its own, gentler timeout fires first.
WATCHDOG_GRACE = 2.0
#: Record keys of a JSON Lines record, in output order.
RECORD_KEYS = ("input", "url", "status", "text", "encoding", "notes", "metadata", "counts")


@dataclass(frozen=True)
class Job:
    """One document of a batch.

    Attributes:
        label: how the document is named in messages and records
            (a path, ``path:line`` for JSON Lines, ``path@offset`` for WARC).
        path: a file the worker reads (``.gz`` is decompressed), when
            ``data`` is not given.
        data: the document itself.
        url: the page's address, if known.
        encoding: a charset hint (e.g. from an HTTP ``Content-Type``).
        out_name: relative output path of the file the job came from
            (for ``-o DIR``).
        member: position of the job inside a container file (JSON Lines
            line, WARC record), ``None`` for a plain file.
        error: set when the job could not even be read (an undecodable WARC
            record, a bad JSON line): the job fails with this message.
        skip: set when the job is deliberately not processed.
    """

    label: str
    path: str | None = None
    data: bytes | str | None = None
    url: str | None = None
    encoding: str | None = None
    out_name: str | None = None
    member: int | None = None
    error: str | None = None
    skip: str | None = None


@dataclass
class Outcome:
    """What became of one job.

    Attributes:
        index: position of the job in the batch.
        job: the job, without its data.
        state: ``ok`` (cleaned, possibly to empty text), ``failed`` or ``skipped``.
        record: a JSON-ready record: ``input``, ``url``, ``status``, ``text``,
            ``encoding``, ``notes``, ``metadata``, ``counts`` (and
            ``dropped`` when asked), or ``input``, ``url``, ``status`` and
            ``error`` when the job failed or was skipped.
        result: the full :class:`~cleanpage.Result`, when
            ``Settings.keep_result`` asked for it.
    """

    index: int
    job: Job
    state: State
    record: dict[str, Any]
    result: Result | None = None

    @property
    def error(self) -> str | None:
        return self.record.get("error")


@dataclass
class Settings:
    """How every document of a batch is cleaned (picklable, sent to workers).

    Attributes:
        pipelines: the pipeline per input kind (``"html"``, ``"text"``).
        input: ``"auto"``, ``"html"`` or ``"text"``.
        url: URL for jobs that carry none.
        encoding: charset hint for jobs that carry none.
        keep_dropped: put the dropped blocks (``dropped``) in records.
        full_record: records are ``Result.to_dict()`` whole (``--format json``).
        keep_result: outcomes carry the :class:`~cleanpage.Result` (sent back
            from workers: costs time, for reports).
        max_bytes: documents larger than this are skipped (``None``: no limit).
        timeout: seconds one document may take (``None``: no limit).
        pipeline_for: ``(kind, url) -> Pipeline`` for jobs that carry their
            own URL (WARC, JSON Lines), so that per-site rules follow each
            record; must be picklable (it is sent to workers).
    """

    pipelines: dict[str, Pipeline] = field(default_factory=dict)
    input: str = "auto"
    url: str | None = None
    encoding: str | None = None
    keep_dropped: bool = False
    full_record: bool = False
    keep_result: bool = False
    max_bytes: int | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    pipeline_for: Callable[[str, str | None], Pipeline] | None = None
    #: Language of every document (phrase packs); ``None``: detect per document.
    lang: str | None = None

    def pipeline(self, kind: str) -> Pipeline:
        if kind not in self.pipelines:
            self.pipelines[kind] = Pipeline.preset("default" if kind == "html" else "text")
        return self.pipelines[kind]


@dataclass
class Summary:
    """Counters of a batch; ``ok + failed + skipped == total``."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.ok + self.failed + self.skipped

    @property
    def pages_per_second(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.state, getattr(self, outcome.state) + 1)

    def line(self) -> str:
        return (f"ok {self.ok}, failed {self.failed}, skipped {self.skipped}, "
                f"pages/s {self.pages_per_second:.1f}")


class TooLarge(Exception):
    """A document over ``Settings.max_bytes``: the job is skipped."""


# --------------------------------------------------------------- job sources


def is_gzip_name(path: str) -> bool:
    return path.lower().endswith(".gz")


def _matches(name: str, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) for g in globs)


def iter_paths(paths: Sequence[str], globs: Sequence[str] = DEFAULT_GLOBS) -> Iterator[tuple[str, str]]:
    """Expand files and directories into ``(path, out_name)`` pairs.

    Directories are walked recursively in sorted order (so a batch is
    reproducible) and their files filtered by ``globs``; files given by name
    are always taken. ``out_name`` is the path relative to the directory
    given, or the file path as given when it is relative and stays below the
    current directory, or its base name otherwise.
    """
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if _matches(name, globs):
                        full = os.path.join(root, name)
                        yield full, os.path.relpath(full, path)
        else:
            yield path, _out_name(path)


def _out_name(path: str) -> str:
    if path == "-":
        return "stdin"
    norm = os.path.normpath(path)
    if os.path.isabs(norm) or norm.split(os.sep)[0] == os.pardir:
        return os.path.basename(norm)
    return norm


def open_input(path: str) -> Any:
    """A binary file object for ``path`` (``-`` is stdin; ``.gz`` decompressed)."""
    if path == "-":
        return sys.stdin.buffer
    if is_gzip_name(path):
        return gzip.open(path, "rb")
    return open(path, "rb")


def read_input(path: str, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, decompressed; :class:`TooLarge` past ``max_bytes``."""
    with open_input(path) as f:
        data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLarge(f"larger than {max_bytes} bytes")
    return data


def iter_jsonl(path: str, *, html_field: str = "html", url_field: str = "url",
               out_name: str | None = None) -> Iterator[Job]:
    """One job per line of a JSON Lines file (``-`` is stdin).

    Each line is an object with the page in ``html_field`` and its address
    in ``url_field`` (optional). A line that is not such an object becomes a
    failed job, named ``path:line``, so that it is reported, not lost.
    """
    label = "<stdin>" if path == "-" else path
    out_name = out_name or _out_name(path)
    try:
        f = open_input(path)
    except OSError as e:
        yield Job(label, out_name=out_name, error=f"{type(e).__name__}: {e}")
        return
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{label}:{n}"
            try:
                obj = json.loads(line)
            except ValueError as e:
                yield Job(where, out_name=out_name, member=n, error=f"invalid JSON: {e}")
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get(html_field), str):
                yield Job(where, out_name=out_name, member=n,
                          error=f"no string field {html_field!r} in this line")
                continue
            url = obj.get(url_field)
            yield Job(where, data=obj[html_field], url=url if isinstance(url, str) else None,
                      out_name=out_name, member=n)


# ------------------------------------------------------------- one document


def _extract_params() -> frozenset[str]:
    try:
        return frozenset(inspect.signature(extract).parameters)
    except (TypeError, ValueError):  # pragma: no cover - builtins only
        return frozenset()


#: What ``extract`` accepts: the per-document limits (``limits=``,
#: ``timeout=``) are used when the library has them.
_EXTRACT_PARAMS = _extract_params()


def _limit_kwargs(timeout: float | None) -> dict[str, Any]:
    """Ask ``extract`` to check the time budget between its steps.

    Not in a forked child per page (``isolate``): in a worker the watchdog
    is the hard bound already, and a fork per page would cost more than
    the pages; in this process (``jobs=1``) the check between steps is the
    bound (one step stuck in C code can overrun it; use workers for a hard
    bound).
    """
    if timeout is None or "timeout" not in _EXTRACT_PARAMS:
        return {}
    if "limits" in _EXTRACT_PARAMS:
        try:
            from .limits import DEFAULT_LIMITS  # type: ignore[import-not-found,unused-ignore]
        except ImportError:  # pragma: no cover - older library
            return {"timeout": timeout}
        return {"limits": replace(DEFAULT_LIMITS, timeout=timeout, isolate=False)}
    return {"timeout": timeout}


def _extract(data: bytes | str, kind: str, job: Job, settings: Settings) -> Result:
    if settings.pipeline_for is not None and job.url and job.url != settings.url:
        pipeline = settings.pipeline_for(kind, job.url)
    else:
        pipeline = settings.pipeline(kind)
    return extract(data, input=kind,  # type: ignore[arg-type]
                   url=job.url or settings.url, pipeline=pipeline,
                   encoding=job.encoding or settings.encoding, lang=settings.lang,
                   **_limit_kwargs(settings.timeout))


def _size(data: bytes | str) -> int:
    return len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)


def make_record(label: str, result: Result, keep_dropped: bool = False,
                full: bool = False) -> dict[str, Any]:
    """The JSON-ready record of a cleaned document (same for every engine)."""
    if full:
        return {"input": label, **result.to_dict()}
    full_dict = result.to_dict()
    record = {"input": label, **{k: full_dict[k] for k in RECORD_KEYS[1:]}}
    if keep_dropped:
        record["dropped"] = full_dict["dropped"]
    return record


def error_record(job: Job, status: str, error: str) -> dict[str, Any]:
    return {"input": job.label, "url": job.url, "status": status, "error": error}


Processed = tuple[State, dict[str, Any], Result | None]


def process_job(job: Job, settings: Settings) -> Processed:
    """Clean one job: ``(state, record, result)``; never raises.

    A failure becomes a failed record naming the error; the result is kept
    only when ``settings.keep_result`` asks for it.
    """
    if job.error is not None:
        return "failed", error_record(job, "error", job.error), None
    if job.skip is not None:
        return "skipped", error_record(job, "skipped", job.skip), None
    try:
        data = job.data if job.data is not None else read_input(job.path or job.label, settings.max_bytes)
        if settings.max_bytes is not None and _size(data) > settings.max_bytes:
            raise TooLarge(f"larger than {settings.max_bytes} bytes")
        kind = settings.input
        if kind == "auto":
            kind = "html" if looks_like_html(data) else "text"
        result = _extract(data, kind, job, settings)
    except TooLarge as e:
        return "skipped", error_record(job, "skipped", str(e)), None
    except Exception as e:  # noqa: BLE001 - the batch isolates any failure of one document
        log.debug("failed: %s", job.label, exc_info=True)
        return "failed", error_record(job, "error", f"{type(e).__name__}: {e}"), None
    kept = result if settings.keep_result else None
    if result.status == "timeout":
        reason = "; ".join(result.notes) or result.status
        return "failed", error_record(job, "timeout", reason), kept
    if result.status == "error":
        # The library refused the input (binary, too large, undecodable):
        # not processed by design, rather than a failure of the batch.
        reason = "; ".join(result.notes) or result.status
        return "skipped", error_record(job, "skipped", reason), kept
    return "ok", make_record(job.label, result, settings.keep_dropped, settings.full_record), kept


def _bare(job: Job) -> Job:
    return replace(job, data=None) if job.data is not None else job


# ------------------------------------------------------------------ batches


def run_batch(
    jobs: Iterable[Job],
    settings: Settings | None = None,
    *,
    workers: int = 1,
    isolate: bool = False,
    chunksize: int = DEFAULT_CHUNKSIZE,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Clean ``jobs`` and yield one :class:`Outcome` per job, in input order.

    Args:
        jobs: the documents; consumed lazily, so a batch can be a stream.
        settings: pipelines and limits (defaults: presets by input kind).
        workers: worker processes; ``1`` cleans in this process.
        isolate: use a worker process even when ``workers`` is 1, so that a
            document that hangs or crashes is contained.
        chunksize: jobs sent to a worker at a time.
        on_outcome: called with each outcome as it is yielded.
    """
    settings = settings or Settings()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if workers == 1 and not isolate:
        outcomes = _run_serial(jobs, settings)
    else:
        outcomes = _Pool(settings, workers, max(1, chunksize)).run(jobs)
    for outcome in outcomes:
        if on_outcome is not None:
            on_outcome(outcome)
        yield outcome


def _run_serial(jobs: Iterable[Job], settings: Settings) -> Iterator[Outcome]:
    for index, job in enumerate(jobs):
        yield Outcome(index, _bare(job), *process_job(job, settings))


def _worker_main(conn: Connection, settings: Settings) -> None:
    """A worker: clean each chunk it receives, one reply per job."""
    try:
        conn.send("ready")
        while True:
            chunk = conn.recv()
            if chunk is None:
                break
            for index, job in chunk:
                conn.send((index, *process_job(job, settings)))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        conn.close()


def _context() -> Any:
    # forkserver: workers fork from a clean process that already imported
    # cleanpage, so replacing a killed worker is cheap and no thread state
    # of the caller (progress bars, Scrapy, Dask) is inherited.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["cleanpage.batch"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx: Any, settings: Settings) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, settings), daemon=True)
        self.proc.start()
        child.close()
        self.queue: deque[tuple[int, Job]] = deque()
        self.since = time.monotonic()
        self.ready = False

    def send(self, chunk: list[tuple[int, Job]]) -> None:
        self.queue.extend(chunk)
        self.since = time.monotonic()
        try:
            self.conn.send(chunk)
        except OSError:  # the worker died; the sentinel reports it
            pass

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class _Pool:
    """Worker processes fed chunk by chunk, with a watchdog per document."""

    def __init__(self, settings: Settings, workers: int, chunksize: int) -> None:
        self.settings = settings
        self.n = workers
        self.chunksize = chunksize
        # The hard budget: past it the worker is killed. When extract keeps
        # its own budget, leave it room to report a gentler timeout first.
        self.budget = settings.timeout
        if self.budget is not None and "timeout" in _EXTRACT_PARAMS:
            self.budget = self.budget + WATCHDOG_GRACE

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        ctx = _context()
        source = enumerate(jobs)
        retry: deque[tuple[int, Job]] = deque()
        done: dict[int, Outcome] = {}
        taken = 0  # jobs drawn from the source
        emitted = 0
        exhausted = False
        # Bounded look-ahead: memory stays flat however long the batch, and a
        # slow document holds back at most this many finished ones.
        window = self.n * self.chunksize * 4
        pool = [_Worker(ctx, self.settings) for _ in range(self.n)]
        try:
            while True:
                for w in pool:
                    if w.queue:
                        continue
                    chunk: list[tuple[int, Job]] = []
                    while len(chunk) < self.chunksize:
                        if retry:
                            chunk.append(retry.popleft())
                            continue
                        if exhausted or taken - emitted >= window:
                            break
                        try:
                            index, job = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        taken += 1
                        if job.error is not None or job.skip is not None:
                            done[index] = Outcome(index, _bare(job), *process_job(job, self.settings))
                        else:
                            chunk.append((index, job))
                    if chunk:
                        w.send(chunk)
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
                busy = [w for w in pool if w.queue]
                if not busy:
                    if exhausted and not retry:
                        break
                    continue
                timeout = None
                if self.budget is not None:
                    timeout = max(0.0, min(w.since for w in busy) + self.budget - time.monotonic())
                ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout))
                now = time.monotonic()
                for i, w in enumerate(pool):
                    if not w.queue:
                        continue
                    if w.conn in ready or w.proc.sentinel in ready:
                        if self._collect(w, done):
                            continue
                        w.proc.join(timeout=1)
                        code = w.proc.exitcode
                        why = f"worker process died (exit code {code})"
                    elif self.budget is not None and now - w.since >= self.budget:
                        why = f"timeout: took longer than {self.settings.timeout:g} s"
                    else:
                        continue
                    pool[i] = self._replace(ctx, w, why, done, retry)
        finally:
            for w in pool:
                w.stop(kill=bool(w.queue))

    def _collect(self, w: _Worker, done: dict[int, Outcome]) -> bool:
        """Read every reply a worker has sent; False if it died meanwhile."""
        try:
            while w.conn.poll():
                reply = w.conn.recv()
                if reply == "ready":
                    w.ready = True
                    continue
                index, state, record, result = reply
                head, job = w.queue.popleft()
                assert head == index, "worker replies out of order"
                done[index] = Outcome(index, _bare(job), state, record, result)
                w.since = time.monotonic()
        except (EOFError, OSError):
            return False
        if w.queue and not w.proc.is_alive():
            w.proc.join()
            return False
        return True

    def _replace(self, ctx: Any, w: _Worker, why: str, done: dict[int, Outcome],
                 retry: deque[tuple[int, Job]]) -> _Worker:
        """Fail the document a worker was on, requeue its others, start a new worker."""
        if not w.ready and not why.startswith("timeout"):
            # It died before reading any document: blaming one would be wrong.
            w.stop(kill=True)
            raise RuntimeError(f"cleanpage worker process could not start: {why}")
        index, job = w.queue.popleft()
        status = "timeout" if why.startswith("timeout") else "error"
        log.info("%s: %s", job.label, why)
        done[index] = Outcome(index, _bare(job), "failed", error_record(job, status, why))
        retry.extendleft(reversed(w.queue))
        w.queue.clear()
        w.stop(kill=True)
        return _Worker(ctx, self.settings)
