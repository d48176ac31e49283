"""Library API: clean_text / clean_html / clean / extract and the Result."""

from __future__ import annotations

import json

import pytest
from _support import article, page

import cleanpage
from cleanpage import Pipeline

HTML = page(
    "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
    + article(4)
    + "<div class='social-share'><a href='#'>Share on Facebook</a></div>"
    + "<footer><p>© 2026 The Courier</p></footer>",
    head="<meta charset='utf-8'><title>Tram | The Courier</title>",
)
TEXT = (
    "The tram line will reach the northern suburbs by 2028, the council confirmed on Tuesday.\n\n"
    "READ ALSO: Council approves the new bus timetable\n\n"
    "Advertisement\n\n"
    "Work on the extension starts in spring, the transport authority said on Monday.\n\n"
    "LEAVE A REPLY\n\n"
    "Please enter your comment!"
)


def test_clean_text() -> None:
    assert cleanpage.clean_text(TEXT) == (
        "The tram line will reach the northern suburbs by 2028, the council confirmed on Tuesday.\n\nWork on the extension starts in spring, the transport authority said on Monday.\n"
    )


def test_clean_text_empty_and_blank() -> None:
    assert cleanpage.clean_text("") == ""
    assert cleanpage.clean_text("\n \n\t\n") == ""
    assert cleanpage.extract("", input="text").status == "empty"


def test_clean_text_line_endings() -> None:
    assert cleanpage.clean_text("One.\r\n\r\nTwo.\rThree.") == "One.\n\nTwo.\nThree.\n"


@pytest.mark.parametrize("as_bytes", [False, True])
def test_clean_html_str_and_bytes(as_bytes: bool) -> None:
    data = HTML.encode("utf-8") if as_bytes else HTML
    text = cleanpage.clean_html(data)
    assert text == cleanpage.clean_html(HTML)
    assert "1. The council voted" in text and "4. The council voted" in text
    for chrome in ("Home", "Share on Facebook", "© 2026"):
        assert chrome not in text
    assert text.endswith("businesses.\n")


def test_clean_html_bytes_report_the_encoding() -> None:
    result = cleanpage.extract(HTML.encode("utf-8"))
    assert result.encoding == "utf-8"
    assert cleanpage.extract(HTML).encoding is None


def test_clean_html_bytes_in_a_declared_legacy_charset() -> None:
    html = page("<article><p>Café crème à la française, déjà vu à Zürich.</p></article>",
                head="<meta charset='iso-8859-1'>")
    result = cleanpage.extract(html.encode("latin-1"))
    assert result.text == "Café crème à la française, déjà vu à Zürich.\n"
    assert result.encoding == "cp1252"


def test_clean_html_encoding_hint_wins_over_detection() -> None:
    data = page("<p>Добрый день, это статья о погоде в Москве.</p>").encode("koi8-r")
    assert cleanpage.clean_html(data, encoding="koi8-r") == "Добрый день, это статья о погоде в Москве.\n"


def test_clean_html_on_text_without_tags() -> None:
    assert cleanpage.clean_html("Just a sentence, no tags.") == "Just a sentence, no tags.\n"


def test_clean_detects_html_and_text() -> None:
    assert cleanpage.clean(HTML) == cleanpage.clean_html(HTML)
    assert cleanpage.clean(HTML.encode()) == cleanpage.clean_html(HTML)
    assert cleanpage.clean(TEXT) == cleanpage.clean_text(TEXT)
    assert cleanpage.extract(HTML).document.source == "html"
    assert cleanpage.extract(TEXT).document.source == "text"


@pytest.mark.parametrize("data, is_html", [
    ("<p>Hello</p>", True),
    ("<!DOCTYPE html><title>x</title>", True),
    ("  <DIV class=x>hi</DIV>", True),
    (b"<html><body>hi</body></html>", True),
    ("Prices rose 3% (a < b and c > d).", False),
    ("Use the <pre-release> build, said the engineer.", False),
    ("", False),
])
def test_looks_like_html(data: str | bytes, is_html: bool) -> None:
    assert cleanpage.looks_like_html(data) is is_html


