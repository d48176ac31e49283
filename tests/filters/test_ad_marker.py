"""ad_marker: advertising labels standing alone."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = ["ADVERTISEMENT", "- Advertisement -", "Story continues below advertisement", "Anzeige", "Publicité",
        "Реклама", "广告", "إعلان", "Iklan", "In partnership with"]
KEEP = [
    "The advertisement ran for three weeks before it was pulled.",
    "Advertising revenue fell by a third in the second quarter.",
    "The pier was rebuilt in partnership with the harbour trust.",
    "Die Anzeige wurde nach drei Wochen zurückgezogen.",
    "Реклама на телевидении подорожала на треть.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_ad_labels(line: str) -> None:
    assert reason(line, "ad_marker")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences_about_ads(line: str) -> None:
    assert reason(line, "ad_marker") is None
