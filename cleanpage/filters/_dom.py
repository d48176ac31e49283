"""Shared machinery of the DOM filters: class/id vocabulary queries.

Matching ``[class*=token i]`` for dozens of tokens makes Lexbor scan the
tree once per token. Instead, the page's distinct class names and ids are
read once (by the C walk, or one CSS query), matched against the
vocabulary per distinct name, not per node (in C for ASCII names), and
turned into one exact CSS query: ``[class~="post-share-bar"], [id="cookie-box"]``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from ..model import Document
from ..pipeline import BaseFilter, Stage
from ..segment import PageFacts, _native
from ..vocab import COMMENT_TOKENS, CONTENT_TOKENS, HIDDEN_CLASSES, HIDDEN_SELECTORS, WIDGET_TOKENS

#: Elements that hold the main content: a chrome filter never drops one
#: that contains them (a site that wraps the whole page in <header>).
CONTENT_INSIDE = "main, article, [itemprop=articleBody], [role=main]"
_CONTENT_INSIDE = tuple(CONTENT_INSIDE.split(", "))

_SAFE = re.compile(r"^[^\"\\\s]{1,200}$")


def page_names(doc: Document) -> tuple[str, str]:
    """The page's distinct class names and ids, each set as one newline-joined
    string, so a vocabulary pattern runs over all of them in one C call."""
    cached = doc.scratch.get("names")
    if cached is None:
        facts = page_facts(doc)
        if facts is not None:
            # The C walk reads and dedupes every class and id in one pass.
            cached = doc.scratch["names"] = (facts.classes, facts.ids)
            return cached
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


def page_facts(doc: Document) -> PageFacts | None:
    """What the page's elements could match (cached); None without the C walk."""
    if "facts" not in doc.scratch:
        native = _native()
        body = doc.tree.body if doc.tree is not None else None
        doc.scratch["facts"] = native.facts(body) if native is not None and body is not None else None
    return doc.scratch["facts"]  # type: ignore[no-any-return]


def selector_for(doc: Document, selectors: tuple[str, ...]) -> str:
    """``selectors`` joined into one CSS query, without those that cannot
    match on this page (each selector costs Lexbor a pass over the tree)."""
    facts = page_facts(doc)
    if facts is None:
        return ", ".join(selectors)
    return ", ".join(s for s in selectors if facts.may_match(s))


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


def token_pattern(tokens: tuple[str, ...], *, ignore_case: bool = True) -> re.Pattern[str]:
    """Finds vocabulary tokens inside a names string."""
    return re.compile(_trie_regex(sorted({t.lower() for t in tokens})), re.I if ignore_case else 0)


#: concept -> tokens, for every class/id vocabulary the DOM filters use.
_CONCEPTS: dict[str, tuple[str, ...]] = {
    **{f"widget:{kind}": tokens for kind, tokens in WIDGET_TOKENS.items()},
    "comments": COMMENT_TOKENS,
    "content": CONTENT_TOKENS,
}
_TOKEN_CONCEPTS: dict[str, tuple[str, ...]] = {}
for _concept, _tokens in _CONCEPTS.items():
    for _t in _tokens:
        _TOKEN_CONCEPTS[_t.lower()] = (*_TOKEN_CONCEPTS.get(_t.lower(), ()), _concept)
_ALL_TOKENS = token_pattern(tuple(_TOKEN_CONCEPTS))
#: The same, for lower-cased text: Python's re is several times slower
#: with IGNORECASE, and lower-casing the names once is one C call.
_ALL_TOKENS_LOWER = token_pattern(tuple(_TOKEN_CONCEPTS), ignore_case=False)


#: The concepts in a fixed order, for the C matcher's bit masks.
_CONCEPT_ORDER = tuple(_CONCEPTS)
_TRIE: dict[Any, Any] = {}


def _vocab_trie(walk: Any) -> Any:
    """The vocabulary as the C walk's trie (built once), or None."""
    if walk not in _TRIE:
        trie = None
        if len(_CONCEPT_ORDER) <= 64:
            tokens = list(_TOKEN_CONCEPTS)
            masks = [sum(1 << _CONCEPT_ORDER.index(c) for c in set(_TOKEN_CONCEPTS[t])) for t in tokens]
            trie = walk.vocab_trie(tokens, masks)
        _TRIE[walk] = trie
    return _TRIE[walk]


@functools.cache
def _concepts_of(mask: int) -> tuple[str, ...]:
    return tuple(c for bit, c in enumerate(_CONCEPT_ORDER) if mask >> bit & 1)


def _line_at(blob: str, start: int, end: int) -> str:
    first = blob.rfind("\n", 0, start) + 1
    last = blob.find("\n", end)
    return blob[first:last if last >= 0 else len(blob)]


