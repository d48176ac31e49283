"""pagination: page numbers and next/previous links in flattened text."""

from __future__ import annotations

import re

from ..model import Block
from ..phrases import alternation, phrases
from ..pipeline import BlockFilter, Stage, register

_WORD = alternation(phrases("page_chrome", "pagination"))
_ARROW = r"[«»‹›<>←→…|·.\s]"
# Page numbers, arrows and pagination words only: "« Prev 1 2 3 … 9 Next »",
# "Page 2 of 9", "Next page →". At least one number or pagination word.
_LINE = re.compile(rf"^{_ARROW}*(?:(?:\d{{1,4}}|{_WORD}|of|/){_ARROW}*)+$", re.I)
_NUMBERS_ONLY = re.compile(r"^[\d\s.,:/-]+$")


@register
class Pagination(BlockFilter):
    """Drop pagination lines: "« Previous 1 2 3 … 12 Next »", "Page 2 of 9", "Older posts".

    Drops: ``1 2 3 4 5 … 20 Next ›``.
    Keeps: ``Next, previous tenants must be told in writing.`` (a sentence),
    and a lone number or date, which may be a table cell or a score.
    """

    name = "pagination"
    stage = Stage.DOCUMENT

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) > 80 or _NUMBERS_ONLY.match(text) and len(text.split()) < 3:
            return None
        if _LINE.match(text):
            return f"pagination {text.strip()[:40]!r}"
        return None
