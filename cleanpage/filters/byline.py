"""byline: author and date lines standing alone in flattened text."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Block, Document
from ..phrases import alternation, phrases
from ..pipeline import Stage, register
from ._text import FRAME, WORD_END, Langs, PhraseFilter, doc_langs, ends_sentence, words

# English abbreviations and numeric dates are the same in every pack.
_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_NUMERIC = r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_TIME = r"(?:,?\s*(?:at|um|à|a las|alle|às|om|o|в|о|saat)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_LABEL = (r"(?:published|posted|updated|last updated|modified|date|posted on|published on|updated on|"
          r"veröffentlicht|aktualisiert|publié le|mis à jour le|publicado|actualizado|pubblicato|aggiornato|"
          r"gepubliceerd|opublikowano|опубликовано|обновлено|опубліковано|yayınlanma|diterbitkan|diperbarui)")
# Words that may join names in an author line: "By Jane Doe and John Roe".
_JOINERS = frozenset(("and", "&", "und", "et", "y", "e", "en", "i", "и", "і", "ve", "dan", "de", "da", "di",
                      "van", "von", "der", "den", "la", "le", "del", "dos", "du", "bin", "al", ","))
_SEP = re.compile(r"(?<!\s)\s*[|·•–—]\s*|(?<!\s)\s+-\s+")  # spaces from the start of a run


@lru_cache(maxsize=64)
def _date_line(langs: Langs) -> re.Pattern[str]:
    # "Published: March 3, 2024", "3. März 2024, 10:15", "3 de marzo de 2024", "2024-03-03"
    month = rf"(?:{alternation(phrases('byline', 'months', langs))}|{_ABBR}){WORD_END}"
    day = r"\d{1,2}(?:st|nd|rd|th|\.)?"
    date = (rf"(?:\w+,?\s+)?(?:{month}\s+{day},?\s+\d{{4}}|{day}\s+(?:de\s+)?{month},?\s+(?:de\s+)?\d{{4}}"
            rf"|{_NUMERIC})")
    return re.compile(rf"^{FRAME}(?:{_LABEL}\s*:?\s*)?{date}{_TIME}{FRAME}$", re.I)


@lru_cache(maxsize=64)
def _author_start(langs: Langs) -> re.Pattern[str]:
    return re.compile(rf"^{FRAME}{alternation(phrases('byline', 'authors', langs))}{WORD_END}\s*:?\s*", re.I)


@register
class Byline(PhraseFilter):
    """Drop author and date lines: "By Jane Doe · 2 June 2026", "Updated: March 3, 2024".

    An author line is an author word then names only (every word
    capitalised, or a joiner such as "and"), optionally followed by a
    separator and anything short (a date, a role).

    Drops: ``Published: March 3, 2024 at 10:15 am``, ``Von Anna Schmidt | Politik``.
    Keeps: ``March 3, 2024 was the wettest day on record.``,
    ``By the end of the year prices rose`` and ``Von Berlin nach Hamburg``
    (not all names). On an HTML page, keeps them all when there are more
    than ``max_lines`` (a list of stories, each with its byline) or the page
    is a forum thread (each post's author and date belong to it).
    """

    name = "byline"
    stage = Stage.DOCUMENT
    options = {"max_words": 12, "max_name_words": 6, "max_lines": 2}
    max_words: int
    max_name_words: int
    max_lines: int

    def apply(self, doc: Document) -> None:
        if doc.metadata.get("page_type") == "forum":
            return  # a thread: each post's author and date belong to it
        self.langs = doc_langs(doc)
        found = [(b, reason) for b in doc.blocks if b.dropped_by is None and (reason := self.check(b))]
        if doc.elements and len(found) > self.max_lines:
            return  # a page of several bylines lists stories: each item's byline is part of it
        for b, reason in found:
            b.drop(self.name, reason)

    def check(self, block: Block) -> str | None:
        text = block.text
        if len(text) > 120 or words(text) > self.max_words:
            return None
        if _date_line(self.langs).match(text):
            return "date line"
        m = _author_start(self.langs).match(text)
        if m and not ends_sentence(text) and self._names(text[m.end():]):
            return "author line"
        return None

    def _names(self, rest: str) -> bool:
        names = _SEP.split(rest, maxsplit=1)[0].replace(",", " , ").split()
        if not names or len(names) > self.max_name_words:
            return False
        return all(w.casefold() in _JOINERS or not w[0].islower() for w in names) and not names[0].isdigit()