def concept_names(doc: Document) -> dict[str, tuple[set[str], set[str]]]:
    """concept -> (class names, ids) of this page that contain one of its
    tokens; one pass over all names for every vocabulary (cached)."""
    cached = doc.scratch.get("concepts")
    if cached is None:
        cached = {}
        native = _native()
        walk: Any = native.walk if native is not None else None
        trie = _vocab_trie(walk) if walk is not None else None
        for slot, blob in enumerate(page_names(doc)):
            if trie is not None:
                # ASCII names are matched in C; the others (Unicode case
                # rules) go on to the regular expression below.
                found, rest = walk.vocab_match(trie, blob)
                for name, mask in found:
                    for concept in _concepts_of(mask):
                        cached.setdefault(concept, (set(), set()))[slot].add(name)
                if not rest:
                    continue
                blob = "\n".join(rest)
            lower = blob.lower()
            # (a few characters change length when lower-cased: then the
            # positions would not match, and the slower pattern is used)
            matches = (_ALL_TOKENS_LOWER.finditer(lower) if len(lower) == len(blob)
                       else _ALL_TOKENS.finditer(blob))
            for m in matches:
                name = _line_at(blob, m.start(), m.end())
                if not _SAFE.match(name):
                    continue
                for concept in _TOKEN_CONCEPTS[m.group(0).lower()]:
                    cached.setdefault(concept, (set(), set()))[slot].add(name)
        doc.scratch["concepts"] = cached
    return cached


def vocabulary_selector(doc: Document, *concepts: str, ids: bool = True) -> str:
    """One CSS query for the page's class names (and ids) that carry a token
    of one of ``concepts``; empty when none does."""
    found = concept_names(doc)
    classes: set[str] = set()
    idents: set[str] = set()
    for concept in concepts:
        c, i = found.get(concept, (set(), set()))
        classes |= c
        idents |= i
    parts = [f'[class~="{c}"]' for c in classes]
    if ids:
        parts += [f'[id="{i}"]' for i in idents]
    return ", ".join(sorted(parts))


#: Concepts found by exact class name or by text in the style attribute,
#: in the same walk: ``[class~="sr-only"]``, ``[style*="display:none" i]``.
_EXACT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "hidden": (HIDDEN_CLASSES, HIDDEN_SELECTORS),
}
_BITS = {c: 1 << i for i, c in enumerate((*_CONCEPT_ORDER, *_EXACT))}


def _style_text(selector: str) -> str | None:
    """The text of ``[style*="text" i]`` (lower-case ASCII), else None."""
    m = re.fullmatch(r'\[style\*="([ -!#-\[\]-~]*)" i\]', selector)
    return m.group(1).lower() if m else None


#: (text, bit) per style selector, when all of them have that form.
_STYLES = tuple((t, _BITS[c]) for c, (_, sels) in _EXACT.items() for t in map(_style_text, sels))
_STYLES_OK = all(t is not None for t, _ in _STYLES) and len(_STYLES) <= 16


def vocabulary_nodes(doc: Document, *concepts: str) -> list[Any]:
    """The elements of the page body that ``vocabulary_selector`` matches, in
    document order."""
    found = marked_nodes(doc, *concepts)
    if found is not None:
        return found
    body = doc.tree.body if doc.tree is not None else None
    sel = vocabulary_selector(doc, *concepts)
    return body.css(sel) if sel and body is not None else []


def marked_nodes(doc: Document, *concepts: str) -> list[Any] | None:
    """The elements of the page body that have a class name or id of one of
    ``concepts`` (or, for those of ``_EXACT``, the class or style text), in
    document order; None without the C walk (then a CSS query finds them).

    One C walk finds them for every concept (cached), instead of one Lexbor
    query per filter with one selector per name (each selector costs Lexbor
    a test of every element)."""
    body = doc.tree.body if doc.tree is not None else None
    native = _native()
    facts = page_facts(doc)
    if body is None or native is None or facts is None or not _STYLES_OK or not _node_maker_works(native):
        return None
    found = doc.scratch.get("vocab_nodes")
    if found is None:
        classes: dict[str, int] = {}
        idents: dict[str, int] = {}
        for concept, (c, i) in concept_names(doc).items():
            bit = _BITS[concept]
            for name in c:
                classes[name] = classes.get(name, 0) | bit
            for name in i:
                idents[name] = idents.get(name, 0) | bit
        for concept, (names, _) in _EXACT.items():
            for name in names:
                classes[name] = classes.get(name, 0) | _BITS[concept]
        found = doc.scratch["vocab_nodes"] = _vocab_nodes(native, body, classes, idents, facts.style_id)
    want = sum(_BITS[c] for c in concepts)
    return [node for node, mask in found if mask & want]


