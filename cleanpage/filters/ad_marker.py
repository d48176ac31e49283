"""ad_marker: blocks that are only an advertising label."""

from __future__ import annotations

from ..model import Block
from ..pipeline import register
from ._text import PhraseFilter, whole_line


@register
class AdMarker(PhraseFilter):
    """Drop ad labels standing alone: "Advertisement", "ADVERTISEMENT - CONTINUE READING BELOW".

    Drops: ``ADVERTISEMENT``.
    Keeps: ``The advertisement ran for three weeks before it was pulled.``
    """

    name = "ad_marker"

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) <= 80 and whole_line("ad_marker", "lines", self.langs).match(text):
            return f"ad label {text.strip()!r}"
        return None
