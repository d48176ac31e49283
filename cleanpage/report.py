"""The visual report: what was removed from a page, by which filter, and why.

``render_report(result)`` returns one self-contained HTML page: a summary
per filter (blocks and characters dropped), the page's blocks in order
(kept ones plain, dropped ones struck through and coloured by filter, with
"filter: reason" on hover), and the final text beside them.

The report is built to be safe to open for a hostile page: every string
that came from the page (text, reasons, which quote class names, title,
URL, file name) goes through :func:`html.escape`; the report has no script
at all, loads nothing (inline CSS only), and a Content-Security-Policy
``default-src 'none'`` forbids scripts and fetches in case anything ever
slipped through.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from .api import Result
from .filters.custom_rules import rule_of
from .model import Block

#: Background / accent pairs, one per filter in order of first drop; they
#: cycle when a page has more filters than colours.
PALETTE = (
    ("#fde2e1", "#c62828"), ("#e3ecfd", "#1f5fbf"), ("#e4f4e4", "#2e7d32"),
    ("#fff1d6", "#b26a00"), ("#efe3fa", "#6a3fa0"), ("#dff4f4", "#00796b"),
    ("#fbe3f1", "#ad1457"), ("#ececec", "#555555"), ("#f3f0d2", "#827717"),
    ("#e0eef7", "#0d6f8f"),
)
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:14px 24px;background:#20262e;color:#f2f2f2}
header h1{font-size:18px;margin:0 0 4px}
header p{margin:0;font-size:13px;color:#c9d1d9;word-break:break-all}
main{padding:12px 24px}
h2{font-size:15px;margin:14px 0 8px}
table{border-collapse:collapse;font-size:13px;background:#fff}
th,td{border:1px solid #ddd;padding:3px 10px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:6px}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px;align-items:start}
ol.blocks{list-style:none;margin:0;padding:0}
.blk{margin:0 0 4px;padding:4px 8px 4px 10px;border-left:4px solid transparent;background:#fff;border-radius:3px}
.blk.gap{margin-top:12px}
.blk.heading{font-weight:600}
.blk .tg{font:11px ui-monospace,monospace;color:#888;margin-right:6px}
.blk.dropped{color:#444}
.blk.dropped del{text-decoration:line-through;text-decoration-thickness:1.5px}
.blk .who{font:11px ui-monospace,monospace;margin-left:8px;padding:0 4px;border-radius:3px;color:#fff}
.final{background:#fff;border:1px solid #ddd;border-radius:3px;padding:4px 14px;position:sticky;top:8px}
.final p{margin:8px 0;white-space:pre-wrap}
.empty{color:#888;font-style:italic}
.notes{color:#8a4b00}
"""


@dataclass(frozen=True)
class FilterSummary:
    """What one filter dropped from a page."""

    name: str
    blocks: int
    chars: int


