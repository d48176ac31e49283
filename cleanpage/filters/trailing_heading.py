"""trailing_heading: a heading left with nothing under it at the end of the text."""

from __future__ import annotations

from ..model import Document
from ..pipeline import BaseFilter, Stage, register

_SUBHEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))


@register
class TrailingHeading(BaseFilter):
    """Drop the subheadings that end the kept text: a closing call to action's
    title ("Ready to get started?") whose button, form or links the other
    rules dropped, so that it heads nothing.

    Drops: ``<h2>Ready to get started?</h2>`` after the last paragraph, its
    button gone.
    Keeps: a heading with a paragraph under it, an ``<h1>``, a linked heading,
    a page that ends in a run of more than ``max_run`` headings (a list of
    titles), and a page with less than ``min_chars`` of text.
    """

    name = "trailing_heading"
    stage = Stage.DOCUMENT
    needs_html = True
    options = {"max_run": 2, "min_chars": 600}
    max_run: int
    min_chars: int

    def apply(self, doc: Document) -> None:
        run = []
        for b in reversed(doc.blocks):
            if b.dropped_by is not None:
                continue
            if b.tag not in _SUBHEADINGS or b.link_chars * 2 > len(b.text):
                break  # (a linked heading is the title of the last item of a list)
            run.append(b)
            if len(run) > self.max_run:
                return
        else:
            return  # nothing but headings: they are the page
        if sum(len(b.text) for b in doc.blocks if b.dropped_by is None) < self.min_chars:
            return  # a page this short is its few lines, the last one too
        for b in run:
            b.drop(self.name, "heading with nothing under it at the end of the text")
