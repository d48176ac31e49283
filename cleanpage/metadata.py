"""Page metadata, read from the parsed tree before its head is dropped.

Fields: ``title``, ``author``, ``date_published`` and ``date_modified``
(ISO 8601), ``language``, ``url`` (canonical), ``site_name``,
``description``, ``image`` and a ``page_type`` guess. No network.

Each field takes the first source that gives a usable value, in this order
of trust (what the publisher states for machines first, then what the page
shows people, then guesses):

1. JSON-LD (the main ``Article``/``Product``/... object, ``@id`` links followed);
2. OpenGraph and ``article:*`` properties;
3. Twitter cards;
4. ``<meta>`` names, including Dublin Core (``dc.*``, ``dcterms.*``) and
   ``citation_*``;
5. microdata and markup in the body: ``itemprop``, ``<time datetime>``,
   ``rel="author"`` links, byline and date elements, a date by the ``<h1>``;
6. the URL (``/2024/05/17/`` date patterns) and the ``<title>`` element;
7. after segmentation (:func:`complete_metadata`): a short dateline or
   byline line of the text ("By Ann Lee", "March 5, 2025").

Exceptions, each for a reason seen on real pages:

- the title: publishers append the site's name (or an SEO variant) to meta
  titles, so an ``<h1>`` they agree with wins, then a lone ``<h1>`` (unless
  the page is a site's ``website`` page, where the ``<h1>`` is a slogan),
  then the meta title without its site part;
- the author: a person named anywhere beats an organisation (the site
  itself) named as author in JSON-LD; the site is the answer only when no
  person is named;
- the publication day: a UTC timestamp one day off the URL's date takes the
  URL's day (the publisher's calendar).

The work is a handful of CSS queries and a pass over the JSON-LD objects;
nothing loops over DOM nodes.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from .model import Document

_JSONLD_MAX_CHARS = 2_000_000

#: JSON-LD types whose object describes the page's main content.
ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
    "scholarlyarticle", "report", "socialmediaposting", "discussionforumposting", "liveblogposting",
    "howto", "recipe", "review", "medicalwebpage", "creativework", "posting", "qapage", "question",
))
ORGANISATION_TYPES = frozenset(("organization", "corporation", "newsmediaorganization", "localbusiness",
                                "educationalorganization", "governmentorganization", "ngo"))
PRODUCT_TYPES = frozenset(("product", "productgroup", "offer", "individualproduct", "softwareapplication"))
PAGE_TYPES = frozenset((
    "webpage", "itempage", "aboutpage", "faqpage", "collectionpage", "searchresultspage",
    "profilepage", "contactpage", "checkoutpage",
))
#: ``page_type`` guesses from JSON-LD ``@type`` (lowercased), strongest first.
_TYPE_GUESS = (
    (frozenset(("discussionforumposting", "qapage", "question", "socialmediaposting")), "forum"),
    (PRODUCT_TYPES, "product"),
    (frozenset(("techarticle", "apireference")), "documentation"),
    (ARTICLE_TYPES, "article"),
    (frozenset(("collectionpage", "itemlist", "searchresultspage", "blog")), "listing"),
    (frozenset(("service", "localbusiness", "organization", "aboutpage", "contactpage", "faqpage")), "service"),
)
_URL_TYPE_GUESS = (
    (re.compile(r"/(?:forums?|threads?|topics?|community|discussions?|questions)/", re.I), "forum"),
    (re.compile(r"/(?:products?|shop|store|item|dp|p)/", re.I), "product"),
    (re.compile(r"/(?:docs?|documentation|reference|manual|api|guides?)/", re.I), "documentation"),
    (re.compile(r"/(?:tags?|categor(?:y|ies)|archives?|search)/", re.I), "listing"),
    (re.compile(r"/(?:19|20)\d\d/\d{1,2}/|/(?:news|blog|articles?|posts?|stories)/", re.I), "article"),
)

_MONTHS = {
    name: i + 1
    for i, names in enumerate((
        ("january", "jan", "januar", "janvier", "enero", "gennaio", "janeiro"),
        ("february", "feb", "februar", "février", "fevrier", "febrero", "febbraio", "fevereiro"),
        ("march", "mar", "märz", "maerz", "mars", "marzo", "março"),
        ("april", "apr", "avril", "abril", "aprile"),
        ("may", "mai", "mayo", "maggio", "maio"),
        ("june", "jun", "juni", "juin", "junio", "giugno", "junho"),
        ("july", "jul", "juli", "juillet", "julio", "luglio", "julho"),
        ("august", "aug", "août", "aout", "agosto"),
        ("september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro"),
        ("october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro"),
        ("november", "nov", "novembre", "noviembre", "novembro"),
        ("december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"),
    ))
    for name in names
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_ISO = re.compile(
    r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)(20\d\d|19\d\d)(\d\d)(\d\d)(?:T?(\d\d)(\d\d)(\d\d)?)?(?!\d)")
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?({_MONTH_RE})\.?,?\s+(?:de\s+)?(\d{{4}})\b", re.I)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_YEAR_DIGITS = re.compile(r"\d{4}")
_URL_DATE = re.compile(r"[/_-]((?:19|20)\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?!\d)|/((?:19|20)\d{6})(?!\d)")

#: Elements whose text is usually a visible date line ("Published March 5, 2025").
_DATE_NODES: Query = (
    ("time", ("tag", "time")), ('[class*="date" i]', ("class", "date")),
    ('[class*="publish" i]', ("class", "publish")), ('[class*="posted" i]', ("class", "posted")),
    ('[class*="byline" i]', ("class", "byline")), ('[class*="time" i]', ("class", "time")),
    ('[id*="date" i]', ("id", "date")), ('[class*="meta" i]', ("class", "meta")),
)
_DATE_MODIFIED: Query = (('[itemprop="dateModified"]', ("itemprop", "dateModified")),)
_DATE_PUBLISHED: Query = (('[itemprop="datePublished"]', ("itemprop", "datePublished")),)
_TIME_NODES: Query = (("time[pubdate], article time[datetime], time[datetime]", ("tag", "time")),)
#: Where a byline may be, most trusted first (see ``_byline``).
_BYLINE_QUERIES: tuple[Query, ...] = (
    (('[itemprop="author"] [itemprop="name"]', ("itemprop", "name")),),
    (('[itemprop="author"]', ("itemprop", "author")),),
    (('a[rel~="author"]', ("rel", "author")),),
    (('[rel="author"]', ("rel", "author")),),
    (('.byline a[href*="author"]', ("class", "byline")),
     ('[class*="author-name" i]', ("class", "author-name")),
     ('[class*="author__name" i]', ("class", "author__name")),
     ('[class*="authorname" i]', ("class", "authorname")),
     ('[class*="author_name" i]', ("class", "author_name")),
     ('[class*="byline__name" i]', ("class", "byline__name"))),
    (('a[href*="/author/"], a[href*="/authors/"], a[href*="/writer/"], a[href*="/writers/"]', ("href", "author")),),
    (('[class*="byline" i]', ("class", "byline")), (".author", ("class", "author")),
     ('[class*="post-author" i]', ("class", "post-author")),
     ('[class*="article-author" i]', ("class", "article-author"))),
)
#: Matches whatever one of ``_BYLINE_QUERIES`` matches, with fewer tests per
#: element (most pages have no byline element at all).
_BYLINE_PROBE: Query = tuple(
    part for query in _BYLINE_QUERIES for part in query if "href*=" not in part[0]
) + (('a[href*="/author"], a[href*="/writer"]', ("href", "author")),)
_WS = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+[|–—·•:»-]\s+|(?<!\s)\s+::\s+")
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:view|see)\s+all\s+(?:posts|articles|stories)\s+by|(?:more\s+)?(?:posts|articles|stories)\s+by|"
    r"(?:written|posted|published|reviewed|updated|edited|reported|fact[- ]checked|words|text)\s+by|by|authors?)"
    r"(?:[:\s]+|$)",
    re.I,
)
_NAME_TAIL = re.compile(r"(?<![\s•·|,;:–—-])[\s•·|,;:–—-]+$")
#: A line that starts with one of these is a button or a label, not a name.
UI_FIRST_WORDS = frozenset(("follow", "view", "read", "share", "contact", "email", "visit", "see",
                            "more", "about", "updated", "published", "posted", "sponsored"))
_NOT_A_NAME = re.compile(r"https?://|www\.|@\w+\.\w|^\W*$|\d{3,}")
_HANDLE = re.compile(r"^@\w+$")
_TEMPLATE_SLOT = re.compile(r"^[\w-]+(?:\.[\w-]+){2,}$|^\{\{.*\}\}$|^%.*%$")
_LAST_FIRST = re.compile(r"^([\w'’-]+),\s*([\w'’.-]+(?:\s+[\w'’.-]+)?)$")
#: Words of buttons and labels that byline selectors also match.
UI_WORDS = frozenset((
    "written", "by", "author", "authors", "learn", "more", "read", "view", "posted", "share",
    "follow", "profile", "about", "the", "menu", "home", "search", "sign", "in", "up", "log",
    "login", "subscribe", "comments", "comment", "reply", "admin", "staff", "editor", "contact",
    "bluesky", "facebook", "twitter", "linkedin", "instagram", "email", "print", "x", "all", "posts",
    "articles", "see", "and", "team", "via", "post", "guest", "anonymous", "unknown",
))
_NON_WORD = re.compile(r"\W+")
_SITE_COLON = re.compile(r"^([^:]{2,40}):\s+(.{8,})$")
#: Second-level labels under country domains (``example.co.uk``).
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"))
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
#: Permalink marks headings end with (documentation generators).
_PERMALINK = re.compile(r"(?<!\s)\s*[¶§🔗#]\s*$")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)

#: A part of a CSS query and what the page must have for it to match:
#: ``("class", s)`` a class value containing ``s`` (any case), ``("id", s)``
#: likewise for ids, ``("itemprop", v)`` an itemprop value ``v``, ``("tag", t)``
#: a ``<t>`` element, ``("rel", "author")`` a rel value holding "author",
#: ``("href", "author")`` an href holding "/author" or "/writer" (both in any
#: case), ``None`` nothing we can tell in advance.
Need = tuple[str, str] | None
Query = tuple[tuple[str, Need], ...]


class _Queries:
    """CSS queries on one tree, without the parts that cannot match on it.

    Lexbor walks the whole tree for every query and tests every element
    against every part; ``[class*="author-name" i]`` parts are the dear ones.
    The C walk (``segment._native``) lists in one pass the page's class,
    id and itemprop values and its tags, and a part whose class, id,
    itemprop or tag is missing from the page is left out of the query (the
    test is a superset of Lexbor's, so the nodes found are the same).
    Results are cached: the author search asks twice.
    """

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self.cache: dict[Any, list[Any]] = {}
        self._facts: Any = False  # not read yet

    @property
    def facts(self) -> Any:
        """The C walk's inventory (read on first need), or None."""
        if self._facts is False:
            self._facts = None
            root = self.tree.root
            if root is not None:
                from .segment import _native

                native = _native()
                if native is not None:
                    self._set_facts(native.facts(root))
        return self._facts

    def _set_facts(self, facts: Any) -> None:
        self._facts = facts
        self.classes = facts.classes.lower()
        self.ids = facts.ids.lower()

    def common_nodes(self) -> tuple[list[Any], list[Any], list[Any]]:
        """The JSON-LD scripts, ``<meta content>`` tags and ``<h1>`` elements, in
        document order. With the C walk, its inventory pass finds them too
        (the first walk of a freshly parsed tree pays for bringing it into
        the cache: one walk instead of two); otherwise one Lexbor query."""
        root = self.tree.root
        if self._facts is False and root is not None:
            from .filters._dom import _node_maker_works
            from .segment import _native

            native = _native()
            if native is not None and _node_maker_works(native):
                from selectolax.lexbor import LexborNode

                facts, nodes = native.facts_and_common(root, LexborNode.__pyx_vtable__)  # type: ignore[attr-defined]
                self._set_facts(facts)
                return nodes  # type: ignore[no-any-return]
        return _common_nodes(self.tree)

    def _selector(self, query: Query) -> str:
        # (the inventory is read at the first query: its pass costs less
        # than one query's, and the DOM filters reuse it)
        facts = self.facts
        if facts is None:
            return ", ".join(part for part, _ in query)
        parts = []
        for part, need in query:
            if need is not None:
                kind, value = need
                if kind == "class":
                    if value not in self.classes:
                        continue
                elif kind == "id":
                    if value not in self.ids:
                        continue
                elif kind == "itemprop":
                    if value.lower() not in facts.itemprops:
                        continue
                elif kind == "rel":
                    if not facts.author_links & 1:
                        continue
                elif kind == "href":
                    if not facts.author_links & 2:
                        continue
                elif not facts.may_match(value):  # a tag
                    continue
            parts.append(part)
        return ", ".join(parts)

    def css(self, query: Query) -> list[Any]:
        """``tree.css`` of the parts of ``query`` that may match here."""
        found = self.cache.get(query)
        if found is None:
            selector = self._selector(query)
            found = self.cache[query] = self.tree.css(selector) if selector else []
        return found

    def any(self, query: Query) -> bool:
        """Whether ``query`` matches anything: one walk that stops at the first match."""
        found = self.cache.get(query)
        if found is None:
            selector = self._selector(query)
            first = self.tree.css_first(selector) if selector else None
            found = self.cache[query] = [first] if first is not None else []
        return bool(found)


def _clean(value: Any) -> str | None:
    """Whitespace-collapsed text, with entities left over from double escaping decoded."""
    if not isinstance(value, str):
        return None
    if "&" in value and _ENTITY.search(value):
        value = html.unescape(value)
    if _INVISIBLE.search(value):
        value = _INVISIBLE.sub("", value)
    value = " ".join(value.split())  # (split() and \s agree on what is a space)
    return value or None


_META_KEYS = frozenset(("property", "name", "itemprop", "http-equiv"))


class _MetaTable:
    """``<meta>`` contents by lowercased ``property``/``name``/``itemprop``/``http-equiv``;
    the first non-empty value of a key wins. One query for all meta tags;
    a value is cleaned only when its key is asked for (pages carry dozens)."""

    def __init__(self, nodes: list[Any]) -> None:
        self.raw: dict[str, list[Any]] = {}
        self.clean: dict[str, str | None] = {}
        raw = self.raw
        for node in nodes:
            attrs = node.attributes
            content = attrs.get("content")
            for attr, key in attrs.items():  # (a node's own order: each adds the same content)
                if key and attr in _META_KEYS:
                    raw.setdefault(key.strip().lower(), []).append(content)

    def get(self, key: str) -> str | None:
        values = self.raw.get(key)
        if values is None:  # (most keys asked for, on most pages)
            return None
        if key not in self.clean:
            self.clean[key] = next(filter(None, map(_clean, values)), None)
        return self.clean[key]


def _common_nodes(tree: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """The JSON-LD scripts, ``<meta content>`` tags and ``<h1>`` elements, in
    document order: one walk for the three queries every page needs."""
    scripts: list[Any] = []
    metas: list[Any] = []
    h1s: list[Any] = []
    for node in tree.css('script[type="application/ld+json" i], meta[content], h1'):
        tag = node.tag
        (scripts if tag == "script" else metas if tag == "meta" else h1s).append(node)
    return scripts, metas, h1s


def _jsonld(scripts: list[Any]) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, flattened out of lists and @graph."""
    out: list[dict[str, Any]] = []
    for node in scripts:
        raw = node.text(deep=True)
        if not raw or len(raw) > _JSONLD_MAX_CHARS:
            continue
        try:
            data = json.loads(raw)
        except RecursionError:  # absurdly nested: not metadata anyone wrote
            continue
        except ValueError:
            try:  # a common slip: raw control characters inside strings
                data = json.loads(raw, strict=False)
            except (ValueError, RecursionError):
                continue
        todo = [data]
        while todo and len(out) < 200:
            item = todo.pop(0)
            if isinstance(item, list):
                todo.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    todo.extend(graph)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower().rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.lower().rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _main_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON-LD object that describes the page's content, if any."""
    for kinds in (ARTICLE_TYPES, PRODUCT_TYPES, PAGE_TYPES):
        for obj in objects:
            if _types(obj) & kinds:
                return obj
    return None


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
        return by_id[value["@id"]]
    return value


def _ld_names(value: Any, by_id: dict[str, dict[str, Any]]) -> list[tuple[str, bool]]:
    """``(name, is_organisation)`` pairs from a JSON-LD ``author``-like value."""
    out: list[tuple[str, bool]] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:10]:
        item = _resolve(item, by_id)
        name = None
        org = False
        if isinstance(item, str):
            name = item
        elif isinstance(item, dict):
            org = bool(_types(item) & ORGANISATION_TYPES)
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if not name and (item.get("givenName") or item.get("familyName")):
                name = f"{item.get('givenName') or ''} {item.get('familyName') or ''}"
        name = _clean(name)
        if name and _plausible_name(name):
            out.append((name, org))
    return out


def _ld_text(value: Any, by_id: dict[str, dict[str, Any]], key: str = "name") -> str | None:
    value = _resolve(value, by_id)
    if isinstance(value, list):
        value = value[0] if value else None
        value = _resolve(value, by_id)
    if isinstance(value, dict):
        value = value.get(key) or value.get("url") or value.get("@id")
    return _clean(value) if isinstance(value, str) else None


def _plausible_name(name: str) -> bool:
    return 1 < len(name) <= 100 and not _NOT_A_NAME.search(name) and len(name.split()) <= 12


def parse_date(value: str | None, *, today: date | None = None) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD``) or datetime from a date in common formats.

    Understands ISO 8601 and its slash/dot variants, compact ``YYYYMMDD``,
    ``May 17, 2024``, ``17 May 2024`` (English and a few European month
    names) and numeric ``05/17/2024`` / ``17.05.2024``. The time and offset
    are kept when given, so the calendar day stays the publisher's.
    Returns ``None`` for anything implausible (before 1990, or in the future).
    """
    if not value:
        return None
    value = value.strip()[:200]
    if not _may_hold_date(value):
        return None
    today = today or date.today()
    m = _ISO.search(value)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day = _valid(y, mo, d, today)
        if day and m.group(4) is not None:
            tz = m.group(7) or ""
            if tz and tz != "Z" and ":" not in tz:
                tz = f"{tz[:3]}:{tz[3:]}"
            secs = m.group(6) or "00"
            return f"{day}T{int(m.group(4)):02d}:{m.group(5)}:{secs}{tz}"
        if day:
            return day
    m = _MDY.search(value)
    if m:
        day = _valid(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)), today)
        if day:
            return day
    m = _DMY.search(value)
    if m:
        day = _valid(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)), today)
        if day:
            return day
    m = _NUMERIC.search(value)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # dots are day-first in the countries that write them; slashes are
        # read month-first unless the first number cannot be a month
        dayfirst = "." in m.group(0) or a > 12
        day = _valid(y, b, a, today) if dayfirst else _valid(y, a, b, today)
        if day:
            return day
    m = _COMPACT.fullmatch(value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    return None


def _may_hold_date(text: str) -> bool:
    """Whether ``text`` has a year ``parse_date`` could accept: four digits,
    1990 or later, so in ASCII "19.." or "20..". Most lines of a page have
    none, and this costs less than one of the five patterns."""
    if text.isascii():
        return "19" in text or "20" in text
    return _YEAR_DIGITS.search(text) is not None


def _valid(y: int, m: int, d: int, today: date) -> str | None:
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    if value.year < 1990 or value > today:
        return None
    return value.isoformat()


def _url_date(url: str | None, today: date | None = None) -> str | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    if m.group(1):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), today or date.today())
    return parse_date(m.group(4), today=today)


def _first_date(*values: str | None) -> str | None:
    for v in values:
        parsed = parse_date(v)
        if parsed:
            return parsed
    return None


def _node_date(queries: _Queries, query: Query, limit: int = 5, max_chars: int = 100) -> str | None:
    """A date from matching elements' ``datetime``/``content`` attribute or short text."""
    for node in queries.css(query)[:limit]:
        attrs = node.attributes
        text = attrs.get("datetime") or attrs.get("content")
        if not text:
            text = node.text(deep=True)
            if len(text) > max_chars:
                continue
        parsed = parse_date(text)
        if parsed:
            return parsed
    return None


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 1 << 30


