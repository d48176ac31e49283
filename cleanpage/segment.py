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

import dataclasses
import functools
import re
from itertools import compress, starmap
from typing import Any

from .model import Block, Document, Element

OPEN, OPEN_END, CLOSE, LINK_OPEN, LINK_CLOSE, BREAK, IMAGE, GLUE = (
    "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3", "\ufdd4", "\ufdd5", "\ufdd6", "\ufdd7",
)
#: A link's or image's number rides in the character after its sentinel, as a
#: code point of plane 15 (private use): one character, never whitespace.
_NUMBER_BASE = 0xF0000
_MAX_NUMBERED = 0xFFFD
#: Attributes kept on ``Element.attrs`` for output formats, by tag.
KEPT_ATTRS = {"td": ("colspan", "rowspan"), "th": ("colspan", "rowspan"), "ol": ("start",),
              "pre": ("class",)}
_INLINE_MARK = re.compile("[\ufdd3\ufdd6].?|\ufdd4", re.S)
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
#: Blocks whose whitespace is kept as written.
_PRE_TAGS = frozenset(("pre", "listing", "xmp", "plaintext"))
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


def drop_non_text(tree: Any, noscript: bool = True) -> tuple[int, int]:
    """Remove the subtrees that never hold readable text, as
    ``tree.strip_tags(NON_TEXT_TAGS)`` does; returns the characters of text
    in ``<noscript>`` elements before (0 unless ``noscript``) and of the
    body's text after."""
    native = _native()
    root = tree.root
    if native is not None and native.remove and root is not None:
        head, body = tree.head, tree.body
        try:
            noscript_chars, body_chars, head_goes = native.walk.strip(
                root.mem_id, native.steps, head.mem_id if head is not None else 0, native.noscript_tag,
                body.mem_id if body is not None else 0, native.remove)
        except ValueError:  # no document node above <html>: the general path
            pass
        else:
            if head_goes:
                head.decompose(recursive=False)  # (Lexbor's cached head is re-pointed with it)
            else:
                tree.strip_tags([])  # (marks the tree edited, as strip_tags does)
            after = tree.body
            if after is None:
                body_chars = 0
            elif body is None or after.mem_id != body.mem_id:
                body_chars = native.walk.text_length(after.mem_id)
            return noscript_chars if noscript else 0, body_chars
    count = native.walk.text_length if native is not None else None
    noscript_chars = 0
    if noscript:
        for node in tree.css("noscript"):
            noscript_chars += count(node.mem_id) if count else len(node.text(deep=True))
    if native is None or root is None:
        tree.strip_tags(list(NON_TEXT_TAGS))
    else:
        # Lexbor walks the tree once per tag to strip: ask only for those present.
        present = native.walk.tags(root.mem_id, len(native.tag_names))
        tree.strip_tags([tag for tag, tag_id in native.non_text if present[tag_id]])
    body = tree.body
    if body is None:
        return noscript_chars, 0
    return noscript_chars, count(body.mem_id) if count else len(body.text(deep=True))


def segment_html(doc: Document) -> Document:
    """HTML mode: blocks from the tree in ``doc.tree``, honouring DOM marks."""
    tree = doc.tree
    body = tree.body if tree is not None else None
    if body is None:
        return doc
    native = _native()
    if native is not None:
        native.segment(doc, body)
    else:
        _segment_python(doc, body)
    return doc


_SENTINELS = re.compile("[\ufdd0-\ufdef]")


def _unspoof(body: Any) -> None:
    """Character references (``&#xFDD3;``) can put sentinels back into text
    nodes after the input was cleaned of them: make them U+FFFD, as the C
    walk does, so they never read as marks."""
    if not _SENTINELS.search(body.text(deep=True)):
        return
    nodes = [n for n in body.traverse(include_text=True)
             if n.tag == "-text" and _SENTINELS.search(n.text_content or "")]
    for node in nodes:  # (collected first: replacing during the walk is unsafe)
        node.replace_with(_SENTINELS.sub("\ufffd", node.text_content))


