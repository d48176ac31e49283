"""hint_content: mark the containers that usually hold a page's main content."""

from __future__ import annotations

from ..model import Document
from ..pipeline import BaseFilter, Stage, register
from ..vocab import CONTENT_SELECTORS
from ._dom import group_nodes, vocabulary_nodes


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
        for node in group_nodes(doc, CONTENT_SELECTORS):
            doc.hint_node(node, "content")
        for node in vocabulary_nodes(doc, "content"):
            doc.hint_node(node, "content")
