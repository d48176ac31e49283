"""drop_hidden: elements a reader never sees."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..pipeline import register
from ..vocab import HIDDEN_CLASSES, HIDDEN_SELECTORS
from ._dom import HIDDEN, SelectorFilter, class_selector, selected_nodes, selector_for

_CLASSES = frozenset(HIDDEN_CLASSES)


@register
class DropHidden(SelectorFilter):
    """Drop elements hidden from readers: ``display:none``, ``visibility:hidden``, screen-reader-only text.

    Drops: ``<div style="display:none">Tracking text</div>``.
    Keeps: ``<div hidden>Second tab panel</div>`` and ``<div role="tabpanel" style="display:none">``
    (tabs and accordions are content until clicked: a code sample in its other languages).
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
        # A tab panel is hidden only until its tab is clicked.
        return (node.attributes.get("role") or "").strip().lower() == "tabpanel"
