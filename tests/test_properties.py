"""Properties over generated input: never raises, never invents, never reorders.

Profiles: ``ci`` (the default: derandomized, small) and ``stress`` for local
runs (``HYPOTHESIS_PROFILE=stress python -m pytest tests/test_properties.py``).
The profile is applied per test, so other test modules keep their settings.

``clean_text(clean_html(x)) == clean_html(x)`` does not hold and is not
tested: the text preset runs line rules the HTML preset does not (a page
whose body is just "©" keeps it in HTML mode; ``legal_line`` drops it as
text). Text mode on its own output is idempotent, and that is tested.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cleanpage
from cleanpage.limits import replace_illegal

settings.register_profile(
    "ci", max_examples=40, derandomize=True, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "stress", max_examples=3000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

STATUSES = ("ok", "empty", "degraded", "error", "timeout")
BLOCK_TAGS = ("div", "p", "section", "article", "aside", "nav", "footer", "header", "ul", "li", "h2",
              "blockquote", "table", "td", "pre", "figure", "figcaption", "form", "main")
INLINE_TAGS = ("span", "b", "a", "em", "small")
CLASSES = ("", "share-bar", "comments", "advert", "sidebar", "related", "article-body", "content",
           "newsletter", "cookie-banner", "byline", "caption", "menu", "footer", "social")
WORDS = ("the", "council", "approved", "tram", "line", "Share", "Tweet", "ADVERTISEMENT", "Read",
         "more", "Photo:", "Reuters", "Comments", "(12)", "Reply", "Subscribe", "cookies", "Accept",
         "©", "2026", "By", "Jane", "Doe", "|", "•", "»", "&", "<", "café", "naïve", "東京", "مرحبا")

#: Any character, surrogates and controls included.
any_char = st.characters(blacklist_categories=())
any_text = st.text(alphabet=any_char, max_size=400)
word_text = st.lists(st.sampled_from(WORDS) | st.text(alphabet="abcdefghij", min_size=1, max_size=8),
                     min_size=1, max_size=12).map(" ".join)


@st.composite
def element(draw: Any, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.sampled_from(BLOCK_TAGS + INLINE_TAGS))
    cls = draw(st.sampled_from(CLASSES))
    attrs = f' class="{cls}"' if cls else ""
    if tag == "a":
        attrs += ' href="/x"'
    if draw(st.integers(0, 9)) == 0:
        attrs += draw(st.sampled_from((" hidden", ' style="display:none"', ' aria-hidden="true"')))
    inner = " ".join(draw(st.lists(children, max_size=4)))
    # Spaces around every tag: the page's words are then exactly its text's words.
    return f" <{tag}{attrs}> {inner} </{tag}> "


leaf = word_text.map(html_lib.escape)
generated_html = st.recursive(leaf, lambda children: element(children), max_leaves=25).map(
    lambda body: f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"
)
#: Markup with unbalanced tags, entities and junk between the generated parts.
messy_html = st.lists(
    generated_html | st.sampled_from(("<div>", "</div>", "<p>", "</p>", "<b>", "<table>", "<li>", "&amp",
                                      "&#x1F600;", "<!--", "-->", "<script>", "</script>", "<br>"))
    | any_text,
    max_size=12,
).map("".join)


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(w == h for h in it) for w in needle)


def visible_words(markup: str) -> list[str]:
    """Words of ``body.text()`` of the page, as cleanpage will see it (illegal characters replaced)."""
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(replace_illegal(markup)[0]).body
    return body.text(deep=True, separator=" ").split() if body is not None else []


def check_result(r: cleanpage.Result) -> None:
    assert r.status in STATUSES
    assert r.status != "ok" or r.text.strip(), "status ok with an empty text"
    assert r.status not in ("error", "timeout", "degraded") or r.notes, f"{r.status} without a reason"
    assert len(r.kept) + len(r.dropped) == len(r.blocks)
    assert [b.index for b in r.blocks] == list(range(len(r.blocks)))
    assert sum(r.counts.values()) == len(r.dropped) == len(r.explain())
    assert all(b.dropped_by and b.reason for b in r.dropped)


@PROFILE
@given(any_text)
@example("a\x00b\ud800c\ufdd0d\ufffe")
def test_text_never_raises(text: str) -> None:
    check_result(cleanpage.extract(text, input="text"))


@PROFILE
@given(st.binary(max_size=3000))
@example(b"\x1f\x8b\x08\x00")
@example(b"\xef\xbb\xbf")
def test_bytes_never_raise(data: bytes) -> None:
    for kind in ("auto", "html", "text"):
        check_result(cleanpage.extract(data, input=kind))  # type: ignore[arg-type]


@PROFILE
@given(messy_html)
def test_messy_html_never_raises(markup: str) -> None:
    check_result(cleanpage.extract(markup, input="html"))
    check_result(cleanpage.extract(markup.encode("utf-8", "surrogatepass"), input="html"))


@PROFILE
@given(generated_html)
def test_html_output_words_are_a_subsequence_of_the_page(markup: str) -> None:
    r = cleanpage.extract(markup, input="html")
    check_result(r)
    assert is_subsequence(r.text.split(), visible_words(markup))


@PROFILE
@given(messy_html)
def test_html_output_characters_are_a_subsequence_of_the_page(markup: str) -> None:
    # Tags may glue words together (<b>wo</b>rd): compare characters, not words.
    r = cleanpage.extract(markup, input="html")
    out = "".join(r.text.split())
    page = "".join(visible_words(markup))
    it = iter(page)
    assert all(c in it for c in out)


@PROFILE
@given(any_text | word_text.map(lambda t: t.replace(" | ", "\n")))
def test_text_output_words_are_a_subsequence_of_the_input(text: str) -> None:
    r = cleanpage.extract(text, input="text")
    assert is_subsequence(r.text.split(), replace_illegal(text)[0].split())


@PROFILE
@given(st.lists(word_text, max_size=10).map("\n\n".join) | any_text)
def test_clean_text_is_idempotent(text: str) -> None:
    once = cleanpage.clean_text(text)
    assert cleanpage.clean_text(once) == once


@PROFILE
@given(generated_html)
def test_same_input_same_result(markup: str) -> None:
    a = cleanpage.extract(markup, input="html").to_dict()
    b = cleanpage.extract(markup.encode(), input="html").to_dict()
    b["encoding"] = a["encoding"]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


_DETERMINISM_CHILD = """
import json, sys
import cleanpage
pages = json.load(sys.stdin)
json.dump([cleanpage.extract(p, input="html").to_dict() for p in pages], sys.stdout, sort_keys=True)
"""


def test_same_output_whatever_the_hash_seed() -> None:
    """Set and dict order must not leak into results: two processes, two hash seeds."""
    import random

    rnd = random.Random(5)
    pages = []
    for _ in range(30):
        body = "".join(
            f'<{t} class="{rnd.choice(CLASSES)}"> {" ".join(rnd.choices(WORDS, k=rnd.randint(1, 12)))} '
            for t in rnd.choices(BLOCK_TAGS, k=rnd.randint(1, 30))
        )
        pages.append(f"<html><body>{html_lib.escape(body, quote=False).replace('&lt;', '<').replace('&gt;', '>')}"
                     "</body></html>")
    outs = []
    root = Path(__file__).resolve().parent.parent
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", _DETERMINISM_CHILD], input=json.dumps(pages),
                              capture_output=True, text=True, env=env, cwd=root, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
