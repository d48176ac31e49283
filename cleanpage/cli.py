"""The ``cleanpage`` command: a stdin/stdout filter over pages and texts.

Exit codes: 0 all inputs cleaned, 1 some input could not be processed
(each one named on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import IO, Any

from . import __version__
from .batch import (
    DEFAULT_GLOBS,
    DEFAULT_TIMEOUT,
    Job,
    Outcome,
    Settings,
    Summary,
    iter_jsonl,
    iter_paths,
    run_batch,
)
from .pipeline import PRESETS, Pipeline, _registry, describe

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad command line: reported in one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleanpage",
        description="Clean article text out of web pages (HTML) or scraped text.",
        epilog="Reads standard input when no FILE is given or FILE is '-'.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="HTML or text files ('-' = stdin)")
    p.add_argument("--input", choices=("auto", "html", "text"), default="auto",
                   help="what the inputs are (default: detect)")
    p.add_argument("--format", choices=("text", "markdown", "html", "json", "jsonl"),
                   help="text; markdown (headings, lists, tables, code); html (minimal, clean); "
                        "json: one JSON object per input with text, metadata and drops; "
                        "jsonl: one record per input, in input order, failures included "
                        "(default: jsonl for WARC and JSON Lines inputs, else text)")
    p.add_argument("--links", action="store_true", help="markdown/html: keep link targets")
    p.add_argument("--images", action="store_true", help="markdown/html: keep images")
    p.add_argument("--markdown", action="store_true",
                   help="json/jsonl: also give the markdown rendering (field 'markdown')")
    p.add_argument("--explain", action="store_true",
                   help="print every dropped block to stderr, one JSON object per line")
    p.add_argument("--list-filters", action="store_true", help="list filters and presets, then exit")
    p.add_argument("--extractor", choices=("cleanpage", "readability"), default="cleanpage",
                   help="what picks the main content of HTML: cleanpage's main_content filter "
                        "(default) or readability-lxml (needs the readability extra)")
    p.add_argument("--preset", help=f"filter preset ({', '.join(sorted(PRESETS))}; default: by input)")
    p.add_argument("--without", action="append", default=[], metavar="NAME[,NAME]",
                   help="leave these filters out (repeatable)")
    p.add_argument("--only", metavar="NAME[,NAME]", help="run only these filters of the preset")
    p.add_argument("--option", action="append", default=[], metavar="FILTER.KEY=VALUE",
                   help="set a filter option, e.g. read_also.max_words=40 (value is JSON or text)")
    p.add_argument("--url", help="the page's URL (for metadata and per-site rules)")
    p.add_argument("--encoding", help="charset of the input bytes, if known")
    p.add_argument("--lang", help="language of the inputs (en, de, zh ...) for the phrase packs; "
                   "default: detected per document")
    p.add_argument("--config", metavar="RULES.toml",
                   help="a rule file: preset, filters, options, drop rules, per-site rules")
    p.add_argument("--report", metavar="DIR",
                   help="also write an HTML report per input, and DIR/index.html")
    batch = p.add_argument_group("batches")
    batch.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                       help="worker processes (default 1: this process)")
    batch.add_argument("-o", "--output-dir", metavar="DIR",
                       help="write one output file per input under DIR, mirroring the input tree")
    batch.add_argument("--glob", action="append", metavar="PATTERN",
                       help=f"files to take from directories (repeatable; default {' '.join(DEFAULT_GLOBS)})")
    batch.add_argument("--input-jsonl", action="store_true",
                       help="inputs are JSON Lines, one page per line (also for *.jsonl files)")
    batch.add_argument("--html-field", default="html", metavar="NAME", help="JSON Lines field of the page")
    batch.add_argument("--url-field", default="url", metavar="NAME", help="JSON Lines field of the URL")
    batch.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"time budget per document with -j (default {DEFAULT_TIMEOUT:g}; 0: none)")
    batch.add_argument("--max-bytes", type=int, metavar="N", help="skip documents larger than N bytes")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    p.add_argument("--version", action="version", version=f"cleanpage {__version__}")
    return p


def _names(values: Sequence[str]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _options(values: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or "." not in key:
            raise UsageError(f"--option wants FILTER.KEY=VALUE, got {item!r}")
        try:
            out[key.strip()] = json.loads(raw)
        except ValueError:
            out[key.strip()] = raw
    return out


def make_pipeline(args: argparse.Namespace, kind: str) -> Pipeline:
    """The pipeline for one input kind, with --extractor applied to HTML."""
    pipe = _make_pipeline(args, kind)
    if kind == "html" and getattr(args, "extractor", "cleanpage") == "readability":
        from .api import with_readability

        pipe = with_readability(pipe)
    return pipe


def _make_pipeline(args: argparse.Namespace, kind: str) -> Pipeline:
    """The pipeline for one input kind, from --preset/--without/--only/--option.

    Without ``--preset``, HTML and text inputs get different presets, and a
    name may belong to one of them only (``--without main_content`` is for
    HTML): for the other kind such names are skipped rather than an error
    (the pipeline that has them, built too, still checks them).
    """
    if getattr(args, "config", None):
        return _config_pipeline(args, kind)
    preset = args.preset or ("default" if kind == "html" else "text")
    options = _options(args.option)
    only = _names([args.only]) if args.only else []
    without = _names(args.without)
    try:
        if not args.preset:
            _registry()  # fills PRESETS
            other = PRESETS["text" if kind == "html" else "default"]
            foreign = set(other) - set(PRESETS[preset])
            options = {k: v for k, v in options.items() if k.split(".", 1)[0] not in foreign}
            without = [n for n in without if n not in foreign]
            if only:
                only = [n for n in only if n not in foreign]
                if not only:  # every named filter belongs to the other kind: none applies here
                    return Pipeline.preset(preset, options=options).only()
        pipe = Pipeline.preset(preset, options=options)
        if only:
            pipe = pipe.only(*only)
        if without:
            pipe = pipe.without(*without)
    except ValueError as e:
        raise UsageError(str(e)) from None
    return pipe


def _config_pipeline(args: argparse.Namespace, kind: str) -> Pipeline:
    """The pipeline of a rule file (--config), with --preset/--option/--only/--without on top."""
    from .config import Rules

    try:
        pipe = Rules.load(args.config).pipeline(args.url, kind, preset=args.preset,
                                                options=_options(args.option))
        if args.only:
            pipe = pipe.only(*_names([args.only]))
        if args.without:
            pipe = pipe.without(*_names(args.without))
    except ValueError as e:
        raise UsageError(str(e)) from None
    return pipe


def list_filters(out: IO[str]) -> None:
    registry = _registry()
    width = max(len(n) for n in registry)
    out.write("Filters (stage, name, what it drops):\n")
    for name, cls in sorted(registry.items(), key=lambda kv: (kv[1].stage, kv[0])):
        out.write(f"  {cls.stage.name.lower():8} {name:{width}}  {describe(cls)}\n")
    out.write("\nPresets:\n")
    for name, steps in sorted(PRESETS.items()):
        out.write(f"  {name}: {', '.join(steps)}\n")


def _read_stdin() -> Job:
    try:
        return Job("<stdin>", data=sys.stdin.buffer.read(), out_name="stdin")
    except OSError as e:
        return Job("<stdin>", out_name="stdin", error=f"{type(e).__name__}: {e}")


class _Inputs:
    """What the inputs turned out to be, for the summary at the end."""

    def __init__(self) -> None:
        self.containers = False  # a directory, a WARC or a JSON Lines file
        self.warc: dict[str, Any] = {}


def iter_inputs(files: Sequence[str], args: argparse.Namespace | None = None,
                seen: _Inputs | None = None) -> Iterator[Job]:
    """The jobs of a command line: files, directories, archives, JSON Lines, stdin.

    WARC archives (``.warc``, ``.warc.gz``) and JSON Lines (``.jsonl``,
    ``.jsonl.gz`` or ``--input-jsonl``) yield one job per page; directories
    are walked recursively for ``--glob`` patterns.
    """
    from .warc import WarcStats, is_warc_name, iter_warc

    seen = seen if seen is not None else _Inputs()
    globs = tuple(getattr(args, "glob", None) or DEFAULT_GLOBS)
    jsonl = bool(getattr(args, "input_jsonl", False))
    max_bytes = getattr(args, "max_bytes", None)
    files = list(files) or ["-"]
    if any(f != "-" and os.path.isdir(f) for f in files):
        seen.containers = True
    for path, out_name in iter_paths(files, globs):
        low = path.lower()
        if path != "-" and is_warc_name(path):
            seen.containers = True
            stats = seen.warc[path] = WarcStats()
            yield from iter_warc(path, out_name=out_name, max_bytes=max_bytes, stats=stats)
        elif jsonl or low.endswith((".jsonl", ".jsonl.gz")):
            seen.containers = True
            yield from iter_jsonl(path, html_field=getattr(args, "html_field", "html"),
                                  url_field=getattr(args, "url_field", "url"), out_name=out_name)
        elif path == "-":
            yield _read_stdin()
        else:
            yield Job(path, path=path, out_name=out_name)


def _default_format(args: argparse.Namespace) -> str:
    """JSON Lines for archives and JSON Lines inputs (records need their URL), else text."""
    from .warc import is_warc_name

    names = [*args.files, *(getattr(args, "glob", None) or ())]
    containers = any(is_warc_name(n) or n.lower().endswith((".jsonl", ".jsonl.gz")) for n in names)
    return "jsonl" if containers or getattr(args, "input_jsonl", False) else "text"


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    pipelines: dict[str, Pipeline] = {}
    for kind in ("html", "text"):
        pipelines[kind] = make_pipeline(args, kind)
    if not getattr(args, "format", None):
        args.format = _default_format(args)
    if args.encoding:
        from .decode import normalize_label

        if normalize_label(args.encoding) is None:
            raise UsageError(f"unknown --encoding {args.encoding!r} (e.g. utf-8, windows-1252, shift_jis)")
    jobs = getattr(args, "jobs", 1)
    if jobs < 1:
        raise UsageError(f"-j/--jobs wants a number of processes >= 1, got {jobs}")
    reports = None
    if getattr(args, "report", None):
        from .report import ReportDir

        reports = ReportDir(args.report)
    timeout = getattr(args, "timeout", None)
    settings = Settings(
        pipelines=pipelines, input=args.input, url=args.url, encoding=args.encoding, lang=args.lang,
        keep_dropped=args.explain, full_record=args.format == "json",
        keep_result=reports is not None or _renders(args), max_bytes=getattr(args, "max_bytes", None),
        timeout=timeout if timeout and timeout > 0 else None,
        pipeline_for=_SitePipelines(args) if getattr(args, "config", None) else None,
    )
    seen = _Inputs()
    emitter = _Emitter(args, stdout, stderr)
    summary = Summary()
    bar = _progress_bar(stderr, args)
    start = time.monotonic()
    try:
        for outcome in run_batch(iter_inputs(args.files, args, seen), settings, workers=jobs):
            if not _emit(outcome, emitter):
                outcome.state = "failed"
            summary.add(outcome)
            if reports is not None and outcome.result is not None:
                reports.add(outcome.job.label, outcome.result)
            if bar is not None:
                bar.update(1)
    finally:
        emitter.close()
        if bar is not None:
            bar.close()
    summary.seconds = time.monotonic() - start
    if reports is not None:
        reports.close()
    quiet = getattr(args, "quiet", False)
    # A plain filter over named files stays quiet; a batch (a directory, an
    # archive, JSON Lines, -j, -o or JSONL records) ends with its counters.
    batch = seen.containers or jobs > 1 or emitter.outdir or args.format == "jsonl"
    if not quiet and batch:
        for path, stats in seen.warc.items():
            stderr.write(f"cleanpage: {path}: {stats.line()}\n")
        stderr.write(f"cleanpage: {summary.line()}\n")
    return EXIT_FAILED if summary.failed else EXIT_OK


def _renders(args: argparse.Namespace) -> bool:
    """Whether outputs are rendered from the result (markdown, html, or json with markdown)."""
    return args.format in ("markdown", "html") or bool(getattr(args, "markdown", False))


def _rendered(outcome: Outcome, record: dict[str, Any], args: argparse.Namespace) -> None:
    """Put the markdown/html rendering of an outcome in its record."""
    result = outcome.result
    if result is None or not _renders(args):
        return
    opts = {"links": getattr(args, "links", False), "images": getattr(args, "images", False)}
    if args.format in ("markdown", "html"):
        record["text"] = result.render(args.format, **opts)
    if getattr(args, "markdown", False):
        record["markdown"] = result.render("markdown", **opts)


class _SitePipelines:
    """The pipeline of a rule file (--config) for each record's own URL.

    WARC and JSON Lines records carry their URL, so per-site rules follow
    each record rather than --url. Picklable: the rules are loaded again,
    once, in each worker.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = argparse.Namespace(**vars(args))
        self.rules: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"args": self.args, "rules": None}

    def __call__(self, kind: str, url: str | None) -> Pipeline:
        from .config import Rules

        if self.rules is None:
            self.rules = Rules.load(self.args.config)
        a = self.args
        pipe = self.rules.pipeline(url, kind, preset=a.preset, options=_options(a.option))
        if a.only:
            pipe = pipe.only(*_names([a.only]))
        if a.without:
            pipe = pipe.without(*_names(a.without))
        return pipe


