"""Segmentation: text by lines, HTML by block elements (through the sentinel read-back)."""

from __future__ import annotations

import pytest
from _support import page

import cleanpage
from cleanpage import Document, Pipeline
from cleanpage.model import Block
from cleanpage.segment import segment_text

#: No filters at all: what segmentation alone produces.
NOTHING = Pipeline([])
#: Running text that makes the dropped elements of a test a small share of
#: the page (DOM filters spare an element that holds most of the page).
FILLER = "<div class='filler'>" + "<p>Filler paragraph of running article text, long enough.</p>" * 8 + "</div>"


def blocks(markup: str, pipeline: Pipeline = NOTHING) -> list[Block]:
    return cleanpage.extract(markup, input="html", pipeline=pipeline).blocks


def texts(markup: str, pipeline: Pipeline = NOTHING) -> list[str]:
    return [b.text for b in blocks(markup, pipeline)]


# --- text mode ---------------------------------------------------------------------

def test_text_lines_and_gaps() -> None:
    doc = segment_text(Document("text"), "\n\nTitle\n\nLine one\nLine two  \n\n\n\nLast")
    assert [(b.index, b.text, b.gap) for b in doc.blocks] == [
        (0, "Title", 0), (1, "Line one", 2), (2, "Line two", 1), (3, "Last", 2),
    ]
    assert all(b.tag == "p" and b.element == -1 for b in doc.blocks)


def test_text_keeps_leading_indentation_and_inner_spacing() -> None:
    doc = segment_text(Document("text"), "    indented  words")
    assert doc.blocks[0].text == "    indented  words"


def test_text_render_keeps_line_and_paragraph_breaks() -> None:
    assert cleanpage.clean_text("Title\n\nLine one\nLine two") == "Title\n\nLine one\nLine two\n"


def test_text_dropped_line_does_not_glue_paragraphs() -> None:
    # The separator before a kept block is the widest gap since the last kept one.
    assert cleanpage.clean_text("One.\nAdvertisement\n\nTwo.") == "One.\n\nTwo.\n"
    assert cleanpage.clean_text("One.\n\nAdvertisement\nTwo.") == "One.\n\nTwo.\n"


# --- HTML: blocks ------------------------------------------------------------------

def test_paragraphs_and_headings() -> None:
    bs = blocks(page("<h1>Title</h1><p>First <b>bold</b> para.</p><h2>Sub</h2><p>Second.</p>"))
    assert [(b.tag, b.text, b.gap) for b in bs] == [
        ("h1", "Title", 0), ("p", "First bold para.", 2), ("h2", "Sub", 2), ("p", "Second.", 2),
    ]


def test_whitespace_is_normalised_outside_pre() -> None:
    assert texts("<p>  many\n\n   spaces\there  </p>") == ["many spaces here"]


def test_inline_elements_flow_into_the_paragraph() -> None:
    assert texts("<p>A <span>b</span> <em>c</em> <a href='/x'>d</a> <code>e</code>.</p>") == ["A b c d e."]


def test_words_in_sibling_inline_boxes_get_a_space() -> None:
    """A brand and a title, a price and a label written as sibling boxes."""
    bs = blocks("<p><a href='/p'><span><span class=brand>Osprey</span><span class=title>Atmos 65</span>"
                "</span></a></p><p><span>Sale price:</span><span>$195.00</span></p>"
                "<p><span>size 10</span><!-- gap --><span>Wide fit</span></p>")
    assert [b.text for b in bs] == ["Osprey Atmos 65", "Sale price: $195.00", "size 10 Wide fit"]
    assert bs[0].links == [(0, 15, "/p")]


def test_space_between_two_links_falls_outside_both() -> None:
    bs = blocks("<p><a href='/n'>news</a><a href='/b'>Blog</a><a href='/s'>shop</a></p>")
    assert bs[0].text == "news Blogshop"
    assert bs[0].links == [(0, 4, "/n"), (5, 9, "/b"), (9, 13, "/s")]
    assert bs[0].link_chars == len("newsBlogshop")


