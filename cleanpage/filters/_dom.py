"""Shared machinery of the DOM filters: class/id vocabulary queries.

Matching ``[class*=token i]`` for dozens of tokens makes Lexbor scan the
tree once per token. Instead, the page's distinct class names and ids are
read once from the markup with one regular expression (C speed), matched
against the vocabulary in Python (per distinct name, not per node), and
turned into one exact CSS query: ``[class~="post-share-bar"], [id="cookie-box"]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from ..model import Document
from ..pipeline import BaseFilter, Stage

#: Elements that hold the main content: a chrome filter never drops one
#: that contains them (a site that wraps the whole page in <header>).
CONTENT_INSIDE = "main, article, [itemprop=articleBody], [role=main]"

_SAFE = re.compile(r"^[^\"\\\s]{1,200}$")


def page_names(doc: Document) -> tuple[str, str]:
    """The page's distinct class names and ids, each set as one newline-joined
    string, so a vocabulary pattern runs over all of them in one C call."""
    cached = doc.scratch.get("names")
    if cached is None:
        classes: set[str] = set()
        ids: set[str] = set()
        body = doc.tree.body if doc.tree is not None else None
        if body is not None:
            # One query, then a dict per element that has a class or id: far
            # cheaper than a regular expression over the whole markup.
            for node in body.css("[class], [id]"):
                attrs = node.attributes
                cls = attrs.get("class")
                if cls:
                    classes.update(cls.split())
                ident = attrs.get("id")
                if ident:
                    ids.add(ident.strip())
        cached = doc.scratch["names"] = ("\n".join(classes), "\n".join(ids))
    return cached


def _trie_regex(words: list[str]) -> str:
    """An alternation that shares prefixes (``ad(?:-slot|vert)``), so the
    regex engine tries a handful of branches per position instead of all."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        optional = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return build(trie)


def token_pattern(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """Finds vocabulary tokens inside a names string (case-insensitive)."""
    return re.compile(_trie_regex(sorted({t.lower() for t in tokens})), re.I)


def exact_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Finds lines of a names string that are exactly one of ``names``."""
    return re.compile(rf"^{_trie_regex(sorted({n.lower() for n in names}))}$", re.I | re.M)


def _matching_lines(pattern: re.Pattern[str], blob: str) -> set[str]:
    out: set[str] = set()
    for m in pattern.finditer(blob):
        start = blob.rfind("\n", 0, m.start()) + 1
        end = blob.find("\n", m.end())
        out.add(blob[start:end if end >= 0 else len(blob)])
    return out


def vocabulary_selector(doc: Document, pattern: re.Pattern[str], *, ids: bool = True) -> str:
    """One CSS query for the page's class names (and ids) in which ``pattern``
    finds a token; empty when none does."""
    class_blob, id_blob = page_names(doc)
    parts = [f'[class~="{c}"]' for c in _matching_lines(pattern, class_blob) if _SAFE.match(c)]
    if ids:
        parts += [f'[id="{i}"]' for i in _matching_lines(pattern, id_blob) if _SAFE.match(i)]
    return ", ".join(sorted(parts))


#: Below this many characters of paragraph text a match is never spared.
MIN_PROSE_CHARS = 600


def prose_chars(node: Any) -> int:
    """Characters of paragraph text under ``node`` (one query)."""
    return sum(len(p.text(deep=True)) for p in node.css("p"))


def page_prose(doc: Document) -> int:
    """Characters of paragraph text in the page body (cached)."""
    cached = doc.scratch.get("prose")
    if cached is None:
        body = doc.tree.body if doc.tree is not None else None
        cached = doc.scratch["prose"] = prose_chars(body) if body is not None else 0
    return cached


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
    """Drop the subtree of every element matching ``selector(doc)``.

    A match is spared when it holds more than ``max_share`` of the page's
    text, or more than ``max_prose_share`` of its paragraph text: chrome and
    widgets are small, and a page that wraps its article in one (a
    hidden-until-loaded wrapper, a "body-ad-wrapper" around each section)
    must not lose it.
    """

    stage = Stage.DOM
    needs_html = True
    what: ClassVar[str] = "element"
    options: ClassVar[Mapping[str, Any]] = {"max_share": 0.4, "max_prose_share": 0.2}

    def selector(self, doc: Document) -> str:
        raise NotImplementedError

    def keep(self, node: Any, doc: Document) -> bool:
        """Return True to spare a matched element (a near-miss)."""
        return False

    def reason(self, node: Any) -> str:
        return f"{self.what}: {describe_node(node)}"

    def apply(self, doc: Document) -> None:
        body = doc.tree.body if doc.tree is not None else None
        sel = self.selector(doc)
        if body is None or not sel:
            return
        limit = self.max_share * doc.body_chars
        prose_limit = None
        for node in body.css(sel):
            if self.keep(node, doc):
                continue
            chars = len(node.text(deep=True))
            if chars > limit:
                continue
            if chars > MIN_PROSE_CHARS:
                if prose_limit is None:
                    prose_limit = max(MIN_PROSE_CHARS, self.max_prose_share * page_prose(doc))
                if prose_chars(node) > prose_limit:
                    continue
            doc.drop_node(node, self.name, self.reason(node))
