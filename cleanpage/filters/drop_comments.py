"""drop_comments: comment threads under articles (not forum posts)."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..pipeline import register
from ._dom import PAGE_WRAPPERS, SelectorFilter, vocabulary_nodes, vocabulary_selector


@register
class DropComments(SelectorFilter):
    """Drop comment sections under an article; spare them when they are the page (a forum thread).

    Drops: ``<section id="comments">12 comments …</section>`` after a long article.
    Keeps: a ``.comments`` list that holds most of the page's text (forum posts) with the
    reply lists nested in it that share its tag and class, and every
    comment section of a page whose structured data or URL says it is a forum thread
    (``page_type`` "forum": ``DiscussionForumPosting``, ``QAPage``, ``/threads/`` …).
    """

    name = "drop_comments"
    what = "comment section"
    options = {**SelectorFilter.options, "max_share": 0.6}
    spare_nested = True  # a reply list inside the spared thread is still the thread

    def selector(self, doc: Document) -> str:
        return vocabulary_selector(doc, "comments")

    def matches(self, doc: Document, body: Any) -> list[Any]:
        if doc.metadata.get("page_type") == "forum":
            return []  # the page says it is a thread: its "comments" are the posts
        return vocabulary_nodes(doc, "comments")

    def keep(self, node: Any, doc: Document) -> bool:
        if node.tag in PAGE_WRAPPERS:
            return True
        return False
