"""Render kept blocks as text, Markdown or minimal HTML.

Every format is built from the same kept blocks, in their order. Text joins
them with line breaks. Markdown and HTML first rebuild the structure the
blocks came from, using only what segmentation recorded: each block's
element and the element tree (tag, parent). Headings take their level from
the tag; lists nest by their ``ul``/``ol``/``li`` ancestors; a table whose
cells hold only short text becomes a table (layout tables, which hold
lists, headings or other tables, are read as paragraphs); ``pre`` text is
kept verbatim in a fenced code block; ``blockquote`` quotes.

Links and images need more than the block text: when segmentation records
them (``Block.links`` as ``(start, end, href)`` spans of the text,
``Block.images`` as ``(offset, src, alt)``, ``Element.attrs`` for
``colspan``/``start``/``class``) the renderers use them; without them the
options change nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urljoin

from .model import Block, Document, Element

Format = Literal["text", "markdown", "html"]
FORMATS: tuple[str, ...] = ("text", "markdown", "json", "html")

_SEPARATORS = {0: " ", 1: "\n", 2: "\n\n"}

HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
LIST_TAGS = frozenset(("ul", "ol", "menu", "dir"))
PRE_TAGS = frozenset(("pre", "listing", "xmp", "plaintext"))
CELL_TAGS = frozenset(("td", "th"))
#: Elements that make a table a layout table (read as paragraphs, not cells).
LAYOUT_SIGNS = frozenset(("table", "ul", "ol", "pre", "blockquote", "dl", "form", "article", "section",
                          "h1", "h2", "h3", "h4", "h5", "h6"))
_LANG_CLASS = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")


def render_text(blocks: Iterable[Block]) -> str:
    """Kept blocks in order; the separator before a block is the widest gap
    since the previous kept block, so removing a block never glues two
    paragraphs together. Ends with a newline unless empty."""
    out: list[str] = []
    gap = 0
    for b in blocks:
        if b.gap > gap:  # (a comparison: max() is a call per block)
            gap = b.gap
        if b.dropped_by is None:
            if out:
                out.append(_SEPARATORS[gap if gap < 2 else 2])
            out.append(b.text)
            gap = 0
    return "".join(out) + "\n" if out else ""


def render(doc: Document, format: str = "text", *, links: bool = False, images: bool = False) -> str:
    """The kept content of ``doc`` as ``text``, ``markdown`` or ``html``.

    Args:
        doc: a cleaned document.
        format: ``"text"``, ``"markdown"`` or ``"html"``.
        links: keep link targets (Markdown ``[text](href)``, HTML ``<a>``).
        images: keep images (Markdown ``![alt](src)``, HTML ``<img>``).
    """
    if format == "text":
        return render_text(doc.blocks)
    if format == "markdown":
        return render_markdown(doc, links=links, images=images)
    if format == "html":
        return render_html(doc, links=links, images=images)
    raise ValueError(f"format must be one of text, markdown, html; not {format!r}")


# --------------------------------------------------------------------------
# Structure: kept blocks -> a small tree of headings, paragraphs, lists, ...


@dataclass
class Node:
    """One piece of rebuilt structure.

    ``kind`` is ``root``, ``heading``, ``para``, ``code``, ``list``,
    ``item``, ``quote`` or ``table``. Headings and paragraphs hold
    ``lines``, each a list of blocks joined by spaces (lines are hard line
    breaks); code holds its verbatim ``text``; tables hold ``rows`` of cells,
    each cell a list of blocks, and a cell's column span in ``spans``.
    """

    kind: str
    children: list[Node] = field(default_factory=list)
    lines: list[list[Block]] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    start: int = 1
    text: str = ""
    lang: str = ""
    rows: list[list[list[Block]]] = field(default_factory=list)
    spans: list[list[int]] = field(default_factory=list)
    header: bool = False
    key: Any = None  # the element (or table) the node came from


def _attrs(el: Element) -> dict[str, str]:
    attrs = getattr(el, "attrs", None)
    return attrs if isinstance(attrs, dict) else {}


def _int_attr(el: Element, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(str(_attrs(el).get(name, default)).strip())
    except ValueError:
        return default
    return min(max(value, low), high)


class _Tree:
    """Element-tree lookups, computed once per document (per element, not per node)."""

    def __init__(self, doc: Document) -> None:
        self.elements = doc.elements
        self.children: dict[int, list[int]] = {}
        for i, el in enumerate(self.elements):
            self.children.setdefault(el.parent, []).append(i)
        self._chains: dict[int, tuple[int, ...]] = {}
        self._data: dict[int, bool] = {}

    def chain(self, idx: int) -> tuple[int, ...]:
        """Ancestors of element ``idx``, outermost first, ending with ``idx``."""
        if idx < 0 or idx >= len(self.elements):
            return ()
        got = self._chains.get(idx)
        if got is not None:
            return got
        # walk up to the nearest ancestor already known (no recursion: deep pages)
        path: list[int] = []
        i = idx
        while 0 <= i < len(self.elements) and i not in self._chains and len(path) <= len(self.elements):
            path.append(i)
            parent = self.elements[i].parent
            i = parent if parent != i else -1
        base = self._chains.get(i, ())
        for j in reversed(path):
            base = base + (j,)
            self._chains[j] = base
        return base

    def tag(self, idx: int) -> str:
        return self.elements[idx].tag

    def rows(self, table: int) -> list[int]:
        """``tr`` elements of ``table`` (not of tables nested in it), in order."""
        out: list[int] = []
        todo = list(reversed(self.children.get(table, [])))
        while todo:
            i = todo.pop()
            tag = self.tag(i)
            if tag == "tr":
                out.append(i)
            elif tag in ("thead", "tbody", "tfoot"):
                todo.extend(reversed(self.children.get(i, [])))
        return out

    def cells(self, row: int) -> list[int]:
        return [i for i in self.children.get(row, []) if self.tag(i) in CELL_TAGS]

    def is_data_table(self, table: int) -> bool:
        """A grid of short cells (not a page laid out with a table)."""
        got = self._data.get(table)
        if got is None:
            rows = self.rows(table)
            got = len(rows) >= 2 and max(len(self.cells(r)) for r in rows) >= 2
            todo = list(self.children.get(table, []))
            while got and todo:
                i = todo.pop()
                if self.tag(i) in LAYOUT_SIGNS:
                    got = False
                todo.extend(self.children.get(i, []))
            self._data[table] = got
        return got


def build(doc: Document) -> Node:
    """Rebuild the structure of the kept blocks of ``doc`` as a tree of nodes."""
    tree = _Tree(doc)
    root = Node("root")
    stack: list[Node] = [root]
    last_block: Block | None = None
    gap = 0
    tables_done: set[int] = set()
    table_blocks: dict[int, list[Block]] = {}
    kept = [b for b in doc.blocks if b.dropped_by is None]
    # blocks of each data table, gathered up front: a table is built whole
    block_table: dict[int, int] = {}
    for b in kept:
        table = _data_table(tree, b.element)
        if table is not None:
            block_table[b.index] = table
            table_blocks.setdefault(table, []).append(b)

    for b in doc.blocks:
        gap = max(gap, b.gap)
        if b.dropped_by is not None:
            continue
        chain = tree.chain(b.element)
        table = block_table.get(b.index)
        if table is not None:
            outer = chain[: chain.index(table)]
            if table not in tables_done:
                tables_done.add(table)
                parent = _sync(stack, _containers(tree, outer), tree)
                caption, node = _table(tree, table, table_blocks[table])
                if caption:
                    _add(parent, Node("para", lines=[caption]))
                _add(parent, node)
            last_block = None
            gap = 0
            continue
        parent = _sync(stack, _containers(tree, chain), tree)
        pre = next((i for i in chain if tree.tag(i) in PRE_TAGS), None)
        prev = _last_leaf(parent)
        if pre is not None:
            if prev is not None and prev.kind == "code" and prev.key == pre:
                prev.text += "\n" + b.text
            else:
                lang = _lang(tree, chain)
                _add(parent, Node("code", text=b.text, lang=lang, key=pre))
        else:
            heading = next((tree.tag(i) for i in chain[-2:] if tree.tag(i) in HEADING_TAGS), None)
            if heading is None and b.tag in HEADING_TAGS:
                heading = b.tag
            kind = "heading" if heading else "para"
            same = (prev is not None and prev.kind == kind and last_block is not None
                    and last_block.element == b.element and gap <= 1)
            if same and prev is not None:
                if gap == 0:
                    prev.lines[-1].append(b)
                else:
                    prev.lines.append([b])
            else:
                _add(parent, Node(kind, lines=[[b]], level=int(heading[1]) if heading else 0,
                                  key=b.element))
        last_block = b
        gap = 0
    return root


def _data_table(tree: _Tree, element: int) -> int | None:
    """The outermost data table holding ``element``, if any."""
    for i in tree.chain(element):
        if tree.tag(i) == "table":
            return i if tree.is_data_table(i) else None
    return None


def _lang(tree: _Tree, chain: Sequence[int]) -> str:
    for i in reversed(chain):
        m = _LANG_CLASS.search(_attrs(tree.elements[i]).get("class", ""))
        if m:
            return m.group(1)
    return ""


def _containers(tree: _Tree, chain: Sequence[int]) -> list[tuple[str, int]]:
    """The quote/list/item containers an element sits in, outermost first."""
    out: list[tuple[str, int]] = []
    for i in chain:
        tag = tree.tag(i)
        if tag == "blockquote":
            out.append(("quote", i))
        elif tag in LIST_TAGS:
            out.append(("list", i))
        elif tag == "li":
            parent = tree.elements[i].parent
            if not out or out[-1] != ("list", parent):
                out.append(("list", -2 - parent))  # a stray <li>: its own implicit list
            out.append(("item", i))
    return out


def _sync(stack: list[Node], path: list[tuple[str, int]], tree: _Tree) -> Node:
    """Close and open containers so the stack matches ``path``; the innermost."""
    depth = 0
    while depth < len(path) and depth + 1 < len(stack) and stack[depth + 1].key == path[depth]:
        depth += 1
    del stack[depth + 1:]
    for kind, idx in path[depth:]:
        node = Node(kind, key=(kind, idx))
        if kind == "list" and idx >= 0 and tree.tag(idx) == "ol":
            node.ordered = True
            node.start = _int_attr(tree.elements[idx], "start", 1, 0, 999_999_999)
        _add(stack[-1], node)
        stack.append(node)
    return stack[-1]


def _add(parent: Node, node: Node) -> None:
    """Append ``node``; a list takes anything that is not an item into an item."""
    if parent.kind == "list" and node.kind != "item":
        last = parent.children[-1] if parent.children else None
        if last is None or last.key != ("item", None):
            last = Node("item", key=("item", None))
            parent.children.append(last)
        last.children.append(node)
        return
    parent.children.append(node)


def _last_leaf(parent: Node) -> Node | None:
    node = parent.children[-1] if parent.children else None
    if node is not None and parent.kind == "list" and node.key == ("item", None):
        node = node.children[-1] if node.children else None
    return node


def _table(tree: _Tree, table: int, blocks: list[Block]) -> tuple[list[Block], Node]:
    """A table node from the element grid, filled with the kept blocks of each cell."""
    by_cell: dict[int, list[Block]] = {}
    caption: list[Block] = []
    for b in blocks:
        cell = next((i for i in reversed(tree.chain(b.element)) if tree.tag(i) in CELL_TAGS), None)
        if cell is None:
            caption.append(b)
        else:
            by_cell.setdefault(cell, []).append(b)
    node = Node("table", key=table)
    rows = tree.rows(table)
    for n, row in enumerate(rows):
        cells = tree.cells(row)
        texts = [by_cell.get(c, []) for c in cells]
        if not any(texts):
            continue
        node.rows.append(texts)
        node.spans.append([_int_attr(tree.elements[c], "colspan", 1, 1, 50) for c in cells])
        if n == 0 and len(node.rows) == 1:
            first = tree.elements[row]
            in_head = first.parent >= 0 and tree.tag(first.parent) == "thead"
            node.header = in_head or all(tree.tag(c) == "th" for c in cells)
    return caption, node


# --------------------------------------------------------------------------
# Inline text with optional links and images


def _inline(blocks: Sequence[Block], esc: Any, link: Any, image: Any,
            links: bool, images: bool) -> str:
    parts = []
    for b in blocks:
        parts.append(_inline_block(b, esc, link, image, links, images))
    return " ".join(p for p in parts if p)


def _inline_block(b: Block, esc: Any, link: Any, image: Any, links: bool, images: bool) -> str:
    text = b.text
    spans: list[tuple[int, int, str, str]] = []  # (start, end, kind, target)
    if links:
        for item in getattr(b, "links", None) or ():
            start, end, href = item[0], item[1], item[2]
            if 0 <= start < end <= len(text) and href:
                spans.append((start, end, "a", href))
    if images:
        for item in getattr(b, "images", None) or ():
            offset, src, alt = item[0], item[1], item[2]
            if 0 <= offset <= len(text) and src:
                spans.append((offset, offset, "img:" + (alt or ""), src))
    if not spans:
        return esc(text)
    spans.sort(key=lambda s: (s[0], s[1]))
    out: list[str] = []
    pos = 0
    for start, end, kind, target in spans:
        if start < pos:
            continue  # overlapping spans: keep the first
        out.append(esc(text[pos:start]))
        if kind == "a":
            out.append(link(esc(text[start:end]), target))
            pos = end
        else:
            # an image between words stands apart from them
            before = " " if out and out[-1] and not out[-1][-1].isspace() else ""
            after = " " if start < len(text) and not text[start].isspace() else ""
            out.append(before + image(kind[4:], target) + after)
            pos = start
    out.append(esc(text[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------
# Markdown (CommonMark, with GFM tables)

_MD_INLINE = re.compile(r"[\\`*\[\]<~]|(?<!\w)_|_(?!\w)|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"([#>+=-])|(\d{1,9})([.)])")
_MD_URL_BAD = re.compile(r"[\s()<>]")


def _md_escape(text: str) -> str:
    return _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)


def _md_line(text: str) -> str:
    """Escape what would start a block (heading, quote, list, rule) at a line's start."""
    m = _MD_LINE_START.match(text)
    if m is None:
        return text
    if m.group(1):
        return "\\" + text
    return f"{m.group(2)}\\{text[m.end(2):]}"


