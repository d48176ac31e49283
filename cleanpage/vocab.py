"""Class/id/role vocabularies for the DOM filters, grouped by concept.

Tokens are matched case-insensitively as substrings of each class name and
id on the page (``share-`` matches ``post-share-bar``); keep each one
specific enough that it cannot hit a content class by accident: "share"
alone would hit "shareholder-letter", so the tokens say "share-" or
"sharing".
"""

from __future__ import annotations

#: Site chrome by tag and ARIA role.
CHROME_TAGS = ("nav", "header", "footer", "aside", "menu")
CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar")
CHROME_SELECTORS = (*CHROME_TAGS, *(f'[role="{r}"]' for r in CHROME_ROLES))
#: Navigation proper: never a wrapper around an article, however big.
NAVIGATION_SELECTORS = ("nav", "menu", '[role="navigation"]', '[role="menu"]', '[role="menubar"]')
#: Forms: search boxes, log-in, comment and sign-up forms.
FORM_SELECTORS = ("form", "fieldset")

#: Hidden from readers, by attribute.
HIDDEN_SELECTORS = (
    '[style*="display:none" i]', '[style*="display: none" i]',
    '[style*="visibility:hidden" i]', '[style*="visibility: hidden" i]',
)
#: Hidden from readers, by exact class name (screen-reader-only text).
HIDDEN_CLASSES = (
    "sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden", "hidden", "is-hidden",
    "u-hidden", "hide", "d-none", "invisible", "element-invisible", "a11y-hidden",
)

#: Class/id words of disclosure panels (accordions, collapsed FAQ answers, tab
#: panes, the slides of a carousel): hidden until their heading or tab is clicked
#: or the carousel turns, content all the same.
DISCLOSURE_TOKENS = (
    "accordion", "collapse", "faq", "answer", "expand", "tab-pane", "tabpanel", "tab-panel",
    "carousel", "slider", "swiper-slide", "slick-slide",
)

#: Widgets by kind: share bars, ads, newsletter boxes, cookie banners, breadcrumbs ...
WIDGET_TOKENS = {
    "share": ("share-", "-share", "sharing", "sharedaddy", "social-links", "social-icons",
              "socialshare", "social-share", "addthis", "sharethis", "shariff", "social-media"),
    "ad": ("advert", "adsbygoogle", "ad-slot", "ad-unit", "ad-container", "ad-wrapper", "adslot",
           "ad-banner", "dfp-", "google-ad", "taboola", "outbrain", "promoted"),
    "newsletter": ("newsletter", "signup-form", "mailchimp", "optin", "subscribe-box",
                   "subscription-box"),
    "cookie": ("cookie", "consent", "gdpr"),
    "navigation": ("breadcrumb", "pagination", "skip-link", "skip-to", "navbar", "site-nav",
                   "main-nav", "menu-main", "mega-menu", "megamenu", "mobile-menu", "offcanvas"),
    "related": ("related-", "-related", "relatedposts", "more-stories", "most-read", "mostread",
                "most-popular", "popular-posts", "yarpp", "jp-relatedposts", "recirc",
                "read-next", "also-like", "trending-", "popular-articles", "popular-stories",
                "popularposts", "top-stories", "topstories", "more-from", "you-may-like",
                "you-might-like", "recommended-"),
    "author box": ("author-box", "author-bio", "authorbox", "about-the-author", "byline-bio",
                   "author--bio", "author__bio", "author_bio", "author-biography", "author-desc",
                   "author--desc", "author__desc", "author_desc", "author-description",
                   "author__about", "author-about", "about-author", "about_author", "author-card"),
    "tools": ("article-tools", "post-tags", "tags-list", "tag-list", "print-button"),
    "popup": ("modal", "popup", "lightbox"),
    # A forum poster's rank and counters beside each post ("Joined", "Posts", "Reaction score").
    "member stats": ("usertitle", "user-title", "userbanner", "user-banner", "userextra",
                     "user-extra", "userstats", "user-stats", "authorstats", "author-stats",
                     "author_statistics", "poster-stats"),
    "reviews": ("testimonial", "customer-reviews", "product-reviews", "reviews-section", "yotpo",
                "trustpilot", "jdgm", "okendo", "stamped-"),
}

#: Comment sections, by class/id substring (kept when they are the page: forum threads).
COMMENT_TOKENS = (
    "comments", "comment-list", "commentlist", "comment-respond", "commentform", "respond",
    "disqus", "fb-comments", "reply-form",
)

