"""The library API: ``extract`` returns a full result; ``clean*`` return text."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .decode import decode, gunzip, sniff_binary
from .limits import (
    DEFAULT_LIMITS,
    MAX_ATTRIBUTE_CHARS,
    MAX_ATTRIBUTES,
    InputError,
    Limits,
    PageScan,
    PageTimeout,
    block_cut,
    call_with_timeout,
    can_isolate,
    cut,
    drop_excess_attributes,
    drop_giant_attributes,
    nth_index,
    replace_illegal,
    unwrap_deep_tags,
)
from .model import Block, Document, Source
from .pipeline import Pipeline
from .render import render, render_text
from .segment import drop_non_text, parse, segment_html, segment_text

log = logging.getLogger(__name__)

InputKind = Literal["auto", "html", "text"]
Status = Literal["ok", "empty", "degraded", "error", "timeout"]
Errors = Literal["status", "raise"]
Extractor = Literal["cleanpage", "readability"]

#: Decoded bytes whose first characters are more than this share of U+FFFD
#: were not text in any encoding we know: status ``error``.
MAX_UNDECODABLE_SHARE = 0.25
DECODE_CHECK_CHARS = 65_536

_HTML_HINT = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|span|article|section|table|br|a\s|h[1-6]|ul|li|script|style)\b",
    re.I,
)
_NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]{0,500}>", re.I)
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

    def render(self, format: str = "text", *, links: bool = False, images: bool = False,
               markdown: bool = False) -> str:
        """The kept content as ``text``, ``markdown``, ``html`` or ``json``.

        Args:
            format: the output format; ``json`` is :meth:`to_dict` as one line.
            links: keep link targets (markdown and html).
            images: keep images (markdown and html).
            markdown: with ``json``, add the markdown rendering under ``"markdown"``.
        """
        if format == "text":
            return self.text
        if format == "json":
            return json.dumps(self.to_dict(markdown=markdown, links=links, images=images),
                              ensure_ascii=False)
        return render(self.document, format, links=links, images=images)

    def to_dict(self, *, markdown: bool = False, links: bool = False,
                images: bool = False) -> dict[str, Any]:
        """Text, status, metadata and drops (and the markdown when ``markdown``)."""
        out = self._dict()
        if markdown:
            out["markdown"] = render(self.document, "markdown", links=links, images=images)
        return out

    def _dict(self) -> dict[str, Any]:
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
    limits: Limits | None = None,
    timeout: float | None = None,
    errors: Errors = "status",
    lang: str | None = None,
    extractor: Extractor = "cleanpage",
) -> Result:
    """Clean one page and return everything that was decided about it.

    Bad input never raises here (unless ``errors="raise"``): it comes back
    as a result with status ``error`` or ``timeout`` and the reason in
    ``notes``. Wrong argument types and values are programming errors and
    raise ``TypeError``/``ValueError`` at once.

    Args:
        data: HTML or plain text, as ``str`` or ``bytes``.
        input: ``"html"``, ``"text"``, or ``"auto"`` to detect from content.
        url: the page's address, when known (used by per-site rules and metadata).
        pipeline: a ready pipeline; defaults to the preset for the input kind.
        preset: preset name (``"default"`` for HTML, ``"text"`` for text).
        encoding: charset hint for bytes (e.g. from an HTTP header).
        lang: the text's language (``"de"``, ``"pt-BR"`` ...), choosing the
            phrase packs of the text rules; detected when not given.
        limits: size, depth, time and memory bounds (:class:`Limits`).
        timeout: seconds this page may take; overrides ``limits.timeout``.
        errors: ``"status"`` returns status ``error``/``timeout`` results;
            ``"raise"`` raises :class:`InputError` (or its subclass
            :class:`PageTimeout`) for them instead.
        extractor: ``"cleanpage"`` (the ``main_content`` filter) or
            ``"readability"`` (readability-lxml chooses the main content;
            needs the ``readability`` extra).
    """
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"cleanpage expects str or bytes, not {type(data).__name__}")
    if input not in ("auto", "html", "text"):
        raise ValueError(f"input must be 'auto', 'html' or 'text', not {input!r}")
    if errors not in ("status", "raise"):
        raise ValueError(f"errors must be 'status' or 'raise', not {errors!r}")
    if limits is None:
        limits = DEFAULT_LIMITS
    elif not isinstance(limits, Limits):
        raise TypeError(f"limits must be a cleanpage.Limits, not {type(limits).__name__}")
    if timeout is not None:
        limits = replace(limits, timeout=timeout)
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if extractor not in ("cleanpage", "readability"):
        raise ValueError(f"extractor must be 'cleanpage' or 'readability', not {extractor!r}")
    if pipeline is None and preset is not None:
        pipeline = _preset(preset)
    if extractor == "readability":
        if pipeline is not None:
            pipeline = with_readability(pipeline)
        elif input == "html" or (input == "auto" and looks_like_html(data)):
            pipeline = with_readability(Pipeline.preset("default"))

    def run() -> Result:
        return _extract_bounded(data, input, url, pipeline, encoding, limits, lang)

    if limits.timeout is not None and limits.isolate and can_isolate():
        try:
            result = call_with_timeout(run, limits.timeout, limits.max_memory)
        except InputError as e:
            result = _failed(e.status, e.reason, _guess_kind(data, input))  # type: ignore[arg-type]
    else:
        result = run()
    if errors == "raise" and result.status in ("error", "timeout"):
        reason = "; ".join(result.notes) or result.status
        if result.status == "timeout":
            raise PageTimeout(reason, result)
        raise InputError(reason, result.status, result)
    return result


def _guess_kind(data: str | bytes, input: str) -> Source:
    if input != "auto":
        return input  # type: ignore[return-value]
    return "html" if looks_like_html(data) else "text"


def _failed(status: Status, reason: str, kind: Source, encoding: str | None = None) -> Result:
    return Result("", Document(source=kind), status, encoding, [reason])


class _Budget:
    """A filter wrapper that stops the page once its deadline has passed."""

    def __init__(self, inner: Any, deadline: float) -> None:
        self.inner = inner
        self.deadline = deadline
        self.name = inner.name
        self.stage = inner.stage
        self.needs_html = getattr(inner, "needs_html", False)

    def apply(self, doc: Document) -> None:
        if time.monotonic() > self.deadline:
            raise _OverBudget(self.name)
        self.inner.apply(doc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class _OverBudget(Exception):
    """Raised between steps when a page's time budget is spent."""


