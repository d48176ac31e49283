"""drop_by_selector, drop_by_pattern: the filters that user rules become.

A rule file (see :mod:`cleanpage.config`) names its rules; these two
filters run them. Every drop's reason starts with ``rule NAME:`` so that
``--explain``, the visual report and ``cleanpage check-rules`` can say which
rule fired. They are registered (so ``--list-filters`` shows them) but are
in no preset: a pipeline gets them from a rule file, or by building them
directly::

    DropByPattern(rules=(PatternRule.from_text("most_read", "Most read", max_length=40),))

User patterns are untrusted: a regular expression can backtrack for
minutes on a short string. The guarantee is two-fold:

* a pattern only ever sees the first ``scan_chars`` characters of a block
  (2,000 by default), and only blocks no longer than its ``max_length``;
* each rule has a time budget per document (``budget_seconds``, 0.1 s by
  default), enforced inside the matcher by the ``regex`` module's
  ``timeout``. A rule that runs out is switched off for the rest of that
  document, which gets a note (its status becomes ``degraded``), so one bad
  pattern costs at most its budget per page and never hangs a batch.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from ..model import Block, Document
from ..pipeline import BaseFilter, BlockFilter, Stage, register
from ._dom import describe_node

log = logging.getLogger(__name__)

#: Rule names: letters, digits, ``_`` and ``-`` (they appear in reasons).
RULE_NAME = re.compile(r"^[\w-]{1,64}$")
_REASON_RULE = re.compile(r"^rule ([\w-]{1,64}): ")


def rule_of(reason: str | None) -> str | None:
    """The name of the user rule behind a drop reason, if a rule made it."""
    m = _REASON_RULE.match(reason or "")
    return m.group(1) if m else None


@dataclass(frozen=True, slots=True)
class SelectorRule:
    """Drop every element matching a CSS selector (and its whole subtree)."""

    name: str
    selector: str


@dataclass(frozen=True, slots=True)
class PatternRule:
    """Drop every block in which a pattern is found.

    Attributes:
        name: the rule's name, shown in reasons.
        pattern: a regular expression (``regex`` module syntax, a superset
            of ``re``), searched anywhere in the block.
        source: what the user wrote: the regex, or the literal text.
        literal: ``source`` is plain text, not a regex.
        case_sensitive: match case exactly (default: ignore case).
        max_length: only blocks of at most this many characters.
    """

    name: str
    pattern: str
    source: str
    literal: bool = False
    case_sensitive: bool = False
    max_length: int | None = None
    compiled: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_regex(cls, name: str, pattern: str, *, case_sensitive: bool = False,
              max_length: int | None = None) -> PatternRule:
        """A rule from a regular expression; raises ``ValueError`` if invalid."""
        return cls(name, pattern, pattern, False, case_sensitive, max_length,
                   compile_pattern(pattern, case_sensitive))

    @classmethod
    def from_text(cls, name: str, text: str, *, case_sensitive: bool = False,
                max_length: int | None = None) -> PatternRule:
        """A rule that finds ``text`` as is (no regex syntax)."""
        import regex

        pattern = regex.escape(text)
        return cls(name, pattern, text, True, case_sensitive, max_length,
                   compile_pattern(pattern, case_sensitive))


def compile_pattern(pattern: str, case_sensitive: bool = False) -> Any:
    """Compile a user pattern with the ``regex`` module.

    Raises:
        ValueError: the pattern does not compile, or it matches an empty
            string (it would then drop every block).
    """
    import regex

    flags = regex.V0 if case_sensitive else regex.V0 | regex.IGNORECASE
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error as e:
        raise ValueError(f"invalid regular expression {pattern!r}: {e}") from None
    try:
        empty = compiled.search("", timeout=0.05)
    except TimeoutError:
        empty = None
    if empty is not None:
        raise ValueError(f"pattern {pattern!r} matches an empty string, so it would drop every block")
    return compiled


@register
class DropBySelector(BaseFilter):
    """Drop elements matched by the CSS selectors of user rules (from a rule file).

    Drops: ``<aside class="rank-list">Most read …</aside>`` under the rule
    ``most_read = { selector = "aside.rank-list" }``.
    Keeps: ``<aside class="pull-quote">`` (the selector does not match).
    """

    name = "drop_by_selector"
    stage = Stage.DOM
    needs_html = True
    options = {"rules": ()}

    rules: tuple[SelectorRule, ...]

    def apply(self, doc: Document) -> None:
        body = doc.tree.body if doc.tree is not None else None
        if body is None:
            return
        for rule in self.rules:  # one CSS query per rule: the reason names the rule
            for node in body.css(rule.selector):
                doc.drop_node(node, self.name, f"rule {rule.name}: {describe_node(node)}")


@register
class DropByPattern(BlockFilter):
    """Drop blocks where a user rule's pattern or text is found (from a rule file).

    Drops: ``Most read`` under ``most_read = { text = "most read", max_length = 40 }``.
    Keeps: a 300-character paragraph that mentions "the most read story" (too long).
    """

    name = "drop_by_pattern"
    options = {"rules": (), "scan_chars": 2000, "budget_seconds": 0.1}

    rules: tuple[PatternRule, ...]
    scan_chars: int
    budget_seconds: float

    def apply(self, doc: Document) -> None:
        live = list(self.rules)
        budget = {rule.name: float(self.budget_seconds) for rule in live}
        for block in doc.blocks:
            if block.dropped_by is not None or not live:
                continue
            head = block.text[: self.scan_chars]
            for rule in list(live):
                if rule.max_length is not None and len(block.text) > rule.max_length:
                    continue
                left = budget[rule.name]
                start = time.perf_counter()
                try:
                    if left <= 0:
                        raise TimeoutError
                    m = rule.compiled.search(head, timeout=left)
                except TimeoutError:
                    live.remove(rule)
                    self._switched_off(doc, rule)
                    continue
                budget[rule.name] = left - (time.perf_counter() - start)
                if m is not None:
                    block.drop(self.name, f"rule {rule.name}: {_shown(m.group(0))}")
                    break

    def _switched_off(self, doc: Document, rule: PatternRule) -> None:
        note = (f"rule {rule.name} used up its {self.budget_seconds:g} s budget "
                "and was switched off for this page")
        log.warning("%s (%s)", note, doc.url or "no url")
        doc.notes.append(note)

    def check(self, block: Block) -> str | None:  # pragma: no cover - apply is overridden
        raise NotImplementedError


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
