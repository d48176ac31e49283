"""Text mode on real flattened pages: cleanpage's ``clean_text`` against two baselines.

Each page of the WCXB development corpus is flattened whole (menus, footers
and all) with ``html_text.extract_text(html, guess_layout=True)``, the way
much scraped text reaches users. On the same texts, in the same run, we
score:

* ``raw``: the flattened text untouched;
* ``c4``: a C4-style line filter (keep lines that end in terminal
  punctuation and have at least 3 words; drop lines that mention
  "javascript" or a cookie-policy phrase);
* ``cleanpage``: ``cleanpage.clean_text`` with the ``text`` preset.

Scores are the corpus metric (word F1 averaged over pages, shares of
``with`` snippets found and ``without`` snippets absent), overall, per page
type and per half of the domain split; plus clean_text's speed.

Usage::

    python -m benchmarks.text_quality [--corpus DIR] [--limit N] [--half tune|valid]
        [--cache DIR] [--jobs N] [--json OUT] [--worst N]

The flattened texts are cached (``--cache``, default a folder in the system
temporary directory) so that a second run only times and scores.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import cleanpage
from benchmarks.wcxb import DEFAULT_CORPUS, load_page, page_ids, prf, snippets, split_of
from cleanpage.decode import decode

SYSTEMS = ("raw", "c4", "cleanpage")
#: A typical scraped article text (the seed), for the speed at typical length.
SEED = DEFAULT_CORPUS.parent.parent / "seed" / "000_235cbb26ecfdff31.txt"
_TERMINAL = ('.', '!', '?', '"', "'", '”', '’', '。', '！', '？', '…', '»', '؟')
_C4_BAD = re.compile(r"javascript|cookie policy|use of cookies|uses cookies|use cookies"
                     r"|privacy policy|terms of use", re.I)


def c4_filter(text: str) -> str:
    """The C4-style line filter used as a baseline (line rules only)."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        if len(s.split()) >= 3 and s.endswith(_TERMINAL) and not _C4_BAD.search(s):
            out.append(s)
    return "\n".join(out)


def flatten(html: bytes) -> str:
    """The whole page as text, with html-text's layout guess."""
    import html_text

    markup, _ = decode(html)
    return html_text.extract_text(markup, guess_layout=True)


def _flatten_one(job: tuple[str, str, str]) -> tuple[str, str]:
    corpus, pid, cache = job
    path = Path(cache) / f"{pid}.txt"
    if path.exists():
        return pid, path.read_text("utf-8")
    page = load_page(Path(corpus), pid)
    try:
        text = flatten(page.html)
    except Exception as e:  # a page html-text cannot read scores as empty
        print(f"{pid}: flattening failed: {e}", file=sys.stderr)
        text = ""
    path.write_text(text, "utf-8")
    return pid, text


def flattened(corpus: Path, ids: list[str], cache: Path, jobs: int) -> dict[str, str]:
    cache.mkdir(parents=True, exist_ok=True)
    todo = [(str(corpus), pid, str(cache)) for pid in ids]
    if jobs > 1:
        with multiprocessing.Pool(jobs) as pool:
            return dict(pool.imap_unordered(_flatten_one, todo, chunksize=8))
    return dict(map(_flatten_one, todo))


class Tally:
    """Per-page F1 and snippet counts for one system and one group of pages."""

    def __init__(self) -> None:
        self.f1: list[float] = []
        self.p: list[float] = []
        self.r: list[float] = []
        self.snip = [0, 0, 0, 0]

    def add(self, pred: str, page) -> float:
        p, r, f = prf(pred, page.truth or "")
        self.p.append(p)
        self.r.append(r)
        self.f1.append(f)
        for i, v in enumerate(snippets(pred, page.with_snippets, page.without_snippets)):
            self.snip[i] += v
        return f

    def row(self) -> dict[str, float]:
        w_found, w_total, wo_absent, wo_total = self.snip
        return {
            "pages": len(self.f1),
            "p": statistics.fmean(self.p) if self.p else 0.0,
            "r": statistics.fmean(self.r) if self.r else 0.0,
            "f1": statistics.fmean(self.f1) if self.f1 else 0.0,
            "with": w_found / w_total if w_total else 1.0,
            "without": wo_absent / wo_total if wo_total else 1.0,
        }


