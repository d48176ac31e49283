"""Metadata accuracy on the WCXB dev corpus, beside trafilatura's metadata.

For every page whose ground truth has the field (not null, not empty):

- **title**: exact match after lowercasing and collapsing whitespace
  (typographic quotes and no-break spaces count as their plain forms, since
  the ground truth was typed with plain ones);
- **author**: match after normalising names (case, punctuation, a leading
  "by"); a page matches when any name we give equals any listed author;
- **date**: ``publish_date`` falls on the same calendar day.

Both extractors run on the same pages in the same run; the table shows each
half of the domain split (``tune``/``valid``) and the total.

Usage::

    python benchmarks/metadata.py [--corpus DIR] [--limit N] [--half tune|valid]
                                  [--no-baseline] [--misses title|author|date]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import wcxb  # noqa: E402

FIELDS = ("title", "author", "date")
_WS = re.compile(r"\s+")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|/)\s*", re.I)
_NAME_JUNK = re.compile(r"[^\w\s'-]")
_BY = re.compile(r"^(?:by|von|par|por|door|di|da)\s+", re.I)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def norm_title(value: str | None) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFKC", value or "").translate(_QUOTES)).strip().lower()


def names(value: str | None) -> set[str]:
    """Normalised author names in a field ("A, B and C" -> {a, b, c})."""
    if not value:
        return set()
    value = unicodedata.normalize("NFKC", value)
    whole = _WS.sub(" ", _NAME_JUNK.sub(" ", _BY.sub("", value.strip()))).strip().lower()
    out = {whole} if whole else set()
    for part in _NAME_SPLIT.split(value):
        part = _WS.sub(" ", _NAME_JUNK.sub(" ", _BY.sub("", part.strip()))).strip().lower()
        if part:
            out.add(part)
    return out


def day(value: str | None) -> str | None:
    """The calendar day (YYYY-MM-DD) an ISO-ish date string starts with."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def match(field: str, predicted: str | None, truth: str) -> bool:
    if field == "title":
        return bool(predicted) and norm_title(predicted) == norm_title(truth)
    if field == "author":
        return bool(names(predicted) & names(truth))
    return day(predicted) is not None and day(predicted) == day(truth)


def ours(page: wcxb.Page) -> dict[str, str | None]:
    import cleanpage

    md = cleanpage.extract(page.html, input="html", url=page.url).metadata
    return {"title": md.get("title"), "author": md.get("author"), "date": md.get("date_published"),
            "page_type": md.get("page_type")}


def theirs(page: wcxb.Page) -> dict[str, str | None]:
    import trafilatura

    from cleanpage.decode import decode

    text, _ = decode(page.html, None)
    doc = trafilatura.extract_metadata(text, default_url=page.url)
    if doc is None:
        return {"title": None, "author": None, "date": None}
    return {"title": doc.title, "author": doc.author, "date": doc.date}


def _work(job: tuple[str, str, bool]) -> dict[str, Any]:
    corpus, pid, baseline = job
    page = wcxb.load_page(Path(corpus), pid)
    t0 = time.perf_counter()
    mine = ours(page)
    t1 = time.perf_counter()
    other = theirs(page) if baseline else None
    t2 = time.perf_counter()
    return {
        "id": pid, "half": page.half, "url": page.url, "page_type": page.page_type,
        "truth": {"title": page.title, "author": page.author, "date": page.date},
        "ours": mine, "theirs": other, "t_ours": t1 - t0, "t_theirs": t2 - t1,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=wcxb.DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--half", choices=("tune", "valid"))
    ap.add_argument("--no-baseline", action="store_true", help="skip trafilatura")
    ap.add_argument("--misses", choices=FIELDS, help="print our misses for one field")
    ap.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    ap.add_argument("--dump", type=Path, help="write every page's predictions as JSON Lines")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    ids = wcxb.page_ids(args.corpus, args.limit, half=args.half)
    jobs = [(str(args.corpus), pid, not args.no_baseline) for pid in ids]
    with multiprocessing.Pool(args.jobs) as pool:
        rows = pool.map(_work, jobs, chunksize=8)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")

    # hits[system][half][field] = [matched, total]
    hits: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    for row in rows:
        for field in FIELDS:
            truth = row["truth"][field]
            if truth is None or not str(truth).strip():
                continue  # null, or an empty string: nothing to match
            for system in ("ours", "theirs"):
                pred = row[system]
                if pred is None:
                    continue
                ok = match(field, pred[field], truth)
                for half in (row["half"], "all"):
                    cell = hits[system][half][field]
                    cell[0] += ok
                    cell[1] += 1
                if system == "ours" and not ok and args.misses == field:
                    print(f"{row['id']} {row['url']}\n  truth: {truth!r}\n  ours:  {pred[field]!r}")

    systems = ["ours"] + ([] if args.no_baseline else ["theirs"])
    label = {"ours": "cleanpage", "theirs": "trafilatura"}
    print(f"\n{len(rows)} pages; share matched over pages where the field is not null\n")
    print(f"| {'field':6} | {'half':5} | " + " | ".join(f"{label[s]:>11}" for s in systems) + " |   n |")
    print("|--------|-------|" + "|".join("-" * 13 for _ in systems) + "|-----|")
    for field in FIELDS:
        for half in ("tune", "valid", "all"):
            cells = [hits[s][half][field] for s in systems]
            n = cells[0][1]
            vals = " | ".join(f"{(c[0] / c[1] if c[1] else 0):11.1%}" for c in cells)
            print(f"| {field:6} | {half:5} | {vals} | {n:3} |")
    guessed = [r for r in rows if r["ours"].get("page_type")]
    right = sum(r["ours"]["page_type"] == r["page_type"] for r in guessed)
    print(f"\npage_type: guessed on {len(guessed)} of {len(rows)} pages, "
          f"{right / max(1, len(guessed)):.1%} of the guesses match the corpus's page type")
    for s in systems:
        total = sum(r["t_" + s] for r in rows)
        what = "whole extract" if s == "ours" else "extract_metadata"
        print(f"{label[s]} ({what}): {1000 * total / max(1, len(rows)):.1f} ms/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
