"""The visual report: structure, counts, escaping of hostile pages, batches."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

import cleanpage
from cleanpage.cli import main
from cleanpage.report import ReportDir, render_report, report_main, summarize

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpus" / "example" / "page.html"
RULES_EXAMPLE = ROOT / "corpus" / "rules-example"

HOSTILE = """<!DOCTYPE html><html><head>
<title>&lt;/title&gt;&lt;script&gt;alert("title")&lt;/script&gt;</title>
<link rel="canonical" href="javascript:alert(1)//&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">
<script>alert("head")</script></head><body>
<div class='share-bar x"&gt;&lt;img src=x onerror=alert(3)&gt;' id="&quot;&gt;&lt;svg onload=alert(4)&gt;">Share &lt;script&gt;alert(5)&lt;/script&gt;</div>
<main><article>
<p>&lt;script&gt;alert("text")&lt;/script&gt; is what a careless report would run, and this paragraph is long enough to keep.</p>
<p>"&gt;&lt;img src=x onerror=alert(6)&gt; and ' onmouseover='alert(7)' are attribute breakouts that must stay text in the report.</p>
<p>Advertisement &lt;iframe src="https://evil.example/"&gt;&lt;/iframe&gt;</p>
<p>READ ALSO: &lt;/li&gt;&lt;/ol&gt;&lt;script src="https://evil.example/x.js"&gt;&lt;/script&gt;</p>
<script>document.write("<img src=x onerror=alert(8)>")</script>
</article></main></body></html>"""


def parse(report: str) -> LexborHTMLParser:
    return LexborHTMLParser(report)


@pytest.fixture(scope="module")
def example() -> tuple[cleanpage.Result, str]:
    result = cleanpage.extract(EXAMPLE.read_bytes())
    return result, render_report(result, source="page.html")


def test_blocks_in_order_with_dropped_ones_marked_by_filter(example: tuple[cleanpage.Result, str]) -> None:
    result, report = example
    tree = parse(report)
    items = tree.css("ol.blocks > li")
    assert len(items) == len(result.blocks)
    for li, block in zip(items, result.blocks, strict=True):
        assert li.css_first("del, .tg") is not None
        shown = li.css_first("del").text() if block.dropped_by else li.text()
        assert shown.endswith(block.text)
        classes = li.attributes["class"].split()
        if block.dropped_by:
            assert "dropped" in classes and "kept" not in classes
            assert li.attributes["data-filter"] == block.dropped_by
            assert li.attributes["title"] == f"{block.dropped_by}: {block.reason}"
            assert li.css_first(".who").text() == block.dropped_by
            assert any(re.fullmatch(r"f\d+", c) for c in classes)
        else:
            assert "kept" in classes and li.css_first("del") is None and "title" not in li.attributes
    assert {li.attributes["data-filter"] for li in tree.css("li.dropped")} >= {
        "drop_chrome", "drop_widgets", "read_also", "ad_marker"}


def test_one_colour_class_per_filter(example: tuple[cleanpage.Result, str]) -> None:
    _, report = example
    tree = parse(report)
    by_filter: dict[str, set[str]] = {}
    for li in tree.css("li.dropped"):
        colour = next(c for c in li.attributes["class"].split() if re.fullmatch(r"f\d+", c))
        by_filter.setdefault(li.attributes["data-filter"], set()).add(colour)
    assert all(len(c) == 1 for c in by_filter.values())
    assert len({next(iter(c)) for c in by_filter.values()}) == len(by_filter)  # distinct colours
    css = tree.css_first("style").text()
    for colours in by_filter.values():
        assert f".{next(iter(colours))}.blk{{background:" in css


def test_summary_counts_add_up(example: tuple[cleanpage.Result, str]) -> None:
    result, report = example
    tree = parse(report)
    rows = {tr.attributes["data-filter"]: (int(tr.css("td")[1].text()), int(tr.css("td")[2].text()))
            for tr in tree.css("table.summary tbody tr")}
    expected = {f: (0, 0) for f in result.counts}
    for b in result.dropped:
        n, c = expected[b.dropped_by]
        expected[b.dropped_by] = (n + 1, c + len(b.text))
    assert rows == expected
    foot = tree.css("table.summary tfoot td")
    assert int(foot[0].text()) == len(result.dropped) == sum(n for n, _ in rows.values())
    assert int(foot[1].text()) == sum(c for _, c in rows.values())
    assert [s.name for s in summarize(result)] == list(rows)


def test_final_text_is_the_kept_blocks(example: tuple[cleanpage.Result, str]) -> None:
    result, report = example
    final = [p.text() for p in parse(report).css(".final p")]
    assert final == [b.text for b in result.kept]
    assert "\n\n".join(final) + "\n" == result.text


def test_report_is_self_contained(example: tuple[cleanpage.Result, str]) -> None:
    _, report = example
    tree = parse(report)
    assert tree.css("script, link, img, iframe, object, embed, base, form") == []
    assert not re.search(r"(?i)\b(src|href)\s*=|url\(|@import", report)
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp


def test_hostile_page_cannot_inject_markup() -> None:
    result = cleanpage.extract(HOSTILE, url='https://x.example/"><script>alert(9)</script>')
    report = render_report(result, source='"><img src=x onerror=alert(10)>.html')
    tree = parse(report)
    # nothing the page said became markup
    assert tree.css("script, img, svg, iframe, link, base, object, embed, form, input") == []
    for node in tree.css("*"):
        assert not any(a.lower().startswith("on") for a in node.attributes), node.html
    assert "<script" not in report.lower() and "<img" not in report.lower()
    # ... and all of it is still there, as text, for the reader
    text = tree.body.text()
    assert '<script>alert("text")</script>' in text
    assert "onerror=alert(10)" in text and "alert(9)" in text
    dropped = tree.css("li.dropped")
    titles = " ".join(li.attributes["title"] for li in dropped)
    assert "onerror=alert(3)" in titles or "onload=alert(4)" in titles  # hostile class/id in a reason
    assert tree.css_first("title").text().startswith("cleanpage report: ")
    assert len(tree.css("ol.blocks > li")) == len(result.blocks)


def test_hostile_filter_names_and_reasons_are_escaped() -> None:
    def evil(block: cleanpage.Block) -> str | None:
        return '"><script>alert(1)</script>' if "drop me" in block.text else None

    evil.__name__ = '"><b onclick=alert(2)>x'
    pipe = cleanpage.Pipeline([evil])
    result = cleanpage.extract("keep this line\n\ndrop me please\n", input="text", pipeline=pipe)
    tree = parse(render_report(result))
    assert tree.css("script, b") == []
    li = tree.css_first("li.dropped")
    assert li.attributes["data-filter"] == '"><b onclick=alert(2)>x'
    assert li.attributes["title"].endswith('"><script>alert(1)</script>')


def test_empty_and_untouched_pages() -> None:
    empty = render_report(cleanpage.extract("", input="text"))
    assert "The page has no text blocks." in empty and "Nothing was kept." in empty
    clean = parse(render_report(cleanpage.extract("One plain line of text.\n", input="text")))
    assert clean.css("li.dropped") == [] and clean.css_first("table.summary") is None
    assert "No filter dropped anything." in clean.body.text()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), max_size=12))
def test_any_text_gives_one_item_per_block(lines: list[str]) -> None:
    result = cleanpage.extract("\n\n".join(lines), input="text")
    tree = parse(render_report(result))
    assert len(tree.css("ol.blocks > li")) == len(result.blocks)
    assert len(tree.css("li.dropped")) == len(result.dropped)
    assert tree.css("script, img") == []


# -- command line and batches -------------------------------------------------------------


def test_report_command_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(EXAMPLE), "-o", str(out)]) == 0
    tree = parse(out.read_text(encoding="utf-8"))
    assert len(tree.css("li.dropped")) == len(cleanpage.extract(EXAMPLE.read_bytes()).dropped)


def test_report_command_with_rules_shows_the_rule(tmp_path: Path) -> None:
    stdout = io.StringIO()
    code = report_main([str(RULES_EXAMPLE / "page.html"), "--config", str(RULES_EXAMPLE / "rules.toml")],
                       stdout, io.StringIO())
    assert code == 0
    tree = parse(stdout.getvalue())
    titles = {li.attributes["title"] for li in tree.css("li.dropped")}
    assert "drop_by_selector: rule most_read: div.rank-box" in titles
    assert "drop_by_selector · most_read" in {w.text() for w in tree.css("li.dropped .who")}
    assert any(t.startswith("drop_by_pattern: rule newsletter:") for t in titles)


def test_report_command_errors(tmp_path: Path) -> None:
    err = io.StringIO()
    assert report_main([str(tmp_path / "missing.html")], io.StringIO(), err) == 1
    bad = tmp_path / "r.toml"
    bad.write_text("nonsense = 1\n")
    err = io.StringIO()
    assert report_main([str(EXAMPLE), "--config", str(bad)], io.StringIO(), err) == 2
    assert "nonsense: unknown key" in err.getvalue()


def test_report_dir_writes_one_page_per_input_and_an_index(tmp_path: Path) -> None:
    reports = ReportDir(tmp_path / "r")
    a = reports.add("pages/a.html", cleanpage.extract(EXAMPLE.read_bytes()))
    b = reports.add('<b>"x.html', cleanpage.extract("Advertisement\n\nText.\n", input="text"))
    index = reports.close()
    assert a.name == "0001-a.html" and b.parent == a.parent and "<" not in b.name
    tree = parse(index.read_text(encoding="utf-8"))
    links = [x.attributes["href"] for x in tree.css("table.index a")]
    assert links == [a.name, b.name]
    assert all((a.parent / link).is_file() for link in links)
    assert tree.css("b") == [] and '<b>"x.html' in tree.body.text()


def test_cli_report_dir_over_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reports"
    pages = [str(EXAMPLE), str(RULES_EXAMPLE / "page.html")]
    assert main(["--report", str(out), "--config", str(RULES_EXAMPLE / "rules.toml"), *pages]) == 0
    capsys.readouterr()
    files = sorted(p.name for p in out.iterdir())
    assert "index.html" in files and len(files) == 3
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    assert len(index.css("table.index tbody tr")) == 2
    second = parse((out / index.css("table.index a")[1].attributes["href"]).read_text(encoding="utf-8"))
    assert second.css('li.dropped[data-filter="drop_by_selector"]')
