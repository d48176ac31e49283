"""title_heading: the page title repeated as the first heading of the body."""

from __future__ import annotations

import re

from ..model import Document
from ..pipeline import BaseFilter, Stage, register

_WORD = re.compile(r"\w+")
#: Only the first few kept blocks are looked at: a title stands at the top.
LOOKAHEAD = 4


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@register
class TitleHeading(BaseFilter):
    """Drop the page title where the body repeats it as its first heading.

    Drops: ``<h1>Harbour bridge reopens</h1>`` on a page titled "Harbour bridge reopens | Courier".
    Keeps: a first ``<h2>Background</h2>`` that is not the page title.
    """

    name = "title_heading"
    stage = Stage.DOCUMENT
    needs_html = True

    def apply(self, doc: Document) -> None:
        title = doc.metadata.get("title")
        if not title:
            return
        title_words = _words(title)
        if not title_words:
            return
        seen = 0
        for b in doc.blocks:
            if b.dropped_by is not None:
                continue
            seen += 1
            if seen > LOOKAHEAD:
                return
            if b.tag != "h1":
                continue
            words = _words(b.text)
            # The heading is the title, or the title minus a " | Site" suffix.
            if words and len(words) <= len(title_words) and title_words[:len(words)] == words \
                    and len(words) >= 0.5 * len(title_words):
                b.drop(self.name, "repeats the page title")
                return
