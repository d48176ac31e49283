"""Extraction quality on the WCXB corpus: cleanpage against trafilatura and readability.

Every system sees every page in the same run: cleanpage gets the page bytes
(it decodes them itself); trafilatura and readability-lxml get the text
``cleanpage.decode.decode`` made of the same bytes, so all three work on the
same characters. The metric is ``wcxb.prf`` (word-level P/R/F1 averaged over
pages) and ``wcxb.snippets`` (``with`` found, ``without`` absent, pooled over
pages), reported overall, per page type, per half of the domain split and per
type x half. A system that raises or times out on a page scores that page as
empty output and the failure is counted, never fatal.

Usage::

    python benchmarks/quality.py                      # all pages, all systems
    python benchmarks/quality.py --limit 200 --systems cleanpage,trafilatura
    python benchmarks/quality.py --baseline old.json  # per-page F1 changes vs an earlier report
"""

from __future__ import annotations

import argparse
import importlib.metadata
import inspect
import json
import multiprocessing
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import wcxb  # noqa: E402

SYSTEMS = ("cleanpage", "trafilatura", "readability")
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "quality.json"
#: readability-lxml is super-linear on some huge pages; bigger pages count as its error.
READABILITY_MAX_BYTES = 5 * 1024 * 1024
#: A safety net against a hung extractor, far above any normal page time.
DEFAULT_TIMEOUT_S = 120.0
#: Statuses that count as a failure to produce text.
_FAILED = frozenset({"error", "timeout"})


class _Timeout(Exception):
    pass


# ---------------------------------------------------------------- systems
# Each system maps (page, decoded text, options) to (text, status, notes).

def _run_cleanpage(page: wcxb.Page, text: str, options: dict[str, Any]) -> tuple[str, str, list[str]]:
    import cleanpage

    kwargs: dict[str, Any] = {"url": page.url}
    if options.get("extractor"):
        kwargs["extractor"] = options["extractor"]
    result = cleanpage.extract(page.html, **kwargs)
    return result.text, result.status, list(result.notes)


def _run_trafilatura(page: wcxb.Page, text: str, options: dict[str, Any]) -> tuple[str, str, list[str]]:
    import trafilatura

    out = trafilatura.extract(text) or ""
    return out, "ok" if out.strip() else "empty", []


def _run_readability(page: wcxb.Page, text: str, options: dict[str, Any]) -> tuple[str, str, list[str]]:
    if len(page.html) > READABILITY_MAX_BYTES:
        raise ValueError(f"page larger than {READABILITY_MAX_BYTES} bytes: not given to readability")
    from readability import Document

    summary = Document(text).summary(html_partial=True)
    out = _html_to_text(summary)
    return out, "ok" if out.strip() else "empty", []


def _html_to_text(markup: str) -> str:
    """Text of readability's HTML summary, with block boundaries kept as spaces.

    lxml's ``text_content()`` glues ``<p>a</p><p>b</p>`` into ``ab``, which
    would merge words and unfairly cost readability tokens; html-text does not.
    """
    if not markup.strip():
        return ""
    try:
        import html_text
    except ImportError:
        import lxml.html

        return " ".join(lxml.html.fromstring(markup).itertext())
    return html_text.extract_text(markup)


RUNNERS: dict[str, Callable[[wcxb.Page, str, dict[str, Any]], tuple[str, str, list[str]]]] = {
    "cleanpage": _run_cleanpage,
    "trafilatura": _run_trafilatura,
    "readability": _run_readability,
}


# ---------------------------------------------------------------- one page