_GLUE_ENDS = frozenset(").],:;!?%")
_CURRENCY = re.compile("[$\u00a2-\u00a5\u20a0-\u20cf]")
_GLUE_RUN = re.compile(GLUE + "+")
#: Code is spaced by its author: ``<code>json.</code><code>JSONDecoder</code>``.
_CODE_TAGS = frozenset(("code", "kbd", "samp", "tt"))
_NOT_BOXES = BLOCK_TAGS | _CODE_TAGS | {"br", "img"}


_IN_PRE_OR_CODE = ", ".join(f"{tag} *" for tag in sorted(_PRE_TAGS | _CODE_TAGS))


def _mark_glue(body: Any, dom_drops: dict[int, Any]) -> None:
    """Put a GLUE mark between every two inline sibling elements with nothing
    but comments between them (outside ``pre``), where _glue may owe a space."""
    in_pre = {n.mem_id for n in body.css(_IN_PRE_OR_CODE)}
    boundaries = []
    for node in body.traverse():
        if (not node.is_element_node or node.tag in _NOT_BOXES or node.tag == "body" or node.mem_id in dom_drops
                or node.mem_id in in_pre):
            continue
        prev = node.prev
        while prev is not None and prev.tag == "-comment":
            prev = prev.prev
        if (prev is not None and prev.is_element_node and prev.tag not in _NOT_BOXES
                and prev.mem_id not in dom_drops):
            boundaries.append(node)
    for node in boundaries:  # (collected first: inserting during the walk is unsafe)
        node.insert_before(GLUE)


def _glue(text: str) -> str:
    """Words across inline boxes: where an inline element closes and the next
    opens with no text between them (``<span>Osprey</span><span>Atmos</span>``),
    a browser that lays the two out as separate boxes shows a gap, and
    reading them as one token ("OspreyAtmos") corrupts both words. The mark
    becomes a space when the text before it ends a word (lowercase letter,
    digit, closing punctuation) and the text after it starts one (uppercase
    letter, currency sign), so "Java<b>Script</b>", drop caps
    (``<b>T</b>he``), CJK and spaced text are left alone. Link marks are no
    text (the space falls between two links); any other mark (a block edge,
    a break, an image) stops the rule. ``<a>x</a><a>Y</a>`` gets a space
    too: two links are two boxes like any other pair."""
    if GLUE not in text:
        return text
    end = len(text)

    def space(m: re.Match[str]) -> str:
        i = m.start() - 1
        while i >= 0 and (text[i] == LINK_CLOSE or text[i] == GLUE):
            i -= 1
        j = m.end()
        while j < end and (text[j] == LINK_OPEN or text[j] == GLUE):
            j += 1
        if i < 0 or j >= end:
            return ""
        before, after = text[i], text[j]
        ends = before.islower() or before.isdigit() or before in _GLUE_ENDS
        return " " if ends and (after.isupper() or _CURRENCY.match(after)) else ""

    return _GLUE_RUN.sub(space, text)


