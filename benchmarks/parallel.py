"""Batch throughput: ``cleanpage -j 1`` against ``-j 2`` on the development corpus.

Each run is the real command line in a fresh process over the corpus's
``html/*.html.gz`` files (the batch reads and decompresses them, as a user's
batch would), with ``--format jsonl``. Pages/s is the batch's own summary
line: from the first input read to the last record written, worker start-up
included, interpreter start-up not. Runs are interleaved (1, 2, 1, 2, ...)
so machine noise hits both alike; the best run of each is reported along
with the median. The outputs of every run must be byte-identical.

Usage::

    python benchmarks/parallel.py                 # 3 rounds over the whole corpus
    python benchmarks/parallel.py --rounds 1 --jobs 1 2 4
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.wcxb import DEFAULT_CORPUS  # noqa: E402

_SUMMARY = re.compile(r"ok (\d+), failed (\d+), skipped (\d+), pages/s ([\d.]+)")


def run_once(html_dir: Path, jobs: int, out_path: Path) -> dict[str, float | str | int]:
    """One batch run; returns pages/s (own summary), wall seconds, counts and the output's hash."""
    cmd = [sys.executable, "-m", "cleanpage.cli", "--format", "jsonl", "--glob", "*.html.gz",
           "-j", str(jobs), str(html_dir)]
    # The cleanpage next to this file, not whatever is installed: a frozen copy
    # of the tree can be benchmarked while the working tree changes.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as errf:
        proc = subprocess.Popen(cmd, stdout=out, stderr=errf, cwd=REPO, env=env)
        cpu = _tree_cpu(proc)
        wall = time.perf_counter() - start
        errf.seek(0)
        err = errf.read().decode("utf-8", "replace")
    m = _SUMMARY.search(err)
    if proc.returncode not in (0, 1) or m is None:
        raise SystemExit(f"cleanpage -j {jobs} failed ({proc.returncode}):\n{err[-2000:]}")
    ok, failed, skipped = (int(m.group(i)) for i in (1, 2, 3))
    digest = hashlib.sha256(out_path.read_bytes()).hexdigest()
    return {"pages_s": float(m.group(4)), "wall": wall, "cpu": cpu, "ok": ok, "failed": failed,
            "skipped": skipped, "sha256": digest}


def _tree_cpu(proc: subprocess.Popen[bytes]) -> float:
    """CPU seconds (user + system) of a process and all its descendants, until it exits.

    Sampled every 50 ms with psutil, keeping each process's last reading, so
    workers count too (``RUSAGE_CHILDREN`` misses the forkserver's children).
    Returns ``nan`` without psutil.
    """
    try:
        import psutil
    except ImportError:
        proc.wait()
        return float("nan")
    seen: dict[int, float] = {}
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in procs:
            try:
                t = p.cpu_times()
                seen[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.05)
    return sum(seen.values())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--tmp", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    args = p.parse_args(argv)
    html_dir = args.corpus / "html"
    if not html_dir.is_dir():
        print(f"corpus not found at {html_dir} (the ../shared folder is absent)", file=sys.stderr)
        return 2
    pages = len(list(html_dir.glob("*.html.gz")))
    print(f"corpus: {html_dir} ({pages} pages), cores: {os.cpu_count()}, rounds: {args.rounds}")
    runs: dict[int, list[dict[str, float | str | int]]] = {j: [] for j in args.jobs}
    work = Path(tempfile.mkdtemp(prefix="cleanpage-parallel-", dir=args.tmp))
    for r in range(args.rounds):
        for j in args.jobs:
            res = run_once(html_dir, j, work / f"j{j}.jsonl")
            runs[j].append(res)
            print(f"  round {r + 1} -j {j}: {res['pages_s']:.1f} pages/s ({res['wall']:.1f} s wall, "
                  f"{res['cpu']:.1f} CPU s, "
                  f"ok {res['ok']}, failed {res['failed']}, skipped {res['skipped']})", flush=True)
    digests = {str(res["sha256"]) for rs in runs.values() for res in rs}
    identical = len(digests) == 1
    base = max(float(x["pages_s"]) for x in runs[args.jobs[0]])
    print(f"\njobs  best pages/s  median pages/s  ratio (best vs -j {args.jobs[0]})")
    for j, rs in runs.items():
        speeds = [float(x["pages_s"]) for x in rs]
        print(f"{j:>4}  {max(speeds):>12.1f}  {statistics.median(speeds):>14.1f}  {max(speeds) / base:>6.2f}x")
    # Wall-clock pages/s needs an idle machine. CPU seconds per page do not:
    # with N cores free, -j N could reach N x (CPU per page at -j 1) / (CPU per page at -j N).
    cpu1 = statistics.median(float(x["cpu"]) for x in runs[args.jobs[0]])
    for j, rs in runs.items():
        cpu = statistics.median(float(x["cpu"]) for x in rs)
        bound = min(j, os.cpu_count() or 1) * cpu1 / cpu if cpu else float("nan")
        print(f"-j {j}: {1000 * cpu / pages:.1f} CPU ms/page (median); on {min(j, os.cpu_count() or 1)} idle "
              f"cores at most {bound:.2f}x the pages/s of -j {args.jobs[0]}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at the end: {load:.1f} (wall-clock figures need an idle machine)")
    print(f"\noutputs identical across all runs: {identical}")
    if not identical:
        _first_difference([work / f"j{j}.jsonl" for j in args.jobs])
        return 1
    for j in args.jobs:
        (work / f"j{j}.jsonl").unlink(missing_ok=True)
    work.rmdir()
    return 0


def _first_difference(paths: list[Path]) -> None:
    """Name the first record where the last runs' outputs differ (the files are kept)."""
    import json

    outputs = [p.read_text(encoding="utf-8").splitlines() for p in paths]
    for lines in zip(*outputs, strict=False):
        if len(set(lines)) > 1:
            recs = [json.loads(line) for line in lines]
            keys = [k for k in recs[0] if any(r.get(k) != recs[0][k] for r in recs)]
            print(f"first difference: {recs[0]['input']} in {keys}; outputs kept: {[str(p) for p in paths]}")
            return
    print(f"the last runs agree; an earlier round differed (lengths {[len(o) for o in outputs]})")


if __name__ == "__main__":
    sys.exit(main())
