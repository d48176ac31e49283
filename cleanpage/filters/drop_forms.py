"""drop_forms: forms (search, login, comment and sign-up forms)."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..pipeline import register
from ..vocab import FORM_SELECTORS
from ._dom import SelectorFilter, holds_content, selected_nodes, text_chars


@register
class DropForms(SelectorFilter):
    """Drop forms: search boxes, log-in, comment and sign-up forms.

    Drops: ``<form><label>Email</label><button>Subscribe</button></form>``.
    Keeps: a page-wide ``<form>`` (ASP.NET style) that wraps the article.
    """

    name = "drop_forms"
    what = "form"

    def selector(self, doc: Document) -> str:
        return ", ".join(FORM_SELECTORS)

    def matches(self, doc: Document, body: Any) -> list[Any]:
        found = selected_nodes(doc, FORM_SELECTORS)  # the same elements, by the C walk
        return super().matches(doc, body) if found is None else found
    options = {**SelectorFilter.options, "max_chars": 1500}

    def keep(self, node: Any, doc: Document) -> bool:
        if holds_content(node, doc):
            return True
        return text_chars(node) > self.max_chars
