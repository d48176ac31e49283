"""Filters and the pipeline that runs them, in named, validated steps.

A filter is anything with a ``name``, a ``stage`` and ``apply(doc)``. Stages
run in a fixed order, and a pipeline refuses to be built out of order:

* ``dom``: looks at the parsed HTML tree (one CSS query per filter) and
  drops or hints elements before the page is cut into blocks;
* ``select``: picks the main content among the blocks (HTML only);
* ``block``: judges each kept block on its own text;
* ``document``: judges blocks in their context (neighbours, position,
  repetition) and guards the result as a whole.

Filters never delete: they call ``block.drop(name, reason)`` or
``doc.drop_node(node, name, reason)``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from .model import Block, Document


class Stage(IntEnum):
    DOM = 0
    SELECT = 1
    BLOCK = 2
    DOCUMENT = 3


@runtime_checkable
class Filter(Protocol):
    """What the pipeline needs of a filter."""

    @property
    def name(self) -> str: ...

    @property
    def stage(self) -> Stage: ...

    def apply(self, doc: Document) -> None: ...


class BaseFilter:
    """Base for built-in filters: named options with defaults, checked loudly.

    Subclasses set ``name``, ``stage``, a docstring whose first line is the
    ``--list-filters`` description, and ``options`` (name -> default).
    """

    name: ClassVar[str]
    stage: ClassVar[Stage]
    needs_html: ClassVar[bool] = False
    options: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, **options: Any) -> None:
        unknown = set(options) - set(self.options)
        if unknown:
            valid = ", ".join(sorted(self.options)) or "none"
            raise ValueError(
                f"filter {self.name!r} has no option {', '.join(sorted(unknown))}; valid: {valid}"
            )
        for key, default in self.options.items():
            value = options.get(key, default)
            if key in options:
                value = _checked_option(self.name, key, default, value)
            setattr(self, key, value)

    def apply(self, doc: Document) -> None:
        raise NotImplementedError

    if TYPE_CHECKING:
        # Options become attributes in __init__; tell the type checker so.
        def __getattr__(self, name: str) -> Any: ...

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.options)
        return f"{type(self).__name__}({opts})"


def _checked_option(filter_name: str, key: str, default: Any, value: Any) -> Any:
    """``value`` if it has the default's type (an int is fine for a float).

    Checked when the pipeline is built, so ``--option read_also.max_words=abc``
    is a usage error rather than a TypeError on the first page.
    """
    if default is None:
        return value
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and isinstance(default, int) and not isinstance(value, int):
            ok = float(value).is_integer()
            value = int(value) if ok else value
    elif isinstance(default, str):
        ok = isinstance(value, str)
    elif isinstance(default, (tuple, list, frozenset, set)):
        ok = isinstance(value, (tuple, list, frozenset, set))
    else:
        ok = True
    if not ok:
        raise ValueError(
            f"filter {filter_name!r} option {key} wants {type(default).__name__} "
            f"(default {default!r}), not {value!r}"
        )
    return value


class BlockFilter(BaseFilter):
    """A filter that looks at one kept block at a time: override ``check``."""

    stage = Stage.BLOCK

    def check(self, block: Block) -> str | None:
        """Return the reason to drop ``block``, or ``None`` to keep it."""
        raise NotImplementedError

    def apply(self, doc: Document) -> None:
        check = self.check  # bound once: this loop runs per block of every page
        for block in doc.blocks:
            if block.dropped_by is None:
                reason = check(block)
                if reason:
                    block.drop(self.name, reason)


class FunctionFilter:
    """Wraps a user's plain function ``f(block) -> reason | bool | None``."""

    needs_html = False

    def __init__(self, func: Callable[[Block], Any], name: str | None = None,
                 stage: Stage = Stage.BLOCK) -> None:
        self.func = func
        self.name: str = name or str(getattr(func, "__name__", "user_filter"))
        self.stage = stage

    def apply(self, doc: Document) -> None:
        for block in doc.blocks:
            if block.dropped_by is None:
                verdict = self.func(block)
                if verdict:
                    reason = verdict if isinstance(verdict, str) else f"rejected by {self.name}"
                    block.drop(self.name, reason)


#: name -> filter class, filled by ``@register`` in ``cleanpage.filters``.
REGISTRY: dict[str, type[BaseFilter]] = {}


def register(cls: type[BaseFilter]) -> type[BaseFilter]:
    """Class decorator that adds a built-in filter to the registry."""
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"two filters are named {cls.name!r}")
    REGISTRY[cls.name] = cls
    return cls


def describe(step: Any) -> str:
    """The first line of a filter's docstring: its one-line description."""
    doc = inspect.getdoc(step) or inspect.getdoc(type(step)) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


#: Preset name -> ordered filter names. Filters that need HTML are skipped
#: on text input, so the HTML presets also work on text.
PRESETS: dict[str, tuple[str, ...]] = {}

Step = str | Filter | type[BaseFilter] | Callable[[Block], Any]


def _registry() -> dict[str, type[BaseFilter]]:
    from . import filters  # noqa: F401  (registers the built-ins)

    return REGISTRY


