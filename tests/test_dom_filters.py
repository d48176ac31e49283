"""DOM filters: each one with what it drops and a near-miss it keeps."""

from __future__ import annotations

import pytest
from _support import article, page

import cleanpage
from cleanpage import Pipeline

STORY = article(4)


def run(filter_name: str, body: str) -> cleanpage.Result:
    return cleanpage.extract(page(body), input="html", pipeline=Pipeline([filter_name]))


def dropped(filter_name: str, body: str) -> dict[str, str]:
    """Dropped block text -> reason, for one filter run alone."""
    return {b.text: b.reason or "" for b in run(filter_name, body).dropped}


def kept_text(filter_name: str, body: str) -> str:
    return run(filter_name, body).text


# (filter, page body, text that must be dropped, reason prefix)
DROPS = [
    ("drop_chrome", "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>" + STORY,
     "Home News", "page chrome: nav"),
    ("drop_chrome", "<header class='site-header'><a href='/'>The Courier</a></header>" + STORY,
     "The Courier", "page chrome: header.site-header"),
    ("drop_chrome", STORY + "<footer><p>© 2026 The Courier</p></footer>", "© 2026 The Courier",
     "page chrome: footer"),
    # Near-miss of the hero: a <header> in <main> with no paragraph is a title bar.
    ("drop_chrome", "<main><header><a href='/'>The Courier</a> <a href='/share'>Share</a></header>"
     + STORY + "</main>", "The Courier Share", "page chrome: header"),
    ("drop_chrome", STORY + "<aside><p>Most read this week</p></aside>", "Most read this week",
     "page chrome: aside"),
    ("drop_chrome", "<div role='navigation'><p>Sections menu</p></div>" + STORY, "Sections menu",
     "page chrome: div[role=navigation]"),
    ("drop_forms", STORY + "<form><label>Email</label><button>Subscribe</button><p>Sign up now</p></form>",
     "Sign up now", "form: form"),
    ("drop_forms", STORY + "<fieldset><legend>Search the site</legend></fieldset>", "Search the site",
     "form: fieldset"),
    ("drop_hidden", STORY + "<div style='display:none'>Tracking text</div>", "Tracking text",
     "hidden element: div"),
    ("drop_hidden", STORY + "<div style='DISPLAY: NONE'>Shouted style</div>", "Shouted style",
     "hidden element"),
    ("drop_hidden", STORY + "<div class='visually-hidden'>Skip to results</div>", "Skip to results",
     "hidden element: div.visually-hidden"),
    ("drop_hidden", STORY + "<p class='sr-only'>Screen reader only</p>", "Screen reader only",
     "hidden element: p.sr-only"),
    # Near-miss of the link name: an icon link's whole name, read only to screen readers, still goes.
    ("drop_hidden", STORY + "<a href='/menu'><svg></svg><span class='sr-only'>Open the menu</span></a>",
     "Open the menu", "hidden element: span.sr-only"),
    ("drop_hidden", STORY + "<div style='visibility: hidden'>Invisible</div>", "Invisible",
     "hidden element"),
    # Near-miss of the accordion: a hidden block with no panel role or name still goes.
    ("drop_hidden", STORY + "<div class='promo-box hidden'><p>Win a free tram pass</p></div>",
     "Win a free tram pass", "hidden element: div.promo-box.hidden"),
    # Near-miss of the tab panel: a hidden block that is no tab or accordion panel still goes.
    ("drop_hidden", STORY + "<div role='note' style='display:none'>Hidden note</div>",
     "Hidden note", "hidden element"),
    # A policy in a modal pop-up is often the page's biggest text: only its size near the whole
    # page would spare it, not the usual share.
    ("drop_dialogs", STORY + "<footer><div role='dialog' aria-modal='true'>"
     + "<p>Privacy policy clause on cookies and personal data, read with care.</p>" * 12 + "</div></footer>",
     "Privacy policy clause on cookies and personal data, read with care.", "dialog: div[role=dialog]"),
    ("drop_dialogs", STORY + "<dialog><p>Join our newsletter for 10% off</p></dialog>",
     "Join our newsletter for 10% off", "dialog: dialog"),
    ("drop_dialogs", STORY + "<div role='alertdialog' aria-modal='TRUE'><p>Session expired</p></div>",
     "Session expired", "dialog: div[role=alertdialog]"),
    ("drop_comments", STORY + "<section id='comments'><h3>12 comments</h3><p>Nice post!</p></section>",
     "Nice post!", "comment section: section#comments"),
    ("drop_comments", STORY + "<div class='comment-list'><p>First!</p></div>", "First!",
     "comment section: div.comment-list"),
    ("drop_comments", STORY + "<div id='disqus_thread'><p>Disqus loading</p></div>", "Disqus loading",
     "comment section"),
    ("drop_widgets", STORY + "<div class='social-share'><a href='#'>Share on Facebook</a></div>",
     "Share on Facebook", "share widget: div.social-share"),
    ("drop_widgets", STORY + "<div class='Post-Share-Bar'>Tweet this</div>", "Tweet this",
     "share widget"),
    ("drop_widgets", STORY + "<div id='cookie-banner'>We use cookies.</div>", "We use cookies.",
     "cookie widget: div#cookie-banner"),
    ("drop_widgets", STORY + "<div class='newsletter-box'>Get our daily email</div>",
     "Get our daily email", "newsletter widget"),
    ("drop_widgets", STORY + "<div class='advert-slot'>Sponsored links</div>", "Sponsored links",
     "ad widget"),
    ("drop_widgets", "<ol class='breadcrumb'><li>Home</li></ol>" + STORY, "Home", "navigation widget"),
    ("drop_widgets", STORY + "<div class='hero-author--bio'>Jane Doe is a writer at the Courier.</div>",
     "Jane Doe is a writer at the Courier.", "author box widget"),
    ("drop_widgets", STORY + "<div class='about_author'><p>About the author</p></div>",
     "About the author", "author box widget"),
    ("drop_widgets", STORY + "<section class='popular-articles'><p>Ten best trams</p></section>",
     "Ten best trams", "related widget"),
    # A forum poster's rank and counters beside the post.
    ("drop_widgets", STORY + "<div class='message-userExtras'><dl><dt>Joined</dt><dd>Feb 8, 2023</dd>"
     "<dt>Posts</dt><dd>512</dd></dl></div>", "Joined", "member stats widget"),
    ("drop_widgets", STORY + "<h5 class='userTitle'>Well-known member</h5>", "Well-known member",
     "member stats widget"),
    ("drop_widgets", STORY + "<section class='related-stories'><p>More on trams</p></section>",
     "More on trams", "related widget"),
]


