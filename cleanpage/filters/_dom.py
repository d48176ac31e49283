"""Base for DOM filters: one CSS query, a guard and a mark per match."""

from __future__ import annotations

from typing import Any, ClassVar

from ..model import Document
from ..pipeline import BaseFilter, Stage

#: Elements that hold the main content: a chrome filter never drops one
#: that contains them (a site that wraps the whole page in <header>).
CONTENT_INSIDE = "main, article, [itemprop=articleBody], [role=main]"


def describe_node(node: Any) -> str:
    """``tag#id.class`` for reasons, shortened."""
    attrs = node.attributes
    out = node.tag
    if attrs.get("id"):
        out += "#" + str(attrs["id"])[:40]
    if attrs.get("class"):
        out += "." + ".".join(str(attrs["class"]).split()[:3])[:60]
    if attrs.get("role"):
        out += f"[role={attrs['role']}]"
    return out


class SelectorFilter(BaseFilter):
    """Drop the subtree of every element matching ``selector``."""

    stage = Stage.DOM
    needs_html = True
    selector: ClassVar[str]
    what: ClassVar[str] = "element"

    def keep(self, node: Any, doc: Document) -> bool:
        """Return True to spare a matched element (a near-miss)."""
        return False

    def apply(self, doc: Document) -> None:
        body = doc.tree.body if doc.tree is not None else None
        if body is None:
            return
        for node in body.css(self.selector):
            if not self.keep(node, doc):
                doc.drop_node(node, self.name, f"{self.what}: {describe_node(node)}")
