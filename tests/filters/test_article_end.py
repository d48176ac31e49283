"""article_end: what follows a line that closes an article."""

from __future__ import annotations

from ._helpers import PARAGRAPHS, kept_lines, run


def test_drops_comments_after_the_article() -> None:
    comment = "I live on this street and I think the tram is a great idea for all of us here."
    text = "\n\n".join([*PARAGRAPHS, *PARAGRAPHS, "3 Comments", comment, "Reply", comment])
    result = run(text, "article_end")
    assert kept_lines(result) == [*PARAGRAPHS, *PARAGRAPHS]
    assert result.dropped[0].reason.startswith("after the end of the article")


def test_keeps_a_marker_above_the_article() -> None:
    text = "\n\n".join(["Related articles", *PARAGRAPHS])
    assert kept_lines(run(text, "article_end")) == ["Related articles", *PARAGRAPHS]


def test_keeps_a_sentence_that_starts_like_a_marker() -> None:
    text = "\n\n".join([*PARAGRAPHS, *PARAGRAPHS, "Related work on this question is scarce, the authors note.",
                         PARAGRAPHS[0]])
    assert not run(text, "article_end").dropped


def test_needs_enough_article_before_the_marker() -> None:
    text = "\n\n".join([PARAGRAPHS[0], "Comments", PARAGRAPHS[1]])
    assert not run(text, "article_end").dropped


def test_german_marker_with_the_german_pack() -> None:
    german = ("Der Stadtrat hat am Dienstag beschlossen, die Straßenbahnlinie in die nördlichen Vororte "
              "zu verlängern, nachdem die Anwohner zwei Jahre lang befragt worden waren.")
    text = "\n\n".join([german] * 8 + ["Ähnliche Artikel", "Neue Radwege in der Innenstadt"])
    assert kept_lines(run(text, "article_end")) == [german] * 8


def test_counters_with_different_numbers_do_not_end_the_article() -> None:
    # A thread: each answer shows its own comment counter, and the answers
    # go on after the first one.
    answer = "You can pass the timeout as a keyword argument, and the call returns when it expires."
    text = "\n\n".join([*PARAGRAPHS, *PARAGRAPHS, "4 Comments", answer, "2 Comments", answer])
    assert not run(text, "article_end").dropped


def test_the_same_counter_repeated_still_ends_the_article() -> None:
    # The page's own counter shown at the top and again above the thread.
    comment = "I live on this street and I think the tram is a great idea for all of us here."
    text = "\n\n".join(["7 comments", *PARAGRAPHS, *PARAGRAPHS, "7 Comments", comment])
    assert kept_lines(run(text, "article_end")) == ["7 comments", *PARAGRAPHS, *PARAGRAPHS]


def test_a_marker_under_every_answer_is_a_label_not_an_end() -> None:
    answer = "You can pass the timeout as a keyword argument, and the call returns when it expires."
    text = "\n\n".join([*PARAGRAPHS, *PARAGRAPHS, "Comments", answer, "Comments", answer, "Comments"])
    assert not run(text, "article_end").dropped


def test_a_marker_shown_twice_still_ends_the_article() -> None:
    # The same heading above the related links in two layouts.
    text = "\n\n".join([*PARAGRAPHS, *PARAGRAPHS, "Related articles", "Related articles", "Bridge reopens"])
    assert kept_lines(run(text, "article_end")) == [*PARAGRAPHS, *PARAGRAPHS]
