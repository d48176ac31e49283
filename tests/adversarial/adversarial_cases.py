"""Hostile and broken inputs, generated here (no stored pages), and a child-process runner.

Each :class:`Case` builds its input, says how to call cleanpage and what the
result must satisfy. ``test_adversarial.py`` runs the cases in child
processes (a segfault or a hang fails one case instead of killing pytest)
under an address-space ceiling, and checks the outcomes.

Run by hand, for the table of observed behaviour, time and memory::

    python tests/adversarial/adversarial_cases.py --table
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import random
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Address-space ceiling of a child process (a bound on its RSS as well).
MEMORY_CEILING = 500 * 2**20
#: What a case must stay under to pass (the target is 2 s; shared machines are noisy).
MAX_SECONDS = 10.0

ANY_STATUS = ("ok", "empty", "degraded", "error", "timeout")
TEXT_STATUSES = ("ok", "degraded")


class SkipCase(Exception):
    """A case that cannot run here (an optional module is missing)."""


@dataclass(frozen=True)
class Case:
    """One hostile input and what cleanpage must make of it.

    Attributes:
        name: what the case is, as the test id.
        build: returns ``(data, keyword arguments for the call)``.
        call: ``extract``, ``clean_html``, ``clean_text`` or ``clean``.
        statuses: the statuses the result may have.
        contains: strings the output text must contain.
        absent: strings the output text must not contain.
        min_chars: the output text must be at least this long.
        note: a string one of the notes must contain.
        raises: the exception type name the call must raise, if any.
        heavy: runs in a child process of its own.
        tags: ``xfail:<reason>`` marks a known failure of a module this
            suite does not own, with the fix it needs (strict: it must fail).
    """

    name: str
    build: Callable[[], tuple[Any, dict[str, Any]]]
    call: str = "extract"
    statuses: tuple[str, ...] = ANY_STATUS
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    min_chars: int = 0
    note: str | None = None
    raises: str | None = None
    heavy: bool = False
    tags: tuple[str, ...] = field(default=())


def html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


STORY = "<p>The council approved the new tram line on Tuesday after a long debate.</p>"
WORDS = "The council approved the new tram line on Tuesday after a long debate."


XHTML = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
    f"<body>{STORY}</body></html>"
)
INTERNAL_DTD = f'<!DOCTYPE html [<!ENTITY story "expanded!">]><html><body><p>&story; {WORDS}</p></body></html>'
EXTERNAL_ENTITY = (
    '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "file:///etc/hostname">'
    f" %p;]><html><body><p>&xxe; {WORDS}</p></body></html>"
)


def _gzip_bomb() -> bytes:
    """About 200 MB of zeros in about 200 KB of gzip, built in chunks."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\x00" * 2**20
    return b"".join([*(comp.compress(chunk) for _ in range(200)), comp.flush()])


def _brotli_bomb() -> bytes:
    try:
        import brotli
    except ImportError as e:
        raise SkipCase("the brotli module is not installed (pip install brotli)") from e
    return brotli.compress(b"\x00" * 100 * 2**20, quality=5)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("page.html", html(STORY))
    return buf.getvalue()


