"""What one page may cost, and the guards that keep hostile pages within it.

cleanpage runs unattended over pages written by strangers, so every input is
checked before the expensive parts see it:

* size: inputs over ``Limits.max_bytes`` are refused (status ``error``);
  decoded inputs over ``Limits.max_chars`` characters, ``max_tags`` tags
  or ``max_blocks`` blocks are cut (status ``degraded``); attributes past
  the 1,000th of a tag are dropped (Lexbor is quadratic in them);
* characters: NUL, C0/C1 controls, lone surrogates and Unicode
  noncharacters (which segmentation uses as sentinels) are replaced and
  counted (:func:`replace_illegal`);
* nesting: Lexbor's tree building slows down faster than linearly with
  depth, so depth is estimated with one regular-expression pass *before*
  parsing (:func:`nesting_depth`) and tags below ``Limits.max_depth`` are
  unwrapped, their text kept (:func:`unwrap_deep_tags`);
* time: ``Limits.timeout`` runs the page in a forked child process that is
  killed at the deadline (:func:`call_with_timeout`); a thread cannot stop
  Lexbor's C code, a process can.

On a normal page every check passes, so the checks are read off one pass
(:class:`PageScan`: in C when ``cleanpage._guard`` is built, about 0.1 ms
for a 200 KB page) and the fix-up functions run only on a page that fails one.
"""

from __future__ import annotations

import itertools
import multiprocessing
import operator
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

_guard: Any
try:  # the one-pass scan in C (cleanpage/_guard.c); optional, as the build is
    from . import _guard  # type: ignore[attr-defined, no-redef]
except ImportError:  # pragma: no cover - exercised where the extension is not built
    _guard = None