def _heading_date(h1s: list[Any]) -> str | None:
    """A date written near the page's ``<h1>`` (a dateline or byline without markup)."""
    if not h1s:
        return None
    h1 = h1s[0]
    head = _clean(h1.text(deep=True)) or ""
    node = h1.parent
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            return None
        text = _WS.sub(" ", node.text(deep=True, separator=" "))
        if len(text) > 20_000:
            return None
        at = text.find(head) if head else -1
        after = text[at + len(head):][:300] if at >= 0 else text[:300]
        before = text[max(0, at - 200):at] if at > 0 else ""
        found = parse_date(after) or parse_date(before)
        if found:
            return found
        node = node.parent
    return None


def _byline(queries: _Queries, usable: Any) -> str | None:
    """An author name from the body: microdata, ``rel=author``, byline elements.

    A byline element often holds the name and then a job title or a date on
    lines of their own: the first usable line is the name.
    """
    if not queries.any(_BYLINE_PROBE):
        return None
    for query in _BYLINE_QUERIES:
        for node in queries.css(query)[:3]:
            raw = node.attributes.get("content") or node.text(deep=True, separator="\n")
            for line in raw.split("\n")[:6]:
                text = _clean(_NAME_TAIL.sub("", _BYLINE_PREFIX.sub("", _clean(line) or "")))
                if text and usable(text) and len(text.split()) <= 6:
                    return text
    return None


