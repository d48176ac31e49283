"""Page metadata read from the head before it is dropped: title, language, URL.

Sources in order of trust: JSON-LD, OpenGraph, ``<meta>`` names, ``<title>``.
"""

from __future__ import annotations

import json
from typing import Any

from .model import Document

_JSONLD_MAX_CHARS = 2_000_000


def _meta(tree: Any, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None:
            value = (node.attributes.get("content") or "").strip()
            if value:
                return value
    return None


def _jsonld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, flattened out of lists and @graph."""
    out: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json" i]'):
        raw = node.text(deep=True)
        if not raw or len(raw) > _JSONLD_MAX_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        todo = [data]
        while todo and len(out) < 200:
            item = todo.pop()
            if isinstance(item, list):
                todo.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    todo.extend(graph)
    return out


def read_metadata(doc: Document) -> None:
    """Fill ``doc.metadata`` from the tree's head (called before it is dropped)."""
    tree = doc.tree
    md = doc.metadata
    objects = _jsonld(tree)
    md["_jsonld"] = objects
    title = _meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    if not title:
        node = tree.css_first("title")
        title = " ".join(node.text().split()) if node is not None else None
    md["title"] = title or None
    html = tree.css_first("html")
    lang = html.attributes.get("lang") if html is not None else None
    md["language"] = (lang or "").strip() or None
    canonical = tree.css_first('link[rel="canonical"]')
    md["url"] = (canonical.attributes.get("href") if canonical is not None else None) or doc.url
