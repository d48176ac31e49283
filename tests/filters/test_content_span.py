"""content_span: the page frame around the main text."""

from __future__ import annotations

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
