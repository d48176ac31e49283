"""affiliate_disclosure: "We may earn a commission from links on this page" notices."""

from __future__ import annotations

import re

from ..model import Block
from ..pipeline import BlockFilter, register
from ..vocab import AFFILIATE_DISCLOSURE
from ._text import AnyIn, lowered

_NOTICE = re.compile("|".join(f"(?:{p})" for p in AFFILIATE_DISCLOSURE), re.I)
_WORD = re.compile(r"\w+")
#: Every notice pattern needs one of these words: a block without any is
#: skipped with a few substring tests instead of the pattern search.
_NEEDS = ("commission", "compensation", "fee", "qualifying purchases", "associate", "affiliate")
_MAY_BE_NOTICE = AnyIn(_NEEDS)
#: The same with "a fee", as the first pattern has it, for ASCII text: there
#: lower() folds exactly as IGNORECASE matches, so a notice holds one of these
#: (a "fee" alone is in every "feel", "feed" and "coffee"). Elsewhere a long s
#: or a dotless i matches a pattern's s or i but stays itself in lower case,
#: and a block with "fee" is searched as before.
_MAY_BE_ASCII_NOTICE = AnyIn(tuple("a fee" if k == "fee" else k for k in _NEEDS))


@register
class AffiliateDisclosure(BlockFilter):
    """Drop short affiliate notices: "As an Amazon Associate we earn from qualifying purchases".

    Drops: ``We may earn a commission when you buy through links on our site.``
    Keeps: ``Affiliates earn a commission on each sale, the report found.`` (no site speaking of
    itself), and any paragraph longer than ``max_words``: an article about affiliate marketing.
    """

    name = "affiliate_disclosure"
    options = {"max_words": 60}

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) > 12 * self.max_words:
            return None
        low = lowered(text)
        if not (_MAY_BE_ASCII_NOTICE(low) if text.isascii() else _MAY_BE_NOTICE(low)):
            return None
        if len(_WORD.findall(text)) > self.max_words:
            return None
        m = _NOTICE.search(text)
        if m:
            return f"affiliate notice {m.group(0)[:50]!r}"
        return None