#: Containers that usually hold the main content (positive evidence).
CONTENT_SELECTORS = (
    "article", "main", '[role="main"]', '[itemprop="articleBody"]', '[itemprop="text"]',
    '[itemprop="description"]', '[itemprop="reviewBody"]',
)
#: ... and by class/id substring.
CONTENT_TOKENS = (
    "entry-content", "post-content", "article-content", "article-body", "articlebody",
    "article__body", "post-body", "story-body", "content-body", "post-entry", "single-content",
    "blog-post", "rich-text", "prose", "markdown-body", "page-content", "main-content",
    "article-text", "story-content", "post-text", "entry-body", "td-post-content",
    "product-description", "product__description", "product-details", "product-detail",
    "product-info", "product-single", "description",
)

#: Shop interface labels standing alone in a block: buttons, stock and
#: delivery notes, review prompts. Matched as the whole (short) block.
COMMERCE_LABELS = (
    "add to cart", "add to basket", "add to bag", "add to wishlist", "add to wish list",
    "add to favorites", "add to favourites", "buy now", "buy it now", "buy all", "shop now",
    "in stock", "out of stock", "sold out", "back in stock", "pre-order", "preorder",
    "notify me when available", "notify me when back in stock", "notify me", "no longer available",
    "quantity", "qty", "select size", "select a size", "choose size",
    "choose an option", "select options", "size guide", "size chart", "find your size",
    "free shipping", "free delivery", "free returns", "free shipping & returns",
    "write a review", "be the first to review this product", "no reviews yet", "read reviews",
    "ask a question", "compare", "add to compare", "view cart", "checkout", "continue shopping",
    "or", "+", "=", "-", "sale", "new", "on sale", "clear", "reset", "apply",
    "tax included", "taxes included", "shipping calculated at checkout", "vat included",
    "pay in 4 interest-free installments", "secure checkout", "in stock, ready to ship",
    "best seller", "bestseller", "best-seller", "top rated", "top-rated", "new arrival",
    "new arrivals", "reviews", "save", "online only", "verified buyer", "verified purchase",
    "verified owner",
)

#: Headings that open a section which is not the page's content: the
#: section (up to the next heading of the same or a higher level) goes.
#: Matched against the whole heading, case-insensitively, digits ignored.
BOILERPLATE_HEADINGS = (
    "reviews", "customer reviews", "ratings and reviews", "ratings & reviews", "reviews and ratings",
    "product reviews", "write a review", "related products", "similar products", "similar items",
    "you may also like", "you might also like", "you may also be interested in", "recommended",
    "recommended for you", "recommended products", "recommended reading", "recommended articles",
    "customers also bought", "customers also viewed", "frequently bought together",
    "recently viewed", "recently viewed products", "related articles", "related posts",
    "related stories", "related content", "related news", "related reading", "related",
    "more stories", "more articles", "more news", "more from", "more to explore", "more like this",
    "read next", "up next", "read more", "popular posts", "popular articles", "most popular",
    "most read", "trending", "trending now", "latest news", "latest posts", "latest articles",
    "recent posts", "recent articles", "comments", "leave a comment", "leave a reply",
    "join the discussion", "responses", "about the author", "share this", "share this article",
    "share this post", "follow us", "newsletter", "sign up for our newsletter", "subscribe",
    "tags", "categories", "archives", "you may have missed", "don't miss", "editor's picks",
    "explore more", "keep reading", "further reading", "see also",
    "also in the news", "in other news",
    "latest", "featured products", "where to buy", "your answer", "post your answer",
    "post as a guest", "feedback", "give feedback", "send feedback", "cookie list",
    "cookie settings", "cookie preferences", "your privacy", "we care about your privacy",
    "we value your privacy", "privacy preference center", "manage consent preferences",
)

