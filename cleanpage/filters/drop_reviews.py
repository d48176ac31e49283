"""drop_reviews: customer reviews and ratings on product pages."""

from __future__ import annotations

import re
from typing import Any

from ..model import Document
from ..pipeline import register
from ._dom import PAGE_WRAPPERS, SelectorFilter, page_names

#: Class names that name reviews or ratings ("preview" is not one) ...
_REVIEW_CLASS = re.compile(r"^.*(?<!p)(?:reviews?|ratings?)(?![a-z]).*$", re.I | re.M)
#: ... and ids, which name a set of them: one "#acme-lamp-review" is an item of a review article.
_REVIEW_ID = re.compile(r"^.*(?<!p)(?:reviews|ratings)(?![a-z]).*$", re.I | re.M)
#: Reviews that are the page's own copy.
_OWN = re.compile(r"editorial|expert|staff", re.I)
_SAFE = re.compile(r"^[^\"\\\s]{1,200}$")


#: JSON-LD fields of a product that is sold on the page, not just rated.
_SALE_FIELDS = ("offers", "sku", "gtin", "gtin8", "gtin12", "gtin13", "gtin14", "mpn")


def _for_sale(doc: Document) -> bool:
    """The page states a Product with an offer or a stock number: a shop's product page.
    (A local business states a "Product" with a rating to show stars for its service;
    its customer quotes are that page's content.)"""
    for obj in doc.metadata.get("_jsonld") or ():
        kind = obj.get("@type")
        kinds = " ".join(map(str, kind)) if isinstance(kind, list) else str(kind or "")
        if "Product" in kinds and any(k in obj for k in _SALE_FIELDS):
            return True
    return False


@register
class DropReviews(SelectorFilter):
    """Drop customer reviews and ratings on product pages, by class/id ("reviews", "user-ratings").

    Drops: ``<div class="product-reviews">Great lamp, 5 stars</div>`` on a page whose metadata
    says it is a product for sale (JSON-LD ``Product`` with ``offers`` or a stock number).
    Keeps: the same markup on an article (a review article is the content) or on a service
    page that states a rated ``Product`` without an offer, ``<div class="preview">`` (not a
    review), and editorial or expert reviews.
    """

    name = "drop_reviews"
    what = "reviews"
    options = {**SelectorFilter.options, "max_share": 0.6, "max_prose_share": 0.6}

    def selector(self, doc: Document) -> str:
        if doc.metadata.get("page_type") != "product" or not _for_sale(doc):
            return ""
        classes, ids = page_names(doc)
        parts = [f'[class~="{m}"]' for m in set(_REVIEW_CLASS.findall(classes)) if _SAFE.match(m)
                 and not _OWN.search(m)]
        parts += [f'[id="{m}"]' for m in set(_REVIEW_ID.findall(ids)) if _SAFE.match(m)
                  and not _OWN.search(m)]
        return ", ".join(sorted(parts))

    def keep(self, node: Any, doc: Document) -> bool:
        return node.tag in PAGE_WRAPPERS
