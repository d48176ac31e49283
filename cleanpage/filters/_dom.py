"""Shared machinery of the DOM filters: class/id vocabulary queries.

Matching ``[class*=token i]`` for dozens of tokens makes Lexbor scan the
tree once per token. Instead, the page's distinct class names and ids are
read once (by the C walk, or one CSS query), matched against the
vocabulary per distinct name, not per node (in C for ASCII names), and
turned into one exact CSS query: ``[class~="post-share-bar"], [id="cookie-box"]``.
With the C walk, one more walk per page finds the elements of every such
query and of the filters' simple selector groups (tags, roles, itemprops,
style texts) at once, as Lexbor would, so the filters make no queries.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Mapping
from typing import Any, ClassVar

from ..model import Document
from ..pipeline import BaseFilter, Stage
from ..segment import PageFacts, _native
from ..vocab import (
    CHROME_SELECTORS,
    COMMENT_TOKENS,
    CONTENT_SELECTORS,
    CONTENT_TOKENS,
    FORM_SELECTORS,
    HIDDEN_CLASSES,
    HIDDEN_SELECTORS,
    NAVIGATION_SELECTORS,
    WIDGET_TOKENS,
)

#: Elements that hold the main content: a chrome filter never drops one
#: that contains them (a site that wraps the whole page in <header>).
CONTENT_INSIDE = "main, article, [itemprop=articleBody], [role=main]"
_CONTENT_INSIDE = tuple(CONTENT_INSIDE.split(", "))
#: Elements that wrap the page or its content: a class/id vocabulary match on
#: one of them is never the widget it names (``<article class="share-enabled">``).
PAGE_WRAPPERS = frozenset(("body", "html", "main", "article"))

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


#: Selector groups of the DOM filters that the C walk matches along with the
#: vocabulary, each a tuple of simple selectors (a tag, ``[role="v"]``,
#: ``[itemprop="v"]``, ``[class~="v"]``, ``[style*="v" i]``).
HIDDEN = (*HIDDEN_SELECTORS, *(f'[class~="{c}"]' for c in HIDDEN_CLASSES))
_GROUPS: tuple[tuple[str, ...], ...] = (HIDDEN, CHROME_SELECTORS, NAVIGATION_SELECTORS, FORM_SELECTORS, CONTENT_SELECTORS, _CONTENT_INSIDE)
_BITS: dict[str | tuple[str, ...], int] = {c: 1 << i for i, c in enumerate(_CONCEPT_ORDER)}
_BITS.update((g, 1 << (len(_CONCEPT_ORDER) + i)) for i, g in enumerate(_GROUPS))
_PART = re.compile(r'([a-z][a-z0-9]*)|\[(role|itemprop|class|style)(~=|\*=|=)'
                   r'(?:"([^"\\]*)"|([A-Za-z_-][A-Za-z0-9_-]*))( i)?\]')


def _walk_part(selector: str) -> tuple[str, str] | None:
    """(kind, value) of a selector the C walk matches as Lexbor does, else None."""
    m = _PART.fullmatch(selector)
    if m is None:
        return None
    tag, attr, op, quoted, bare, flag = m.groups()
    if tag:
        return ("tag", tag)
    value = quoted if quoted is not None else bare
    if attr == "style":
        ok = op == "*=" and flag is not None and value.isascii()
        return ("style", value.lower()) if ok else None
    if flag is not None or op != ("~=" if attr == "class" else "="):
        return None
    return (attr, value)


def _group_parts(group: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
    parts = [_walk_part(s) for s in group]
    return tuple(p for p in parts if p is not None) if None not in parts else None


#: The parts of every group (None: a group the walk cannot match).
_GROUP_PARTS = {g: _group_parts(g) for g in _GROUPS}


def vocabulary_nodes(doc: Document, *concepts: str) -> list[Any]:
    """The elements of the page body that ``vocabulary_selector`` matches, in
    document order."""
    found = _walked(doc, sum(_BITS[c] for c in concepts))
    if found is not None:
        return found
    body = doc.tree.body if doc.tree is not None else None
    sel = vocabulary_selector(doc, *concepts)
    return body.css(sel) if sel and body is not None else []


def selected_nodes(doc: Document, group: tuple[str, ...]) -> list[Any] | None:
    """The elements of the page body that one of the selectors of ``group``
    (one of ``_GROUPS``) matches, in document order; None without the C walk
    (then a CSS query finds them)."""
    native = _native()
    if native is None or _GROUP_PARTS[group] is None or not _tags_known(native, group):
        return None
    return _walked(doc, _BITS[group])


def group_nodes(doc: Document, group: tuple[str, ...]) -> list[Any]:
    """``selected_nodes``, or without the C walk the CSS query of ``group``'s
    selectors that may match on this page."""
    found = selected_nodes(doc, group)
    if found is not None:
        return found
    body = doc.tree.body if doc.tree is not None else None
    sel = selector_for(doc, group)
    return body.css(sel) if body is not None and sel else []


def _walked(doc: Document, want: int) -> list[Any] | None:
    """The elements the page's C walk found for the concepts or groups whose
    bits are in ``want``; None without the C walk.

    One walk finds them all (cached), instead of one Lexbor query per filter
    with one selector per name (each selector costs Lexbor a test of every
    element)."""
    body = doc.tree.body if doc.tree is not None else None
    native = _native()
    facts = page_facts(doc)
    if body is None or native is None or facts is None or len(_BITS) > 64 or not _node_maker_works(native):
        return None
    found = doc.scratch.get("walked")
    if found is None:
        found = doc.scratch["walked"] = _walk(doc, native, body, facts)
    return [node for node, mask in found if mask & want]


def _walk(doc: Document, native: Any, body: Any, facts: PageFacts) -> list[Any]:
    classes: dict[str, int] = {}
    exact: dict[str, dict[str, int]] = {"id": {}, "role": {}, "itemprop": {}}
    for concept, (c, i) in concept_names(doc).items():
        bit = _BITS[concept]
        for name in c:
            classes[name] = classes.get(name, 0) | bit
        for name in i:
            exact["id"][name] = exact["id"].get(name, 0) | bit
    styles: dict[str, int] = {}
    tags = array("Q", bytes(8 * len(native.tag_names)))
    tag_ids = _tag_ids(native)
    for group, parts in _GROUP_PARTS.items():
        bit = _BITS[group]
        for kind, value in parts or ():
            table = classes if kind == "class" else styles if kind == "style" else exact.get(kind)
            if table is not None:
                table[value] = table.get(value, 0) | bit
            elif value in tag_ids:  # (a group with another tag is not walked: _tags_known)
                tags[tag_ids[value]] |= bit
    ids = facts.attr_ids
    return _vocab_nodes(native, body, classes, ((native.attr["id"], exact["id"]), (ids["role"], exact["role"]),
                                                (ids["itemprop"], exact["itemprop"])),
                        ids["style"], tuple(styles.items()), tags.tobytes())


@functools.cache
def _tag_ids(native: Any) -> dict[str, int]:
    return {name: i for i, name in enumerate(native.tag_names) if name}


def _tags_known(native: Any, group: tuple[str, ...]) -> bool:
    """The walk knows Lexbor's id of every tag of ``group``."""
    return all(value in _tag_ids(native) for kind, value in _GROUP_PARTS[group] or () if kind == "tag")


