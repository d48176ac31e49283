"""legal_line: copyright lines and the row of legal links at the foot of a page."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Block
from ..phrases import phrases
from ..pipeline import Stage, register
from ._text import Langs, PhraseFilter, anywhere, keyword_test, lowered, trie_alternation, words

# "© 2024 Example Media", "Copyright 2019-2024 ...", "(c) 2023 ..."
_COPYRIGHT = re.compile(r"^\W*(?:\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}|by\b)", re.I)


@lru_cache(maxsize=64)
def _only_legal(langs: Langs) -> re.Pattern[str]:
    # The line names legal items and nothing but legal items and separators:
    # "Privacy Policy | Terms of Use | Cookie Settings". (A trie: the line is
    # matched whole, so it accepts what the plain alternation accepts, faster.)
    legal = trie_alternation(phrases("page_chrome", "legal", langs))
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

    def bind(self) -> None:
        self._may_have_rights = keyword_test("page_chrome", "rights_reserved", self.langs)
        self._rights = anywhere("page_chrome", "rights_reserved", self.langs)
        self._legal_row = _only_legal(self.langs)

    def check(self, block: Block) -> str | None:
        text = block.text
        if words(text) > self.max_words:
            return None
        if "©" in text or _COPYRIGHT.match(text):
            return "copyright line"
        m = self._rights.search(text) if self._may_have_rights(lowered(text)) else None
        if m:
            return f"rights line {m.group(0)!r}"
        if self._legal_row.match(text):
            return "legal links"
        return None
