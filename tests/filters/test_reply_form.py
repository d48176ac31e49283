"""reply_form: comment-form labels and comment counters."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "LEAVE A REPLY",
    "Please enter your comment!",
    "Please enter your name here",
    "12 comments",
    "Schreibe einen Kommentar",
    "Laisser un commentaire",
    "Оставить комментарий",
    "发表评论",
    "Tinggalkan Balasan",
]
KEEP = [
    "Please enter your comment on the proposal by Friday, the council said.",
    "Leave a reply to the letter within 30 days or the claim lapses.",
    "Die Kommentare der Leser waren überwiegend positiv, hieß es.",
    "12 comments were deleted by the moderators after the vote on Friday.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_form_labels(line: str) -> None:
    assert reason(line, "reply_form")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences(line: str) -> None:
    assert reason(line, "reply_form") is None