def _fold(text: str) -> str:
    """Lowercased, with typographic quotes and spaces made plain, for comparing titles."""
    if not text.isascii():  # (str.replace: translate() looks each character up in a dict)
        text = (text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"')
                .replace("\u201d", '"').replace("\xa0", " "))
    return " ".join(text.split()).lower()


def _title(h1_nodes: list[Any], candidates: list[str], site_name: str | None, og_type: str | None = None,
           url: str | None = None) -> str | None:
    """The page's headline.

    People read the ``<h1>``, and meta titles often carry the site's name or
    an SEO variant, so: an ``<h1>`` that a meta title equals or starts with
    (followed by a separator) wins; else a lone ``<h1>`` that is not the
    site's name (a logo); else the most trusted meta title without its
    site-name part.
    """
    metas = [_fold(c) for c in candidates]
    site_parts = {_fold(site_name)} if site_name else set()
    for c in candidates:
        site_parts.update(_fold(p) for p in _TITLE_SEPARATORS.split(c)[1:])
    h1s = []
    for node in h1_nodes[:6]:
        h = _clean(_PERMALINK.sub("", node.text(deep=True, separator=" ")))
        if h and len(h) <= 300 and _fold(h) not in site_parts and h not in h1s:
            h1s.append(h)
    for h in h1s:
        fh = _fold(h)
        for m in metas:
            if m == fh or (m.startswith(fh) and _TITLE_SEPARATORS.match(m, len(fh))):
                return h
    # a lone <h1> is the headline of an article; on a site's front or
    # product page (og:type "website") it is more often a slogan
    if len(h1s) == 1 and not (candidates and (og_type or "").lower() == "website"):
        return h1s[0]
    if candidates:
        return _drop_site_part(candidates[0], site_name, url)
    return h1s[0] if h1s else None