def _extract_bounded(data: str | bytes, input: str, url: str | None, pipeline: Pipeline | None,
                     encoding: str | None, limits: Limits, lang: str | None = None) -> Result:
    """``extract`` after argument checks: guards, decoding, cleaning, status."""
    kind = _guess_kind(data, input)
    if len(data) > limits.max_bytes:
        return _failed("error", f"too large: {len(data):,} > {limits.max_bytes:,} bytes", kind)
    start = time.monotonic()
    notes: list[str] = []
    used_encoding = None
    if isinstance(data, bytes):
        what = sniff_binary(data)
        if what == "gzip data" and limits.max_decompressed_bytes > 0:
            try:
                data = gunzip(data, limits.max_decompressed_bytes)
            except ValueError as e:
                return _failed("error", f"compressed: {e}", kind)
            what = sniff_binary(data)
            kind = _guess_kind(data, input)
        if what is not None:
            label = "compressed" if what.endswith(("data", "archive")) and what != "binary data" else "not HTML"
            return _failed("error", f"{label}: {what}", kind)
        data, used_encoding = decode(data, encoding)
        kind = _guess_kind(data, input)  # on the text: UTF-16 bytes hide their tags
        bad = data.count("\ufffd", 0, DECODE_CHECK_CHARS)
        if bad > MAX_UNDECODABLE_SHARE * min(len(data), DECODE_CHECK_CHARS) and bad >= 16:
            return _failed("error", f"undecodable: {bad:,} invalid sequences as {used_encoding}",
                           kind, used_encoding)
    if len(data) > limits.max_chars and kind == "html":
        data, emptied = drop_giant_attributes(data)
        if emptied:
            notes.append(f"attributes: {emptied:,} attribute values over {MAX_ATTRIBUTE_CHARS:,} "
                         "characters emptied (the page was over the size limit)")
    if len(data) > limits.max_chars:
        total = len(data)
        data = cut(data, limits.max_chars, markup=kind == "html")
        notes.append(f"cut: input cut at {len(data):,} of {total:,} characters (limit {limits.max_chars:,})")
    # One pass reads what every guard below needs; a guard that changes the
    # page scans it again (rare: normal pages pass them all untouched).
    scan = PageScan(data)
    if kind == "html" and limits.max_tags and scan.tags > limits.max_tags:
        at = nth_index(data, "<", limits.max_tags + 1)
        if at is not None:
            total = len(data)
            data = data[:at]
            notes.append(f"cut: more than {limits.max_tags:,} tags; input cut at {at:,} of {total:,} characters")
            scan = PageScan(data)
    if scan.illegal:
        data, replaced = replace_illegal(data)
        if replaced:
            notes.append(f"replaced: {replaced:,} illegal characters (controls, surrogates, noncharacters)")
        scan = PageScan(data)
    if kind == "html" and scan.crowded:
        # No note: attributes are not text, and long SVG path data in
        # scripts or attribute values looks the same to this guard.
        data, trimmed = drop_excess_attributes(data)
        if trimmed:
            log.debug("dropped attributes past the first %d in %d tags", MAX_ATTRIBUTES, trimmed)
            scan = PageScan(data)
    if kind == "html" and scan.tags > limits.max_depth and scan.depth > limits.max_depth:
        depth = scan.depth
        data, removed = unwrap_deep_tags(data, limits.max_depth)
        if removed:  # none: the "tags" were inside one tag's attributes, not nested
            notes.append(f"nesting: about {depth:,} levels deep; {removed:,} tags below level "
                         f"{limits.max_depth} unwrapped, their text kept")
        scan = PageScan(data)
    # After unwrapping: a deep page's block tags are mostly gone by now.
    at = block_cut(data, limits.max_blocks, markup=kind == "html", tags=scan.tags if kind == "html" else None)
    if at is not None:
        total = len(data)
        data = data[:at]
        notes.append(f"cut: more than {limits.max_blocks:,} blocks; input cut at {at:,} of {total:,} "
                     "characters")
    if pipeline is None:
        pipeline = _preset("default" if kind == "html" else "text")
    if limits.timeout is not None:
        deadline = start + limits.timeout
        if time.monotonic() > deadline:
            return _failed("timeout", f"timeout: took longer than {limits.timeout:g} s", kind, used_encoding)
        pipeline = Pipeline([_Budget(f, deadline) for f in pipeline.filters])
    doc = Document(source=kind, url=url)
    if lang:
        doc.metadata["_lang"] = lang  # read by the text rules (filters._text.doc_langs)
    doc.notes.extend(notes)
    try:
        if kind == "html":
            _run_html(doc, data, pipeline, may_have_noscript=scan.noscript)
        else:
            segment_text(doc, data)
            pipeline.run(doc)
    except _OverBudget as e:
        return _failed("timeout", f"timeout: took longer than {limits.timeout:g} s (stopped before {e})",
                       kind, used_encoding)
    text = render_text(doc.blocks)
    notes = list(doc.notes)
    status: Status = "ok" if text.strip() else ("degraded" if notes else "empty")
    if status == "ok" and notes:
        status = "degraded"
    return Result(text, doc, status, used_encoding, notes)


