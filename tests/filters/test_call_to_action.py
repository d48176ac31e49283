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
    "Check price at Acme (on sale!)",
    "Learn more (PDF)",
    "Follow Harbour Outdoors",
    "Follow us on Acme",
    # A label printed twice (button and hover copy) or as a marquee.
    "Talk to an ExpertTalk to an Expert",
    "Book now * Book now * Book now * Book now *",
    # Short invitations to sign up for mail, wherever the words sit.
    "Thanks for reading! Subscribe for free to receive new posts.",
    "Join the Courier for free to get updates from this writer.",
    "Subscribe to emails & save 10% on your first order",
    "Subscribe To The Monthly Newsletter!",
    # Page furniture: reading time, result counts, sort menus, sign-in buttons, labels.
    "5 min read",
    "Showing 24 of 291 results",
    "1-24 of 133 products",
    "Sort: Best match",
    "Sign up using Google",
    "Table of contents",
    "Written by",
    # A forum post's footer and its poster's counters.
    "Sent from my phone using the Harbour Forum app",
    "Join Date: Aug 2008",
    "Posts: 1,077",
    "tramfan likes this.",
    "Page 1 of 8",
    "20 replies to this topic",
    "Expand description",
    "Get the free ebook!",
    "How was this issue?",
    # A consent line under a form.
    "By signing up, you agree to our Terms of Service and Privacy Policy.",
    "Would you like to receive notifications about new posts?",
    "Stay connected with us!",
    "Request a free consultation for harbour repairs",
    "This story is funded by readers like you",
]
KEEP = [
    "Learn more about the repairs at the harbour office on Quay Street.",
    "Get in touch with the harbour office before Friday if your boat needs a berth.",
    # Lower-case words after "at"/"on": a sentence, not a retailer button.
    "Shop at night markets along the quay",
    "View on the harbour from the pier",
    # Words after a label's bracketed note make a sentence again.
    "Learn more (PDF) about the pier repairs",
    "Follow the river to the harbour",
    # Repeated words that are no call to action.
    "Pier pier pier",
    "Was this page helpful to the council, the mayor asked, before the vote?",
    "It takes 5 min to read the council's report on the pier.",
    "Showing visitors the pier is part of the harbour master's job.",
    "Sort the nets by size: small ones go to the eastern basin.",
    "Written by hand, the harbour log fills a shelf.",
    "Sent from my office to the harbour, the letter took a week.",
    "Page 3 of the report shows the costs of the repair.",
    "20 replies to this topic arrived before the council met.",
    "Location: Glasgow",
    "He likes this town and its harbour a lot.",
    "By using a tide table, the skipper can agree a mooring time with the harbour master.",
    "Get the free guide to the pier at the tourist office on Quay Street before you visit.",
    "The council will request a consultation with residents before the work starts.",
    "Would you like to receive a berth? Ask the harbour master.",
    # Mail and sign-ups as the subject of a sentence, not an invitation.
    "Residents can sign up for text alerts about closures.",
    "Subscribers get the newsletter on Fridays.",
    # A long paragraph that mentions a newsletter is prose.
    ("The harbour authority said on Monday that residents who want to follow the repairs can "
     "subscribe to get updates by email, and that a public meeting will be held in May."),
]


@pytest.mark.parametrize("line", DROP)
def test_drops_calls_to_action(line: str) -> None:
    assert reason(line, "call_to_action")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences(line: str) -> None:
    assert reason(line, "call_to_action") is None