def _site_label(url: str | None) -> str:
    """The name part of a URL's host: ``https://blog.garnix.io/x`` -> ``"garnix"``."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [x for x in host.lower().split(".") if x and x != "www"]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def _drop_site_part(title: str, site_name: str | None, url: str | None = None) -> str:
    """``"Story headline | Site"`` -> ``"Story headline"`` (also ``"Site | Story"``).

    A part is the site's when it matches the site's name or the name in the
    URL's host (``"Garnix Blog"`` on ``garnix.io``). A home page keeps a
    leading brand.
    """
    # "Brand: what it does" is a home page's own title; elsewhere a leading
    # brand is a prefix like a trailing one
    home = bool(url) and urlsplit(url).path in ("", "/")
    site = (site_name or "").lower()
    label = _site_label(url)

    def is_site(part: str) -> bool:
        low = part.strip().lower()
        if site and (low in site or site in low):
            return True
        compact = _NON_WORD.sub("", low)
        return len(label) >= 4 and bool(compact) and (label in compact or (len(compact) >= 4 and compact in label))

    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        m = _SITE_COLON.match(title)
        return m.group(2) if m and not home and is_site(m.group(1)) else title
    if is_site(parts[-1]):
        return title[: title.rfind(parts[-1])].rstrip(" |–—·•:»-").strip() or title
    if is_site(parts[0]) and not home:
        return title[len(parts[0]):].lstrip(" |–—·•:»-").strip() or title
    # without a site name, a short last part is most likely the site's
    if len(parts[-1].split()) <= 3 and len(parts[0].split()) >= 3:
        return title[: title.rfind(parts[-1])].rstrip(" |–—·•:»-").strip() or title
    return title


def _guess_type(objects: list[dict[str, Any]], og_type: str | None, url: str | None) -> str | None:
    types: set[str] = set()
    for obj in objects:
        types |= _types(obj)
    for kinds, guess in _TYPE_GUESS:
        if types & kinds:
            return guess
    og = (og_type or "").lower()
    if og.startswith("article") or og in ("blog", "news"):
        return "article"
    if og.startswith("product"):
        return "product"
    for pattern, guess in _URL_TYPE_GUESS:
        if url and pattern.search(url):
            return guess
    return None


#: A byline line: "By Ann Lee", "Written by Ann Lee and Bo Chen", "Author: Ann Lee".
_BYLINE_LINE = re.compile(
    r"^(?i:(?:written|posted|published|reported|story|words)\s+)?(?i:by|author:|authors:)\s*"
    r"((?:[A-Z][\w.'’-]*\s*){1,4}(?:(?:,\s*|\s*\band\s+|\s*&\s*)(?:[A-Z][\w.'’-]*\s*){1,4}){0,3})",
)
#: Blocks this long or longer are body text, not a dateline or byline.
MAX_LINE_CHARS = 160
#: How many blocks from the top to look through for a dateline or byline.
MAX_LINES = 400


def complete_metadata(doc: Document) -> None:
    """Fill the fields the markup did not state from the page's short lines.

    Called after segmentation: the blocks (kept and dropped) are the visible
    text in reading order, so a dateline ("March 5, 2025") or a byline
    ("By Ann Lee") that carries no markup is found without walking the DOM.
    """
    md = doc.metadata
    need_date, need_author = not md.get("date_published"), not md.get("author")
    if not (need_date or need_author):
        return
    for b in doc.blocks[:MAX_LINES]:
        text = b.text
        if len(text) >= MAX_LINE_CHARS:
            continue
        if need_date:
            found = parse_date(text)
            if found:
                md["date_published"] = found
                need_date = False
        if need_author:
            m = _BYLINE_LINE.match(text)
            name = _clean(m.group(1)) if m else None
            if name and _plausible_name(name):
                md["author"] = name.rstrip(",&").strip()
                need_author = False
        if not (need_date or need_author):
            return


def _usable_name(name: str, organisations: set[str]) -> bool:
    """A plausible person's name: not the site, not a button, not a template slot."""
    if not _plausible_name(name) or _HANDLE.match(name) or _TEMPLATE_SLOT.match(name):
        return False
    folded = _fold(name)
    if folded in organisations:
        return False
    words = folded.replace(":", " ").split()
    return not set(words) <= UI_WORDS and words[0] not in UI_FIRST_WORDS