@pytest.mark.parametrize(("markup", "expected"), [
    ("<p><span class=dropcap>T</span>he start</p>", "The start"),  # a close, then text
    ("<p><b>bold</b>Text</p>", "boldText"),  # no second box
    ("<p>Java<b>Script</b></p>", "JavaScript"),  # text, then an open
    ("<p><b>Java</b><b>script</b></p>", "Javascript"),  # lowercase after
    ("<p><b>USA</b><b>Today</b></p>", "USAToday"),  # uppercase before
    ("<p><span>\u6771\u4eac</span><span>\u5927\u962a</span></p>", "\u6771\u4eac\u5927\u962a"),
    ("<p><span>one</span> <span>Two</span></p>", "one Two"),  # a space already
    ("<p><span>one</span><img src=i.png><span>Two</span></p>", "oneTwo"),  # an image between
    ("<p><code>json.</code><code>Decoder</code> <kbd>ctrl</kbd><kbd>C</kbd></p>", "json.Decoder ctrlC"),
])
def test_no_space_where_the_boxes_do_not_part_words(markup: str, expected: str) -> None:
    assert texts(markup) == [expected]


def test_inline_boxes_keep_pre_and_breaks_as_they_are() -> None:
    bs = blocks("<pre><span>a</span><span>B</span></pre><p><span>one</span><br><span>Two</span></p>")
    assert [b.text for b in bs] == ["aB", "one", "Two"]


def test_br_splits_lines_within_a_paragraph() -> None:
    bs = blocks("<p>Line one<br>Line two<br/><br>Line three</p><p>Next</p>")
    assert [(b.text, b.gap) for b in bs] == [
        ("Line one", 0), ("Line two", 1), ("Line three", 1), ("Next", 2),
    ]
    assert cleanpage.clean_html("<p>Line one<br>Line two</p>", pipeline=NOTHING) == "Line one\nLine two\n"


def test_list_items_and_table_cells_are_lines() -> None:
    bs = blocks("<p>Intro</p><ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>")
    assert [(b.tag, b.text, b.gap) for b in bs] == [
        ("p", "Intro", 0), ("li", "one", 2), ("li", "two", 1), ("td", "a", 2), ("td", "b", 1),
    ]


def test_pre_keeps_whitespace() -> None:
    code = "def f(x):\n    return  x\n\n# done"
    bs = blocks(f"<p>Before</p><pre>{code}</pre><p>After</p>")
    assert [b.text for b in bs] == ["Before", code, "After"]
    assert bs[1].tag == "pre"


def test_pre_with_inline_markup_and_br() -> None:
    assert texts("<pre><b>bold</b>  kept<br>next line</pre>") == ["bold  kept\nnext line"]


def test_nested_blocks_keep_order() -> None:
    markup = "<div>Outer start<div><p>Inner</p></div>Outer end</div>"
    assert texts(markup) == ["Outer start", "Inner", "Outer end"]


def test_elements_form_a_tree() -> None:
    result = cleanpage.extract("<article><section><p>Deep</p></section></article>", input="html",
                               pipeline=NOTHING)
    block = result.blocks[0]
    els = result.document.elements
    chain = []
    e = block.element
    while e >= 0:
        chain.append(els[e].tag)
        e = els[e].parent
    assert chain == ["p", "section", "article"]
    assert [els[i].depth for i in range(3)] == [0, 1, 2]


def test_link_chars() -> None:
    bs = blocks("<p>See <a href='/a'>this story</a> and <a href='/b'>that</a>.</p><p>No links here.</p>"
                "<p><a href='/x'>All link</a></p><p>Anchor <a name='top'>no href</a></p>")
    assert [b.link_chars for b in bs] == [len("this story") + len("that"), 0, len("All link"), 0]
    assert bs[2].link_density == 1.0
    assert bs[1].link_density == 0.0


def test_non_text_elements_are_removed() -> None:
    markup = page("<p>Kept</p><script>var x = 'no';</script><style>p{}</style><noscript>Enable JS</noscript>"
                  "<template><p>tpl</p></template><svg><text>svg text</text></svg><p>Also kept</p>")
    assert texts(markup) == ["Kept", "Also kept"]


def test_body_less_and_empty_input() -> None:
    assert texts("Just words, no tags at all.") == ["Just words, no tags at all."]
    assert texts("") == []
    assert texts("<html><head><title>Only a title</title></head></html>") == []
    assert texts("<frameset><frame src='a.html'></frameset>") == []


