"""reply_form: the labels of comment and reply forms ("LEAVE A REPLY" ...)."""

from __future__ import annotations

import re

from ..model import Block
from ..pipeline import register
from ._text import MAX_RULE_CHARS, PhraseFilter, whole_line, words

# "12 comments", "1 Reply", "View 34 comments"
_COUNT = re.compile(r"^\W*(?:view\s+|show\s+|see\s+)?(?:all\s+)?\d[\d,.]*k?\s+"
                    r"(?:comments?|replies|repl(?:y|ies)|responses?)\W*$", re.I)


@register
class ReplyForm(PhraseFilter):
    """Drop comment-form labels: "LEAVE A REPLY", "Please enter your comment!", "12 comments".

    Drops: ``Please enter your name here``.
    Keeps: ``Please enter your comment on the proposal by Friday, the council said.``
    """

    name = "reply_form"
    options = {"max_words": 20}
    max_words: int

    def bind(self) -> None:
        self._lines = whole_line("reply_form", "lines", self.langs)

    def check(self, block: Block) -> str | None:
        text = block.text[:MAX_RULE_CHARS]
        if words(text) > self.max_words:
            return None
        if self._lines.match(text):
            return f"comment form line {text.strip()[:60]!r}"
        if _COUNT.match(text):
            return "comment counter"
        return None