def _segment_python(doc: Document, body: Any) -> None:
    """The reference implementation (and the fallback without the C walk)."""
    _unspoof(body)
    elements = doc.elements
    drops: dict[int, tuple[str, str]] = {}
    inline: set[int] = set()
    dom_drops, dom_hints = doc.dom_drops, doc.dom_hints
    marked = bool(dom_drops or dom_hints)
    _mark_glue(body, dom_drops)

    for node in body.css(_BLOCK_SELECTOR):
        idx = len(elements)
        el = Element(node.tag, -1, 0)
        elements.append(el)
        if marked:
            mid = node.mem_id
            if mid in dom_hints:
                el.hints = dom_hints[mid][0]
            if mid in dom_drops:
                drops[idx] = dom_drops[mid][:2]
        keep = KEPT_ATTRS.get(el.tag)
        if keep is not None:
            attrs = node.attributes
            el.attrs = {k: v for k in keep if (v := attrs.get(k))}
        node.insert_before(f"{OPEN}{idx}{OPEN_END}")
        node.insert_after(CLOSE)
    # Marked elements that are not block elements flow inline.
    for filter_name, reason, node in dom_drops.values():
        tag = node.tag
        if tag not in BLOCK_TAGS and tag != "html":
            idx = len(elements)
            elements.append(Element(tag, -1, 0))
            inline.add(idx)
            drops[idx] = (filter_name, reason)
            node.insert_before(f"{OPEN}{idx}{OPEN_END}")
            node.insert_after(CLOSE)
    hrefs: list[str] = []
    for node in body.css("a[href]"):
        node.insert_before(LINK_OPEN)
        node.insert_after(LINK_CLOSE)
        hrefs.append(node.attributes.get("href") or "")
    images: list[tuple[str, str]] = []
    for node in body.css("img[src]"):
        if len(images) >= _MAX_NUMBERED:
            break
        attrs = node.attributes
        node.insert_before(IMAGE)
        images.append((attrs.get("src") or "", " ".join((attrs.get("alt") or "").split())))
    for node in body.css("br"):
        node.insert_after(BREAK)
    _read_back(doc, _glue(body.text(deep=True)), drops, inline, hrefs, images)


def _unmark(line: str, hrefs: list[str], images: list[tuple[str, str]], pre: bool,
            ) -> tuple[str, list[tuple[int, int, str]] | None, list[tuple[int, str, str]] | None]:
    """Take the link and image marks out of a block's text: (text, links, images)."""
    out: list[str] = []
    size = 0
    links: list[tuple[int, int, str]] = []
    imgs: list[tuple[int, str, str]] = []
    opened: list[tuple[int, int]] = []  # (start, link number)
    pos = 0
    for m in _INLINE_MARK.finditer(line):
        piece = line[pos:m.start()]
        pos = m.end()
        if piece:
            if not pre and (not out or out[-1].endswith(" ")) and piece.startswith(" "):
                piece = piece.lstrip(" ")  # marks sat between two spaces
            out.append(piece)
            size += len(piece)
        tok = m.group(0)
        n = ord(tok[1]) - _NUMBER_BASE if len(tok) == 2 else -1
        if tok[0] == LINK_OPEN:
            opened.append((size, n))
        elif tok[0] == LINK_CLOSE:
            if opened:
                start, n = opened.pop()
                if 0 <= n < len(hrefs) and hrefs[n] and size > start:
                    links.append((start, size, hrefs[n]))
        elif 0 <= n < len(images):
            imgs.append((size, *images[n]))
    tail = line[pos:]
    if tail:
        if not pre and (not out or out[-1].endswith(" ")) and tail.startswith(" "):
            tail = tail.lstrip(" ")
        out.append(tail)
    text = "".join(out)
    if not pre and text.endswith(" "):
        text = text.rstrip(" ")
    end = len(text)
    links = [(min(a, end), min(b, end), h) for a, b, h in links if min(a, end) < min(b, end)]
    imgs = [(min(o, end), src, alt) for o, src, alt in imgs]
    return text, (sorted(links) or None), (imgs or None)


_SPLIT = re.compile("(\ufdd0\\d+\ufdd1|[\ufdd2-\ufdd6])")


