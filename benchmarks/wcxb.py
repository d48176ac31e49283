"""The WCXB development corpus and its metric, shared by the benchmarks.

The metric is the one ``../shared/corpus/README.md`` defines: word-level F1
per page (lowercased ``\\w+`` tokens, multiset overlap), averaged over
pages; an empty reference scores 1.0 for an empty prediction and 0.0
otherwise; an empty prediction scores 0.0. Snippet shares: ``with``
snippets found and ``without`` snippets absent, case-insensitive with
whitespace collapsed.

The corpus is split by domain into a ``tune`` and a ``valid`` half with a
stable hash, so a rule tuned on one half can be checked on the other.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "wcxb-dev"
_TOKEN = re.compile(r"\w+")
_WS = re.compile(r"\s+")


@dataclass
class Page:
    id: str
    html: bytes
    page_type: str
    domain: str
    url: str | None
    truth: str | None
    with_snippets: list[str]
    without_snippets: list[str]
    title: str | None
    author: str | None
    date: str | None

    @property
    def half(self) -> str:
        return split_of(self.domain)


def split_of(domain: str) -> str:
    """``tune`` or ``valid``: a stable half by domain."""
    return "tune" if hashlib.sha1(domain.encode()).digest()[0] % 2 == 0 else "valid"


def load(corpus: Path = DEFAULT_CORPUS, limit: int | None = None,
         page_type: str | None = None, half: str | None = None) -> Iterator[Page]:
    """Pages of the corpus in id order, optionally filtered."""
    for pid in page_ids(corpus, limit, page_type, half):
        yield load_page(corpus, pid)


def page_ids(corpus: Path = DEFAULT_CORPUS, limit: int | None = None,
             page_type: str | None = None, half: str | None = None) -> list[str]:
    """Ids of the pages ``load`` would yield, without reading the pages.

    Lets a benchmark hand out page ids to worker processes that load each
    page themselves, instead of queueing every page's bytes up front.
    """
    meta = _metadata(corpus)
    ids = []
    for pid in sorted(meta):
        info = meta[pid]
        if page_type and info["page_type"] != page_type:
            continue
        if half and split_of(info["domain"]) != half:
            continue
        if not (corpus / "ground-truth" / f"{pid}.json").exists():
            continue
        if not (corpus / "html" / f"{pid}.html.gz").exists():
            continue
        ids.append(pid)
        if limit and len(ids) >= limit:
            break
    return ids


def load_page(corpus: Path, pid: str) -> Page:
    """One page of the corpus by id."""
    info = _metadata(corpus)[pid]
    gt = json.loads((corpus / "ground-truth" / f"{pid}.json").read_text())
    truth = gt.get("ground_truth", {})
    return Page(
        id=pid,
        html=gzip.decompress((corpus / "html" / f"{pid}.html.gz").read_bytes()),
        page_type=info["page_type"],
        domain=info["domain"],
        url=gt.get("url"),
        truth=truth.get("main_content"),
        with_snippets=list(truth.get("with") or []),
        without_snippets=list(truth.get("without") or []),
        title=truth.get("title"),
        author=truth.get("author"),
        date=truth.get("publish_date"),
    )


@functools.lru_cache(maxsize=4)
def _metadata(corpus: Path) -> dict[str, dict[str, Any]]:
    return json.loads((Path(corpus) / "metadata.json").read_text())["files"]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def prf(predicted: str, reference: str) -> tuple[float, float, float]:
    """Word-level precision, recall and F1 of one page."""
    ref = tokens(reference or "")
    pred = tokens(predicted or "")
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(pred) & Counter(ref)).values())
    if overlap == 0:
        return 0.0, 0.0, 0.0
    p, r = overlap / len(pred), overlap / len(ref)
    return p, r, 2 * p * r / (p + r)


def _norm(text: str) -> str:
    return _WS.sub(" ", text or "").strip().lower()


def snippets(predicted: str, with_: list[str], without: list[str]) -> tuple[int, int, int, int]:
    """(with found, with total, without absent, without total) for one page."""
    text = _norm(predicted)
    found = sum(1 for s in with_ if _norm(s) in text)
    absent = sum(1 for s in without if _norm(s) not in text)
    return found, len(with_), absent, len(without)
