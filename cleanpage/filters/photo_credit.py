"""photo_credit: photo captions and credit lines from agencies and stock libraries."""

from __future__ import annotations

import re

from ..model import Block
from ..phrases import alternation, phrases
from ..pipeline import register
from ._text import (
    MAX_RULE_CHARS,
    PhraseFilter,
    anywhere,
    keyword_test,
    line_start,
    lowered,
    min_chars,
    words,
)

_LABEL_SEP = r"\s*(?:[:：|]|[-–—]\s|by\b|courtesy\b)"
# Agency names are the same in every language: always all packs.
_AGENCY = alternation(phrases("photo_credit", "agencies"))
# "(Photo by Handout / AFP)", "(AP Photo/Jane Doe)", "(Image: Getty)"
_PAREN_CREDIT = re.compile(
    r"\((?:[A-Z]{2,6}\s+)?(?:photo|image|picture|foto|credit)s?\s*(?:by\b|:|/)[^()]{1,200}\)", re.I
)
# "... Jane Doe / Getty Images" at the very end of a short line.
_AGENCY_TAIL = re.compile(rf"[/|©]\s*(?:[\w.\-]+\s+){{0,3}}{_AGENCY}\s*\W*$", re.I)


def _may_have_tail(text: str) -> bool:
    """``_AGENCY_TAIL`` needs one of its separators: three ``in`` tests are
    cheaper than a search that tests every character against a class."""
    return "/" in text or "|" in text or "©" in text


_COPYRIGHT = re.compile(rf"^\W*(?:©|\(c\)|copyright)\s.{{0,120}}\b{_AGENCY}\b", re.I)


@register
class PhotoCredit(PhraseFilter):
    """Drop photo captions and credits: "(Photo by … / AFP)", "Photo: …/Getty Images".

    Drops: ``TOPSHOT - … (Photo by Handout / AFP) / RESTRICTED TO EDITORIAL USE``.
    Keeps: ``The photo by an AFP photographer was shared widely.`` (no credit form).
    """

    name = "photo_credit"
    options = {"max_words": 120, "max_label_words": 30}
    max_words: int
    max_label_words: int

    def bind(self) -> None:
        self._marker_chars = min_chars("photo_credit", "markers", self.langs)
        self._may_have_marker = keyword_test("photo_credit", "markers", self.langs)
        self._markers = anywhere("photo_credit", "markers", self.langs)
        self._labels = line_start("photo_credit", "labels", _LABEL_SEP, self.langs)

    def check(self, block: Block) -> str | None:
        text = block.text[:MAX_RULE_CHARS]
        n = words(text)
        m = None
        if len(text) >= self._marker_chars and self._may_have_marker(lowered(text)):
            m = self._markers.search(text)
        if m:
            return f"agency caption marker {m.group(0)!r}"
        if n <= self.max_words and "(" in text:  # (a search per block otherwise)
            m = _PAREN_CREDIT.search(text)
            if m:
                return f"photo credit {m.group(0)[:60]!r}"
        if n <= self.max_label_words:
            m = self._labels.match(text)
            if m:
                return f"credit label {m.group(0).strip()!r}"
            if _COPYRIGHT.match(text) or (n <= 12 and _may_have_tail(text) and _AGENCY_TAIL.search(text)):
                return "agency credit line"
        return None
