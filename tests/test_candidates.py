"""BlockFilter.candidates: a document-wide search narrows the blocks a rule checks.

A rule that narrows its candidates must drop exactly what it drops when it
checks every block.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpage import Document
from cleanpage.filters._text import MAX_RULE_CHARS, containing
from cleanpage.filters.affiliate_disclosure import AffiliateDisclosure
from cleanpage.filters.cookie_notice import CookieNotice
from cleanpage.model import Block


def _doc(texts: list[str]) -> Document:
    return Document("text", blocks=[Block(i, t) for i, t in enumerate(texts)])


def test_containing_finds_each_block_once_in_order() -> None:
    doc = _doc(["No match here", "COOKIES and more cookies", "x", "We use Cookies."])
    assert [b.index for b in containing(doc, re.compile("cookie"))] == [1, 3]


def test_containing_reads_only_what_the_rules_read() -> None:
    doc = _doc(["a" * MAX_RULE_CHARS + " cookie", "cookie"])
    assert [b.index for b in containing(doc, re.compile("cookie"))] == [1]


def test_a_word_cut_by_the_joint_of_two_blocks_is_not_found() -> None:
    doc = _doc(["coo", "kie"])
    assert containing(doc, re.compile("cookie")) == []


_LINES = st.sampled_from([
    "We use cookies to improve your experience. Accept all cookies",
    "This website uses COOKIES.", "She baked cookies for the street.",
    "As an Amazon Associate we earn from qualifying purchases.",
    "We may earn a commission when you buy through links on our site.",
    "Affiliates earn a commission on each sale, the report found.",
    "Accept", "The council met on Tuesday to discuss the budget for next year.", "",
])


@settings(max_examples=200)
@given(st.lists(_LINES, max_size=12))
def test_narrowed_rules_drop_what_checking_every_block_drops(texts: list[str]) -> None:
    for rule in (CookieNotice(), AffiliateDisclosure()):
        narrowed, everything = _doc(texts), _doc(texts)
        rule.apply(narrowed)
        plain = type(rule)()
        plain.candidates = lambda doc: doc.blocks  # type: ignore[method-assign]
        plain.apply(everything)
        assert [(b.dropped_by, b.reason) for b in narrowed.blocks] == \
            [(b.dropped_by, b.reason) for b in everything.blocks]
