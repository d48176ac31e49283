"""main_content: keep the page's main content, drop what lies outside it."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..model import NO_ENTRIES, Block, Document
from ..pipeline import BaseFilter, Stage, register


@register
class MainContent(BaseFilter):
    """Keep the smallest element holding most of the page's running text; drop the rest.

    Drops: the teaser list and footer links around an article.
    Keeps: every paragraph of the article body, its headings and lists, and
    the linked titles of a list of stories (``teaser_titles`` or more).
    """

    name = "main_content"
    stage = Stage.SELECT
    needs_html = True
    options = {"dominant_share": 0.9, "hinted_share": 0.5, "min_recall": 0.2,
               "max_link_density": 0.6, "tail_weight": 0.25, "listing_link_share": 0.7,
               "link_weight": 0.1, "teaser_titles": 3, "max_block_weight": 600,
               "item_titles": 6, "item_title_chars": 40, "section_weight": 300,
               "section_paragraphs": 2, "faq_questions": 3}

    def apply(self, doc: Document) -> None:
        els = doc.elements
        if not els:
            return
        body = _structured_body(doc)
        evidence = None
        if body is not None:
            evidence = _structured_container(
                els, body, [b for b in doc.blocks if b.dropped_by is None or _dropped_in_dom(b)])
            if evidence is not None:
                _restore_repeats(doc, _subtree(els, evidence), set(_WORD.findall(body.lower())))
        kept = [b for b in doc.blocks if b.dropped_by is None]
        if not kept:
            return
        n = len(els)
        mass = [0] * n
        root_mass = 0
        tail = _page_tail(doc)
        link_weight, tail_weight, max_w = self.link_weight, self.tail_weight, self.max_block_weight
        for b in kept:
            # The characters of running (non-link) text a block brings as evidence.
            e = b.element
            size = len(b.text)
            if e >= 0 and els[e].in_link:
                # A card's text is content on a listing but chrome in a
                # mega-menu: it counts, at half the weight of running text.
                w = size // 2 if size >= 25 else 0
            elif b.link_chars > 0.5 * size:
                # A line of links (a listing item, a menu entry) is weak
                # evidence: it lets a page made of link lists find the list.
                w = int(link_weight * size) if size >= 25 else 0
            else:
                w = size - b.link_chars
                if w < 25:  # too little running text to count
                    w = 0
            if not w:
                continue
            if w > max_w:
                # One long block (a log dump, a policy in one paragraph) is
                # one piece of evidence: it must not outweigh a run of them.
                w = max_w
            if b.index > tail:
                # After the page footer: modals, consent texts, off-canvas
                # panels appended to <body>. Weak evidence of main content.
                w = int(w * tail_weight)
            root_mass += w
            if e >= 0:
                mass[e] += w
        if root_mass == 0:
            return
        # An element's mass is its own blocks' plus its children's. Parents
        # come before their children, so one pass from the last element back
        # adds each finished mass to its parent (a climb to the root from
        # every block walks the same chains many times over).
        children: dict[int, list[int]] = {}
        parents = [el.parent for el in els]
        for i in range(n - 1, -1, -1):
            m = mass[i]
            if m:
                p = parents[i]
                if p >= 0:
                    mass[p] += m
                children.setdefault(p, []).append(i)
        for siblings in children.values():
            siblings.reverse()  # document order: ties go to the first child
        # Descend while one child holds a dominant share of its parent's mass.
        node, node_mass = -1, root_mass
        while True:
            kids = children.get(node)
            if not kids:
                break
            best = max(kids, key=lambda i: mass[i])
            if mass[best] < self.dominant_share * node_mass:
                break
            node, node_mass = best, mass[best]
        node, node_mass = self._prefer_hinted(els, mass, node, node_mass, children)
        if evidence is not None:
            node, node_mass = evidence, mass[evidence]
        else:
            node = _thread(els, mass, node, children)
            node_mass = mass[node] if node >= 0 else root_mass
        sections = _description_list(els, node)
        if sections is None:
            sections = _table_of_cell(els, node)
        if sections is not None:
            node, node_mass = sections, mass[sections]
        if node < 0:
            self._drop_links(kept, els)
            return
        if node_mass < self.min_recall * root_mass and node_mass < MIN_CONTENT_CHARS:
            # Recall guard: a container this small next to that much text is
            # more likely a wrong pick than the page's content. Keep the page
            # (less its link clusters) and say so.
            doc.notes.append(
                f"main content guard: the best container held {node_mass} of {root_mass} "
                "characters of running text; kept the whole page instead"
            )
            self._drop_links(kept, els)
            return
        inside = _subtree(els, node)
        # (not where the page's structured data located the content)
        beside = [] if evidence is not None else self._sections_beside(kept, els, node, mass, children)
        start = beside[0] if beside and beside[0].start < node else inside
        also = {e for part in beside for e in part}
        headline = _headline_before(kept, start)
        lead = {b.index for b in _lead_before(doc.blocks, kept, start, els)}
        lead.update(b.index for b in _intro_after_title(kept, start, els))
        lead.update(b.index for b in _prose_beside(kept, inside, els))
        reason = f"outside main content <{els[node].tag}>"
        for b in kept:
            if b.element not in inside and b is not headline and b.index not in lead \
                    and b.element not in also:
                b.drop(self.name, reason)
        self._drop_links([b for b in kept if b.dropped_by is None], els, listing=True)

    def _sections_beside(self, kept: list[Block], els: list, node: int, mass: list[int],
                         children: dict[int, list[int]]) -> list[range]:
        """Siblings of the container that the descent left out for holding
        under a tenth of the text, yet belong to the article: before it, an
        intro, a summary box or the first part of a body that a promo split
        in two; after it, an FAQ.

        A sibling needs ``section_weight`` of running text. Before the
        container it needs ``section_paragraphs`` paragraphs of prose (80
        characters, mostly not link text; a row of teaser cards has none);
        after it, where author boxes, newsletter pitches and comments sit,
        ``faq_questions`` subheadings that ask a question."""
        sibs = [i for i in children.get(els[node].parent, ())
                if i != node and mass[i] >= self.section_weight]
        if not sibs:
            return []
        parts = [_subtree(els, i) for i in sibs]
        starts = [part.start for part in parts]
        found = [0] * len(sibs)
        # (one pass over the blocks: siblings' subtrees are disjoint runs)
        for b in kept:
            k = bisect_right(starts, b.element) - 1
            if k < 0 or b.element not in parts[k]:
                continue
            if sibs[k] < node:
                found[k] += (b.tag == "p" and len(b.text) >= 80 and b.link_density < 0.3)
            else:
                found[k] += (b.tag in _SUBHEADINGS and b.text.endswith("?"))
        return [part for sib, part, n in zip(sibs, parts, found, strict=True)
                if n >= (self.section_paragraphs if sib < node else self.faq_questions)]

    def _without_item_titles(self, clusters: list[Block], blocks: list[Block],
                             els: list) -> list[Block]:
        """``clusters`` less the runs of list items: ``item_titles`` or more
        link blocks of one kind (tag and depth) whose text averages
        ``item_title_chars`` or more are the titles of a product grid or a
        list of stories; a menu's labels are short. Shorter titles (half
        that) count too when each is followed by text of its own (a price,
        a rating) and nearly all differ: a menu's labels follow one another,
        a button's label repeats."""
        groups: dict[tuple[str, int], list[Block]] = {}
        for b in clusters:
            groups.setdefault((b.tag, els[b.element].depth if b.element >= 0 else -1), []).append(b)
        linked = {b.index for b in clusters}
        after = {a.index: b for a, b in zip(blocks, blocks[1:], strict=False)}
        items: set[int] = set()
        for group in groups.values():
            if len(group) < self.item_titles:
                continue
            chars = sum(len(b.text) for b in group)
            if chars >= self.item_title_chars * len(group) or (
                    2 * chars >= self.item_title_chars * len(group)
                    and 10 * len({b.text for b in group}) >= 9 * len(group)
                    and all(b.index in after and after[b.index].index not in linked
                            and not after[b.index].link_chars for b in group)):
                items.update(b.index for b in group)
        return [b for b in clusters if b.index not in items] if items else clusters

    def _prefer_hinted(self, els: list, mass: list[int], node: int, node_mass: int,
                       children: dict[int, list[int]]) -> tuple[int, int]:
        """Narrow the container to a hinted one (``<article>``, ``.entry-content``)
        inside it that holds most of its text, then keep descending."""
        # (a set's order, as the subtree's always was: it settles ties)
        inside = set(_subtree(els, node)) if node >= 0 else range(len(els))
        best, best_mass = -1, 0
        for i in inside:
            if mass[i] > best_mass:
                hints = els[i].hints
                if hints is not NO_ENTRIES and hints.get("content"):
                    best, best_mass = i, mass[i]
        if best < 0 or best == node or best_mass < self.hinted_share * node_mass:
            return node, node_mass
        node, node_mass = best, best_mass
        while True:
            kids = children.get(node)
            if not kids:
                return node, node_mass
            top = max(kids, key=lambda i: mass[i])
            if mass[top] < self.dominant_share * node_mass:
                return node, node_mass
            node, node_mass = top, mass[top]

    def _drop_links(self, blocks: list[Block], els: list, listing: bool = False) -> None:
        most = self.max_link_density
        clusters = [b for b in blocks  # (most blocks have no link text: that test first)
                    if b.link_chars and not (b.element >= 0 and els[b.element].in_link)
                    and b.link_density > most and not _linked_value(b)]
        if listing and clusters:
            # A container made mostly of links is a list of links (an index,
            # a directory, search results): the links are its content.
            total = sum(len(b.text) for b in blocks)
            if sum(len(b.text) for b in clusters) >= self.listing_link_share * total:
                return
        if listing and sum(1 for b in clusters if b.tag in _SUBHEADINGS) >= self.teaser_titles:
            # Several linked headings in the content are titles: of the items
            # of a list of stories or products, or of sections that link to
            # themselves (documentation). They are not link clusters there.
            clusters = [b for b in clusters if b.tag not in _SUBHEADINGS]
        if listing and clusters:
            clusters = self._without_item_titles(clusters, blocks, els)
        if clusters:
            clusters = _without_heading_parts(clusters, blocks, els)
        for b in clusters:
            b.drop(self.name, f"link cluster ({b.link_density:.0%} link text)")


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def _without_heading_parts(clusters: list[Block], blocks: list[Block], els: list) -> list[Block]:
    """``clusters`` less the linked parts of a heading that also has plain
    text: a product title's brand ("Acme" above "Trail shoe") is the title's
    first words."""
    def heading(b: Block) -> int:
        e = b.element
        if b.tag in _HEADINGS:
            return e
        up = els[e].parent if e >= 0 else -1
        return up if up >= 0 and els[up].tag in _HEADINGS else -1
    linked = {b.index for b in clusters}
    plain = {heading(b) for b in blocks if b.index not in linked} - {-1}
    if not plain:
        return clusters
    keep = {b.index for b in clusters if heading(b) in plain}
    return [b for b in clusters if b.index not in keep] if keep else clusters


_SUBHEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
#: Table cells and definition-list parts: one value of a table each.
_CELLS = frozenset(("td", "th", "dt", "dd"))


def _linked_value(b: Block) -> bool:
    """A cell that is one link (a team in a standings table, a file in an
    index) is a value of its table, not a cluster of links; a cell holding
    several links is a menu laid out in a table."""
    return b.tag in _CELLS and (b.links is None or len(b.links) <= 1)

#: A container with less running text than this may trip the recall guard.
MIN_CONTENT_CHARS = 500
_WORD = re.compile(r"\w+")
#: JSON-LD fields that carry the page's own text, and the shortest one trusted.
_BODY_FIELDS = ("articleBody", "description")
_MIN_BODY_WORDS = 40
#: schema.org types whose body is a single post of a longer thread.
_THREAD_TYPES = ("Discussion", "Forum", "Question", "Answer", "Comment", "SocialMediaPosting")


#: DOM filters whose drops structured evidence may undo (not comments: a
#: thread is never the product description).
_UNDOABLE = frozenset(("drop_chrome", "drop_widgets", "drop_hidden", "drop_forms"))


def _dropped_in_dom(b: Block) -> bool:
    return b.dropped_by in _UNDOABLE


def _structured_body(doc: Document) -> str | None:
    """The longest article/product text the page states in JSON-LD."""
    best = None
    for obj in doc.metadata.get("_jsonld") or ():
        kind = obj.get("@type")
        kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
        if any(t in kinds for t in _THREAD_TYPES):
            continue  # one post of a thread, not the page's content
        product = "Product" in kinds
        for key in _BODY_FIELDS:
            if key == "description" and not product:
                continue  # elsewhere a description is a summary, not the body
            value = obj.get(key)
            if isinstance(value, str) and (best is None or len(value) > len(best)):
                best = value
    if best is None or len(best.split()) < _MIN_BODY_WORDS:
        return None
    return best


