"""line_menu: runs of short lines between prose."""

from __future__ import annotations

from ._helpers import MENU, PARAGRAPHS, kept_lines, run

STEPS = (
    "Preheat the oven to 200 °C.",
    "Grease the tin with butter.",
    "Pour in the batter.",
    "Bake for forty minutes.",
)


def test_drops_a_menu_between_two_paragraphs() -> None:
    text = "\n".join([PARAGRAPHS[0], *MENU, PARAGRAPHS[1]])
    result = run(text, "line_menu")
    assert kept_lines(result) == [PARAGRAPHS[0], PARAGRAPHS[1]]
    assert all(b.reason.startswith("run of 6 short lines") for b in result.dropped)


def test_keeps_a_list_of_sentences_and_headings() -> None:
    text = "\n".join([PARAGRAPHS[0], "Method", *STEPS, PARAGRAPHS[1], "What next", PARAGRAPHS[2]])
    assert kept_lines(run(text, "line_menu")) == text.split("\n")


def test_keeps_longer_lines_of_a_menu_run() -> None:
    item = "Cordless drill with two batteries and a case"
    text = "\n".join([PARAGRAPHS[0], "Drills", "Saws", item, "Sanders", PARAGRAPHS[1]])
    assert kept_lines(run(text, "line_menu")) == [PARAGRAPHS[0], item, PARAGRAPHS[1]]


def test_leaves_a_text_without_prose_alone() -> None:
    text = "\n".join(["Apples", "Pears", "Plums", "Cherries"])
    assert kept_lines(run(text, "line_menu")) == text.split("\n")