def _big_page(target: int) -> str:
    # Numbered paragraphs: the same paragraph over and over would be one
    # paragraph shown many times, which repeated_lines keeps once.
    body = " ".join(f"word{i % 97}" for i in range(60))
    para_len = len(f"<p>{body} 1000000</p>\n")
    return html("".join(f"<p>{body} {n}</p>\n" for n in range(target // para_len)))


def _billion_laughs() -> str:
    ents = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = f"&lol{i - 1};" if i > 1 else "&lol;"
        ents.append(f'<!ENTITY lol{i} "{prev * 10}">')
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(ents)}]><html><body><p>&lol9; laughs</p></body></html>'


def _tokenizer_edges() -> str:
    """Tokenizer and tree-construction corner cases (written for this test)."""
    pieces = [
        "<p>a</p b>", "</>", "<!---->", "<!-- -- -->", "<!--->", "<![CDATA[cdata]]>", "<p<p>x",
        "&#0;", "&#x110000;", "&#xD800;", "&#128;", "&amp", "&notin; &notit;", "&#x;", "&#;",
        "<a href='x'y>link</a>", "<table><tr><td>cell</td></tr><p>foster</p></table>",
        "<select><option>opt<option>opt2</select>", "<math><mi>x</mi></math>",
        "<svg><foreignObject><p>in svg</p></foreignObject></svg>", "<template><p>tpl</p></template>",
        "<xmp><b>raw</b></xmp>", "<noscript><p>ns</p></noscript>", "<isindex>", "<image src=x>",
        "<nobr><nobr>nb", "<b><i>mis</b>nested</i>", "<a><p><a>adoption</a></p></a>",
        "<frameset><frame></frameset>", "<body><body onload=x>", "<html><html>", "<head></head><head>",
        "</p></p></div></span>", "<br/><br></br>", "<li>orphan<dd>dd<dt>dt", "<h1><h2>heads</h1></h2>",
        "<form><form>nested</form></form>", "<button><button>b</button>", "<ruby>r<rt>t</ruby>",
        "<p>\r\n\r</p>", "<p>\x0c</p>", "<plaintext><p>everything after is text",
    ]
    return "<!DOCTYPE html>" + "".join(f"<div>{p} marker{i}</div>" for i, p in enumerate(pieces))


CASES: tuple[Case, ...] = (
    # -- nothing to clean --
    Case("empty-str", lambda: ("", {}), statuses=("empty",)),
    Case("empty-bytes", lambda: (b"", {}), statuses=("empty",)),
    Case("whitespace", lambda: (" \n\t\r\n \f ", {}), statuses=("empty",)),
    Case("whitespace-bytes-html", lambda: (b"  \r\n ", {"input": "html"}), statuses=("empty",)),
    Case("html-without-text", lambda: (html("<div> </div><img src=x><br>"), {}), statuses=("empty",)),
    Case("plain-text", lambda: ("Just a sentence, no tags.\n\nAnother paragraph here.", {}),
         statuses=("ok",), contains=("Just a sentence, no tags.", "Another paragraph here.")),
    Case("plain-text-clean", lambda: ("One line of text.", {}), call="clean",
         contains=("One line of text.",)),
    # -- wrong types: a clear TypeError, in every entry point --
    Case("type-none", lambda: (None, {}), raises="TypeError"),
    Case("type-int", lambda: (42, {}), raises="TypeError"),
    Case("type-list", lambda: (["<p>x</p>"], {}), raises="TypeError"),
    Case("type-html-dict", lambda: ({"html": "<p>x</p>"}, {}), call="clean_html", raises="TypeError"),
    Case("type-text-bytes", lambda: (b"text", {}), call="clean_text", raises="TypeError"),
    Case("type-bytearray", lambda: (bytearray(STORY.encode()), {}), statuses=("ok",),
         contains=(WORDS,)),
    # -- size --
    Case("page-50mb", lambda: (_big_page(52_500_000).encode(), {}), statuses=("error",),
         note="too large", heavy=True),
    Case("page-under-size-limit", lambda: (_big_page(49_000_000).encode(), {}),
         statuses=("degraded",), note="cut", min_chars=1_000_000, heavy=True),
    Case("text-node-10m-chars", lambda: ("<p>" + "word " * 2_000_000 + "</p>", {"input": "html"}),
         statuses=("ok",), min_chars=9_999_999, heavy=True),
    Case("text-10m-chars-one-line", lambda: ("x" * 10_000_000, {"input": "text"}),
         statuses=("ok",), min_chars=10_000_000, heavy=True),
    Case("text-1m-lines", lambda: ("".join(f"line {i} of text\n" for i in range(1_000_000)), {"input": "text"}),
         statuses=("degraded",), note="blocks", heavy=True),
    Case("blocks-200k", lambda: (html("<p>w</p>" * 200_000), {}), statuses=("degraded",), note="blocks",
         heavy=True),
    Case("blocks-2m-in-16m-chars", lambda: (html("<p>w</p>" * 2_000_000), {}), statuses=("degraded",),
         note="blocks", heavy=True),
    Case("attributes-10k", lambda: (html(f"<p {' '.join(f'a{i}=v{i}' for i in range(10_000))}>{WORDS}</p>"),
                                    {}), statuses=("ok",), contains=(WORDS,)),
    Case("attributes-100k-distinct",
         lambda: (html(f"<p {' '.join(f'a{i}=v' for i in range(100_000))}>{WORDS}</p>"), {}),
         statuses=("ok",), contains=(WORDS,), heavy=True),
    Case("attributes-4m-lt-in-tag", lambda: ("a<b " * 4_000_000, {"input": "html"}),
         statuses=("degraded", "empty"), heavy=True),
    Case("tags-5m-unclosed-b", lambda: (html("<b>" * 5_300_000 + WORDS), {}), statuses=("degraded",),
         note="tags", heavy=True),
    Case("inline-spans-1m", lambda: (html("<span>w </span>" * 1_000_000), {}), statuses=("degraded",),
         note="tags", heavy=True),
    Case("class-attribute-1mb",
         lambda: (html(f"<div class=\"{' '.join(f'c{i}' for i in range(150_000))}\">{STORY}</div>"), {}),
         statuses=("ok",), contains=(WORDS,)),
    Case("attribute-49mb", lambda: (html(f'<p title="{"x" * 49_000_000}">{WORDS}</p>'), {}),
         statuses=("degraded",), contains=(WORDS,), note="attribute", heavy=True),
    # -- nesting --
    Case("nesting-256", lambda: (html("<div>" * 256 + WORDS + "</div>" * 256), {}),
         statuses=("ok",), contains=(WORDS,)),
    Case("nesting-2048", lambda: (html("<div>" * 2048 + WORDS + "</div>" * 2048), {}),
         statuses=("degraded",), contains=(WORDS,), note="nesting"),
    Case("nesting-100000", lambda: (html("<div>" * 100_000 + WORDS + "</div>" * 100_000), {}),
         statuses=("degraded",), contains=(WORDS,), note="nesting", heavy=True),
    Case("nesting-100000-unclosed-spans", lambda: (html("<span>" * 100_000 + WORDS), {}),
         statuses=("degraded",), contains=(WORDS,), note="nesting", heavy=True),
    Case("nesting-text-at-every-level",
         lambda: (html("".join(f"<div>level{i} " for i in range(3000)) + "</div>" * 3000),
                  {"preset": "minimal"}),
         statuses=("degraded",), contains=("level0\n", "level1\n", "level2998 level2999")),
    Case("unclosed-b-p-5000", lambda: (html("<b><p>" * 5000 + WORDS), {}),
         statuses=TEXT_STATUSES, contains=(WORDS,)),
    Case("unclosed-a-5000", lambda: (html("<a href=/x>" * 5000 + WORDS), {}), statuses=TEXT_STATUSES),
    Case("unclosed-table-5000", lambda: (html("<table><tr><td>" * 5000 + WORDS), {}),
         statuses=TEXT_STATUSES, contains=(WORDS,)),
    Case("unclosed-li-p-20000", lambda: (html("<ul>" + "<li><p>item" * 20_000), {}), statuses=TEXT_STATUSES),
    Case("deep-json-ld",
         lambda: (html(STORY, '<script type="application/ld+json">' + "[" * 100_000 + "</script>"), {}),
         statuses=("ok",), contains=(WORDS,)),
    # -- characters --
    Case("nul-c0-c1-surrogate-nonchar",
         lambda: (html("<p>before\x00nul \x01\x1f c0 \x85 c1 \ud800 lone \udfff \ufffe \uffff "
                       "\ufdd0\ufdd2 after</p>"), {}),
         statuses=("degraded",), contains=("before", "after", "\ufffd", "…"),
         absent=("\x00", "\x01", "\ud800", "\ufffe", "\ufdd0", "\ufdd2"), note="replaced: 10 "),
    Case("nul-bytes-in-bytes", lambda: (STORY.replace("tram", "tr\x00am").encode(), {}),
         statuses=("degraded",), contains=("tr\ufffdam",), note="replaced"),
    Case("text-mode-controls", lambda: ("one\x00two\x07three\x9dfour", {"input": "text"}),
         statuses=("degraded",), contains=("one\ufffdtwo\ufffdthree\ufffdfour",)),
    Case("surrogate-pair-in-str", lambda: (html("<p>smile \ud83d\ude00 here</p>"), {}),
         statuses=("ok",), contains=("smile \U0001F600 here",)),
    Case("emoji-rtl-combining",
         lambda: (html("<p>👍🏽 👨‍👩‍👧 🇫🇷 مرحبا بالعالم שלום עולם \u200fמ e\u0301 \u1100\u1161\u11a8 "
                       "नमस्ते Z̤͔ͧ̑̓</p>"), {}),
         statuses=("ok",),
         contains=("👍🏽", "👨‍👩‍👧", "🇫🇷", "مرحبا بالعالم", "שלום עולם", "\u200fמ", "e\u0301",
                   "\u1100\u1161\u11a8", "नमस्ते", "Z̤͔ͧ̑̓")),
    # -- encodings --
    Case("bom-beats-meta", lambda: (b"\xef\xbb\xbf" + html("<p>caf\xe9 cr\xe8me</p>",
                                                            '<meta charset="windows-1252">').encode(), {}),
         statuses=("ok",), contains=("café crème",)),
    Case("utf16-bom-beats-meta", lambda: (b"\xff\xfe" + html("<p>naïve façade</p>",
                                                             '<meta charset="utf-8">').encode("utf-16-le"), {}),
         statuses=("ok",), contains=("naïve façade",)),
    Case("utf16-without-bom", lambda: (html(STORY.replace("new", "nëw")).encode("utf-16-le"), {}),
         statuses=("ok",), contains=(WORDS.replace("new", "nëw"),)),
    Case("hostile-charset-label", lambda: (html(STORY, '<meta charset="zlib">').encode(), {}),
         statuses=("ok",), contains=(WORDS,)),
    Case("cp1252-c1-with-iso-label",
         lambda: (html("<p>\x93Quoted\x94 \x80 5 \x96 6 \x97 it\x92s</p>", '<meta charset="iso-8859-1">')
                  .encode("latin-1"), {}),
         statuses=("ok",), contains=("“Quoted” € 5 – 6 — it’s",)),
    Case("cp1252-c1-unlabelled",
         lambda: (html("<p>\x93Quoted\x94 \x80 5 \x96 6 it\x92s</p>").encode("latin-1"), {}),
         statuses=("ok",), contains=("“Quoted” € 5 – 6 it’s",)),
    Case("cafe-latin1", lambda: (b"caf\xe9", {}), statuses=("ok",), contains=("café",)),
    Case("cafe-latin1-html", lambda: (b"<p>caf\xe9</p>", {"input": "html"}), statuses=("ok",),
         contains=("café",)),
    Case("lone-byte-ff", lambda: (b"\xff", {}), statuses=("ok", "empty", "degraded")),
    Case("invalid-utf8-declared", lambda: (html("<p>ok \xff\xfe\xfd text</p>", '<meta charset="utf-8">')
                                           .encode("latin-1"), {}),
         statuses=TEXT_STATUSES, contains=("ok", "text")),
    # -- XML and DTDs: nothing expanded, nothing read --
    Case("xml-declaration", lambda: (XHTML, {}),
         statuses=("ok",), contains=(WORDS,)),
    Case("internal-dtd", lambda: (INTERNAL_DTD, {}),
         statuses=("ok",), contains=(WORDS,), absent=("expanded!",)),
    Case("billion-laughs", lambda: (_billion_laughs(), {}), statuses=TEXT_STATUSES,
         contains=("laughs",), absent=("lollol",)),
    Case("external-system-entity",
         lambda: (EXTERNAL_ENTITY, {}),
         statuses=("ok",), contains=(WORDS,), absent=("root:",)),
    # -- compressed and binary input --
    Case("gzip-page", lambda: (gzip.compress(html(STORY).encode()), {}), statuses=("ok",), contains=(WORDS,)),
    Case("gzip-bomb-200mb", lambda: (_gzip_bomb(), {}), statuses=("error",), note="expands beyond"),
    Case("gzip-truncated", lambda: (gzip.compress(html(STORY).encode())[:-10], {}), statuses=("error",),
         note="gzip"),
    Case("brotli-bomb-100mb", lambda: (_brotli_bomb(), {}), statuses=("error",), note="binary"),
    Case("zip", lambda: (_zip(), {}), statuses=("error",), note="zip"),
    Case("bzip2", lambda: (bz2.compress(html(STORY).encode()), {}), statuses=("error",), note="bzip2"),
    Case("xz", lambda: (lzma.compress(html(STORY).encode()), {}), statuses=("error",), note="xz"),
    Case("png", lambda: (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000), {}),
         statuses=("error",), note="PNG"),
    Case("pdf", lambda: (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", {}),
         statuses=("error",), note="PDF"),
    Case("random-bytes-64k", lambda: (random.Random(6).randbytes(65_536), {}), statuses=("error",),
         note="binary"),
    Case("random-bytes-as-html", lambda: (random.Random(7).randbytes(65_536), {"input": "html"}),
         statuses=("error",)),
    Case("png-clean-html-raises", lambda: (b"\x89PNG\r\n\x1a\n" + bytes(100), {}), call="clean_html",
         raises="InputError"),
    # -- broken markup --
    Case("unterminated-comment", lambda: (html(STORY + "<!-- never closed " + "x " * 100_000), {}),
         statuses=("ok",), contains=(WORDS,), absent=("never closed",)),
    Case("unterminated-doctype", lambda: ("<!DOCTYPE html " + "x" * 100_000, {"input": "html"}),
         statuses=("empty", "ok", "degraded")),
    Case("unterminated-tag", lambda: (html(STORY + '<p class="x' + " y" * 100_000), {}),
         statuses=("ok",), contains=(WORDS,)),
    Case("unterminated-script", lambda: (html(STORY + "<script>" + "var a = 1;" * 100_000), {}),
         statuses=("ok",), contains=(WORDS,), absent=("var a",)),
    Case("many-lt-in-text", lambda: (html("<p>" + "a<b " * 100_000 + "</p>"), {}),
         statuses=TEXT_STATUSES),
    Case("tokenizer-edges", lambda: (_tokenizer_edges(), {"preset": "minimal"}), statuses=TEXT_STATUSES,
         contains=("marker0", "marker1\n", "€ marker10", "cell", "foster", "adoption", "marker41",
                   "everything after is text")),
    # An unclosed raw-text element swallows the rest of the page, as in browsers
    # (which show it inside the element); what comes before is kept.
    Case("unclosed-textarea", lambda: (html(STORY + "<textarea>form text " + WORDS.upper()), {}),
         statuses=("ok",), contains=(WORDS,)),
    Case("unclosed-title-in-body", lambda: (html(STORY + "<title>x</title><title>" + WORDS.upper()), {}),
         statuses=("ok",), contains=(WORDS,)),
    # -- time budget --
    Case("timeout-hard", lambda: ("<div>" * 200_000 + "x",
                                  {"input": "html", "timeout": 0.3, "limits": "no-depth-limit"}),
         statuses=("timeout",), note="timeout"),
)

BY_NAME = {c.name: c for c in CASES}


# -- child side -------------------------------------------------------------------


def _peak_reset() -> None:
    try:  # Linux: "5" resets the peak resident set size (VmHWM)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(case: Case) -> dict[str, Any]:
    """Build and run one case in this process; a JSON-ready outcome."""
    import cleanpage

    out: dict[str, Any] = {"name": case.name}
    try:
        data, kwargs = case.build()
    except SkipCase as e:
        return {**out, "skipped": str(e)}
    if kwargs.get("limits") == "no-depth-limit":
        kwargs["limits"] = cleanpage.Limits(max_depth=10**9)
    _peak_reset()
    start = time.perf_counter()
    try:
        result = getattr(cleanpage, case.call)(data, **kwargs)
    except Exception as e:
        out["raised"] = type(e).__name__
        out["message"] = str(e)[:300]
        result = None
    out["seconds"] = round(time.perf_counter() - start, 3)
    out["rss_mb"] = round(_peak_mb(), 1)
    del data
    text = result.text if hasattr(result, "text") else result
    if result is not None:
        out["status"] = getattr(result, "status", None)
        out["notes"] = list(getattr(result, "notes", []))
        out["text_chars"] = len(text)
        out["text_head"] = text[:300]
        out["found"] = {s: s in text for s in (*case.contains, *case.absent)}
    return out


def child_main(names: list[str]) -> None:
    """Run cases by name, one JSON line each, announcing each before it starts."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))
    import cleanpage

    cleanpage.extract("<p>warm up</p>")  # import costs stay out of the first case's time
    for name in names:
        print(json.dumps({"start": name}), flush=True)
        print(json.dumps(run_case(BY_NAME[name]), ensure_ascii=True), flush=True)


def table(outcomes: list[dict[str, Any]]) -> str:
    """A Markdown table of observed behaviour, time and peak memory."""
    rows = ["| case | status / raised | notes | output chars | s | peak RSS MB |", "|---|---|---|---|---|---|"]
    for o in outcomes:
        what = o.get("raised") or o.get("status") or o.get("skipped", "?")
        notes = "; ".join(o.get("notes", []))[:90] or o.get("message", "")[:90]
        rows.append(f"| {o['name']} | {what} | {notes} | {o.get('text_chars', '')} | "
                    f"{o.get('seconds', '')} | {o.get('rss_mb', '')} |")
    return "\n".join(rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--table"]:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from test_adversarial import run_all

        print(table(run_all()))
    else:
        child_main(sys.argv[1:])
