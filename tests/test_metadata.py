"""Page metadata: each source in its order of trust, dates, and the near misses.

Pages are small ones we write. The corpus check (beside trafilatura) is
``benchmarks/metadata.py``; its matching rules are tested at the end.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

import cleanpage
from cleanpage.metadata import parse_date

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BODY = "<p>" + "The harbour opens at dawn and the boats leave on the tide. " * 4 + "</p>"


def md_of(head: str = "", body: str = BODY, url: str | None = None) -> dict[str, object]:
    page = f"<!doctype html><html{'' if 'lang=' in head else ''}><head>{head}</head><body>{body}</body></html>"
    return cleanpage.extract(page, input="html", url=url).metadata


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


ARTICLE = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "Harbour Notes"},
        {"@type": "Person", "@id": "#ada", "name": "Ada Fenwick"},
        {"@type": "NewsArticle", "headline": "Reading tide tables",
         "author": [{"@id": "#ada"}, {"@type": "Person", "name": "Bo Lind"}],
         "publisher": {"@type": "Organization", "name": "Harbour Notes"},
         "datePublished": "2024-05-17T08:30:00+02:00", "dateModified": "2024-06-01",
         "image": {"@type": "ImageObject", "url": "/img/tides.png"}, "inLanguage": "en-GB"},
    ],
}


def test_json_ld_graph_with_id_links() -> None:
    md = md_of(ld(ARTICLE), url="https://example.org/tides")
    assert md["author"] == "Ada Fenwick, Bo Lind"
    assert md["date_published"] == "2024-05-17T08:30:00+02:00"
    assert md["date_modified"] == "2024-06-01"
    assert md["site_name"] == "Harbour Notes"
    assert md["title"] == "Reading tide tables"
    assert md["image"] == "https://example.org/img/tides.png"
    assert md["page_type"] == "article"
    assert md["language"] == "en-GB"
    assert md["_jsonld"]  # kept for later stages


def test_json_ld_beats_opengraph_beats_meta_names() -> None:
    head = (ld({"@type": "Article", "headline": "From JSON-LD", "author": {"@type": "Person", "name": "Ld Person"},
                "datePublished": "2023-01-02"})
            + '<meta property="og:title" content="From OpenGraph">'
            + '<meta property="article:published_time" content="2022-01-01">'
            + '<meta name="author" content="Meta Person">')
    md = md_of(head)
    assert (md["author"], md["date_published"]) == ("Ld Person", "2023-01-02")
    md = md_of(head.split("</script>", 1)[1])
    assert (md["title"], md["author"], md["date_published"]) == ("From OpenGraph", "Meta Person", "2022-01-01")


def test_opengraph_twitter_dublin_core() -> None:
    head = ('<meta property="og:site_name" content="Tide Desk"><meta property="og:description" content="Tides.">'
            '<meta name="twitter:image" content="https://img.example/t.png"><meta name="DC.creator" content="Cy Moor">'
            '<meta name="dcterms.date" content="2021-03-04"><meta property="og:locale" content="fr_FR">'
            '<meta property="og:type" content="article"><title>Tide timing | Tide Desk</title>')
    md = md_of(head)
    assert md["site_name"] == "Tide Desk" and md["description"] == "Tides."
    assert md["image"] == "https://img.example/t.png" and md["author"] == "Cy Moor"
    assert md["date_published"] == "2021-03-04" and md["language"] == "fr-FR"
    assert md["title"] == "Tide timing"  # the site's name is cut off the <title>
    assert md["page_type"] == "article"


def test_title_prefers_the_h1_the_meta_titles_agree_with() -> None:
    head = '<meta property="og:title" content="Reading tide tables - Harbour Notes"><title>x</title>'
    md = md_of(head, "<header><h1>Harbour Notes</h1></header><h1>Reading tide tables</h1>" + BODY)
    assert md["title"] == "Reading tide tables"
    # a logo <h1> that is the site's name is not the headline
    md = md_of('<meta property="og:title" content="Knots for beginners | Harbour Notes">',
               "<h1>Harbour Notes</h1>" + BODY)
    assert md["title"] == "Knots for beginners"
    # a lone <h1> the meta titles do not agree with is still the page's headline
    md = md_of("<title>Knots | Harbour Notes</title>", "<h1>Six knots every sailor ties</h1>" + BODY)
    assert md["title"] == "Six knots every sailor ties"


def test_title_on_a_website_front_page_is_the_meta_title_not_the_slogan() -> None:
    head = ('<meta property="og:type" content="website"><meta property="og:title" content="Tide Clock | Harbour Notes">'
            '<meta property="og:site_name" content="Harbour Notes">')
    assert md_of(head, "<h1>Never miss a tide again</h1>" + BODY)["title"] == "Tide Clock"
    head = head.replace('"website"', '"article"')
    assert md_of(head, "<h1>Never miss a tide again</h1>" + BODY)["title"] == "Never miss a tide again"


def test_heading_permalinks_and_soft_hyphens_are_not_title_text() -> None:
    assert md_of("", "<h1>Install\u00adation <a href='#i'>¶</a></h1>" + BODY)["title"] == "Installation"


def test_site_part_found_from_the_url_host() -> None:
    from cleanpage.metadata import _drop_site_part

    assert _drop_site_part("Harbour Blog: Reading tide tables", None,
                           "https://harbour.example/blog/tides") == "Reading tide tables"
    assert _drop_site_part("Harbour | Reading tide tables", None, "https://www.harbour.co.uk/t") \
        == "Reading tide tables"
    # a home page keeps its brand-first title, and still loses a trailing brand
    assert _drop_site_part("Harbour: tides made simple", None, "https://harbour.example/") \
        == "Harbour: tides made simple"
    assert _drop_site_part("Tides made simple | Harbour", None, "https://harbour.example/") \
        == "Tides made simple"
    # a colon that does not follow the site's name is part of the headline
    assert _drop_site_part("Tides: a primer", None, "https://harbour.example/t") == "Tides: a primer"


def test_double_escaped_entities_are_decoded() -> None:
    md = md_of('<meta property="og:title" content="Fish &amp;amp; chips">')
    assert md["title"] == "Fish & chips"


def test_byline_and_date_from_the_body() -> None:
    body = ('<h1>Storm season</h1><div class="post-meta"><span class="byline">By <a href="/author/cy">Cy Moor</a>'
            '</span><span class="post-date">March 5, 2024</span></div>' + BODY)
    md = md_of("", body)
    assert md["author"] == "Cy Moor" and md["date_published"] == "2024-03-05"


def test_plain_byline_and_dateline_lines() -> None:
    body = "<h1>Storm season</h1><p>By Ann Lee and Bo Chen</p><p>Updated 12 January 2023</p>" + BODY
    md = md_of("", body)
    assert md["author"] == "Ann Lee and Bo Chen" and md["date_published"] == "2023-01-12"


def test_near_misses_are_not_authors() -> None:
    body = ('<div class="author-box"><a class="author-name" href="#">Follow us</a></div>'
            '<span class="byline">Written by</span><a rel="author" href="/about">Harbour Notes</a>' + BODY)
    md = md_of('<meta property="og:site_name" content="Harbour Notes">', body)
    # the site's own name only when nothing better is named
    assert md["author"] == "Harbour Notes"
    assert md_of("", BODY)["author"] is None
    assert md_of('<meta name="author" content="https://example.org/me">')["author"] is None
    assert md_of('<meta name="author" content="page.head.extra.author">')["author"] is None


def test_organisation_author_gives_way_to_a_person() -> None:
    head = ld({"@type": "Article", "author": [{"@type": "Organization", "name": "Harbour Notes"}]})
    body = '<span class="author-name">Ada Fenwick</span>' + BODY
    assert md_of(head, body)["author"] == "Ada Fenwick"
    assert md_of(head)["author"] == "Harbour Notes"


def test_date_from_time_element_and_from_the_url() -> None:
    assert md_of("", '<time datetime="2020-02-29T10:00:00Z">Feb 29</time>' + BODY)["date_published"] \
        == "2020-02-29T10:00:00Z"
    assert md_of("", BODY, url="https://example.org/2019/07/04/fireworks/")["date_published"] == "2019-07-04"
    assert md_of("", BODY, url="https://example.org/post/12345678/")["date_published"] is None


def test_url_day_settles_a_utc_timestamp_on_the_next_day() -> None:
    head = '<meta property="article:published_time" content="2024-12-19T03:05:00+00:00">'
    md = md_of(head, BODY, url="https://example.org/2024/12/18/late-post/")
    assert md["date_published"] == "2024-12-18"


def test_canonical_url_is_resolved_and_language_from_html() -> None:
    page = ('<html lang="de"><head><link rel="canonical" href="/story"></head><body>' + BODY + "</body></html>")
    md = cleanpage.extract(page, input="html", url="https://example.org/story?utm=1").metadata
    assert md["url"] == "https://example.org/story" and md["language"] == "de"
    assert md_of("", BODY, url="https://example.org/a")["url"] == "https://example.org/a"


def test_page_type_guesses() -> None:
    assert md_of(ld({"@type": "Product", "name": "Kettle"}))["page_type"] == "product"
    assert md_of(ld({"@type": "DiscussionForumPosting"}))["page_type"] == "forum"
    assert md_of("", BODY, url="https://example.org/docs/install/")["page_type"] == "documentation"
    assert md_of("", BODY, url="https://example.org/")["page_type"] is None


def test_broken_json_ld_is_skipped() -> None:
    md = md_of('<script type="application/ld+json">{"@type": "Article", </script>'
               '<meta name="author" content="Cy Moor">')
    assert md["author"] == "Cy Moor"


def test_text_input_has_no_html_metadata() -> None:
    md = cleanpage.extract("Just text.\n", input="text").metadata
    assert not [k for k in md if not k.startswith("_")]


def test_json_output_carries_metadata_without_private_keys() -> None:
    record = cleanpage.extract("<html><head>" + ld(ARTICLE) + "</head><body>" + BODY + "</body></html>").to_dict()
    assert record["metadata"]["author"] == "Ada Fenwick, Bo Lind"
    assert not any(k.startswith("_") for k in record["metadata"])


TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(("raw", "want"), [
    ("2024-05-17", "2024-05-17"),
    ("2024-05-17T08:30:00+0200", "2024-05-17T08:30:00+02:00"),
    ("2024-05-17 08:30", "2024-05-17T08:30:00"),
    ("2024/5/7", "2024-05-07"),
    ("20240517", "2024-05-17"),
    ("May 17, 2024", "2024-05-17"),
    ("Published: Sept. 3rd, 2024 at noon", "2024-09-03"),
    ("17 May 2024", "2024-05-17"),
    ("17. Mai 2024", "2024-05-17"),
    ("5 de marzo de 2024", "2024-03-05"),
    ("05/17/2024", "2024-05-17"),
    ("17/05/2024", "2024-05-17"),
    ("17.05.2024", "2024-05-17"),
])
def test_parse_date_formats(raw: str, want: str) -> None:
    assert parse_date(raw, today=TODAY) == want


@pytest.mark.parametrize("raw", [
    "", "soon", "2024-13-01", "2024-02-30", "1850-01-01", "2031-01-01", "Copyright 2024", "12345678", "v2.4.1",
])
def test_parse_date_rejects(raw: str) -> None:
    assert parse_date(raw, today=TODAY) is None


def test_benchmark_matching_rules() -> None:
    from benchmarks.metadata import day, match, names

    assert match("title", " Reading  Tide Tables ", "reading tide tables")
    assert match("title", "Beginner’s guide", "Beginner's guide")
    assert not match("title", "Reading tide tables | Harbour", "Reading tide tables")
    assert names("By Ann Lee, Bo Chen and Cy Moor") >= {"ann lee", "bo chen", "cy moor"}
    assert match("author", "Bo Chen", "Ann Lee, Bo Chen and Cy Moor")
    assert not match("author", None, "Ann Lee")
    assert day("2024-5-7T23:00:00-05:00") == "2024-05-07"
    assert match("date", "2024-05-07T23:00:00-05:00", "2024-05-07")
    assert not match("date", "2024-05-08", "2024-05-07")


def test_clean_collapses_every_unicode_space() -> None:
    from cleanpage.metadata import _clean

    for space in (chr(c) for c in range(0x3001) if chr(c).isspace()):
        assert _clean(f"{space} Ann{space}{space}Lee {space}") == "Ann Lee", hex(ord(space))


def test_queries_leave_out_parts_the_page_cannot_match() -> None:
    from cleanpage.metadata import _DATE_MODIFIED, _TIME_NODES, _Queries
    from cleanpage.segment import _native, parse

    tree = parse("<html><body><p class='x'>no microdata here</p></body></html>")
    queries = _Queries(tree)
    if _native() is None:
        pytest.skip("the inventory comes from the C walk")
    # (the inventory is read at the first query, itemprop and tag parts included)
    assert queries.css(_DATE_MODIFIED) == [] and queries._selector(_DATE_MODIFIED) == ""
    dated = _Queries(parse('<p><time datetime="2024-05-17">May 17</time><b itemprop="dateModified">x</b></p>'))
    assert len(dated.css(_DATE_MODIFIED)) == 1 and len(dated.css(_TIME_NODES)) == 1