_PRESETS = threading.local()


def _preset(name: str) -> Pipeline:
    """A preset pipeline, built once per thread: building costs about a tenth
    of cleaning a short text, and filters may keep per-document state, so
    threads do not share one."""
    cache = getattr(_PRESETS, "pipelines", None)
    if cache is None:
        cache = _PRESETS.pipelines = {}
    pipe = cache.get(name)
    if pipe is None:
        pipe = cache[name] = Pipeline.preset(name)
    return pipe


def with_readability(pipeline: Pipeline) -> Pipeline:
    """The pipeline with readability-lxml choosing the main content."""
    if "main_content" in pipeline.names:
        return pipeline.replace("main_content", "readability_content")
    if "readability_content" in pipeline.names:
        return pipeline
    return pipeline.insert("readability_content")


def _run_html(doc: Document, markup: str, pipeline: Pipeline, *, may_have_noscript: bool = True) -> None:
    from .metadata import complete_metadata, read_metadata

    tree = parse(markup)
    doc.tree = tree
    read_metadata(doc)
    # (the guards' scan knows when there is no <noscript>: the Python path skips its query)
    noscript_chars, doc.body_chars = drop_non_text(tree, noscript=may_have_noscript)
    if noscript_chars > max(2000, 4 * doc.body_chars):
        # The page serves its content to non-script readers only (a crawler
        # view in <noscript>, parsed as raw text): read it as markup instead.
        markup = _NOSCRIPT_TAG.sub("", markup)
        tree = doc.tree = parse(markup)
        doc.scratch.pop("facts", None)  # the inventory read by read_metadata was of the old tree
        doc.body_chars = drop_non_text(tree, noscript=False)[1]
    dom = [f for f in pipeline.filters if f.stage == 0]
    for f in dom:
        f.apply(doc)
        if not type(f).__module__.startswith("cleanpage."):
            # Built-in DOM filters only mark; a user's may remove elements, and
            # the nodes the C walk cached for the page would then be stale.
            doc.scratch.pop("walked", None)
            doc.scratch.pop("content_holders", None)
    segment_html(doc)
    complete_metadata(doc)
    doc.tree = None  # blocks are all later stages need; let the tree go
    doc.scratch.clear()
    doc.scratch["markup"] = markup  # for extractors that read the source
    doc.dom_drops.clear()
    doc.dom_hints.clear()
    for f in pipeline.filters:
        if f.stage != 0:
            f.apply(doc)
    doc.scratch.clear()


