"""Text mode on flattened pages: the seed, idempotency, languages, the benchmark's parts."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleanpage
from cleanpage import cli
from cleanpage.filters._text import words
from cleanpage.lang import detect, normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filters._helpers import FOOTER, MENU, PARAGRAPHS  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "wcxb-dev"

#: More of the article, after the insert (prose is not repeated on a page:
#: a repeated paragraph is the same text shown twice, and its copy goes).
LATER = (
    ("Shops on the high street had asked for the works to be split into short sections, so that "
     "no shop would lose its entrance for more than a fortnight."),
    ("The transport department agreed, and will publish a calendar of the closures on its website "
     "a month before each section starts."),
    ("Cyclists will get a separate lane next to the tracks, which the council says will be the "
     "first of its kind in the region."),
    ("The trams themselves will be built abroad, because no factory in the country can deliver "
     "them before the line opens."),
    ("A public meeting on the timetable will be held in the town hall next month, and residents "
     "can send written questions in advance."),
)

#: A page as a flattener leaves it: menus, a breadcrumb, share lines, the
#: article, comments, a footer.
FLAT_PAGE = "\n".join([
    "Tram line extended to the north | The Riverside Courier",
    "",
    "Skip to content",
    *MENU,
    "",
    "Home › News › Transport",
    "",
    "Tram line extended to the north",
    "",
    "By Ines Okafor · 2 June 2026",
    "Share on Facebook",
    "",
    PARAGRAPHS[0],
    "",
    "READ ALSO: Bridge reopens after two-year repair",
    "",
    *PARAGRAPHS[1:],
    "",
    *LATER,
    "",
    "12 Comments",
    "",
    "I live on this street and I think the tram is a great idea for all of us here.",
    "Reply",
    "",
    "« Previous 1 2 3 Next »",
    "",
    *FOOTER,
    "Privacy Policy | Terms of Use",
    "© 2026 The Riverside Courier. All rights reserved.",
    "",
])


def test_seed_comes_out_exactly(seed_text: str, seed_expected: str) -> None:
    assert cleanpage.clean_text(seed_text) == seed_expected


def test_seed_is_a_fixed_point(seed_expected: str) -> None:
    assert cleanpage.clean_text(seed_expected) == seed_expected


def test_flat_page_keeps_the_article_and_drops_the_frame() -> None:
    result = cleanpage.extract(FLAT_PAGE, input="text")
    # The title just above the article is kept as its heading, past the
    # byline and the share line that other rules dropped.
    assert result.text.rstrip("\n").split("\n\n") == [
        "Tram line extended to the north", PARAGRAPHS[0], "\n".join(PARAGRAPHS[1:]), "\n".join(LATER)]
    by = {b.text: b.dropped_by for b in result.dropped}
    assert by["Skip to content"] == "skip_link"
    assert by["READ ALSO: Bridge reopens after two-year repair"] == "read_also"
    assert by["Home › News › Transport"] == "breadcrumb"
    assert by["By Ines Okafor · 2 June 2026"] == "byline"
    assert by["12 Comments"] in ("reply_form", "share_counter")
    assert by["I live on this street and I think the tram is a great idea for all of us here."] == "article_end"
    assert by["© 2026 The Riverside Courier. All rights reserved."] == "legal_line"


def test_flat_page_is_idempotent() -> None:
    once = cleanpage.clean_text(FLAT_PAGE)
    assert cleanpage.clean_text(once) == once


_LINE = st.one_of(
    st.sampled_from([*PARAGRAPHS, *MENU, *FOOTER, "Share", "READ ALSO: More news", "12 comments", "",
                     "© 2026 Example", "Page 2 of 9", "Home › News › World", "Comments", "Related posts",
                     "Menu", "Costs", "North | 120m | 2027"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=60))
@example(lines=["About us", "Contact", "Page 2 of 9", "Page 2 of 9"])  # found by hypothesis
def test_text_mode_is_idempotent(lines: list[str]) -> None:
    once = cleanpage.clean_text("\n".join(lines))
    assert cleanpage.clean_text(once) == once


@settings(max_examples=100, deadline=None)
@given(st.lists(_LINE, max_size=60))
def test_output_lines_come_from_the_input(lines: list[str]) -> None:
    text = "\n".join(lines)
    source = {line.rstrip() for line in text.split("\n")}
    for line in cleanpage.clean_text(text).split("\n"):
        assert not line or line in source


@pytest.mark.parametrize(("text", "n"), [
    ("Read more about it", 4),
    ("阅读更多相关内容", 5),  # one token, plus eight Han characters counted two to a word
    ("関連記事を読む", 4),
    ("", 0),
])
def test_words_counts_unspaced_scripts(text: str, n: int) -> None:
    assert words(text) == n


@pytest.mark.parametrize(("tag", "lang"), [("en-US", "en"), ("pt_BR", "pt"), (" DE ", "de"), ("", None), (None, None)])
def test_normalize_language_tags(tag: str | None, lang: str | None) -> None:
    assert normalize(tag) == lang


@pytest.mark.parametrize("text", ["", "12345 678", "Hello", "☃ ☃ ☃"])
def test_detect_is_unsure_on_little_or_no_text(text: str) -> None:
    assert detect(text) is None


#: More German prose (a paragraph repeated on a page is dropped as a copy).
GERMAN_MORE = (
    "Die Bauarbeiten sollen im Frühjahr beginnen und werden nach Angaben der Verwaltung etwa zwei Jahre dauern.",
    "Die Geschäfte an der Strecke bekommen eine Entschädigung für die Wochen, in denen die Straße gesperrt ist.",
)


def test_detected_language_is_reported_for_text() -> None:
    german = "Der Stadtrat hat am Dienstag beschlossen, die Linie zu verlängern, und die Anwohner sind nicht dagegen."
    result = cleanpage.extract(german + "\n\nANZEIGE\n\n" + GERMAN_MORE[0], input="text")
    assert result.metadata["language"] == "de"
    assert [b.dropped_by for b in result.dropped] == ["ad_marker"]


def test_lang_argument_chooses_the_packs() -> None:
    # "Udostępnij" is Polish for "Share"; with lang="en" only English (and
    # no Polish) phrases apply, so the line stays.
    text = "Rada miasta zdecydowała.\n\nUdostępnij\n\nRada miasta zdecydowała o przedłużeniu linii."
    assert "Udostępnij" not in cleanpage.clean_text(text, lang="pl")
    assert "Udostępnij" in cleanpage.clean_text(text, lang="en")


def test_ad_labels_of_every_language_apply_everywhere() -> None:
    german = "Der Stadtrat hat am Dienstag beschlossen, die Linie zu verlängern, und die Anwohner sind nicht dagegen."
    text = "\n\n".join([german, "Publicité", GERMAN_MORE[0], "Publicidad", GERMAN_MORE[1]])
    assert cleanpage.clean_text(text, lang="de") == "\n\n".join([german, *GERMAN_MORE]) + "\n"


def test_cli_lang_option(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Rada miasta zdecydowała.\n\nUdostępnij\n\nRada miasta zdecydowała o przedłużeniu linii.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert cli.main(["--input", "text", "--lang", "en"]) == 0
    assert "Udostępnij" in capsys.readouterr().out


def test_c4_baseline_keeps_sentences_only() -> None:
    from benchmarks.text_quality import c4_filter

    text = "Home\nThe council voted on Tuesday.\nPlease enable JavaScript to view this page.\nOK then"
    assert c4_filter(text) == "The council voted on Tuesday."


def test_benchmark_runs_on_a_few_corpus_pages(tmp_path: Path) -> None:
    pytest.importorskip("html_text", reason="html-text is a benchmark extra (pip install .[bench])")
    if not (CORPUS / "metadata.json").is_file():
        pytest.skip(f"corpus not found at {CORPUS} (the ../shared folder is absent)")
    from benchmarks.text_quality import run
    from benchmarks.wcxb import page_ids

    ids = page_ids(CORPUS, limit=5)
    report = run(CORPUS, ids, tmp_path, jobs=1)
    row = report["all"]
    assert set(row) == {"raw", "c4", "cleanpage"}
    assert all(row[s]["pages"] == 5 for s in row)
    # cleaning never adds words: its precision is at least the raw text's
    assert row["cleanpage"]["p"] >= row["raw"]["p"]
    for pid in ids:
        flat = (tmp_path / f"{pid}.txt").read_text("utf-8")
        once = cleanpage.clean_text(flat)
        assert cleanpage.clean_text(once) == once
    assert json.loads(json.dumps(report))  # the report is plain data
    assert gzip  # the corpus pages are gzip files read by benchmarks.wcxb


def _written_inserts() -> list[tuple[str, str, str]]:
    from test_phrases import SENTENCE, WRITTEN

    return [(lang, SENTENCE[lang], line) for lang, rows in sorted(WRITTEN.items())
            for line, name, _ in rows if name == "read_also"]


@pytest.mark.parametrize(("lang", "sentence", "insert"), _written_inserts())
def test_insert_removed_in_every_language(lang: str, sentence: str, insert: str) -> None:
    # Numbered, as a repeated paragraph would be dropped as a copy.
    paragraphs = [f"{i}. {sentence}" for i in range(1, 5)]
    text = "\n\n".join([*paragraphs[:2], insert, *paragraphs[2:]])
    result = cleanpage.extract(text, input="text")
    assert result.metadata["language"] == lang
    assert [(b.dropped_by, b.text) for b in result.dropped] == [("read_also", insert)]
    assert result.text == "\n\n".join(paragraphs) + "\n"
