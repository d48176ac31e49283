"""Cut a page into blocks: text by lines, HTML by block elements.

HTML segmentation never walks the DOM node by node in Python. Instead it
brackets every block element (and every element a DOM filter marked) with
sentinel characters in one CSS query, takes the whole text in one call to
Lexbor (``body.text()``), and reads the block structure back from the
sentinels with one regular expression. Python work is per block element,
not per node.

The sentinels are Unicode noncharacters (U+FDD0..U+FDD5), which are
reserved for internal use and never valid in a document; any found in the
input are replaced before parsing.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Block, Document, Element

OPEN, OPEN_END, CLOSE, LINK_OPEN, LINK_CLOSE, BREAK = (
    "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3", "\ufdd4", "\ufdd5",
)
NONCHARACTERS = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")
_TOKEN = re.compile("\ufdd0(\\d+)\ufdd1|([\ufdd2-\ufdd5])")
_WS = re.compile(r"\s+")

#: Elements that start a new block. Everything else flows inline.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr "
    "legend li listing main menu nav ol p plaintext pre section summary table tbody td tfoot "
    "th thead tr ul xmp option".split()
)
#: Blocks that follow each other on consecutive lines rather than paragraphs.
LINE_TAGS = frozenset("li dt dd td th tr option".split())
#: Subtrees that never hold readable text; removed in C before anything else.
NON_TEXT_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "map", "head", "title", "select", "button", "input",
    "textarea",
)
_BLOCK_SELECTOR = ",".join(sorted(BLOCK_TAGS - {"body"}))


def segment_text(doc: Document, text: str) -> Document:
    """Text mode: one block per non-blank line; blank lines set the gap."""
    blocks = doc.blocks
    gap = 0
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if not line.strip():
            gap += 1
            continue
        blocks.append(Block(len(blocks), line, gap=min(2, gap + 1) if blocks else 0))
        gap = 0
    return doc


def parse(markup: str) -> Any:
    """Parse once with Lexbor."""
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(markup)


def drop_non_text(tree: Any) -> None:
    """Remove, in C, the subtrees that never hold readable text."""
    tree.strip_tags(list(NON_TEXT_TAGS))


def segment_html(doc: Document) -> Document:
    """HTML mode: blocks from the tree in ``doc.tree``, honouring DOM marks."""
    tree = doc.tree
    body = tree.body if tree is not None else None
    if body is None:
        return doc
    elements = doc.elements
    drops: dict[int, tuple[str, str]] = {}
    inline: set[int] = set()
    seen: set[int] = set()

    def bracket(node: Any, tag: str) -> None:
        idx = len(elements)
        mid = node.mem_id
        seen.add(mid)
        elements.append(Element(tag, -1, 0))
        hint = doc.dom_hints.get(mid)
        if hint is not None:
            elements[idx].hints = hint[0]
        mark = doc.dom_drops.get(mid)
        if mark is not None:
            drops[idx] = (mark[0], mark[1])
        node.insert_before(f"{OPEN}{idx}{OPEN_END}")
        node.insert_after(CLOSE)

    for node in body.css(_BLOCK_SELECTOR):
        bracket(node, node.tag)
    for marks in (doc.dom_drops, doc.dom_hints):
        for mid, mark in marks.items():
            if mid not in seen:
                node = mark[-1]
                if node.tag not in ("body", "html"):
                    inline.add(len(elements))
                    bracket(node, node.tag)
    for node in body.css("a[href]"):
        node.insert_before(LINK_OPEN)
        node.insert_after(LINK_CLOSE)
    for node in body.css("br"):
        node.insert_after(BREAK)
    _read_back(doc, body.text(deep=True), drops, inline)
    return doc


def _read_back(doc: Document, text: str, drops: dict[int, tuple[str, str]],
               inline: set[int]) -> None:
    """Rebuild blocks from the sentinel-bracketed text of the whole body."""
    elements, blocks = doc.elements, doc.blocks
    stack: list[int] = []  # open element indexes
    buf: list[str] = []
    link_chars = 0
    in_link = 0
    gap = 0
    pre_depth = 0  # open <pre> elements: whitespace is kept inside them
    owner: tuple[str, str] | None = None  # (filter, reason) of the drop region
    owner_depth = -1
    pending: list[Block] = []  # dropped inline fragments, emitted after their block

    def flush(next_gap: int) -> None:
        nonlocal buf, link_chars, gap
        raw = "".join(buf)
        buf = []
        el = stack[-1] if stack else -1
        tag = elements[el].tag if el >= 0 else "body"
        if pre_depth:
            lines = [raw.replace(BREAK, "\n").strip("\n")] if raw.strip() else []
        else:
            lines = [" ".join(part.split()) for part in raw.split(BREAK)]
        first = True
        for line in lines:
            if line:
                b = Block(len(blocks), line, tag, el, gap=gap if first else 1)
                if first:
                    b.link_chars = min(link_chars, len(line))
                if owner is not None:
                    b.drop(*owner)
                blocks.append(b)
                first = False
                gap = 0
            elif not first:
                gap = max(gap, 1)
        link_chars = 0
        for b in pending:
            b.index = len(blocks)
            blocks.append(b)
        pending.clear()
        gap = max(gap, next_gap) if blocks else 0

    pos = 0
    for m in _TOKEN.finditer(text):
        chunk = text[pos:m.start()]
        pos = m.end()
        if chunk:
            buf.append(chunk)
            if in_link:
                link_chars += len(chunk.strip())
        idx_s, sym = m.groups()
        if idx_s is not None:
            idx = int(idx_s)
            el = elements[idx]
            el.parent = stack[-1] if stack else -1
            el.depth = len(stack)
            if idx in inline and owner is None and idx in drops:
                # An inline element dropped by a DOM filter: cut it out of
                # the running paragraph and keep it as a dropped fragment.
                stack.append(idx)
                saved, buf = buf, []
                owner, owner_depth = drops[idx], len(stack)
                _collect_inline(text, m.end(), doc, stack, pending, owner, saved)
                buf = saved
                owner, owner_depth = None, -1
                stack.pop()
                pos = _skip_to_close(text, m.end())
                continue
            if idx not in inline:
                flush(1 if el.tag in LINE_TAGS else 2)
            stack.append(idx)
            if el.tag in ("pre", "listing", "xmp", "plaintext"):
                pre_depth += 1
            if owner is None and idx in drops:
                owner, owner_depth = drops[idx], len(stack)
        elif sym == CLOSE:
            if not stack:
                continue
            idx = stack[-1]
            el = elements[idx]
            if idx not in inline:
                flush(1 if el.tag in LINE_TAGS else 2)
            stack.pop()
            if el.tag in ("pre", "listing", "xmp", "plaintext"):
                pre_depth -= 1
            if owner is not None and len(stack) < owner_depth:
                owner, owner_depth = None, -1
        elif sym == LINK_OPEN:
            in_link += 1
        elif sym == LINK_CLOSE:
            in_link = max(0, in_link - 1)
        else:  # BREAK
            buf.append(BREAK)
    tail = text[pos:]
    if tail:
        buf.append(tail)
    flush(2)


def _skip_to_close(text: str, start: int) -> int:
    """Position just after the CLOSE that matches an OPEN ending at ``start``."""
    depth = 1
    for m in _TOKEN.finditer(text, start):
        if m.group(1) is not None:
            depth += 1
        elif m.group(2) == CLOSE:
            depth -= 1
            if depth == 0:
                return m.end()
    return len(text)


def _collect_inline(text: str, start: int, doc: Document, stack: list[int],
                    pending: list[Block], owner: tuple[str, str], saved: list[str]) -> None:
    """Text of a dropped inline element, as one dropped fragment block."""
    end = _skip_to_close(text, start)
    inner = _TOKEN.sub(" ", text[start:end])
    line = " ".join(inner.split())
    if line:
        b = Block(-1, line, doc.elements[stack[-1]].tag, stack[-1], gap=0)
        b.drop(*owner)
        pending.append(b)
    # keep a space where the fragment was, so the words around it stay apart
    saved.append(" ")
