"""The cheap gates in front of the text rules' patterns change no decision.

Each gate is a necessary condition for a pattern: these tests run the rule
and a plain reference that searches the patterns without the gate, on
lines built from the rule's own vocabulary (so that they match often) and
on near misses around it.
"""

from __future__ import annotations

import pickle
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

from cleanpage.filters import affiliate_disclosure as ad
from cleanpage.filters import boilerplate_sections as bs
from cleanpage.filters import call_to_action as cta
from cleanpage.filters import commerce_ui as cu
from cleanpage.filters import cookie_notice as cn
from cleanpage.filters import legal_line as ll
from cleanpage.filters._text import (
    AnyIn,
    Langs,
    _may_match_ascii,
    anywhere,
    keyword_test,
    pair_test,
    trie_alternation,
    words,
)
from cleanpage.model import Block
from cleanpage.phrases import alternation, phrases
from cleanpage.vocab import BOILERPLATE_HEADINGS, CALL_TO_ACTION, COMMERCE_LABELS

_SEPARATORS = ("", " ", " * ", " | ", "_", "-", "→", "\n", "...", " • ")
_FRAGMENTS = (
    *CALL_TO_ACTION, *cta._SIGNUP_WORDS, *cta._CONSENT_WORDS,
    "Book now", "BOOK NOW", "Check price at Acme", "5 min read", "Posts: 12", "Sent from my phone",
    "by signing up, you agree", "subscribe to our", "get updates", "the harbour", "Pier",
    "Ünïcödé", "ſign up", "İ", "K",
)

_lines = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.sampled_from(_SEPARATORS), st.text(max_size=6)),
    max_size=8,
).map("".join)


def _cta_reference(text: str, max_chars: int = 40, signup_words: int = 20) -> str | None:
    """call_to_action's decision with every pattern tried in order, no gate."""
    label = re.compile(
        r"^[\W_]*(?:" + alternation(CALL_TO_ACTION) + "|" + "|".join(cta.CALL_TO_ACTION_PATTERNS)
        + r")[\W_]*$", re.I)
    n = len(text)
    if n > 10 * max_chars:
        return None
    if n <= max_chars and label.match(text):
        return f"call to action {text.strip()!r}"
    if n <= 3 * max_chars and cta._FURNITURE.match(text):
        return f"page furniture {text.strip()[:50]!r}"
    if n <= 8 * max_chars:
        low = text.lower()
        n_words = len(cta._WORD.findall(text))
        if n <= 4 * max_chars and any(w in low for w in cta._SIGNUP_WORDS) and n_words <= signup_words:
            m = cta._SIGNUP.search(text)
            if m:
                return f"sign-up prompt {m.group(0)[:50]!r}"
        if any(w in low for w in cta._CONSENT_WORDS) and n_words <= 2 * signup_words:
            m = cta._CONSENT.search(text)
            if m:
                return f"consent line {m.group(0)[:50]!r}"
    m = cta._REPEATED.match(text)
    if m and label.match(m.group(1)):
        return f"call to action {m.group(1).strip()!r}, repeated"
    return None


@pytest.mark.parametrize("text", [
    "Book nowBook now", "Book now * Book now * Book now", "__Sign up__Sign up", "Sign up",
    "Talk to an ExpertTalk to an Expert", "Pier pier pier", "top top", "Top 10 top 10",
    "5 min read5 min read", "Learn more - learn more", "…Read more…Read more…", "Menu Menu Menux",
    "By signing up, you agree to our Terms.", "Join the list to get updates from us.", "",
])
def test_call_to_action_table(text: str) -> None:
    assert cta.CallToAction().check(Block(0, text)) == _cta_reference(text)


@settings(max_examples=1500, deadline=None)
@given(_lines)
def test_call_to_action_same_as_ungated(text: str) -> None:
    assert cta.CallToAction().check(Block(0, text)) == _cta_reference(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=4), max_size=8).map(tuple), st.text(max_size=30))
def test_any_in_is_any(keywords: tuple[str, ...], low: str) -> None:
    assert bool(AnyIn(keywords)(low)) == any(k in low for k in keywords)


def test_any_in_pickles_as_its_keywords() -> None:
    test = pickle.loads(pickle.dumps(AnyIn(("it's", "a\\b", '"q"'))))
    assert test("x it's") and test('say "q"') and test("a\\b") and not test("its")
    assert pickle.loads(pickle.dumps(keyword_test("cookie_notice", "phrases", ("en",))))("cookies")


def _affiliate_reference(text: str, max_words: int = 60) -> str | None:
    """affiliate_disclosure's decision with its keyword test as one pattern."""
    if len(text) > 12 * max_words or not re.search("|".join(ad._NEEDS), text.lower()):
        return None
    if len(ad._WORD.findall(text)) > max_words:
        return None
    m = ad._NOTICE.search(text)
    return f"affiliate notice {m.group(0)[:50]!r}" if m else None


_AFFILIATE = st.lists(st.one_of(
    st.sampled_from(("we", "I", "earn", "a fee", "A FEE", "fee", "commissions", "commiſſions", "this site", "as an",
                     "Amazon", "associate", "affiliate", "links", "from qualifying purchases",
                     "is supported by", "contains", " ", ", ", ". ", "receive")),
    st.text(max_size=4)), max_size=14).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(_AFFILIATE)
def test_affiliate_disclosure_same_as_one_pattern_gate(text: str) -> None:
    assert ad.AffiliateDisclosure().check(Block(0, text)) == _affiliate_reference(text)


