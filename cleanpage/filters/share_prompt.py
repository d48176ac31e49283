"""share_prompt: share buttons, follow prompts and newsletter sign-ups."""

from __future__ import annotations

from ..model import Block
from ..pipeline import BlockFilter, register
from ._text import MAX_RULE_CHARS, line_start, whole_line, words

_LINE = whole_line("share_prompt", "lines")
_PREFIX = line_start("share_prompt", "prefixes")


@register
class SharePrompt(BlockFilter):
    """Drop share, follow and newsletter prompts: "Share on Facebook", "Sign up for our newsletter".

    Drops: ``Subscribe to our newsletter for the latest updates``.
    Keeps: ``Share prices fell 3% on Monday after the announcement.``
    """

    name = "share_prompt"
    options = {"max_words": 25}

    def check(self, block: Block) -> str | None:
        text = block.text[:MAX_RULE_CHARS]
        if words(text) > self.max_words:
            return None
        if _LINE.match(text):
            return f"share/follow label {text.strip()[:60]!r}"
        m = _PREFIX.match(text)
        if m:
            return f"share/newsletter prompt {m.group(0).strip()!r}"
        return None
