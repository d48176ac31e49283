"""call_to_action: buttons and page furniture left as text ("Sign up", "Learn more")."""

from __future__ import annotations

import re

from ..model import Block
from ..pipeline import BlockFilter, register
from ..vocab import (
    CALL_TO_ACTION,
    CALL_TO_ACTION_PATTERNS,
    CONSENT_LINE,
    FURNITURE_PATTERNS,
    SIGNUP_PROMPT,
)
from ._text import AnyIn, lowered, trie_alternation

#: The first character of every pattern (the tests derive them from the patterns):
#: a line that starts with any other skips the patterns in one step.
_PATTERN_FIRST = r"[\dbcfghlsv]"
# A trie, not a longest-first alternation: anchored at both ends, both accept
# the same lines, and the trie fails a line in a few steps instead of 150.
_LABEL_BODY = (
    "(?:" + trie_alternation(CALL_TO_ACTION)
    + "|(?=" + _PATTERN_FIRST + ")(?:" + "|".join(CALL_TO_ACTION_PATTERNS) + "))"
)
#: A label may end in a short note in brackets: "Check price at Acme (on sale!)".
_LABEL = re.compile(r"^[\W_]*" + _LABEL_BODY + r"[\W_]*(?:\([^()]{1,20}\)[\W_]*)?$", re.I)
#: A line that starts like a label: ``_LABEL`` needs it, and so does a repeated
#: label (its first copy starts the line, after ``[\W_]*``, and matches
#: ``_LABEL``). The body has no anchor or lookaround, so a match inside the
#: copy is also a match at the same place in the line. Most lines fail it at
#: their first letters and skip both patterns.
_LABEL_START = re.compile(r"^[\W_]*" + _LABEL_BODY, re.I)
_FURNITURE = re.compile(r"^[\W_]*(?:" + "|".join(FURNITURE_PATTERNS) + r")[\W_]*$", re.I)
_SIGNUP = re.compile(SIGNUP_PROMPT, re.I)
_CONSENT = re.compile(CONSENT_LINE, re.I)
_WORD = re.compile(r"\w+")
#: A label printed several times over: a button with its hover copy, a marquee.
_REPEATED = re.compile(r"^[\W_]*(\w.{1,38}?)(?:[\W_]*\1)+[\W_]*$", re.I | re.S)
#: Words each pattern needs (its last group), tested on the lower-cased
#: text before the case-insensitive pattern; the drop tables in the tests hold
#: a positive for every alternative, so one missing here fails there.
_SIGNUP_WORDS = ("newsletter", "updates", "new posts", "email", "inbox", "notification", "mailing list")
_CONSENT_WORDS = ("agree", "consent", "accept", "acknowledge")
_SIGNUP_NEEDS = AnyIn(_SIGNUP_WORDS)
_CONSENT_NEEDS = AnyIn(_CONSENT_WORDS)
#: Either list: most lines have none, and one test rules out both.
_ANY_NEEDS = AnyIn(_SIGNUP_WORDS + _CONSENT_WORDS)


@register
class CallToAction(BlockFilter):
    """Drop calls to action and page furniture standing alone: "Sign up", "Learn more →", "Back to top".

    Drops: ``Get started for free``, ``Check price at Acme``, ``Book now * Book now * Book now``.
    Keeps: ``Learn more about the survey in the appendix.`` (a sentence, not a label).
    """

    name = "call_to_action"
    options = {"max_chars": 40, "signup_words": 20}

    def check(self, block: Block) -> str | None:
        text = block.text
        n = len(text)
        max_chars = self.max_chars
        if n > 10 * max_chars:
            return None
        label_start = _LABEL_START.match(text) is not None
        if label_start and n <= max_chars and _LABEL.match(text):
            return f"call to action {text.strip()!r}"
        if n <= 3 * max_chars and _FURNITURE.match(text):
            return f"page furniture {text.strip()[:50]!r}"
        # (past 4 * max_chars only the consent line is looked for: its words suffice)
        needs = _ANY_NEEDS if n <= 4 * max_chars else _CONSENT_NEEDS
        if n <= 8 * max_chars and needs(low := lowered(text)):
            n_words = -1
            if n <= 4 * max_chars and _SIGNUP_NEEDS(low):
                n_words = len(_WORD.findall(text))
                if n_words <= self.signup_words:
                    m = _SIGNUP.search(text)
                    if m:
                        return f"sign-up prompt {m.group(0)[:50]!r}"
            if _CONSENT_NEEDS(low):
                if n_words < 0:
                    n_words = len(_WORD.findall(text))
                if n_words <= 2 * self.signup_words:
                    m = _CONSENT.search(text)
                    if m:
                        return f"consent line {m.group(0)[:50]!r}"
        m = _REPEATED.match(text) if label_start else None
        if m and _LABEL.match(m.group(1)):
            return f"call to action {m.group(1).strip()!r}, repeated"
        return None