class Pipeline:
    """An ordered, validated list of filters addressed by name.

    >>> p = Pipeline.preset("text").without("ad_marker")
    >>> "ad_marker" in p.names
    False
    """

    def __init__(self, steps: Iterable[Step], *,
                 options: Mapping[str, Any] | None = None) -> None:
        """Build a pipeline.

        Args:
            steps: filter names from the registry, filter objects, or plain
                functions over a block (which become block filters).
            options: ``{"filter.option": value}`` or
                ``{"filter": {"option": value}}`` overrides.
        """
        per_filter = _split_options(options or {})
        registry = _registry()
        built: list[Filter] = []
        for step in steps:
            if isinstance(step, str):
                if step not in registry:
                    raise ValueError(
                        f"unknown filter {step!r}; known filters: {', '.join(sorted(registry))}"
                    )
                built.append(registry[step](**per_filter.pop(step, {})))
            elif isinstance(step, type):
                # A filter class, not an instance: build it here so that options
                # reach it like a built-in's (a class passes the Filter check but
                # its ``apply`` is unbound and would fail only at run time).
                if issubclass(step, BaseFilter):
                    built.append(step(**per_filter.pop(step.name, {})))
                else:
                    obj = step()
                    if not isinstance(obj, Filter):
                        raise TypeError(f"{step.__name__} is not a filter: it needs name, stage and apply()")
                    built.append(obj)
            elif isinstance(step, Filter):
                built.append(step)
            elif callable(step):
                built.append(FunctionFilter(step))
            else:
                raise TypeError(f"a pipeline step must be a name, a filter or a function, not {step!r}")
        if per_filter:
            raise ValueError(
                f"options given for filters not in the pipeline: {', '.join(sorted(per_filter))}"
            )
        seen: set[str] = set()
        for prev, cur in zip([None, *built], built, strict=False):
            if cur.name in seen:
                raise ValueError(f"filter {cur.name!r} appears twice in the pipeline")
            seen.add(cur.name)
            if prev is not None and Stage(cur.stage) < Stage(prev.stage):
                raise ValueError(
                    f"filter {cur.name!r} ({Stage(cur.stage).name.lower()} stage) cannot run after "
                    f"{prev.name!r} ({Stage(prev.stage).name.lower()} stage)"
                )
        self.filters: tuple[Filter, ...] = tuple(built)

    @classmethod
    def preset(cls, name: str = "default", *, options: Mapping[str, Any] | None = None) -> Pipeline:
        _registry()
        if name not in PRESETS:
            raise ValueError(f"unknown preset {name!r}; presets: {', '.join(sorted(PRESETS))}")
        return cls(PRESETS[name], options=options)

    @classmethod
    def from_config(cls, path_or_mapping: Any, url: str | None = None) -> Pipeline:
        """The pipeline a TOML rule file (or its parsed mapping) gives for a page at ``url``.

        Site rules apply only when ``url`` matches them; see :mod:`cleanpage.config`
        for the schema. Raises ``cleanpage.config.ConfigError`` (a ``ValueError``)
        naming the key at fault.
        """
        from .config import pipeline_from_config

        return pipeline_from_config(path_or_mapping, url)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.filters)

    def __getitem__(self, name: str) -> Filter:
        for f in self.filters:
            if f.name == name:
                return f
        raise KeyError(f"no filter {name!r} in this pipeline; it has: {', '.join(self.names)}")

    def _check_names(self, names: Iterable[str]) -> None:
        missing = [n for n in names if n not in self.names]
        if missing:
            raise ValueError(
                f"not in the pipeline: {', '.join(missing)}; it has: {', '.join(self.names)}"
            )

    def without(self, *names: str) -> Pipeline:
        """A copy without the named filters."""
        self._check_names(names)
        return Pipeline([f for f in self.filters if f.name not in names])

    def only(self, *names: str) -> Pipeline:
        """A copy with just the named filters, in pipeline order."""
        self._check_names(names)
        return Pipeline([f for f in self.filters if f.name in names])

    def replace(self, name: str, step: Step) -> Pipeline:
        """A copy with the named filter replaced by another."""
        self._check_names([name])
        return Pipeline([step if f.name == name else f for f in self.filters])

    def insert(self, step: Step, *, before: str | None = None, after: str | None = None) -> Pipeline:
        """A copy with a step added before/after a named filter.

        Without an anchor the step goes at the end of its stage (a block
        filter lands before any document-stage filter), so that adding a
        filter never depends on which stages a preset happens to end with.
        """
        steps: list[Step] = list(self.filters)
        anchor = before or after
        if anchor is None:
            new = Pipeline([step]).filters[0]
            i = sum(1 for f in self.filters if Stage(f.stage) <= Stage(new.stage))
            return Pipeline([*steps[:i], new, *steps[i:]])
        self._check_names([anchor])
        i = self.names.index(anchor) + (1 if after else 0)
        return Pipeline([*steps[:i], step, *steps[i:]])

    def run(self, doc: Document) -> Document:
        for f in self.filters:
            if doc.source != "html" and (getattr(f, "needs_html", False) or f.stage < Stage.BLOCK):
                continue
            f.apply(doc)
        return doc

    def __repr__(self) -> str:
        return f"Pipeline({list(self.names)!r})"


def _split_options(options: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, value in options.items():
        if isinstance(value, Mapping):
            out.setdefault(key, {}).update(value)
        elif "." in key:
            fname, opt = key.split(".", 1)
            out.setdefault(fname, {})[opt] = value
        else:
            raise ValueError(f"option {key!r} must be written 'filter.option'")
    return out