def _vocab_nodes(native: Any, root: Any, classes: dict[str, int], exact: tuple[Any, ...] = (),
                 style_id: int = 0, styles: tuple[tuple[str, int], ...] = (), tags: bytes = b"") -> list[Any]:
    from selectolax.lexbor import LexborNode

    # (Cython's table of LexborNode's C methods: the C walk makes nodes with it)
    vtable = LexborNode.__pyx_vtable__  # type: ignore[attr-defined]
    return native.walk.vocab_nodes(  # type: ignore[no-any-return]
        root, vtable, native.attr["class"], classes, exact, style_id, styles, tags)


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
            ours = _vocab_nodes(native, body, classes, ((native.attr["id"], idents),))
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


def _under_same_kind(node: Any, marks: Mapping[int, Any]) -> bool:
    """A strict ancestor of ``node`` in ``marks`` has its tag and a class of it."""
    classes = set((node.attributes.get("class") or "").split())
    up = node.parent
    while up is not None:
        if up.mem_id in marks and up.tag == node.tag \
                and not classes.isdisjoint((up.attributes.get("class") or "").split()):
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
        nodes = group_nodes(doc, _CONTENT_INSIDE)
        holders = doc.scratch["content_holders"] = native.walk.ancestors([n.mem_id for n in nodes])
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
    # Spare a match nested in a spared match of the same tag and class: a reply thread
    # repeats the markup of the thread that is the page; other parts are judged alone.
    spare_nested: ClassVar[bool] = False

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
        spared: dict[int, Any] = {}
        for node in self.matches(doc, body):
            # Inside a subtree already dropped: the outermost drop owns it anyway.
            if drops and _under(node, drops, native):
                continue
            if self.keep(node, doc):
                continue
            if spared and _under_same_kind(node, spared):
                continue
            chars = text_chars(node)
            if chars > limit:
                if self.spare_nested:
                    spared[node.mem_id] = node
                continue
            if chars > MIN_PROSE_CHARS:
                if prose_limit is None:
                    prose_limit = max(MIN_PROSE_CHARS, self.max_prose_share * page_prose(doc))
                if prose_chars(node) > prose_limit:
                    if self.spare_nested:
                        spared[node.mem_id] = node
                    continue
            doc.drop_node(node, self.name, self.reason(node))
