"""article_end: what follows the end of an article in a flattened page."""

from __future__ import annotations

import re

from ..model import Document
from ..pipeline import BaseFilter, Stage, register
from ._text import doc_langs, is_prose, whole_line, words

# "12 Comments", "3 thoughts on “Title”", "27 responses to …". Not "N replies"
# (a forum thread's own counter) and not "0 comments" (a teaser's counter:
# nothing follows it).
_COUNTED = re.compile(r"^\W*(?!0\s)\d[\d,.]*\s+(?:comments?|thoughts? on|responses? to)\b", re.I)
# Any comment counter line, "0 comments" too, with its number.
_COUNTER = re.compile(r"^\W*(\d[\d,.]*)\s+(?:comments?|thoughts? on|responses? to)\b", re.I)


@register
class ArticleEnd(BaseFilter):
    """Drop everything after a line that closes an article: "Related posts", "12 Comments".

    The marker must be a whole short line and come after at least
    ``min_prose_words`` words of prose, so a page that opens with a
    "Related" menu keeps its article.

    A comment counter ("12 Comments") only marks the end when every counter
    on the page carries the same number: counters with different numbers are
    teasers' counters in a list, or the counters of each answer in a
    thread, and the text goes on after them. Likewise a marker line that
    occurs more than ``max_copies`` times is a label repeated on every item
    (a "Comments" link under each answer or teaser), not an end.

    Drops: ``Leave a Reply`` and the comment thread and sidebar below it,
    after an article.
    Keeps: ``Related work on this question is scarce, the authors note.``
    (a sentence, not a marker line), a marker line above the article, and
    a thread whose answers show ``9 Comments``, ``5 Comments`` … or
    ``Comments`` under each of them.
    """

    name = "article_end"
    stage = Stage.DOCUMENT
    options = {"min_prose_words": 150, "prose_words": 10, "max_copies": 2}
    min_prose_words: int
    prose_words: int
    max_copies: int

    def apply(self, doc: Document) -> None:
        marker = whole_line("article_end", "lines", doc_langs(doc))
        counted = _COUNTED if _one_count(doc) else None
        prose = 0
        cut = None
        for i, block in enumerate(doc.blocks):
            text = block.text
            # A marker may already be dropped ("12 Comments" by reply_form);
            # it still marks the end. Only kept prose counts as article.
            if block.dropped_by is None and is_prose(text, self.prose_words):
                prose += words(text)
            elif prose >= self.min_prose_words and len(text) <= 80 and (
                    (marker.match(text) and _copies(doc, text) <= self.max_copies)
                    or (counted and counted.match(text))):
                cut = i
                break
        if cut is None:
            return
        reason = f"after the end of the article ({doc.blocks[cut].text.strip()[:40]!r})"
        for block in doc.blocks[cut:]:
            block.drop(self.name, reason)


def _one_count(doc: Document) -> bool:
    """Whether the page's comment counters (if any) all show the same number."""
    numbers = set()
    for block in doc.blocks:
        m = _COUNTER.match(block.text) if len(block.text) <= 80 else None
        if m:
            numbers.add(m.group(1).strip(",."))
            if len(numbers) > 1:
                return False
    return True


def _copies(doc: Document, line: str) -> int:
    """How many lines of the page read like ``line`` (case and spacing aside)."""
    key = " ".join(line.casefold().split())
    return sum(1 for b in doc.blocks if len(b.text) <= 80 and " ".join(b.text.casefold().split()) == key)