__all__ = [
    "DEFAULT_LIMITS", "InputError", "Limits", "PageScan", "PageTimeout", "block_cut", "call_with_timeout",
    "cut",
    "drop_excess_attributes", "drop_giant_attributes", "nth_index",
    "nesting_depth", "replace_illegal", "unwrap_deep_tags",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Bounds on the work spent on one page.

    Attributes:
        max_bytes: inputs longer than this (bytes, or characters for ``str``)
            are refused with status ``error``, before any work.
        max_chars: decoded inputs longer than this are cut here (at a tag
            boundary when one is near) and cleaned, with status ``degraded``.
            Time grows about linearly with this number.
        max_decompressed_bytes: a gzip-compressed input is decompressed up to
            this size; past it the input is a bomb (status ``error``).
            ``0`` refuses compressed input altogether.
        max_depth: tags nested deeper than this (estimated before parsing)
            are unwrapped, their text kept, with status ``degraded``.
        max_blocks: inputs that would make more blocks than this (block
            tags in HTML, lines in text) are cut before the first one over,
            with status ``degraded``: time grows with blocks. ``0``: no limit.
        max_tags: HTML with more ``<`` than this is cut before the first one
            over, with status ``degraded``: the guards before parsing and
            the parse grow with tags (the development corpus peaks near 20,000).
        timeout: seconds one page may take, or ``None`` for no budget.
        isolate: with a ``timeout``, run the page in a forked child process
            that is killed at the deadline (a hard bound, about 10 ms of
            overhead per page). ``False`` checks the budget between steps
            instead: no overhead, but one slow step (a parse, a filter) can
            overrun it. Platforms without ``fork`` always check between steps.
        max_memory: with ``isolate``, the child's address-space limit in bytes
            (``None``: no limit); a page that exceeds it gets status ``error``.
    """

    max_bytes: int = 50_000_000
    max_chars: int = 16_000_000
    max_decompressed_bytes: int = 50_000_000
    max_depth: int = 512
    max_blocks: int = 20_000
    max_tags: int = 200_000
    timeout: float | None = None
    isolate: bool = True
    max_memory: int | None = None

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_chars", "max_decompressed_bytes", "max_depth", "max_blocks",
                     "max_tags"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"Limits.{name} must be a non-negative int, not {value!r}")
        if self.timeout is not None and not self.timeout > 0:
            raise ValueError(f"Limits.timeout must be positive or None, not {self.timeout!r}")


DEFAULT_LIMITS = Limits()


class InputError(ValueError):
    """An input that cannot be cleaned: not HTML or text, too large, a bomb...

    Raised by ``extract(..., errors="raise")`` and by the ``clean*`` helpers;
    ``extract`` with the default ``errors="status"`` returns a result with
    status ``error`` instead.

    Attributes:
        status: ``"error"`` or ``"timeout"``.
        reason: what was wrong, in a few words.
        result: the full result (status, notes, encoding).
    """

    def __init__(self, reason: str, status: str = "error", result: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.result = result


class PageTimeout(InputError, TimeoutError):
    """The page took longer than its time budget."""

    def __init__(self, reason: str, result: Any = None) -> None:
        super().__init__(reason, "timeout", result)


# -- characters ----------------------------------------------------------------

# Never valid in a document: C0 controls but tab, newline, form feed and
# carriage return; DEL and C1 controls; surrogates (only lone ones can occur
# in a str); the BMP noncharacters, of which U+FDD0.. are segmentation
# sentinels. (Astral noncharacters are harmless here, and a class holding
# them makes every search ten times slower.)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_C1 = re.compile("[\x80-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# C1 controls in text almost always are windows-1252 bytes decoded as Latin-1
# (WHATWG reads &#150; the same way): give them their windows-1252 meaning.
_C1_TABLE = {c: bytes([c]).decode("cp1252", "replace") for c in range(0x80, 0xA0)}


def replace_illegal(text: str) -> tuple[str, int]:
    """Replace characters that are never valid in a document; count them.

    C1 controls become their windows-1252 character (``\\x93`` -> ``“``),
    surrogate pairs are joined into the character they encode, and anything
    else illegal becomes U+FFFD. The text around them is kept.

    Returns:
        ``(text, number of characters replaced)``.
    """
    if _ILLEGAL.search(text) is None:
        return text, 0
    count = 0
    if _SURROGATE.search(text):
        # Pairs (e.g. from JSON "\\ud83d\\ude00" escapes) are joined, lone ones replaced.
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        count += joined.count("\ufffd") - text.count("\ufffd")
        text = joined
    if _C1.search(text):
        n = sum(text.count(chr(c)) for c in _C1_TABLE)
        text = text.translate(_C1_TABLE)
        count += n
    text, n = _ILLEGAL.subn("\ufffd", text)
    return text, count + n


def _trie(words: Iterable[str]) -> str:
    """An alternation grouped by first letter, lower and upper case (much faster than ``(?i:)``)."""
    groups: dict[str, list[str]] = {}
    for w in sorted({*words, *(w.upper() for w in words)}):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(f"{k}(?:{'|'.join(sorted(v, key=len, reverse=True))})" for k, v in groups.items())


# -- size ----------------------------------------------------------------------

#: How far back from the size limit a cut looks for a ``<`` to cut before.
CUT_LOOKBACK = 65_536


def cut(text: str, max_chars: int, *, markup: bool) -> str:
    """``text`` cut to at most ``max_chars``, before a tag or line when one is near."""
    if len(text) <= max_chars:
        return text
    sep = "<" if markup else "\n"
    at = text.rfind(sep, max(0, max_chars - CUT_LOOKBACK), max_chars)
    return text[:at if at > 0 else max_chars]


#: Attribute values longer than this are emptied before a page that is over
#: the size limit gets cut, so that one giant inline image does not push the
#: article past the cut.
MAX_ATTRIBUTE_CHARS = 65_536
_GIANT_ATTRIBUTE = re.compile(
    rf"""(=[ \t\r\n\f]*)(?:"[^"<>]{{{MAX_ATTRIBUTE_CHARS},}}"|'[^'<>]{{{MAX_ATTRIBUTE_CHARS},}}')"""
)


def drop_giant_attributes(markup: str) -> tuple[str, int]:
    """Empty quoted attribute values over :data:`MAX_ATTRIBUTE_CHARS` characters.

    Returns the new markup and the number of values emptied.
    """
    return _GIANT_ATTRIBUTE.subn(r'\1""', markup)


