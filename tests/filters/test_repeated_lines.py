"""repeated_lines: short lines that occur more than once."""

from __future__ import annotations

from ._helpers import PARAGRAPHS, kept_lines, run


def test_drops_every_copy_of_a_repeated_short_line() -> None:
    text = "\n\n".join(["Subscribe", PARAGRAPHS[0], "Sign in", PARAGRAPHS[1], "Subscribe", "Sign in"])
    result = run(text, "repeated_lines")
    assert kept_lines(result) == [PARAGRAPHS[0], PARAGRAPHS[1]]
    assert {b.reason for b in result.dropped} == {"line repeated 2 times"}


def test_keeps_a_heading_that_occurs_once_and_repeated_prose() -> None:
    text = "\n\n".join(["Conclusion", PARAGRAPHS[0], PARAGRAPHS[0]])
    assert kept_lines(run(text, "repeated_lines")) == ["Conclusion", PARAGRAPHS[0], PARAGRAPHS[0]]


def test_case_and_spacing_do_not_hide_a_repeat() -> None:
    text = "\n\n".join(["Share  this", PARAGRAPHS[0], "SHARE THIS"])
    assert kept_lines(run(text, "repeated_lines")) == [PARAGRAPHS[0]]
