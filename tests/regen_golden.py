"""Golden cases in ``corpus/<behaviour>/``: list them, clean them, rewrite expectations.

A case is a folder holding ``input.html`` (cleaned with ``clean_html`` from its
bytes) or ``input.txt`` (cleaned with ``clean_text``), beside ``expected.txt``
and an optional one-line ``README`` saying what it shows.

A case whose ``expected.txt`` is written by hand ahead of the code holds an
``XFAIL`` file with the reason (a known bug): the test then expects it to
fail, strictly, and this script leaves its expectation alone unless the case
is named (delete ``XFAIL`` once the bug is fixed).

Usage::

    python tests/regen_golden.py                 # rewrite every expected.txt
    python tests/regen_golden.py reply-form-tail  # only these (also a new folder)
    python tests/regen_golden.py --check          # exit 1 if any expectation is stale
    python tests/regen_golden.py --new NAME FILE "what it shows"   # start a case

After a rewrite, review the change with ``git diff corpus/``: an expectation
that moves is a behaviour that moved.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
INPUTS = ("input.html", "input.txt")
EXPECTED = "expected.txt"
XFAIL = "XFAIL"


def xfail_reason(case: Path) -> str | None:
    """Why the case is known to fail today, or ``None``."""
    path = case / XFAIL
    return path.read_text(encoding="utf-8").strip() or "known failure" if path.is_file() else None


def input_of(case: Path) -> Path | None:
    """The case's input file, or ``None`` if it has none."""
    return next((case / n for n in INPUTS if (case / n).is_file()), None)


def cases(corpus: Path = CORPUS, *, need_expected: bool = True) -> Iterator[Path]:
    """Case folders, sorted: an input file and (by default) an ``expected.txt``.

    Folders of other kinds (``corpus/format-*/`` with ``expected.md``, the
    bundled ``example/``) have no ``expected.txt`` and are left alone.
    """
    for case in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if input_of(case) is None:
            continue
        if need_expected and not (case / EXPECTED).is_file():
            continue
        yield case


def clean_case(case: Path) -> str:
    """What cleanpage makes of a case's input today."""
    import cleanpage

    src = input_of(case)
    if src is None:
        raise FileNotFoundError(f"{case} has no {' or '.join(INPUTS)}")
    if src.name == "input.html":
        return cleanpage.clean_html(src.read_bytes())
    return cleanpage.clean_text(src.read_text(encoding="utf-8"))


def regenerate(case: Path) -> bool:
    """Rewrite ``expected.txt``; returns True when it changed."""
    new = clean_case(case)
    path = case / EXPECTED
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old == new:
        return False
    path.write_text(new, encoding="utf-8", newline="\n")
    return True


def new_case(name: str, source: Path, readme: str, corpus: Path = CORPUS) -> Path:
    """Start ``corpus/NAME/`` from ``source`` (``.html``/``.htm`` or text)."""
    case = corpus / name
    if case.exists():
        raise FileExistsError(f"{case} already exists")
    case.mkdir(parents=True)
    target = "input.html" if source.suffix.lower() in (".html", ".htm") else "input.txt"
    shutil.copyfile(source, case / target)
    if readme:
        (case / "README").write_text(readme.strip() + "\n", encoding="utf-8")
    regenerate(case)
    return case


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", help="case folder names (default: all)")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a case is stale")
    p.add_argument("--new", nargs="+", metavar="NAME FILE",
                   help="create corpus/NAME from FILE (then an optional README line)")
    p.add_argument("--corpus", type=Path, default=CORPUS, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.new:
        if len(args.new) < 2:
            p.error("--new wants NAME FILE [README]")
        name, src, *readme = args.new
        case = new_case(name, Path(src), " ".join(readme), args.corpus)
        print(f"created {case}; review {EXPECTED} before committing")
        return 0
    # By default only folders that already have an expected.txt: other kinds of
    # case (corpus/format-*/ with expected.md ...) belong to other tests. A
    # case named on the command line gets one even if it had none.
    every = {c.name: c for c in cases(args.corpus, need_expected=not args.names)}
    unknown = [n for n in args.names if n not in every]
    if unknown:
        p.error(f"no such case: {', '.join(unknown)}; cases: {', '.join(every)}")
    if args.names:
        chosen = [every[n] for n in args.names]
    else:
        chosen = [c for c in every.values() if xfail_reason(c) is None]
        held = [c.name for c in every.values() if xfail_reason(c) is not None]
        if held:
            print(f"left alone (XFAIL, expectation written ahead of the code): {', '.join(held)}")
    stale = []
    for case in chosen:
        if args.check:
            path = case / EXPECTED
            if not path.is_file() or path.read_text(encoding="utf-8") != clean_case(case):
                stale.append(case.name)
        elif regenerate(case):
            stale.append(case.name)
    verb = "stale" if args.check else "rewritten"
    print(f"{len(chosen)} cases, {len(stale)} {verb}" + (f": {', '.join(stale)}" if stale else ""))
    if stale and not args.check:
        print("review with: git diff corpus/")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
