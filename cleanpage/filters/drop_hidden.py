"""drop_hidden: elements a reader never sees."""

from __future__ import annotations

import re
from typing import Any

from ..model import Document
from ..pipeline import register
from ..vocab import DISCLOSURE_TOKENS, HIDDEN_CLASSES, HIDDEN_SELECTORS
from ._dom import HIDDEN, SelectorFilter, class_selector, selected_nodes, selector_for

_CLASSES = frozenset(HIDDEN_CLASSES)
_PANEL_ROLES = frozenset(("tabpanel", "region"))
_READER_ONLY = frozenset(("sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden", "a11y-hidden"))
_DISCLOSURE = re.compile("|".join(DISCLOSURE_TOKENS), re.I)


@register
class DropHidden(SelectorFilter):
    """Drop elements hidden from readers: ``display:none``, ``visibility:hidden``, screen-reader-only text.

    Drops: ``<div style="display:none">Tracking text</div>``.
    Keeps: ``<div hidden>Second tab panel</div>``, ``<div role="tabpanel" style="display:none">``
    a collapsed FAQ answer or accordion panel (``role="region"``, ``.accordion__panel``,
    ``.collapse``), a ``.tab-pane`` and a carousel's slide: tabs, accordions and
    slides are content until clicked; screen-reader text that finishes a visible link's
    name (``Read more<span class="sr-only">: How to choose a tent</span>``).
    """

    name = "drop_hidden"
    what = "hidden element"

    def selector(self, doc: Document) -> str:
        by_class = class_selector(doc, _CLASSES)
        return ", ".join(filter(None, (selector_for(doc, HIDDEN_SELECTORS), by_class)))

    def matches(self, doc: Document, body: Any) -> list[Any]:
        found = selected_nodes(doc, HIDDEN)  # the same elements, by the C walk
        return super().matches(doc, body) if found is None else found

    def keep(self, node: Any, doc: Document) -> bool:
        # Tab panels and accordion panels (ARIA role=region, or named so) are
        # hidden only until their tab or heading is clicked.
        attrs = node.attributes
        if (attrs.get("role") or "").strip().lower() in _PANEL_ROLES:
            return True
        classes = attrs.get("class") or ""
        if _READER_ONLY.intersection(classes.split()) and _completes_link(node):
            return True
        return _DISCLOSURE.search(f"{classes} {attrs.get('id') or ''}") is not None


def _completes_link(node: Any) -> bool:
    """Screen-reader text that finishes a visible link's name ('Read more<span>: Kayak guide</span>')."""
    parent = node.parent
    if parent is None or parent.tag != "a":
        return False
    own = len(node.text(deep=True).strip())
    return own > 0 and len(parent.text(deep=True).strip()) > own