def _read_back(doc: Document, text: str, drops: dict[int, tuple[str, str]],
               inline: set[int], hrefs: list[str] | None = None,
               images: list[tuple[str, str]] | None = None) -> None:
    """Rebuild blocks from the sentinel-bracketed text of the whole body.

    This loop is the one place that runs per element; it is kept flat and
    allocation-light on purpose.
    """
    elements, blocks = doc.elements, doc.blocks
    stack: list[int] = []  # open element indexes
    buf: list[str] = []  # text of the block being built
    link_chars = 0
    in_link = 0
    gap = 0  # separator owed before the next block
    pre = 0  # open <pre>-like elements: whitespace is kept inside them
    owner: tuple[str, str] | None = None  # (filter, reason) of the drop region
    owner_depth = -1
    pending: list[Block] = []  # dropped inline fragments, emitted after their block
    saved: list[tuple[list[str], int]] = []  # outer text around an inline drop
    hrefs = hrefs or []
    images = images or []
    n_links = n_images = 0
    marked = False  # a link or image mark went into the text since the last check
    carried: list[tuple[int, str, str]] = []  # images of a line without text

    def emit(raw: str, links: int, drop: tuple[str, str] | None, first_gap: int) -> int:
        """Append the block(s) of ``raw``; returns the gap owed afterwards."""
        el = stack[-1] if stack else -1
        tag = elements[el].tag if el >= 0 else "body"
        if pre:
            lines = [raw.replace(BREAK, "\n").strip("\n")]
        elif BREAK in raw:
            lines = [" ".join(part.split()) for part in raw.split(BREAK)]
        else:
            lines = [" ".join(raw.split())]
        g = first_gap
        for line in lines:
            found_links = found_images = None
            if marked and _INLINE_MARK.search(line):
                line, found_links, found_images = _unmark(line, hrefs, images, bool(pre))
            if not line:
                if found_images:  # an image on its own: it goes with the next text
                    carried.extend((0, src, alt) for _, src, alt in found_images)
                g = max(g, 1)
                continue
            if carried:
                found_images = carried[:] + (found_images or [])
                carried.clear()
            b = Block(len(blocks), line, tag, el, min(links, len(line)), g if blocks else 0)
            b.links, b.images = found_links, found_images
            if drop is not None:
                b.dropped_by, b.reason = drop
            blocks.append(b)
            links = 0
            g = 1
        return 0 if g == 1 else g

    parts = _SPLIT.split(text)
    chunk = parts[0]
    if chunk and not chunk.isspace():
        buf.append(chunk)
    for i in range(1, len(parts), 2):
        tok = parts[i]
        c = tok[0]
        if c == OPEN:
            idx = int(tok[1:-1])
            el = elements[idx]
            el.parent = stack[-1] if stack else -1
            el.depth = len(stack)
            if in_link:
                # A block inside a link: a card (teaser, listing item), whose
                # text is the item itself rather than a navigation label.
                el.in_link = True
            if idx in inline:
                stack.append(idx)
                if owner is None:
                    # A dropped inline element: set the paragraph aside, collect
                    # the fragment on its own, and resume the paragraph after it.
                    saved.append((buf, link_chars))
                    buf, link_chars = [], 0
                    owner, owner_depth = drops[idx], len(stack)
            else:
                if saved:
                    # A block inside a dropped inline element: the paragraph
                    # set aside around it comes first in source order.
                    for k, (outer, outer_links) in enumerate(saved):
                        if outer:
                            gap = emit("".join(outer), outer_links, None, gap)
                            saved[k] = ([], 0)
                if buf:
                    gap = emit("".join(buf), link_chars, owner, gap)
                    buf, link_chars = [], 0
                    blocks.extend(pending)
                    pending.clear()
                gap = max(gap, 1 if el.tag in LINE_TAGS else 2)
                stack.append(idx)
                if el.tag in _PRE_TAGS:
                    pre += 1
                if owner is None and idx in drops:
                    owner, owner_depth = drops[idx], len(stack)
        elif c == CLOSE:
            if stack:
                idx = stack[-1]
                tag = elements[idx].tag
                if idx in inline:
                    if owner is not None and len(stack) == owner_depth and saved:
                        line = " ".join("".join(buf).replace(BREAK, " ").split())
                        if marked:
                            line = _unmark(line, hrefs, images, False)[0]
                        if line:
                            b = Block(-1, line, tag, idx, gap=0)
                            b.dropped_by, b.reason = owner
                            pending.append(b)
                        buf, link_chars = saved.pop()
                        if buf:
                            buf.append(" ")
                        owner, owner_depth = None, -1
                    stack.pop()
                else:
                    if buf:
                        gap = emit("".join(buf), link_chars, owner, gap)
                        buf, link_chars = [], 0
                        blocks.extend(pending)
                        pending.clear()
                    gap = max(gap, 1 if tag in LINE_TAGS else 2)
                    stack.pop()
                    if tag in _PRE_TAGS:
                        pre -= 1
                    if owner is not None and len(stack) < owner_depth:
                        owner, owner_depth = None, -1
        elif c == LINK_OPEN:
            in_link += 1
            if n_links < _MAX_NUMBERED:
                buf.append(LINK_OPEN + chr(_NUMBER_BASE + n_links))
                marked = True
            n_links += 1
        elif c == LINK_CLOSE:
            in_link = max(0, in_link - 1)
            buf.append(LINK_CLOSE)
        elif c == IMAGE:
            if n_images < len(images):
                buf.append(IMAGE + chr(_NUMBER_BASE + n_images))
                marked = True
            n_images += 1
        elif buf:  # BREAK inside a paragraph
            buf.append(BREAK)
        chunk = parts[i + 1]
        if chunk and (buf or not chunk.isspace()):
            buf.append(chunk)
            if in_link:
                link_chars += len(chunk.strip())
    while saved:  # unbalanced input: put set-aside text back
        outer, _ = saved.pop()
        buf = outer + buf
    if buf:
        emit("".join(buf), link_chars, owner, gap)
    blocks.extend(pending)
    for i, b in enumerate(blocks):
        b.index = i