#: Attributes kept per tag. Lexbor checks each new attribute against the
#: tag's others (10,000 distinct attributes take 0.6 s, 40,000 take 9 s) and
#: keeps ~600 bytes per attribute, so a tag with millions is a time and
#: memory bomb; no real tag has more than a few dozen.
MAX_ATTRIBUTES = 1000
# Names stop at "<" (Lexbor's do not): a scan that starts at one "<" then
# never runs past the next, which keeps the search linear. Tags full of "<"
# are bounded by ``Limits.max_tags`` instead.
_ATTRIBUTE = r"""[^\s/<>"'=]+(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"[^"]*"|'[^']*'|[^\s<>"'=]+))?"""
_MANY_ATTRIBUTES = re.compile(
    rf"(<[a-zA-Z][^\s/<>]*(?:\s+{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}})\s[^>]*"
)


def drop_excess_attributes(markup: str) -> tuple[str, int]:
    """Drop the attributes of a tag past the first :data:`MAX_ATTRIBUTES`.

    A tag runs up to the next ``>``, so only the pieces between two ``>``
    that are long and hold many spaces can hold such a tag: the page is split
    once (C speed), and the regular expression runs on those pieces only.

    Returns the new markup and the number of tags trimmed.
    """
    pieces = markup.split(">")
    if max(map(len, pieces)) < 2 * MAX_ATTRIBUTES:
        return markup, 0
    trimmed = 0
    for i, piece in enumerate(pieces):
        if len(piece) >= 2 * MAX_ATTRIBUTES and piece.count(" ") + piece.count("\n") >= MAX_ATTRIBUTES:
            pieces[i], n = _MANY_ATTRIBUTES.subn(r"\1", piece)
            trimmed += n
    return (">".join(pieces), trimmed) if trimmed else (markup, 0)


#: Tags that start a block in segmentation (``segment.BLOCK_TAGS``) and ``br``.
_BLOCK_START_TAGS = (
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "listing", "main",
    "menu", "nav", "ol", "p", "plaintext", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "xmp", "option", "br",
)


def nth_index(text: str, sub: str, n: int, chunk: int = 1 << 20) -> int | None:
    """Index of the ``n``-th (1-based) occurrence of the one-character ``sub``, or ``None``.

    Counts whole chunks with ``str.count`` and searches only the last one.
    """
    seen = 0
    for start in range(0, len(text), chunk):
        in_chunk = text.count(sub, start, start + chunk)
        if seen + in_chunk >= n:
            i = start - 1
            for _ in range(n - seen):
                i = text.index(sub, i + 1)
            return i
        seen += in_chunk
    return None


def _nth_start(pattern: re.Pattern[str], text: str, n: int) -> int | None:
    """Where the ``n``-th match of ``pattern`` in ``text`` starts, if there are that many."""
    m = next(itertools.islice(pattern.finditer(text), n - 1, None), None)
    return m.start() if m is not None else None


_LINE_END = re.compile("\n")


def block_cut(text: str, max_blocks: int, *, markup: bool, tags: int | None = None) -> int | None:
    """Where to cut ``text`` so that it makes at most about ``max_blocks`` blocks.

    Time after parsing grows with the number of blocks, not characters: a
    page of ten million ``<p>x</p>`` is small and slow. HTML is cut before
    the block-starting tag that would exceed the limit (counted with one
    regular expression, only when the page has more ``<`` than the limit),
    text before the line that would. ``None``: no cut needed. ``tags``:
    ``text.count("<")`` when the caller knows it.
    """
    if max_blocks <= 0:
        return None
    if not markup:
        return _nth_start(_LINE_END, text, max_blocks) if text.count("\n") >= max_blocks else None
    if (text.count("<") if tags is None else tags) <= max_blocks:
        return None
    return _nth_start(_BLOCK_START, text, max_blocks + 1)


# -- nesting -------------------------------------------------------------------

# Elements that never nest in the tree the parser builds: void elements, and
# elements whose start tag closes an open one of their kind (p, li, a, ...).
_FLAT_TAGS = (
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "rb", "rt", "rp", "rtc", "a", "nobr", "button", "form",
)


