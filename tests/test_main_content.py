"""Main-content selection and the filters around it, on pages we wrote.

Each case pairs what must go with a near-miss that must stay.
"""

from __future__ import annotations

import json

import pytest

import cleanpage
from cleanpage import Pipeline

P = [
    ("The harbour authority confirmed on Monday that the northern pier will close for repairs "
     "in April, after divers found cracks in two of the concrete supports."),
    ("Fishing boats that usually moor at the pier will move to the eastern basin, where the "
     "authority has installed temporary pontoons and a water supply for the season."),
    ("Engineers expect the work to last eleven weeks, although the schedule depends on the "
     "weather and on the delivery of steel from the mainland foundry."),
    ("Residents asked the council at a public meeting to keep the footpath along the pier open "
     "at weekends, and officials said they would look at a partial opening in May."),
    ("The last major repair to the pier took place in 1998, when storms damaged the lighthouse "
     "platform at its far end and the structure was closed for most of a year."),
]


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Pier closes</title>{head}</head><body>{body}</body></html>"


def paras(items: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in items)


def dropped_by(result: cleanpage.Result, needle: str) -> str | None:
    for b in result.blocks:
        if needle in b.text:
            return b.dropped_by
    raise AssertionError(f"no block contains {needle!r}")


def test_related_grid_in_the_middle_of_an_article_goes() -> None:
    grid = "".join(
        f'<div class="card"><a href="/s{i}"><h3>Other story number {i} about the town</h3>'
        f"<span>Short teaser {i}</span></a></div>" for i in range(6)
    )
    html = page(f"<main><article><h1>Pier closes</h1>{paras(P[:2])}"
                f"<h2>You may also like</h2><div class='grid'>{grid}</div>{paras(P[2:])}"
                "</article></main>")
    r = cleanpage.extract(html)
    for text in P:
        assert text in r.text
    assert "Other story number 3" not in r.text
    assert dropped_by(r, "You may also like") == "boilerplate_sections"


