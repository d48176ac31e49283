"""drop_widgets: share bars, ads, newsletter and cookie boxes, related-story grids."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..pipeline import register
from ..vocab import WIDGET_TOKENS
from ._dom import (
    PAGE_WRAPPERS,
    SelectorFilter,
    describe_node,
    holds_content,
    text_chars,
    vocabulary_nodes,
    vocabulary_selector,
)

_TOKENS = tuple(t for group in WIDGET_TOKENS.values() for t in group)
_CONCEPTS = tuple(f"widget:{kind}" for kind in WIDGET_TOKENS)
#: Page types (``None``: no evidence of any) whose testimonials are content.
_PITCH_PAGES = (None, "service")
_KIND = {t: kind for kind, group in WIDGET_TOKENS.items() for t in group}


@register
class DropWidgets(SelectorFilter):
    """Drop widgets by class/id vocabulary: share bars, ads, newsletter, cookie, related, breadcrumbs.

    Drops: ``<div class="social-share">Share on Facebook</div>``.
    Keeps: ``<div class="shareholder-letter">…</div>`` (token not in the vocabulary), a
    related-items list on a page that says it is a listing (a category, a tag, an
    ``ItemList``): the list of items is that page's content, and testimonials on a
    page that is no article, product or listing.
    """

    name = "drop_widgets"
    what = "widget"

    def selector(self, doc: Document) -> str:
        return vocabulary_selector(doc, *_CONCEPTS)

    def matches(self, doc: Document, body: Any) -> list[Any]:
        return vocabulary_nodes(doc, *_CONCEPTS)

    def keep(self, node: Any, doc: Document) -> bool:
        if node.tag in PAGE_WRAPPERS:
            return True
        if node.tag in _INLINE and _in_sentence(node):
            # A class on a link inside a sentence styles the link ("external-popup");
            # dropping it would cut a word out of the sentence.
            return True
        if doc.metadata.get("page_type") == "listing" and _kind(describe_node(node)) == "related":
            return True
        if doc.metadata.get("page_type") in _PITCH_PAGES and "testimonial" in _names(node):
            # A company's own page quotes its clients as part of its pitch;
            # on an article or a product page the quotes are an advert or
            # the reviews, not the content.
            return True
        return holds_content(node, doc)

    def reason(self, node: Any) -> str:
        label = describe_node(node)
        return f"{_kind(label)} widget: {label}"


def _kind(label: str) -> str:
    """The vocabulary kind (share, ad, related ...) a node's label names."""
    low = label.lower()
    return next((_KIND[t] for t in _TOKENS if t in low), "widget")


#: Inline elements, and the text blocks whose sentences they may sit in.
_INLINE = frozenset(("a", "span", "em", "strong", "b", "i", "abbr", "cite"))
_PROSE = frozenset(("p", "li", "td", "dd", "blockquote"))
#: Characters of text around an inline element that make its parent a sentence.
_SENTENCE_CHARS = 80


def _in_sentence(node: Any) -> bool:
    """The inline ``node`` is a phrase of a paragraph's running text."""
    parent = node.parent
    if parent is None or parent.tag not in _PROSE:
        return False
    return text_chars(parent) - text_chars(node) >= _SENTENCE_CHARS


def _names(node: Any) -> str:
    """The node's class and id, lower-cased."""
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