def clean_html(markup: str | bytes, **options: Any) -> str:
    """Clean text of an HTML page (``str`` or ``bytes``).

    Options are those of :func:`extract`, plus the output's ``format``
    (``"text"``, ``"markdown"``, ``"html"`` or ``"json"``), ``links`` and
    ``images`` (see :meth:`Result.render`). Since only text comes back, an
    input that cannot be cleaned raises :class:`InputError` (pass
    ``errors="status"`` to get ``""`` instead).
    """
    options.setdefault("errors", "raise")
    return _output(markup, "html", options)


def clean_text(text: str, **options: Any) -> str:
    """Clean already-extracted text (blocks separated by blank lines).

    Options and errors as for :func:`clean_html`.
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects str, not {type(text).__name__}")
    options.setdefault("errors", "raise")
    return _output(text, "text", options)


def clean(data: str | bytes, **options: Any) -> str:
    """Clean HTML or text, whichever ``data`` looks like (errors as for :func:`clean_html`)."""
    options.setdefault("errors", "raise")
    return _output(data, "auto", options)


def _output(data: str | bytes, kind: InputKind, options: dict[str, Any]) -> str:
    """Run ``extract`` and render: ``format=`` (text, markdown, html, json),
    ``links=`` and ``images=`` are output options, the rest go to ``extract``."""
    fmt = options.pop("format", "text")
    links, images = options.pop("links", False), options.pop("images", False)
    markdown = options.pop("markdown", False)
    if fmt not in ("text", "markdown", "html", "json"):
        raise ValueError(f"format must be text, markdown, html or json; not {fmt!r}")
    result = extract(data, input=kind, **options)
    return result.render(fmt, links=links, images=images, markdown=markdown)
