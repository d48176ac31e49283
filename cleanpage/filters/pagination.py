"""pagination: page numbers and next/previous links in flattened text."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Block
from ..phrases import alternation, phrases
from ..pipeline import Stage, register
from ._text import Langs, PhraseFilter

_ARROW = r"[«»‹›<>←→…|·.\s]"
_NUMBERS_ONLY = re.compile(r"^[\d\s.,:/-]+$")


@lru_cache(maxsize=64)
def _line(langs: Langs) -> re.Pattern[str]:
    # Page numbers, arrows and pagination words only: "« Prev 1 2 3 … 9
    # Next »", "Page 2 of 9", "Next page →".
    word = alternation(phrases("page_chrome", "pagination", langs))
    return re.compile(rf"^{_ARROW}*(?:(?:\d{{1,4}}|{word}|/)(?!\w){_ARROW}*)+$", re.I)


@register
class Pagination(PhraseFilter):
    """Drop pagination lines: "« Previous 1 2 3 … 12 Next »", "Page 2 of 9", "Older posts".

    Drops: ``1 2 3 4 5 … 20 Next ›``.
    Keeps: ``Next, previous tenants must be told in writing.`` (a sentence),
    and a number or date with fewer than three parts, which may be a table
    cell or a score.
    """

    name = "pagination"
    stage = Stage.DOCUMENT

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) > 80 or (_NUMBERS_ONLY.match(text) and len(text.split()) < 3):
            return None
        if _line(self.langs).match(text):
            return f"pagination {text.strip()[:40]!r}"
        return None
