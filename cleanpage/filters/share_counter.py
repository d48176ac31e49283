"""share_counter: counters of comments, likes, shares and views standing alone."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Block
from ..phrases import alternation, phrases
from ..pipeline import Stage, register
from ._text import Langs, PhraseFilter

_COUNT = r"\d[\d,.\s]*[kmкмтыс万千]?\+?"


@lru_cache(maxsize=64)
def _line(langs: Langs) -> re.Pattern[str]:
    # One or more "<number> <noun>" (or "<noun> <number>") and separators
    # only: "12 comments", "3 likes · 4 shares", "Views: 1,204".
    noun = alternation(phrases("page_chrome", "counters", langs))
    return re.compile(
        rf"^(?:[\s|·•/,()\[\]:–—-]*(?:{_COUNT}\s*{noun}|{noun}\s*:?\s*{_COUNT})(?!\w))+"
        r"[\s|·•/,()\[\]–—-]*$",
        re.I,
    )


@register
class ShareCounter(PhraseFilter):
    """Drop lines that only count things: "12 comments", "3.4K shares · 120 likes", "5 min read".

    Drops: ``24 Comments``.
    Keeps: ``24 comments were left under the post before it was locked.``
    """

    name = "share_counter"
    stage = Stage.DOCUMENT

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) <= 80 and _line(self.langs).match(text):
            return f"counter {text.strip()[:40]!r}"
        return None
