"""A real Scrapy crawl of pages served on localhost, with the cleanpage add-on.

The spider runs in a subprocess (Twisted's reactor cannot be restarted in
one process); the HTTP server runs in a thread of the test and stops with it.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="Scrapy is not installed (pip install 'cleanpage[scrapy]')")

REPO = Path(__file__).resolve().parent.parent


def page(title: str, text: str, charset: str = "utf-8") -> str:
    return (f"<html><head><meta charset='{charset}'><title>{title}</title>"
            f"<meta name='author' content='Ines Duarte'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/sport'>Sport</a> <a href='/weather'>Weather</a></nav>"
            f"<article><h1>{title}</h1><p>{text}</p>"
            f"<p>Readers can write to the desk with questions about {title.lower()}.</p></article>"
            f"<aside><h3>Most read</h3><ul><li><a href='/x'>Other story one</a></li>"
            f"<li><a href='/y'>Other story two</a></li></ul></aside>"
            f"<footer>Copyright 2026 The Coast Courier. All rights reserved.</footer></body></html>")


PAGES = {
    "ferry.html": page("Ferry timetable", "The morning ferry will leave the harbour at six from May, "
                       "an hour earlier than today, the port office said."),
    "market.html": page("Market hall", "The old market hall reopens on Saturday after two years "
                        "of repairs to its roof and its iron columns."),
    "café.html": page("Café terraces", "Café owners may keep their terraces open until midnight "
                      "during the summer festival, the council decided."),
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "www"
    root.mkdir()
    for name, html in PAGES.items():
        (root / name).write_bytes(html.encode("utf-8"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


SPIDER = textwrap.dedent('''
    import json, sys
    import scrapy
    from scrapy.crawler import CrawlerProcess

    base, out, extra = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])

    class Pages(scrapy.Spider):
        name = "pages"

        async def start(self):
            for name in ("ferry.html", "market.html", "caf%C3%A9.html"):
                yield scrapy.Request(f"{base}/{name}")

        def parse(self, response):
            yield {"page_url": response.url, "body": response.text}
            yield {"note": "an item without a page", "page_url": response.url}

    settings = {
        "ADDONS": {"cleanpage.integrations.scrapy.CleanpageAddon": 0},
        "CLEANPAGE_HTML_FIELD": "body",
        "CLEANPAGE_URL_FIELD": "page_url",
        "CLEANPAGE_TEXT_FIELD": "article",
        "CLEANPAGE_METADATA_FIELD": "meta",
        "CLEANPAGE_STATUS_FIELD": "clean_status",
        "CLEANPAGE_KEEP_HTML": False,
        "FEEDS": {out: {"format": "jsonlines"}},
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "STATS_DUMP": True,
        **extra,
    }
    process = CrawlerProcess(settings)
    process.crawl(Pages)
    process.start()
''')


def crawl(tmp_path: Path, base: str, **extra: object) -> tuple[list[dict], str]:
    script = tmp_path / "spider.py"
    script.write_text(SPIDER)
    out = tmp_path / f"items{len(list(tmp_path.glob('items*')))}.jsonl"
    proc = subprocess.run([sys.executable, str(script), base, str(out), json.dumps(extra)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text().splitlines()]
    return items, proc.stderr


def test_a_real_crawl_cleans_items(tmp_path: Path, server: str) -> None:
    items, log = crawl(tmp_path, server)
    pages = {i["page_url"].rsplit("/", 1)[1]: i for i in items if "article" in i}
    assert set(pages) == {"ferry.html", "market.html", "caf%C3%A9.html"}
    ferry = pages["ferry.html"]
    assert "morning ferry will leave the harbour at six" in ferry["article"]
    for chrome in ("Home", "Most read", "Other story one", "All rights reserved"):
        assert chrome not in ferry["article"]
    assert ferry["meta"]["title"] == "Ferry timetable" and ferry["meta"]["author"] == "Ines Duarte"
    assert ferry["clean_status"] == "ok" and "body" not in ferry  # CLEANPAGE_KEEP_HTML = False
    assert "Café owners may keep their terraces open" in pages["caf%C3%A9.html"]["article"]
    # items without the HTML field pass through untouched
    notes = [i for i in items if "note" in i]
    assert len(notes) == 3 and all(set(i) == {"note", "page_url"} for i in notes)
    assert "'cleanpage/ok': 3" in log and "'cleanpage/skipped': 3" in log
    # the same pages through the CLI give the same text
    from cleanpage.batch import Job, Settings, process_job

    _, record, _ = process_job(Job("x", data=PAGES["ferry.html"], url=ferry["page_url"]), Settings())
    assert record["text"] == ferry["article"]


def test_settings_and_disabling() -> None:
    from scrapy.exceptions import NotConfigured
    from scrapy.settings import Settings
    from scrapy.utils.test import get_crawler

    from cleanpage.integrations.scrapy import PIPELINE_PATH, CleanpageAddon, CleanpagePipeline

    with pytest.raises(NotConfigured):
        CleanpagePipeline.from_crawler(get_crawler(settings_dict={"CLEANPAGE_ENABLED": False}))
    for enabled, expected in ((True, {PIPELINE_PATH: 800}), (False, {})):
        settings = Settings({"CLEANPAGE_ENABLED": enabled})
        CleanpageAddon().update_settings(settings)
        assert dict(settings.getdict("ITEM_PIPELINES")) == expected
    pipe = CleanpagePipeline.from_crawler(get_crawler(settings_dict={"CLEANPAGE_HTML_FIELD": "page"}))
    item = pipe.process_item({"page": PAGES["market.html"], "url": "https://x.example/m"})
    assert "old market hall reopens on Saturday" in item["text"] and item["metadata"]["title"] == "Market hall"
    assert "page" in item  # CLEANPAGE_KEEP_HTML defaults to True
