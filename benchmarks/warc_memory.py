"""Peak memory while cleaning a large WARC archive: it must not grow with the archive.

Writes a synthetic archive of about ``--size-mb`` megabytes (1 GB by
default) into a temporary directory with FastWARC's writer: HTTP responses
of generated article pages (navigation, paragraphs, lists, a sidebar,
scripts, a footer; ~50 KB each, all different), plus request records and
images that the reader must skip. Then runs the real command line,
``cleanpage --format jsonl ARCHIVE > /dev/null``, in a subprocess, and
samples the resident memory of that process and its workers every 50 ms.

Reported: the peak of the whole process tree (sum of RSS), the largest
single process (``ru_maxrss``), pages, wall time and pages/s. Target: peak
under 300 MB for a 1 GB archive.

Usage::

    python benchmarks/warc_memory.py                     # 1 GB, -j 1
    python benchmarks/warc_memory.py --size-mb 200 --jobs 1 2 --gzip
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("harbour ferry council market river bridge school library station tram museum garden "
         "weather report morning evening summer winter resident office budget plan road square "
         "festival concert theatre season opening closing repair roof column quay boat timetable "
         "district street north south east west number decision meeting vote week month year").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def article_page(n: int, rng: random.Random, target: int) -> bytes:
    """One page of about ``target`` bytes, different from every other."""
    nav = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(25))
    side = "".join(f"<li><a href='/r/{n}/{i}'>{sentence(rng)[:60]}</a></li>" for i in range(10))
    script = "<script>var config = {" + ",".join(f"k{i}: {i}" for i in range(200)) + "};</script>"
    parts = [(f"<!doctype html><html><head><meta charset='utf-8'><title>Article {n}</title>{script}</head>"
             f"<body><header><ul class='nav'>{nav}</ul></header><main><article><h1>Article {n}</h1>")]
    size = sum(map(len, parts))
    while size < target - 1500:
        block = f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(3, 8)))}</p>"
        if rng.random() < 0.1:
            block = "<ul>" + "".join(f"<li>{sentence(rng)}</li>" for _ in range(4)) + "</ul>"
        parts.append(block)
        size += len(block)
    parts.append(f"</article><aside><h3>Most read</h3><ul>{side}</ul></aside></main>"
                 f"<footer>Copyright 2026 Example Media. Contact, imprint, privacy.</footer></body></html>")
    return "".join(parts).encode("utf-8")


def write_archive(path: Path, size_mb: int, page_kb: int, seed: int = 5) -> tuple[int, int]:
    """Write the archive; returns (HTML pages, bytes on disk)."""
    from fastwarc import stream_io
    from fastwarc.warc import WarcRecord, WarcRecordType

    rng = random.Random(seed)
    gz = path.suffix == ".gz"
    out = stream_io.GzipWriter(str(path)) if gz else open(path, "wb")
    written = pages = 0
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000))

    def records() -> Iterator[tuple[WarcRecordType, str, bytes]]:
        nonlocal pages
        n = 0
        while True:
            n += 1
            url = f"https://news.example/{n}"
            yield WarcRecordType.request, url, f"GET /{n} HTTP/1.1\r\nHost: news.example\r\n\r\n".encode()
            body = article_page(n, rng, page_kb * 1024)
            head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
            pages += 1
            yield WarcRecordType.response, url, head.encode() + body
            if n % 10 == 0:
                img = f"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {len(png)}\r\n\r\n"
                yield WarcRecordType.response, url + ".png", img.encode() + png

    try:
        for rtype, url, block in records():
            rec = WarcRecord()
            rec.init_headers(record_type=rtype)
            rec.headers["WARC-Target-URI"] = url
            kind = "request" if rtype == WarcRecordType.request else "response"
            rec.headers["Content-Type"] = f"application/http; msgtype={kind}"
            rec.set_bytes_content(block)
            rec.write(out)
            if gz:
                out.finish()
            written += len(block)
            if written >= size_mb * 1024 * 1024:
                break
    finally:
        out.close()
    return pages, path.stat().st_size


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and its descendants (Linux /proc)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measure(archive: Path, jobs: int) -> dict[str, float]:
    cmd = [sys.executable, "-m", "cleanpage.cli", "--format", "jsonl", "-j", str(jobs), str(archive)]
    # The cleanpage next to this file, not whatever is installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    m = re.search(r"ok (\d+), failed (\d+), skipped (\d+), pages/s ([\d.]+)", err)
    if m is None:
        raise SystemExit(f"cleanpage failed ({proc.returncode}):\n{err[-2000:]}")
    max_single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"peak_tree": peak, "max_single": max_single, "wall": wall, "ok": int(m.group(1)),
            "failed": int(m.group(2)), "skipped": int(m.group(3)), "pages_s": float(m.group(4))}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size-mb", type=int, default=1024, help="archive size (payload bytes), MB")
    p.add_argument("--page-kb", type=int, default=50)
    p.add_argument("--jobs", type=int, nargs="+", default=[1], help="one run per value, same archive")
    p.add_argument("--gzip", action="store_true", help="write .warc.gz (one member per record)")
    p.add_argument("--dir", type=Path, help="where to write the archive (default: a temporary dir)")
    p.add_argument("--limit-mb", type=float, default=300.0)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        archive = Path(tmp) / ("synthetic.warc.gz" if args.gzip else "synthetic.warc")
        t = time.perf_counter()
        pages, size = write_archive(archive, args.size_mb, args.page_kb)
        print(f"wrote {archive.name}: {size / 2**20:.0f} MB on disk, {pages} HTML pages "
              f"({time.perf_counter() - t:.0f} s)", flush=True)
        ok = True
        for jobs in args.jobs:
            r = measure(archive, jobs)
            print(f"cleanpage -j {jobs}: ok {r['ok']}, failed {r['failed']}, skipped {r['skipped']}; "
                  f"{r['wall']:.0f} s wall, {r['pages_s']:.1f} pages/s")
            print(f"  peak RSS, whole process tree: {r['peak_tree'] / 2**20:.0f} MB (largest single "
                  f"process so far: {r['max_single'] / 2**20:.0f} MB); target < {args.limit_mb:.0f} MB",
                  flush=True)
            ok = ok and r["peak_tree"] / 2**20 < args.limit_mb and r["ok"] == pages
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
