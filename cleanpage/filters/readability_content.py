"""readability_content: main content chosen by readability-lxml instead of main_content."""

from __future__ import annotations

import logging
import re

from ..model import Document
from ..pipeline import BaseFilter, Stage, register

log = logging.getLogger(__name__)
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


@register
class ReadabilityContent(BaseFilter):
    """Keep the blocks readability-lxml picks as the article (``--extractor readability``).

    Drops: blocks whose text readability's summary does not contain.
    Keeps: every block readability kept, in the page's order (its output only chooses).
    """

    name = "readability_content"
    stage = Stage.SELECT
    needs_html = True
    #: readability's cost grows quickly with page size; above this the page
    #: is left to the other filters and a note says so.
    options = {"max_chars": 2_000_000}

    def apply(self, doc: Document) -> None:
        markup = doc.scratch.get("markup")
        if not markup:
            return
        if len(markup) > self.max_chars:
            doc.notes.append(f"readability skipped: page larger than {self.max_chars:,} characters")
            return
        try:
            from readability import Document as ReadabilityDocument
        except ImportError as e:  # optional dependency
            raise ImportError(
                "the readability extractor needs readability-lxml: pip install 'cleanpage[readability]'"
            ) from e
        from selectolax.lexbor import LexborHTMLParser

        # Always a decoded str: readability's own byte sniffing is slow on some pages.
        summary = ReadabilityDocument(markup).summary(html_partial=True)
        tree = LexborHTMLParser(summary)
        chosen = _norm(tree.body.text(separator=" ") if tree.body is not None else "")
        if not chosen:
            doc.notes.append("readability found no content; kept the page")
            return
        for b in doc.blocks:
            if b.dropped_by is None and _norm(b.text) not in chosen:
                b.drop(self.name, "outside readability's article")
