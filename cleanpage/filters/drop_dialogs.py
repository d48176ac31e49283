"""drop_dialogs: closed dialogs and modal overlays (policies, sign-up pop-ups, size guides)."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..pipeline import register
from ._dom import PAGE_WRAPPERS, SelectorFilter, holds_content, page_facts

#: ``aria-modal`` is only valid on the dialog roles: without one, no query.
_DIALOG_ROLES = ('[role="dialog"]', '[role="alertdialog"]')


@register
class DropDialogs(SelectorFilter):
    """Drop dialogs a reader sees only after a click: ``<dialog>`` without ``open``, ``[role=dialog]``.

    Drops: ``<div role="dialog" aria-modal="true">Privacy policy …</div>`` in the footer, a
    ``<dialog>`` newsletter pop-up.
    Keeps: ``<dialog open>`` (shown on load), a dialog that wraps ``<article>`` or ``<main>``,
    and one holding more than ``max_share`` of the page's text (the page is the dialog).
    """

    name = "drop_dialogs"
    what = "dialog"
    # A modal's text is off-screen until opened, so its size is no evidence
    # of content (a privacy policy in a pop-up is the biggest text on many shop
    # pages): only a dialog that is nearly the whole page is spared.
    options = {"max_share": 0.8, "max_prose_share": 1.0}

    def selector(self, doc: Document) -> str:
        facts = page_facts(doc)
        parts = []
        if facts is None or any(map(facts.may_match, _DIALOG_ROLES)):
            parts.append('[aria-modal="true" i]')
        if facts is None or facts.may_match("dialog"):
            parts.append("dialog:not([open])")
        return ", ".join(parts)

    def keep(self, node: Any, doc: Document) -> bool:
        return node.tag in PAGE_WRAPPERS or holds_content(node, doc)