def _with_alternation(pattern: re.Pattern[str], items: tuple[str, ...]) -> re.Pattern[str]:
    """``pattern`` with its trie of ``items`` written as the plain alternation."""
    trie = trie_alternation(items)
    assert trie in pattern.pattern
    return re.compile(pattern.pattern.replace(trie, alternation(items)), pattern.flags)


_ANCHORED = [
    (cu._LABEL, COMMERCE_LABELS),
    (bs._HEADING, BOILERPLATE_HEADINGS),
    (ll._only_legal(("en",)), phrases("page_chrome", "legal", ("en",))),
    (ll._only_legal(None), phrases("page_chrome", "legal", None)),
]


@pytest.mark.parametrize(("pattern", "items"), _ANCHORED)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_tries_accept_what_the_alternations_accept(pattern: re.Pattern[str], items: tuple[str, ...],
                                                   data: st.DataObject) -> None:
    # A pattern matched whole accepts the same lines whatever the order of its
    # alternatives: the trie only changes how fast a line fails.
    plain = _with_alternation(pattern, items)
    parts = st.one_of(st.sampled_from(items), st.sampled_from(_SEPARATORS), st.text(max_size=3))
    line = data.draw(st.lists(parts, max_size=5).map("".join))
    for text in (line, line.upper(), f"{line} 2"):
        assert bool(pattern.match(text)) == bool(plain.match(text))


def _first_items(items: Any) -> tuple[set[Any], bool]:
    """What may start a match of a parsed pattern: literal characters and
    categories, and whether it may match nothing (then what follows counts)."""
    firsts: set[Any] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return firsts | {chr(arg)}, False
        if name == "IN":
            return firsts | {chr(v) if str(o) == "LITERAL" else (str(o), str(v)) for o, v in arg}, False
        if name == "SUBPATTERN":
            sub, empty = _first_items(arg[-1])
        elif name == "BRANCH":
            parts = [_first_items(branch) for branch in arg[1]]
            sub, empty = set().union(*(p[0] for p in parts)), any(p[1] for p in parts)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            sub, empty = _first_items(arg[2])
            empty = empty or arg[0] == 0
        else:
            raise AssertionError(f"no rule for {name} in this test")
        firsts |= sub
        if not empty:
            return firsts, False
    return firsts, True


def test_every_call_to_action_pattern_starts_with_a_first_character() -> None:
    # The label patterns are tried only on lines whose next character is in
    # _PATTERN_FIRST (case-insensitively): each pattern must start with one.
    allowed = {*"bcfghlsv", ("CATEGORY", "CATEGORY_DIGIT")}
    assert re.fullmatch(r"\[\\d[a-z]+\]", cta._PATTERN_FIRST) and set(cta._PATTERN_FIRST[3:-1]) == set("bcfghlsv")
    for pattern in cta.CALL_TO_ACTION_PATTERNS:
        firsts, empty = _first_items(sre_parse.parse(pattern, re.I))
        assert not empty and firsts <= allowed, (pattern, firsts)


@pytest.mark.parametrize("text", [
    "We may earn a fee when you buy.", "WE MAY EARN A FEE", "We feel we earn a fee", "coffee, we earn commiſſions",
    "coffee: as an Amazon aſſociate, I earn", "We earn a fee ſometimes", "Feedback welcome.",
])
def test_affiliate_disclosure_table(text: str) -> None:
    assert ad.AffiliateDisclosure().check(Block(0, text)) == _affiliate_reference(text)


_COOKIE_LANGS = (("en",), ("de", "en"), ("es", "en"), ("fr", "en"), None)


def _cookie_reference(text: str, langs: Langs, max_words: int = 80) -> str | None:
    """cookie_notice's decision with its keyword test alone in front of the pattern."""
    if words(text) > max_words or not keyword_test("cookie_notice", "phrases", langs)(text.lower()):
        return None
    m = anywhere("cookie_notice", "phrases", langs).search(text)
    return f"cookie/consent phrase {m.group(0)!r}" if m else None


def _cookie_lines() -> st.SearchStrategy[str]:
    vocab = sorted({w for langs in _COOKIE_LANGS for p in phrases("cookie_notice", "phrases", langs) for w in p.split()})
    return st.lists(st.one_of(
        st.sampled_from(vocab), st.sampled_from(("We USE", "This WEBSITE", "Cookies", "ı", "ſ", "K", "İ", ", ", ". ")),
        st.text(max_size=3)), max_size=10).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(_cookie_lines(), st.sampled_from(_COOKIE_LANGS))
def test_cookie_notice_same_as_keyword_gate(text: str, langs: Langs) -> None:
    rule = cn.CookieNotice()
    rule.langs = langs
    assert rule.check(Block(0, text)) == _cookie_reference(text, langs)


@pytest.mark.parametrize("langs", _COOKIE_LANGS)
def test_pair_test_lets_every_phrase_through(langs: Langs) -> None:
    test = pair_test("cookie_notice", "phrases", langs)
    for phrase in phrases("cookie_notice", "phrases", langs):
        for text in (phrase, phrase.upper(), f"x {phrase.title()}."):
            if text.isascii():
                assert test(text.lower()), text


def test_pair_test_pickles_and_knows_ascii_twins() -> None:
    test = pickle.loads(pickle.dumps(pair_test("cookie_notice", "phrases", ("en",))))
    assert test("by using this site, you agree") and not test("using the website")
    assert _may_match_ascii("kullanıyoruz") and _may_match_ascii("ſite") and not _may_match_ascii("política")
