"""ad_marker: blocks that are only an advertising label."""

from __future__ import annotations

from ..model import Block
from ..pipeline import BlockFilter, register
from ._text import whole_line

_LINE = whole_line("ad_marker", "lines")


@register
class AdMarker(BlockFilter):
    """Drop ad labels standing alone: "Advertisement", "ADVERTISEMENT - CONTINUE READING BELOW".

    Drops: ``ADVERTISEMENT``.
    Keeps: ``The advertisement ran for three weeks before it was pulled.``
    """

    name = "ad_marker"

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) <= 80 and _LINE.match(text):
            return f"ad label {text.strip()!r}"
        return None
