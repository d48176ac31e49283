"""The C walk (cleanpage/_walk.c) against the pure-Python segmentation.

The Python path is the reference: on every page below, both must give the
same blocks (text, tag, gap, link characters, links, images, drop) from the
same elements (compared by their chain of ancestor tags, since the C walk
numbers elements in document order and the Python path numbers dropped
inline elements last).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import selectolax
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpage import Pipeline, segment
from cleanpage.model import Document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BUILT = importlib.util.find_spec("cleanpage._walk") is not None
DISABLED = os.environ.get("CLEANPAGE_NATIVE", "1") == "0"
UNCHECKED = not selectolax.__version__.startswith(segment.CHECKED_SELECTOLAX) and (
    os.environ.get("CLEANPAGE_NATIVE") != "force")
pytestmark = [
    pytest.mark.skipif(UNCHECKED, reason=f"selectolax {selectolax.__version__}: the walk's layout is "
                       "checked for 1.0.x only (CLEANPAGE_NATIVE=force to try)"),
    pytest.mark.skipif(not BUILT, reason="the C walk is not compiled here (no compiler at install)"),
    pytest.mark.skipif(DISABLED, reason="CLEANPAGE_NATIVE=0: the Python path is under test"),
]
DOM_FILTERS = [f for f in Pipeline.preset("default").filters if f.stage == 0]


@contextmanager
def _walk_used(native: bool) -> Iterator[None]:
    """Run the block with the C walk (the built one) or with the Python paths."""
    walk = segment._native()
    assert walk is not None
    saved = segment._NATIVE[:]
    segment._NATIVE[:] = [walk if native else None]
    try:
        yield
    finally:
        segment._NATIVE[:] = saved


def _segment(html: str, native: bool, drops: tuple[str, ...] = (), dom: bool = False) -> list:
    """Blocks of ``html`` with the C walk (DOM helpers included) or without it."""
    with _walk_used(native):
        return _run(html, native, drops, dom)


def _run(html: str, native: bool, drops: tuple[str, ...], dom: bool) -> list:
    doc = Document("html")
    doc.tree = segment.parse(html)
    segment.drop_non_text(doc.tree)
    body = doc.tree.body
    if body is None:
        return []
    doc.body_chars = len(body.text())
    for i, sel in enumerate(drops):
        for node in body.css(sel):
            doc.drop_node(node, f"f{i}", sel)
    if dom:
        for f in DOM_FILTERS:
            f.apply(doc)
    segment.segment_html(doc)
    els = doc.elements

    def chain(e: int) -> tuple:
        out = []
        while e >= 0:
            out.append((els[e].tag, els[e].depth, els[e].in_link, tuple(sorted(els[e].attrs.items())),
                        tuple(sorted(els[e].hints.items()))))
            e = els[e].parent
        return tuple(out)

    return [(b.text, b.tag, b.gap, b.link_chars, b.links, b.images, b.dropped_by, b.reason,
             chain(b.element)) for b in doc.blocks]


@pytest.mark.parametrize(("selector", "expected"), [
    ("nav", False), ("main", True), ("section", True), ("custom-tag", True), ("time", False), ("span", True),
    ('[role="navigation"]', False), ('[role="MAIN"]', True), ("[itemprop=articleBody]", True),
    ('[itemprop="text"]', False), ('[style*="display:none" i]', True),
    ('[style*="visibility: hidden" i]', False), ('[class~="x"]', True),
])
def test_page_facts_leave_out_only_selectors_that_cannot_match(selector: str, expected: bool) -> None:
    tree = segment.parse('<main role="main"><section itemprop="articleBody" style="DISPLAY:NONE">'
                         "<custom-tag>x</custom-tag></section></main>")
    walk = segment._native()
    assert walk is not None
    facts = walk.facts(tree.body)
    assert facts.may_match(selector) is expected
    # and the selectors it keeps are all that Lexbor matches
    if not expected:
        assert tree.body.css(selector) == []


def test_native_walk_is_used_when_built() -> None:
    assert segment._native() is not None, "the C walk failed its self-check: see segment._native"


PAGES = sorted(str(p.relative_to(CORPUS)) for p in [*CORPUS.glob("*/input.html"), *CORPUS.glob("*/page.html")])


def test_there_are_corpus_pages() -> None:
    assert len(PAGES) >= 15


@pytest.mark.parametrize("page", PAGES)
def test_corpus_pages_segment_identically(page: str) -> None:
    html = (CORPUS / page).read_bytes().decode("utf-8", errors="replace")
    assert _segment(html, True, dom=True) == _segment(html, False, dom=True)


CASES = [
    "<p>one <a href='/x'>two</a>  three</p><p>four<br>five<br></p>",
    "<pre>  a\n\n  b  <a href=x>c</a>\n</pre><p> after </p>",
    "<div>lead <span class=d>dropped <div>block inside</div> tail</span> rest</div>",
    "<ul><li><a href=/1><div>card title</div><p>card text</p></a></li><li>plain</li></ul>",
    "<p><img src=a.png alt='  two   words '></p><p>text after image</p>",
    "<p><a href=''>empty href</a> <a>no href</a> <a href=/ok> spaced </a></p>",
    "<table><tr><td colspan=2 rowspan=0>a</td><th>b</th></tr></table><ol start=3><li>x</li></ol>",
    ("<table><tr><td data-x=1 colspan=2 ROWSPAN='3' class=c>a</td><th style=s start=4>b</th></tr></table>"
     "<ol reversed start=3 data-start=9><li>x</ol><pre data-colspan=1 class='lang-py'>code</pre><td colspan=5>"),
    "<p>\u00a0nbsp\u3000ideographic\u2028line\u200bzero-width\u00a0</p>",
    "<div class=d><p>all dropped</p></div><b class=d>inline dropped</b><p>kept</p>",
    "<p>x<b class=d>y<i class=d>z</i></b>w</p>",
    "<span class=d>unclosed <p>para",
    # words across inline boxes (segment._glue)
    "<p><a href=/p><span><span>Osprey</span><span>Atmos</span></span></a><span>$195</span></p>",
    "<p><a href=/a>home</a><a href=/b>About</a><a href=/c></a><a href=/d>Blog</a> x</p>",
    "<p><span>one</span><!-- c --><span>Two</span><span></span><span>Three</span></p>",
    "<p><span>a</span><span><img src=i.png>B</span><span>c</span><br><span>D</span></p>",
    "<p><span>a<div>b</div></span><span>C</span><span>d</span><span><div>E</div></span></p>",
    "<p><b>x</b><b class=d>Y</b><b>Z</b><i class=d>w</i><i>V</i></p>",
    "<pre><span>a</span><span>B</span></pre><p><code>json.</code><code>Dump</code><kbd>c</kbd><b>D</b></p>",
    "<p><span>a</span><a href=/x><b></b><span>B</span></a><a href=/y><span>c</span></a>\u00a0<b>D</b></p>",
    "<p>" + "<span>" * 400 + "a" + "</span>" * 400 + "<i>" * 400 + "B" + "</i>" * 400 + "</p>",
    "<p><span>z</span><span>\u00c9t\u00e9</span><span>\u00e9</span><span>\u20ac5</span><span>\u6f22</span></p>",
]


@pytest.mark.parametrize("html", CASES)
def test_cases_segment_identically(html: str) -> None:
    assert _segment(html, True, (".d",)) == _segment(html, False, (".d",))


_TAGS = ["p", "div", "li", "ul", "td", "tr", "table", "pre", "h2", "span", "b", "a", "section", "br", "img",
         "code", "!--"]
_TEXT = st.lists(st.sampled_from(list("ab \n\t\u00a0\u2003é中.AÉ$") + ["  ", "&amp;", "x y"]),
                 max_size=6).map("".join)


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth > 4 or draw(st.booleans()):
            parts.append(draw(_TEXT))
            continue
        tag = draw(st.sampled_from(_TAGS))
        cls = " class=d" if draw(st.integers(0, 5)) == 0 else ""
        if tag == "br":
            parts.append(f"<br{cls}>")
        elif tag == "!--":
            parts.append("<!-- c -->")
        elif tag == "img":
            parts.append(f"<img src=i{len(parts)}.png alt='{draw(_TEXT)}'{cls}>")
        elif tag == "a":
            href = draw(st.sampled_from(["", " href=''", " href=/p"]))
            parts.append(f"<a{href}{cls}>{draw(_html(depth + 1))}</a>")
        else:
            parts.append(f"<{tag}{cls}>{draw(_html(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=300)
@given(_html())
def test_generated_pages_segment_identically(html: str) -> None:
    assert _segment(html, True, (".d",)) == _segment(html, False, (".d",))


def test_character_references_to_sentinels_are_not_marks() -> None:
    # limits.replace_illegal takes U+FDD0..U+FDEF out of the markup, but a
    # character reference puts them in a text node: the C walk must not read
    # them as link, image or break marks (a spoofed link, text lost).
    html = ("<p><a href=/a>A</a> x&#xFDD3;&#xF0000;spoof&#xFDD4; &#xFDD6;&#xF0000;y&#xFDD5;z"
            "&#64979;&#983040;w</p>")
    blocks = _segment(html, True)
    assert blocks == _segment(html, False)
    assert [(b[0], b[4], b[5]) for b in blocks] == [
        ("A x\ufffd\U000f0000spoof\ufffd \ufffd\U000f0000y\ufffdz\ufffd\U000f0000w", [(0, 1, "/a")], None)]


@pytest.mark.parametrize("page", PAGES)
def test_stripping_only_present_tags_leaves_the_same_tree(page: str) -> None:
    html = (CORPUS / page).read_bytes().decode("utf-8", errors="replace")
    html += "<svg><title>t</title></svg><template><p>x</p></template><select><option>o</select>"
    ours, reference = segment.parse(html), segment.parse(html)
    segment.drop_non_text(ours)
    reference.strip_tags(list(segment.NON_TEXT_TAGS))
    assert ours.html == reference.html


def _strip_reference(html: str) -> tuple[Any, tuple[int, int], list[Any]]:
    """The tree, (noscript characters before, body characters after) and the
    non-text elements (held across the removal) as strip_tags leaves them."""
    tree = segment.parse(html)
    held = tree.css(",".join(segment.NON_TEXT_TAGS))
    noscript = sum(len(n.text(deep=True)) for n in tree.css("noscript"))
    tree.strip_tags(list(segment.NON_TEXT_TAGS))
    return tree, (noscript, len(tree.body.text(deep=True)) if tree.body is not None else 0), held


def _held(nodes: list[Any]) -> list[tuple[str, str | None]]:
    return [(n.html, n.parent.tag if n.parent is not None else None) for n in nodes]


STRIP_CASES = [
    "<svg><noscript><noscript>ab</noscript>c</noscript><script>x</script><title>t</title></svg>",
    ("<head><script>a</script><title>t</title><noscript><p>z</p></noscript></head>"
     "<body><select><option>o<script>s</script></select><math><style>q</style></math>"),
    "<template><script>x</script><p>in template</p></template><object><embed><iframe>y</iframe></object>",
    "<frameset><frame></frameset>", "<noscript>" + "<div>" * 5000 + "x", "<svg>" * 3000 + "<script>z",
    "<div>" * 20000 + "deep<script>s</script>", "", "x", "<html><head></head></html>", "<head></head>",
    ("<body><noscript>aaa<p>bb</noscript><textarea><b>q</b></textarea><button><video><audio>x</audio>"
     "</video></button><map><area></map><canvas>c</canvas>"),
    "<math><mi><svg><foreignObject><noscript>n</noscript><input><select><style>s</style>",
    "<table><script>t</script><tr><td><style>u</style>cell</td></tr></table>",
    "<svg><title>a</title><svg><title>b</title></svg></svg><title>doc</title>",
    "<p>" + "<b>x</b><script>y</script>" * 3000,
]


@pytest.mark.parametrize("html", STRIP_CASES + [(CORPUS / p).read_bytes().decode("utf-8", "replace")
                                                for p in PAGES[:8]])
def test_one_pass_strip_leaves_what_strip_tags_leaves(html: str) -> None:
    tree = segment.parse(html)
    held = tree.css(",".join(segment.NON_TEXT_TAGS))
    counts = segment.drop_non_text(tree)
    reference, reference_counts, reference_held = _strip_reference(html)
    assert segment._native().remove, "Lexbor's node removal was not found: the one pass is unused"
    assert tree.html == reference.html
    assert counts == reference_counts
    assert (tree.head is None, tree.body is None) == (reference.head is None, reference.body is None)
    # the removed subtrees themselves: an element inside another goes first
    # when its tag comes earlier in NON_TEXT_TAGS
    assert _held(held) == _held(reference_held)


def test_noscript_count_can_be_skipped() -> None:
    tree = segment.parse("<p>text</p><noscript><p>hidden</p></noscript>")
    assert segment.drop_non_text(tree, noscript=False) == (0, 4)


# ---- the names pass and the class/id vocabulary in C -------------------------

def _names(html: str, native: bool) -> tuple[tuple[set[str], set[str]], dict]:
    """(class names, ids) and concept_names of ``html``, with the C walk and
    matcher or with the Python path (a CSS query and the regular expression)."""
    from cleanpage.filters import _dom

    with _walk_used(native):
        doc = Document("html")
        doc.tree = segment.parse(html)
        classes, ids = _dom.page_names(doc)
        # (the Python path lists an id made only of spaces as ""; it matches nothing)
        return (set(classes.split("\n")) - {""}, set(ids.split("\n")) - {""}), _dom.concept_names(doc)


NAME_CASES = [
    # uppercase, and tokens that overlap or nest (the longest one at a position wins)
    '<div class="POST-SHARE-bar Social-Share sharebar jp-RelatedPosts">a</div><p id="Comments-Area">b</p>',
    '<div class="advertisement ad-slot-x adslot author-biography author-bio-related-">a</div>',
    '<div class="Product-DetailShare-x author-biographyarpp" id="author-descriptionewsletter">a</div>',
    # empty and blank class attributes and ids
    '<div class="" id="">a</div><p class="   " id="  ">b</p><i class>c</i>',
    # Unicode whitespace splits class names (as str.split does) and is stripped from ids
    '<div class="share-\u00a0bar\u3000related-posts\u2028x\u0085cookie" id="\u2003newsletter-box\u00a0">a</div>',
    # non-ASCII names: the Kelvin sign lower-cases to "k", U+0130 changes length
    '<div class="coo\u212Aie-bar \u0130share-box caf\u00e9-comments \u00dfadvert">a</div>',
    '<div class="\u0130\u0130 comment-list">a</div><p id="Stra\u00dfe-related-">b</p>',
    # names a CSS query cannot quote, control characters, long names
    '<div class=\'a"share-b b\\\\comments\' id="x\x01comments">a</div><p class="c\x1ccookie">b</p>',
    '<div class="' + "cookie" * 34 + " " + "cookie" * 33 + '">a</div>',
    # ids with inner whitespace, repeated names
    '<div id="cookie bar" class="advert advert ADVERT">a</div><div id="cookie\tbar" class="advert">b</div>',
    # a huge class attribute
    '<div class="' + " ".join(f"c{i}-share x{i % 7}" for i in range(20000)) + '">a</div>',
]


def _vocabulary_nodes(html: str, native: bool) -> dict[str, list[tuple[str, str]]]:
    """concept -> the elements ``vocabulary_nodes`` finds (C walk or Lexbor query)."""
    from cleanpage.filters import _dom

    with _walk_used(native):
        doc = Document("html")
        doc.tree = segment.parse(html)
        out = {}
        for concept in _dom._CONCEPT_ORDER:
            # (Lexbor lists an element once per selector it matches: the first counts)
            nodes = {n.mem_id: n for n in _dom.vocabulary_nodes(doc, concept)}
            out[concept] = [(n.tag, n.text()) for n in nodes.values()]
        return out


@pytest.mark.parametrize("html", NAME_CASES, ids=range(len(NAME_CASES)))
def test_names_and_vocabulary_match_the_python_path(html: str) -> None:
    assert _names(html, True) == _names(html, False)
    assert _vocabulary_nodes(html, True) == _vocabulary_nodes(html, False)


def test_vocabulary_nodes_are_lexbors() -> None:
    from cleanpage.filters import _dom

    assert _dom._node_maker_works(segment._native()), "the C walk cannot make selectolax nodes here"
    html = ('<body class="cookie"><div class="a\tCookie cookie-bar" id="Comments">one</div>'
            '<p class="cookie-bar\u00a0x">two</p><p id=" comments">three</p><p id="comments">four</p></body>')
    found = _vocabulary_nodes(html, True)
    assert found["widget:cookie"] == [("body", "onetwothreefour"), ("div", "one")]
    assert found["comments"] == [("div", "one"), ("p", "four")]
    assert found == _vocabulary_nodes(html, False)


def test_vocabulary_finds_the_names() -> None:
    (classes, ids), concepts = _names(NAME_CASES[0], True)
    assert classes == {"POST-SHARE-bar", "Social-Share", "sharebar", "jp-RelatedPosts"}
    assert ids == {"Comments-Area"}
    assert concepts["comments"] == (set(), {"Comments-Area"})
    assert concepts["widget:share"][0] == {"POST-SHARE-bar", "Social-Share"}
    assert _names(NAME_CASES[8], True)[1]["widget:cookie"][0] == {"cookie" * 33}
    # the longest token at a position wins: "product-details" hides "share-", as in the regex
    assert "widget:share" not in _names(NAME_CASES[2], True)[1]


_NAME = st.lists(st.sampled_from(["share", "Share", "-", "_", "ad", "slot", "related", "posts", "jp",
                                  "author", "bio", "graphy", "yarpp", "product-", "detail", "comment", "s", "list", "cookie", "COOKIE",
                                  "\u212a", "\u0130", "\u00e9", "\u00a0", " ", "\t", '"', "x"]),
                 max_size=8).map("".join)


@settings(max_examples=200)
@given(st.lists(st.tuples(_NAME, _NAME), max_size=6))
def test_generated_names_match_the_python_path(attrs: list[tuple[str, str]]) -> None:
    from html import escape

    html = "".join(f'<div class="{escape(c)}" id="{escape(i)}">x{n}</div>' for n, (c, i) in enumerate(attrs))
    assert _names(html, True) == _names(html, False)
    assert _vocabulary_nodes(html, True) == _vocabulary_nodes(html, False)


def test_vocab_trie_rejects_what_it_cannot_match() -> None:
    walk = segment._native()
    assert walk is not None
    for tokens in (["Share"], [""], ["caf\u00e9"]):
        with pytest.raises(ValueError):
            walk.walk.vocab_trie(tokens, [1])
    trie = walk.walk.vocab_trie(["ad", "adv", "advert"], [1, 2, 4])
    assert walk.walk.vocab_match(trie, "ADVERTISE\nadvx\nxx\nad ad\nb\u00e9ad") == (
        [("ADVERTISE", 4), ("advx", 2)], ["b\u00e9ad"])


HIDDEN_CASES = [
    '<div style="DISPLAY:NONE">a</div><p style="x; Display: None">b</p><p style="display :none">c</p>',
    '<div style="di\u017fplay:none">a</div><p style="d\u0130splay:none">b</p><p style="visibility:HIDDEN">c</p>',
    ('<div class="sr-only">a</div><p class="SR-ONLY hidden-xs">b</p><p class="x\u00a0hidden">c</p>'
     '<p class="a\thidden" style="color:red">d</p><p style>e</p><p style="">f</p>'),
    '<body class="hide" style="display:none"><div class="hide"><p style="display:none">x</p></div></body>',
]


@pytest.mark.parametrize("html", HIDDEN_CASES, ids=range(len(HIDDEN_CASES)))
def test_hidden_nodes_are_lexbors(html: str) -> None:
    from cleanpage.filters import _dom
    from cleanpage.filters.drop_hidden import DropHidden

    doc = Document("html")
    doc.tree = segment.parse(html)
    ours = _dom.selected_nodes(doc, _dom.HIDDEN)
    assert ours is not None
    theirs = {n.mem_id: n for n in doc.tree.body.css(DropHidden().selector(doc))}
    assert [n.mem_id for n in ours] == list(theirs)


GROUP_PAGE = (
    '<body role="main"><HEADER role="Banner">h</HEADER><div role="navigation ">n</div>'
    '<div role="navigation"><menu>m</menu></div><main><article itemprop="ArticleBody">a'
    '<div itemprop="articleBody">b</div><section itemprop="text description">c</section>'
    '<p itemprop="reviewBody" role="complementary search">d</p></article></main>'
    '<aside role="complementary"><form><fieldset>f</fieldset></form></aside>'
    '<footer role="contentinfo" style="Display:None">e</footer><nav role="menubar">x</nav></body>'
)


@pytest.mark.parametrize("page", [GROUP_PAGE, *HIDDEN_CASES])
def test_selector_groups_are_lexbors(page: str) -> None:
    from cleanpage.filters import _dom

    doc = Document("html")
    doc.tree = segment.parse(page)
    for group in _dom._GROUPS:
        ours = _dom.selected_nodes(doc, group)
        assert ours is not None, group
        theirs = {n.mem_id: n for n in doc.tree.body.css(", ".join(group))}
        assert [n.mem_id for n in ours] == list(theirs), group


def test_only_simple_selectors_are_walked() -> None:
    from cleanpage.filters import _dom

    for selector in ('[role="main" i]', '[class*="x"]', '[style*="display:none"]', "div p", ".x",
                     '[itemprop~="text"]', '[style*="caf\u00e9" i]', '[role="a\\"b"]'):
        assert _dom._walk_part(selector) is None, selector
    assert _dom._walk_part("[itemprop=articleBody]") == ("itemprop", "articleBody")
    assert _dom._walk_part('[style*="Display:None" i]') == ("style", "display:none")


def test_build_makes_what_the_constructors_make() -> None:
    import dataclasses

    from cleanpage.model import Block, Element

    walk = segment._native()
    assert walk is not None and walk.makers is not None, "elements and blocks are not made in C here"
    rows = [("p", -1, 0, False), ("li", 0, 1, True)]
    assert walk.walk.build(Element, segment._ELEMENT_FIELDS, rows, segment._ELEMENT_DEFAULTS) == [
        Element(*r) for r in rows]
    block = (3, "text", "h2", 1, 2, 1, "f", "why", [(0, 2, "/x")], [(0, "i.png", "")])
    assert walk.walk.build(Block, segment._BLOCK_FIELDS, [block], ()) == [Block(*block)]

    @dataclasses.dataclass
    class Plain:  # no slots: a __dict__, nothing to write into
        a: int

    class Slotted:
        __slots__ = ("a",)

    for cls, fields, rows_, defaults in [
        (Plain, ("a",), [(1,)], ()),                       # not a slot
        (Slotted, ("b",), [(1,)], ()),                     # no such slot
        (Slotted, ("a",), [(1, 2)], ()),                   # row too long
        (Slotted, ("a",), [()], ()),                       # row too short
        (Slotted, ("a",), [[1]], ()),                      # not a tuple
        (Slotted, ("a",), [(1,)], (0, 1)),                 # more defaults than fields
        (int, ("real",), [(1,)], ()),                      # a getset, not a slot
    ]:
        with pytest.raises((TypeError, ValueError, AttributeError)):
            walk.walk.build(cls, fields, rows_, defaults)
    made = walk.walk.build(Slotted, ("a",), [(), (5,)], (7,))
    assert [m.a for m in made] == [7, 5]


@pytest.mark.parametrize("html", CASES + [(CORPUS / p).read_bytes().decode("utf-8", "replace") for p in PAGES[:6]])
def test_elements_and_blocks_made_in_c_are_those_of_the_rows(html: str) -> None:
    walk = segment._native()
    assert walk is not None and walk.makers is not None
    made = []
    for makers in (walk.makers, None):
        saved, walk.makers = walk.makers, makers
        try:
            doc = Document("html")
            doc.tree = segment.parse(html)
            segment.drop_non_text(doc.tree)
            for node in doc.tree.body.css(".d, span, b"):
                doc.drop_node(node, "f", "why")
            segment.segment_html(doc)
            made.append((doc.elements, doc.blocks))
        finally:
            walk.makers = saved
    assert made[0] == made[1]


@pytest.mark.parametrize("makers", [
    (), "x", (int, (), (), int, (), ()), (segment.Element, ("tag",), (), segment.Block, segment._BLOCK_FIELDS, ()),
])
def test_the_walk_refuses_bad_makers(makers: Any) -> None:
    walk = segment._native()
    assert walk is not None
    body = segment.parse("<p>x</p>").body
    with pytest.raises((TypeError, ValueError)):
        walk.walk.segment(body.mem_id, walk.classes, walk.tag_names, None, [], walk.attr["href"],
                          walk.attr["src"], walk.attr["alt"], (), makers)


def test_the_walk_checks_its_marks() -> None:
    walk = segment._native()
    assert walk is not None
    body = segment.parse("<div><p>x</p><p>y</p></div>").body
    args = (walk.classes, walk.tag_names)
    tail = (walk.attr["href"], walk.attr["src"], walk.attr["alt"], ())
    for bad in ({"k": 0}, {1: "v"}, {2**80: 0}):
        with pytest.raises((TypeError, ValueError, OverflowError)):
            walk.walk.segment(body.mem_id, *args, bad, [("f", "r")], *tail)
    # a node's own mem_id marks it; 0 and unknown pointers mark nothing
    p = body.css_first("p").mem_id
    _, blocks, marked, _ = walk.walk.segment(body.mem_id, *args, {p: 0, 0: 0, 8: 0}, [("f", "r")], *tail)
    assert [(b[1], b[6]) for b in blocks] == [("x", "f"), ("y", None)]
    assert [m[1] for m in marked] == [p]


COMMON_CASES = [
    ('<script type="APPLICATION/LD+JSON">{}</script><script type=" application/ld+json">{}</script>'
     '<script type="application/ld+json ">x</script><script TYPE="Application/Ld+Json">{}</script>'
     '<script type>x</script><script>y</script><script type="applicat\u0131on/ld+json">z</script>'),
    '<meta content><meta content=""><meta name=x><meta CONTENT="a"><meta name=y content=z><h1>a</h1>',
    ('<svg><h1>x</h1><script type="application/ld+json">{}</script><meta content=x></svg>'
     '<math><h1>m</h1><mi><h1>z</h1></mi></math>'),
    ('<svg><foreignObject><h1>f</h1><script type="application/ld+json">{}</script></foreignObject>'
     '<script xlink:type="application/ld+json">{}</script><font color=1><h1>q</h1></font></svg>'),
    '<template><h1>t</h1><meta content=x><script type="application/ld+json">{}</script></template><h1>after</h1>',
    '<iframe srcdoc="<h1>x</h1>"></iframe><noscript><h1>n</h1><meta content=q></noscript><object><h1>o</h1></object>',
    ('<html><head><meta content=1><script type="application/ld+json">{"a":1}</script></head><body><h1>H</h1>'
     '<h2>no</h2><H1>up</H1><table><h1>in table</h1></table><select><h1>s</h1></select></body></html>'),
    ('<script type="application/ld+json" type="text/javascript">{}</script>'
     '<script type="text/javascript" type="application/ld+json">{}</script><meta content=a content=b>'),
    "<xmp><h1>x</xmp><plaintext><h1>y", "<frameset><h1>x</h1></frameset>", "", "<h1>",
]


@pytest.mark.parametrize("html", COMMON_CASES + [(CORPUS / p).read_text(errors="replace") for p in PAGES[:8]])
def test_metadata_common_nodes_are_lexbors(html: str) -> None:
    from cleanpage import metadata

    tree = segment.parse(html)
    queries = metadata._Queries(tree)
    ours = queries.common_nodes()
    assert queries._facts, "the C pass did not find the common nodes"
    theirs = metadata._common_nodes(tree)
    assert [[n.mem_id for n in nodes] for nodes in ours] == [[n.mem_id for n in nodes] for nodes in theirs]
    assert [[n.tag for n in nodes] for nodes in ours] == [[n.tag for n in nodes] for nodes in theirs]
    # the same inventory as the pass without the nodes
    facts = segment._native().facts(tree.root)
    assert (queries._facts.classes, queries._facts.ids, queries._facts.tags) == (facts.classes, facts.ids, facts.tags)


def test_names_checks_its_common_arguments() -> None:
    from selectolax.lexbor import LexborNode

    walk = segment._native()
    tree = segment.parse("<h1>x</h1><p>y</p>")
    root, p = tree.root, tree.css_first("p")
    args = (walk.attr["class"], walk.attr["id"], 1, 1, 1, len(walk.tag_names))
    vtable = LexborNode.__pyx_vtable__
    for common in ((p, vtable, *walk.common_tags, 1, 1, 1, 1),  # not the node at root
                   (root, vtable, 0, 0, 0, 1, 1, 1, 1), (root, None, *walk.common_tags, 1, 1, 1, 1),
                   (root, vtable, *walk.common_tags, 1, 1), (root,)):
        with pytest.raises((TypeError, ValueError)):
            walk.walk.names(root.mem_id, *args, common)


@pytest.mark.parametrize(("html", "links"), [
    ("<p>x</p>", 0),
    ('<link rel="stylesheet"><a href="/authority">a</a>', 2),
    ('<a rel="AUTHOR" href="/x">a</a>', 1),
    ('<a href="https://x.org/Writers/ann">a</a><span rel="co-author">b</span>', 3),
    ('<a href="/autho">a</a><a href="author/x">b</a><a href="/">c</a><a href="">d</a>', 0),
    ('<svg><a href="/writer">a</a></svg><p rel>x</p>', 2),
])
def test_the_pass_tells_whether_author_links_may_match(html: str, links: int) -> None:
    from cleanpage import metadata

    tree = segment.parse(html)
    queries = metadata._Queries(tree)
    queries.common_nodes()
    assert queries._facts.author_links == links
    # a query part left out matches nothing
    for query in metadata._BYLINE_QUERIES + (metadata._BYLINE_PROBE,):
        for part, need in query:
            if need and need[0] in ("rel", "href") and part not in queries._selector(query):
                assert not tree.css(part)
    # without the common pass nothing is known
    assert segment._native().facts(tree.root).author_links == 3