# ---- the native walk ------------------------------------------------------

#: Tag classes shared with _walk.c.
_C_BLOCK, _C_LINE, _C_PRE, _C_KEEP, _C_LINK, _C_IMG, _C_BR, _C_CODE = 1, 2, 4, 8, 16, 32, 64, 128
#: Tags the walk learns the ids of, so PageFacts can tell their absence
#: (``time``: the metadata's date queries).
_KNOWN_TAGS = BLOCK_TAGS | _CODE_TAGS | {"a", "img", "br", "time", *NON_TEXT_TAGS}
#: A tag, or one attribute test: ``[role="main"]``, ``[itemprop=text]``, ``[style*="x" i]``.
_SIMPLE = re.compile(r'^(?:([a-z][a-z0-9]*)|\[(role|itemprop|style)\s*(\*?=)\s*"?([^"\]]*)"?(?:\s+i)?\])$')
_KEPT_NAMES = tuple(sorted({name for names in KEPT_ATTRS.values() for name in names}))
#: The walk's element rows are (tag, parent, depth, in_link); the other
#: fields take their defaults. Its block rows have every field.
_ELEMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Element))
_ELEMENT_DEFAULTS = tuple(f.default for f in dataclasses.fields(Element)[4:])
_BLOCK_FIELDS = tuple(f.name for f in dataclasses.fields(Block))


