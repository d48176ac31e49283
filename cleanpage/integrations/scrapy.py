"""Clean pages inside a Scrapy crawl: an item pipeline and an add-on.

Enable it with the add-on (Scrapy >= 2.10)::

    ADDONS = {"cleanpage.integrations.scrapy.CleanpageAddon": 0}

or list the pipeline yourself::

    ITEM_PIPELINES = {"cleanpage.integrations.scrapy.CleanpagePipeline": 800}

The pipeline reads the page from an item field, cleans it, and writes the
text and the metadata into two other fields. Settings (all optional):

======================================  ============  =================================
setting                                 default       meaning
======================================  ============  =================================
``CLEANPAGE_ENABLED``                   ``True``      ``False`` leaves the pipeline out
``CLEANPAGE_HTML_FIELD``                ``"html"``    field holding the page (str or bytes)
``CLEANPAGE_URL_FIELD``                 ``"url"``     field holding the page's URL
``CLEANPAGE_TEXT_FIELD``                ``"text"``    field the clean text goes to
``CLEANPAGE_METADATA_FIELD``            ``"metadata"``  field for title, author, date...; ``""``: none
``CLEANPAGE_STATUS_FIELD``              ``""``        field for ``ok``/``empty``/``error``...; ``""``: none
``CLEANPAGE_KEEP_HTML``                 ``True``      ``False`` removes the HTML field once cleaned
``CLEANPAGE_PRESET``                    ``None``      filter preset (default: by input kind)
``CLEANPAGE_TIMEOUT``                   ``10.0``      seconds per page, checked between steps
``CLEANPAGE_PIPELINE_PRIORITY``         ``800``       where the add-on puts the pipeline
======================================  ============  =================================

Items without the HTML field pass through untouched. A page that cannot be
cleaned keeps its item, with an empty text, a warning in the log and the
``cleanpage/failed`` stat; cleaned pages count in ``cleanpage/ok``.
"""

from __future__ import annotations

import logging
from typing import Any

from ..batch import Job, Settings, process_job
from ..pipeline import Pipeline

log = logging.getLogger(__name__)

PIPELINE_PATH = "cleanpage.integrations.scrapy.CleanpagePipeline"


def _scrapy() -> Any:
    try:
        import scrapy
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("the Scrapy pipeline needs Scrapy: pip install 'cleanpage[scrapy]'") from e
    return scrapy


class CleanpagePipeline:
    """A Scrapy item pipeline that cleans an HTML field into text and metadata."""

    def __init__(self, *, html_field: str = "html", url_field: str = "url", text_field: str = "text",
                 metadata_field: str = "metadata", status_field: str = "", keep_html: bool = True,
                 preset: str | None = None, timeout: float | None = 10.0, stats: Any = None) -> None:
        self.html_field = html_field
        self.url_field = url_field
        self.text_field = text_field
        self.metadata_field = metadata_field
        self.status_field = status_field
        self.keep_html = keep_html
        self.stats = stats
        pipelines = {}
        if preset:
            pipelines = {"html": Pipeline.preset(preset), "text": Pipeline.preset(preset)}
        self.settings = Settings(pipelines=pipelines, timeout=timeout)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanpagePipeline:
        from scrapy.exceptions import NotConfigured

        s = crawler.settings
        if not s.getbool("CLEANPAGE_ENABLED", True):
            raise NotConfigured("CLEANPAGE_ENABLED is off")
        timeout = s.getfloat("CLEANPAGE_TIMEOUT", 10.0)
        return cls(
            html_field=s.get("CLEANPAGE_HTML_FIELD", "html"),
            url_field=s.get("CLEANPAGE_URL_FIELD", "url"),
            text_field=s.get("CLEANPAGE_TEXT_FIELD", "text"),
            metadata_field=s.get("CLEANPAGE_METADATA_FIELD", "metadata"),
            status_field=s.get("CLEANPAGE_STATUS_FIELD", ""),
            keep_html=s.getbool("CLEANPAGE_KEEP_HTML", True),
            preset=s.get("CLEANPAGE_PRESET") or None,
            timeout=timeout if timeout > 0 else None,
            stats=crawler.stats,
        )

    def process_item(self, item: Any) -> Any:
        """Clean the item's HTML field in place and return the item."""
        from itemadapter import ItemAdapter

        adapter = ItemAdapter(item)
        html = adapter.get(self.html_field)
        if not isinstance(html, (str, bytes)):
            self._count("skipped")
            return item
        url = adapter.get(self.url_field)
        url = url if isinstance(url, str) else None
        state, record, _ = process_job(Job(url or "<item>", data=html, url=url), self.settings)
        if state == "ok":
            self._count("ok")
        else:
            self._count("failed")
            log.warning("cleanpage: %s: %s", record["input"], record.get("error"))
        adapter[self.text_field] = record.get("text", "")
        if self.metadata_field:
            adapter[self.metadata_field] = record.get("metadata", {})
        if self.status_field:
            adapter[self.status_field] = record["status"]
        if not self.keep_html:
            del adapter[self.html_field]
        return item

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"cleanpage/{what}")


class CleanpageAddon:
    """A Scrapy add-on that puts :class:`CleanpagePipeline` in ``ITEM_PIPELINES``."""

    def update_settings(self, settings: Any) -> None:
        _scrapy()
        if not settings.getbool("CLEANPAGE_ENABLED", True):
            return
        priority = settings.getint("CLEANPAGE_PIPELINE_PRIORITY", 800)
        settings["ITEM_PIPELINES"][PIPELINE_PATH] = priority