def _call_with_timeout(fn: Callable[[], tuple[str, str, list[str]]], timeout: float | None
                       ) -> tuple[str, str, list[str]]:
    # SIGALRM only works in the main thread; elsewhere run without the safety net.
    if not timeout or threading.current_thread() is not threading.main_thread():
        return fn()

    def _alarm(signum: int, frame: object) -> None:
        raise _Timeout(f"no result after {timeout:g} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def evaluate_page(page: wcxb.Page, systems: Sequence[str], options: dict[str, Any] | None = None,
                  runners: dict[str, Callable[..., tuple[str, str, list[str]]]] | None = None,
                  timeout: float | None = DEFAULT_TIMEOUT_S,
                  keep_text: bool = False) -> dict[str, Any]:
    """Run every system on one page and score it.

    A system that raises (or times out) scores the page as empty output; its
    status says ``error`` (or ``timeout``) and ``error`` holds the message.
    """
    from cleanpage.decode import decode

    options = options or {}
    runners = runners or RUNNERS
    text, _ = decode(page.html)
    record: dict[str, Any] = {
        "id": page.id, "type": page.page_type, "half": page.half, "domain": page.domain,
        "ref_words": len(wcxb.tokens(page.truth or "")), "systems": {},
    }
    for name in systems:
        start = time.perf_counter()
        error = None
        try:
            out, status, notes = _call_with_timeout(
                lambda name=name: runners[name](page, text, options), timeout)
        except _Timeout as exc:
            out, status, notes, error = "", "timeout", [], str(exc)
        except Exception as exc:  # one failing page must not end the run: score it empty
            out, status, notes, error = "", "error", [], f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - start
        p, r, f1 = wcxb.prf(out, page.truth or "")
        found, with_total, absent, without_total = wcxb.snippets(
            out, page.with_snippets, page.without_snippets)
        entry: dict[str, Any] = {
            "p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "status": status,
            "words": len(wcxb.tokens(out)), "with": [found, with_total],
            "without": [absent, without_total], "seconds": round(seconds, 4),
        }
        if notes:
            entry["notes"] = notes
        if error:
            entry["error"] = error[:300]
        if keep_text:
            entry["text"] = out
        record["systems"][name] = entry
    return record


# ---------------------------------------------------------------- workers

_WORKER: dict[str, Any] = {}


def _init_worker(corpus: str, systems: Sequence[str], options: dict[str, Any], timeout: float | None,
                 keep_text: bool) -> None:
    _WORKER.update(corpus=Path(corpus), systems=tuple(systems), options=options, timeout=timeout,
                   keep_text=keep_text)
    for name in systems:  # import the extractors once per worker, not on the first page's clock
        try:
            RUNNERS[name](_WARMUP_PAGE, _WARMUP_PAGE.html.decode(), options)
        except Exception:  # a broken extractor is reported per page, where it fails
            pass


_WARMUP_PAGE = wcxb.Page(
    id="warmup", html=b"<html><body><article><p>Warm up the imports.</p></article></body></html>",
    page_type="article", domain="example.org", url=None, truth="Warm up the imports.",
    with_snippets=[], without_snippets=[], title=None, author=None, date=None)


def _evaluate_id(pid: str) -> dict[str, Any]:
    page = wcxb.load_page(_WORKER["corpus"], pid)
    return evaluate_page(page, _WORKER["systems"], _WORKER["options"], timeout=_WORKER["timeout"],
                         keep_text=_WORKER["keep_text"])