class _Native:
    """The C walk (cleanpage/_walk.c) with the Lexbor tag and attribute ids
    it needs, learnt from nodes created by selectolax rather than hard-coded,
    so the table follows whatever Lexbor version selectolax bundles."""

    def __init__(self, walk: Any) -> None:
        self.walk = walk
        tree = parse("<html><body></body></html>")
        ids: dict[str, int] = {}
        for tag in sorted(_KNOWN_TAGS):
            kind, tag_id, _, _ = walk.probe(tree.create_node(tag).mem_id)
            if kind != 1:
                raise RuntimeError(f"unexpected node type {kind} for <{tag}>")
            ids[tag] = tag_id
        if len(set(ids.values())) != len(ids) or max(ids.values()) > 4096:
            raise RuntimeError("tag ids are not small distinct numbers")
        table = bytearray(max(ids.values()) + 1)
        for tag, tag_id in ids.items():
            cls = 0
            if tag in BLOCK_TAGS and tag != "body":
                cls |= _C_BLOCK
            if tag in LINE_TAGS:
                cls |= _C_LINE
            if tag in _PRE_TAGS:
                cls |= _C_PRE
            if tag in KEPT_ATTRS:
                cls |= _C_KEEP
            if tag in _CODE_TAGS:
                cls |= _C_CODE
            cls |= {"a": _C_LINK, "img": _C_IMG, "br": _C_BR}.get(tag, 0)
            table[tag_id] = cls
        self.classes = bytes(table)
        self.non_text = [(tag, ids[tag]) for tag in NON_TEXT_TAGS]
        steps = bytearray(len(table))
        for step, tag in enumerate(NON_TEXT_TAGS, 1):
            steps[ids[tag]] = step
        self.steps, self.noscript_tag = bytes(steps), ids["noscript"]
        #: Lexbor's (fixed) ids of the tags of metadata's common query (see facts()).
        self.common_tags = tuple(walk.probe(tree.create_node(tag).mem_id)[1] for tag in ("script", "meta", "h1"))
        self.remove = _lexbor_function("lxb_dom_node_remove")
        self.p_tag = walk.probe(tree.create_node("p").mem_id)[1]
        self.tag_names = [""] * len(table)
        for tag, tag_id in ids.items():
            self.tag_names[tag_id] = tag
        names = ("href", "src", "alt", "id", "class")
        node = tree.create_node("a")
        for i, name in enumerate(names):
            node.attrs[name] = str(i)
        _, _, attrs, _ = walk.probe(node.mem_id)
        by_value = {value: attr_id for attr_id, value in attrs}
        self.attr = {name: by_value[str(i)] for i, name in enumerate(names)}
        # Kept attributes with fixed ids go to the walk by id; it reports all
        # with per-document ids, named after the walk (see segment()).
        for name in _KEPT_NAMES:
            node.attrs[name] = name
        self.kept_fixed = tuple(attr_id for attr_id, value in walk.probe(node.mem_id)[2]
                                if value in _KEPT_NAMES and attr_id <= 4096)
        # Lexbor gives well-known attributes fixed small ids; others get
        # per-document ids, which a walk could not compare.
        if max(self.attr.values()) > 4096:
            raise RuntimeError("attribute ids are not fixed")
        # The walk makes the Elements and Blocks itself (their slots set
        # directly) when that gives what their constructors give.
        self.makers: tuple[Any, ...] | None = None
        try:
            build = functools.partial(walk.build, Element, _ELEMENT_FIELDS)
            el = ("div", -1, 0, False)
            block: tuple[Any, ...] = (0, "t", "p", 1, 2, 3, "f", "r", [], [])
            if (build([el], _ELEMENT_DEFAULTS) == [Element(*el)] and
                    walk.build(Block, _BLOCK_FIELDS, [block], ()) == [Block(*block)]):
                self.makers = (Element, _ELEMENT_FIELDS, _ELEMENT_DEFAULTS, Block, _BLOCK_FIELDS, ())
        except (TypeError, ValueError):
            pass

    def segment(self, doc: Document, body: Any) -> None:
        dom_drops, dom_hints = doc.dom_drops, doc.dom_hints
        reasons: list[tuple[str, str]] = []
        marks: dict[int, int] | None = None
        if dom_drops or dom_hints:
            marks = dict.fromkeys(dom_hints, -1)
            for mid, (filter_name, reason, _) in dom_drops.items():
                marks[mid] = len(reasons)
                reasons.append((filter_name, reason))
        a = self.attr
        els, blocks, marked, attrs = self.walk.segment(
            body.mem_id, self.classes, self.tag_names, marks, reasons, a["href"], a["src"], a["alt"],
            self.kept_fixed, self.makers)
        elements = doc.elements
        elements.extend(els if self.makers else starmap(Element, els))
        renamed = False
        for idx, mid in marked:
            el = elements[idx]
            if mid in dom_drops and el.tag not in BLOCK_TAGS:
                el.tag = dom_drops[mid][2].tag  # an inline element a filter dropped
                renamed = True
            elif mid in dom_hints:
                el.hints = dom_hints[mid][0]
        if attrs:
            # Attributes such as colspan have per-document ids in Lexbor: a
            # node created in this document with them tells their ids here.
            probe = body.parser.create_node("td")
            for name in _KEPT_NAMES:
                probe.attrs[name] = name
            attr_names = {attr_id: name for attr_id, name in self.walk.probe(probe.mem_id)[2]}
            for idx, pairs in attrs:
                el = elements[idx]
                found = {attr_names[k]: v for k, v in pairs if k in attr_names}
                el.attrs = {k: v for k in KEPT_ATTRS[el.tag] if (v := found.get(k))}
        out = doc.blocks
        out.extend(blocks if self.makers else starmap(Block, blocks))
        if renamed:  # blocks of dropped inline elements take the element's tag
            for b in out:
                if not b.tag:
                    b.tag = elements[b.element].tag

    def facts(self, body: Any) -> PageFacts:
        """What the DOM filters' queries could match under ``body`` (one C pass)."""
        return self._names(body, None)[0]

    def facts_and_common(self, root: Any, vtable: Any) -> tuple[PageFacts, tuple[list[Any], list[Any], list[Any]]]:
        """facts(root), and from the same pass the nodes of Lexbor's query
        ``script[type="application/ld+json" i], meta[content], h1`` under
        ``root``: (scripts, metas, h1s), each in document order. ``vtable``:
        ``LexborNode.__pyx_vtable__``, with which the walk makes the nodes (they
        point into the tree: use them only while it is unchanged)."""
        return self._names(root, vtable)  # type: ignore[return-value]

    def _names(self, body: Any, vtable: Any) -> tuple[PageFacts, Any]:
        probe = body.parser.create_node("div")
        names = ("role", "itemprop", "style") if vtable is None else ("role", "itemprop", "style", "type", "content",
                                                                        "rel")
        for name in names:
            probe.attrs[name] = name
        ids = {value: attr_id for attr_id, value in self.walk.probe(probe.mem_id)[2]}
        common = None if vtable is None else (body, vtable, *self.common_tags, ids["type"], ids["content"],
                                              ids["rel"], self.attr["href"])
        classes, idents, tags, roles, props, styles, *nodes = self.walk.names(
            body.mem_id, self.attr["class"], self.attr["id"], ids["role"], ids["itemprop"],
            ids["style"], len(self.tag_names), *([common] if common else []))
        present = set(compress(self.tag_names, tags))  # (the names of the tags flagged present)
        present.discard("")
        facts = PageFacts(classes, idents, present, set(roles.lower().split("\n")),
                          set(props.lower().split("\n")), styles.lower())
        facts.attr_ids = ids
        if not nodes:
            return facts, None
        facts.author_links = nodes[1]
        return facts, nodes[0]