def _vocab_nodes(native: Any, root: Any, classes: dict[str, int], idents: dict[str, int],
                 style_id: int = 0) -> list[Any]:
    from selectolax.lexbor import LexborNode

    # (Cython's table of LexborNode's C methods: the C walk makes nodes with it)
    vtable = LexborNode.__pyx_vtable__  # type: ignore[attr-defined]
    return native.walk.vocab_nodes(  # type: ignore[no-any-return]
        root, vtable, native.attr["class"], native.attr["id"], classes, idents,
        style_id, _STYLES if style_id else ())


_NODE_MAKER: list[bool] = []
#: (markup, classes, ids) the C walk's nodes are checked on against Lexbor's query.
_NODE_CHECK = (('<body class="a"><div class="b\ta a" id="i"><p class="A b\u00a0c">x</p></div>'
                '<p id=" i">y</p><p class="c  d" id="j">z</p></body>'), {"a": 1, "c": 2}, {"i": 4, "j": 8})


def _node_maker_works(native: Any) -> bool:
    """The C walk makes selectolax nodes through Cython's table of
    LexborNode's methods: checked once against a Lexbor query."""
    if not _NODE_MAKER:
        ok = False
        try:
            from ..segment import parse

            markup, classes, idents = _NODE_CHECK
            body = parse(markup).body
            ours = _vocab_nodes(native, body, classes, idents)
            sel = ", ".join([*(f'[class~="{c}"]' for c in classes), *(f'[id="{i}"]' for i in idents)])
            theirs = list(dict.fromkeys(n.mem_id for n in body.css(sel)))
            ok = [n.mem_id for n, _ in ours] == theirs and [n.tag for n, _ in ours] == ["body", "div", "p"]
        except Exception:  # another selectolax build: use Lexbor's query
            ok = False
        _NODE_MAKER.append(ok)
    return _NODE_MAKER[0]


def class_selector(doc: Document, names: frozenset[str]) -> str:
    """One CSS query for the page's class names that are exactly in ``names``."""
    classes = set(page_names(doc)[0].split("\n")) & names
    return ", ".join(sorted(f'[class~="{c}"]' for c in classes if _SAFE.match(c)))


#: Below this many characters of paragraph text a match is never spared.
MIN_PROSE_CHARS = 600


def text_chars(node: Any) -> int:
    """``len(node.text())``, counted in C without building the string."""
    native = _native()
    if native is None:
        return len(node.text(deep=True))
    return native.walk.text_length(node.mem_id)  # type: ignore[no-any-return]


def prose_chars(node: Any) -> int:
    """Characters of paragraph text under ``node`` (the node included)."""
    native = _native()
    if native is None:
        return sum(len(p.text(deep=True)) for p in node.css("p"))
    return native.walk.text_length(node.mem_id, native.p_tag)  # type: ignore[no-any-return]


def _under(node: Any, marks: Mapping[int, Any], native: Any) -> bool:
    """A strict ancestor of ``node`` is in ``marks``."""
    if native is not None:
        return native.walk.under(node.mem_id, marks)  # type: ignore[no-any-return]
    up = node.parent
    while up is not None:
        if up.mem_id in marks:
            return True
        up = up.parent
    return False


def holds_content(node: Any, doc: Document) -> bool:
    """The node is, or contains, a main-content element (``CONTENT_INSIDE``).

    With the C walk, one query per page finds the content elements and their
    ancestors, instead of one query per candidate."""
    native = _native()
    if native is None:
        return node.css_first(CONTENT_INSIDE) is not None
    holders = doc.scratch.get("content_holders")
    if holders is None:
        body = doc.tree.body
        sel = selector_for(doc, _CONTENT_INSIDE)
        found = [n.mem_id for n in body.css(sel)] if body is not None and sel else []
        holders = doc.scratch["content_holders"] = native.walk.ancestors(found)
    return node.mem_id in holders


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

    def matches(self, doc: Document, body: Any) -> list[Any]:
        """The elements to judge, in document order: ``selector``'s."""
        sel = self.selector(doc)
        return body.css(sel) if sel else []

    def keep(self, node: Any, doc: Document) -> bool:
        """Return True to spare a matched element (a near-miss)."""
        return False

    def reason(self, node: Any) -> str:
        return f"{self.what}: {describe_node(node)}"

    def apply(self, doc: Document) -> None:
        body = doc.tree.body if doc.tree is not None else None
        if body is None:
            return
        limit = self.max_share * doc.body_chars
        prose_limit = None
        native = _native()
        drops = doc.dom_drops
        for node in self.matches(doc, body):
            # Inside a subtree already dropped: the outermost drop owns it anyway.
            if drops and _under(node, drops, native):
                continue
            if self.keep(node, doc):
                continue
            chars = text_chars(node)
            if chars > limit:
                continue
            if chars > MIN_PROSE_CHARS:
                if prose_limit is None:
                    prose_limit = max(MIN_PROSE_CHARS, self.max_prose_share * page_prose(doc))
                if prose_chars(node) > prose_limit:
                    continue
            doc.drop_node(node, self.name, self.reason(node))
