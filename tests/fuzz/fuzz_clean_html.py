"""Atheris harness: ``clean_html`` on raw bytes must never crash or raise.

Not part of the test suite (pytest does not collect it). Run it with::

    pip install atheris
    python tests/fuzz/fuzz_clean_html.py -dict=tests/fuzz/html.dict -max_total_time=1800 \
        -rss_limit_mb=1024 -timeout=10 CORPUS_DIR

Any exception other than a refusal of the input (:class:`cleanpage.InputError`)
is a bug, and so is a crash, a hang (``-timeout``) or memory past
``-rss_limit_mb``. libFuzzer options (``-jobs``, ``-dict``, a corpus
directory) pass through.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import cleanpage
    import cleanpage.filters  # noqa: F401  (imported lazily otherwise: instrument them too)
    import cleanpage.metadata  # noqa: F401


def test_one_input(data: bytes) -> None:
    """One fuzz input: as bytes, and as the str a caller might hand over."""
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 3)
    rest = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        if mode == 0:
            cleanpage.clean_html(rest)
        elif mode == 1:
            cleanpage.clean_html(rest.decode("utf-8", "surrogateescape"))
        elif mode == 2:
            cleanpage.clean_text(rest.decode("latin-1"))
        else:
            result = cleanpage.extract(rest)
            assert result.status in ("ok", "empty", "degraded", "error"), result.status
            assert result.status != "ok" or result.text.strip(), "ok with empty text"
    except cleanpage.InputError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
