"""Output formats: text, Markdown, HTML and JSON from the same kept blocks.

Golden cases live in ``corpus/format-*/``: ``input.html`` beside
``expected.md``, ``expected.html`` and ``expected.txt``, compared exactly.
Rewrite them after an intended change with ``python tests/test_render.py``
and review ``git diff corpus/``.

The Markdown is checked with a real CommonMark parser (markdown-it-py): what
it renders must have the structure our own HTML renderer gives, and text
that looks like Markdown must come back as the same text.
"""

from __future__ import annotations

import html as html_lib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanpage
from cleanpage.cli import main as cli_main
from cleanpage.model import Block, Document, Element
from cleanpage.render import build, render, render_html, render_markdown

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FORMAT_CASES = sorted(p for p in CORPUS.glob("format-*") if (p / "input.html").is_file())
EXPECTED = {"markdown": "expected.md", "html": "expected.html", "text": "expected.txt"}

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is in the test extra")


def md_to_html(md: str) -> str:
    return markdown_it.MarkdownIt("commonmark").enable("table").render(md)


def outline(markup: str) -> list[tuple[str, int, str]]:
    """(tag, nesting depth, own text) of the structural elements of an HTML fragment."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<body>{markup}</body>")
    tags = "h1,h2,h3,h4,h5,h6,p,li,ul,ol,blockquote,pre,table,tr,th,td"
    out = []
    for node in tree.body.css(tags):
        depth, parent = 0, node.parent
        while parent is not None and parent.tag != "body":
            depth += parent.tag in ("ul", "ol", "blockquote", "li")
            parent = parent.parent
        if node.tag in ("ul", "ol", "blockquote", "table", "tr"):
            text = ""  # containers: their children are compared one by one
        elif node.tag == "p" and node.parent is not None and node.parent.tag == "li":
            continue  # tight or loose lists: an item's paragraphs are its text
        elif node.tag == "pre":
            text = node.text(deep=True).rstrip("\n")
        elif node.tag == "li":
            # an item's own text, without its nested lists and code
            own = []
            for child in node.iter(include_text=True):
                if child.tag not in ("ul", "ol", "pre", "blockquote"):
                    own.append(child.text(deep=True))
            text = " ".join(" ".join(own).split())
        else:
            text = " ".join(node.text(deep=True).split())
        # a header-less table gets its first row as Markdown's header row
        out.append(("td" if node.tag == "th" else node.tag, depth, text))
        if node.tag in ("td", "th"):  # Markdown spells a spanned cell as empty cells
            span = int(node.attributes.get("colspan") or 1)
            out.extend([("td", depth, "")] * (span - 1))
    return out


def rendered(case: Path, fmt: str) -> str:
    result = cleanpage.extract((case / "input.html").read_bytes(), input="html")
    return result.render(fmt)


# ---------------------------------------------------------------- golden cases


def test_there_are_format_cases() -> None:
    assert {c.name for c in FORMAT_CASES} >= {
        "format-structure", "format-tables", "format-nested-lists", "format-code-blocks"}


@pytest.mark.parametrize("fmt", sorted(EXPECTED))
@pytest.mark.parametrize("case", FORMAT_CASES, ids=[c.name for c in FORMAT_CASES])
def test_format_golden(case: Path, fmt: str) -> None:
    expected = (case / EXPECTED[fmt]).read_text(encoding="utf-8")
    actual = rendered(case, fmt)
    if actual != expected:
        from test_golden import first_difference

        pytest.fail(f"{case.name} ({fmt}): {first_difference(expected, actual)}\n"
                    "(if the change is intended: python tests/test_render.py)", pytrace=False)


@pytest.mark.parametrize("case", FORMAT_CASES, ids=[c.name for c in FORMAT_CASES])
def test_markdown_parses_to_the_structure_of_our_html(case: Path) -> None:
    result = cleanpage.extract((case / "input.html").read_bytes(), input="html")
    md, ours = result.render("markdown"), result.render("html")
    assert outline(md_to_html(md)) == outline(ours)


def test_code_blocks_round_trip_exactly() -> None:
    from selectolax.lexbor import LexborHTMLParser

    case = CORPUS / "format-code-blocks"
    source = LexborHTMLParser((case / "input.html").read_text())
    wanted = [n.text(deep=True).strip("\n") for n in source.css("pre")]
    md = rendered(case, "markdown")
    back = LexborHTMLParser(md_to_html(md))
    got = [n.text(deep=True).rstrip("\n") for n in back.css("pre")]
    assert got == wanted
    assert any("\t" in g for g in got) and any("\n\n\n" in g for g in got)


def test_structure_page_reads_as_a_reader_expects() -> None:
    md = rendered(CORPUS / "format-structure", "markdown")
    assert "| Day | High water | Low \\| water |\n|---|---|---|\n| Monday | 06:12 | 12:30 |" in md
    assert "- Check the forecast\n  - wind speed\n  - swell height\n    1. under a metre\n" in md
    assert "```\ndef tide(hour):\n    if hour < 6:\n" in md
    assert "> The sea does not forgive haste." in md
    assert "Home" not in md and "Copyright" not in md  # chrome stays out


# ---------------------------------------------------------------- unit cases


@dataclass(slots=False)
class _El(Element):
    """An element with ``attrs`` (what segmentation may record)."""


@dataclass(slots=False)
class _Bl(Block):
    """A block with ``links``/``images`` (what segmentation may record)."""


def doc_of(spec: list[tuple[str, int]], texts: list[tuple[int, str]], **extra: Any) -> Document:
    """A document from (tag, parent) elements and (element, text) blocks."""
    doc = Document(source="html")
    for tag, parent in spec:
        depth = 0 if parent < 0 else doc.elements[parent].depth + 1
        doc.elements.append(_El(tag, parent, depth))
    for el, text in texts:
        doc.blocks.append(_Bl(len(doc.blocks), text, doc.elements[el].tag, el,
                              gap=1 if doc.elements[el].tag in ("li", "td", "th") else 2))
    return doc


def test_paragraph_text_that_looks_like_markdown_comes_back_as_text() -> None:
    lines = ["# hash", "- dash", "+ plus", "1. one", "2) two", "> quote", "***", "___", "=",
             "a *b* _c_ `d` [e](f) <g> &amp; \\ h|i ~~j~~", "Setext\\", "  lead"]
    for line in lines:
        doc = doc_of([("p", -1)], [(0, line)])
        got = md_to_html(render_markdown(doc))
        assert got.startswith("<p>"), (line, got)
        assert html_lib.unescape(got[3:-5]) == line.strip(), line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab 1.#-+*_`[]()<>&;!|\\~=:/x", min_size=1, max_size=30))
def test_any_paragraph_text_round_trips(text: str) -> None:
    text = " ".join(text.split())
    if not text:
        return
    doc = doc_of([("p", -1)], [(0, text)])
    got = md_to_html(render_markdown(doc))
    assert got.startswith("<p>") and got.endswith("</p>\n"), (text, got)
    assert html_lib.unescape(got[3:-5]) == text


def test_fence_is_longer_than_any_backtick_run() -> None:
    doc = doc_of([("pre", -1)], [(0, "a ```` b\n````")])
    md = render_markdown(doc)
    assert md.startswith("`````\n")
    assert "<pre><code>a ```` b\n````\n</code></pre>" in md_to_html(md)


def test_two_lists_in_a_row_stay_two_lists() -> None:
    doc = doc_of([("ul", -1), ("li", 0), ("ul", -1), ("li", 2), ("ol", -1), ("li", 4), ("ol", -1), ("li", 6)],
                 [(1, "a"), (3, "b"), (5, "c"), (7, "d")])
    got = md_to_html(render_markdown(doc))
    assert got.count("<ul>") == 2 and got.count("<ol>") == 2


def test_ordered_list_start_and_colspan_from_attrs() -> None:
    doc = doc_of([("ol", -1), ("li", 0), ("li", 0), ("table", -1), ("tr", 3), ("td", 4), ("td", 4),
                  ("tr", 3), ("td", 7)],
                 [(1, "third"), (2, "fourth"), (5, "a"), (6, "b"), (8, "wide")])
    doc.elements[0].attrs = {"start": "3"}  # type: ignore[attr-defined]
    doc.elements[8].attrs = {"colspan": "2"}  # type: ignore[attr-defined]
    md = render_markdown(doc)
    assert "3. third\n4. fourth" in md
    assert "| a | b |\n|---|---|\n| wide |   |" in md
    assert '<td colspan="2">wide</td>' in render_html(doc)
    assert md_to_html(md).count("<td>") == 2


def test_links_and_images_when_recorded_and_asked() -> None:
    doc = doc_of([("p", -1)], [(0, "See the tide table here.")])
    block = doc.blocks[0]
    block.links = [(8, 18, "/tides (2024)")]  # type: ignore[attr-defined]
    block.images = [(24, "/img/tide.png", "A chart")]  # type: ignore[attr-defined]
    assert render_markdown(doc) == "See the tide table here.\n"  # off by default
    md = render_markdown(doc, links=True, images=True)
    assert md == "See the [tide table](</tides (2024)>) here. ![A chart](/img/tide.png)\n"
    got = md_to_html(md)
    assert '<a href="/tides%20(2024)">tide table</a>' in got and '<img src="/img/tide.png" alt="A chart"' in got
    assert render_html(doc, links=True) == '<p>See the <a href="/tides (2024)">tide table</a> here.</p>\n'
    doc.url = "https://example.org/news/story"  # targets are made absolute against the page
    assert "(<https://example.org/tides (2024)>)" in render_markdown(doc, links=True)
    assert 'src="https://example.org/img/tide.png"' in render_html(doc, images=True)


def test_dropped_blocks_are_not_rendered_and_empty_cells_stay_cells() -> None:
    doc = doc_of([("table", -1), ("tr", 0), ("td", 1), ("td", 1), ("tr", 0), ("td", 4), ("td", 4)],
                 [(2, "Name"), (3, "Age"), (5, "Ann"), (6, "Advertisement")])
    doc.blocks[3].drop("ad_marker", "ad label")
    md = render_markdown(doc)
    assert md == "| Name | Age |\n|---|---|\n| Ann |   |\n"
    assert "Advertisement" not in render_html(doc)


def test_html_output_is_escaped() -> None:
    doc = doc_of([("h2", -1), ("p", -1)], [(0, "<script>x</script>"), (1, "a & b < c")])
    assert render_html(doc) == "<h2>&lt;script&gt;x&lt;/script&gt;</h2>\n<p>a &amp; b &lt; c</p>\n"


def test_text_mode_documents_render_as_paragraphs() -> None:
    result = cleanpage.extract("First line.\n\n# Not a heading\n", input="text")
    assert result.render("markdown") == "First line.\n\n\\# Not a heading\n"
    assert result.render("html") == "<p>First line.</p>\n<p># Not a heading</p>\n"
    assert [n.kind for n in build(result.document).children] == ["para", "para"]


def test_empty_document_renders_empty() -> None:
    doc = Document(source="html")
    assert render(doc, "markdown") == render(doc, "html") == render(doc, "text") == ""
    with pytest.raises(ValueError, match="format"):
        render(doc, "pdf")


# ---------------------------------------------------------------- API and CLI


def test_api_formats() -> None:
    page = (CORPUS / "format-structure" / "input.html").read_bytes()
    assert cleanpage.clean_html(page, format="markdown") == (CORPUS / "format-structure" / "expected.md").read_text()
    assert cleanpage.clean_html(page, format="html") == (CORPUS / "format-structure" / "expected.html").read_text()
    record = json.loads(cleanpage.clean_html(page, format="json", markdown=True))
    assert {"text", "markdown", "metadata", "dropped"} <= set(record)
    assert record["metadata"]["author"] == "Ada Fenwick"
    assert "markdown" not in json.loads(cleanpage.clean_html(page, format="json"))
    with pytest.raises(ValueError, match="format"):
        cleanpage.clean_html(page, format="docx")


def test_cli_markdown_html_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    case = CORPUS / "format-structure"
    assert cli_main(["--format", "markdown", str(case / "input.html")]) == 0
    assert capsys.readouterr().out == (case / "expected.md").read_text()
    assert cli_main(["--format", "html", str(case / "input.html")]) == 0
    assert capsys.readouterr().out == (case / "expected.html").read_text()
    assert cli_main(["--format", "json", "--markdown", str(case / "input.html")]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["markdown"] == (case / "expected.md").read_text()
    assert record["text"] == (case / "expected.txt").read_text()
    assert record["metadata"]["date_published"] == "2024-05-17T08:30:00+02:00"


def test_cli_markdown_output_dir(tmp_path: Path) -> None:
    case = CORPUS / "format-tables"
    assert cli_main(["-q", "--format", "markdown", "-o", str(tmp_path), str(case / "input.html")]) == 0
    written = list(tmp_path.rglob("*.md"))
    assert len(written) == 1 and written[0].read_text() == (case / "expected.md").read_text()


def regenerate() -> int:
    """Rewrite every ``corpus/format-*/expected.*`` from the current code."""
    for case in FORMAT_CASES:
        for fmt, name in EXPECTED.items():
            (case / name).write_text(rendered(case, fmt), encoding="utf-8")
        print(f"wrote {case.name}")
    return 0


if __name__ == "__main__":
    sys.exit(regenerate())


_TAGS = ("p", "div", "h2", "h3", "ul", "ol", "li", "blockquote", "pre", "table", "tr", "td", "th", "span", "b")
_WORDS = st.sampled_from(["tide", "harbour", "*star*", "_under_", "# hash", "- dash", "1.", "a|b", "<x>",
                          "`tick`", "[br](x)", "&amp;", "back\\slash", "ok", "  spaced  out ", "\n"])


@st.composite
def fragments(draw: Any, depth: int = 0) -> str:
    """Random nested HTML made of the tags the renderers know about."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}>{draw(fragments(depth + 1))}</{tag}>")
        else:
            parts.append(html_lib.escape(draw(_WORDS), quote=False))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(fragments())
def test_markdown_keeps_every_word_of_the_text(fragment: str) -> None:
    """Whatever the nesting, CommonMark reads back the words of the text output."""
    import re
    from collections import Counter

    from selectolax.lexbor import LexborHTMLParser

    result = cleanpage.extract(f"<html><body>{fragment}</body></html>", input="html",
                               pipeline=cleanpage.Pipeline([]))
    md = result.render("markdown")
    back = LexborHTMLParser(f"<body>{md_to_html(md)}</body>").body
    words = re.compile(r"\w+")
    got = Counter(words.findall(back.text(deep=True, separator=" ") if back is not None else ""))
    assert got == Counter(words.findall(result.text)), md
    ours = LexborHTMLParser(f"<body>{result.render('html')}</body>").body
    assert Counter(words.findall(ours.text(deep=True, separator=" ") if ours is not None else "")) == got