def summarize(result: Result) -> list[FilterSummary]:
    """Dropped blocks and characters per filter, in order of first drop."""
    counts: dict[str, list[int]] = {}
    for b in result.blocks:
        if b.dropped_by is not None:
            c = counts.setdefault(b.dropped_by, [0, 0])
            c[0] += 1
            c[1] += len(b.text)
    return [FilterSummary(name, n, chars) for name, (n, chars) in counts.items()]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_report(result: Result, *, source: str | None = None, title: str | None = None) -> str:
    """The report for one cleaned page, as a complete HTML document.

    Args:
        result: what :func:`cleanpage.extract` returned for the page.
        source: where the page came from (a file name), shown in the header.
        title: a heading; defaults to the page's title, then ``source``.
    """
    blocks = result.blocks
    summary = summarize(result)
    colour = {s.name: i % len(PALETTE) for i, s in enumerate(summary)}
    page_title = title or result.metadata.get("title") or source or "page"
    total_chars = sum(len(b.text) for b in blocks)
    kept_chars = sum(len(b.text) for b in blocks if b.kept)
    kept_n = sum(1 for b in blocks if b.kept)
    out: list[str] = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">",
        "<meta name=\"referrer\" content=\"no-referrer\">",
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
        f"<title>cleanpage report: {_e(page_title)}</title>",
        f"<style>{_STYLE}{_palette_css(len(summary))}</style></head><body>",
        f"<header><h1>cleanpage report: {_e(page_title)}</h1>",
    ]
    facts = [f"status {result.status}", f"{result.document.source} input"]
    if source:
        facts.insert(0, f"source {source}")
    if result.document.url or result.metadata.get("url"):
        facts.append(f"url {result.document.url or result.metadata.get('url')}")
    facts.append(f"kept {kept_n} of {len(blocks)} blocks, {kept_chars} of {total_chars} characters")
    out.append(f"<p>{_e(' · '.join(facts))}</p></header><main>")
    if result.notes:
        out.append("<ul class=\"notes\">" + "".join(f"<li>{_e(n)}</li>" for n in result.notes) + "</ul>")
    out.append(_summary_table(summary, colour, len(blocks) - kept_n, total_chars - kept_chars))
    out.append("<div class=\"cols\"><section><h2>Blocks in page order</h2>")
    if blocks:
        out.append("<ol class=\"blocks\">")
        out.extend(_block(b, colour) for b in blocks)
        out.append("</ol>")
    else:
        out.append("<p class=\"empty\">The page has no text blocks.</p>")
    out.append("</section><section><h2>Final text</h2><div class=\"final\">")
    kept = [b for b in blocks if b.kept]
    out.extend(f"<p>{_e(b.text)}</p>" for b in kept)
    if not kept:
        out.append("<p class=\"empty\">Nothing was kept.</p>")
    out.append("</div></section></div></main></body></html>\n")
    return "\n".join(out)


def _palette_css(n: int) -> str:
    rules = []
    for i in range(min(n, len(PALETTE))):
        bg, fg = PALETTE[i]
        rules.append(f".f{i}.blk{{background:{bg};border-left-color:{fg}}}"
                     f".f{i} .who,.f{i}.sw{{background:{fg}}}.f{i} del{{text-decoration-color:{fg}}}")
    return "".join(rules)


def _summary_table(summary: Sequence[FilterSummary], colour: dict[str, int], blocks: int,
                   chars: int) -> str:
    if not summary:
        return "<h2>Dropped, by filter</h2><p class=\"empty\">No filter dropped anything.</p>"
    rows = [
        ("<h2>Dropped, by filter</h2><table class=\"summary\"><thead><tr><th>filter</th>"
         "<th>blocks</th><th>characters</th></tr></thead><tbody>")
    ]
    for s in summary:
        rows.append(
            f"<tr data-filter=\"{_e(s.name)}\"><td><span class=\"sw f{colour[s.name]}\"></span>"
            f"{_e(s.name)}</td><td class=\"n\">{s.blocks}</td><td class=\"n\">{s.chars}</td></tr>"
        )
    rows.append(f"</tbody><tfoot><tr><th>all filters</th><td class=\"n\">{blocks}</td>"
                f"<td class=\"n\">{chars}</td></tr></tfoot></table>")
    return "".join(rows)


def _block(b: Block, colour: dict[str, int]) -> str:
    classes = ["blk"]
    if b.tag in _HEADINGS:
        classes.append("heading")
    if b.gap >= 2 and b.index:
        classes.append("gap")
    tag = f"<span class=\"tg\">{_e(b.tag)}</span>"
    if b.dropped_by is None:
        return f"<li class=\"{' '.join(classes)} kept\">{tag}{_e(b.text)}</li>"
    classes += ["dropped", f"f{colour[b.dropped_by]}"]
    hover = f"{b.dropped_by}: {b.reason or ''}"
    rule = rule_of(b.reason)  # a user rule: name it on the badge, not only on hover
    badge = f"{b.dropped_by} · {rule}" if rule else b.dropped_by
    return (f"<li class=\"{' '.join(classes)}\" data-filter=\"{_e(b.dropped_by)}\" title=\"{_e(hover)}\">"
            f"{tag}<del>{_e(b.text)}</del><span class=\"who\">{_e(badge)}</span></li>")