#: Headings that open such a section, as patterns over the whole heading
#: (case-insensitive): recommendation and sign-up boxes phrased many ways.
BOILERPLATE_HEADING_PATTERNS = (
    # "Other posts you may enjoy", "You might like", "You may be interested in the following".
    (r"(?:(?:other|more) (?:\w+ ){0,2})?you (?:may|might|will|'ll|would) (?:also )?"
     r"(?:like|love|enjoy|be interested in\b.{0,40})(?: these| this| reading)?"),
    # "Customers who viewed this item also viewed", "People who bought this also bought".
    (r"(?:this is what )?(?:customers|people|shoppers) who (?:viewed|bought|purchased) .{0,40}"
     r"\b(?:also \w+|bought|viewed|purchased)"),
    # "Related reads", "Related items", "Related searches" (not "Related work": a paper's section).
    r"related (?:reads|items|podcasts|videos|searches|guides|links)",
    r"(?:trending|popular|recent|top) searches",
    r"(?:top|more|latest|recent|other) (?:stories|posts|articles|topics|threads) (?:from|by) .{1,40}",
    r"recently (?:by|from) .{1,40}",
    r"top (?:posters|contributors|commenters|members)\b.{0,30}",
    r"explore (?:other|related) .{1,50}",
    # A documentation site's feedback box: "Help improve MDN", "Help us improve this page".
    (r"help (?:us )?improve (?:this page|this article|these docs|this documentation|our docs|"
     r"(?-i:[A-Z][\w.]*))"),
    r"products related to this (?:item|product)",
    r"buy (?:it )?(?:now )?(?:from|at) .{0,40}\b(?:partners|retailers|stores)",
    r"(?:you must )?(?:log in|sign in|login|register) to (?:answer|reply|comment|post)\b.{0,30}",
    # Cookie consent dialogs: "Strictly necessary cookies", "Targeting cookies".
    (r"(?:strictly necessary|necessary|essential|functional|functionality|targeting|performance|"
     r"analytics|analytical|advertising|marketing|technical|statistics|preference) cookies"),
    # An advert under a heading of its own: "Advertisement: New AI book!".
    r"(?:advertisement|sponsored|promoted|ad)\s*[:|–—-]\s*.{1,60}",
    # "Join our newsletter", "Sign up for the Daily newsletter", "Subscribe to our blog".
    r"(?:join|sign up (?:for|to)|subscribe to) (?:our|the|my) .{0,40}\b(?:newsletter|mailing list|blog)",
)

#: A site telling readers it is paid for the products it links to: patterns
#: found anywhere in a short block (the site speaks of itself: we, I, this page).
AFFILIATE_DISCLOSURE = (
    (r"\b(?:we|i|us|our (?:site|team|editors)|this (?:site|website|post|page|article))\b[^.]{0,80}"
     r"\b(?:earn|receive|get|make|be paid)s?\b[^.]{0,25}\b(?:commissions?|compensation|a fee)\b"),
    r"\b(?:earns?|earning) [^.]{0,30}\bfrom qualifying purchases\b",
    r"\bas an? (?:amazon )?(?:associate|affiliate(?: marketer| partner)?)\b,? (?:we|i)\b",
    r"\b(?:(?:this|these|some|our) (?:posts?|pages?|articles?|site)|it) (?:may )?contains? affiliate links?\b",
    r"\bis supported by (?:commissions|affiliate)",
    r"\b(?:earns?|earning) (?:us|me)\b[^.,;]{0,20}\b(?:commissions?|compensation|a fee)\b",
)

