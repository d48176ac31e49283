"""Language of a document, for choosing phrase packs: script first, then common words.

No model and no network: the script of the letters settles Arabic, Chinese,
Japanese and the Cyrillic languages; for Latin-script text, the language
whose pack lists the most of the text's common words (``[detect] words`` in
``cleanpage/phrases/<lang>.toml``) wins. Unknown or mixed text gives
``None``, and the filters then use every pack at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache

from .phrases import languages, pack

_listed: Callable[[str, dict[str, tuple[str, ...]], int], dict[str, int]] | None
try:  # the same counts in C (cleanpage/_words.c): no string per word; optional, as the build is
    from ._words import listed as _listed  # type: ignore[import-not-found, no-redef]
except ImportError:  # pragma: no cover - exercised where the extension is not built
    _listed = None

#: How much of a text detection reads: the head is enough and keeps it cheap.
SAMPLE_CHARS = 2000
#: Common-word hits a Latin-script language needs, and its lead over the next.
MIN_HITS = 3
MIN_LEAD = 1.5

_WORD = re.compile(r"[^\W\d_]+")
#: ASCII characters other than a-z, as spaces: the words of a casefolded ASCII
#: text are then what ``split`` leaves, three times faster than any pattern.
_ASCII_NON_LETTERS = str.maketrans(dict.fromkeys([chr(c) for c in range(128) if not 97 <= c <= 122], " "))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SCRIPTS = {
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]+"),
    "kana": re.compile(r"[\u3040-\u30ff]+"),
    "han": re.compile(r"[\u4e00-\u9fff]+"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]+"),
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]+"),
}
_OTHER_SCRIPTS = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u0750-\u077f\u3040-\u30ff\u4e00-\u9fff]")
# Letters one Cyrillic language has and the other lacks.
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


@cache
def _common_words() -> dict[str, tuple[str, ...]]:
    """word -> languages whose pack lists it as a common word."""
    out: dict[str, list[str]] = {}
    for lang in languages():
        for w in pack(lang).get("detect", {}).get("words", ()):
            out.setdefault(w.casefold(), []).append(lang)
    return {w: tuple(langs) for w, langs in out.items()}


@cache
def _longest_common() -> int:
    return max(map(len, _common_words()), default=0)


def normalize(tag: str | None) -> str | None:
    """``"en-US"`` -> ``"en"``, ``"pt_BR"`` -> ``"pt"``; empty -> ``None``."""
    if not tag:
        return None
    primary = re.split(r"[-_\s]", tag.strip().lower(), maxsplit=1)[0]
    return primary or None


def detect(text: str) -> str | None:
    """The language code of ``text`` (``"de"``, ``"zh"`` ...), or ``None`` if unsure.

    >>> detect("Der Hund und die Katze sind nicht im Haus, aber das ist gut.")
    'de'
    """
    sample = text[:SAMPLE_CHARS]
    if sample.isascii() or not _OTHER_SCRIPTS.search(sample):
        # Latin script (curly quotes and dashes aside): no need to count.
        return _by_words(sample, None)
    # Characters of each script, counted in C: what a substitution removes.
    counts = {name: len(sample) - len(p.sub("", sample)) for name, p in _SCRIPTS.items()}
    letters = sum(counts.values())
    if not letters:
        return None
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 0.5 * letters:
        return None
    if script == "arabic":
        return "ar"
    if script in ("han", "kana"):
        # Japanese mixes kana into its kanji; Chinese has none.
        return "ja" if counts["kana"] >= 0.1 * (counts["han"] + counts["kana"]) else "zh"
    if script == "cyrillic":
        uk, ru = len(_UK_ONLY.findall(sample)), len(_RU_ONLY.findall(sample))
        if uk > ru:
            return "uk"
        return "ru" if ru > uk else _by_words(sample, ("ru", "uk"))
    return _by_words(sample, None)


def _words(folded: str) -> list[str]:
    """``_WORD.findall(folded)``, by the fast ASCII route when no character
    outside ASCII can be part of a word (curly quotes, dashes and spaces are
    the usual ones): such characters only end words, as "?" does."""
    if not folded.isascii():
        for ch in set(_NON_ASCII.findall(folded)):
            if ch.isalnum() and not ch.isdecimal():  # what [^\W\d_] accepts
                return _WORD.findall(folded)
        folded = folded.encode("ascii", "replace").decode("ascii")
    return folded.translate(_ASCII_NON_LETTERS).split()


def _listed_counts(folded: str) -> Mapping[str, int]:
    """How often each common word occurs in ``folded``, in order of first
    occurrence (the order matters: it sets the order of float sums).

    Only listed words are counted, and in C where ``cleanpage._words`` is
    built (a longer word than any listed one is not even looked up).
    """
    common = _common_words()
    if _listed is not None:
        return _listed(folded, common, _longest_common())
    return Counter(filter(common.__contains__, _words(folded)))


def _by_words(sample: str, among: tuple[str, ...] | None) -> str | None:
    common = _common_words()
    hits: dict[str, float] = {}
    for w, n in _listed_counts(sample.casefold()).items():
        langs = common[w]
        # A word several languages share ("de", "la") is weak evidence.
        for lang in langs:
            hits[lang] = hits.get(lang, 0.0) + n / len(langs)
    if among is not None:
        hits = {k: v for k, v in hits.items() if k in among}
    ranked = sorted(hits.items(), key=lambda kv: -kv[1])[:2]
    if not ranked or ranked[0][1] < MIN_HITS:
        return None
    if len(ranked) > 1 and ranked[0][1] < MIN_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]
