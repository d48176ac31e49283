"""share_counter: counters of comments, likes, shares and views standing alone."""

from __future__ import annotations

import re

from ..model import Block
from ..phrases import alternation, phrases
from ..pipeline import BlockFilter, Stage, register

_NOUN = alternation(phrases("page_chrome", "counters"))
_COUNT = r"\d[\d,.\s]*[kmкмтыс万千]?\+?"
# One or more "<number> <noun>" (or "<noun> <number>") and separators only:
# "12 comments", "3 likes · 4 shares", "Views: 1,204".
_LINE = re.compile(
    rf"^(?:[\s|·•/,()\[\]:–—-]*(?:{_COUNT}\s*{_NOUN}|{_NOUN}\s*:?\s*{_COUNT})(?!\w))+[\s|·•/,()\[\]–—-]*$",
    re.I,
)


@register
class ShareCounter(BlockFilter):
    """Drop lines that only count things: "12 comments", "3.4K shares · 120 likes", "5 min read".

    Drops: ``24 Comments``.
    Keeps: ``24 comments were left under the post before it was locked.``
    """

    name = "share_counter"
    stage = Stage.DOCUMENT

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) <= 80 and _LINE.match(text):
            return f"counter {text.strip()[:40]!r}"
        return None
