"""boilerplate_sections: sections opened by a heading such as "Related products"."""

from __future__ import annotations

import re

from ..model import Document
from ..pipeline import BaseFilter, Stage, register
from ..vocab import BOILERPLATE_HEADING_PATTERNS, BOILERPLATE_HEADINGS
from ._text import trie_alternation

# The headings as a trie: matched whole, it accepts what the plain
# alternation accepts, and fails a line in a few steps instead of one per heading.
_HEADING = re.compile(
    r"^\W*(?:" + trie_alternation(BOILERPLATE_HEADINGS) + "|" + "|".join(BOILERPLATE_HEADING_PATTERNS)
    + r")[\W\d]*$",
    re.I,
)
#: Headings over the posts of a thread: on a forum page they open its content.
_THREAD_HEADING = re.compile(r"^[\W\d]*(?:comments|responses)[\W\d]*$", re.I)
_LEVEL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@register
class BoilerplateSections(BaseFilter):
    """Drop sections under a boilerplate heading ("Related products", "Customer reviews", "Comments").

    Drops: ``<h2>You may also like</h2>`` and the teaser grid under it; the section ends at the
    next heading of its level or where the element holding its body ends.
    Keeps: a section that holds most of the page's text (a forum thread under "Comments"),
    every "Comments" section of a page that says it is a thread (``page_type`` "forum"),
    and the answer after an empty "Comments" box on a Q&A page (the heading comes again in it).
    """

    name = "boilerplate_sections"
    stage = Stage.SELECT
    needs_html = True
    options = {"max_share": 0.5, "product_max_share": 0.9}

    def apply(self, doc: Document) -> None:
        blocks = doc.blocks
        total = sum(len(b.text) for b in blocks if b.dropped_by is None)
        # On a product page, reviews and related items are never the content,
        # however much text they hold; elsewhere a big section may be (a thread).
        share = self.product_max_share if doc.metadata.get("page_type") == "product" \
            else self.max_share
        thread = doc.metadata.get("page_type") == "forum"
        i, n = 0, len(blocks)
        while i < n:
            b = blocks[i]
            level = _LEVEL.get(b.tag)
            if level is None or b.dropped_by is not None or len(b.text) > 60 \
                    or not _HEADING.match(b.text) or (thread and _THREAD_HEADING.match(b.text)):
                i += 1
                continue
            j = i + 1
            box = _section_box(doc, b.element, blocks[j].element) if j < n else -1
            while j < n:
                other = _LEVEL.get(blocks[j].tag)
                if other is not None and other <= level:
                    break
                if not _inside(doc, blocks[j].element, box):
                    break  # left the element that holds the section's body
                j += 1
            if i + 1 < j < n and blocks[j].text == b.text and _inside(doc, blocks[j].element, box):
                # The body holds the same heading again: the heading closed an
                # empty section of one post (a Q&A answer's "Comments") and the
                # next post's own section follows, in a box of its own.
                i = j
                continue
            section = [x for x in blocks[i:j] if x.dropped_by is None]
            if sum(len(x.text) for x in section) <= share * total:
                for x in section:
                    x.drop(self.name, f"section under heading {b.text[:40]!r}")
            i = j


def _inside(doc: Document, element: int, box: int) -> bool:
    els = doc.elements
    while element >= 0:
        if element == box:
            return True
        element = els[element].parent
    return False


def _section_box(doc: Document, heading: int, first: int) -> int:
    """The largest element holding the block after a heading but not the
    heading itself: the section's body (a list, a grid, a carousel)."""
    els = doc.elements
    box = first
    while box >= 0:
        parent = els[box].parent
        if parent < 0 or _inside(doc, heading, parent):
            return box
        box = parent
    return box