def _progress_bar(stderr: IO[str], args: argparse.Namespace) -> Any:
    """A tqdm bar on stderr, only for a person watching a terminal."""
    if getattr(args, "quiet", False) or not getattr(stderr, "isatty", lambda: False)():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(file=stderr, unit="page", dynamic_ncols=True, leave=False)


class _Emitter:
    """Where records go: stdout, or one file per input under ``-o DIR``."""

    def __init__(self, args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> None:
        self.args = args
        self.stdout = stdout
        self.stderr = stderr
        self.outdir: str | None = getattr(args, "output_dir", None)
        self.first = True
        self.written: set[str] = set()
        self.container: tuple[str, IO[str]] | None = None

    def target(self, job: Job) -> str:
        """The output file of a job under ``-o DIR`` (containers get one JSONL file)."""
        assert self.outdir is not None
        name = job.out_name or "stdin"
        for suffix in (".gz", ".warc", ".jsonl", ".html", ".htm", ".txt", ".json"):
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
        if job.member is not None:
            ext = ".jsonl"
        else:
            ext = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json",
                   "jsonl": ".jsonl"}[self.args.format]
        return os.path.join(self.outdir, name + ext)

    def write_file(self, job: Job, content: str) -> str | None:
        """Write a job's output under ``-o DIR``; an error message if it cannot."""
        path = self.target(job)
        try:
            if job.member is not None:
                if self.container is None or self.container[0] != path:
                    self.close()
                    if path in self.written:
                        return f"output {path} already written by another input"
                    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
                    self.container = (path, open(path, "w", encoding="utf-8"))
                    self.written.add(path)
                self.container[1].write(content)
                return None
            self.close()
            if path in self.written:
                return f"output {path} already written by another input"
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(content)
            self.written.add(path)
        except OSError as e:
            return f"cannot write {path}: {e}"
        return None

    def close(self) -> None:
        if self.container is not None:
            self.container[1].close()
            self.container = None