def _restore_repeats(doc: Document, inside: range, vocab: set[str]) -> None:
    """The page's own structured data says the content is ``inside``: undo
    chrome/widget drops there whose dropped element repeats that text (a
    description inside an ``<aside>`` or a details pop-up), not the footer
    or sidebar links beside it."""
    regions: dict[str | None, list[Block]] = {}
    for b in doc.blocks:
        if b.dropped_by is not None and b.element in inside and _dropped_in_dom(b):
            regions.setdefault(b.reason, []).append(b)
    for region in regions.values():
        if any(_repeats(b, vocab) for b in region):
            for b in region:
                b.restore()


def _repeats(b: Block, vocab: set[str]) -> bool:
    """A sentence or more whose words nearly all occur in the structured body text."""
    words = _WORD.findall(b.text.lower())
    return len(words) >= 5 and sum(1 for w in words if w in vocab) >= 0.8 * len(words)


def _structured_container(els: list, body: str, kept: list[Block]) -> int | None:
    """The element that holds the visible copy of ``body``, the JSON-LD body text.

    Sites state their article body or product description in JSON-LD; the
    visible blocks that repeat it locate the content even where more text
    (reviews, related items) surrounds it. The output still comes from the
    visible blocks, in page order.
    """
    vocab = set(_WORD.findall(body.lower()))
    matched: list[Block] = []
    covered = 0
    for b in kept:
        words = _WORD.findall(b.text.lower())
        if len(words) < 5:
            continue
        hits = sum(1 for w in words if w in vocab)
        if hits >= 0.8 * len(words):
            matched.append(b)
            covered += len(words)
    if not matched or covered < 0.5 * len(body.split()):
        return None
    # Lowest common ancestor of the matched blocks' elements.
    def chain(e: int) -> list[int]:
        out = []
        while e >= 0:
            out.append(e)
            e = els[e].parent
        return out[::-1]
    common = chain(matched[0].element)
    for b in matched[1:]:
        other = chain(b.element)
        n = 0
        while n < len(common) and n < len(other) and common[n] == other[n]:
            n += 1
        common = common[:n]
        if not common:
            return None
    return common[-1]


