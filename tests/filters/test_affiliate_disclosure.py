"""affiliate_disclosure: a site's notice that it earns from the products it links to."""

from __future__ import annotations

import pytest

import cleanpage

from ._helpers import PARAGRAPHS, reason

DROP = [
    "We may earn commission from links on this page, but we only recommend products we back.",
    "As an Amazon Associate we earn from qualifying purchases.",
    "Disclosure: As an affiliate marketer, I earn from qualifying purchases.",
    "We earn a commission for products purchased through some links in this article.",
    "This post may contain affiliate links. Read our full disclosure policy.",
    "The Harbour Guide is supported by commissions from providers listed on our site.",
    "Our editors independently pick every product; we may receive compensation when you buy.",
    "Products are picked by our editors. Buying through our links may earn us a commission.",
    "Note: Some posts may contain affiliate links. Read more in our privacy policy.",
]
KEEP = [
    # Reporting on affiliates, not the site speaking of itself.
    "Affiliates earn a commission on each sale, the report found.",
    "The agency said brokers earn a commission of up to 3% on every contract they sign.",
    "As an associate professor, she earned tenure in 2019.",
    # A sentence that mentions commissions in another sense.
    "We asked the harbour commission for a statement, and they declined to comment.",
    # "earn us" in another sense than a fee.
    "The ferry contract could earn us a reputation, the commission chair said.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_notices(line: str) -> None:
    assert reason(line, "affiliate_disclosure")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences(line: str) -> None:
    assert reason(line, "affiliate_disclosure") is None


def test_a_long_paragraph_about_affiliate_programs_stays() -> None:
    long = ("As an Amazon Associate, I earn from qualifying purchases, and this is how the program "
            "works for a small publisher like ours: " + " ".join(PARAGRAPHS))
    assert reason(long, "affiliate_disclosure") is None


def test_in_the_default_html_preset() -> None:
    body = "".join(f"<p>{t}</p>" for t in PARAGRAPHS)
    html = (f"<html><body><article><p>We may earn a commission when you buy through links on "
            f"this page.</p>{body}</article></body></html>")
    r = cleanpage.extract(html)
    assert "earn a commission" not in r.text
    assert PARAGRAPHS[0] in r.text


def test_every_notice_pattern_needs_one_of_the_prefilter_words() -> None:
    # The filter skips blocks without any of _NEEDS before searching the
    # patterns: a pattern that could match without one would be skipped too.
    from cleanpage.filters.affiliate_disclosure import _NEEDS
    from cleanpage.vocab import AFFILIATE_DISCLOSURE

    for pattern in AFFILIATE_DISCLOSURE:
        alternatives = [alt for alt in _NEEDS if alt in pattern]
        assert alternatives, pattern
