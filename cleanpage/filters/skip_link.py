"""skip_link: "Skip to content" and other accessibility and menu toggles."""

from __future__ import annotations

from ..model import Block
from ..pipeline import Stage, register
from ._text import PhraseFilter, whole_line


@register
class SkipLink(PhraseFilter):
    """Drop skip links and menu toggles standing alone: "Skip to main content", "Back to top".

    Drops: ``Skip to content``.
    Keeps: ``Skip to the content of the report if you know the background.``
    """

    name = "skip_link"
    stage = Stage.DOCUMENT

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) <= 60 and whole_line("page_chrome", "skip_links", self.langs).match(text):
            return f"skip link or menu toggle {text.strip()!r}"
        return None
