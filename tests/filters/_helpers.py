"""Running one filter (or a few) over a text, for the per-filter tables."""

from __future__ import annotations

import cleanpage
from cleanpage import Pipeline
from cleanpage.api import Result


def run(text: str, *names: str, lang: str | None = None, **options: object) -> Result:
    """Clean ``text`` in text mode with just the named filters."""
    pipe = Pipeline(names, options={f"{names[0]}.{k}": v for k, v in options.items()})
    return cleanpage.extract(text, input="text", pipeline=pipe, lang=lang)


def reason(line: str, name: str, lang: str | None = None) -> str | None:
    """Why filter ``name`` drops ``line`` standing alone, or ``None`` if it keeps it."""
    result = run(line, name, lang=lang)
    block = result.blocks[0]
    assert block.dropped_by in (None, name)
    return block.reason


def kept_lines(result: Result) -> list[str]:
    return [b.text for b in result.kept]


#: Running prose, one paragraph per line.
PARAGRAPHS = (
    ("The council voted on Tuesday to extend the tram line to the northern suburbs, after a "
    "two-year consultation with residents and businesses."),
    ("Work on the first section will start in the spring and should take about eighteen months, "
    "the transport department said in a statement."),
    ("Residents along the route will be offered help with noise insulation, and shops will get "
    "compensation for the weeks when the street is closed."),
    ("The opposition said the cost had doubled since the plan was first presented, and asked for "
    "an independent review of the figures before any contract is signed."),
    ("The mayor replied that the review had already been done and that the line would pay for "
    "itself within twenty years through fares and higher property taxes."),
)
MENU = ("Home", "News", "Sport", "Business", "Culture", "Weather")
FOOTER = ("About us", "Contact", "Careers", "Advertise", "Help")


def flat_page(*middle: str, menu: tuple[str, ...] = MENU, footer: tuple[str, ...] = FOOTER) -> str:
    """A flattened page: a menu (one item per line), a title, ``middle``, a footer."""
    return "\n".join([*menu, "", "Tram line extended to the north", "", *middle, "", *footer]) + "\n"