def _emit(outcome: Outcome, emitter: _Emitter) -> bool:
    """Print or write one outcome; False if its output could not be written."""
    args, stdout, stderr = emitter.args, emitter.stdout, emitter.stderr
    job, record = outcome.job, dict(outcome.record)
    label = job.label
    if outcome.state != "ok":
        word = "skipped: " if outcome.state == "skipped" else ""
        stderr.write(f"cleanpage: {label}: {word}{record.get('error')}\n")
    dropped = record.pop("dropped", None) if args.format != "json" else record.get("dropped")
    if args.explain and dropped:
        for rec in dropped:
            stderr.write(json.dumps({"input": label, **rec}, ensure_ascii=False) + "\n")
    fmt = args.format
    if outcome.state != "ok" and (fmt != "jsonl" and job.member is None or fmt == "json"):
        return True  # text and json outputs carry cleaned pages only
    if outcome.state == "ok":
        _rendered(outcome, record, args)
    if emitter.outdir is not None:
        if job.member is not None or fmt not in ("text", "markdown", "html"):
            content = json.dumps(record, ensure_ascii=False) + "\n"
        else:
            content = record["text"]
        problem = emitter.write_file(job, content)
        if problem is not None:
            stderr.write(f"cleanpage: {label}: {problem}\n")
            return False
        return True
    if fmt in ("json", "jsonl"):
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        text = record["text"]
        if not emitter.first and text:
            stdout.write("\n")
        stdout.write(text)
        emitter.first = False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse already printed the message
        return int(e.code) if isinstance(e.code, int) else EXIT_USAGE
    if args.list_filters:
        list_filters(sys.stdout)
        return EXIT_OK
    try:
        return run(args, sys.stdout, sys.stderr)
    except UsageError as e:
        sys.stderr.write(f"cleanpage: {e}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _report(argv: Sequence[str]) -> int:
    from .report import report_main

    return report_main(argv)


def _check_rules(argv: Sequence[str]) -> int:
    from .config import check_rules_main

    return check_rules_main(argv)


#: ``cleanpage WORD ...``: commands other than cleaning (a file with such a name: ./WORD).
SUBCOMMANDS = {"report": _report, "check-rules": _check_rules}


if __name__ == "__main__":
    sys.exit(main())
