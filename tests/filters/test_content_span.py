"""content_span: the page frame around the main text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpage.filters.content_span import _best_spans

from ._helpers import FOOTER, MENU, PARAGRAPHS, flat_page, kept_lines, run


def test_drops_header_and_footer_keeps_the_title() -> None:
    result = run(flat_page(*PARAGRAPHS), "content_span")
    assert kept_lines(result) == ["Tram line extended to the north", *PARAGRAPHS]
    reasons = {b.text: b.reason for b in result.dropped}
    assert reasons[MENU[0]] == "page frame before the main text"
    assert reasons[FOOTER[-1]] == "page frame after the main text"


def test_keeps_headings_lists_and_table_rows_inside_the_text() -> None:
    middle = [PARAGRAPHS[0], "Costs", "Line | Cost | Year", "North | 120m | 2027", PARAGRAPHS[1],
              "What residents get", "Noise insulation", "Compensation for shops", PARAGRAPHS[2], PARAGRAPHS[3]]
    kept = kept_lines(run(flat_page(*middle), "content_span"))
    assert kept == ["Tram line extended to the north", *middle]


def test_keeps_a_second_article_section_after_a_widget() -> None:
    widget = ["Most read", "Bridge reopens", "Market hall", "Swimming spots", "Bus fares", "Parking"]
    middle = [*PARAGRAPHS, *widget, *PARAGRAPHS]
    kept = kept_lines(run(flat_page(*middle), "content_span"))
    assert kept[-len(PARAGRAPHS):] == list(PARAGRAPHS)
    assert kept[1:1 + len(PARAGRAPHS)] == list(PARAGRAPHS)


def test_leaves_pages_that_are_mostly_not_prose_alone() -> None:
    grid = [f"Cordless drill model {i} with case" for i in range(30)]
    text = flat_page(PARAGRAPHS[0], *grid)
    assert not run(text, "content_span").dropped


def test_leaves_a_text_without_prose_alone() -> None:
    assert not run("\n".join(MENU), "content_span").dropped


def _recursive_spans(scores: list[float], min_extra: float, min_share: float) -> list[tuple[int, int]]:
    """The definition: best segment (Kadane), then recursively left and right of it."""
    out: list[tuple[int, int]] = []
    todo, top = [(0, len(scores))], 0.0
    while todo:
        lo, hi = todo.pop()
        best, span, run, start = 0.0, None, 0.0, lo
        for i in range(lo, hi):
            if run <= 0:
                run, start = 0.0, i
            run += scores[i]
            if run > best:
                best, span = run, (start, i + 1)
        if span is None or (out and best < min(min_extra, min_share * top)):
            continue
        top = max(top, best)
        out.append(span)
        todo += [(lo, span[0]), (span[1], hi)]
    return out


_SCORE = st.one_of(st.floats(10, 60), st.sampled_from([-5.0, 0.0]), st.floats(-9, 0))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SCORE, max_size=60))
def test_linear_spans_match_the_recursive_definition(scores: list[float]) -> None:
    want = _recursive_spans(scores, 60, 0.1)
    got = _best_spans(scores, 60, 0.1)
    assert set(got) == set(want)
    assert got[:1] == want[:1]


def test_many_spans_take_linear_time() -> None:
    import time

    scores = [18.0, -5.0, -5.0, -5.0, -5.0] * 20_000
    start = time.process_time()
    assert len(_best_spans(scores, 60, 0.1)) == 20_000
    assert time.process_time() - start < 5


TEASER_TITLE = "Bakery opens on the market square"
TEASER = "A new bakery has opened on the market square, and its owner hopes to bring back the old rye bread recipes."


def test_prose_past_a_byline_and_share_line_stays_out() -> None:
    # A date line and share buttons mark the edge of the article: the
    # teaser after them is not joined to it.
    middle = [*PARAGRAPHS, *PARAGRAPHS, "By Ines Okafor · 2 June 2026", "Share", TEASER_TITLE, TEASER]
    result = run(flat_page(*middle), "share_prompt", "byline", "content_span")
    assert kept_lines(result)[-1] == PARAGRAPHS[-1]


def test_prose_past_ordinary_short_lines_is_joined() -> None:
    middle = [*PARAGRAPHS, *PARAGRAPHS, "Photo gallery", "Map of the route", TEASER_TITLE, TEASER]
    result = run(flat_page(*middle), "share_prompt", "byline", "content_span")
    assert kept_lines(result)[-1] == TEASER
