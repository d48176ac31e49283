"""The C word count (cleanpage/_words.c) against the Python one it replaces."""

from __future__ import annotations

import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpage import lang
from cleanpage.filters import _text

_words = pytest.importorskip("cleanpage._words")

#: Every character str.split() splits on, and the edges of the unspaced scripts.
_SPACES = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_EDGES = "".join(map(chr, (0xDFF, 0xE00, 0xE7F, 0xE80, 0x303F, 0x3040, 0x30FF, 0x3100, 0x33FF, 0x3400, 0x4DBF,
                            0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF, 0xFB00)))


@settings(max_examples=1000)
@given(st.text(alphabet=st.one_of(st.sampled_from(_SPACES + _EDGES + "ab.中文"), st.characters()), max_size=80))
def test_the_c_count_is_the_python_count(text: str) -> None:
    assert _words.count(text) == _text.count_words(text)


@pytest.mark.parametrize("text", ["", " ", "a", " a  b\t", "阅读更多相关内容", "Read more 阅读", "\U0001f600 x",
                                  "a\u00a0b\u2028c\u3000d\x1ce\x85f"])
def test_the_c_count_on_edges(text: str) -> None:
    assert _words.count(text) == _text.count_words(text)


def test_the_c_count_wants_a_str() -> None:
    with pytest.raises(TypeError):
        _words.count(b"bytes")


def test_words_counts_in_c() -> None:
    assert _text._count is _words.count
    assert _text.words.__wrapped__ is _words.count  # type: ignore[attr-defined]
    assert _text.words("阅读更多相关内容 and more") == _text.count_words("阅读更多相关内容 and more") == 3 + 8 // 2


def _reference_counts(folded: str, listed: dict[str, object], longest: int) -> list[tuple[str, int]]:
    """What language detection counted before: the pattern's words, the listed ones."""
    return list(Counter(w for w in lang._WORD.findall(folded) if w in listed and len(w) <= longest).items())


#: Letters, digits that are not decimals ("²" is a word character), decimals of
#: other scripts, underscore, combining marks and the letters' neighbours.
_WORDISH = "ab z_1²٣\u0301éß ıſ中\U0001d400.-'\u00a0"


@settings(max_examples=1000)
@given(st.text(alphabet=st.one_of(st.sampled_from(_WORDISH), st.characters()), max_size=80),
       st.lists(st.text(alphabet=st.sampled_from("abzé²ı中\U0001d400"), min_size=1, max_size=4), max_size=6),
       st.integers(0, 5))
def test_the_c_listed_counts_are_the_patterns(text: str, listed: list[str], longest: int) -> None:
    keys = dict.fromkeys(listed, ())
    assert list(_words.listed(text, keys, longest).items()) == _reference_counts(text, keys, longest)


@pytest.mark.parametrize("text", ["", "...", "The cat and the dog, and THE bird.", "der Hund und die Katze",
                                  "x1y de_la café el", "l'été où le chat — et le chien", "the" * 10, "то что это и не"])
def test_the_c_listed_counts_are_what_detection_counted(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    common, folded = lang._common_words(), text.casefold()
    before = list(Counter(filter(common.__contains__, lang._words(folded))).items())
    assert list(lang._listed_counts(folded).items()) == before
    monkeypatch.setattr(lang, "_listed", None)  # the Python path, where the extension is not built
    assert list(lang._listed_counts(folded).items()) == before


def test_the_c_listed_counts_want_a_str_and_a_dict() -> None:
    with pytest.raises(TypeError):
        _words.listed(b"bytes", {}, 3)
    with pytest.raises(TypeError):
        _words.listed("text", ["text"], 3)
