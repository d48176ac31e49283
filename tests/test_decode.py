"""Bytes to text: BOM, declarations, detection, binary sniffing, gzip."""

from __future__ import annotations

import bz2
import codecs
import gzip
import random

import pytest

from cleanpage.decode import decode, gunzip, sniff_binary


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        # A BOM wins over a contradicting <meta charset> (WHATWG).
        (codecs.BOM_UTF8 + b'<meta charset="windows-1252"><p>caf\xc3\xa9</p>', "café", "utf-8"),
        (codecs.BOM_UTF16_LE + '<meta charset="utf-8"><p>café</p>'.encode("utf-16-le"), "café", "utf-16-le"),
        (codecs.BOM_UTF16_BE + "<p>naïve</p>".encode("utf-16-be"), "naïve", "utf-16-be"),
        # iso-8859-1 labels mean windows-1252: 0x80-0x9F are quotes, euro, dashes.
        (b'<meta charset="iso-8859-1"><p>\x93Hi\x94 \x80 \x96</p>', "“Hi” € –", "cp1252"),
        (b"<meta http-equiv=Content-Type content='text/html; charset=latin1'><p>\xe9t\xe9</p>",
         "été", "cp1252"),
        # The same bytes unlabelled: not UTF-8, too few to detect, windows-1252.
        (b"<p>\x93Hi\x94 \x80 \x96</p>", "“Hi” € –", "cp1252"),
        (b"caf\xe9", "café", "cp1252"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><p>\xe9</p>', "é", "cp1252"),
        (b"<p>plain ascii</p>", "plain ascii", "utf-8"),
        # UTF-16 without a BOM is recognised by its NUL bytes.
        ("<p>hello wörld</p>".encode("utf-16-le"), "hello wörld", "utf-16-le"),
        ("<p>hello wörld</p>".encode("utf-16-be"), "hello wörld", "utf-16-be"),
    ],
)
def test_decode(data: bytes, text: str, encoding: str) -> None:
    decoded, used = decode(data)
    assert text in decoded
    assert used == encoding


def test_bom_wins_over_caller_hint() -> None:
    decoded, used = decode(codecs.BOM_UTF8 + "ñ".encode(), "iso-8859-1")
    assert (decoded, used) == ("ñ", "utf-8")


def test_caller_hint_wins_over_meta() -> None:
    decoded, used = decode('<meta charset="utf-8"><p>\xe9</p>'.encode("latin-1"), "windows-1252")
    assert "é" in decoded and used == "cp1252"


def test_unknown_label_is_ignored() -> None:
    decoded, used = decode(b'<meta charset="x-no-such-charset"><p>plain</p>')
    assert "plain" in decoded and used == "utf-8"


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (gzip.compress(b"<p>x</p>"), "gzip data"),
        (b"PK\x03\x04\x14\x00", "zip archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "RIFF media"),
        (bz2.compress(b"<p>x</p>"), "bzip2 data"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 8, "binary data"),
        (random.Random(7).randbytes(4096), "binary data"),
    ],
)
def test_sniff_binary(data: bytes, what: str) -> None:
    assert sniff_binary(data) == what


@pytest.mark.parametrize(
    "data",
    [
        b"", b"<p>hi</p>", b"plain text\twith tabs\r\n", "<p>日本語</p>".encode("shift_jis"),
        "<p>x</p>".encode("utf-16-le"), codecs.BOM_UTF16_LE + "<p>x</p>".encode("utf-16-le"),
        b"MZ Wallace, OTTO and ID3 tags start sentences too", b"<p>one stray \x01 control</p>" * 20,
    ],
)
def test_text_is_not_binary(data: bytes) -> None:
    assert sniff_binary(data) is None


def test_gunzip_members_and_limit() -> None:
    assert gunzip(gzip.compress(b"abc") + gzip.compress(b"def"), 6) == b"abcdef"
    bomb = gzip.compress(b"\x00" * 5_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(ValueError, match="expands beyond"):
        gunzip(bomb, 1_000_000)
    with pytest.raises(ValueError, match="corrupt|truncated"):
        gunzip(gzip.compress(b"some text here")[:-6], 1000)


@pytest.mark.parametrize(
    "label", ["zlib", "base64", "hex", "rot13", "uu", "quopri", "undefined", "idna", "punycode",
              "unicode_escape", "raw_unicode_escape", "utf-7", "charmap", "no-such-codec"],
)
def test_hostile_charset_labels_are_ignored(label: str) -> None:
    """Python codecs that are not page encodings must never be used (some raise, some mangle)."""
    page = f'<meta charset="{label}"><p>caf\xe9 +AGEA- \\u00e9</p>'.encode("latin-1")
    text, used = decode(page)
    assert "café +AGEA- \\u00e9" in text and used == "cp1252"
    text, used = decode("<p>café</p>".encode(), label)
    assert "café" in text and used == "utf-8"
