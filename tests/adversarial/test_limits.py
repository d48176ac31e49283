"""The guards of ``cleanpage.limits`` one by one, and how ``extract`` reports them."""

from __future__ import annotations

import os
import signal
import time

import pytest

import cleanpage
from cleanpage import InputError, Limits, PageTimeout
from cleanpage.limits import (
    block_cut,
    can_isolate,
    cut,
    drop_excess_attributes,
    drop_giant_attributes,
    nesting_depth,
    nth_index,
    replace_illegal,
    unwrap_deep_tags,
)

STORY = "<p>The council approved the new tram line on Tuesday.</p>"


@pytest.mark.parametrize("field", ["max_bytes", "max_chars", "max_depth", "max_blocks", "max_tags"])
def test_limits_reject_bad_values(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Limits(**{field: -1})
    with pytest.raises(ValueError, match="timeout"):
        Limits(timeout=0)


@pytest.mark.parametrize(
    "text, out, count",
    [
        ("plain", "plain", 0),
        ("a\x00b", "a\ufffdb", 1),
        ("tab\tnl\ncr\rff\x0c", "tab\tnl\ncr\rff\x0c", 0),
        ("\x93q\x94 \x81", "“q” \ufffd", 3),
        ("lone \ud800 pair \ud83d\ude00", "lone \ufffd pair \U0001F600", 1),
        ("\ufdd0\ufdef\ufffe\uffff", "\ufffd" * 4, 4),
        ("\x7f\x1b", "\ufffd\ufffd", 2),
    ],
)
def test_replace_illegal(text: str, out: str, count: int) -> None:
    assert replace_illegal(text) == (out, count)


@pytest.mark.parametrize(
    "markup, depth",
    [
        ("", 0), ("text", 0), ("<div>" * 5 + "</div>" * 5, 5), ("<div><p>a<p>b<br><img></div>", 1),
        ("</div></div><div><div>", 2), ("<!-- <div><div> --><script>a<b<c</script><div>x</div>", 1),
        ("a < b </ c <3", 0), ("<DIV><Span></span></DIV>", 2), ("<div><div><div></div></div></div></div><div>", 3),
        ("<x-custom><y>", 2), ("<p><p><p><li><li><td><a><a>", 0), ("<SCRIPT>a<b<c</Script><div>", 1),
        ("<svg><path/><path/></svg><div>", 1), ("<!-- - -- <div> --->x", 0), ("<P><BR><IMG>", 0),
    ],
)
def test_nesting_depth(markup: str, depth: int) -> None:
    assert nesting_depth(markup) == depth


def test_unwrap_deep_tags_keeps_text_and_shallow_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    markup = "<div class='a>b'>" * 5 + "deep text" + "</div>" * 5 + "<!--<div>--><p>after</p>"
    out, removed = unwrap_deep_tags(markup, 2)
    assert removed == 6 and nesting_depth(out) == 2
    assert "deep text" in out and "<!--<div>-->" in out and "<p>after</p>" in out
    import cleanpage.limits as limits

    monkeypatch.setattr(limits, "MAX_PRECISE_UNWRAP_TAGS", 3)  # the all-in-C path
    out, removed = unwrap_deep_tags(markup, 2)
    assert removed == 10 and nesting_depth(out) == 0 and "deep text" in out and "<!--<div>-->" in out


def test_cut_prefers_a_tag_boundary() -> None:
    assert cut("<p>aaaa</p><p>bbbb</p>", 15, markup=True) == "<p>aaaa</p>"
    assert cut("line one\nline two", 12, markup=False) == "line one"
    assert cut("x" * 100, 10, markup=True) == "x" * 10
    assert cut("short", 10, markup=True) == "short"


def test_block_cut_and_nth_index() -> None:
    page = "<p>a</p>" * 10
    assert block_cut(page, 20, markup=True) is None
    at = block_cut(page, 4, markup=True)
    assert at is not None and page[:at].count("<p>") == 4
    assert block_cut("a\nb\nc\nd", 2, markup=False) == 3
    assert nth_index("a<b<c", "<", 2) == 3 and nth_index("a<b", "<", 2) is None


def test_attribute_guards() -> None:
    tag = "<p " + " ".join(f"a{i}=v" for i in range(3000)) + ">text</p>"
    out, n = drop_excess_attributes(tag)
    assert n == 1 and out.endswith(">text</p>") and "a999=v" in out and "a1000" not in out
    assert drop_excess_attributes("<p>" + "many words " * 3000 + "</p>")[1] == 0
    big = '<img src="' + "A" * 70_000 + '"><p>text</p>'
    out, n = drop_giant_attributes(big)
    assert n == 1 and out == '<img src=""><p>text</p>'


def test_statuses_for_refused_input() -> None:
    r = cleanpage.extract(b"\x89PNG\r\n\x1a\n" + bytes(50))
    assert (r.status, r.text, r.notes) == ("error", "", ["not HTML: PNG image"])
    r = cleanpage.extract(STORY * 10, limits=Limits(max_bytes=100))
    assert r.status == "error" and "too large" in r.notes[0]
    with pytest.raises(InputError, match="PNG") as info:
        cleanpage.clean_html(b"\x89PNG\r\n\x1a\n")
    assert info.value.status == "error" and info.value.result.status == "error"
    assert cleanpage.clean_html(b"\x89PNG\r\n\x1a\n", errors="status") == ""
    with pytest.raises(ValueError, match="errors"):
        cleanpage.extract("x", errors="ignore")  # type: ignore[arg-type]


def test_degraded_notes_say_why() -> None:
    r = cleanpage.extract("<div>" * 600 + STORY, limits=Limits(max_depth=100))
    assert r.status == "degraded" and "nesting" in r.notes[0] and "tram line" in r.text
    # (numbered: fifty copies of one paragraph would be kept once, by repeated_lines)
    stories = "".join(STORY.replace("new", f"{i:03d}") for i in range(50))
    r = cleanpage.extract(stories, limits=Limits(max_chars=300))
    assert r.status == "degraded" and r.notes[0].startswith("cut:") and r.text.count("tram") == 5


@pytest.mark.skipif(not can_isolate(), reason="no fork on this platform")
def test_hard_timeout_kills_a_slow_page() -> None:
    start = time.monotonic()
    r = cleanpage.extract("<div>" * 150_000 + "x", input="html", timeout=0.3,
                          limits=Limits(max_depth=10**9, max_tags=10**9))
    assert time.monotonic() - start < 5
    assert r.status == "timeout" and r.notes
    with pytest.raises(PageTimeout):
        cleanpage.extract("<div>" * 150_000, input="html", timeout=0.3, errors="raise",
                          limits=Limits(max_depth=10**9, max_tags=10**9))


@pytest.mark.skipif(not can_isolate(), reason="no fork on this platform")
def test_a_crash_in_the_child_is_an_error_status() -> None:
    def crash(block: cleanpage.Block) -> None:
        os.kill(os.getpid(), signal.SIGSEGV)

    pipe = cleanpage.Pipeline.preset("text").insert(crash)
    r = cleanpage.extract("some text", input="text", pipeline=pipe, timeout=10)
    assert r.status == "error" and "signal 11" in r.notes[0]


@pytest.mark.skipif(not can_isolate(), reason="no fork on this platform")
def test_isolated_results_and_exceptions_come_back() -> None:
    assert cleanpage.extract(STORY, timeout=10).text == cleanpage.extract(STORY).text

    def boom(block: cleanpage.Block) -> None:
        raise KeyError("a bug in a filter")

    pipe = cleanpage.Pipeline.preset("text").insert(boom)
    with pytest.raises(KeyError, match="a bug in a filter"):
        cleanpage.extract("some text", input="text", pipeline=pipe, timeout=10)


def test_soft_timeout_stops_between_steps() -> None:
    def slow(block: cleanpage.Block) -> None:
        time.sleep(0.05)

    pipe = cleanpage.Pipeline.preset("text").insert(slow, before=cleanpage.Pipeline.preset("text").names[0])
    text = "\n\n".join(f"line {i}" for i in range(20))
    r = cleanpage.extract(text, input="text", pipeline=pipe, limits=Limits(timeout=0.2, isolate=False))
    assert r.status == "timeout" and "stopped before" in r.notes[0]
