"""Paths and page builders shared by the test modules (imported, not a conftest)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
#: The shared folder sits beside the repository (``../shared``), outside it.
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_235cbb26ecfdff31.txt"
SEED_EXPECTED = SHARED / "seed" / "000_235cbb26ecfdff31.expected.txt"

#: A sentence long enough to count as running article text.
ARTICLE_SENTENCE = (
    "The council voted on Tuesday to extend the tram line to the northern "
    "suburbs, after a two-year consultation with residents and businesses."
)


def article(paragraphs: int = 4, sentence: str = ARTICLE_SENTENCE) -> str:
    """An ``<article>`` of ``paragraphs`` numbered paragraphs of running text."""
    body = "".join(f"<p>{i}. {sentence}</p>" for i in range(1, paragraphs + 1))
    return f"<article><h1>Tram line extended</h1>{body}</article>"


def page(body: str, head: str = "<title>Test page</title>") -> str:
    """A minimal HTML document around ``body``."""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
