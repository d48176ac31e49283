"""share_counter: lines that only count comments, likes, shares, views."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = ["24 Comments", "3.4K shares · 120 likes", "Views: 1,204", "5 min read", "12 Kommentare", "1 234 просмотров",
        "35条评论", "7 komentar"]
KEEP = [
    "24 comments were left under the post before it was locked.",
    "The video had 3 million views within a day of its release.",
    "Comments",  # no number: the reply_form rule's business
    "2024",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_counters(line: str) -> None:
    assert reason(line, "share_counter")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences_with_numbers(line: str) -> None:
    assert reason(line, "share_counter") is None
