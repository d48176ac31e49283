"""Turn page bytes into text: BOM, then declared charset, then detection.

The order follows the WHATWG encoding sniffing algorithm in spirit: a byte
order mark always wins; next a charset declared in the first bytes
(``<meta charset>``, ``http-equiv`` or an XML declaration) or given by the
caller (an HTTP header); then strict UTF-8; then charset-normalizer on a
bounded sample; windows-1252 as the last resort, since it decodes any byte.

Before any of that, :func:`sniff_binary` recognises inputs that are not text
at all (images, PDFs, archives, executables, random bytes) so that they are
refused rather than cleaned into garbage, and :func:`gunzip` decompresses
gzip input within a size limit (a 1 KB gzip bomb can expand to gigabytes).
UTF-16 without a byte order mark is recognised by its NUL bytes.
"""

from __future__ import annotations

import codecs
import re
import zlib

#: How many leading bytes are searched for a declaration (WHATWG prescans 1024).
PRESCAN_BYTES = 4096
#: How many bytes charset-normalizer sees: detection cost must not grow with the page.
DETECT_SAMPLE_BYTES = 64 * 1024
#: How many leading bytes :func:`sniff_binary` looks at.
SNIFF_BYTES = 4096
#: Below this many non-ASCII bytes detection is a coin toss: use windows-1252,
#: the WHATWG default for unlabelled pages.
MIN_DETECT_NON_ASCII = 16

#: Leading bytes of formats that are certainly not a page: (magic, name).
#: Only magics that no text starts with; other binary formats (executables,
#: fonts, media) are caught by their control bytes.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"), (b"\x1f\x8b", "gzip data"), (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"), (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "rar archive"), (b"\x7fELF", "ELF executable"), (b"\x00asm", "WebAssembly module"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"), (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
# Bytes that plain text and HTML (in an ASCII-compatible encoding) never hold
# in numbers: C0 controls but tab, newline, form feed, carriage return, escape.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_ASCII = bytes(range(128))
#: Share of control bytes in the sniffed head above which input is binary.
MAX_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_:.\-]{1,40})""",
    re.IGNORECASE,
)
#: Codecs a page may be decoded with: the WHATWG encodings and a few close
#: relatives. Python knows many more (``zlib``, ``base64``, ``rot13``,
#: ``undefined``, ``idna``, ``unicode_escape``, ``utf-7``...) that a hostile
#: ``<meta charset>`` could name: they fail, or decode what no browser would.
PAGE_CODECS = frozenset((
    "ascii", "big5", "big5hkscs", "cp1125", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255",
    "cp1256", "cp1257", "cp1258", "cp437", "cp850", "cp866", "cp874", "cp932", "cp949", "euc_jis_2004",
    "euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "hz", "iso2022_jp", "iso2022_kr", "iso8859-1",
    "iso8859-10", "iso8859-11", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "iso8859-2",
    "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8", "johab", "koi8-r",
    "koi8-u", "kz1048", "mac-cyrillic", "mac-greek", "mac-iceland", "mac-latin2", "mac-roman",
    "mac-turkish", "ptcp154", "shift_jis", "shift_jis_2004", "tis-620", "utf-16-be", "utf-16-le",
    "utf-8", "utf-8-sig",
))
# WHATWG maps these labels to windows-1252, a superset that also decodes 0x80-0x9F.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "windows-1252": "cp1252",
    "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030",
    "unicode": "utf-16-le", "utf-16": "utf-16-le", "ks_c_5601-1987": "cp949",
    "iso-8859-9": "cp1254", "tis-620": "cp874", "x-user-defined": "cp1252",
}


def normalize_label(label: str | None) -> str | None:
    """Python codec name for a charset label, or ``None`` if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page cannot really be UTF-16 if its declaration was readable as ASCII.
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name if name in PAGE_CODECS else None


def sniff_declared(data: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a codec name."""
    m = _DECLARED.search(data[:PRESCAN_BYTES])
    if not m:
        return None
    raw = m.group(1) or m.group(2)
    return normalize_label(raw.decode("ascii", "replace"))


def sniff_binary(data: bytes) -> str | None:
    """What ``data`` is if it is certainly not a page (``"PNG image"``), else ``None``.

    Known magic numbers first; then the share of control bytes in the head,
    which is near zero in any text and about 10 % in random or compressed
    bytes (brotli has no magic number and is caught here). Inputs with a
    BOM, and UTF-16 without one, are text.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, name in MAGIC:
        if data.startswith(magic):
            return name
    if _BZIP2.match(data):
        return "bzip2 data"
    if data[8:12] in (b"WEBP", b"WAVE", b"AVI ") and data.startswith(b"RIFF"):
        return "RIFF media"
    if data[4:12] in (b"ftypisom", b"ftypmp42", b"ftypavif", b"ftypheic", b"ftypM4A "):
        return "MP4/HEIF media"
    head = data[:SNIFF_BYTES]
    if not head or _utf16_without_bom(head):
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(head) and controls >= 2:
        return "binary data"
    return None


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip ``data`` (several members allowed) to at most ``max_bytes``.

    Raises:
        ValueError: the data is corrupt, or expands beyond ``max_bytes``.
    """
    out: list[bytes] = []
    size = 0
    rest = data
    while rest:
        d = zlib.decompressobj(wbits=31)
        try:
            chunk = d.decompress(rest, max_bytes - size + 1)
        except zlib.error as e:
            raise ValueError(f"corrupt gzip data ({e})") from None
        size += len(chunk)
        if size > max_bytes or d.unconsumed_tail:
            raise ValueError(f"gzip data expands beyond {max_bytes:,} bytes")
        out.append(chunk)
        if not d.eof:
            raise ValueError("truncated gzip data")
        rest = d.unused_data.lstrip(b"\x00")
        if rest and not rest.startswith(b"\x1f\x8b"):
            break  # trailing garbage after the last member: ignored, as gzip(1) does
    return b"".join(out)


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` if ``head`` looks like BOM-less UTF-16 text."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) >= 0.8 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.8 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, encoding_used)``.

    Args:
        data: the raw bytes.
        hint: a charset from outside the document (e.g. an HTTP
            ``Content-Type``); a BOM still wins over it, a ``<meta>`` does not.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace"), enc
    utf16 = _utf16_without_bom(data[:SNIFF_BYTES])
    if utf16:
        return data.decode(utf16, "replace"), utf16
    for label in (normalize_label(hint), sniff_declared(data)):
        if label:
            enc = label
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                # A wrong declaration is common; keep it unless it is clearly wrong.
                text = data.decode(enc, "replace")
                if text.count("\ufffd") <= max(8, len(text) // 1000) or enc != "utf-8":
                    return text, enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc = _detect(data[:DETECT_SAMPLE_BYTES])
    return data.decode(enc, "replace"), enc


def _detect(sample: bytes) -> str:
    if len(sample.translate(None, _ASCII)) < MIN_DETECT_NON_ASCII:
        return "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
    except Exception:  # detection is a guess; a failed guess falls back below
        best = None
    enc = normalize_label(best.encoding) if best is not None else None
    # Strict UTF-8 already failed, and UTF-16 was ruled out by its NUL bytes:
    # a guess of either is wrong (normalize_label maps UTF-16 to UTF-8).
    return enc if enc and enc != "utf-8" else "cp1252"
