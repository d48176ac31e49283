"""The library API: ``extract`` returns a full result; ``clean*`` return text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from .decode import decode
from .model import Block, Document
from .pipeline import Pipeline
from .render import render_text
from .segment import NONCHARACTERS, drop_non_text, parse, segment_html, segment_text

InputKind = Literal["auto", "html", "text"]
Status = Literal["ok", "empty", "degraded", "error", "timeout"]

_HTML_HINT = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|span|article|section|table|br|a\s|h[1-6]|ul|li|script|style)\b",
    re.I,
)
#: How far into a page ``input="auto"`` looks for HTML tags.
SNIFF_CHARS = 8192


@dataclass
class Result:
    """What cleaning one page produced.

    Attributes:
        text: the clean text.
        document: the blocks (kept and dropped) and, for HTML, the elements.
        status: ``ok``, ``empty`` (nothing kept), ``degraded`` (see ``notes``),
            ``error`` or ``timeout``.
        encoding: the codec used to decode bytes input, if any.
    """

    text: str
    document: Document
    status: Status = "ok"
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def blocks(self) -> list[Block]:
        return self.document.blocks

    @property
    def kept(self) -> list[Block]:
        return self.document.kept

    @property
    def dropped(self) -> list[Block]:
        return self.document.dropped

    @property
    def metadata(self) -> dict[str, Any]:
        return self.document.metadata

    @property
    def counts(self) -> dict[str, int]:
        """Dropped blocks per filter."""
        return dict(Counter(b.dropped_by for b in self.document.blocks if b.dropped_by))

    def explain(self) -> list[dict[str, Any]]:
        """One record per dropped block: filter, reason, text, position."""
        return [
            {"filter": b.dropped_by, "reason": b.reason, "text": b.text, "index": b.index}
            for b in self.document.blocks
            if b.dropped_by
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "status": self.status,
            "notes": list(self.notes),
            "source": self.document.source,
            "url": self.document.url,
            "encoding": self.encoding,
            "metadata": {k: v for k, v in self.metadata.items() if not k.startswith("_")},
            "counts": self.counts,
            "dropped": self.explain(),
        }


def looks_like_html(data: str | bytes) -> bool:
    """Guess whether ``data`` is markup (used by ``input="auto"``)."""
    head = data[:SNIFF_CHARS]
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    return _HTML_HINT.search(head) is not None


def extract(
    data: str | bytes,
    *,
    input: InputKind = "auto",
    url: str | None = None,
    pipeline: Pipeline | None = None,
    preset: str | None = None,
    encoding: str | None = None,
) -> Result:
    """Clean one page and return everything that was decided about it.

    Args:
        data: HTML or plain text, as ``str`` or ``bytes``.
        input: ``"html"``, ``"text"``, or ``"auto"`` to detect from content.
        url: the page's address, when known (used by per-site rules and metadata).
        pipeline: a ready pipeline; defaults to the preset for the input kind.
        preset: preset name (``"default"`` for HTML, ``"text"`` for text).
        encoding: charset hint for bytes (e.g. from an HTTP header).
    """
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"cleanpage expects str or bytes, not {type(data).__name__}")
    if input not in ("auto", "html", "text"):
        raise ValueError(f"input must be 'auto', 'html' or 'text', not {input!r}")
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    kind = input if input != "auto" else ("html" if looks_like_html(data) else "text")
    used_encoding = None
    if isinstance(data, bytes):
        data, used_encoding = decode(data, encoding)
    data = NONCHARACTERS.sub("\ufffd", data) if NONCHARACTERS.search(data) else data
    if pipeline is None:
        pipeline = Pipeline.preset(preset or ("default" if kind == "html" else "text"))
    doc = Document(source=kind, url=url)
    if kind == "html":
        _run_html(doc, data, pipeline)
    else:
        segment_text(doc, data)
        pipeline.run(doc)
    text = render_text(doc.blocks)
    notes = list(doc.notes)
    status: Status = "ok" if text.strip() else "empty"
    if status == "ok" and notes:
        status = "degraded"
    return Result(text, doc, status, used_encoding, notes)


def _run_html(doc: Document, markup: str, pipeline: Pipeline) -> None:
    from .metadata import read_metadata

    tree = parse(markup)
    doc.tree = tree
    read_metadata(doc)
    drop_non_text(tree)
    body = tree.body
    doc.body_chars = len(body.text(deep=True)) if body is not None else 0
    dom = [f for f in pipeline.filters if f.stage == 0]
    for f in dom:
        f.apply(doc)
    segment_html(doc)
    doc.tree = None  # blocks are all later stages need; let the tree go
    doc.dom_drops.clear()
    doc.dom_hints.clear()
    for f in pipeline.filters:
        if f.stage != 0:
            f.apply(doc)


def clean_html(markup: str | bytes, **options: Any) -> str:
    """Clean text of an HTML page (``str`` or ``bytes``)."""
    return extract(markup, input="html", **options).text


def clean_text(text: str, **options: Any) -> str:
    """Clean already-extracted text (blocks separated by blank lines)."""
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects str, not {type(text).__name__}")
    return extract(text, input="text", **options).text


def clean(data: str | bytes, **options: Any) -> str:
    """Clean HTML or text, whichever ``data`` looks like."""
    return extract(data, input="auto", **options).text