def _author(queries: _Queries, ld_names: list[tuple[str, bool]], meta: Any,
            organisations: set[str]) -> str | None:
    """The author(s): JSON-LD people, then ``<meta>`` names, then the byline in
    the body; an organisation named as author only when nothing else is."""
    # first a person; failing that, the site or organisation the page names
    for names_to_avoid in (organisations, set()):
        def usable(name: str, avoid: set[str] = names_to_avoid) -> bool:
            return _usable_name(name, avoid)

        people = [n for n, org in ld_names if not org and usable(n)]
        if people:
            return ", ".join(dict.fromkeys(people))
        for key in ("author", "article:author", "dc.creator", "dcterms.creator", "citation_author",
                    "parsely-author", "sailthru.author", "byl", "twitter:creator"):
            raw = meta(key)
            if not raw:  # (most keys on most pages: three patterns on "" give None)
                continue
            value = _clean(_NAME_TAIL.sub("", _BYLINE_PREFIX.sub("", raw)))
            if value and key == "citation_author":
                value = _LAST_FIRST.sub(r"\2 \1", value)  # citation style: "Lee, Ann"
            if value and usable(value):
                return value
        found = _byline(queries, usable)
        if found:
            return found
    return next((n for n, _ in ld_names), None)


def read_metadata(doc: Document) -> None:
    """Fill ``doc.metadata`` from the tree (called before the head is dropped).

    Keys: the public fields listed in the module docstring (``None`` when not
    found) and ``_jsonld``, the page's JSON-LD objects for later stages.
    """
    tree = doc.tree
    md = doc.metadata
    queries = _Queries(tree)
    # (nodes made by the C walk: used only here, before any filter changes the tree)
    scripts, metas, h1_nodes = queries.common_nodes()
    objects = _jsonld(scripts)
    md["_jsonld"] = objects
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    main = _main_object(objects) or {}
    site_obj = next((o for o in objects if "website" in _types(o)), {})

    table = _MetaTable(metas)

    def meta(*names: str) -> str | None:
        for name in names:
            value = table.get(name)
            if value:
                return value
        return None

    page_url = doc.url
    canonical = tree.css_first('link[rel="canonical" i]')
    href = _clean(canonical.attributes.get("href")) if canonical is not None else None
    url = href or meta("og:url") or _clean(main.get("url") if isinstance(main.get("url"), str) else None)
    md["url"] = (urljoin(page_url, url) if page_url and url else url) or page_url

    site_name = (
        meta("og:site_name")
        or _ld_text(main.get("publisher"), by_id)
        or _clean(site_obj.get("name") if isinstance(site_obj.get("name"), str) else None)
        or meta("application-name", "apple-mobile-web-app-title", "dc.publisher", "citation_publisher")
    )
    md["site_name"] = site_name

    title_node = tree.css_first("title")
    candidates = [
        c for c in (
            _clean(main.get("headline")) if _types(main) & ARTICLE_TYPES else _clean(main.get("name")),
            meta("og:title"),
            meta("twitter:title"),
            meta("title", "dc.title", "dcterms.title", "citation_title", "parsely-title", "sailthru.title"),
            _clean(title_node.text()) if title_node is not None else None,
        ) if c
    ]
    md["title"] = _title(h1_nodes, candidates, site_name, meta("og:type"), md["url"])

    publisher = _ld_text(main.get("publisher"), by_id)
    md["author"] = _author(queries, _ld_names(main.get("author") or main.get("creator"), by_id),
                           meta, {_fold(n) for n in (site_name, publisher) if n})

    published = _first_date(
        main.get("datePublished") if isinstance(main.get("datePublished"), str) else None,
        main.get("dateCreated") if isinstance(main.get("dateCreated"), str) else None,
        meta("article:published_time", "og:published_time", "og:article:published_time"),
        meta("date", "pubdate", "publishdate", "publish-date", "publish_date", "published_time",
             "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
             "citation_publication_date", "citation_date", "parsely-pub-date", "sailthru.date",
             "article.published", "datePublished"),
    )
    modified = _first_date(
        main.get("dateModified") if isinstance(main.get("dateModified"), str) else None,
        meta("article:modified_time", "og:updated_time", "dcterms.modified", "last-modified",
             "dateModified"),
    )
    modified = modified or _node_date(queries, _DATE_MODIFIED)
    url_day = _url_date(md["url"]) or _url_date(page_url)
    if not published:
        published = (
            _node_date(queries, _DATE_PUBLISHED)
            or _node_date(queries, _TIME_NODES)
            or url_day
            or _node_date(queries, _DATE_NODES, limit=40, max_chars=160)
            or _heading_date(h1_nodes)
            or modified  # a page that only states when it was updated shows that date
        )
    elif url_day and url_day != published[:10] and _days_apart(url_day, published) <= 1:
        # a timestamp in UTC can fall on the next or previous day; the URL
        # carries the publisher's own calendar day
        published = url_day
    md["date_published"] = published
    md["date_modified"] = modified
    if queries._facts:
        # The DOM filters read the same inventory (filters._dom.page_facts):
        # the whole tree's is a superset of the body's, so their queries find
        # the same nodes, and the C pass is not made twice.
        doc.scratch["facts"] = queries._facts

    html = tree.css_first("html")
    lang = _clean(html.attributes.get("lang")) if html is not None else None
    md["language"] = (
        lang
        or meta("content-language", "dc.language", "language")
        or (meta("og:locale") or "").replace("_", "-")
        or _clean(main.get("inLanguage") if isinstance(main.get("inLanguage"), str) else None)
    )
    md["description"] = (
        meta("og:description", "description", "twitter:description", "dc.description")
        or _clean(main.get("description") if isinstance(main.get("description"), str) else None)
    )
    image = meta("og:image", "og:image:url", "twitter:image", "twitter:image:src") or _ld_text(
        main.get("image"), by_id, "url")
    md["image"] = urljoin(page_url, image) if page_url and image else image
    md["page_type"] = _guess_type(objects, meta("og:type"), md["url"])
