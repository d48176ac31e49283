"""drop_chrome: navigation, headers, footers and sidebars."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..pipeline import register
from ..vocab import CHROME_SELECTORS, NAVIGATION_SELECTORS
from ._dom import (
    SelectorFilter,
    group_nodes,
    holds_content,
    prose_chars,
    selected_nodes,
    selector_for,
    text_chars,
)

#: Paragraph text a <header> inside <main> needs to count as a section's intro.
MIN_HEADER_PROSE = 60


def _in_main(node: Any) -> bool:
    up = node.parent
    while up is not None and up.tag != "body":
        if up.tag == "main":
            return True
        up = up.parent
    return False


@register
class DropChrome(SelectorFilter):
    """Drop site chrome: ``nav``, ``header``, ``footer``, ``aside`` and their ARIA roles.

    Drops: ``<nav><a href="/">Home</a> <a href="/news">News</a></nav>``, and a mega-menu
    ``<nav>`` made of links even when it holds much of the page's text.
    Keeps: a ``<header>`` that wraps the page's ``<article>`` (content inside), a ``<header>``
    with an intro paragraph inside ``<main>`` (a section's hero, not the site's), and a big
    ``<nav>`` that is mostly prose rather than links.
    """

    name = "drop_chrome"
    what = "page chrome"
    options = {**SelectorFilter.options, "nav_link_share": 0.5}

    def selector(self, doc: Document) -> str:
        return selector_for(doc, CHROME_SELECTORS)

    def matches(self, doc: Document, body: Any) -> list[Any]:
        found = selected_nodes(doc, CHROME_SELECTORS)  # the same elements, by the C walk
        return super().matches(doc, body) if found is None else found

    def keep(self, node: Any, doc: Document) -> bool:
        if node.tag == "header" and _in_main(node):
            # Inside <main> a <header> heads a section (a hero with its
            # intro), not the site: it is not the banner landmark. Without
            # paragraph text it is still chrome (a title bar, share links).
            return prose_chars(node) >= MIN_HEADER_PROSE
        return holds_content(node, doc)

    def apply(self, doc: Document) -> None:
        super().apply(doc)
        # A navigation block spared for its size: a mega-menu of links is
        # still chrome (a page never wraps its article in a link list).
        if doc.tree is None or doc.tree.body is None:
            return
        drops = doc.dom_drops
        for node in group_nodes(doc, NAVIGATION_SELECTORS):
            if node.mem_id in drops or holds_content(node, doc):
                continue
            chars = text_chars(node)
            if chars <= self.max_share * doc.body_chars:
                continue  # small: the first pass judged it
            links = sum(text_chars(a) for a in node.css("a"))
            if links >= self.nav_link_share * chars:
                doc.drop_node(node, self.name, f"{self.reason(node)} (menu of links)")