#: What may end a lead paragraph (a standfirst ends like a sentence).
_SENTENCE_END = frozenset(".!?:\"'”’)")


def _lead_before(blocks: list[Block], kept: list[Block], inside: range, els: list) -> list[Block]:
    """Paragraphs between the page's ``<h1>`` and the container: the lead or
    standfirst that many templates set above the body, in its own element.

    Only prose counts (a sentence of 80 characters or more, mostly not link
    text), only when an ``<h1>`` closes the run within eight kept blocks (a
    title in a header the DOM filters dropped counts too), and a long block
    that is not prose ends the search."""
    first = next((b.index for b in kept if b.element in inside), None)
    if first is None:
        return []
    found: list[Block] = []
    seen = 0
    for b in reversed(blocks[:first]):
        if b.tag == "h1":
            return found
        if b.dropped_by is not None:
            continue
        seen += 1
        if seen > 8:
            break
        if _is_prose(b, els, 80):
            found.append(b)
        elif len(b.text.rstrip()) > 200:
            break
    return []


def _intro_after_title(kept: list[Block], inside: range, els: list) -> list[Block]:
    """The prose right under the page's only ``<h1>`` when the container
    comes later: a category's or product's introduction that shop and listing
    templates set in the title's element, apart from the grid or the details
    below. The run ends at the first block that is not a sentence of 60
    characters or more."""
    titles = [i for i, b in enumerate(kept) if b.tag == "h1"]
    if len(titles) != 1:
        return []
    at = titles[0]
    if kept[at].element in inside:
        return []
    first = next((i for i, b in enumerate(kept) if b.element in inside), None)
    if first is None or first < at:
        return []
    found: list[Block] = []
    for b in kept[at + 1:first]:
        if not _is_prose(b, els):
            break
        found.append(b)
    return found


