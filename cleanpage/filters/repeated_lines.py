"""repeated_lines: short lines that occur more than once in a flattened page."""

from __future__ import annotations

from collections import Counter

from ..model import Document
from ..pipeline import BaseFilter, Stage, register
from ._text import words


@register
class RepeatedLines(BaseFilter):
    """Drop every copy of a short line that occurs ``min_count`` times or more.

    A page flattened whole repeats its chrome: the desktop and the mobile
    menu, "Share" above and below the article, the same category label on
    every teaser. Prose is never repeated on purpose, so only lines of at
    most ``max_words`` words count, and every copy goes (keeping one would
    keep the menu item, and would make a second pass disagree with the
    first).

    Drops: ``Subscribe`` / ``Sign in`` appearing in the header and again in
    the footer.
    Keeps: ``Conclusion`` when it occurs once, and any line longer than
    ``max_words`` words.
    """

    name = "repeated_lines"
    stage = Stage.DOCUMENT
    options = {"min_count": 2, "max_words": 8}
    min_count: int
    max_words: int

    def apply(self, doc: Document) -> None:
        keys = {}
        for block in doc.blocks:
            if block.dropped_by is None and words(block.text) <= self.max_words:
                keys[block.index] = " ".join(block.text.casefold().split())
        counts = Counter(keys.values())
        for block in doc.blocks:
            key = keys.get(block.index)
            if key is not None and counts[key] >= self.min_count:
                block.drop(self.name, f"line repeated {counts[key]} times")
