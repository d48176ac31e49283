"""Class/id/role vocabularies for the DOM filters, grouped by concept.

Substring matches (``*=``) are case-insensitive; keep each token specific
enough that it cannot hit a content class by accident ("share" alone would
hit "shareholder-letter", so the tokens say "share-" or "sharing").
"""

from __future__ import annotations

#: Site chrome by tag and ARIA role.
CHROME_TAGS = ("nav", "header", "footer", "aside", "menu")
CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar")

#: Hidden from readers.
HIDDEN_SELECTORS = (
    "[hidden]", '[aria-hidden="true"]', '[style*="display:none" i]', '[style*="display: none" i]',
    '[style*="visibility:hidden" i]', '[style*="visibility: hidden" i]', '[type="hidden"]',
    ".sr-only", ".screen-reader-text", ".visually-hidden", ".visuallyhidden", ".hidden",
)

#: Widgets: share bars, ads, newsletter boxes, cookie banners, breadcrumbs ...
WIDGET_TOKENS = {
    "share": ("share-", "-share", "sharing", "sharedaddy", "social-links", "social-icons",
              "socialshare", "social-share", "addthis", "sharethis", "shariff"),
    "ad": ("advert", "adsbygoogle", "ad-slot", "ad-unit", "ad-container", "ad-wrapper", "adslot",
           "ad-banner", "dfp-", "google-ad", "sponsor", "taboola", "outbrain", "promoted"),
    "newsletter": ("newsletter", "subscribe", "signup-form", "mailchimp", "optin"),
    "cookie": ("cookie", "consent", "gdpr", "cmp-"),
    "navigation": ("breadcrumb", "pagination", "pager", "skip-link", "skip-to", "menu-",
                   "navbar", "nav-", "-nav", "toc-", "table-of-contents"),
    "related": ("related-", "-related", "relatedposts", "recommended", "more-stories",
                "read-more", "readmore", "trending", "popular-posts", "most-read", "mostread",
                "yarpp", "jp-relatedposts"),
    "author box": ("author-box", "author-bio", "authorbox", "about-the-author", "byline-bio"),
    "print/tools": ("print-", "article-tools", "toolbar", "tags-list", "post-tags", "tag-list"),
    "popup": ("modal", "popup", "overlay", "lightbox", "banner-"),
}

#: Comment sections (kept when they are the page's content: forum threads).
COMMENT_SELECTORS = (
    "#comments", "#respond", "#disqus_thread", ".comments", ".comment-list", ".commentlist",
    ".comments-area", ".comment-respond", "#commentform", ".comments-section", "#comment-section",
    '[id^="comments"]', '[class*="comments-" i]', '[class*="-comments" i]', "[data-comments]",
    ".fb-comments", ".disqus",
)

#: Containers that usually hold the main content (positive evidence).
CONTENT_SELECTORS = (
    "article", "main", '[role="main"]', '[itemprop="articleBody"]', '[itemprop="text"]',
    ".entry-content", ".post-content", ".article-content", ".article-body", ".articleBody",
    ".article__body", ".post-body", ".story-body", ".content-body", ".entry", ".post-entry",
    "#article-body", "#content", "#main-content", ".main-content", ".single-content",
    ".blog-post", ".rich-text", ".prose", ".markdown-body", ".documentation", ".post",
)