@pytest.mark.parametrize("name, body, text, reason", DROPS, ids=[f"{d[0]}-{i}" for i, d in enumerate(DROPS)])
def test_drops(name: str, body: str, text: str, reason: str) -> None:
    drops = dropped(name, body)
    assert text in drops, drops
    assert drops[text].startswith(reason)
    result = run(name, body)
    assert "4. The council voted" in result.text  # the story itself stays
    assert text not in result.text


# (filter, page body, text that must stay)
KEEPS = [
    # A site that wraps the article in <header>/<aside>/<footer> must not lose it.
    ("drop_chrome", "<header><article><h1>Tram line</h1><p>Story in a header.</p></article></header>",
     "Story in a header."),
    ("drop_chrome", "<footer><main><p>Story in a footer.</p></main></footer>", "Story in a footer."),
    ("drop_chrome", "<p>The nav bar of the car</p><p>A header in football</p>", "A header in football"),
    # A section's hero inside <main>: a <header> with an intro paragraph.
    ("drop_chrome", "<main><header><h2>Tram passes</h2><p>One card for every tram and bus line in the city, "
     "topped up online.</p></header>" + STORY + "</main>", "One card for every tram and bus line"),
    # A page-wide ASP.NET form around the article.
    ("drop_forms", "<form action='/page.aspx'><article><p>Story in a form.</p></article></form>",
     "Story in a form."),
    ("drop_forms", "<form action='/page.aspx'>" + "<p>Long story paragraph, running on and on. </p>" * 40
     + "</form>", "Long story paragraph"),
    ("drop_hidden", "<div style='display:block'>Visible text</div>", "Visible text"),
    ("drop_hidden", "<div class='hidden-gem-review'>Visible review</div>", "Visible review"),
    ("drop_hidden", "<div aria-hidden='false'>Not hidden</div>", "Not hidden"),
    # Tab panels and accordions are content until clicked: [hidden] and aria-hidden stay.
    ("drop_hidden", "<div hidden>Second tab panel</div>", "Second tab panel"),
    ("drop_hidden", "<div aria-hidden='true'>Collapsed answer</div>", "Collapsed answer"),
    # A code sample's other-language tabs: hidden by style, but a tab panel.
    ("drop_hidden", STORY + "<div role='tablist'><button role='tab'>Python</button><button role='tab'>Node.js"
     "</button></div><div role='tabpanel'><pre>print(1)</pre></div>"
     "<div role='tabpanel' style='display:none'><pre>console.log(1)</pre></div>", "console.log(1)"),
    ("drop_hidden", "<p>The hidden costs of the tram line</p>", "The hidden costs"),
    # Collapsed FAQ answers and accordion panels open on a click: content.
    ("drop_hidden", STORY + "<div class='faq__answer' style='display:none'><p>Passes are valid for 30 days.</p>"
     "</div>", "Passes are valid for 30 days."),
    ("drop_hidden", STORY + "<div class='chakra-collapse' style='display: none'><p>Weight: 15 kg</p></div>",
     "Weight: 15 kg"),
    ("drop_hidden", STORY + "<div id='panel-2' role='region' class='hidden'><p>Night trams run hourly.</p></div>",
     "Night trams run hourly."),
    # A product page's second tab (specifications), named a tab pane but given no role.
    ("drop_hidden", STORY + "<div class='tab-pane' style='display:none'><table><tr><th>Weight</th>"
     "<td>15 kg</td></tr></table></div>", "15 kg"),
    # The slides of a carousel after the first are hidden until it turns.
    ("drop_hidden", STORY + "<div class='swiper'><div class='swiper-slide'><p>First quote</p></div>"
     "<div class='swiper-slide' style='display:none'><p>Second quote from a rider</p></div></div>",
     "Second quote from a rider"),
    # Screen-reader text that finishes a visible link's name says where the link goes.
    ("drop_hidden", STORY + "<p><a href='/guide'>Read the guide<span class='sr-only'>: Choosing a tram pass</span>"
     "</a></p>", "Choosing a tram pass"),
    # Shown on load, or a drawer that is no modal (product details in a side sheet): content.
    ("drop_dialogs", STORY + "<dialog open><p>Store opening hours today</p></dialog>", "Store opening hours"),
    ("drop_dialogs", STORY + "<div role='dialog' aria-modal='false'><p>Lightweight cotton, slim fit</p></div>",
     "Lightweight cotton, slim fit"),
    ("drop_dialogs", ("<div role='dialog' aria-modal='true'><article><h1>Tram line</h1>"
                      "<p>Story in a modal.</p></article></div>"), "Story in a modal."),
    # A page that is nothing but its dialog.
    ("drop_dialogs", "<div role='dialog' aria-modal='true'>" + "<p>The whole page lives in here.</p>" * 5
     + "</div><p>Close</p>", "The whole page lives in here."),
    # A forum thread: the comments are the page.
    ("drop_comments", "<h1>Which tram pass?</h1><div class='comments'>"
     + "<p>I bought the monthly pass and it paid off within two weeks of commuting.</p>" * 6
     + "</div><p>Forum rules</p>", "I bought the monthly pass"),
    ("drop_comments", "<article class='comments-enabled'><p>Article body.</p></article>", "Article body."),
    ("drop_comments", "<p>Readers left 12 comments on the plan.</p>", "Readers left 12 comments"),
    ("drop_widgets", "<div class='shareholder-letter'><p>Dear shareholders, profits rose.</p></div>",
     "Dear shareholders"),
    ("drop_widgets", "<article class='share-enabled'><p>Story text.</p></article>", "Story text."),
    ("drop_widgets", "<div class='related-wrapper'><article><p>Real story.</p></article></div>",
     "Real story."),
    ("drop_widgets", "<p>Share prices fell as the cookie maker reported losses.</p>", "Share prices fell"),
    # The byline names the author: it is not the author's bio box.
    ("drop_widgets", STORY + "<p class='author-name'>By Jane Doe</p>", "By Jane Doe"),
    # The poster's name and the post itself stay; only rank and counters are member stats.
    ("drop_widgets", STORY + "<div class='message-user'><a class='username'>tramfan</a></div>"
     "<div class='message-userContent'><p>Monthly pass paid off in two weeks.</p></div>", "tramfan"),
    ("drop_widgets", STORY + "<div class='message-userContent'><p>Monthly pass paid off.</p></div>",
     "Monthly pass paid off."),
]


