"""Extraction speed: cleanpage against trafilatura and a parse-only floor.

Corpus mode (default): single process, pages of the WCXB corpus decoded to
``str`` once (outside the clock), then each system timed on that same string,
interleaved page by page (the order rotates from page to page) so machine
noise hits every system alike. Garbage is collected before each timed call
so no system pays for another's garbage. The floor is what any extractor on
selectolax must pay: ``LexborHTMLParser(text)`` and ``body.text()``.

Memory: every system also runs over the same pages in its own fresh
subprocess; we report that process's peak RSS (Linux ``VmHWM``, else
``ru_maxrss``) and its growth over the peak after imports and a warm-up.
RSS, not tracemalloc, because Lexbor's and libxml2's C allocations are
invisible to tracemalloc. The child also holds one decoded page at a time,
so the floor's figure is the baseline the others compare with.

Scaling mode (``--scaling``): synthetic article-like pages of 10 KB to 10 MB
(navigation, paragraphs, lists, tables, sidebars), timing the floor,
cleanpage as users get it (its ``Limits`` cut huge pages, which the table
shows) and ``cleanpage_unbounded`` (the size caps lifted), reported as ms and
ms/MB so that linear growth shows as a flat ms/MB.

Usage::

    python benchmarks/speed.py --limit 400
    python benchmarks/speed.py --scaling
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import wcxb  # noqa: E402

SYSTEMS = ("floor", "cleanpage", "trafilatura")
SCALING_SYSTEMS = ("floor", "cleanpage", "cleanpage_unbounded")
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "speed.json"
SCALING_SIZES = ("10KB", "100KB", "1MB", "10MB")
_UNITS = {"KB": 1000, "MB": 1000 * 1000, "B": 1}


# ---------------------------------------------------------------- systems

def _floor(text: str, url: str | None) -> str:
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(text).body
    return body.text() if body is not None else ""


def _cleanpage(text: str, url: str | None) -> str:
    import cleanpage

    return cleanpage.extract(text, url=url).text


def _unbounded_limits() -> Any:
    """cleanpage's ``Limits`` with the size caps lifted, for timing growth past them."""
    import dataclasses

    from cleanpage.limits import Limits

    huge = 10**12
    lifted = {"max_bytes": huge, "max_chars": huge, "max_blocks": 0, "max_tags": huge}
    fields = {f.name for f in dataclasses.fields(Limits)}
    return Limits(**{k: v for k, v in lifted.items() if k in fields})


def _cleanpage_unbounded(text: str, url: str | None) -> str:
    import cleanpage

    return cleanpage.extract(text, url=url, limits=_unbounded_limits()).text


