"""breadcrumb: "Home › News › World" trails in flattened text."""

from __future__ import annotations

import re

from ..model import Block
from ..pipeline import BlockFilter, Stage, register

# Separators that only breadcrumbs use between short items.
# "/" and ">" only count with spaces around them ("TCP/IP", "a>b" are not trails).
# A separator's spaces start where a run of spaces starts (the lookbehind),
# so a long run of spaces is not tried from every position.
_SEP = re.compile(r"(?<!\s)\s*(?:›|»|→|::)\s*|(?<!\s)\s+(?:/|>|\\)\s+")


@register
class Breadcrumb(BlockFilter):
    """Drop breadcrumb trails: two or more separators (› » > / →) between short items.

    Each item must be short (``max_item_words``) and not start with a
    lower-case letter, as menu labels do; the line must not end like a
    sentence.

    Drops: ``Home › Technology › Artificial Intelligence``.
    Keeps: ``input > output / gain > loss`` (lower-case items, a formula) and
    ``Mix flour/water/milk and rest.`` (no spaced separators).
    """

    name = "breadcrumb"
    stage = Stage.DOCUMENT
    options = {"max_item_words": 5, "min_items": 3}
    max_item_words: int
    min_items: int

    def check(self, block: Block) -> str | None:
        text = block.text.strip()
        if len(text) > 200 or text[-1:] in ".!?;":
            return None
        parts = [p for p in _SEP.split(text) if p]
        if len(parts) < self.min_items or len(_SEP.findall(text)) < self.min_items - 1:
            return None
        for p in parts:
            if len(p.split()) > self.max_item_words or p[0].islower():
                return None
        return f"breadcrumb of {len(parts)} items"
