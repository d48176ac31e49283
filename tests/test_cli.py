"""The ``cleanpage`` command: in-process through ``cli.main``, plus a few real processes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _support import CORPUS, REPO, article, page

import cleanpage
from cleanpage import PRESETS, REGISTRY, cli
from cleanpage.pipeline import describe

TEXT = (
    "The tram line will reach the northern suburbs by 2028, the council confirmed on Tuesday.\n\n"
    "(Photo by Ana Silva / AFP)\n\n"
    "READ ALSO: Council approves the new bus timetable\n\n"
    "Advertisement\n\n"
    "Work on the extension starts in spring, the transport authority said on Monday.\n\n"
    "LEAVE A REPLY\n"
)
EXPECTED = "The tram line will reach the northern suburbs by 2028, the council confirmed on Tuesday.\n\nWork on the extension starts in spring, the transport authority said on Monday.\n"
HTML = page("<nav><a href='/'>Home</a> <a href='/n'>News</a></nav>" + article(3)
            + "<p>Advertisement</p><footer>© 2026 The Courier</footer>")


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: str | bytes = b"") -> tuple[int, str, str]:
    """``cli.main(argv)`` with ``stdin`` fed in; returns (exit code, stdout, stderr)."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    return {"text": tmp_path / "story.txt", "html": tmp_path / "page.html"}


# --- input and output ----------------------------------------------------------

def test_stdin_text(capsys, monkeypatch) -> None:
    assert run([], capsys, monkeypatch, stdin=TEXT) == (0, EXPECTED, "")
    assert run(["-"], capsys, monkeypatch, stdin=TEXT) == (0, EXPECTED, "")


def test_files_html_and_text(files, capsys, monkeypatch) -> None:
    code, out, err = run([str(files["html"]), str(files["text"])], capsys, monkeypatch)
    assert (code, err) == (0, "")
    assert out == cleanpage.clean_html(HTML) + "\n" + EXPECTED
    assert "Home" not in out and "© 2026" not in out


def test_input_option_forces_the_kind(files, capsys, monkeypatch) -> None:
    code, out, _ = run(["--input", "text", str(files["html"])], capsys, monkeypatch)
    assert code == 0 and "<article>" in out  # taken as text, tags and all
    # Taken as HTML, blank lines are just whitespace: the two paragraphs run together.
    code, out, _ = run(["--input", "html"], capsys, monkeypatch, stdin="First line.\n\nSecond line.")
    assert code == 0 and out == "First line. Second line.\n"
    assert run(["--input", "text"], capsys, monkeypatch, stdin="First line.\n\nSecond line.")[1] == (
        "First line.\n\nSecond line.\n"
    )
    assert run(["--input", "pdf"], capsys, monkeypatch)[0] == 2


def test_format_json(files, capsys, monkeypatch) -> None:
    code, out, err = run(["--format", "json", str(files["text"]), str(files["html"])], capsys, monkeypatch)
    assert (code, err) == (0, "")
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["input"] for d in docs] == [str(files["text"]), str(files["html"])]
    assert docs[0]["text"] == EXPECTED
    assert docs[0]["source"] == "text" and docs[1]["source"] == "html"
    assert {r["filter"] for r in docs[0]["dropped"]} == {"photo_credit", "read_also", "ad_marker",
                                                         "reply_form"}
    for d in docs:
        assert sum(d["counts"].values()) == len(d["dropped"])


def test_explain_goes_to_stderr_as_json_lines(files, capsys, monkeypatch) -> None:
    code, out, err = run(["--explain", str(files["text"])], capsys, monkeypatch)
    assert code == 0 and out == EXPECTED
    records = [json.loads(line) for line in err.splitlines()]
    assert [(r["filter"], r["text"]) for r in records] == [
        ("photo_credit", "(Photo by Ana Silva / AFP)"),
        ("read_also", "READ ALSO: Council approves the new bus timetable"),
        ("ad_marker", "Advertisement"),
        ("reply_form", "LEAVE A REPLY"),
    ]
    assert all(r["reason"] and r["input"] == str(files["text"]) for r in records)


