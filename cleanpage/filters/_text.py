"""Small helpers shared by the text rules."""

from __future__ import annotations

import re

from ..phrases import alternation, phrases

#: Text rules look at no more than this many characters of a block, so a
#: pathological block cannot make a pattern slow.
MAX_RULE_CHARS = 2000
#: Punctuation, bullets and dashes that may frame a boilerplate line.
FRAME = r"[\s\W_]*"


def words(text: str) -> int:
    return len(text.split())


def whole_line(section: str, key: str) -> re.Pattern[str]:
    """Matches a line that is one of the phrases, framed by punctuation only."""
    return re.compile(rf"^{FRAME}{alternation(phrases(section, key))}{FRAME}$", re.I)


def line_start(section: str, key: str, sep: str = "") -> re.Pattern[str]:
    """Matches a line that starts with one of the phrases (then ``sep``)."""
    return re.compile(rf"^{FRAME}{alternation(phrases(section, key))}\b{sep}", re.I)


def anywhere(section: str, key: str) -> re.Pattern[str]:
    """Matches one of the phrases anywhere, on word boundaries."""
    return re.compile(rf"(?<!\w){alternation(phrases(section, key))}(?!\w)", re.I)