def _table_of_cell(els: list, node: int) -> int | None:
    """The data ``<table>`` around a container that is one of its cells: the
    other cells (a product's specifications) belong with it."""
    if node < 0 or els[node].tag not in ("td", "th"):
        return None
    up = els[node].parent
    for _ in range(3):  # <tr>, then <tbody>, then <table>
        if up < 0:
            return None
        if els[up].tag == "table":
            # (a data table labels its rows or columns; a layout table does not)
            return up if any(els[i].tag == "th" for i in _subtree(els, up)) else None
        up = els[up].parent
    return None


def _thread(els: list, mass: list[int], node: int, children: dict[int, list[int]]) -> int:
    """The list of posts when the container is one of them (a forum thread).

    A long opening post can hold most of the text, so the descent stops inside
    it; its replies are ``li``/``article`` siblings of the same tag that carry
    running text of their own (a list of links beside it has none)."""
    e = node
    while e >= 0:
        tag = els[e].tag
        if tag in ("li", "article"):
            parent = els[e].parent
            if any(s != e and els[s].tag == tag and mass[s] >= 25
                   for s in children.get(parent, ())):
                return parent
        e = els[e].parent
    return node


def _description_list(els: list, node: int) -> int | None:
    """The ``<dl>`` around a container that sits in one of its ``<dd>``: a
    product page's accordion of sections (description, ingredients, usage,
    questions) is one set, whichever panel holds the most text."""
    for _ in range(4):  # the container, or up to three levels inside the <dd>
        if node < 0:
            return None
        if els[node].tag == "dd":
            up = els[node].parent
            for _ in range(2):  # <dl><dd> or <dl><div><dd>
                if up < 0:
                    return None
                if els[up].tag == "dl":
                    return up
                up = els[up].parent
            return None
        node = els[node].parent
    return None


def _is_prose(b: Block, els: list, min_chars: int = 60) -> bool:
    """A sentence of ``min_chars`` or more that is mostly not link text."""
    text = b.text.rstrip()
    return (len(text) >= min_chars and text[-1] in _SENTENCE_END and b.link_density < 0.3
            and not (b.element >= 0 and els[b.element].in_link))


#: The shortest paragraph ``_prose_beside`` takes: a summary is a full sentence
#: or two; shorter lines beside the body are as often promos and notices.
_BESIDE_CHARS = 100


def _prose_beside(kept: list[Block], inside: range, els: list) -> list[Block]:
    """Paragraphs before the container within its grandparent element: a
    summary, an introduction or a first paragraph that the template sets in
    an element of its own beside the body (only prose: the menus, labels and
    link lists there still go)."""
    first = next((i for i, b in enumerate(kept) if b.element in inside), None)
    if first is None:
        return []
    top = inside.start
    for _ in range(2):
        if els[top].parent < 0:
            break
        top = els[top].parent
    if top == inside.start:
        return []
    region = _subtree(els, top)
    return [b for b in kept[:first] if b.element in region and _is_prose(b, els, _BESIDE_CHARS)]


def _headline_before(kept: list[Block], inside: range) -> Block | None:
    """The ``<h1>`` just before the container, if nothing but short lines
    separate them: a thread's or story's title standing above its body."""
    first = next((i for i, b in enumerate(kept) if b.element in inside), None)
    if first is None:
        return None
    for b in reversed(kept[max(0, first - 3):first]):
        if b.tag == "h1":
            return b
        if len(b.text) > 80:
            return None
    return None


def _page_tail(doc: Document) -> int:
    """Index of the last block of the outermost ``<footer>``, or past the end."""
    els = doc.elements
    tags = [el.tag for el in els]
    footers: list[int] = []
    try:  # (list searches run in C; a page has a few footers at most)
        at = tags.index("footer")
        while True:
            footers.append(at)
            at = tags.index("footer", at + 1)
    except ValueError:
        pass
    if not footers:
        return len(doc.blocks)
    inside = _subtree(els, min(footers, key=lambda i: els[i].depth))
    for b in reversed(doc.blocks):
        if b.element in inside:
            return b.index
    return len(doc.blocks)


def _subtree(els: list, root: int) -> range:
    """Indexes of ``root`` and its descendants.

    Elements are in document order, so these are a run from ``root`` on that
    ends at the first element whose parent comes before ``root``.
    """
    end, n = root + 1, len(els)
    while end < n and els[end].parent >= root:
        end += 1
    return range(root, end)
