"""The one-pass guard scan (cleanpage/_guard.c) against the Python expressions it replaces."""

from __future__ import annotations

import random
import re

import pytest

from cleanpage import limits
from cleanpage.limits import PageScan

_guard = pytest.importorskip("cleanpage._guard")

# Pieces that exercise every rule of the depth estimate: comments, raw-text
# elements (with re's case folding: ſ, ı, İ), flat and nesting tags in each
# case, word boundaries, Unicode spaces before ">", illegal characters.
PIECES = (
    "<", ">", "/", "!", "-", "--", "<!--", "-->", "div", "DIV", "Div", "p", "P", "a", "A", "br", "img",
    "IMG", "Img", "li", "td", "tr", "thead", "option", "optgroup", "rtc", "nobr", "button", "form",
    "FORM", "x-y", "script", "SCRIPT", "ſcript", "scrİpt", "scrıpt", "style", "svg", "math", "title",
    "textarea", "xmp", "noscript", "NoScript", "</script", "</SCRIPT", "</ſcript", "</style", " ", "\t",
    "\n", "\u00a0", "\u2003", "\x85", "x", "é", "_", ":", '"', "'", "=", "1", "\u212a", "ä",
    "\x00", "\x1b", "\x7f", "\x93", "\ud800", "\ufdd0", "\ufffe", "\uffff", "\U0001F600",
)


def python_facts(text: str, max_attributes: int = limits.MAX_ATTRIBUTES) -> tuple[int, ...]:
    pieces = text.split(">")
    crowded = 0
    for p in pieces:
        if len(p) >= 2 * max_attributes and p.count(" ") + p.count("\n") >= max_attributes:
            tag = re.search("<[a-zA-Z]", p)
            crowded += tag is not None and sum(ch.isspace() for ch in p[tag.start():]) >= max_attributes
    return (text.count("<"), max(map(len, pieces)), len(limits._ILLEGAL.findall(text)),
            limits._nesting_depth_regex(text), crowded)


def c_facts(text: str, max_attributes: int = limits.MAX_ATTRIBUTES) -> tuple[int, ...]:
    tags, longest, illegal, depth, _, crowded = _guard.scan(text, max_attributes)
    return tags, longest, illegal, depth, crowded


@pytest.mark.parametrize("seed", range(4))
def test_scan_matches_the_python_guards(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        assert c_facts(text, 3) == python_facts(text, 3), repr(text)


@pytest.mark.parametrize("text", [
    "", "<", ">", "<!--", "<!---->", "<!-->x<div>", "<script>a</script ><div>", "<script>a</script x><div>",
    "<scripts><div>", "<svg><path/></svg><div>", "<textarea><div></textarea\u3000>",
    "<div>" * 600 + "x" + "</div>" * 600, "<p " + " ".join(f"a{i}" for i in range(1500)) + ">",
])
def test_scan_edge_cases(text: str) -> None:
    for form in (text, text + "é", text + "\u2019", text + "\U0001F600"):  # each string kind
        assert c_facts(form) == python_facts(form)


KINDS = ("", "é", "\u2019", "\U0001F600")  # prefixes that give each string kind


@pytest.mark.parametrize("kind", KINDS)
def test_scan_sees_every_position_of_a_block(kind: str) -> None:
    # With SSE2 the loop tests 16 bytes at a time and visits only the
    # characters that may matter: each one, at each offset, must be seen.
    filler = "ab cd\tef" * 8
    for piece in ("<", ">", "<p", "</div>", "<script>", "<!--", "\x00", "\x1f", "\x7f", "\x93", "\xa0",
                  "\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufdf0", "\ufffd", "\ufffe", "\uffff"):
        for at in range(40):
            text = kind + filler[:at] + piece + filler[at:] + "<div " + " " * 40 + "x>"
            for max_attributes in (3, 20):
                assert c_facts(text, max_attributes) == python_facts(text, max_attributes), (piece, at)


@pytest.mark.parametrize("kind", KINDS)
def test_scan_counts_spaces_of_long_pieces(kind: str) -> None:
    # Spaces are counted 16 bytes at a time, in rounds of 255 blocks.
    for text in ("<p " + "a " * 5000 + ">", "<p " + "a\n" * 2500 + "bb" * 2000 + "<i " + " " * 3000 + ">",
                 "x" * 9000 + "<a" + " " * 4999 + ">"):
        for max_attributes in (1, 2400, 2500, 2501, 4999, 5000, 5001):
            form = kind + text
            assert c_facts(form, max_attributes) == python_facts(form, max_attributes), max_attributes


def test_noscript_is_a_superset() -> None:
    assert _guard.scan("<noscript>x</noscript>", 1000)[4] == 1
    assert _guard.scan("<NOSCRIPT>", 1000)[4] == 1
    assert _guard.scan("<p>noscript</p><nosc", 1000)[4] == 0


def test_page_scan_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "<div>\x00<noscript>x</noscript>" + "<p>" * 3
    fast = PageScan(text)
    monkeypatch.setattr(limits, "_guard", None)
    slow = PageScan(text)
    assert (fast.tags, fast.longest_piece, fast.illegal, fast.depth) == (
        slow.tags, slow.longest_piece, slow.illegal, slow.depth)
    assert not fast.crowded and not slow.crowded
    assert slow.noscript and fast.noscript
    assert not PageScan("<p>x</p>").illegal
