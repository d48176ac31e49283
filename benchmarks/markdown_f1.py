"""Does Markdown output cost word F1 against plain text? (WCXB dev corpus)

Cleans every page once and scores both renderings of the same kept blocks
with the corpus metric (lowercased ``\\w+`` tokens, so markup characters
such as ``#``, ``|``, ``-`` and backslash escapes are not tokens). Ordered
list numbers are kept as tokens (a stricter count than the issue's). The
issue's bound: Markdown may lower mean F1 by at most 0.005.

Usage::

    python benchmarks/markdown_f1.py [--corpus DIR] [--limit N] [--half tune|valid] [--worst N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import wcxb  # noqa: E402

MAX_DROP = 0.005


def _work(job: tuple[str, str]) -> tuple[str, str, float, float]:
    import cleanpage

    corpus, pid = job
    page = wcxb.load_page(Path(corpus), pid)
    result = cleanpage.extract(page.html, input="html", url=page.url)
    text_f1 = wcxb.prf(result.text, page.truth or "")[2]
    md_f1 = wcxb.prf(result.render("markdown"), page.truth or "")[2]
    return pid, page.half, text_f1, md_f1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=wcxb.DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--half", choices=("tune", "valid"))
    ap.add_argument("--worst", type=int, default=0, help="list the N pages Markdown costs most")
    ap.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    ids = wcxb.page_ids(args.corpus, args.limit, half=args.half)
    with multiprocessing.Pool(args.jobs) as pool:
        rows = pool.map(_work, [(str(args.corpus), pid) for pid in ids], chunksize=8)
    print(f"{len(rows)} pages\n")
    print("| half  | text F1 | markdown F1 |   delta |")
    print("|-------|---------|-------------|---------|")
    worst_delta = 0.0
    for half in ("tune", "valid", "all"):
        sel = [r for r in rows if half == "all" or r[1] == half]
        if not sel:
            continue
        t = sum(r[2] for r in sel) / len(sel)
        m = sum(r[3] for r in sel) / len(sel)
        worst_delta = min(worst_delta, m - t)
        print(f"| {half:5} | {t:7.4f} | {m:11.4f} | {m - t:+.5f} |")
    for pid, _, t, m in sorted(rows, key=lambda r: r[3] - r[2])[: args.worst]:
        print(f"{pid}: text {t:.4f} markdown {m:.4f}")
    ok = worst_delta >= -MAX_DROP
    print(f"\nmarkdown F1 drop within {MAX_DROP}: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