def run(corpus: Path, ids: Sequence[str], systems: Sequence[str], options: dict[str, Any],
        jobs: int = 2, timeout: float | None = DEFAULT_TIMEOUT_S, keep_text: bool = False,
        progress: bool = True) -> list[dict[str, Any]]:
    """Evaluate the pages ``ids``; records come back in ``ids`` order whatever ``jobs`` is."""
    initargs = (str(corpus), tuple(systems), options, timeout, keep_text)
    records: list[dict[str, Any]] = []
    started = time.perf_counter()

    def _collect(it: Iterable[dict[str, Any]]) -> None:
        for i, rec in enumerate(it, 1):
            records.append(rec)
            if progress and (i % 100 == 0 or i == len(ids)):
                print(f"  {i}/{len(ids)} pages, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)

    if jobs <= 1:
        _init_worker(*initargs)
        _collect(_evaluate_id(pid) for pid in ids)
    else:
        # Workers load pages themselves: queueing 400 MB of page bytes up front would not fit.
        with multiprocessing.get_context().Pool(jobs, _init_worker, initargs, maxtasksperchild=200) as pool:
            _collect(pool.imap(_evaluate_id, ids, chunksize=2))
    return records


# ---------------------------------------------------------------- report

def _stats(entries: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(entries)
    if not n:
        return {"n": 0}
    with_found = sum(e["with"][0] for e in entries)
    with_total = sum(e["with"][1] for e in entries)
    without_absent = sum(e["without"][0] for e in entries)
    without_total = sum(e["without"][1] for e in entries)
    return {
        "n": n,
        "f1": round(sum(e["f1"] for e in entries) / n, 4),
        "p": round(sum(e["p"] for e in entries) / n, 4),
        "r": round(sum(e["r"] for e in entries) / n, 4),
        "with_found": round(with_found / with_total, 4) if with_total else None,
        "without_absent": round(without_absent / without_total, 4) if without_total else None,
        "with_counts": [with_found, with_total],
        "without_counts": [without_absent, without_total],
    }


def summarize(records: list[dict[str, Any]], systems: Sequence[str]) -> dict[str, Any]:
    """Per-system figures: overall, by half, by type, by type x half, statuses."""
    summary: dict[str, Any] = {}
    for name in systems:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for rec in records:
            e = rec["systems"][name]
            groups[()].append(e)
            groups[("half", rec["half"])].append(e)
            groups[("type", rec["type"])].append(e)
            groups[("type_half", rec["type"], rec["half"])].append(e)
        entries = groups[()]
        summary[name] = {
            "overall": _stats(entries),
            "by_half": {k[1]: _stats(v) for k, v in sorted(groups.items()) if k[:1] == ("half",)},
            "by_type": {k[1]: _stats(v) for k, v in sorted(groups.items()) if k[:1] == ("type",)},
            "by_type_half": {f"{k[1]}/{k[2]}": _stats(v) for k, v in sorted(groups.items())
                             if k[:1] == ("type_half",)},
            "statuses": dict(sorted(Counter(e["status"] for e in entries).items())),
            "failures": sum(1 for e in entries if e["status"] in _FAILED),
            "empty_output": sum(1 for e in entries if e["words"] == 0),
            "seconds": round(sum(e["seconds"] for e in entries), 2),
        }
    return summary


def _type_order(records: list[dict[str, Any]]) -> list[str]:
    counts = Counter(rec["type"] for rec in records)
    return sorted(counts, key=lambda t: (-counts[t], t))


def format_table(summary: dict[str, Any], records: list[dict[str, Any]], systems: Sequence[str]) -> str:
    """The compact side-by-side table the script prints."""
    col = 19  # one "F1 P R" cell
    lines = [(f"{'word F1 / P / R':<24}{'n':>5}  " + "".join(f"{s:<{col}}" for s in systems)).rstrip()]

    def row(label: str, pick: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        stats = [pick(summary[s]) for s in systems]
        n = stats[0].get("n", 0)
        if not n:
            return
        cells = "".join(f"{s['f1']:.3f} {s['p']:.3f} {s['r']:.3f}  " for s in stats)
        lines.append(f"{label:<24}{n:>5}  {cells.rstrip()}")

    row("overall", lambda s: s["overall"])
    for half in ("tune", "valid"):
        row(f"  {half}", lambda s, h=half: s["by_half"].get(h, {}))
    for ptype in _type_order(records):
        row(ptype, lambda s, t=ptype: s["by_type"][t])
        for half in ("tune", "valid"):
            row(f"  {ptype}/{half}", lambda s, k=f"{ptype}/{half}": s["by_type_half"].get(k, {}))

    def share(label: str, key: str, counts: str) -> None:
        cells = []
        for s in systems:
            o = summary[s]["overall"]
            value = "-" if o.get(key) is None else f"{o[key]:.3f}"
            cells.append(f"{value} ({o[counts][0]}/{o[counts][1]})".ljust(col))
        lines.append(f"{label:<31}" + "".join(cells).rstrip())

    lines.append("")
    share("with snippets found", "with_found", "with_counts")
    share("without snippets absent", "without_absent", "without_counts")
    lines.append(f"{'empty output (pages)':<31}"
                 + "".join(f"{summary[s]['empty_output']:<{col}}" for s in systems).rstrip())
    lines.append(f"{'errors + timeouts (pages)':<31}"
                 + "".join(f"{summary[s]['failures']:<{col}}" for s in systems).rstrip())
    lines.append(f"{'extract seconds (sum, info)':<31}"
                 + "".join(f"{summary[s]['seconds']:<{col}}" for s in systems).rstrip())
    for s in systems:
        statuses = ", ".join(f"{k} {v}" for k, v in summary[s]["statuses"].items())
        lines.append(f"{s} statuses: {statuses}")
    return "\n".join(lines)


def check_targets(summary: dict[str, Any]) -> list[tuple[str, bool]]:
    """Issue 3's quality targets for cleanpage, as (what, met) pairs (needs trafilatura in the run)."""
    if "cleanpage" not in summary or "trafilatura" not in summary:
        return []
    cp, tr = summary["cleanpage"], summary["trafilatura"]
    out = []
    for half in ("tune", "valid"):
        a, b = cp["by_half"].get(half, {}), tr["by_half"].get(half, {})
        if a.get("n"):
            out.append((f"F1 above trafilatura on {half} ({a['f1']:.3f} vs {b['f1']:.3f})", a["f1"] > b["f1"]))
    worse = [t for t in cp["by_type"] if cp["by_type"][t]["f1"] < tr["by_type"][t]["f1"]]
    out.append(("every page type at least trafilatura's" + (f" (below on: {', '.join(worse)})" if worse else ""),
                not worse))
    if "article" in cp["by_type"]:
        f1 = cp["by_type"]["article"]["f1"]
        out.append((f"article F1 >= 0.93 ({f1:.3f})", f1 >= 0.93))
    o = cp["overall"]
    if o.get("without_absent") is not None:
        out.append((f"without snippets absent >= 95% ({o['without_absent']:.1%})", o["without_absent"] >= 0.95))
    if o.get("with_found") is not None:
        out.append((f"with snippets found >= 85% ({o['with_found']:.1%})", o["with_found"] >= 0.85))
    return out


def compare(report: dict[str, Any], baseline: dict[str, Any], top: int = 10) -> str:
    """Mean F1 change per system over the pages both reports share, and the pages that moved most."""
    lines = []
    old_pages = {rec["id"]: rec for rec in baseline.get("pages", [])}
    for name in report["meta"]["systems"]:
        deltas, old_sum, new_sum = [], 0.0, 0.0
        for rec in report["pages"]:
            old = old_pages.get(rec["id"], {}).get("systems", {}).get(name)
            if old is not None:
                new = rec["systems"][name]["f1"]
                old_sum, new_sum = old_sum + old["f1"], new_sum + new
                deltas.append((new - old["f1"], rec["id"], rec["type"]))
        if not deltas:
            lines.append(f"{name}: not in the baseline")
            continue
        n = len(deltas)
        lines.append(f"{name}: F1 {old_sum / n:.4f} -> {new_sum / n:.4f} ({(new_sum - old_sum) / n:+.4f}) "
                     f"over {n} common pages; "
                     f"{sum(1 for d in deltas if d[0] < -0.001)} worse, "
                     f"{sum(1 for d in deltas if d[0] > 0.001)} better")
        deltas.sort()
        worst = [f"{pid} {ptype} {d:+.3f}" for d, pid, ptype in deltas[:top] if d < -0.001]
        best = [f"{pid} {ptype} {d:+.3f}" for d, pid, ptype in reversed(deltas[-top:]) if d > 0.001]
        if worst:
            lines.append("  worse: " + ", ".join(worst))
        if best:
            lines.append("  better: " + ", ".join(best))
    return "\n".join(lines)


def _versions(systems: Sequence[str]) -> dict[str, str | None]:
    dists = {"cleanpage": "cleanpage", "trafilatura": "trafilatura", "readability": "readability-lxml"}
    out: dict[str, str | None] = {}
    for name in systems:
        try:
            out[name] = importlib.metadata.version(dists[name])
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        rev = ""
    out["cleanpage_git"] = rev or None
    return out


# ---------------------------------------------------------------- CLI

def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=wcxb.DEFAULT_CORPUS, help="WCXB corpus folder")
    ap.add_argument("--limit", type=int, default=None, help="first N pages (in id order)")
    ap.add_argument("--type", dest="page_type", default=None, help="only this page type")
    ap.add_argument("--half", choices=("tune", "valid"), default=None, help="only this half of the split")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help=f"comma-separated, from {', '.join(SYSTEMS)} (default: all)")
    ap.add_argument("--extractor", default=None, help="passed to cleanpage.extract(extractor=...)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (results do not depend on it)")
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                    help="seconds before one system on one page counts as a timeout (0: none)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON report")
    ap.add_argument("--baseline", type=Path, default=None, help="an earlier JSON report to compare with")
    ap.add_argument("--texts", type=Path, default=None,
                    help="also write each system's output to DIR/<id>.<system>.txt")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    args = ap.parse_args(argv)
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in args.systems if s not in RUNNERS]
    if unknown or not args.systems:
        ap.error(f"unknown systems {unknown}; choose from {', '.join(SYSTEMS)}")
    if args.extractor:
        import cleanpage

        if "extractor" not in inspect.signature(cleanpage.extract).parameters:
            ap.error("this cleanpage.extract() takes no extractor= argument")
    if not (args.corpus / "metadata.json").exists():
        ap.error(f"no WCXB corpus at {args.corpus} (metadata.json missing)")
    return args


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the table, write the report; returns the report."""
    args = parse_args(argv)
    ids = wcxb.page_ids(args.corpus, args.limit, args.page_type, args.half)
    options = {"extractor": args.extractor} if args.extractor else {}
    started = time.perf_counter()
    records = run(args.corpus, ids, args.systems, options, jobs=args.jobs,
                  timeout=args.timeout or None, keep_text=args.texts is not None,
                  progress=not args.quiet)
    wall = time.perf_counter() - started
    if args.texts is not None:
        args.texts.mkdir(parents=True, exist_ok=True)
        for rec in records:
            for name, entry in rec["systems"].items():
                (args.texts / f"{rec['id']}.{name}.txt").write_text(entry.pop("text"))
    summary = summarize(records, args.systems)
    report = {
        "meta": {
            "corpus": str(args.corpus), "pages": len(records), "limit": args.limit,
            "type": args.page_type, "half": args.half, "systems": args.systems,
            "extractor": args.extractor, "jobs": args.jobs, "wall_seconds": round(wall, 1),
            "versions": _versions(args.systems),
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "metric": "word-level P/R/F1 per page (lowercased \\w+ tokens, multiset overlap), "
                      "averaged over pages; snippet shares pooled over pages",
        },
        "summary": summary,
        "pages": records,
    }
    halves = Counter(rec["half"] for rec in records)
    print(f"WCXB {args.corpus.name}: {len(records)} pages (tune {halves['tune']}, valid {halves['valid']}), "
          f"{wall:.0f} s with {args.jobs} jobs")
    print(format_table(summary, records, args.systems))
    targets = check_targets(summary)
    if targets:
        print("targets (issue 3):")
        for what, ok in targets:
            print(f"  {'MET    ' if ok else 'NOT MET'} {what}")
    report["targets"] = [{"target": what, "met": ok} for what, ok in targets]
    if args.baseline is not None:
        print()
        print(compare(report, json.loads(args.baseline.read_text())))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(f"report: {args.out}")
    return report


if __name__ == "__main__":
    main()