@pytest.mark.parametrize("name, body, text", KEEPS, ids=[f"{k[0]}-{i}" for i, k in enumerate(KEEPS)])
def test_near_misses_kept(name: str, body: str, text: str) -> None:
    result = run(name, body)
    assert text in result.text, result.explain()
    assert not any(text in d["text"] for d in result.explain())


MEGA_MENU = "<nav class='primary'>" + "".join(
    f"<ul><li><a href='/t{i}'>Tram topic number {i} and its services</a></li>"
    f"<li><a href='/b{i}'>Bus topic number {i} and its timetables</a></li></ul>" for i in range(12)
) + "</nav>"


def test_mega_menu_of_links_goes_even_when_it_holds_most_of_the_text() -> None:
    # Without <article> the story cannot be what spares the menu.
    story = "".join(f"<p>{i}. The council voted on the tram line.</p>" for i in range(4))
    d = dropped("drop_chrome", MEGA_MENU + f"<div class='story'>{story}</div>")
    assert d.get("Tram topic number 3 and its services", "").endswith("(menu of links)")
    assert not any("council voted" in t for t in d)


def test_big_nav_of_prose_stays() -> None:
    # A big navigation element that reads as text (a site that misuses <nav>) is spared.
    prose = "<nav>" + "".join(f"<p>{i}. The council voted on the tram line, and the mayor "
                              "explained why at length to the residents.</p>" for i in range(8))
    text = kept_text("drop_chrome", prose + "<a href='/more'>More</a></nav><p>Footer words.</p>")
    assert "3. The council voted" in text


