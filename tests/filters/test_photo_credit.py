"""photo_credit: captions and credits from agencies and stock libraries."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "A crowd outside the court. (Photo by Handout / AFP) / RESTRICTED TO EDITORIAL USE",
    "Photo: Jane Doe/Getty Images",
    "The new tram at the depot (AP Photo/John Smith)",
    "Foto: Max Mustermann / dpa",
    "Фото: Иван Петров / ТАСС",
    "图片来源：新华社",
    "Crédit photo : Marie Dupont / AFP",
]
KEEP = [
    "The photo by an AFP photographer was shared widely.",
    "Photography was banned inside the court, the judge said on Monday.",
    "Images of the storm spread quickly on social media after the flood.",
    "Das Foto wurde am Montag im Gericht aufgenommen, sagte der Sprecher.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_credits(line: str) -> None:
    assert reason(line, "photo_credit")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences_about_photos(line: str) -> None:
    assert reason(line, "photo_credit") is None
