"""pagination: page numbers and next/previous links."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = ["« Previous 1 2 3 … 12 Next »", "Page 2 of 9", "Older posts", "1 2 3 4 5 … 20 Next ›", "Next page →",
        "Seite 1 von 4", "Página 2 de 9", "下一页", "Sonraki sayfa"]
KEEP = [
    "Next, previous tenants must be told in writing.",
    "2024",  # a lone year: a table cell or a heading, not pagination
    "3 - 1",  # a score
    "Page two of the report lists the costs of the new line.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_pagination(line: str) -> None:
    assert reason(line, "pagination")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_numbers_and_sentences(line: str) -> None:
    assert reason(line, "pagination") is None