def test_comments_max_share_option() -> None:
    body = ("<h1>Thread</h1><div class='comments'>" + "<p>A long reply about trams and passes.</p>" * 6
            + "</div><p>Footer words.</p>")
    assert "A long reply" in kept_text("drop_comments", body)
    strict = Pipeline(["drop_comments"], options={"drop_comments.max_share": 1.0})
    result = cleanpage.extract(page(body), input="html", pipeline=strict)
    assert "A long reply" not in result.text


def test_forms_max_chars_option() -> None:
    body = article(12) + "<form><p>" + "Long sign-up blurb. " * 20 + "</p></form>"
    assert "Long sign-up blurb" not in kept_text("drop_forms", body)
    loose = Pipeline(["drop_forms"], options={"drop_forms.max_chars": 50})
    assert "Long sign-up blurb" in cleanpage.extract(page(body), input="html", pipeline=loose).text


def test_dom_filters_do_nothing_on_text_input() -> None:
    text = "<nav>menu</nav> is how the page source starts\n\nStory."
    pipe = Pipeline(["drop_hidden", "drop_chrome", "drop_forms", "drop_comments", "drop_widgets"])
    assert cleanpage.extract(text, input="text", pipeline=pipe).dropped == []


def test_dom_filters_on_body_less_input() -> None:
    pipe = Pipeline(["drop_hidden", "drop_chrome", "drop_forms", "drop_comments", "drop_widgets"])
    for markup in ("", "<frameset></frameset>", "plain words"):
        cleanpage.extract(markup, input="html", pipeline=pipe)  # must not raise


def test_reasons_name_the_element_briefly() -> None:
    long_class = " ".join(f"share-part{i}" for i in range(20))
    drops = dropped("drop_widgets", STORY + f"<div id='{'x' * 100}' class='{long_class}'>Share it</div>")
    reason = drops["Share it"]
    assert len(reason) < 160


class _RemoveShareBars:
    """A user's DOM filter that removes elements (built-ins only mark them)."""

    name = "remove_share_bars"
    stage = cleanpage.pipeline.Stage.DOM

    def apply(self, doc: cleanpage.Document) -> None:
        for node in doc.tree.body.css("div.social-share"):
            node.decompose()


