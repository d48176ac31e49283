"""read_also: "READ ALSO: ..." and similar inserts pointing at other stories."""

from __future__ import annotations

from ..model import Block
from ..pipeline import register
from ._text import MAX_RULE_CHARS, PhraseFilter, line_start, words

# The label must be followed by a colon or dash: "Related: X" is an insert,
# "Related research shows ..." is a sentence.
_SEP = r"\s*(?:[:：|»›>]|[-–—]\s)"


@register
class ReadAlso(PhraseFilter):
    """Drop "READ ALSO: …", "Read more: …", "See also: …" inserts, wherever they sit.

    Drops: ``READ ALSO: Top judge who ordered seizing land speaks out``.
    Keeps: ``Read more about the plan in the minister's statement.`` (no label).
    """

    name = "read_also"
    options = {"max_words": 30}
    max_words: int

    def bind(self) -> None:
        self._labels = line_start("read_also", "labels", _SEP, self.langs)

    def check(self, block: Block) -> str | None:
        text = block.text[:MAX_RULE_CHARS]
        if words(text) > self.max_words:  # cached, and most blocks are longer
            return None
        m = self._labels.match(text)
        if m:
            return f"insert label {m.group(0).strip()!r}"
        return None
