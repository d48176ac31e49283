"""The ``cleanpage`` command: a stdin/stdout filter over pages and texts.

Exit codes: 0 all inputs cleaned, 1 some input could not be processed
(each one named on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from . import __version__
from .api import Result, extract
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
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text, or json: one JSON object per input with text and drops")
    p.add_argument("--explain", action="store_true",
                   help="print every dropped block to stderr, one JSON object per line")
    p.add_argument("--list-filters", action="store_true", help="list filters and presets, then exit")
    p.add_argument("--preset", help=f"filter preset ({', '.join(sorted(PRESETS))}; default: by input)")
    p.add_argument("--without", action="append", default=[], metavar="NAME[,NAME]",
                   help="leave these filters out (repeatable)")
    p.add_argument("--only", metavar="NAME[,NAME]", help="run only these filters of the preset")
    p.add_argument("--option", action="append", default=[], metavar="FILTER.KEY=VALUE",
                   help="set a filter option, e.g. read_also.max_words=40 (value is JSON or text)")
    p.add_argument("--url", help="the page's URL (for metadata and per-site rules)")
    p.add_argument("--encoding", help="charset of the input bytes, if known")
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
    """The pipeline for one input kind, from --preset/--without/--only/--option.

    Without ``--preset``, HTML and text inputs get different presets, and
    ``--without main_content`` or ``--option main_content.x=...`` name a filter
    that only the HTML one has: for text such names are skipped rather than an
    error (the HTML pipeline, built too, still checks them).
    """
    preset = args.preset or ("default" if kind == "html" else "text")
    options = _options(args.option)
    only = _names([args.only]) if args.only else []
    without = _names(args.without)
    try:
        if not args.preset and kind == "text":
            html_only = set(PRESETS["default"]) - set(PRESETS["text"])
            options = {k: v for k, v in options.items() if k.split(".", 1)[0] not in html_only}
            without = [n for n in without if n not in html_only]
            if only:
                only = [n for n in only if n not in html_only]
                if not only:  # every named filter is HTML-only: nothing applies to text
                    return Pipeline.preset(preset, options=options).only()
        pipe = Pipeline.preset(preset, options=options)
        if only:
            pipe = pipe.only(*only)
        if without:
            pipe = pipe.without(*without)
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


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    with open(name, "rb") as f:
        return f.read()


def iter_inputs(files: Sequence[str]) -> Iterator[str]:
    yield from (files or ["-"])


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    pipelines: dict[str, Pipeline] = {}
    for kind in ("html", "text"):
        pipelines[kind] = make_pipeline(args, kind)
    failed = 0
    first = True
    for name in iter_inputs(args.files):
        label = "<stdin>" if name == "-" else name
        try:
            data = _read(name)
            kind = args.input
            if kind == "auto":
                from .api import looks_like_html

                kind = "html" if looks_like_html(data) else "text"
            result = extract(data, input=kind, url=args.url, pipeline=pipelines[kind],
                             encoding=args.encoding)
        except Exception as e:  # one policy: name the failing input, go on to the next
            failed += 1
            stderr.write(f"cleanpage: {label}: {type(e).__name__}: {e}\n")
            continue
        _emit(result, label, args, stdout, stderr, first)
        first = False
    return EXIT_FAILED if failed else EXIT_OK


def _emit(result: Result, label: str, args: argparse.Namespace, stdout: IO[str],
          stderr: IO[str], first: bool) -> None:
    if args.explain:
        for rec in result.explain():
            stderr.write(json.dumps({"input": label, **rec}, ensure_ascii=False) + "\n")
    if args.format == "json":
        stdout.write(json.dumps({"input": label, **result.to_dict()}, ensure_ascii=False) + "\n")
    else:
        if not first and result.text:
            stdout.write("\n")
        stdout.write(result.text)


def main(argv: Sequence[str] | None = None) -> int:
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


if __name__ == "__main__":
    sys.exit(main())
