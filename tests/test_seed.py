"""The seed document (``../shared/seed``): the issue's acceptance checks.

Every test here skips with a reason when ``../shared`` (beside the
repository) is absent, e.g. on a fresh clone elsewhere.
"""

from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleanpage
from cleanpage import cli

#: The blocks the seed must lose, by the filter that must drop them.
REMOVED = {
    "TOPSHOT - This hando": "photo_credit",
    "READ ALSO: Top judge": "read_also",
    "LEAVE A REPLY": "reply_form",
    "Please enter your co": "reply_form",
    "Please enter your na": "reply_form",
}


def test_clean_text_equals_expected(seed_text: str, seed_expected: str) -> None:
    assert cleanpage.clean_text(seed_text) == seed_expected


def test_clean_detects_text(seed_text: str, seed_expected: str) -> None:
    assert cleanpage.extract(seed_text).document.source == "text"
    assert cleanpage.clean(seed_text.encode("utf-8")) == seed_expected


def test_expected_output_is_a_fixed_point(seed_expected: str) -> None:
    assert cleanpage.clean_text(seed_expected) == seed_expected


def test_each_removed_kind_is_explained(seed_text: str, seed_expected: str) -> None:
    result = cleanpage.extract(seed_text)
    found = {r["text"][:20]: r["filter"] for r in result.explain()}
    assert found == REMOVED
    assert all(r["reason"] for r in result.explain())
    assert result.counts == {"photo_credit": 1, "read_also": 1, "reply_form": 3}


def test_seed_as_html_paragraphs(seed_text: str, seed_expected: str) -> None:
    # The same story marked up as <p> paragraphs (lines joined by <br>) cleans the same way.
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    body = "".join("<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
                   for p in paragraphs)
    markup = f"<html><body><article>{body}</article></body></html>"
    assert cleanpage.clean_html(markup) == seed_expected
    assert cleanpage.clean_html(markup.encode("utf-8"), preset="minimal") == seed_expected


def test_cli_stdin_prints_exactly_the_expected_file(seed_text: str, seed_expected: str,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed_text.encode("utf-8"))))
    assert cli.main(["--explain"]) == 0
    out, err = capsys.readouterr()
    assert out == seed_expected
    records = [json.loads(line) for line in err.splitlines()]
    assert all({"filter", "reason", "text"} <= set(r) for r in records)
    assert {r["text"][:20]: r["filter"] for r in records} == REMOVED


def test_console_script(seed_paths: tuple[Path, Path]) -> None:
    """``cleanpage < seed`` in a real process, byte for byte."""
    exe = shutil.which("cleanpage", path=str(Path(sys.executable).parent)) or shutil.which("cleanpage")
    if exe is None:
        pytest.skip("the cleanpage console script is not installed (pip install -e .)")
    seed, expected = seed_paths
    with open(seed, "rb") as f:
        proc = subprocess.run([exe, "--explain"], stdin=f, capture_output=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout == expected.read_bytes()
    filters = [json.loads(line)["filter"] for line in proc.stderr.decode().splitlines()]
    assert set(filters) == {"photo_credit", "read_also", "reply_form"}
