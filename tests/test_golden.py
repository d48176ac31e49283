"""Golden cases: every ``corpus/<behaviour>/`` with an input and ``expected.txt``.

Regenerate expectations with ``python tests/regen_golden.py`` and review the
change with ``git diff corpus/``.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from regen_golden import EXPECTED, XFAIL, cases, clean_case, main, xfail_reason

CASES = list(cases())


def first_difference(expected: str, actual: str) -> str:
    """A message pointing at the first differing line, then a unified diff."""
    exp, act = expected.splitlines(keepends=True), actual.splitlines(keepends=True)
    line = next((i for i, (a, b) in enumerate(zip(exp, act, strict=False)) if a != b), min(len(exp), len(act)))
    want = exp[line] if line < len(exp) else "<end of file>"
    got = act[line] if line < len(act) else "<end of file>"
    col = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), min(len(want), len(got)))
    diff = "".join(difflib.unified_diff(exp, act, "expected.txt", "actual", n=2))
    return (f"first difference at line {line + 1}, column {col + 1}:\n"
            f"  expected: {want!r}\n  actual:   {got!r}\n\n{diff}")


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 10, [c.name for c in CASES]


def _param(case: Path) -> object:
    reason = xfail_reason(case)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_golden(case: Path) -> None:
    expected = (case / EXPECTED).read_text(encoding="utf-8")
    actual = clean_case(case)
    if actual != expected:
        pytest.fail(f"{case.name}: {first_difference(expected, actual)}\n"
                    f"(if the change is intended: python tests/regen_golden.py {case.name})",
                    pytrace=False)


def test_first_difference_points_at_the_line() -> None:
    msg = first_difference("a\nb\nc\n", "a\nB\nc\n")
    assert msg.startswith("first difference at line 2, column 1:")
    assert "-b\n+B" in msg
    assert "line 3" in first_difference("a\nb\n", "a\nb\nextra\n")


def test_cases_skip_folders_without_input_or_expected(tmp_path: Path) -> None:
    for name, files in {"ok": ("input.txt", "expected.txt"), "format-md": ("input.html", "expected.md"),
                        "example": ("page.html",), "text-only": ("input.txt",)}.items():
        (tmp_path / name).mkdir()
        for f in files:
            (tmp_path / name / f).write_text("x")
    assert [c.name for c in cases(tmp_path)] == ["ok"]
    assert [c.name for c in cases(tmp_path, need_expected=False)] == ["format-md", "ok", "text-only"]


def test_regen_new_check_and_rewrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "story.txt"
    src.write_text("Story.\n\nAdvertisement\n\nMore story.\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "format-md").mkdir()
    (corpus / "format-md" / "input.html").write_text("<p>x</p>")
    assert main(["--corpus", str(corpus), "--new", "ad-line", str(src), "An", "ad", "label"]) == 0
    case = corpus / "ad-line"
    assert (case / "input.txt").read_text() == src.read_text()
    assert (case / "README").read_text() == "An ad label\n"
    assert (case / EXPECTED).read_text() == "Story.\n\nMore story.\n"
    assert main(["--corpus", str(corpus), "--check"]) == 0
    (case / EXPECTED).write_text("stale\n")
    assert main(["--corpus", str(corpus), "--check"]) == 1
    assert (case / EXPECTED).read_text() == "stale\n"  # --check changes nothing
    assert main(["--corpus", str(corpus)]) == 0
    assert (case / EXPECTED).read_text() == "Story.\n\nMore story.\n"
    assert not (corpus / "format-md" / EXPECTED).exists()  # other kinds of case untouched
    assert "1 cases, 1 stale: ad-line" in capsys.readouterr().out
    (case / EXPECTED).write_text("written ahead of the code\n")
    (case / XFAIL).write_text("a known bug\n")
    assert main(["--corpus", str(corpus)]) == 0
    assert (case / EXPECTED).read_text() == "written ahead of the code\n"  # held
    assert "left alone (XFAIL" in capsys.readouterr().out
    assert xfail_reason(case) == "a known bug"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_result_accounts_for_every_block(case: Path) -> None:
    """Blocks are marked, never deleted: kept + dropped = all, each drop explained."""
    import cleanpage

    src = next(case / n for n in ("input.html", "input.txt") if (case / n).is_file())
    if src.suffix == ".html":
        result = cleanpage.extract(src.read_bytes(), input="html")
    else:
        result = cleanpage.extract(src.read_text(encoding="utf-8"), input="text")
    blocks = result.blocks
    assert [b.index for b in blocks] == list(range(len(blocks)))
    assert len(result.kept) + len(result.dropped) == len(blocks)
    assert sum(result.counts.values()) == len(result.dropped)
    assert all(r["filter"] and r["reason"] and r["text"] for r in result.explain())
    assert result.text == clean_case(case)
