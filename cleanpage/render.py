"""Render kept blocks as text."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Block

_SEPARATORS = {0: " ", 1: "\n", 2: "\n\n"}


def render_text(blocks: Iterable[Block]) -> str:
    """Kept blocks in order; the separator before a block is the widest gap
    since the previous kept block, so removing a block never glues two
    paragraphs together. Ends with a newline unless empty."""
    out: list[str] = []
    gap = 0
    for b in blocks:
        gap = max(gap, b.gap)
        if b.dropped_by is None:
            if out:
                out.append(_SEPARATORS[min(gap, 2)])
            out.append(b.text)
            gap = 0
    return "".join(out) + "\n" if out else ""