def _md_dest(href: str) -> str:
    """A link destination CommonMark reads back as ``href``."""
    href = href.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E")
    return f"<{href}>" if _MD_URL_BAD.search(href) else href


def _md_link(label: str, href: str) -> str:
    return f"[{label}]({_md_dest(href)})"


def _md_image(alt: str, src: str) -> str:
    return f"![{_md_escape(alt)}]({_md_dest(src)})"


class _Writer:
    """What the markdown and HTML writers share: the link/image options."""

    def __init__(self, links: bool, images: bool, base: str | None = None) -> None:
        self.links = links
        self.images = images
        self.base = base

    def url(self, target: str) -> str:
        """A link or image target made absolute against the page's URL, when known."""
        return urljoin(self.base, target) if self.base else target


def render_markdown(doc: Document, *, links: bool = False, images: bool = False) -> str:
    """The kept blocks as CommonMark (tables in GFM syntax). Ends with a newline unless empty."""
    lines = _MdWriter(links, images, doc.url).nodes(build(doc).children)
    return "\n".join(lines) + "\n" if lines else ""


class _MdWriter(_Writer):

    def inline(self, blocks: Sequence[Block], esc: Any = _md_escape) -> str:
        return _inline(blocks, esc, lambda t, u: _md_link(t, self.url(u)),
                       lambda t, u: _md_image(t, self.url(u)), self.links, self.images)

    def nodes(self, nodes: Sequence[Node], item: bool = False) -> list[str]:
        out: list[str] = []
        prev: Node | None = None
        bullet = "-"
        for node in nodes:
            if node.kind == "list":
                # two lists in a row would merge into one: alternate the marker
                same = prev is not None and prev.kind == "list" and prev.ordered == node.ordered
                bullet = ("*" if bullet == "-" else "-") if same else "-"
            lines = self.node(node, bullet)
            if not lines:
                continue
            # in a list item, a nested list follows its item's text directly
            # (a tight list); elsewhere blocks are separated by a blank line
            tight = (item and prev is not None and prev.kind == "para" and node.kind == "list"
                     and (not node.ordered or node.start == 1))
            if out and not tight:
                out.append("")
            out.extend(lines)
            prev = node
        return out

    def node(self, node: Node, bullet: str = "-") -> list[str]:
        kind = node.kind
        if kind == "heading":
            text = " ".join(self.inline(line) for line in node.lines).strip()
            if not text:
                return []
            if text.endswith("#"):
                text = text[:-1] + "\\#"
            return [f"{'#' * node.level} {text}"]
        if kind == "para":
            texts = [_md_line(self.inline(line)) for line in node.lines]
            texts = [t for t in texts if t]
            return [t + "\\" for t in texts[:-1]] + texts[-1:]
        if kind == "code":
            return self.code(node)
        if kind == "quote":
            return [f"> {line}" if line else ">" for line in self.nodes(node.children)]
        if kind == "list":
            return self.list_lines(node, bullet)
        if kind == "item":
            return self.nodes(node.children)
        if kind == "table":
            return self.table(node)
        return self.nodes(node.children)

    def code(self, node: Node) -> list[str]:
        runs = re.findall(r"`+", node.text)
        fence = "`" * max(3, max((len(r) for r in runs), default=0) + 1)
        return [fence + node.lang, *node.text.split("\n"), fence]

    def list_lines(self, node: Node, bullet: str) -> list[str]:
        out: list[str] = []
        delim = ")" if bullet == "*" else "."
        number = node.start
        for item in node.children:
            body = self.nodes(item.children, item=True)
            if not body:
                continue
            marker = f"{number}{delim}" if node.ordered else bullet
            number += 1
            pad = " " * (len(marker) + 1)
            out.append(f"{marker} {body[0]}" if body[0] else marker)
            out.extend(pad + line if line else "" for line in body[1:])
        return out

    def table(self, node: Node) -> list[str]:
        def cell(blocks: list[Block]) -> str:
            text = self.inline(blocks, lambda s: _md_escape(s).replace("|", "\\|"))
            return text or " "

        rows: list[list[str]] = []
        for cells, spans in zip(node.rows, node.spans, strict=True):
            row: list[str] = []
            for blocks, span in zip(cells, spans, strict=True):
                row.append(cell(blocks))
                row.extend([" "] * (span - 1))  # a spanned cell leaves the next ones empty
            rows.append(row)
        if not rows:
            return []
        width = max(len(r) for r in rows)
        rows = [r + [" "] * (width - len(r)) for r in rows]
        head = rows[0]
        out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * width) + "|"]
        out.extend("| " + " | ".join(r) + " |" for r in rows[1:])
        return out


