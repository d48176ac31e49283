"""ad_marker: blocks that are only an advertising label."""

from __future__ import annotations

from ..model import Block
from ..pipeline import BlockFilter, register
from ._text import whole_line

# Every pack, whatever the page's language: ad networks print their label in
# their own language ("Publicité" on a German page), and a label must be the
# whole line, which no sentence is.
_LINE = whole_line("ad_marker", "lines")


@register
class AdMarker(BlockFilter):
    """Drop ad labels standing alone, in any language: "Advertisement", "Anzeige", "Publicité".

    Drops: ``ADVERTISEMENT``, and ``Publicidad`` on a German page.
    Keeps: ``The advertisement ran for three weeks before it was pulled.``
    """

    name = "ad_marker"

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) <= 80 and _LINE.match(text):
            return f"ad label {text.strip()!r}"
        return None