# -- batches ----------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class ReportDir:
    """Reports for a batch: one HTML file per input plus ``index.html``.

    >>> reports = ReportDir("reports")       # doctest: +SKIP
    >>> reports.add("page.html", result)     # doctest: +SKIP
    >>> reports.close()                      # writes index.html  # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.entries: list[tuple[str, str, Result]] = []

    def add(self, label: str, result: Result) -> Path:
        """Write the report for one input; returns its path."""
        base = os.path.basename(label)
        base = base[: -len(".html")] if base.lower().endswith(".html") else base
        stem = _UNSAFE_NAME.sub("_", base)[:80].strip("._") or "input"
        name = f"{len(self.entries) + 1:04d}-{stem}.html"
        target = self.path / name
        target.write_text(render_report(result, source=label), encoding="utf-8")
        self.entries.append((label, name, result))
        return target

    def close(self) -> Path:
        """Write ``index.html``, linking every report with its counts."""
        target = self.path / "index.html"
        target.write_text(render_index(self.entries), encoding="utf-8")
        return target


def render_index(entries: Sequence[tuple[str, str, Result]]) -> str:
    """The batch index: one row per input, linking to its report."""
    rows = []
    totals: dict[str, int] = {}
    for label, name, result in entries:
        dropped = result.dropped
        for s in summarize(result):
            totals[s.name] = totals.get(s.name, 0) + s.blocks
        top = ", ".join(f"{s.name} {s.blocks}" for s in sorted(summarize(result), key=lambda s: -s.blocks)[:3])
        rows.append(
            f"<tr><td><a href=\"{_e(name)}\">{_e(label)}</a></td><td>{_e(result.status)}</td>"
            f"<td class=\"n\">{len(result.kept)}</td><td class=\"n\">{len(dropped)}</td>"
            f"<td class=\"n\">{len(result.text)}</td><td>{_e(top)}</td></tr>"
        )
    total_row = ", ".join(f"{k} {v}" for k, v in sorted(totals.items(), key=lambda kv: -kv[1]))
    return "\n".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">",
        "<title>cleanpage reports</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<header><h1>cleanpage reports</h1><p>{len(entries)} inputs</p></header><main>",
        ("<table class=\"index\"><thead><tr><th>input</th><th>status</th><th>kept blocks</th>"
         "<th>dropped blocks</th><th>text characters</th><th>top filters</th></tr></thead><tbody>"),
        *rows,
        f"</tbody></table><h2>Dropped blocks over the batch</h2><p>{_e(total_row or 'none')}</p>",
        "</main></body></html>\n",
    ])


# -- cleanpage report -------------------------------------------------------------------


def report_main(argv: Sequence[str], stdout: IO[str] | None = None,
                stderr: IO[str] | None = None) -> int:
    """``cleanpage report PAGE [-o report.html] [--config RULES] [--url URL]``."""
    import argparse

    from .api import extract

    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="cleanpage report",
        description="Write a self-contained HTML report of what was dropped from a page, and why.")
    parser.add_argument("page", metavar="PAGE", help="an HTML or text file ('-' = stdin)")
    parser.add_argument("-o", "--output", metavar="REPORT.html", help="where to write (default: stdout)")
    parser.add_argument("--config", metavar="RULES.toml", help="a rule file (see cleanpage check-rules)")
    parser.add_argument("--url", help="the page's URL (for metadata and site rules)")
    parser.add_argument("--input", choices=("auto", "html", "text"), default="auto")
    parser.add_argument("--preset", help="filter preset (default: by input)")
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as e:
        return int(e.code) if isinstance(e.code, int) else 2
    try:
        if args.page == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.page, "rb") as f:
                data = f.read()
    except OSError as e:
        err.write(f"cleanpage report: {args.page}: {e.strerror or e}\n")
        return 1
    from .api import looks_like_html
    from .pipeline import Pipeline

    kind: Literal["html", "text"] = (
        args.input if args.input != "auto" else ("html" if looks_like_html(data) else "text"))
    try:
        if args.config:
            from .config import Rules

            pipe = Rules.load(args.config).pipeline(args.url, kind, preset=args.preset)
        else:
            pipe = Pipeline.preset(args.preset or ("default" if kind == "html" else "text"))
    except ValueError as e:
        err.write(f"cleanpage report: {e}\n")
        return 2
    result = extract(data, input=kind, url=args.url, pipeline=pipe)
    page = render_report(result, source=args.page)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(page)
        err.write(f"cleanpage report: wrote {args.output} ({len(result.dropped)} dropped blocks)\n")
    else:
        out.write(page)
    return 0
