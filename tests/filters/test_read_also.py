"""read_also: insert labels that point at other stories."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "READ ALSO: Top judge who ordered seizing land speaks out",
    "Related: How the city plans to pay for the new tram line",
    "See also – The history of the harbour bridge",
    "LESEN SIE AUCH: Wie die Stadt die neue Straßenbahn bezahlt",
    "Lire aussi : Le conseil municipal vote le budget",
    "Читайте также: Как город платит за новый трамвай",
    "相关阅读：城市如何支付新的有轨电车线路",
    "Baca juga: Pemerintah kota umumkan jalur trem baru",
]
KEEP = [
    "Read more about the plan in the minister's statement.",  # no label form
    "Related research shows the tram cut car trips by a fifth.",  # label word in a sentence
    "See also how the council handled the last budget: it was late.",
    "READ ALSO: " + "word " * 40,  # too long for an insert
    "Lesen Sie auch die Stellungnahme des Ministers zu dem Plan.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_insert_labels(line: str) -> None:
    assert reason(line, "read_also")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences_that_look_alike(line: str) -> None:
    assert reason(line, "read_also") is None