# --------------------------------------------------------------------------
# HTML


def _h(text: str) -> str:
    return html.escape(text, quote=False)


def _html_link(label: str, href: str) -> str:
    return f'<a href="{html.escape(href)}">{label}</a>'


def _html_image(alt: str, src: str) -> str:
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'


def render_html(doc: Document, *, links: bool = False, images: bool = False) -> str:
    """The kept blocks as a minimal, escaped HTML fragment (one element per line)."""
    writer = _HtmlWriter(links, images, doc.url)
    lines = writer.nodes(build(doc).children)
    return "\n".join(lines) + "\n" if lines else ""


class _HtmlWriter(_Writer):

    def inline(self, blocks: Sequence[Block]) -> str:
        return _inline(blocks, _h, lambda t, u: _html_link(t, self.url(u)),
                       lambda t, u: _html_image(t, self.url(u)), self.links, self.images)

    def nodes(self, nodes: Sequence[Node]) -> list[str]:
        out: list[str] = []
        for node in nodes:
            out.extend(self.node(node))
        return out

    def node(self, node: Node) -> list[str]:
        kind = node.kind
        if kind == "heading":
            text = " ".join(self.inline(line) for line in node.lines)
            return [f"<h{node.level}>{text}</h{node.level}>"]
        if kind == "para":
            return ["<p>" + "<br>\n".join(self.inline(line) for line in node.lines) + "</p>"]
        if kind == "code":
            cls = f' class="language-{html.escape(node.lang)}"' if node.lang else ""
            return [f"<pre><code{cls}>{_h(node.text)}</code></pre>"]
        if kind == "quote":
            return ["<blockquote>", *self.nodes(node.children), "</blockquote>"]
        if kind == "list":
            tag = "ol" if node.ordered else "ul"
            start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
            out = [f"<{tag}{start}>"]
            for item in node.children:
                kids = item.children
                if len(kids) == 1 and kids[0].kind == "para":
                    out.append("<li>" + "<br>\n".join(self.inline(line) for line in kids[0].lines) + "</li>")
                else:
                    out.extend(["<li>", *self.nodes(kids), "</li>"])
            out.append(f"</{tag}>")
            return out
        if kind == "table":
            return self.table(node)
        return self.nodes(node.children)

    def table(self, node: Node) -> list[str]:
        out = ["<table>"]
        width = max((sum(spans) for spans in node.spans), default=0)
        for n, (cells, spans) in enumerate(zip(node.rows, node.spans, strict=True)):
            tag = "th" if n == 0 and node.header else "td"
            row = []
            for blocks, span in zip(cells, spans, strict=True):
                colspan = f' colspan="{span}"' if span > 1 else ""
                row.append(f"<{tag}{colspan}>{self.inline(blocks)}</{tag}>")
            row.extend([f"<{tag}></{tag}>"] * (width - sum(spans)))  # short rows: same grid
            out.append("<tr>" + "".join(row) + "</tr>")
        out.append("</table>")
        return out