def run(corpus: Path, ids: list[str], cache: Path, jobs: int, worst: int = 0,
        clean: Callable[[str], str] = cleanpage.clean_text) -> dict:
    texts = flattened(corpus, ids, cache, jobs)
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    clean_seconds = 0.0
    chars = 0
    gains: list[tuple[float, str, str]] = []
    for pid in ids:
        page = load_page(corpus, pid)
        page.html = b""
        text = texts[pid]
        chars += len(text)
        # CPU time of this process: other work on the machine does not count.
        t0 = time.process_time()
        cleaned = clean(text)
        clean_seconds += time.process_time() - t0
        outputs = {"raw": text, "c4": c4_filter(text), "cleanpage": cleaned}
        groups = ("all", f"type:{page.page_type}", f"half:{split_of(page.domain)}")
        f = {}
        for system, out in outputs.items():
            for g in groups:
                f[system] = tallies[g][system].add(out, page)
        gains.append((f["cleanpage"] - f["c4"], pid, page.page_type))
    report = {
        g: {s: tallies[g][s].row() for s in SYSTEMS}
        for g in sorted(tallies, key=lambda g: (g != "all", g.startswith("type"), g))
    }
    n = len(ids)
    report["speed"] = {
        "pages": n,
        "clean_text_seconds": clean_seconds,
        "pages_per_second": n / clean_seconds if clean_seconds else 0.0,
        "mean_chars": chars / n if n else 0,
    }
    if SEED.is_file():
        report["speed"].update(seed_speed(SEED.read_text("utf-8"), clean))
    if worst:
        gains.sort()
        report["worst_vs_c4"] = [{"id": pid, "type": t, "delta_f1": d} for d, pid, t in gains[:worst]]
    return report


def seed_speed(text: str, clean: Callable[[str], str], repeat: int = 2000) -> dict[str, float]:
    """clean_text's pages/s (CPU time) on one text of typical length."""
    for _ in range(20):
        clean(text)
    t0 = time.process_time()
    for _ in range(repeat):
        clean(text)
    seconds = time.process_time() - t0
    return {"seed_chars": len(text), "seed_pages_per_second": repeat / seconds if seconds else 0.0}


def print_report(report: dict) -> None:
    print(f"{'group':<22} {'system':<10} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'with':>6} {'w/o':>6}")
    for g, rows in report.items():
        if g in ("speed", "worst_vs_c4"):
            continue
        for s, row in rows.items():
            print(f"{g:<22} {s:<10} {row['pages']:>5} {row['p']:>6.3f} {row['r']:>6.3f} "
                  f"{row['f1']:>6.3f} {row['with']:>6.1%} {row['without']:>6.1%}")
    sp = report["speed"]
    print(f"\nclean_text: {sp['pages']} pages in {sp['clean_text_seconds']:.2f} s = "
          f"{sp['pages_per_second']:.0f} pages/s (mean {sp['mean_chars']:.0f} chars/page, one core, CPU time)")
    if "seed_pages_per_second" in sp:
        print(f"clean_text on the seed ({sp['seed_chars']} chars, a typical scraped article): "
              f"{sp['seed_pages_per_second']:.0f} pages/s")
    for w in report.get("worst_vs_c4", []):
        print(f"  worst vs c4: {w['id']} ({w['type']}) {w['delta_f1']:+.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--half", choices=("tune", "valid"))
    ap.add_argument("--type", dest="page_type")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cleanpage-flat-text")
    ap.add_argument("--jobs", type=int, default=max(1, (multiprocessing.cpu_count() or 1)))
    ap.add_argument("--json", type=Path, help="also write the report as JSON here")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages cleanpage loses most on vs c4")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    ids = page_ids(args.corpus, args.limit, args.page_type, args.half)
    report = run(args.corpus, ids, args.cache, args.jobs, args.worst)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