@pytest.mark.parametrize("heading", [
    "Other Posts You May Enjoy", "You might like", "You may be interested in these topics as well:",
    "People who viewed this item also viewed", "This is what customers who viewed this item bought",
    "Related reads", "Related items", "Trending searches", "More stories from the harbour desk",
    "Recently by Jane Doe", "Join our weekly newsletter", "Sign up for the Harbour newsletter",
    "Subscribe to our blog", "Top posters in this topic", "Strictly necessary cookies",
    "Products related to this item", "Buy now from one of our trusted retail partners:",
    "You must log in to answer this question.", "Your answer", "Also in the news",
    "Advertisement: New harbour book!", "Help improve HarbourDocs", "Help us improve this page",
    "Explore other harbour guides",
])
def test_recommendation_and_signup_headings_open_a_section_that_goes(heading: str) -> None:
    box = "<ul>" + "".join(f"<li><a href='/s{i}'>Other story {i} about boats</a></li>"
                           for i in range(4)) + "</ul>"
    html = page(f"<main><h1>Pier closes</h1>{paras(P[:3])}<h2>{heading}</h2>{box}"
                f"<h2>What happens next</h2>{paras(P[3:])}</main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, heading) == "boilerplate_sections"
    assert "Other story 2" not in r.text
    assert all(t in r.text for t in P)


@pytest.mark.parametrize("heading", [
    "Related work", "Why you might like the new pier", "Why customers who bought early won",
    "How to start a newsletter", "Get the most out of your blog", "Top stories of the pier's history",
    "Chocolate chip cookies", "Marketing cookies for the harbour bake sale", "Where to buy fish",
    "Advertisement and the harbour economy", "Help improve the pier's lighting",
    "Explore more of the harbour at night",
])
def test_headings_that_only_look_like_recommendations_stay(heading: str) -> None:
    html = page(f"<main><h1>Pier closes</h1>{paras(P[:3])}<h2>{heading}</h2>"
                "<p>Short section text about the pier.</p>"
                f"<h2>What happens next</h2>{paras(P[3:])}</main>")
    r = cleanpage.extract(html)
    assert heading in r.text
    assert "Short section text about the pier." in r.text


def test_forum_posts_that_look_like_comments_stay() -> None:
    posts = "".join(
        f'<div class="comment"><div class="comment-author">user{i}</div>'
        f'<div class="comment-body"><p>{t}</p></div></div>' for i, t in enumerate(P)
    )
    html = page(f"<nav><a href='/'>Forum home</a> <a href='/new'>New topics</a></nav>"
                f"<h1>Pier closes in April</h1><div class='comments'>{posts}</div>"
                "<footer><a href='/rules'>Forum rules</a></footer>")
    r = cleanpage.extract(html)
    for text in P:
        assert text in r.text
    assert "Forum rules" not in r.text


def test_comment_thread_under_an_article_goes() -> None:
    comments = "".join(f'<div class="comment-body"><p>Nice article number {i}, thanks!</p></div>'
                       for i in range(4))
    html = page(f"<article>{paras(P)}</article><section id='comments'><h3>4 comments</h3>"
                f"{comments}</section>")
    r = cleanpage.extract(html)
    assert all(t in r.text for t in P)
    assert "Nice article number 2" not in r.text
    assert dropped_by(r, "Nice article number 2") == "drop_comments"


def test_listing_cards_made_of_links_stay() -> None:
    cards = "".join(
        f'<li><a href="/job/{i}"><h3>Harbour engineer position {i}</h3>'
        f"<p>Full-time, north pier office</p><p>Salary band {i}</p></a></li>" for i in range(8)
    )
    html = page(f"<nav><ul><li><a href='/'>Home</a></li><li><a href='/jobs'>Jobs</a></li></ul></nav>"
                f"<main><h1>Open positions</h1><ul class='jobs'>{cards}</ul></main>")
    r = cleanpage.extract(html)
    assert "Harbour engineer position 5" in r.text
    assert "Salary band 7" in r.text
    assert "Home" not in r.text.split("\n")


def test_link_cluster_inside_the_content_goes_but_a_linked_sentence_stays() -> None:
    links = "".join(f'<a href="/t{i}">topic {i}</a> ' for i in range(10))
    linked = (f'{P[4][:60]} <a href="/history">the 1998 repair</a> {P[4][60:]}')
    html = page(f"<article>{paras(P[:4])}<p>{linked}</p><div>{links}</div></article>")
    r = cleanpage.extract(html)
    assert "the 1998 repair" in r.text
    assert dropped_by(r, "topic 3") == "main_content"


def test_linked_titles_of_a_story_list_stay() -> None:
    # A front page: each story is a linked title, a time and a byline; the
    # titles are the content even though the container is not mostly links.
    stories = "".join(
        f"<div class='story'><h3><a href='/s/{i}'>Pier repair update number {i}</a></h3>"
        f"<p>{i + 2} hours ago</p><p>By Harbour Desk reporter {i}</p><p>{P[i % 5][:90]}</p></div>"
        for i in range(6))
    html = page(f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
                f"<main><h1>Harbour Gazette front page</h1>{stories}</main><footer><p>Harbour Gazette</p></footer>")
    r = cleanpage.extract(html)
    assert "Pier repair update number 4" in r.text
    assert "Pier repair update number 0" in r.text


def test_one_or_two_linked_headings_in_an_article_are_still_link_clusters() -> None:
    # Near-miss: an article's "more from us" headings are links, but two are no list of stories.
    more = "".join(f"<h3><a href='/m/{i}'>More harbour stories, part {i}</a></h3>" for i in range(2))
    html = page(f"<article><h1>Pier closes</h1>{paras(P)}{more}</article>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "More harbour stories, part 1") == "main_content"
    assert P[4] in r.text


def test_standfirst_between_the_title_and_the_body_stays() -> None:
    dek = "Divers found cracks in two supports, and the fishing fleet moves to the eastern basin."
    body = paras(P) + paras(P[:3])
    html = page(f"<nav><a href='/'>Home</a></nav><div class='head'><h1>Pier closes</h1>"
                f"<p>12 March 2026</p><div class='dek'><p>{dek}</p></div></div>"
                f"<div class='layout'><div class='body'>{body}</div>"
                f"<div class='side'><p>Weather today: dry</p></div></div>")
    r = cleanpage.extract(html)
    assert dek in r.text
    assert r.text.index(dek) < r.text.index(P[0])


def test_standfirst_under_a_title_in_a_dropped_header_stays() -> None:
    # The <h1> sits in a <header> that drop_chrome removes; it still closes the lead's run.
    dek = "Divers found cracks in two supports, and the fishing fleet moves to the eastern basin."
    body = paras(P) + paras(P[:3])
    html = page(f"<header class='article-header'><h1>Pier closes</h1><p>By Harbour Desk</p></header>"
                f"<div class='intro'><p>{dek}</p></div><div class='layout'><div class='body'>{body}</div>"
                f"<div class='side'><p>Weather today: dry</p></div></div>")
    r = cleanpage.extract(html)
    assert dek in r.text


INTRO = ("Our rain jackets are cut for long walks along the harbour wall, with taped seams, "
         "a hood that rolls into the collar and pockets that stay dry in a downpour.")


def shop_category(under_title: str) -> str:
    # A category page: the title and its introduction, then filters and a grid
    # of short product cards, then the buying guide (an <article>) that holds most of the text.
    cards = "".join(f"<div class='card'><a href='/p/{i}'>Jacket {i}</a><p>{40 + i} euros</p></div>"
                    for i in range(12))
    filters = "".join(f"<li>Size {s}</li>" for s in ("S", "M", "L", "XL"))
    return page(f"<div class='top'><h1>Rain jackets</h1>{under_title}</div>"
                f"<ul class='filters'>{filters}</ul><div class='grid'>{cards}</div>"
                f"<article class='guide'>{paras(P)}</article><footer><p>Harbour Outfitters</p></footer>")


def test_introduction_under_the_title_of_a_category_stays() -> None:
    r = cleanpage.extract(shop_category(f"<p>{INTRO}</p>"))
    assert INTRO in r.text
    assert P[3] in r.text


def test_a_linked_promo_under_the_title_is_no_introduction() -> None:
    # Near-miss: a line of link text under the title is a banner, not prose.
    promo = ("<p><a href='/sale'>Shop the new season of rain jackets and waterproof trousers "
             "before the storms arrive.</a></p>")
    r = cleanpage.extract(shop_category(promo))
    assert "Shop the new season" not in r.text
    assert P[3] in r.text


SUMMARY = ("The northern pier closes in April for eleven weeks of repairs; boats move to the "
           "eastern basin and the footpath may reopen at weekends from May.")


def _story_with_summary(beside: str) -> str:
    # The template sets the summary in an element of its own beside the body.
    return page(f"<div class='story'><div class='summary'>{beside}</div>"
                f"<div class='body'><article>{paras(P)}</article></div></div>"
                "<div class='more'><p>Harbour Gazette, the town's paper since 1921.</p></div>")


def test_summary_beside_the_body_stays() -> None:
    r = cleanpage.extract(_story_with_summary(f"<p>{SUMMARY}</p>"))
    assert SUMMARY in r.text
    assert P[4] in r.text


def test_short_lines_and_links_beside_the_body_go() -> None:
    # Near-miss: beside the body, a short notice and a list of links are no summary.
    beside = ("<p>Updated at noon: the timetable changed.</p>"
              "<ul><li><a href='/a'>Pier repairs: the full timeline of the works</a></li>"
              "<li><a href='/b'>Where to moor a boat while the northern pier is closed</a></li></ul>")
    r = cleanpage.extract(_story_with_summary(beside))
    assert "Updated at noon" not in r.text
    assert "the full timeline" not in r.text
    assert P[4] in r.text


def test_promo_paragraphs_above_the_body_without_a_title_go() -> None:
    # Near-miss: prose above the body, but no <h1> closes the run: a site banner.
    promo = "Subscribe to the Harbour Gazette for a year and get the printed almanac free of charge."
    body = paras(P) + paras(P[:3])
    html = page(f"<div class='banner'><p>{promo}</p></div><div class='layout'>"
                f"<div class='body'><h2>Pier closes</h2>{body}</div>"
                f"<div class='side'><p>Weather today: dry</p></div></div>")
    r = cleanpage.extract(html)
    assert promo not in r.text
    assert P[4] in r.text


def test_a_huge_log_in_one_post_does_not_become_the_content() -> None:
    # One <pre> with a long log holds most of the page's characters; the
    # thread around it (the question and the replies) is still the content.
    log = "\n".join(f"2026-03-12 10:{i:02d}:00 ERROR pier-sensor {i} timed out" for i in range(200))
    posts = "".join(f"<div class='post'><p>{t}</p></div>" for t in P[:3])
    html = page(f"<h1>Pier sensors time out</h1><div class='thread'>{posts}"
                f"<div class='post'><p>Here is my log:</p><pre>{log}</pre></div>"
                f"<div class='post'><p>{P[3]}</p></div></div><footer><p>Forum rules</p></footer>")
    r = cleanpage.extract(html)
    assert P[0] in r.text and P[3] in r.text
    assert "pier-sensor 199 timed out" in r.text


def test_linked_product_titles_of_a_grid_stay() -> None:
    # A shop category: each product is a long linked title, a price and a rating;
    # the prices and ratings make the container less than 70% links.
    cards = "".join(
        f"<div class='card'><div class='name'><a href='/p/{i}'>Harbour rain jacket, model {i}, waterproof "
        f"and breathable</a></div><p>Price: {40 + i} euros, free delivery in two days</p>"
        f"<p>Rated {i % 5 + 1} out of 5 by {10 * i + 3} buyers</p></div>" for i in range(8))
    html = page(f"<nav><a href='/'>Home</a> <a href='/men'>Men</a></nav><main><h1>Rain jackets</h1>"
                f"<p>{P[1]}</p>{cards}</main><footer><p>Harbour Outfitters</p></footer>")
    r = cleanpage.extract(html)
    assert "Harbour rain jacket, model 6, waterproof and breathable" in r.text


def test_short_product_titles_followed_by_a_price_stay() -> None:
    # A shop category with short names (under item_title_chars): the price and
    # the rating under each title make it a card's title, not a menu label.
    cards = "".join(
        f"<li class='card'><a href='/p/{i}'>Harbour rain jacket, model {i}</a>"
        f"<div>Price: {40 + i} euros, free delivery in two days</div>"
        f"<div>Rated {i % 5 + 1} out of 5 by {10 * i + 3} buyers</div></li>" for i in range(8))
    html = page(f"<nav><a href='/'>Home</a> <a href='/men'>Men</a></nav><main><h1>Rain jackets</h1>"
                f"<p>{P[1]}</p><ul>{cards}</ul></main><footer><p>Harbour Outfitters</p></footer>")
    r = cleanpage.extract(html)
    assert "Harbour rain jacket, model 6" in r.text


def test_short_titles_with_nothing_under_them_are_still_a_cluster() -> None:
    # Near-miss: a table of contents of the same length and shape, but each
    # entry is only its link.
    toc = "".join(f"<li><a href='#s{i}'>Harbour repairs, section {i}</a></li>" for i in range(8))
    html = page(f"<main><h1>Pier closes</h1><ul>{toc}</ul>{paras(P)}</main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "Harbour repairs, section 6") == "main_content"


def test_a_container_in_a_data_table_cell_widens_to_the_table() -> None:
    # A product page's specifications table: the long description is one cell;
    # the other rows (labelled by <th>) are the product's details too.
    rows = "".join(f"<tr><th>Harbour spec {i}</th><td>Value {i} of the jacket</td></tr>" for i in range(5))
    html = page(f"<nav><a href='/'>Home</a></nav><main><h1>Rain jacket</h1><table>{rows}"
                f"<tr><th>About</th><td>{paras(P)}</td></tr></table></main>")
    r = cleanpage.extract(html)
    assert "Value 3 of the jacket" in r.text


def test_a_container_in_a_layout_table_cell_stays_the_cell() -> None:
    # Near-miss: a layout table (no <th>) around the body cell and a side column.
    html = page("<table><tr><td><p>Harbour side note: tide times</p></td>"
                f"<td><h1>Pier closes</h1>{paras(P)}</td></tr></table>")
    r = cleanpage.extract(html)
    assert P[0] in r.text
    assert dropped_by(r, "Harbour side note") == "main_content"


def test_linked_names_in_a_table_stay_but_a_menu_in_a_cell_goes() -> None:
    # A results table: each row's first cell is one link (a crew's page), the
    # rest are numbers. The names are the table's values, not a link cluster;
    # a cell of several links is a menu laid out in the table and still goes.
    rows = "".join(f"<tr><td><a href='/crew/{i}'>Northern pier rowing crew {i}</a></td>"
                   f"<td>{30 - i}</td><td>{i}</td></tr>" for i in range(8))
    menu = " ".join(f"<a href='/s{i}'>Harbour section {i}</a>" for i in range(5))
    html = page(f"<main><h1>Regatta results</h1><p>{P[0]}</p><p>{P[1]}</p>"
                f"<table><tr><th>Crew</th><th>Points</th><th>Lost</th></tr>{rows}"
                f"<tr><td>{menu}</td></tr></table></main>")
    r = cleanpage.extract(html)
    assert "Northern pier rowing crew 5" in r.text
    assert dropped_by(r, "Harbour section 3") == "main_content"


def test_short_linked_titles_each_followed_by_a_price_stay() -> None:
    # A shop grid of short product names (under 40 characters): each name is
    # followed by its own price and rating, so they are the items' titles.
    names = ["Tide rechargeable lamp", "Harbour lantern 200 lumens", "Pier torch mini, red light",
             "Quay headlamp 300 lumens", "Beacon camping lamp two", "Dock light compact model",
             "Buoy lantern small model", "Mooring torch 50 lumens"]
    cards = "".join(
        f"<div class='card'><div class='name'><a href='/p/{i}'>{n}</a></div><p>Price: {40 + i} euros, "
        f"free delivery in two days</p><p>Rated {i % 5 + 1} out of 5 by {10 * i + 3} buyers</p></div>"
        for i, n in enumerate(names))
    html = page(f"<nav><a href='/'>Home</a> <a href='/men'>Men</a></nav><main><h1>Lamps</h1>"
                f"<p>{P[1]}</p>{cards}</main><footer><p>Harbour Outfitters</p></footer>")
    r = cleanpage.extract(html)
    assert "Quay headlamp 300 lumens" in r.text
    assert "Mooring torch 50 lumens" in r.text


def test_a_repeated_short_link_after_each_item_is_still_a_cluster() -> None:
    # Near-miss: the same button label after each review ("See it at the harbour
    # shop") is followed by text too, but it repeats: a button, not a title.
    cards = "".join(f"<div class='rev'><p>{P[i % 5]}</p><div><a href='/b/{i}'>See it at the harbour shop</a>"
                    f"</div><p>Price {20 + i} euros</p></div>" for i in range(8))
    html = page(f"<article><h1>Lamps reviewed</h1>{cards}</article>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "See it at the harbour shop") == "main_content"


def test_short_link_labels_that_follow_one_another_are_still_a_cluster() -> None:
    # Near-miss: eight short links in a row (a menu inside the content) have no
    # text of their own between them.
    menu = "".join(f"<li><a href='/s/{i}'>Harbour lamp range number {i}</a></li>" for i in range(8))
    html = page(f"<main><h1>Lamps</h1>{paras(P)}<ul>{menu}</ul><p>Price list 20 euros</p></main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "Harbour lamp range number 3") == "main_content"


def test_short_link_labels_in_the_content_are_still_a_cluster() -> None:
    # Near-miss: eight tag links in the article are a row of short labels, not items.
    tags = "".join(f"<div class='tag'><a href='/t/{i}'>pier topic {i}</a></div>" for i in range(8))
    html = page(f"<article><h1>Pier closes</h1>{paras(P)}{tags}</article>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "pier topic 5") == "main_content"


def test_a_container_made_of_links_is_a_listing_and_keeps_them() -> None:
    # An index page: the chosen container is a list of links, which is the content.
    items = "".join(f"<li><a href='/pier/{i}'>Harbour notice number {i} about the northern pier</a></li>"
                    for i in range(20))
    nav = "<nav>" + "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(8)) + "</nav>"
    html = page(f"{nav}<main><h1>Harbour notices</h1><p>{P[0]}</p><ul>{items}</ul><p>{P[1]}</p>"
                "</main><footer><p>Harbour authority</p></footer>")
    r = cleanpage.extract(html)
    assert "Harbour notice number 7 about the northern pier" in r.text
    assert "Harbour notice number 19 about the northern pier" in r.text
    assert "Section 3" not in r.text


def test_a_page_of_links_with_one_intro_line_finds_the_list() -> None:
    # Job boards, search results, link aggregators: the only running text is an
    # intro line; the list of links below it is the content.
    items = "".join(f"<tr><td><a href='/j{i}'>Harbour crew wanted for the northern pier, post {i}</a>"
                    f"</td></tr>" for i in range(25))
    nav = "<nav>" + "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(8)) + "</nav>"
    html = page(f"{nav}<div class='board'><p>{P[0]}</p><table>{items}</table></div>"
                "<div class='side'><p>Open daily.</p></div>")
    r = cleanpage.extract(html)
    assert "Harbour crew wanted for the northern pier, post 12" in r.text
    assert "Section 3" not in r.text


def test_structured_product_description_locates_the_content() -> None:
    description = " ".join(P[:3])
    ld = json.dumps({"@type": "Product", "name": "Pier lamp", "description": description})
    reviews = "".join(f"<div class='r'><p>Five stars from reviewer {i}: it arrived quickly, the "
                      "packaging was careful and the light is warm and even in a small room.</p></div>"
                      for i in range(12))
    html = page(f"<div class='shop'><div class='desc'>{paras(P[:3])}</div>"
                f"<div class='feedback'>{reviews}</div></div>",
                head=f'<script type="application/ld+json">{ld}</script>')
    r = cleanpage.extract(html)
    assert P[0] in r.text and P[2] in r.text
    assert "reviewer 4" not in r.text


def test_structured_description_in_an_aside_comes_back_but_the_footer_beside_it_does_not() -> None:
    description = " ".join(P[:3])
    ld = json.dumps({"@type": "Product", "name": "Pier lamp", "description": description})
    footer = ("<footer><p>Trade in your old lamps for store credit today.</p>"
              "<p>Video chat with a lighting expert, live from our showroom.</p></footer>")
    # The description runs over an <aside> and a <div>: the element holding both holds the footer.
    html = page(f"<main class='shop'><h1>Pier lamp</h1><aside class='desc'>{paras(P[:2])}</aside>"
                f"<div class='more'><p>{P[2]}</p></div>{footer}</main>",
                head=f'<script type="application/ld+json">{ld}</script>')
    r = cleanpage.extract(html)
    assert P[0] in r.text and P[2] in r.text
    assert dropped_by(r, "Trade in your old lamps") == "drop_chrome"
    assert dropped_by(r, "Video chat with a lighting expert") == "drop_chrome"


def test_structured_forum_posting_does_not_narrow_to_the_first_post() -> None:
    ld = json.dumps({"@type": "DiscussionForumPosting", "articleBody": " ".join(P[:1] * 3)})
    posts = "".join(f"<div class='post'><p>{t}</p></div>" for t in P)
    html = page(f"<div class='thread'>{posts}</div>",
                head=f'<script type="application/ld+json">{ld}</script>')
    r = cleanpage.extract(html)
    assert all(t in r.text for t in P)


def test_hinted_container_wins_over_a_long_sibling() -> None:
    sidebar = "".join(f"<p>Sidebar note {i}: opening hours of the harbour office and the "
                      "museum, with the ferry timetable for the coming weeks.</p>" for i in range(3))
    html = page(f"<div class='wrap'><div class='entry-content'>{paras(P)}</div>"
                f"<div class='extras'>{sidebar}</div></div>")
    r = cleanpage.extract(html)
    assert all(t in r.text for t in P)
    assert "Sidebar note 1" not in r.text


def test_recall_guard_keeps_the_page_and_says_so() -> None:
    html = page(f"<div class='a'>{paras(P[:2])}</div><div class='b'>{paras(P[2:3])}</div>")
    plain = cleanpage.extract(html)
    assert plain.status == "ok" and not plain.notes
    # A selector told to accept a 60% child, but to keep 90% of the text:
    # the guard refuses the small container and keeps the page.
    pipe = Pipeline.preset("default", options={"main_content.dominant_share": 0.6,
                                               "main_content.min_recall": 0.9})
    guarded = cleanpage.extract(html, pipeline=pipe)
    assert any("main content guard" in n for n in guarded.notes)
    assert guarded.status == "degraded"
    assert all(t in guarded.text for t in P[:3])


def _shop_page(extra: str, *, offers: bool = True) -> str:
    product = {"@type": "Product", "name": "Pier lamp"}
    if offers:
        product["offers"] = {"@type": "Offer", "price": "49.00", "priceCurrency": "EUR"}
    head = (f'<meta property="og:type" content="product">'
            f'<script type="application/ld+json">{json.dumps(product)}</script>')
    return page(f"<main><h1>Pier lamp</h1>{paras(P[:4])}{extra}</main>", head=head)


REVIEWS = ("<div class='pdp-reviews'><h2>What buyers say</h2>"
           "<div class='review-card'><p>Bright enough for the whole deck, five stars from me.</p></div>"
           "<div class='review-card'><p>Arrived quickly and the bracket fits the old rail.</p></div>"
           "</div>")


def test_customer_reviews_on_a_product_for_sale_go() -> None:
    r = cleanpage.extract(_shop_page(REVIEWS))
    assert r.metadata.get("page_type") == "product"
    assert dropped_by(r, "five stars from me") == "drop_reviews"
    assert all(t in r.text for t in P[:4])


@pytest.mark.parametrize("extra", [
    # The page's own expert or editorial review, and a preview image strip.
    "<div class='editorial-reviews'><p>Our verdict: bright enough for the whole deck.</p></div>",
    "<div class='image-preview'><p>Lamp shown at night: bright enough for the whole deck.</p></div>",
])
def test_editorial_reviews_and_previews_on_a_product_page_stay(extra: str) -> None:
    r = cleanpage.extract(_shop_page(extra))
    assert "bright enough for the whole deck" in r.text


def test_reviews_on_a_rated_service_page_or_an_article_stay() -> None:
    # A local business states a "Product" with stars but sells nothing on the page.
    r = cleanpage.extract(_shop_page(REVIEWS, offers=False))
    assert "five stars from me" in r.text
    r = cleanpage.extract(page(f"<article><h1>Lamps</h1>{paras(P[:4])}{REVIEWS}</article>"))
    assert "five stars from me" in r.text


def _sections(faq: int) -> str:
    return ("<dl class='product-sections'>"
            "<dt>Details</dt><dd><ul><li>Brass body</li><li>Frosted glass shade</li>"
            "<li>Rated for piers</li></ul></dd>"
            "<dt>Care</dt><dd><p>Wipe it monthly.</p></dd>"
            f"<dt>Questions</dt><dd><div class='faq'>{paras(P[:faq])}</div></dd></dl>")


def test_sections_of_a_product_accordion_stay_together() -> None:
    # The questions panel holds most of the text, but the details and care
    # panels beside it in the same <dl> are the product's sections too.
    html = page(f"<div class='menu'><a href='/'>Home</a> <a href='/lamps'>Lamps</a></div>"
                f"<main><h1>Pier lamp</h1>{_sections(5)}</main>")
    r = cleanpage.extract(html)
    assert "Rated for piers" in r.text
    assert "Wipe it monthly." in r.text
    assert P[4] in r.text


def test_a_list_of_terms_beside_the_content_is_not_pulled_in() -> None:
    # Near-miss: the container is the article, not a <dd>; a side <dl> stays out.
    side = "<div class='side'><dl><dt>Opening hours</dt><dd>Daily from nine in the morning</dd></dl></div>"
    r = cleanpage.extract(page(f"<article><h1>Pier closes</h1>{paras(P)}</article>{side}"))
    assert "Daily from nine in the morning" not in r.text


def test_brand_link_inside_the_product_title_stays() -> None:
    # The brand (a link, in its own block) and the name are one <h1>.
    title = "<h1><div><a href='/brands/harbourline'>Harbourline</a></div><div>Pier lamp, brass</div></h1>"
    r = cleanpage.extract(page(f"<main>{title}{paras(P[:4])}</main>"))
    assert "Harbourline" in r.text
    assert "Pier lamp, brass" in r.text


def test_a_title_that_is_only_a_link_is_still_a_cluster() -> None:
    # Near-miss: an <h1> holding nothing but a link (a logo, a site name) is no title part.
    logo = "<h1><a href='/'>Harbour Gazette, the northern pier's daily</a></h1>"
    r = cleanpage.extract(page(f"<main>{logo}<article>{paras(P)}</article></main>"))
    assert dropped_by(r, "Harbour Gazette, the northern") == "main_content"


def test_commerce_labels_go_and_sentences_with_prices_stay() -> None:
    ld = json.dumps({"@type": "Product", "name": "Lamp"})
    html = page(f"<main>{paras(P[:3])}<div>Add to Cart</div><div>In Stock!</div><div>$619.00</div>"
                "<p>The lamp ships with a $50 mounting kit included in the box.</p></main>",
                head=f'<meta property="og:type" content="product">'
                     f'<script type="application/ld+json">{ld}</script>')
    r = cleanpage.extract(html)
    assert dropped_by(r, "Add to Cart") == "commerce_ui"
    assert dropped_by(r, "In Stock!") == "commerce_ui"
    assert "$50 mounting kit" in r.text
    if r.metadata.get("page_type") == "product":
        assert dropped_by(r, "$619.00") == "commerce_ui"


def test_shop_badges_go_and_a_sentence_with_the_same_words_stays() -> None:
    html = page(f"<main>{paras(P[:3])}<div>Best Seller</div><div>New Arrival</div><div>Verified Buyer</div>"
                "<p>The best seller at the harbour market is smoked mackerel.</p></main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "Best Seller") == "commerce_ui"
    assert dropped_by(r, "New Arrival") == "commerce_ui"
    assert dropped_by(r, "Verified Buyer") == "commerce_ui"
    assert "The best seller at the harbour market" in r.text


def test_stock_notices_go_and_a_sentence_about_stock_stays() -> None:
    html = page(f"<main>{paras(P[:3])}<h3>Notify me when back in stock</h3><div>No longer available</div>"
                "<p>The old lamp model is no longer available, so the harbour office fitted LEDs.</p></main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "Notify me when back in stock") == "commerce_ui"
    assert dropped_by(r, "No longer available") == "commerce_ui"
    assert "The old lamp model is no longer available" in r.text


def test_calls_to_action_go_and_sentences_stay() -> None:
    html = page(f"<main>{paras(P[:3])}<div>Learn more →</div><div>Back to top</div>"
                "<p>Learn more about the repairs at the harbour office on Quay Street.</p></main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "Learn more →") == "call_to_action"
    assert dropped_by(r, "Back to top") == "call_to_action"
    assert "Learn more about the repairs" in r.text


def test_copyright_line_inside_the_content_goes_and_a_sentence_about_copyright_stays() -> None:
    html = page(f"<main>{paras(P[:3])}<p>Copyright law changed in 2019 for harbour maps.</p>"
                "<p>© 2026 Harbour Gazette | All Rights Reserved | Privacy Policy</p></main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "© 2026 Harbour Gazette") == "legal_line"
    assert "Copyright law changed in 2019" in r.text


def test_boilerplate_section_that_holds_most_of_the_page_stays() -> None:
    html = page(f"<p>{P[0]}</p><h2>Comments</h2>" + paras(P[1:] * 2))
    r = cleanpage.extract(html)
    assert all(t in r.text for t in P[1:])


@pytest.mark.parametrize(("url", "kept"), [
    ("https://boats.example/discussion/812/pier-closes", True),  # a thread: the posts are its content
    ("https://news.example/2025/03/pier-closes", False),  # an article: the comments go
])
def test_comments_heading_opens_the_thread_only_on_a_forum_page(url: str, kept: bool) -> None:
    posts = "".join(f"<div class='post'><b>user{i}</b><p>{t}</p></div>" for i, t in enumerate(P[3:]))
    html = page(f"<main><h1>Pier closes</h1>{paras(P[:3])}<h2>Comments</h2>"
                f"<div class='posts'>{posts}</div></main>")
    r = cleanpage.extract(html, url=url)
    assert (P[4] in r.text) is kept
    assert P[0] in r.text


def _long_body() -> str:
    return paras([f"{t} Report {i} of the harbour series." for i in range(5) for t in P])


def test_intro_before_a_promo_that_splits_the_body_stays() -> None:
    intro = [("Divers working for the harbour authority found the cracks during a routine survey "
              "of the northern pier, and the pier was closed to vehicles and to fishing boats the "
              "same afternoon."),
             ("Owners of the cafes along the waterfront say the closure comes at the worst time "
              "of the year, just before the spring festival brings thousands of visitors to town "
              "and to the pier itself.")]
    html = page("<nav><a href='/'>Home</a></nav><div class='post'>"
                f"<div class='intro'>{paras(intro)}</div>"
                "<div class='promo'><b>Free download</b></div>"
                f"<div class='body'>{_long_body()}</div></div>")
    r = cleanpage.extract(html)
    assert all(t in r.text for t in intro)
    assert "Report 3 of the harbour series" in r.text


def test_teaser_cards_before_the_body_go() -> None:
    # Near miss: teaser cards before the body are not a second part of it.
    cards = "".join(f"<div class='card'><b>Story {i}</b><span>Short teaser about boats number {i}, "
                    "with a photo of the harbour.</span></div>" for i in range(5))
    html = page(f"<div class='post'><div class='cards'>{cards}</div>"
                f"<div class='body'>{_long_body()}</div></div>")
    r = cleanpage.extract(html)
    assert "Short teaser about boats number 3" not in r.text
    assert "Report 3 of the harbour series" in r.text


def test_empty_comments_heading_of_each_answer_does_not_take_the_next_answer() -> None:
    # A Q&A page: every answer ends with its own (here empty) "Comments" box.
    answers = "".join(
        f"<div class='answer'><div class='body'>{paras(P[i:i + 2])}</div>"
        "<div class='follow-ups'><div class='head'><h2>Comments</h2></div><div role='list'></div>"
        "</div></div>" for i in (0, 2, 4))
    html = page(f"<main><h1>Why did the pier close?</h1><div class='answers'>{answers}</div></main>")
    r = cleanpage.extract(html)
    assert all(t in r.text for t in P)


def test_comments_heading_over_comments_still_goes() -> None:
    comments = "".join(f"<li>Comment {i}: thanks for the update on the pier works.</li>" for i in range(3))
    html = page(f"<main><h1>Pier closes</h1>{paras(P)}<div class='c'><h2>Comments</h2>"
                f"<ul>{comments}</ul></div></main>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "Comment 1:") == "boilerplate_sections"


_FAQ = (
    ("When will the pier reopen?",
     "The authority expects to reopen it in early July, once the new supports have been load tested."),
    ("Where do the fishing boats moor meanwhile?",
     "They use the temporary pontoons in the eastern basin, which have water and power all season."),
    ("Is the footpath open at weekends?",
     "Officials will decide in May whether part of the footpath can open on Saturdays and Sundays."),
)


@pytest.mark.parametrize(("question", "kept"), [("?", True), (".", False)])
def test_faq_after_the_body_stays(question: str, kept: bool) -> None:
    # Near miss: the same box with headings that ask nothing (an author box, a pitch) goes.
    faq = "".join(f"<h3>{q[:-1]}{question}</h3><p>{a}</p>" for q, a in _FAQ)
    html = page(f"<nav><a href='/'>Home</a></nav><div class='post'><div class='body'>{_long_body()}</div>"
                f"<div class='faq'><h2>Questions</h2>{faq}</div></div>")
    r = cleanpage.extract(html)
    assert (_FAQ[1][1] in r.text) is kept
    assert "Report 3 of the harbour series" in r.text


def test_date_line_of_an_article_goes() -> None:
    html = page(f"<article><h1>Pier closes</h1><div class='date'>Published June 23, 2025</div>"
                f"{paras(P)}</article>")
    r = cleanpage.extract(html)
    assert dropped_by(r, "Published June 23, 2025") == "byline"


def test_bylines_of_a_story_list_stay() -> None:
    # Near miss: a page of several stories, each with its author and date line.
    items = "".join(f"<div class='item'><h2><a href='/s{i}'>Story {i}</a></h2><p>By Jane Doe</p>"
                    f"<p>{t}</p></div>" for i, t in enumerate(P))
    r = cleanpage.extract(page(f"<main>{items}</main>"))
    assert "By Jane Doe" in r.text


def test_post_dates_of_a_forum_thread_stay() -> None:
    posts = "".join(f"<div class='post'><div>Posted March {i + 1}, 2024</div><p>{t}</p></div>"
                    for i, t in enumerate(P[:2]))
    r = cleanpage.extract(page(f"<main><h1>Pier closes</h1>{posts}</main>"),
                          url="https://boats.example/threads/812")
    assert "Posted March 2, 2024" in r.text


def test_body_laid_out_twice_is_kept_once() -> None:
    # A desktop and a mobile copy of the same story: the second copy goes.
    html = page(f"<main><div class='desktop'>{paras(P)}</div><div class='mobile'>{paras(P)}</div></main>")
    r = cleanpage.extract(html)
    assert all(r.text.count(t) == 1 for t in P)
    assert r.blocks[-1].dropped_by == "repeated_lines"


def test_short_labels_of_each_item_stay_on_a_page() -> None:
    # Near miss: in HTML a short line that comes back is an item's label, not chrome.
    cards = "".join(f"<div class='card'><h3>Harbour tee number {i}</h3><p>slim fit</p><p>Black</p>"
                    f"<p>{t}</p></div>" for i, t in enumerate(P))
    r = cleanpage.extract(page(f"<main>{cards}</main>"))
    assert r.text.count("slim fit") == len(P)


def test_noscript_crawler_view_is_read() -> None:
    inner = "<div class='topic'>" + paras(P * 3) + "</div>"
    html = page(f"<div id='app'></div><noscript>{inner}</noscript>")
    r = cleanpage.extract(html)
    assert all(t in r.text for t in P)


def test_title_heading_is_opt_in() -> None:
    html = page(f"<article><h1>Pier closes</h1>{paras(P)}</article>")
    assert "Pier closes\n" in cleanpage.extract(html).text
    pipe = Pipeline.preset("default").insert("title_heading")
    r = cleanpage.extract(html, pipeline=pipe)
    assert dropped_by(r, "Pier closes") == "title_heading"
    assert r.text.startswith(P[0])


def test_readability_extractor_chooses_the_content() -> None:
    pytest.importorskip("readability", reason="readability-lxml is not installed")
    teasers = "".join(f"<li><a href='/x{i}'>Teaser headline number {i} for another story</a></li>"
                      for i in range(8))
    html = page(f"<div class='page'><div class='story'>{paras(P)}</div>"
                f"<div class='more'><ul>{teasers}</ul></div></div>")
    r = cleanpage.extract(html, extractor="readability")
    assert "readability_content" in [f for f in cleanpage.Pipeline.preset("default").replace(
        "main_content", "readability_content").names]
    assert all(t in r.text for t in P)
    assert "Teaser headline number 4" not in r.text
    assert cleanpage.extract(html, extractor="readability").text == r.text  # deterministic
    with pytest.raises(ValueError, match="extractor"):
        cleanpage.extract(html, extractor="boilerpipe")  # type: ignore[arg-type]


def test_readability_extractor_skips_huge_pages_with_a_note() -> None:
    pytest.importorskip("readability", reason="readability-lxml is not installed")
    pipe = Pipeline.preset("default", options={}).replace("main_content", "readability_content")
    pipe = Pipeline([f if f.name != "readability_content" else
                     type(f)(max_chars=100) for f in pipe.filters])
    r = cleanpage.extract(page(paras(P)), pipeline=pipe)
    assert any("readability skipped" in n for n in r.notes)
    assert all(t in r.text for t in P)


def test_noscript_crawler_view_widgets_are_dropped_too() -> None:
    # The DOM filters run on the re-parsed crawler view, with its class names.
    inner = ("<div class='topic'>" + paras(P * 3) + "</div>"
             "<div class='social-share-bar'><p>Share this story with your friends on every network</p></div>")
    html = page(f"<div id='app'></div><noscript>{inner}</noscript>")
    r = cleanpage.extract(html)
    assert all(t in r.text for t in P)
    assert dropped_by(r, "Share this story") == "drop_widgets"


def test_subtree_is_the_element_and_its_descendants() -> None:
    # Elements of a real page (document order): the run _subtree returns is
    # the set a walk down the parent links finds.
    from cleanpage.filters.main_content import _subtree

    html = page("<header><nav><ul><li>a</li><li>b</li></ul></nav></header>"
                "<main><article><h1>t</h1><div><p>x</p><blockquote><p>y</p></blockquote></div>"
                "<p>z</p></article><aside><p>w</p></aside></main><footer><p>f</p></footer>")
    els = cleanpage.extract(html, input="html").document.elements
    assert len(els) > 10
    for root in range(len(els)):
        below = {root}
        for i, el in enumerate(els):
            e = el.parent
            while e >= 0 and e not in below:
                e = els[e].parent
            if e in below:
                below.add(i)
        assert set(_subtree(els, root)) == below


def test_linked_label_of_a_table_row_stays_and_a_cell_of_links_goes() -> None:
    rows = "".join(
        f"<tr><td><a href='/pier/{i}'>Pontoon {i}</a></td><td>{12 + i} berths</td>"
        f"<td>open from May</td></tr>" for i in range(4))
    # A cell holding several links is a menu laid out in a table.
    links = "<td>" + " ".join(f"<a href='/m{i}'>Harbour map {i}</a>" for i in range(4)) + "</td>"
    html = page(f"<main><article><h1>Pier closes</h1>{paras(P)}"
                f"<table><tr><th>Pontoon</th><th>Berths</th><th>Season</th></tr>{rows}"
                f"<tr>{links}</tr></table></article></main>")
    r = cleanpage.extract(html)
    assert "Pontoon 2 14 berths" in " ".join(r.text.split())
    assert dropped_by(r, "Harbour map 1") == "main_content"


def test_closing_call_to_action_heading_goes_and_a_heading_with_text_stays() -> None:
    cta = "<h2>Ready to book a berth?</h2><a class='btn' href='/book'>Book now</a>"
    r = cleanpage.extract(page(f"<main><article><h1>Pier closes</h1>{paras(P)}{cta}</article></main>"))
    assert dropped_by(r, "Ready to book a berth?") == "trailing_heading"
    assert P[-1] in r.text
    # A heading with its paragraph, a linked title, and a short page stay.
    tail = f"<h2>Ready to book a berth?</h2><p>{P[0]}</p>"
    r = cleanpage.extract(page(f"<main><article><h1>Pier closes</h1>{paras(P[1:])}{tail}</article></main>"))
    assert dropped_by(r, "Ready to book a berth?") is None
    linked = "<a href='/berths'><h2>Berths for the season</h2></a>"
    r = cleanpage.extract(page(f"<main><article><h1>Pier closes</h1>{paras(P)}{linked}</article></main>"))
    assert dropped_by(r, "Berths for the season") is None
    r = cleanpage.extract(page(f"<main><article><h1>Pier closes</h1>{paras(P[:2])}{cta}</article></main>"))
    assert dropped_by(r, "Ready to book a berth?") is None


QUOTE = "“The harbour team fixed our mooring in a day and kept us informed throughout.”"


def test_testimonials_on_a_company_page_stay_and_on_an_article_go() -> None:
    body = (f"<main><h1>Harbour repairs</h1>{paras(P)}"
            f"<div class='testimonials'><p>{QUOTE}</p><p>Ann Lee, skipper</p></div></main>")
    assert QUOTE in cleanpage.extract(page(body)).text
    article = '<meta property="og:type" content="article">'
    r = cleanpage.extract(page(body, head=article))
    assert dropped_by(r, "fixed our mooring") == "drop_widgets"


def test_linked_brand_in_a_title_stays_and_a_linked_line_beside_it_goes() -> None:
    title = ("<h1><div><a href='/brands/acme'>Acme Marine</a></div>"
             "<span>Harbour pontoon kit</span></h1>")
    menu = "<div><a href='/brands'>All our marine brands</a></div>"
    html = page(f"<main><article>{title}{menu}{paras(P)}</article></main>")
    r = cleanpage.extract(html)
    assert "Acme Marine Harbour pontoon kit" in " ".join(r.text.split())
    assert dropped_by(r, "All our marine brands") == "main_content"


def test_a_widget_class_on_a_link_inside_a_sentence_keeps_the_word() -> None:
    sentence = ("<p><a class='external-popup' href='https://example.org/'>Quayside</a> repairs "
                "moorings along the northern coast and reports to the harbour master every spring.</p>")
    button = "<div class='cta'><a class='popup-button' href='/book'>Book an inspection today</a></div>"
    r = cleanpage.extract(page(f"<main><article><h1>Pier closes</h1>{paras(P)}{sentence}{button}"
                               "</article></main>"))
    assert "Quayside repairs moorings along the northern coast" in r.text
    assert dropped_by(r, "Book an inspection today") == "drop_widgets"


def test_replies_beside_a_long_opening_post_stay_and_a_link_beside_a_post_goes() -> None:
    # The opening post holds over nine tenths of the text, so the descent stops inside it;
    # its replies are posts of the same tag with running text: the thread is the content.
    opening = f"<li><div class='post'><p>harbourfan</p>{paras(P * 2)}</div></li>"
    replies = ("<li><div class='post'><p>Same at the eastern basin last spring.</p></div></li>"
               "<li><div class='post'><p>The pontoons held up well in the storm.</p></div></li>")
    r = cleanpage.extract(page(f"<nav><a href='/'>Forum</a></nav><main><ol>{opening}{replies}</ol></main>"))
    assert "Same at the eastern basin last spring." in r.text
    assert "The pontoons held up well" in r.text
    # Near-miss: beside the post, only short links (no running text): they stay out.
    links = "<li><a href='/t/1'>Older thread</a></li><li><a href='/t/3'>Newer thread</a></li>"
    r = cleanpage.extract(page(f"<main><ol>{opening}{links}</ol></main>"))
    assert "harbourfan" in r.text
    assert "Older thread" not in r.text
