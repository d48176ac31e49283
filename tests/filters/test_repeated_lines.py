"""repeated_lines: short lines that occur more than once."""

from __future__ import annotations

from ._helpers import PARAGRAPHS, kept_lines, run


def test_drops_every_copy_of_a_repeated_short_line() -> None:
    text = "\n\n".join(["Subscribe", PARAGRAPHS[0], "Sign in", PARAGRAPHS[1], "Subscribe", "Sign in"])
    result = run(text, "repeated_lines")
    assert kept_lines(result) == [PARAGRAPHS[0], PARAGRAPHS[1]]
    assert {b.reason for b in result.dropped} == {"line repeated 2 times"}


def test_keeps_a_heading_that_occurs_once_and_the_first_copy_of_repeated_prose() -> None:
    text = "\n\n".join(["Conclusion", PARAGRAPHS[0], PARAGRAPHS[1], "  ".join(PARAGRAPHS[0].upper().split())])
    result = run(text, "repeated_lines")
    assert kept_lines(result) == ["Conclusion", PARAGRAPHS[0], PARAGRAPHS[1]]
    assert [b.reason for b in result.dropped] == ["repeats line 2"]


def test_keeps_long_lines_that_differ_in_one_word() -> None:
    # The same template with another figure is not a repeat.
    a = "Free delivery on every order over 50 euros placed before noon on a working day"
    b = "Free delivery on every order over 80 euros placed before noon on a working day"
    text = "\n\n".join([a, PARAGRAPHS[0], b])
    assert kept_lines(run(text, "repeated_lines")) == [a, PARAGRAPHS[0], b]


def test_case_and_spacing_do_not_hide_a_repeat() -> None:
    text = "\n\n".join(["Share  this", PARAGRAPHS[0], "SHARE THIS"])
    assert kept_lines(run(text, "repeated_lines")) == [PARAGRAPHS[0]]


def test_a_heading_listed_in_the_contents_keeps_one_copy() -> None:
    heading = "Step 2: choose the right paint"
    text = "\n\n".join(["Contents", "Step 1: clean the wall", heading, PARAGRAPHS[0], heading, PARAGRAPHS[1]])
    result = run(text, "repeated_lines")
    assert kept_lines(result) == ["Contents", "Step 1: clean the wall", heading, PARAGRAPHS[0], PARAGRAPHS[1]]
