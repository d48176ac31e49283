"""content_span: the page frame around the main text of a flattened page."""

from __future__ import annotations

from ..model import Block, Document
from ..pipeline import BaseFilter, Stage, register
from ._text import ends_sentence, is_prose, words


@register
class ContentSpan(BaseFilter):
    """Drop the page frame: what comes before and after the densest run of prose lines.

    Every kept line scores its words if it is prose, and a penalty if it is
    not; the best-scoring run of lines (the maximum-sum segment) is the main
    text. Further runs are kept too when they score ``min_extra_words`` on
    their own (a second article section after an inline widget). The short
    line just before the main run is kept as its heading. A text with no
    prose line is left alone.

    Drops: a header menu (``Home``, ``News``, ``Sport`` …) above the first
    paragraph, and a footer (``About us``, ``Contact`` …, a copyright line)
    below the last one.
    Keeps: the title line just above the first paragraph, and headings,
    list items and table rows between paragraphs.

    A line that a date, author, share or counter rule dropped weighs
    ``edge_factor`` times the penalty: it marks the edge of an item (the
    head of a comment, the foot of an article, a teaser's date), so prose
    on its far side joins the article only if there is a lot of it.
    """

    name = "content_span"
    stage = Stage.DOCUMENT
    options = {"prose_words": 10, "line_penalty": 5.0, "min_extra_words": 60, "min_extra_share": 0.1,
               "heading_reach": 2, "heading_lines": 1, "short_words": 5, "mid_factor": 0.0,
               "min_prose_share": 0.55,
               "closing_lines": 1, "closing_words": 3,
               "edge_filters": ("byline", "share_prompt", "share_counter"), "edge_factor": 3.0}
    prose_words: int
    line_penalty: float
    min_extra_words: int
    min_extra_share: float
    heading_reach: int
    heading_lines: int
    short_words: int
    mid_factor: float
    min_prose_share: float
    closing_lines: int
    closing_words: int
    edge_filters: tuple[str, ...]
    edge_factor: float

    def apply(self, doc: Document) -> None:
        # Lines other filters dropped still count, as frame: a menu dropped
        # by line_menu separates the article from the sidebar after it.
        blocks = doc.blocks
        scores = [self._score(b) for b in blocks]
        # A page whose kept text is mostly not prose (a product grid, a
        # listing) has no frame this rule can tell from its content.
        prose = sum(s for s in scores if s > 0)
        total = sum(words(b.text) for b in blocks if b.dropped_by is None)
        if not total or prose < self.min_prose_share * total:
            return
        spans = _best_spans(scores, self.min_extra_words, self.min_extra_share)
        if not spans:
            return
        keep = [False] * len(blocks)
        for start, end in spans:
            for i in range(start, end):
                keep[i] = True
            # The heading of the run: up to ``heading_lines`` kept lines just
            # before it, past at most ``heading_reach`` lines other filters
            # dropped (a photo credit between a title and the first paragraph).
            head, taken = start - 1, 0
            while head >= 0 and taken < self.heading_lines:
                skipped = 0
                while head >= 0 and blocks[head].dropped_by is not None and skipped < self.heading_reach:
                    head, skipped = head - 1, skipped + 1
                if head < 0 or blocks[head].dropped_by is not None:
                    break
                keep[head] = True
                head, taken = head - 1, taken + 1
            # A short closing sentence ("The council thanked her.") just
            # after the run is the end of the text, not the footer.
            tail, taken = end, 0
            while tail < len(blocks) and taken < self.closing_lines:
                if blocks[tail].dropped_by is not None:
                    tail += 1
                    continue
                text = blocks[tail].text
                if not ends_sentence(text) or words(text) < self.closing_words:
                    break
                keep[tail] = True
                tail, taken = tail + 1, taken + 1
        main_start = spans[0][0]
        for i, block in enumerate(blocks):
            if not keep[i] and block.dropped_by is None:
                where = "before" if i < main_start else "after"
                block.drop(self.name, f"page frame {where} the main text")

    def _score(self, block: Block) -> float:
        if block.dropped_by is not None:
            if block.dropped_by in self.edge_filters:
                return -self.line_penalty * self.edge_factor
            return -self.line_penalty
        n = words(block.text)
        if is_prose(block.text, self.prose_words):
            return float(n)
        if n > self.short_words:
            return -self.line_penalty * self.mid_factor
        return -self.line_penalty


def _best_spans(scores: list[float], min_extra: float, min_share: float) -> list[tuple[int, int]]:
    """The maximum-sum segment, then any other segment worth ``min_extra``
    or ``min_share`` of the best one, whichever is less.

    The segments are the maximal scoring subsequences (Ruzzo and Tompa,
    1999): the same ones as taking the best segment, then the best of what
    is left on each side, recursively, but found in one linear pass. Returns
    ``(start, end)`` pairs, the best first.
    """
    # Each entry: [start, end, cumulative before start (L), cumulative at end
    # (R), index of the nearest entry to its left with a smaller L]. The
    # last field lets the search below skip entries it cannot stop at.
    found: list[list[float]] = []
    total = 0.0
    for i, x in enumerate(scores):
        if x > 0:
            seg = [i, i + 1, total, total + x, -1]
            while True:
                k = len(found) - 1
                while k >= 0 and found[k][2] >= seg[2]:
                    k = int(found[k][4])
                if k < 0 or found[k][3] >= seg[3]:
                    seg[4] = k
                    found.append(seg)
                    break
                seg = [found[k][0], seg[1], found[k][2], seg[3], -1]
                del found[k:]
        total += x
    if not found:
        return []
    ranked = sorted(found, key=lambda f: (-(f[3] - f[2]), f[0]))
    top = ranked[0][3] - ranked[0][2]
    floor = min(min_extra, min_share * top)
    return [(int(f[0]), int(f[1])) for j, f in enumerate(ranked) if j == 0 or f[3] - f[2] >= floor]
