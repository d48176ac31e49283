"""call_to_action: buttons and page furniture standing alone as a block."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "Learn more →",
    "Get in touch",
    "Let's connect",
    "Click to expand...",
    "Was this page helpful?",
    "Report inappropriate content",
    # Retailer buttons, the retailer a capitalised name.
    "Check price at Acme",
    "See price at Harbour Outdoors",
    "View on Acme",
    # A label printed twice (button and hover copy) or as a marquee.
    "Talk to an ExpertTalk to an Expert",
    "Book now * Book now * Book now * Book now *",
]
KEEP = [
    "Learn more about the repairs at the harbour office on Quay Street.",
    "Get in touch with the harbour office before Friday if your boat needs a berth.",
    # Lower-case words after "at"/"on": a sentence, not a retailer button.
    "Shop at night markets along the quay",
    "View on the harbour from the pier",
    # Repeated words that are no call to action.
    "Pier pier pier",
    "Was this page helpful to the council, the mayor asked, before the vote?",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_calls_to_action(line: str) -> None:
    assert reason(line, "call_to_action")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences(line: str) -> None:
    assert reason(line, "call_to_action") is None
