"""legal_line: copyright lines and rows of legal links."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "© 2024 Example Media. All rights reserved.",
    "Copyright 2019-2024 Riverside Courier",
    "Privacy Policy | Terms of Use | Cookie Settings",
    "Impressum · Datenschutz · AGB",
    "Tous droits réservés",
    "Все права защищены",
    "版权所有",
    "Mentions légales - Politique de confidentialité",
    # The short names a footer gives the same links, one per line.
    "Cookie Declaration",
    "Privacy | Terms | Accessibility",
]
KEEP = [
    "The privacy policy was rewritten after the regulator's fine, she said.",
    "Copyright law changed in 2019 after a long campaign by musicians.",
    "Terms of use for the new park were published by the council on Monday.",
    "Privacy Policy " + "explained in detail " * 20,
    "Privacy matters to the harbour's residents.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_legal_lines(line: str) -> None:
    assert reason(line, "legal_line")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences(line: str) -> None:
    assert reason(line, "legal_line") is None
