"""cookie_notice: cookie banners and consent notices."""

from __future__ import annotations

from ..model import Block
from ..pipeline import register
from ._text import MAX_RULE_CHARS, PhraseFilter, anywhere, keyword_test, lowered, min_chars, pair_test, words


@register
class CookieNotice(PhraseFilter):
    """Drop cookie and consent notices: "This website uses cookies to …".

    Drops: ``We use cookies to improve your experience. Accept all cookies``.
    Keeps: ``She baked cookies for the whole street every Sunday.``
    """

    name = "cookie_notice"
    options = {"max_words": 80}
    max_words: int

    def bind(self) -> None:
        self._phrase_chars = min_chars("cookie_notice", "phrases", self.langs)
        self._may_have_phrase = keyword_test("cookie_notice", "phrases", self.langs)
        self._may_have_pair = pair_test("cookie_notice", "phrases", self.langs)
        self._phrases = anywhere("cookie_notice", "phrases", self.langs)

    def check(self, block: Block) -> str | None:
        text = block.text[:MAX_RULE_CHARS]
        if words(text) > self.max_words or len(text) < self._phrase_chars:
            return None
        low = lowered(text)
        if not self._may_have_phrase(low):  # most blocks: no keyword, no search
            return None
        if text.isascii() and not self._may_have_pair(low):  # most with "using" or "website"
            return None
        m = self._phrases.search(text)
        if m:
            return f"cookie/consent phrase {m.group(0)!r}"
        return None
