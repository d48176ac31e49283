"""repeated_lines: lines that occur more than once in a flattened page."""

from __future__ import annotations

from collections import Counter

from ..model import Document
from ..pipeline import BaseFilter, Stage, register
from ._text import words


@register
class RepeatedLines(BaseFilter):
    """Drop every copy of a short line that occurs ``min_count`` times or more, and repeats of a long one.

    A page flattened whole repeats its chrome: the desktop and the mobile
    menu, "Share" above and below the article, the same category label on
    every teaser. Only lines of at most ``max_words`` words count as
    chrome, and every copy goes (keeping one would keep the menu item, and
    would make a second pass disagree with the first).

    A longer line that occurs again is the same text shown twice (a
    heading and its entry in the table of contents, a description in the
    desktop and the mobile layout, a quoted post): its first copy stays and
    the later ones go, so the text is kept once.

    On an HTML page only the later copies of long lines go: the DOM filters
    and main-content selection took the chrome out already, and a short
    line that comes back there is a label of each item ("Black", "$24",
    "Yes" in a table), not a menu. The copies are the page's text laid out
    twice (a desktop and a mobile body, a tab per platform is the price).

    Drops: ``Subscribe`` / ``Sign in`` appearing in the header and again in
    the footer (flattened text), and the second copy of a paragraph.
    Keeps: ``Conclusion`` when it occurs once, and the first copy of a line
    longer than ``max_words`` words.
    """

    name = "repeated_lines"
    stage = Stage.DOCUMENT
    options = {"min_count": 2, "max_words": 4}
    min_count: int
    max_words: int

    def apply(self, doc: Document) -> None:
        keys: dict[int, str] = {}
        seen: dict[str, int] = {}
        for block in doc.blocks:
            if block.dropped_by is not None:
                continue
            key = " ".join(block.text.casefold().split())
            if words(block.text) <= self.max_words:
                keys[block.index] = key
            elif key in seen:
                block.drop(self.name, f"repeats line {seen[key] + 1}")
            else:
                seen[key] = block.index
        if doc.elements:
            return  # HTML: short lines are item labels here (see above)
        counts = Counter(keys.values())
        for block in doc.blocks:
            short = keys.get(block.index)
            if short is not None and counts[short] >= self.min_count:
                block.drop(self.name, f"line repeated {counts[short]} times")
