"""drop_chrome: navigation, headers, footers and sidebars."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..pipeline import register
from ..vocab import CHROME_ROLES, CHROME_TAGS
from ._dom import SelectorFilter, holds_content, selector_for

_SELECTORS = (*CHROME_TAGS, *(f'[role="{r}"]' for r in CHROME_ROLES))


@register
class DropChrome(SelectorFilter):
    """Drop site chrome: ``nav``, ``header``, ``footer``, ``aside`` and their ARIA roles.

    Drops: ``<nav><a href="/">Home</a> <a href="/news">News</a></nav>``.
    Keeps: a ``<header>`` that wraps the page's ``<article>`` (content inside).
    """

    name = "drop_chrome"
    what = "page chrome"

    def selector(self, doc: Document) -> str:
        return selector_for(doc, _SELECTORS)

    def keep(self, node: Any, doc: Document) -> bool:
        return holds_content(node, doc)
