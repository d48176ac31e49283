"""line_menu: menus, link lists and tag clouds in flattened text."""

from __future__ import annotations

from ..model import Block, Document
from ..pipeline import BaseFilter, Stage, register
from ._text import ends_sentence, is_prose, words


@register
class LineMenu(BaseFilter):
    """Drop runs of short lines between prose: menus, link lists, tag clouds.

    A run is the kept lines between two prose lines. It is dropped when it
    has at least ``min_lines`` lines, most of them (``short_share``) of at
    most ``short_words`` words, and few of them end like a sentence: the
    shape of a menu, not of a list in an article. A text with no prose line
    is left alone (it may be a list on purpose).

    Drops: ``Home`` / ``World`` / ``Business`` / ``Tech`` / ``Sport`` between
    the title and the first paragraph.
    Keeps: a heading between two paragraphs, and a list of steps that read
    as sentences (``Preheat the oven to 200 °C.`` …).
    """

    name = "line_menu"
    stage = Stage.DOCUMENT
    options = {"min_lines": 3, "short_words": 5, "short_share": 0.7, "prose_words": 10,
               "sentence_share": 0.5, "drop_words": 5}
    min_lines: int
    short_words: int
    short_share: float
    prose_words: int
    sentence_share: float
    drop_words: int

    def apply(self, doc: Document) -> None:
        kept = [b for b in doc.blocks if b.dropped_by is None]
        prose = [is_prose(b.text, self.prose_words) for b in kept]
        if not any(prose):
            return
        run: list[Block] = []
        for block, is_p in zip(kept, prose, strict=True):
            if is_p:
                self._judge(run)
                run = []
            else:
                run.append(block)
        self._judge(run)

    def _judge(self, run: list[Block]) -> None:
        n = len(run)
        if n < self.min_lines:
            return
        short = sum(1 for b in run if words(b.text) <= self.short_words)
        if short < self.short_share * n:
            return
        if sum(1 for b in run if ends_sentence(b.text)) >= self.sentence_share * n:
            return
        reason = f"run of {n} short lines ({short} of <= {self.short_words} words)"
        for b in run:
            if words(b.text) <= self.drop_words:
                b.drop(self.name, reason)