def test_extract_kept_and_dropped_cover_all_blocks_in_order() -> None:
    for data in (HTML, TEXT):
        result = cleanpage.extract(data)
        blocks = result.blocks
        assert [b.index for b in blocks] == list(range(len(blocks)))
        assert sorted(result.kept + result.dropped, key=lambda b: b.index) == blocks
        assert len(result.kept) + len(result.dropped) == len(blocks)
        assert all(b.kept for b in result.kept) and not any(b.kept for b in result.dropped)
        assert result.text == "\n\n".join(b.text for b in result.kept) + "\n"


def test_extract_counts_add_up() -> None:
    result = cleanpage.extract(TEXT)
    assert sum(result.counts.values()) == len(result.dropped)
    assert result.counts == {"read_also": 1, "ad_marker": 1, "reply_form": 2}
    html = cleanpage.extract(HTML)
    assert sum(html.counts.values()) == len(html.dropped)
    assert {"drop_chrome", "drop_widgets"} <= set(html.counts)


def test_explain_records() -> None:
    result = cleanpage.extract(TEXT)
    records = result.explain()
    assert [r["filter"] for r in records] == ["read_also", "ad_marker", "reply_form", "reply_form"]
    for rec, block in zip(records, result.dropped, strict=True):
        assert rec == {"filter": block.dropped_by, "reason": block.reason, "text": block.text,
                       "index": block.index}
        assert isinstance(rec["reason"], str) and rec["reason"]
    assert records[0]["text"] == "READ ALSO: Council approves the new bus timetable"


def test_to_dict_is_json_serialisable() -> None:
    for data in (HTML, HTML.encode(), TEXT):
        d = cleanpage.extract(data, url="https://example.org/tram").to_dict()
        back = json.loads(json.dumps(d))
        assert back["text"] == cleanpage.clean(data)
        assert back["counts"] == cleanpage.extract(data).counts
        assert back["url"] == "https://example.org/tram"
        assert len(back["dropped"]) == sum(back["counts"].values())
        assert not any(k.startswith("_") for k in back["metadata"])


def test_html_metadata() -> None:
    md = cleanpage.extract(HTML, url="https://example.org/tram").metadata
    assert md["title"] and "Tram" in md["title"]
    assert md["url"] == "https://example.org/tram"


def test_status() -> None:
    assert cleanpage.extract(TEXT).status == "ok"
    assert cleanpage.extract("Advertisement").status == "empty"
    assert cleanpage.extract(page("<p>Advertisement</p><script>x()</script>")).status == "empty"


@pytest.mark.parametrize("bad", [None, 42, 3.5, ["<p>x</p>"], {"html": "x"}])
def test_wrong_types_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        cleanpage.extract(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cleanpage.clean(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cleanpage.clean_html(bad)  # type: ignore[arg-type]


def test_clean_text_refuses_bytes() -> None:
    with pytest.raises(TypeError, match="clean_text expects str, not bytes"):
        cleanpage.clean_text(b"Story.")  # type: ignore[arg-type]


def test_bytearray_and_memoryview_are_bytes() -> None:
    data = HTML.encode()
    assert cleanpage.clean(bytearray(data)) == cleanpage.clean(memoryview(data)) == cleanpage.clean(data)


def test_bad_input_kind() -> None:
    with pytest.raises(ValueError, match="input must be 'auto', 'html' or 'text'"):
        cleanpage.extract("x", input="pdf")  # type: ignore[arg-type]


def test_pipeline_and_preset_arguments() -> None:
    minimal = cleanpage.extract(HTML, preset="minimal")
    assert "main_content" not in minimal.counts
    pipe = Pipeline.preset("text").without("ad_marker")
    assert "Advertisement" in cleanpage.clean_text(TEXT, pipeline=pipe)
    with pytest.raises(ValueError, match="unknown preset"):
        cleanpage.clean_text(TEXT, preset="nope")


def test_sentinel_noncharacters_in_input_are_replaced() -> None:
    text = cleanpage.clean_html("<p>A\ufdd0B\ufdd1C\ufdd2D\ufdd5E\uffffF</p>")
    assert text == "A\ufffdB\ufffdC\ufffdD\ufffdE\ufffdF\n"
    assert cleanpage.clean_text("One \ufdd3 two") == "One \ufffd two\n"


def test_deterministic() -> None:
    assert cleanpage.extract(HTML).to_dict() == cleanpage.extract(HTML).to_dict()
