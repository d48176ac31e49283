"""Boilerplate phrase packs: one TOML file per language, read once.

Each pack has one table per filter (``read_also``, ``photo_credit`` ...)
holding lists of literal phrases. Filters merge the packs they are given
(all of them by default) and compile the phrases into one pattern each.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@cache
def languages() -> tuple[str, ...]:
    """Language codes that have a phrase pack."""
    files = resources.files(__name__).iterdir()
    return tuple(sorted(f.name[:-5] for f in files if f.name.endswith(".toml")))


@cache
def pack(lang: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """One language's pack: ``{section: {key: phrases}}``."""
    text = resources.files(__name__).joinpath(f"{lang}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {sec: {k: tuple(v) for k, v in keys.items()} for sec, keys in data.items()}


@cache
def phrases(section: str, key: str, langs: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """All phrases of ``section.key`` across ``langs`` (default: every pack)."""
    out: dict[str, None] = {}
    for lang in langs or languages():
        for p in pack(lang).get(section, {}).get(key, ()):
            out[p.lower()] = None  # not casefold: "ß" must not become "ss"
    return tuple(out)


def alternation(items: tuple[str, ...]) -> str:
    """A regex alternation of literal phrases, longest first, flexible spaces."""
    parts = sorted({re.escape(p).replace("\\ ", r"\s+") for p in items}, key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"
