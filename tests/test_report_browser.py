"""The report in a real browser: headless Chromium loads it from a local file.

Needs a ``chromium`` binary (Debian's ``chromium`` package, which ``.ci/run``
tries to install on CI); skipped with the reason when there is none. The
screenshot goes to the test's temp folder and is decoded with the standard
library (zlib) to check that the dropped blocks are visibly coloured.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import cleanpage
from cleanpage.report import PALETTE, render_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpus" / "example" / "page.html"
CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium", "/usr/lib/chromium/chromium")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name) if not os.path.isabs(name) else (name if os.access(name, os.X_OK) else None)
        if path:
            return path
    return None


CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary found (install Debian's 'chromium' package; .ci/run does so on CI)",
)


def chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=1200,900", *extra, page.as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)


def read_png(path: Path) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and RGB pixels of an 8-bit, non-interlaced RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG layout"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.extend(tuple(line[i:i + 3]) for i in range(0, stride, bpp))  # type: ignore[misc]
        prev = line
    return width, height, pixels


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def near(counts: Counter[tuple[int, int, int]], colour: tuple[int, int, int], tol: int = 3) -> int:
    return sum(n for px, n in counts.items() if all(abs(p - q) <= tol for p, q in zip(px, colour, strict=True)))


def test_report_renders_with_dropped_blocks_visibly_marked(tmp_path: Path) -> None:
    result = cleanpage.extract(EXAMPLE.read_bytes())
    page = tmp_path / "report.html"
    page.write_text(render_report(result, source="page.html"), encoding="utf-8")

    shot = tmp_path / "shot.png"
    run = chromium(tmp_path, page, f"--screenshot={shot}")
    assert shot.is_file(), f"chromium wrote no screenshot: {run.stderr[-2000:]}"
    assert shot.stat().st_size > 10_000
    width, height, pixels = read_png(shot)
    assert (width, height) == (1200, 900)
    counts = Counter(pixels)
    assert len(counts) > 50, "the screenshot is (nearly) a single colour"
    # the first three filters to drop something (page chrome, widgets, the photo
    # credit) all sit above the fold: their background colours must be painted
    for bg, accent in PALETTE[:3]:
        assert near(counts, rgb(bg)) > 2_000, f"no block painted in {bg}"
        assert near(counts, rgb(accent), tol=40) > 100, f"no marks in {accent}"

    dom = chromium(tmp_path, page, "--dump-dom")
    tree = LexborHTMLParser(dom.stdout)
    dropped = tree.css("li.dropped")
    assert len(dropped) == len(result.dropped) > 0
    for li in dropped:
        assert li.css_first("del") is not None and li.attributes.get("title")
        assert any(c.startswith("f") and c[1:].isdigit() for c in li.attributes["class"].split())
    assert len(tree.css("li.kept")) == len(result.kept)


def test_hostile_report_runs_nothing_in_the_browser(tmp_path: Path) -> None:
    from test_report import HOSTILE

    page = tmp_path / "hostile.html"
    page.write_text(render_report(cleanpage.extract(HOSTILE), source="hostile.html"), encoding="utf-8")
    dom = chromium(tmp_path, page, "--dump-dom")
    tree = LexborHTMLParser(dom.stdout)
    assert tree.css_first("ol.blocks") is not None, dom.stderr[-2000:]
    assert tree.css("script, img, svg, iframe") == []
    assert '<script>alert("text")</script>' in tree.body.text()
