"""legal_line: copyright lines and the row of legal links at the foot of a page."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Block
from ..phrases import alternation, phrases
from ..pipeline import Stage, register
from ._text import Langs, PhraseFilter, anywhere, may_contain, words

# "© 2024 Example Media", "Copyright 2019-2024 ...", "(c) 2023 ..."
_COPYRIGHT = re.compile(r"^\W*(?:\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}|by\b)", re.I)


@lru_cache(maxsize=64)
def _only_legal(langs: Langs) -> re.Pattern[str]:
    # The line names legal items and nothing but legal items and separators:
    # "Privacy Policy | Terms of Use | Cookie Settings".
    legal = alternation(phrases("page_chrome", "legal", langs))
    return re.compile(rf"^(?:[\s|·•/,–—-]*{legal}(?!\w))+[\s|·•/,.–—-]*$", re.I)


@register
class LegalLine(PhraseFilter):
    """Drop copyright lines and rows of legal links: "© 2024 Example Media. All rights reserved."

    Drops: ``Privacy Policy | Terms of Use | Cookie Settings``, and any short
    line with ``©`` or "All rights reserved".
    Keeps: ``The privacy policy was rewritten after the regulator's fine, she said.``
    (a sentence that mentions a policy), and ``Copyright law changed in 2019.``
    """

    name = "legal_line"
    stage = Stage.DOCUMENT
    options = {"max_words": 30}
    max_words: int

    def check(self, block: Block) -> str | None:
        text = block.text
        if words(text) > self.max_words:
            return None
        if "©" in text or _COPYRIGHT.match(text):
            return "copyright line"
        m = may_contain(text, "page_chrome", "rights_reserved", self.langs) and anywhere(
            "page_chrome", "rights_reserved", self.langs).search(text)
        if m:
            return f"rights line {m.group(0)!r}"
        if _only_legal(self.langs).match(text):
            return "legal links"
        return None