def test_text_outside_any_block_element() -> None:
    bs = blocks("<body>Loose text <b>here</b><p>Para</p>tail text</body>")
    assert [(b.tag, b.text) for b in bs] == [("body", "Loose text here"), ("p", "Para"),
                                             ("body", "tail text")]


def test_sentinel_noncharacters_in_input_are_replaced() -> None:
    # The segmenter brackets elements with U+FDD0..U+FDD5; input ones must not confuse it.
    markup = "<p>one \ufdd0 7 \ufdd1 two \ufdd2 three \ufdd3\ufdd4\ufdd5 four</p><p>next</p>"
    bs = blocks(markup)
    assert [b.text for b in bs] == ["one \ufffd 7 \ufffd two \ufffd three \ufffd\ufffd\ufffd four", "next"]


def test_indexes_are_positions() -> None:
    bs = blocks(page("<p>a</p><div style='display:none'>h</div><p>b <span style='display:none'>x</span> c</p><ul><li>d</li></ul>"),
                Pipeline(["drop_hidden"]))
    assert [b.index for b in bs] == list(range(len(bs)))


# --- HTML: dropped elements ----------------------------------------------------------

def test_dropped_block_element_keeps_its_text_and_reason() -> None:
    bs = blocks("<p>Story</p><div style='display:none'><p>Secret</p></div>" + FILLER, Pipeline(["drop_hidden"]))
    assert [(b.text, b.dropped_by) for b in bs[:2]] == [("Story", None), ("Secret", "drop_hidden")]
    assert bs[1].reason == "hidden element: div"


def test_inline_drop_keeps_the_paragraph_together() -> None:
    bs = blocks("<p>Before <span style='display:none'>secret fragment</span> after words.</p><p>Next.</p>" + FILLER,
                Pipeline(["drop_hidden"]))
    assert [(b.text, b.tag, b.dropped_by) for b in bs[:3]] == [
        ("Before after words.", "p", None),
        ("secret fragment", "span", "drop_hidden"),
        ("Next.", "p", None),
    ]
    text = cleanpage.clean_html("<p>Before <span style='display:none'>secret fragment</span> after words.</p>" + FILLER,
                                pipeline=Pipeline(["drop_hidden"]))
    assert text.startswith("Before after words.\n\nFiller")


def test_inline_drop_with_markup_inside() -> None:
    markup = "<p>Start <span class='sr-only'>skip <b>this</b> <a href='/x'>part</a></span> end.</p>" + FILLER
    bs = blocks(markup, Pipeline(["drop_hidden"]))
    assert [(b.text, b.dropped_by) for b in bs[:2]] == [("Start end.", None),
                                                    ("skip this part", "drop_hidden")]


def test_two_inline_drops_in_one_paragraph() -> None:
    markup = "<p>A <span style='display:none'>x</span> B <span style='display:none'>y</span> C</p>" + FILLER
    bs = blocks(markup, Pipeline(["drop_hidden"]))
    assert [b.text for b in bs if b.kept][0] == "A B C"
    assert [b.text for b in bs if not b.kept] == ["x", "y"]


def test_inline_drop_at_the_edges_of_a_paragraph() -> None:
    markup = "<p><span style='display:none'>lead</span>Middle words<span style='display:none'>tail</span></p>" + FILLER
    bs = blocks(markup, Pipeline(["drop_hidden"]))
    assert [b.text for b in bs if b.kept][0] == "Middle words"
    assert sorted(b.text for b in bs if not b.kept) == ["lead", "tail"]


def test_nested_drops_outermost_reason_wins() -> None:
    markup = page("<p>Story</p>" + FILLER + "<footer><nav><a href='/'>Home</a></nav><p>© 2026</p></footer>")
    bs = blocks(markup, Pipeline(["drop_chrome"]))
    dropped = [b for b in bs if not b.kept]
    assert [b.text for b in dropped] == ["Home", "© 2026"]
    assert {b.reason for b in dropped} == {"page chrome: footer"}


def test_nested_drops_across_filters_first_filter_wins() -> None:
    markup = page("<p>Story</p><div style='display:none'><nav>Menu</nav></div>" + FILLER)
    bs = blocks(markup, Pipeline(["drop_hidden", "drop_chrome"]))
    assert [(b.text, b.dropped_by) for b in bs[:2]] == [("Story", None), ("Menu", "drop_hidden")]


