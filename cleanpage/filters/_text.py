"""Small helpers shared by the text rules and the line heuristics."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from ..lang import detect, normalize
from ..model import Document
from ..phrases import languages, phrases
from ..pipeline import BlockFilter

#: Text rules look at no more than this many characters of a block, so a
#: pathological block cannot make a pattern slow.
MAX_RULE_CHARS = 2000
#: Punctuation, bullets and dashes that may frame a boilerplate line.
FRAME = r"[\s\W_]*"

# Scripts written without spaces between words: Han, kana (Japanese) and
# Thai. Two of their characters count as about one word, so length bounds
# written in words mean the same on "Read more about it" and "阅读更多相关内容".
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: What may end a line of running prose: sentence punctuation in the scripts
#: we cover, closing quotes and brackets, and a colon that announces a list.
#: Phrase boundaries: no letter or digit may touch a phrase, except in the
#: scripts written without spaces ("分享到微信" starts with "分享到").
_SPACED_WORD = r"[^\W_\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
WORD_START = rf"(?<!{_SPACED_WORD})"
WORD_END = rf"(?!{_SPACED_WORD})"
SENTENCE_END = frozenset(".!?…:;\"'”’»)。！？；：」』）؟۔")


_count: Callable[[str], int] | None
try:  # the same count in C (cleanpage/_words.c): no string per word; optional, as the build is
    from .._words import count as _count  # type: ignore[import-not-found, no-redef]
except ImportError:  # pragma: no cover - exercised where the extension is not built
    _count = None


def count_words(text: str) -> int:
    """Words in ``text``; in scripts without spaces, two characters count as one.

    In Python: ``words`` counts in C where ``cleanpage._words`` is built.
    """
    n = len(text.split())
    if not text.isascii():
        unspaced = len(_UNSPACED.findall(text))
        if unspaced:
            n += unspaced // 2
    return n


#: ``count_words``, in C where built, and cached: every text rule and line
#: heuristic asks for the same lines (the cache calls C with no Python between).
words: Callable[[str], int] = lru_cache(maxsize=65536)(_count or count_words)


def ends_sentence(text: str) -> bool:
    """Whether a line ends like prose (terminal punctuation, closing quote)."""
    return bool(text) and text.rstrip()[-1:] in SENTENCE_END


#: Which packs a rule uses: ``None`` means every pack (language unknown).
Langs = tuple[str, ...] | None


def trie_alternation(items: tuple[str, ...]) -> str:
    """The phrases as one alternation, like ``phrases.alternation`` (literal,
    flexible spaces), but as a trie: ``re`` tries each branch of an
    alternation in turn, and under IGNORECASE it cannot skip one by its first
    letter, so 150 phrases cost 150 attempts per position; a trie costs a
    few dozen. A longer phrase is still tried before a phrase it extends,
    so the text a match covers is the same."""
    root: dict[str, dict] = {}
    for phrase in items:
        node = root
        for ch in phrase:
            node = node.setdefault(r"\s+" if ch == " " else re.escape(ch), {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [token + build(child) for token, child in sorted(node.items()) if token]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{build(root)})" if root else "(?!)"


@lru_cache(maxsize=512)
def whole_line(section: str, key: str, langs: Langs = None) -> re.Pattern[str]:
    """Matches a line that is one of the phrases, framed by punctuation only."""
    return re.compile(rf"^{FRAME}{trie_alternation(phrases(section, key, langs))}{FRAME}$", re.I)


@lru_cache(maxsize=512)
def line_start(section: str, key: str, sep: str = "", langs: Langs = None) -> re.Pattern[str]:
    """Matches a line that starts with one of the phrases (then ``sep``)."""
    return re.compile(rf"^{FRAME}{trie_alternation(phrases(section, key, langs))}{WORD_END}{sep}", re.I)


@lru_cache(maxsize=512)
def anywhere(section: str, key: str, langs: Langs = None) -> re.Pattern[str]:
    """Matches one of the phrases anywhere, on word boundaries."""
    return re.compile(rf"{WORD_START}{trie_alternation(phrases(section, key, langs))}{WORD_END}", re.I)


@lru_cache(maxsize=512)
def keywords(section: str, key: str, langs: Langs = None) -> tuple[str, ...]:
    """The longest word of each phrase: a phrase can only match a text that
    contains its keyword, and ``in`` is much faster than the pattern."""
    return tuple(sorted({max(p.split(), key=len) for p in phrases(section, key, langs)}))


@lru_cache(maxsize=512)
def min_chars(section: str, key: str, langs: Langs = None) -> int:
    """The fewest characters a match of one of the phrases spans (each
    character of a phrase matches one, a space at least one): a shorter text
    needs no search."""
    return min(map(len, phrases(section, key, langs)), default=0)


#: Up to this many keywords, ``in`` per keyword beats one regular expression
#: (about 40 ns a keyword on a typical block, where the trie pattern costs as
#: much as some 20 keywords, whatever their number).
_FEW_KEYWORDS = 24


class AnyIn(partial):  # type: ignore[type-arg]
    """``any(k in low for k in keywords)``, written out as one ``or`` expression:
    ``any``/``map`` over the tuple cost more than the searches themselves.

    A ``partial`` (called in C) of a generated function; pickled as its keywords,
    since filters are pickled for worker processes and a generated function is not.
    """

    needles: tuple[str, ...]

    def __new__(cls, keywords: tuple[str, ...]) -> AnyIn:
        expr = " or ".join(f"{k!r} in low" for k in keywords) or "False"
        self = super().__new__(cls, eval(f"lambda low: {expr}"))  # noqa: S307  (repr'd literals only)
        self.needles = keywords
        return self

    def __reduce__(self) -> tuple[type[AnyIn], tuple[tuple[str, ...]]]:  # type: ignore[override]
        return (AnyIn, (self.needles,))


@lru_cache(maxsize=512)
def keyword_test(section: str, key: str, langs: Langs = None) -> Callable[[str], object]:
    """A test on lowered text, true (truthy) when ``any(k in low for k in
    keywords(...))``, made cheap: a keyword that contains another is left out
    (it adds nothing), and many keywords become one trie pattern, searched in
    one C call."""
    kws = keywords(section, key, langs)
    kws = tuple(k for k in kws if not any(o != k and o in k for o in kws))
    # (picklable, not a lambda: filters are pickled for worker processes)
    if len(kws) <= _FEW_KEYWORDS:
        return AnyIn(kws)
    return re.compile(trie_alternation(kws)).search  # no IGNORECASE: the text is lowered


class PairsIn(partial):  # type: ignore[type-arg]
    """``any(k in low and (not seconds or any(s in low for s in seconds)) for
    k, seconds in pairs)``, written out as one expression (as ``AnyIn``)."""

    pairs: tuple[tuple[str, tuple[str, ...]], ...]

    def __new__(cls, pairs: tuple[tuple[str, tuple[str, ...]], ...]) -> PairsIn:
        terms = [f"{k!r} in low" + (" and (" + " or ".join(f"{s!r} in low" for s in seconds) + ")" if seconds else "")
                 for k, seconds in pairs]
        expr = " or ".join(f"({t})" for t in terms) or "False"
        self = super().__new__(cls, eval(f"lambda low: {expr}"))  # noqa: S307  (repr'd literals only)
        self.pairs = pairs
        return self

    def __reduce__(self) -> tuple[type[PairsIn], tuple[tuple[tuple[str, tuple[str, ...]], ...]]]:  # type: ignore[override]
        return (PairsIn, (self.pairs,))


def _may_match_ascii(phrase: str) -> bool:
    """Whether IGNORECASE lets each character of ``phrase`` match some ASCII
    character: "ı" and "ſ" do ("i", "s"), "é" does not."""
    return all(c.isascii() or any(re.fullmatch(re.escape(c), chr(a), re.I) for a in range(128)) for c in phrase)


@lru_cache(maxsize=512)
def pair_test(section: str, key: str, langs: Langs = None) -> Callable[[str], object]:
    """A narrower ``keyword_test`` for lowered ASCII text: true when a phrase
    has its keyword there and its next longest word too ("using" is in many
    lines, "using" with "agree" in few).

    ASCII text only: there IGNORECASE equates just what ``lower()`` does, so
    a phrase matches only where each of its ASCII words is in the lowered
    text. (Elsewhere a long s or a dotless i matches an "s" or an "i" and
    stays itself in lower case.) A phrase of one word, or whose next word is
    not ASCII, needs its keyword only; one whose keyword is not ASCII but may
    match ASCII text ("ı") makes the test always true.
    """
    seconds: dict[str, set[str] | None] = {}
    for phrase in phrases(section, key, langs):
        ws = phrase.split()
        k = max(ws, key=len)  # as ``keywords`` takes it
        ws.remove(k)
        s = max(ws, key=len, default=None)
        if not k.isascii():
            if _may_match_ascii(phrase):
                return PairsIn((("", ()),))  # "" is in every text
            continue  # it cannot match ASCII text
        if s is None or not s.isascii() or seconds.get(k, set()) is None:
            seconds[k] = None
        else:
            seconds.setdefault(k, set()).add(s.lower())  # type: ignore[union-attr]
    return PairsIn(tuple((k.lower(), tuple(sorted(ss or ()))) for k, ss in sorted(seconds.items())))


#: ``text.lower()``, cached: several rules test the same block's lowered text.
lowered: Callable[[str], str] = lru_cache(maxsize=4096)(str.lower)


def doc_langs(doc: Document) -> Langs:
    """The packs to use on ``doc``: its language(s) plus English, or all packs.

    The language is the one given to ``extract(lang=...)``, else the page's
    declared language (HTML) together with the one detected from its text.
    English is always added: English chrome ("Share", "Advertisement") is
    common on pages in every language. Computed once per document.
    """
    md = doc.metadata
    if "_phrase_langs" in md:
        return md["_phrase_langs"]
    given = normalize(md.get("_lang"))
    found = {given} if given else set()
    if not given:
        sample = []
        size = 0
        for b in doc.blocks:
            sample.append(b.text)
            size += len(b.text)
            if size > 2000:
                break
        detected = detect("\n".join(sample))
        declared = normalize(md.get("language"))
        found = {lang for lang in (detected, declared) if lang}
        if detected and doc.source == "text":
            md.setdefault("language", detected)
    known = set(languages())
    langs: Langs = tuple(sorted((found & known) | {"en"})) if found & known else None
    md["_phrase_langs"] = langs
    return langs


class PhraseFilter(BlockFilter):
    """A block filter whose phrase packs follow each document's language.

    ``apply`` sets ``self.langs`` for the document. Setting ``langs`` calls
    ``bind``, where a filter can fetch its patterns for those packs once
    (compiled once per language set, then cached), so that ``check`` does
    not look them up again for every block of the page.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.langs = None

    @property
    def langs(self) -> Langs:
        return self._langs

    @langs.setter
    def langs(self, value: Langs) -> None:
        self._langs = value
        self.bind()

    def bind(self) -> None:
        """Fetch the patterns ``check`` uses for ``self.langs`` (none by default)."""

    def apply(self, doc: Document) -> None:
        self.langs = doc_langs(doc)
        super().apply(doc)


@lru_cache(maxsize=65536)
def is_prose(text: str, min_words: int = 10) -> bool:
    """A line of running prose: long enough, and ending like a sentence
    unless it is twice as long (a paragraph cut by the flattener)."""
    n = words(text)
    return n >= min_words and (n >= 2 * min_words or ends_sentence(text))
