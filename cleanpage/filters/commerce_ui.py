"""commerce_ui: shop interface left in the text (buttons, prices, stock notes)."""

from __future__ import annotations

import re

from ..model import Document
from ..pipeline import BaseFilter, Stage, register
from ..vocab import COMMERCE_LABELS
from ._text import trie_alternation

# A trie (anchored at both ends, it accepts what the alternation accepts) fails
# a line in a few steps instead of one per label.
_LABEL = re.compile(r"^\W*" + trie_alternation(COMMERCE_LABELS) + r"\W*$", re.I)
# "$619.00", "€ 12,99", "1.299,00 EUR", "Price: $5", "From £20", "$50 - $75", "Was $10 Now $8"
_MONEY = r"(?:[$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:[$€£¥₹]|usd|eur|gbp|chf|jpy|inr|cad|aud))"
_PRICE = re.compile(
    rf"^\W*(?:(?:price|sale price|regular price|our price|from|was|now|only|save|total)\s*:?\s*)?"
    rf"{_MONEY}(?:\s*(?:[-–—/]|to|\(ea\)|x|each)?\s*{_MONEY})*(?:\s*\(?(?:ea|each|incl\.? vat)\)?)?\W*$",
    re.I,
)
# "4.5 out of 5 stars", "(123 reviews)", "★★★★☆"
_RATING = re.compile(
    r"^\W*(?:\d(?:[.,]\d)?\s*(?:out of|/)\s*5(?:\s*stars?)?|\(?\d[\d,]*\s*(?:reviews?|ratings?)\)?|[★☆]{3,5})\W*$",
    re.I,
)


@register
class CommerceUI(BaseFilter):
    """Drop shop interface text: "Add to Cart", "In Stock!", and on product pages bare prices and ratings.

    Drops: ``Add to Cart``; ``$619.00`` (product page).
    Keeps: ``The desk ships with a $50 mounting kit included in the box.`` (a sentence).
    """

    name = "commerce_ui"
    stage = Stage.BLOCK
    options = {"max_chars": 60}

    def apply(self, doc: Document) -> None:
        product = doc.metadata.get("page_type") == "product"
        for b in doc.blocks:
            if b.dropped_by is not None or len(b.text) > self.max_chars:
                continue
            text = b.text
            if _LABEL.match(text):
                b.drop(self.name, f"shop label {text.strip()!r}")
            elif product and _PRICE.match(text):
                b.drop(self.name, "price")
            elif product and _RATING.match(text):
                b.drop(self.name, "rating")
