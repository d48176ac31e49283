"""The core model: a Document made of Blocks, which filters mark as dropped.

Blocks are never deleted, edited or reordered. A filter that removes a block
records its own name and a reason on it; the text of a page is the kept
blocks, in their original order. That one rule gives ``--explain``, the
visual report and "never invent, never reorder" for free.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Source = Literal["html", "text"]


class _NoEntries(Mapping[str, Any]):
    """An empty, read-only mapping shared as the default of ``Element.hints``
    and ``Element.attrs``: most elements have neither, and a page has
    hundreds of elements (two new dicts each were a third of their cost).
    Filters assign a new dict; they never add to this one."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"


NO_ENTRIES: Mapping[str, Any] = _NoEntries()


@dataclass(slots=True)
class Element:
    """A block-level HTML element that produced blocks (HTML mode only).

    Elements form a tree through ``parent`` (an index into
    ``Document.elements``, -1 for the root), so filters can reason about
    containers without touching the DOM again.
    """

    tag: str
    parent: int
    depth: int
    #: The element sits inside an ``<a>``: a card such as a listing item.
    in_link: bool = False
    #: Set by DOM filters that mark (rather than drop) an element, e.g. the
    #: main-content hints: ``{"content": 1.0}``.
    hints: Mapping[str, float] = NO_ENTRIES
    #: The few attributes output formats need (``colspan``, ``rowspan``,
    #: ``start``, ``class`` of ``pre``); empty for most elements.
    attrs: Mapping[str, str] = NO_ENTRIES


@dataclass(slots=True)
class Block:
    """A run of text in reading order: a paragraph, heading, list item, line.

    Attributes:
        index: position of the block in the document.
        text: the block's text, whitespace-normalised (kept as-is in ``pre``).
        tag: the innermost block element's tag (``"p"`` in text mode).
        element: index into ``Document.elements`` (-1 in text mode).
        link_chars: characters of ``text`` that sit inside ``<a>`` links.
        gap: line breaks that separated this block from the previous one in
            the source (1 = same paragraph, 2 = paragraph break).
        dropped_by: name of the filter that dropped the block, or ``None``.
        reason: why that filter dropped it.
        links: ``(start, end, href)`` spans of ``text`` inside ``<a href>``.
        images: ``(offset, src, alt)`` of ``<img>`` elements within ``text``.
    """

    index: int
    text: str
    tag: str = "p"
    element: int = -1
    link_chars: int = 0
    gap: int = 2
    dropped_by: str | None = None
    reason: str | None = None
    #: ``(start, end, href)`` of the links in ``text`` (``None``: no links).
    links: list[tuple[int, int, str]] | None = None
    #: ``(offset, src, alt)`` of the images in ``text`` (``None``: no images).
    images: list[tuple[int, str, str]] | None = None

    @property
    def kept(self) -> bool:
        return self.dropped_by is None

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    def drop(self, filter_name: str, reason: str) -> None:
        """Mark the block dropped; the first filter to drop a block owns it."""
        if self.dropped_by is None:
            self.dropped_by = filter_name
            self.reason = reason

    def restore(self) -> None:
        """Undo a drop (used by recall guards)."""
        self.dropped_by = None
        self.reason = None


@dataclass
class Document:
    """A page being cleaned: its blocks, and for HTML its tree and elements."""

    source: Source
    blocks: list[Block] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    url: str | None = None
    #: The parsed selectolax tree (HTML mode, during the DOM stage only).
    tree: Any = None
    #: DOM-stage drops: ``mem_id -> (filter, reason, node)``; read by segmentation.
    dom_drops: dict[int, tuple[str, str, Any]] = field(default_factory=dict)
    #: DOM-stage hints: ``mem_id -> ({hint: weight}, node)``; end up on ``Element.hints``.
    dom_hints: dict[int, tuple[dict[str, float], Any]] = field(default_factory=dict)
    #: Characters of visible text in the page body (HTML), for share-of-page rules.
    body_chars: int = 0
    #: Per-document caches shared by filters (e.g. the page's class tokens).
    scratch: dict[str, Any] = field(default_factory=dict)
    #: Things that went less than perfectly (fallbacks, truncation, ...).
    notes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def kept(self) -> list[Block]:
        return [b for b in self.blocks if b.dropped_by is None]

    @property
    def dropped(self) -> list[Block]:
        return [b for b in self.blocks if b.dropped_by is not None]

    def drop_node(self, node: Any, filter_name: str, reason: str) -> None:
        """DOM stage: drop an element's whole subtree (outermost mark wins)."""
        self.dom_drops.setdefault(node.mem_id, (filter_name, reason, node))

    def hint_node(self, node: Any, hint: str, weight: float = 1.0) -> None:
        """DOM stage: attach a scoring hint to an element for later stages."""
        self.dom_hints.setdefault(node.mem_id, ({}, node))[0][hint] = weight
