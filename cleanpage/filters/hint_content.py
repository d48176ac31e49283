"""hint_content: mark the containers that usually hold a page's main content."""

from __future__ import annotations

from ..model import Document
from ..pipeline import BaseFilter, Stage, register
from ..vocab import CONTENT_SELECTORS
from ._dom import selector_for, vocabulary_selector


@register
class HintContent(BaseFilter):
    """Mark likely content containers (``<article>``, ``[itemprop=articleBody]``, ``.entry-content``) for main_content.

    Marks: ``<div class="entry-content">`` as evidence; drops nothing.
    Near-miss: a ``<div class="sidebar">`` gets no mark.
    """

    name = "hint_content"
    stage = Stage.DOM
    needs_html = True

    def apply(self, doc: Document) -> None:
        body = doc.tree.body if doc.tree is not None else None
        if body is None:
            return
        selector = ", ".join(filter(None, (selector_for(doc, CONTENT_SELECTORS),
                                           vocabulary_selector(doc, "content"))))
        if not selector:
            return
        for node in body.css(selector):
            doc.hint_node(node, "content")