# Elements whose content is not markup (SVG and MathML too: their
# self-closing tags do not nest), each as an unrolled loop that stops only at
# "<", up to its end tag or the end of the page.
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "svg", "math")
_RAW = "|".join(rf"(?i:{n})\b[^<]*(?:<(?!/(?i:{n}))[^<]*)*(?:</(?i:{n})\s*>)?" for n in _RAW_TEXT)
_NESTS = rf"(?!(?:{_trie(_FLAT_TAGS)})(?![\w:-]))(?=[a-zA-Z])"
# One pass, starting with a literal "<" so that the engine skips to the next
# "<" in C. The group is "" for a comment or raw-text element, "/" for the
# closing tag of a nesting element and its first letter for an opening tag:
# all cached one-character strings, so the list costs 8 bytes per tag.
_BLOCK_START = re.compile(rf"<(?:{_trie(_BLOCK_START_TAGS)})(?![\w:-])")
_TAGS = re.compile(rf"<(?:!--[^-]*(?:-(?!->)[^-]*)*(?:-->)?|{_RAW}|(/{_NESTS}|{_NESTS}[a-zA-Z]))")
# The same classes, matching whole tags (attributes included) for the unwrap
# pass: group 1 marks an opening tag of a nesting element, group 2 a closing one.
_TAG_END = r"""(?:[^>"']|"[^"]*"|'[^']*')*>?"""
_UNWRAP = re.compile(
    rf"<(?:!--[^-]*(?:-(?!->)[^-]*)*(?:-->)?|{_RAW})|(<){_NESTS}{_TAG_END}|<(/){_NESTS}{_TAG_END}|[^<]+|<"
)
_STEP = {"": 0, "/": -1}


def nesting_depth(markup: str) -> int:
    """Estimate how deep the parser's tree for ``markup`` will be.

    Counts opening and closing tags of elements that can nest (not void
    elements, not ``p``/``li``/``td``/``a``... which their next sibling
    closes), outside comments, scripts and styles. Stray closing tags do not
    make the depth negative. The estimate errs high for pages that leave
    nesting elements unclosed, which the parser would also nest.

    With ``cleanpage._guard`` built this is one pass in C (the same rules,
    see :class:`PageScan`); else one regular-expression pass and a few
    C-level iterator passes over the list of tags, no Python code per tag.
    """
    if _guard is not None:
        return int(_guard.scan(markup, MAX_ATTRIBUTES)[3])
    return _nesting_depth_regex(markup)


def _nesting_depth_regex(markup: str) -> int:
    """:func:`nesting_depth` in Python: the reference the C scan is tested against."""
    tags = _TAGS.findall(markup)
    if not tags:
        return 0
    steps = map(_STEP.get, tags, itertools.repeat(1))
    sums_a, sums_b = itertools.tee(itertools.accumulate(steps))
    # Depth with stray closes floored at zero = running sum - its running minimum.
    lows = itertools.accumulate(itertools.chain((0,), sums_b), min)
    next(lows)
    return max(map(operator.sub, sums_a, lows))


#: Above this many tags, :func:`unwrap_deep_tags` does not follow the depth
#: tag by tag (Python work per tag) but unwraps every nesting element in C.
MAX_PRECISE_UNWRAP_TAGS = 200_000
# For re.split: comments and raw text are captured (kept), tags of nesting
# elements are not (they come back as None and are left out).
_SPLIT_NESTING = re.compile(rf"(<(?:!--[^-]*(?:-(?!->)[^-]*)*(?:-->)?|{_RAW}))|</?{_NESTS}{_TAG_END}")


def unwrap_deep_tags(markup: str, max_depth: int) -> tuple[str, int]:
    """Remove the tags nested deeper than ``max_depth``, keeping their text.

    Only called on pages :func:`nesting_depth` found too deep. Up to
    :data:`MAX_PRECISE_UNWRAP_TAGS` tags, the depth is followed tag by tag
    and only the tags below ``max_depth`` go; past it (a page built to
    hurt), every tag of a nesting element goes, in one C-level pass, and
    paragraphs, list items, cells and line breaks are what structure is left.

    Returns the new markup and the number of tags removed.
    """
    if markup.count("<") > MAX_PRECISE_UNWRAP_TAGS:
        parts = _SPLIT_NESTING.split(markup)
        removed = parts.count(None)
        return "".join(filter(None, parts)), removed

    depth = 0
    removed = 0

    def one(m: re.Match[str]) -> str:
        nonlocal depth, removed
        if m.group(1):
            depth += 1
            if depth > max_depth:
                removed += 1
                return ""
        elif m.group(2):
            if depth > 0:
                depth -= 1
                if depth >= max_depth:
                    removed += 1
                    return ""
        return m.group(0)

    return _UNWRAP.sub(one, markup), removed