# --- filters, presets, options -------------------------------------------------

def test_list_filters(capsys, monkeypatch) -> None:
    code, out, err = run(["--list-filters"], capsys, monkeypatch)
    assert (code, err) == (0, "")
    for name, cls in REGISTRY.items():
        line = next(line for line in out.splitlines() if f" {name} " in line)
        assert describe(cls) in line
        assert cls.stage.name.lower() in line
    for preset, steps in PRESETS.items():
        assert f"  {preset}: {', '.join(steps)}" in out


def test_without(capsys, monkeypatch) -> None:
    code, out, _ = run(["--without", "ad_marker,read_also"], capsys, monkeypatch, stdin=TEXT)
    assert code == 0 and "Advertisement" in out and "READ ALSO" in out and "LEAVE" not in out
    code, out2, _ = run(["--without", "ad_marker", "--without", "read_also"], capsys, monkeypatch,
                        stdin=TEXT)
    assert out2 == out


def test_only(capsys, monkeypatch) -> None:
    code, out, _ = run(["--only", "ad_marker"], capsys, monkeypatch, stdin=TEXT)
    assert code == 0
    assert "Advertisement" not in out and "READ ALSO" in out and "LEAVE A REPLY" in out


def test_preset(files, capsys, monkeypatch) -> None:
    code, out, _ = run(["--preset", "text", "--format", "json", str(files["html"])], capsys, monkeypatch)
    counts = json.loads(out)["counts"]
    assert code == 0 and counts and set(counts) <= set(PRESETS["text"])  # no DOM filter ran
    code, out, _ = run(["--preset", "minimal", "--format", "json", str(files["html"])], capsys, monkeypatch)
    counts = json.loads(out)["counts"]
    assert code == 0 and "drop_chrome" in counts and "main_content" not in counts
    assert "Home" not in json.loads(out)["text"]


def test_html_only_filter_names_work_on_html_and_do_not_break_text(files, capsys, monkeypatch) -> None:
    # Regression: the text pipeline (built too) lacks main_content, which made
    # these valid HTML options a usage error.
    for argv in (["--without", "main_content"], ["--option", "main_content.dominant_share=0.5"],
                 ["--only", "drop_chrome,ad_marker"]):
        code, out, err = run([*argv, str(files["html"]), str(files["text"])], capsys, monkeypatch)
        assert (code, err) == (0, ""), argv
        assert "Home" not in out


def test_only_html_filters_on_text_changes_nothing(capsys, monkeypatch) -> None:
    code, out, _ = run(["--only", "drop_chrome"], capsys, monkeypatch, stdin=TEXT)
    assert code == 0 and out == TEXT


def test_option(capsys, monkeypatch) -> None:
    text = "Story.\n\nRead more: the long history of the harbour bridge and its repairs"
    assert "Read more" not in run([], capsys, monkeypatch, stdin=text)[1]
    code, out, _ = run(["--option", "read_also.max_words=3"], capsys, monkeypatch, stdin=text)
    assert code == 0 and "Read more" in out


def test_encoding_hint(capsys, monkeypatch) -> None:
    data = "<p>Café crème, déjà vu: a sentence long enough to be the article itself.</p>".encode("cp1252")
    code, out, _ = run(["--encoding", "windows-1252"], capsys, monkeypatch, stdin=data)
    assert code == 0 and out == "Café crème, déjà vu: a sentence long enough to be the article itself.\n"


def test_version(capsys, monkeypatch) -> None:
    code, out, _ = run(["--version"], capsys, monkeypatch)
    assert code == 0 and out.strip() == f"cleanpage {cleanpage.__version__}"


