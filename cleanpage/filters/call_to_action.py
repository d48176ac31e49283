"""call_to_action: buttons and page furniture left as text ("Sign up", "Learn more")."""

from __future__ import annotations

import re

from ..model import Block
from ..phrases import alternation
from ..pipeline import BlockFilter, register
from ..vocab import CALL_TO_ACTION

_LABEL = re.compile(
    r"^[\W_]*" + alternation(CALL_TO_ACTION) + r"[\W_]*$",
    re.I,
)


@register
class CallToAction(BlockFilter):
    """Drop calls to action and page furniture standing alone: "Sign up", "Learn more →", "Back to top".

    Drops: ``Get started for free``.
    Keeps: ``Learn more about the survey in the appendix.`` (a sentence, not a label).
    """

    name = "call_to_action"
    options = {"max_chars": 40}

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) <= self.max_chars and _LABEL.match(text):
            return f"call to action {text.strip()!r}"
        return None
