"""Turn page bytes into text: BOM, then declared charset, then detection.

The order follows the WHATWG encoding sniffing algorithm in spirit: a byte
order mark always wins; next a charset declared in the first bytes
(``<meta charset>``, ``http-equiv`` or an XML declaration) or given by the
caller (an HTTP header); then strict UTF-8; then charset-normalizer on a
bounded sample; windows-1252 as the last resort, since it decodes any byte.
"""

from __future__ import annotations

import codecs
import re

#: How many leading bytes are searched for a declaration (WHATWG prescans 1024).
PRESCAN_BYTES = 4096
#: How many bytes charset-normalizer sees: detection cost must not grow with the page.
DETECT_SAMPLE_BYTES = 64 * 1024

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
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def sniff_declared(data: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a codec name."""
    m = _DECLARED.search(data[:PRESCAN_BYTES])
    if not m:
        return None
    raw = m.group(1) or m.group(2)
    return normalize_label(raw.decode("ascii", "replace"))


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
    for enc in (normalize_label(hint), sniff_declared(data)):
        if enc:
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
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
    except Exception:  # detection is a guess; a failed guess falls back below
        best = None
    enc = normalize_label(best.encoding) if best is not None else None
    return enc or "cp1252"
