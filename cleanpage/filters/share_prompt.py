"""share_prompt: share buttons, follow prompts and newsletter sign-ups."""

from __future__ import annotations

from ..model import Block
from ..pipeline import register
from ._text import MAX_RULE_CHARS, PhraseFilter, line_start, whole_line, words


@register
class SharePrompt(PhraseFilter):
    """Drop share, follow and newsletter prompts: "Share on Facebook", "Sign up for our newsletter".

    Drops: ``Subscribe to our newsletter for the latest updates``.
    Keeps: ``Share prices fell 3% on Monday after the announcement.``
    """

    name = "share_prompt"
    options = {"max_words": 25}
    max_words: int

    def bind(self) -> None:
        self._lines = whole_line("share_prompt", "lines", self.langs)
        self._prefixes = line_start("share_prompt", "prefixes", "", self.langs)

    def check(self, block: Block) -> str | None:
        text = block.text[:MAX_RULE_CHARS]
        if words(text) > self.max_words:
            return None
        if self._lines.match(text):
            return f"share/follow label {text.strip()[:60]!r}"
        m = self._prefixes.match(text)
        if m:
            return f"share/newsletter prompt {m.group(0).strip()!r}"
        return None
