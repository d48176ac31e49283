"""byline: author and date lines standing alone."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "By Jane Doe",
    "By Jane Doe and John Roe · 2 June 2026",
    "Published: March 3, 2024 at 10:15 am",
    "Updated 3 Mar 2024, 14:05 GMT",
    "2024-03-03",
    "Von Anna Schmidt | Politik",
    "3. März 2024",
    "Publié le 3 mars 2024 à 10h15",
    "3 de marzo de 2024",
    "Автор: Иван Петров",
    "2024年3月3日",
]
KEEP = [
    "March 3, 2024 was the wettest day on record.",
    "By the end of the year prices rose",
    "Von Berlin nach Hamburg",
    "By Jane Doe, who has covered the council for ten years and knows every member by name.",
    "Der 3. März 2024 war ein Sonntag.",
    "2024",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_author_and_date_lines(line: str) -> None:
    assert reason(line, "byline")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences_and_headings(line: str) -> None:
    assert reason(line, "byline") is None
