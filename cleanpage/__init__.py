"""cleanpage: clean article text out of web pages, one named filter at a time.

>>> import cleanpage
>>> cleanpage.clean_text("Story.\\n\\nADVERTISEMENT\\n\\nMore story.")
'Story.\\n\\nMore story.\\n'
"""

from __future__ import annotations

from .api import Result, clean, clean_html, clean_text, extract, looks_like_html
from .limits import InputError, Limits, PageTimeout
from .model import Block, Document, Element
from .pipeline import PRESETS, REGISTRY, BaseFilter, BlockFilter, Filter, Pipeline, Stage, register

__version__ = "0.1.0"

__all__ = [
    "PRESETS", "REGISTRY", "BaseFilter", "Block", "BlockFilter", "Document", "Element", "Filter",
    "Pipeline", "Result", "Stage", "clean", "clean_html", "clean_text", "extract",
    "looks_like_html", "register", "__version__",
    "InputError", "Limits", "PageTimeout",
]