def _trafilatura(text: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(text) or ""


RUNNERS: dict[str, Callable[[str, str | None], str]] = {
    "floor": _floor, "cleanpage": _cleanpage, "trafilatura": _trafilatura,
    "cleanpage_unbounded": _cleanpage_unbounded,
}

_WARMUP_HTML = (
    "<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a></nav>"
    "<article><h1>Warm up</h1><p>Imports, compiled patterns and caches are loaded "
    "before the clock starts, so that the first page does not pay for them.</p></article></body></html>"
)


def warm_up(systems: Sequence[str], rounds: int = 3) -> None:
    for _ in range(rounds):
        for name in systems:
            RUNNERS[name](_WARMUP_HTML, None)


def _timed(fn: Callable[[str, str | None], str], text: str, url: str | None) -> tuple[float, str | None]:
    """Milliseconds of one call, and the error if it raised (timed all the same)."""
    gc.collect()
    start = time.perf_counter()
    error = None
    try:
        fn(text, url)
    except Exception as exc:  # a page an extractor cannot handle is reported, not fatal
        error = f"{type(exc).__name__}: {exc}"
    return (time.perf_counter() - start) * 1000.0, error


# ---------------------------------------------------------------- corpus mode

def _decoded_pages(corpus: Path, limit: int | None) -> Any:
    from cleanpage.decode import decode

    for pid in wcxb.page_ids(corpus, limit):
        page = wcxb.load_page(corpus, pid)
        yield page, decode(page.html)[0]


def time_corpus(corpus: Path, limit: int | None, systems: Sequence[str],
                progress: bool = True) -> dict[str, Any]:
    """Per-page milliseconds of every system, interleaved page by page."""
    warm_up(systems)
    pages: list[dict[str, Any]] = []
    started = time.perf_counter()
    for i, (page, text) in enumerate(_decoded_pages(corpus, limit)):
        rec: dict[str, Any] = {"id": page.id, "type": page.page_type, "bytes": len(page.html), "ms": {}}
        # Rotate the order so no system always runs first (cold caches) or last.
        order = list(systems[i % len(systems):]) + list(systems[:i % len(systems)])
        for name in order:
            ms, error = _timed(RUNNERS[name], text, page.url)
            rec["ms"][name] = round(ms, 3)
            if error:
                rec.setdefault("errors", {})[name] = error[:300]
        pages.append(rec)
        if progress and (i + 1) % 100 == 0:
            print(f"  {i + 1} pages, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return {"pages": pages, "summary": summarize(pages, systems)}


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def summarize(pages: list[dict[str, Any]], systems: Sequence[str]) -> dict[str, Any]:
    summary: dict[str, Any] = {"systems": {}, "ratios": {}}
    for name in systems:
        ms = [p["ms"][name] for p in pages]
        total_s = sum(ms) / 1000.0
        summary["systems"][name] = {
            "pages": len(ms),
            "median_ms": round(statistics.median(ms), 3),
            "p95_ms": round(_p95(ms), 3),
            "mean_ms": round(statistics.fmean(ms), 3),
            "max_ms": round(max(ms), 3),
            "pages_per_s": round(len(ms) / total_s, 1) if total_s else None,
            "errors": sum(1 for p in pages if name in p.get("errors", {})),
        }
    s = summary["systems"]
    for a, b in (("cleanpage", "trafilatura"), ("cleanpage", "floor"), ("trafilatura", "floor")):
        if a in s and b in s:
            summary["ratios"][f"{a}/{b}"] = {
                "median": round(s[a]["median_ms"] / s[b]["median_ms"], 3),
                "p95": round(s[a]["p95_ms"] / s[b]["p95_ms"], 3),
                "total": round(s[a]["mean_ms"] / s[b]["mean_ms"], 3),
            }
    return summary


def format_corpus(result: dict[str, Any], memory: dict[str, Any] | None) -> str:
    s = result["summary"]
    lines = [f"{'system':<13}{'median ms':>10}{'p95 ms':>10}{'mean ms':>10}{'pages/s':>9}{'errors':>8}"
             + (f"{'peak RSS MB':>13}{'growth MB':>11}" if memory else "")]
    for name, st in s["systems"].items():
        line = (f"{name:<13}{st['median_ms']:>10.2f}{st['p95_ms']:>10.2f}{st['mean_ms']:>10.2f}"
                f"{st['pages_per_s']:>9.1f}{st['errors']:>8}")
        if memory and "peak_mb" in memory.get(name, {}):
            m = memory[name]
            line += f"{m['peak_mb']:>13.1f}{m['growth_mb']:>11.1f}"
        lines.append(line)
    for key, r in s["ratios"].items():
        lines.append(f"ratio {key:<24} median {r['median']:.3f}   p95 {r['p95']:.3f}   total {r['total']:.3f}")
    ratios = s["ratios"]
    if "cleanpage/trafilatura" in ratios and "cleanpage/floor" in ratios:
        a, b = ratios["cleanpage/trafilatura"]["median"], ratios["cleanpage/floor"]["median"]
        lines.append(f"targets (issue 3): {'MET' if a <= 0.2 else 'NOT MET'}: median <= 1/5 of trafilatura's "
                     f"({a:.3f}); {'MET' if b <= 10 else 'NOT MET'}: median <= 10x the floor ({b:.1f}x)")
    if "cleanpage" in s["systems"] and len(result["pages"]) > 1:
        slow = sorted(result["pages"], key=lambda p: -p["ms"]["cleanpage"])[:5]
        lines.append("slowest for cleanpage: " + ", ".join(
            f"{p['id']} ({p['bytes'] / 1e6:.2f} MB) {p['ms']['cleanpage']:.0f} ms" for p in slow))
    return "\n".join(lines)


# ---------------------------------------------------------------- memory

def measure_memory(corpus: Path, limit: int | None, systems: Sequence[str]) -> dict[str, Any]:
    """Peak RSS of a fresh subprocess per system running over the same pages."""
    out = {}
    for name in systems:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child", name,
               "--corpus", str(corpus)] + (["--limit", str(limit)] if limit else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            out[name] = {"error": proc.stderr.strip()[-500:]}
            continue
        out[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def _rss_mb() -> float:
    """Peak RSS of this process so far, in MB.

    On Linux ``VmHWM`` from ``/proc/self/status``: ``ru_maxrss`` survives
    fork + exec there, so a child would report its parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1.0 if sys.platform == "darwin" else 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def _memory_child(name: str, corpus: Path, limit: int | None) -> None:
    warm_up([name])
    gc.collect()
    base = _rss_mb()
    for page, text in _decoded_pages(corpus, limit):
        try:
            RUNNERS[name](text, page.url)
        except Exception:  # counted in the timing run
            pass
    peak = _rss_mb()
    print(json.dumps({"peak_mb": round(peak, 1), "after_imports_mb": round(base, 1),
                      "growth_mb": round(peak - base, 1)}))


# ---------------------------------------------------------------- scaling mode

_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but "
    "have an they you were her she there one all we their been has when who will more no if out so "
    "council harbour report water river budget season station market village research results "
    "engineers families weather schools library hospital bridge railway festival museum garden "
    "announced explained measured reported expected described increased reduced opened planned "
    "yesterday morning evening during after before between under around across within without"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 24))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 9999)}")
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice((".", ".", ".", "?", "!"))


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
    if rng.random() < 0.4:  # inline markup, as real articles have
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = f"{text[:cut]} <a href=\"/story/{rng.randint(1, 9999)}\">{_sentence(rng)[:-1]}</a>{text[cut:]}"
    return f"<p>{text}</p>"


def _nav(rng: random.Random, n: int) -> str:
    items = "".join(f"<li><a href=\"/section/{i}\">{rng.choice(_WORDS).title()}</a></li>" for i in range(n))
    return f"<nav class=\"menu\"><ul>{items}</ul></nav>"


def _section(rng: random.Random, i: int) -> str:
    parts = [f"<section id=\"part-{i}\"><h2>{_sentence(rng)[:-1]}</h2>"]
    parts += [_paragraph(rng) for _ in range(rng.randint(3, 7))]
    roll = rng.random()
    if roll < 0.25:
        parts.append("<ul>" + "".join(f"<li>{_sentence(rng)}</li>" for _ in range(rng.randint(3, 6))) + "</ul>")
    elif roll < 0.4:
        rows = "".join(f"<tr><td>{rng.choice(_WORDS)}</td><td>{rng.randint(1, 999)}</td></tr>"
                       for _ in range(rng.randint(3, 8)))
        parts.append(f"<table><thead><tr><th>Item</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>")
    elif roll < 0.5:
        parts.append(f"<figure><img src=\"/img/{i}.jpg\" alt=\"\"><figcaption>{_sentence(rng)}</figcaption></figure>")
    elif roll < 0.6:
        links = "".join(f"<li><a href=\"/story/{rng.randint(1, 9999)}\">{_sentence(rng)[:-1]}</a></li>"
                        for _ in range(4))
        parts.append(f"<aside class=\"related\"><h3>Related stories</h3><ul>{links}</ul></aside>")
    parts.append("</section>")
    return "".join(parts)


def synthetic_page(size: int, seed: int = 0) -> str:
    """An article-like page of about ``size`` bytes (UTF-8), the same for the same arguments."""
    rng = random.Random(seed * 1_000_003 + size)
    head = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Synthetic story</title>"
            "<style>body{font-family:serif}.menu li{display:inline}</style>"
            "<script>window.dataLayer=window.dataLayer||[];</script></head><body>"
            f"<header><div class=\"logo\">The Daily Example</div>{_nav(rng, 12)}</header>"
            "<main><article><h1>Synthetic story for timing</h1>"
            "<p class=\"byline\">By A. Writer, 3 March 2024</p>")
    tail = ("</article><aside class=\"sidebar\"><h3>Most read</h3>"
            + "".join(f"<p><a href=\"/top/{i}\">{_sentence(rng)[:-1]}</a></p>" for i in range(8))
            + "</aside></main><footer><p>Copyright 2024 The Daily Example. All rights reserved.</p>"
            + _nav(rng, 8) + "</footer></body></html>")
    parts = [head]
    length = len(head.encode()) + len(tail.encode())
    i = 0
    while length < size:
        section = _section(rng, i)
        parts.append(section)
        length += len(section.encode())
        i += 1
    parts.append(tail)
    return "".join(parts)


def parse_size(label: str) -> int:
    label = label.strip().upper()
    for unit in ("KB", "MB", "B"):
        if label.endswith(unit):
            return int(float(label[: -len(unit)]) * _UNITS[unit])
    return int(label)


def time_scaling(sizes: Sequence[str], systems: Sequence[str], budget_s: float = 4.0) -> list[dict[str, Any]]:
    """Median ms per system on each synthetic size (repeats fit a time budget per size)."""
    warm_up(systems)
    rows = []
    for label in sizes:
        text = synthetic_page(parse_size(label))
        nbytes = len(text.encode())
        first = {name: _timed(RUNNERS[name], text, None)[0] for name in systems}
        # At least 3 runs; more for small pages, as many as fit the budget.
        reps = max(3, min(30, int(budget_s * 1000 / max(sum(first.values()), 1e-3))))
        times: dict[str, list[float]] = {name: [] for name in systems}
        for _ in range(reps):
            for name in systems:
                times[name].append(_timed(RUNNERS[name], text, None)[0])
        row: dict[str, Any] = {"size": label, "bytes": nbytes, "reps": reps, "ms": {}, "ms_per_mb": {}}
        for name in systems:
            ms = statistics.median(times[name])
            row["ms"][name] = round(ms, 3)
            row["ms_per_mb"][name] = round(ms / (nbytes / 1e6), 2)
        row["page_words"] = len(wcxb.tokens(_floor(text, None)))
        row["kept_words"] = {name: len(wcxb.tokens(RUNNERS[name](text, None))) for name in systems
                             if name != "floor"}
        if "cleanpage" in systems:
            import cleanpage

            result = cleanpage.extract(text)
            row["cleanpage_status"], row["cleanpage_notes"] = result.status, list(result.notes)
        rows.append(row)
    return rows


def format_scaling(rows: list[dict[str, Any]], systems: Sequence[str]) -> str:
    """ms and ms/MB per system and size; ``kept`` is the share of the page's words in the output."""
    head = f"{'size':<7}{'bytes':>10}{'reps':>5}" + "".join(
        f"{n:>20}{'ms/MB':>8}" + ("" if n == "floor" else f"{'kept':>6}") for n in systems)
    lines = [head]
    for row in rows:
        cells = []
        for n in systems:
            cell = f"{row['ms'][n]:>17.2f} ms{row['ms_per_mb'][n]:>8.1f}"
            if n != "floor":
                cell += f"{row['kept_words'][n] / max(row['page_words'], 1):>6.0%}"
            cells.append(cell)
        lines.append(f"{row['size']:<7}{row['bytes']:>10}{row['reps']:>5}" + "".join(cells))
    for row in rows:
        if row.get("cleanpage_status", "ok") != "ok":
            lines.append(f"cleanpage on {row['size']}: {row['cleanpage_status']}: {'; '.join(row['cleanpage_notes'])}")
    return "\n".join(lines)


# ---------------------------------------------------------------- CLI

def _merge_write(path: Path, key: str, section: dict[str, Any]) -> None:
    """Replace one section (``corpus`` or ``scaling``) of the JSON file, keeping the other."""
    report: dict[str, Any] = {}
    if path.exists():
        try:
            report = json.loads(path.read_text())
        except ValueError:
            report = {}
    report[key] = section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1) + "\n")


def _meta() -> dict[str, Any]:
    import platform

    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        rev = ""
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cleanpage_git": rev or None,
            "python": platform.python_version(), "machine": platform.machine()}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=wcxb.DEFAULT_CORPUS, help="WCXB corpus folder")
    ap.add_argument("--limit", type=int, default=None, help="first N pages (in id order)")
    ap.add_argument("--systems", default=None,
                    help=f"comma-separated from {', '.join(SYSTEMS)} (default: all; "
                         f"with --scaling: {', '.join(SCALING_SYSTEMS)})")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    ap.add_argument("--scaling", action="store_true", help="time synthetic pages instead of the corpus")
    ap.add_argument("--sizes", default=",".join(SCALING_SIZES), help="synthetic page sizes for --scaling")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON report (sections merged)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    ap.add_argument("--memory-child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    default = SCALING_SYSTEMS if args.scaling else SYSTEMS
    args.systems = [s.strip() for s in (args.systems or ",".join(default)).split(",") if s.strip()]
    unknown = [s for s in args.systems if s not in RUNNERS]
    if unknown or not args.systems:
        ap.error(f"unknown systems {unknown}; choose from {', '.join(SYSTEMS)}")
    if not args.scaling and not (args.corpus / "metadata.json").exists():
        ap.error(f"no WCXB corpus at {args.corpus} (metadata.json missing)")
    return args


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the table, write the JSON section; returns that section."""
    args = parse_args(argv)
    if args.memory_child:
        _memory_child(args.memory_child, args.corpus, args.limit)
        return {}
    if args.scaling:
        rows = time_scaling(args.sizes.split(","), args.systems)
        section: dict[str, Any] = {"meta": _meta(), "systems": args.systems, "rows": rows}
        print("synthetic article-like pages; median ms per page; flat ms/MB means linear time")
        print(format_scaling(rows, args.systems))
        _merge_write(args.out, "scaling", section)
        print(f"report: {args.out}")
        return section
    started = time.perf_counter()
    result = time_corpus(args.corpus, args.limit, args.systems, progress=not args.quiet)
    memory = None if args.no_memory else measure_memory(args.corpus, args.limit, args.systems)
    for name, m in (memory or {}).items():
        if "error" in m:  # kept in the report; the table shows no figure for it
            print(f"memory run for {name} failed: {m['error']}", file=sys.stderr)
    section = {"meta": {**_meta(), "corpus": str(args.corpus), "limit": args.limit,
                        "pages": len(result["pages"]), "systems": args.systems,
                        "memory": "peak RSS (VmHWM) of a fresh subprocess per system over the same "
                                  "pages; growth = peak minus peak after imports and warm-up"},
               "summary": result["summary"], "memory": memory, "pages": result["pages"]}
    print(f"WCXB {args.corpus.name}: {len(result['pages'])} pages, single process, "
          f"{time.perf_counter() - started:.0f} s")
    print(format_corpus(result, memory))
    _merge_write(args.out, "corpus", section)
    print(f"report: {args.out}")
    return section


if __name__ == "__main__":
    main()
