"""Built-in filters, one per module, and the presets that chain them."""

from __future__ import annotations

from ..pipeline import PRESETS
from . import (  # noqa: F401  (each module registers its filter)
    ad_marker,
    affiliate_disclosure,
    article_end,
    boilerplate_sections,
    breadcrumb,
    byline,
    call_to_action,
    commerce_ui,
    content_span,
    cookie_notice,
    custom_rules,  # user rules from a rule file: registered, in no preset
    drop_chrome,
    drop_comments,
    drop_dialogs,
    drop_forms,
    drop_hidden,
    drop_reviews,
    drop_widgets,
    hint_content,
    legal_line,
    line_menu,
    main_content,
    pagination,
    photo_credit,
    read_also,
    readability_content,
    repeated_lines,
    reply_form,
    share_counter,
    share_prompt,
    skip_link,
    title_heading,
    trailing_heading,
)

#: Rules that judge a block by its own text; shared by every preset.
TEXT_RULES = (
    "read_also", "photo_credit", "reply_form", "ad_marker", "share_prompt", "cookie_notice",
)
DOM_RULES = ("drop_hidden", "drop_dialogs", "drop_chrome", "drop_forms", "drop_comments", "drop_widgets")

PRESETS.update({
    # HTML: chrome and widgets out, main content selected, text rules last.
    "default": (*DOM_RULES, "drop_reviews", "hint_content", "boilerplate_sections", "main_content", *TEXT_RULES,
                "call_to_action", "commerce_ui", "affiliate_disclosure", "legal_line", "byline",
                "repeated_lines", "trailing_heading"),
    # HTML without main-content selection: only what a rule names is removed.
    "minimal": (*DOM_RULES, *TEXT_RULES),
    # Already-extracted text.
    "text": (
        *TEXT_RULES, "skip_link", "legal_line", "share_counter", "pagination", "breadcrumb",
        "byline",
        "repeated_lines", "line_menu", "article_end", "content_span"),
})