def test_user_dom_filter_that_removes_elements_between_builtins() -> None:
    # drop_hidden reads the page's vocabulary elements once for every DOM filter;
    # the user's filter then removes some of them before drop_widgets runs.
    bars = "".join(f"<div class='social-share'><a href='/s{i}'>Share {i}</a></div>" for i in range(30))
    body = STORY + bars + "<div class='newsletter-box'><p>Sign up for our letter</p></div>"
    seen: list[bool] = []

    class _Probe:
        stage = cleanpage.pipeline.Stage.DOM

        def __init__(self, name: str) -> None:
            self.name = name

        def apply(self, doc: cleanpage.Document) -> None:
            # The nodes cached before the removal must not be served after it
            # (they would point into freed tree memory).
            seen.append("walked" in doc.scratch)

    pipe = Pipeline(["drop_hidden", _Probe("before"), _RemoveShareBars(), _Probe("after"),
                     "drop_widgets"])
    result = cleanpage.extract(page(body), input="html", pipeline=pipe)
    assert seen == [True, False] or not cleanpage.segment._native()  # (no cache without the C walk)
    assert "Share 3" not in result.text
    assert "4. The council voted" in result.text
    assert "Sign up for our letter" not in result.text


def test_comment_sections_of_a_page_that_says_it_is_a_forum_thread_stay() -> None:
    # Small enough to be dropped under an article; but the page's structured data says
    # it is a discussion, so its "comments" are the replies of the thread.
    replies = "<div class='comments'><p>Same here, the night tram was late twice this week.</p></div>"
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", '
          '"@type": "DiscussionForumPosting", "headline": "Night trams late"}</script>')
    html = f"<html><head>{ld}</head><body>{STORY}{replies}</body></html>"
    pipe = Pipeline(["drop_comments"])
    assert "Same here" in cleanpage.extract(html, input="html", pipeline=pipe).text
    plain = f"<html><head></head><body>{STORY}{replies}</body></html>"
    assert "Same here" not in cleanpage.extract(plain, input="html", pipeline=pipe).text


def test_related_list_of_a_page_that_says_it_is_a_listing_stays() -> None:
    # A category page (its intro, then its list of stories in a "related"
    # container): the structured data says it is a collection, so the list is
    # its content. The same list under a story is a related-stories widget.
    items = "".join(f"<li><a href='/t/{i}'>Tram story number {i} from the depot</a></li>" for i in range(6))
    grid = f"<div class='related-list'><ul>{items}</ul></div>"
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", '
          '"@type": "CollectionPage", "name": "Tram stories"}</script>')
    pipe = Pipeline(["drop_widgets"])
    html = f"<html><head>{ld}</head><body>{STORY}{grid}</body></html>"
    assert "Tram story number 4" in cleanpage.extract(html, input="html", pipeline=pipe).text
    plain = f"<html><head></head><body>{STORY}{grid}</body></html>"
    assert "Tram story number 4" not in cleanpage.extract(plain, input="html", pipeline=pipe).text


def test_reply_threads_nested_in_a_spared_thread_stay() -> None:
    # The outer list holds most of the page (the thread is the page): a reply list nested
    # in it, with the same markup, is part of the thread even though it is small.
    post = "<p>" + "The night tram was late again and the connection at the depot was missed. " * 4 + "</p>"
    thread = ("<h1>Night trams</h1><ul class='comments top'><li>" + post
              + "<ul class='comments nested'><li><p>Same here on Tuesday.</p></li></ul></li></ul>")
    assert "Same here on Tuesday" in kept_text("drop_comments", thread)


def test_other_comment_parts_nested_in_a_spared_thread_are_judged_alone() -> None:
    # Near-miss: a nested match of another tag or class (a widget inside the thread)
    # is not a reply thread, so it is dropped as before.
    post = "<p>" + "The night tram was late again and the connection at the depot was missed. " * 4 + "</p>"
    other_tag = ("<h1>Night trams</h1><ul class='comments'><li>" + post
                 + "<div class='comments'><p>Sort replies by date.</p></div></li></ul>")
    assert "Sort replies" not in kept_text("drop_comments", other_tag)
    other_class = ("<h1>Night trams</h1><div class='comments-area'>" + post
                   + "<div class='comment-list'><p>Sort replies by date.</p></div></div>")
    assert "Sort replies" not in kept_text("drop_comments", other_class)
