"""breadcrumb: "Home › News › World" trails."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = ["Home › Technology › Artificial Intelligence", "Home » Blog » Recipes", "Startseite > Politik > Ausland",
        "首页 › 新闻 › 国际", "Home / News / World / Europe"]
KEEP = [
    "input > output / gain > loss",  # lower-case items: a formula
    "Mix flour/water/milk and rest.",  # no spaced separators
    "Home › News",  # two items only
    "Results › Europe › see the table below for the full list of winners and runners-up this year.",
    "Prices rose › wages fell › rents doubled.",  # ends like a sentence
]


@pytest.mark.parametrize("line", DROP)
def test_drops_trails(line: str) -> None:
    assert reason(line, "breadcrumb")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_other_separated_lines(line: str) -> None:
    assert reason(line, "breadcrumb") is None