# --- exit codes ----------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["--without", "nope"], "not in the pipeline: nope"),
    (["--only", "nope"], "not in the pipeline: nope"),
    (["--preset", "nope"], "unknown preset 'nope'; presets: default, minimal, text"),
    (["--option", "read_also.max_wordz=3"], "no option max_wordz; valid: max_words"),
    (["--option", "read_also"], "--option wants FILTER.KEY=VALUE"),
    (["--option", "main_content.bogus=1"], "no option bogus"),
    (["--option", "nope.x=1"], "options given for filters not in the pipeline: nope"),
    (["--option", "read_also.max_words=abc"], "option max_words wants int (default 30), not 'abc'"),
    (["--encoding", "klingon-8"], "unknown --encoding 'klingon-8'"),
])
def test_usage_errors_exit_2_with_one_line(argv: list[str], message: str, capsys, monkeypatch) -> None:
    code, out, err = run(argv, capsys, monkeypatch, stdin=TEXT)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("cleanpage: ")
    assert message in err and "Traceback" not in err


def test_unknown_flag_exits_2(capsys, monkeypatch) -> None:
    code, out, err = run(["--bogus"], capsys, monkeypatch)
    assert code == 2 and out == "" and "unrecognized arguments: --bogus" in err


def test_unreadable_file_exit_1_names_it_and_goes_on(files, tmp_path, capsys, monkeypatch) -> None:
    missing = tmp_path / "missing.html"
    code, out, err = run([str(missing), str(files["text"])], capsys, monkeypatch)
    assert code == 1
    assert out == EXPECTED  # the next file was still cleaned
    assert err.startswith(f"cleanpage: {missing}: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_directory_is_a_batch_of_its_pages(tmp_path, files, capsys, monkeypatch) -> None:
    # A directory is walked for pages (issue 5; tests/test_batch.py has the details).
    code, out, err = run([str(tmp_path)], capsys, monkeypatch)
    assert code == 0 and EXPECTED in out
    assert err.endswith("\n") and "ok 2, failed 0, skipped 0" in err


def test_a_failing_document_is_isolated(files, capsys, monkeypatch) -> None:
    # A filter that fails on one document must not stop the batch (one error policy).
    from cleanpage import pipeline as pipeline_mod

    class Boom(pipeline_mod.BlockFilter):
        """Fail on pages that mention trams."""

        name = "boom"

        def check(self, block):  # type: ignore[no-untyped-def]
            if "tram" in block.text:
                raise KeyError("tram")
            return None

    monkeypatch.setitem(pipeline_mod.REGISTRY, "boom", Boom)
    monkeypatch.setitem(PRESETS, "boomy", ("boom",))
    other = files["text"].with_name("other.txt")
    other.write_text("Nothing to see.\n")
    code, out, err = run(["--preset", "boomy", str(files["text"]), str(other)], capsys, monkeypatch)
    assert code == 1 and out == "Nothing to see.\n"
    assert err.startswith(f"cleanpage: {files['text']}: KeyError")


def test_binary_garbage_does_not_crash(tmp_path, capsys, monkeypatch) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    code, _, err = run([str(junk)], capsys, monkeypatch)
    assert code == 0 and "Traceback" not in err


# --- real processes --------------------------------------------------------------

def test_python_dash_m_on_the_bundled_example() -> None:
    example = CORPUS / "example" / "page.html"
    proc = subprocess.run([sys.executable, "-m", "cleanpage.cli", "--explain", str(example)],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == cleanpage.clean_html(example.read_bytes())
    filters = {json.loads(line)["filter"] for line in proc.stderr.splitlines()}
    assert {"photo_credit", "read_also", "ad_marker"} <= filters


def test_usage_error_in_a_real_process_has_no_traceback() -> None:
    proc = subprocess.run([sys.executable, "-m", "cleanpage.cli", "--only", "nope"], input=b"x",
                          capture_output=True, cwd=REPO, timeout=60)
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().count("\n") == 1 and b"Traceback" not in proc.stderr