def _lexbor_function(name: str) -> int:
    """The address of a function of the Lexbor that selectolax bundles (its
    extension exports them), or 0."""
    try:
        import ctypes

        from selectolax import lexbor

        return ctypes.cast(getattr(ctypes.CDLL(lexbor.__file__), name), ctypes.c_void_p).value or 0
    except (ImportError, OSError, AttributeError):
        return 0


@functools.lru_cache(maxsize=1024)
def _parsed_selector(selector: str) -> tuple[str, str, str, str] | None:
    """(tag, attribute, operator, value) of a simple selector (cached: the
    filters ask about the same few dozen on every page)."""
    m = _SIMPLE.match(selector)
    return None if m is None else m.groups()  # type: ignore[return-value]


class PageFacts:
    """A page's distinct class names and ids (each set joined by newlines),
    and which tags, roles, itemprops and style text it has, so a filter can
    leave out of its CSS query the selectors that cannot match (Lexbor's
    cost grows with each selector)."""

    __slots__ = ("classes", "ids", "tags", "roles", "itemprops", "styles", "attr_ids", "author_links")

    def __init__(self, classes: str, ids: str, tags: set[str], roles: set[str],
                 itemprops: set[str], styles: str) -> None:
        self.classes, self.ids, self.tags = classes, ids, tags
        self.roles, self.itemprops, self.styles = roles, itemprops, styles
        #: Lexbor's ids of the role, itemprop and style attributes in this
        #: page's document (they differ from one document to the next).
        self.attr_ids: dict[str, int] = {}
        #: Bit 1: a ``rel`` value may hold "author"; bit 2: an ``href`` may
        #: hold "/author" or "/writer" (both set when not looked at).
        self.author_links = 3

    def may_match(self, selector: str) -> bool:
        """False only when the simple selector surely matches nothing here:
        ``tag``, ``[role=v]``, ``[itemprop=v]``, ``[style*="v" i]`` (others: True)."""
        parsed = _parsed_selector(selector)
        if parsed is None:
            return True
        tag, attr, op, value = parsed
        if tag:
            return tag in self.tags or tag not in _KNOWN_TAGS
        if attr == "style":
            return op != "*=" or value.lower() in self.styles
        if op != "=":
            return True
        # (lower-cased on both sides: a superset of what Lexbor may match)
        return value.lower() in (self.roles if attr == "role" else self.itemprops)