def test_inline_element_inside_a_dropped_block_belongs_to_the_block() -> None:
    markup = ("<p>Story</p><div style='display:none'><p>Hidden <span class='sr-only'>inner</span> para</p></div><p>End</p>"
              + FILLER)
    bs = blocks(markup, Pipeline(["drop_hidden"]))
    assert [b.text for b in bs if b.kept][:2] == ["Story", "End"]
    assert all(b.dropped_by == "drop_hidden" for b in bs if not b.kept)
    assert {b.reason for b in bs if not b.kept} == {"hidden element: div"}


def test_text_after_a_dropped_region_is_kept() -> None:
    markup = "<div>Lead <div style='display:none'>gone</div> trailing words</div>" + FILLER
    bs = blocks(markup, Pipeline(["drop_hidden"]))
    assert [b.text for b in bs if b.kept][:2] == ["Lead", "trailing words"]
    assert [b.text for b in bs if not b.kept] == ["gone"]


@pytest.mark.parametrize("depth", [50, 400])
def test_deep_nesting(depth: int) -> None:
    markup = "<div>" * depth + "<p>Deep text</p>" + "</div>" * depth + "<p>After</p>"
    assert texts(markup) == ["Deep text", "After"]


def test_unclosed_and_misnested_markup() -> None:
    assert texts("<p>One<p>Two<div>Three</p>Four") == ["One", "Two", "Three", "Four"]
    assert texts("<p>a <b>bold <i>both</b> italic</i> end") == ["a bold both italic end"]


def test_br_inside_an_inline_drop_leaves_no_sentinel() -> None:
    bs = blocks("<p>Lead <span style='display:none'>one<br>two</span> tail.</p>" + FILLER, Pipeline(["drop_hidden"]))
    assert [(b.text, b.dropped_by) for b in bs[:2]] == [("Lead tail.", None), ("one two", "drop_hidden")]
    assert not any("\ufdd5" in b.text for b in bs)


def test_block_inside_an_inline_drop_keeps_source_order() -> None:
    markup = "<div>Lead text <span style='display:none'>inline part<div>Inner block</div></span> tail text</div>" + FILLER
    bs = blocks(markup, Pipeline(["drop_hidden"]))
    texts_ = [b.text for b in bs]
    lead = next(i for i, t in enumerate(texts_) if t.startswith("Lead text"))
    assert lead < texts_.index("inline part") < texts_.index("Inner block")


@pytest.mark.parametrize("native", [False, True])
def test_character_references_to_sentinels_read_as_text(native: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # &#xFDD0;..&#xFDD2; would otherwise open and close made-up elements in
    # the Python path's bracketed text (an IndexError), and spoof links.
    from cleanpage import segment

    walk = segment._native()
    if native and walk is None:
        pytest.skip("the C walk is not available here")
    monkeypatch.setattr(segment, "_NATIVE", [walk if native else None])
    r = cleanpage.extract("<p>x &#xFDD0;99999&#xFDD1; y&#xFDD2;</p><p><a href=/a>A</a> &#xFDD3;&#xF0000;s&#xFDD4;</p>")
    assert r.status == "ok"
    assert r.text == "x \ufffd99999\ufffd y\ufffd\n\nA \ufffd\U000f0000s\ufffd\n"
    assert [b.links for b in r.blocks] == [None, [(0, 1, "/a")]]


@pytest.mark.parametrize("html", [
    "<head><title>t</title><script>s</script></head><body><p>one</p><noscript><p>two</p></noscript>",
    "<svg><noscript><noscript>ab</noscript>c</noscript></svg><select><option>o</select><p>x</p>",
    "", "<frameset><frame></frameset>",
])
def test_non_text_removal_counts_are_the_same_on_both_paths(html: str) -> None:
    from cleanpage import segment

    results = []
    saved = segment._NATIVE[:]
    for native in (segment._native(), None):
        segment._NATIVE[:] = [native]
        try:
            tree = segment.parse(html)
            results.append((segment.drop_non_text(tree), tree.html))
        finally:
            segment._NATIVE[:] = saved
    assert results[0] == results[1]
    reference = segment.parse(html)
    reference.strip_tags(list(segment.NON_TEXT_TAGS))
    assert results[1][1] == reference.html