#: Calls to action and page furniture standing alone as a block: buttons
#: and links that survive as text. Matched as the whole (short) block.
CALL_TO_ACTION = (
    "sign up", "sign up now", "sign up for free", "sign up free", "sign in", "log in", "login",
    "log out", "logout", "register", "register now", "sign up or log in", "log in or sign up",
    "create account", "create an account", "create a free account", "my account", "join now",
    "join us", "join for free", "get started", "get started for free", "get started now",
    "start free trial", "start your free trial", "try it free", "try for free", "try free",
    "try it now", "free trial", "get a quote", "request a quote", "get a free quote",
    "request a demo", "book a demo", "schedule a demo", "get a demo", "watch demo", "contact us",
    "contact sales", "talk to sales", "talk to an expert", "learn more", "read more", "see more",
    "show more", "load more", "view more", "view all", "see all", "show all", "view details",
    "more details", "find out more", "discover more", "explore more", "jump to", "back to top",
    "scroll to top", "go to top", "top", "skip to content", "skip to main content",
    "skip to navigation", "skip navigation", "download now", "download", "download the app",
    "get the app", "menu", "close", "close menu", "open menu", "toggle navigation", "search",
    "previous", "next", "previous post", "next post", "older posts", "newer posts", "home",
    "click here", "apply now", "enroll now", "shop all", "see details", "play video", "play",
    "pause", "loading", "loading...", "please wait", "filter", "filters",
    "sort by", "clear all", "clear filters", "follow", "following", "unfollow",
    "get in touch", "let's connect", "let's talk", "take the next step", "contact us today",
    "talk to us", "book now", "book a call", "book a consultation", "schedule a call",
    "schedule a consultation", "request a consultation", "request a free consultation",
    "start building", "get it now", "tell me more", "click to expand", "click to collapse",
    "report inappropriate content", "was this page helpful", "was this article helpful",
    "was this helpful", "is this page helpful", "did you find this helpful",
    "did you find this article helpful", "pin for later", "pin this for later", "pin it for later",
    "stay connected", "link to post", "link to comment", "copy link to post",
    "table of contents", "contents", "toggle table of contents", "in this article",
    "on this page", "jump to section", "sorted by", "no credit card required", "written by",
    "posted by", "expand description", "expand all", "collapse all", "show less", "read less",
    "see less", "subscribe to our blog", "trending", "stay connected with us",
    "stay connected with me",
)
#: Page furniture longer than a button, as patterns over the whole block: a forum
#: post's footer and its poster's counters, a pager.
FURNITURE_PATTERNS = (
    r"sent from my .{1,40}?(?: using .{1,50})?",
    r"page \d+ of \d+",
    r"request (?:a|your) (?:free )?(?:consultation|quote|demo|estimate)(?: for .{1,50})?",
    r"(?:this (?:story|article|work|site) is )?(?:funded|supported|made possible) by readers like you",
    r"(?:join date|joined|member since|last seen)\s*:\s*.{3,25}",
    (r"(?:posts|messages|threads|reputation|reaction score|likes received|points|solutions)\s*:\s*"
     r"[\d,.]+\s*k?"),
    r"\w[\w.-]{0,30}(?: and \d+ others?)? likes? this",
    r"\d[\d,]* (?:replies|posts|answers|comments) (?:to|in|on) this (?:topic|thread|post|question|article)",
)

#: A consent line under a form: "By signing up, you agree to our Terms".
CONSENT_LINE = (
    r"\bby (?:using|clicking|signing up|subscribing|continuing|submitting|providing|registering|"
    r"creating|entering)\b[^.]{0,80}\b(?:you|i) (?:agree|consent|accept|acknowledge|am consenting)"
)

#: A short block inviting the reader to sign up for mail: anywhere in it.
SIGNUP_PROMPT = (
    r"\b(?:(?:subscribe|sign up|signup|join|register)\b[^.!?]{0,60}\b(?:to|for|and) |"
    r"would you like to )"
    r"(?:get |receive |our |free |the latest |new |the |a |monthly |weekly |daily )*(?:newsletters?|updates|new posts|emails|"
    r"inbox|notifications|mailing list)\b"
)
#: ... and as patterns over the whole block: retailer buttons ("Check price at Acme"),
#: the retailer a capitalised name of one to three words.
_RETAILER = r"(?-i:[A-Z0-9])[\w.&'-]*(?: [\w.&'-]+){0,2}"
CALL_TO_ACTION_PATTERNS = (
    r"(?:check|see|view|compare) (?:the )?(?:latest |current )?(?:price|prices|deal|deals) (?:at|on) "
    + _RETAILER,
    r"(?:view|buy|shop) (?:it |now )?(?:at|on) " + _RETAILER,
    # A follow button names the site or the writer: "Follow Acme Outdoors", "Follow us on Acme".
    r"follow (?:us |me )?(?:on )?" + _RETAILER,
    r"get (?:the|your|our|a) free (?:e-?book|guide|checklist|template|trial|quote|consultation)",
    r"how (?:was|did you like|would you rate) this (?:issue|article|post|newsletter|episode|page)",
    # Page furniture: reading time, result counts, sort menus, sign-in buttons.
    r"\d+\s*(?:min|mins|minute|minutes)\.? read",
    r"(?:showing )?\d[\d,]*(?:\s*[-–]\s*\d[\d,]*)? of \d[\d,]* (?:results|products|items)",
    r"sort(?:ed)?(?: by)?\s*:\s*\w[\w ]{0,24}",
    (r"(?:sign up|sign in|log in|continue) (?:using|with) (?:google|facebook|apple|github|microsoft|"
     r"email(?: and password)?)"),
)
