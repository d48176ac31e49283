"""legal_line: copyright lines and the row of legal links at the foot of a page."""

from __future__ import annotations

import re

from ..model import Block
from ..phrases import alternation, phrases
from ..pipeline import BlockFilter, Stage, register
from ._text import anywhere, words

_LEGAL = alternation(phrases("page_chrome", "legal"))
# "© 2024 Example Media", "Copyright 2019-2024 ...", "(c) 2023 ..."
_COPYRIGHT = re.compile(r"^\W*(?:\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}|by\b)", re.I)
# The line names a legal item and nothing but legal items and separators:
# "Privacy Policy | Terms of Use | Cookie Settings".
_ONLY_LEGAL = re.compile(rf"^(?:[\s|·•/,–—-]*{_LEGAL}\b)+[\s|·•/,.–—-]*$", re.I)
_RIGHTS = anywhere("page_chrome", "rights_reserved")


@register
class LegalLine(BlockFilter):
    """Drop copyright lines and rows of legal links: "© 2024 Example Media. All rights reserved."

    Drops: ``Privacy Policy | Terms of Use | Cookie Settings``, and any short
    line with ``©`` or "All rights reserved".
    Keeps: ``The privacy policy was rewritten after the regulator's fine, she said.``
    (a sentence that mentions a policy).
    """

    name = "legal_line"
    stage = Stage.DOCUMENT
    options = {"max_words": 30}

    def check(self, block: Block) -> str | None:
        text = block.text
        if words(text) > self.max_words:
            return None
        if "©" in text or _COPYRIGHT.match(text):
            return "copyright line"
        m = _RIGHTS.search(text)
        if m:
            return f"rights line {m.group(0)!r}"
        if _ONLY_LEGAL.match(text):
            return "legal links"
        return None
