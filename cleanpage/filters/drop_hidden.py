"""drop_hidden: elements a reader never sees."""

from __future__ import annotations

from ..pipeline import register
from ..vocab import HIDDEN_SELECTORS
from ._dom import SelectorFilter


@register
class DropHidden(SelectorFilter):
    """Drop elements hidden from readers: ``[hidden]``, ``display:none``, screen-reader-only text.

    Drops: ``<div style="display:none">Tracking text</div>``.
    Keeps: ``<div style="display:block">Visible text</div>``.
    """

    name = "drop_hidden"
    what = "hidden element"
    selector = ", ".join(HIDDEN_SELECTORS)
