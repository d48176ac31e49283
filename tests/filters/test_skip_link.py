"""skip_link: skip links and menu toggles standing alone."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = ["Skip to main content", "Skip to content", "Back to top ↑", "Zum Inhalt springen", "Aller au contenu",
        "Перейти к содержанию", "跳到主要内容", "コンテンツへスキップ", "Langsung ke konten"]
KEEP = [
    "Skip to the content of the report if you know the background.",
    "Back to top form, the striker scored twice on Saturday.",
    "Zum Inhalt des Vertrags wollte sich der Sprecher nicht äußern.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_skip_links(line: str) -> None:
    assert reason(line, "skip_link")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences(line: str) -> None:
    assert reason(line, "skip_link") is None