# -- one pass ------------------------------------------------------------------


class PageScan:
    """What the guards need to know about a page, read in one pass.

    With ``cleanpage._guard`` built, all of it comes from one C pass over
    the text (exactly what the Python expressions below compute); without
    it, each fact is computed the first time it is asked for, by the same
    Python pass the guard would make on its own.

    Attributes:
        tags: ``text.count("<")``.
        longest_piece: the longest stretch between two ``>``.
        crowded: whether :func:`drop_excess_attributes` has a stretch to
            search (twice :data:`MAX_ATTRIBUTES` characters, half of them
            spaces or newlines: a tag with that many attributes needs both).
        illegal: whether :func:`replace_illegal` has anything to replace.
        depth: :func:`nesting_depth`.
        noscript: whether a ``<noscript`` tag may be in the page (``False``
            means there is none; without the C pass it is always ``True``).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        if _guard is not None:
            tags, longest, illegal, depth, noscript, crowded = _guard.scan(text, MAX_ATTRIBUTES)
            # instance attributes take precedence over the cached properties
            self.__dict__.update(tags=tags, longest_piece=longest, illegal=illegal > 0, depth=depth,
                                 noscript=noscript > 0, crowded=crowded > 0)

    @cached_property
    def tags(self) -> int:
        return self.text.count("<")

    @cached_property
    def longest_piece(self) -> int:
        return max(map(len, self.text.split(">")))

    @cached_property
    def crowded(self) -> bool:
        return self.longest_piece >= 2 * MAX_ATTRIBUTES

    @cached_property
    def illegal(self) -> bool:
        return _ILLEGAL.search(self.text) is not None

    @cached_property
    def depth(self) -> int:
        return _nesting_depth_regex(self.text)

    @cached_property
    def noscript(self) -> bool:
        return True


# -- time ----------------------------------------------------------------------

_CAN_FORK = hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


class _ChildFailed(Exception):
    """The child process died without a result (a crash, or out of memory)."""


def can_isolate() -> bool:
    """Whether this platform can run a page in a killable child process."""
    return _CAN_FORK


def call_with_timeout(func: Callable[[], T], timeout: float,
                      max_memory: int | None = None) -> T:
    """Run ``func()`` in a forked child process and return its result.

    The child is killed when ``timeout`` seconds have passed. Exceptions
    raised in the child are raised here.

    Raises:
        PageTimeout: the deadline passed.
        InputError: the child died without an answer (killed by a signal,
            out of memory).
    """
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, func, max_memory), daemon=True)
    deadline = time.monotonic() + timeout
    proc.start()
    sender.close()
    try:
        if not receiver.poll(max(0.0, deadline - time.monotonic())):
            if proc.is_alive() or proc.exitcode is None:
                raise PageTimeout(f"timeout: took longer than {timeout:g} s")
            raise InputError(_death(proc.exitcode))
        try:
            ok, payload = receiver.recv()
        except EOFError:
            proc.join(1)
            raise InputError(_death(proc.exitcode)) from None
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join()
        proc.close()
    if ok:
        return payload  # type: ignore[no-any-return]
    raise payload


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"error: the page crashed its worker process (signal {-exitcode})"
    return f"error: the worker process exited without a result (code {exitcode})"


def _child(conn: Any, func: Callable[[], Any], max_memory: int | None) -> None:
    if max_memory is not None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    try:
        msg: tuple[bool, Any] = (True, func())
    except MemoryError:
        msg = (False, InputError(f"error: out of memory (limit {max_memory} bytes)"))
    except BaseException as e:  # sent to the parent, which raises it
        msg = (False, e)
    try:
        conn.send(msg)
    except Exception as e:  # an unpicklable exception or result
        conn.send((False, RuntimeError(f"{type(e).__name__}: {e} (from {msg[1]!r:.200})")))
    conn.close()
    sys.stdout.flush()
    os._exit(0)