_NATIVE: list[_Native | None] = []
#: Documents the walk is checked on at first use: if the C walk and the
#: Python reference disagree on any of them, the Python path is used.
_SELF_CHECK = (
    ('<div id="a" class="x y"><p>One <a href="/u">link</a> and <b>bold</b>.</p>'
     '<ul><li>item <img src="i.png" alt=" an  image "> two</li><li>three<br>four</li></ul>'
     '<pre class="code">  keep\n   spaces </pre><table><tr><td colspan="2">cell</td></tr></table>'
     '<p>caf\u00e9 \u00a0 na\u00efve\u3000end</p><span>inline <div>block in inline</div> tail</span>'
     '<p><span>brand</span><!-- --><span>Name</span><a href="/v">one</a><a href="/w">Two</a></p></div>'),
)


#: selectolax releases whose bundled Lexbor the struct layout was checked
#: against; others use the Python path unless ``CLEANPAGE_NATIVE=force``
#: (reading a changed layout could crash before the self-check can tell).
CHECKED_SELECTOLAX = ("1.0.",)


def _native() -> _Native | None:
    """The C walk, once checked; None when unavailable or disabled
    (``CLEANPAGE_NATIVE=0``)."""
    if _NATIVE:
        return _NATIVE[0]
    import os

    import selectolax

    native: _Native | None = None
    setting = os.environ.get("CLEANPAGE_NATIVE", "1")
    version = str(getattr(selectolax, "__version__", ""))
    if setting == "force" or (setting != "0" and version.startswith(CHECKED_SELECTOLAX)):
        try:
            from . import _walk  # type: ignore[attr-defined]

            native = _Native(_walk)
            for html in _SELF_CHECK:
                if _blocks_of(html, native) != _blocks_of(html, None):
                    raise RuntimeError("native walk disagrees with the reference")
        except Exception:  # no compiler at install time, or another Lexbor layout
            native = None
    _NATIVE.append(native)
    return native


def _blocks_of(html: str, native: _Native | None) -> list[tuple[Any, ...]]:
    doc = Document("html")
    tree = parse(html)
    body = tree.body
    if native is not None:
        native.segment(doc, body)
    else:
        _segment_python(doc, body)
    return [(b.text, b.tag, b.link_chars, b.gap, b.links, b.images) for b in doc.blocks]
