"""Rules from a TOML file: presets, filters, options and named drop rules, per site.

A rule file fixes a site's leftovers without code. Its schema (every key is
optional; anything else is an error that names the key and lists the valid
ones)::

    preset  = "default"                 # default | minimal | text (default: by input kind)
    disable = ["photo_credit"]          # filters to leave out
    enable  = ["main_content"]          # registered filters to add (at the end of their stage)
    order   = ["ad_marker", "read_also"]  # these run in this order, in the slots they hold

    [options.read_also]                 # filter options, as in --option read_also.max_words=40
    max_words = 40

    [drop]                              # named drop rules; each has exactly one of:
    most_read  = { selector = "aside.rank-list" }             # CSS: drop the element and its subtree
    newsletter = { text = "Sign up for our morning briefing" }  # literal text found in a block
    paywall    = { pattern = "^subscribe( now)?$", max_length = 40 }  # regex found in a block
    # text and pattern rules also take: case_sensitive = false (the default),
    # max_length = N (only blocks of at most N characters)

    [[site]]                            # rules for one site, applied after the ones above
    host = "example.com"                # example.com and its subdomains; or:
    # url = "https://example.com/blog/*"  (shell-style pattern on the whole URL)
    disable = ["read_also"]
    drop.promo = { selector = ".promo" }

Site tables take every key above except ``site``. Sites that match a URL
apply in file order: ``preset`` is replaced, ``disable``/``enable``/``order``
apply in turn, ``options`` merge, and a ``drop`` rule with the name of an
earlier one replaces it. Selector rules run first in the DOM stage, text
and pattern rules first in the block stage (``order`` can move them: their
filters are ``drop_by_selector`` and ``drop_by_pattern``). Patterns use the
``regex`` module and run with a length bound and a per-page time budget
(see :mod:`cleanpage.filters.custom_rules`).

Everything is checked when the file is loaded: selectors are parsed by
Lexbor, patterns compiled, filter names and options looked up.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

from .filters.custom_rules import RULE_NAME, DropByPattern, DropBySelector, PatternRule, SelectorRule
from .pipeline import PRESETS, Pipeline, Stage, _registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: Keys of a scope (the top level, or one ``[[site]]``), with what each holds.
SCOPE_KEYS = ("preset", "disable", "enable", "order", "options", "drop")
TOP_KEYS = (*SCOPE_KEYS, "site")
SITE_KEYS = ("host", "url", *SCOPE_KEYS)
RULE_KINDS = ("selector", "pattern", "text")
RULE_KEYS = (*RULE_KINDS, "case_sensitive", "max_length")
#: Filters whose settings come from ``[drop]`` rules, not from ``[options]``.
RULE_FILTERS = (DropBySelector.name, DropByPattern.name)

Rule = SelectorRule | PatternRule


class ConfigError(ValueError):
    """A rule file that cannot be used; the message names the key at fault."""


@dataclass(frozen=True)
class Scope:
    """The settings of the top level or of one site."""

    preset: str | None = None
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    drop: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Site:
    """A scope that applies to pages of one host, or whose URL matches a pattern."""

    scope: Scope
    host: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        return f"host {self.host}" if self.host else f"url {self.url}"

    def matches(self, url: str | None) -> bool:
        if not url:
            return False
        if self.url is not None:
            return fnmatch.fnmatchcase(url, self.url)
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
        return host == self.host or host.endswith("." + str(self.host))


@dataclass(frozen=True)
class Rules:
    """A loaded, validated rule file. Build pipelines with :meth:`pipeline`."""

    base: Scope
    sites: tuple[Site, ...] = ()
    source: str = "<rules>"
    _cache: dict[Any, Pipeline] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, path_or_mapping: str | os.PathLike[str] | Mapping[str, Any]) -> Rules:
        """Read and validate a rule file (a path) or an already-parsed mapping.

        Raises:
            ConfigError: unreadable file, bad TOML, unknown key, invalid
                selector, pattern, filter name or option.
        """
        if isinstance(path_or_mapping, Mapping):
            return _parse(path_or_mapping, "<rules>")
        source = os.fspath(path_or_mapping)
        try:
            with open(source, "rb") as f:
                data = tomllib.load(f)
        except OSError as e:
            raise ConfigError(f"{source}: cannot read: {e.strerror or e}") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{source}: not valid TOML: {e}") from None
        return _parse(data, source)

    @property
    def rules(self) -> tuple[tuple[str, Rule], ...]:
        """Every drop rule as ``(scope label, rule)``, in file order."""
        out = [("all pages", r) for r in self.base.drop]
        for site in self.sites:
            out.extend((site.label, r) for r in site.scope.drop)
        return tuple(out)

    def sites_for(self, url: str | None) -> tuple[Site, ...]:
        """The sites whose host or URL pattern matches ``url``."""
        return tuple(s for s in self.sites if s.matches(url))

    def pipeline(self, url: str | None = None, kind: str = "html", *, preset: str | None = None,
                 options: Mapping[str, Any] | None = None) -> Pipeline:
        """The pipeline for a page at ``url`` (base rules plus matching sites).

        Args:
            url: the page's address; without one, site rules do not apply.
            kind: ``"html"`` or ``"text"``: picks the preset when no scope names one.
            preset: a preset that overrides the file's (the command line's ``--preset``).
            options: ``{"filter.option": value}`` applied last (``--option``).
        """
        matched = tuple(i for i, s in enumerate(self.sites) if s.matches(url))
        key = (matched, kind, preset, tuple(sorted((options or {}).items(), key=str)))
        try:
            return self._cache[key]
        except (KeyError, TypeError):
            pass
        scopes = [self.base, *(self.sites[i].scope for i in matched)]
        try:
            pipe = _build(scopes, kind, preset, options or {})
        except ValueError as e:
            where = ", ".join(self.sites[i].label for i in matched) or "all pages"
            raise ConfigError(f"{self.source}: rules for {where}: {e}") from None
        try:
            self._cache[key] = pipe
        except TypeError:  # unhashable option values: just do not cache
            pass
        return pipe


def load(path_or_mapping: str | os.PathLike[str] | Mapping[str, Any]) -> Rules:
    """Shortcut for :meth:`Rules.load`."""
    return Rules.load(path_or_mapping)


def pipeline_from_config(path_or_mapping: str | os.PathLike[str] | Mapping[str, Any] | Rules,
                         url: str | None = None) -> Pipeline:
    """The pipeline a rule file gives for a page at ``url`` (see ``Pipeline.from_config``)."""
    rules = path_or_mapping if isinstance(path_or_mapping, Rules) else Rules.load(path_or_mapping)
    return rules.pipeline(url)


# -- building ---------------------------------------------------------------------------


def _build(scopes: Sequence[Scope], kind: str, preset_override: str | None,
           extra_options: Mapping[str, Any]) -> Pipeline:
    registry = _registry()
    preset = preset_override or next((s.preset for s in reversed(scopes) if s.preset), None)
    preset = preset or ("default" if kind == "html" else "text")
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; presets: {', '.join(sorted(PRESETS))}")
    rules: dict[str, Rule] = {}
    options: dict[str, dict[str, Any]] = {}
    for scope in scopes:
        for rule in scope.drop:
            rules.pop(rule.name, None)  # a later scope's rule replaces an earlier one
            rules[rule.name] = rule
        for fname, opts in scope.options.items():
            options.setdefault(fname, {}).update(opts)
    selectors = tuple(r for r in rules.values() if isinstance(r, SelectorRule))
    patterns = tuple(r for r in rules.values() if isinstance(r, PatternRule))

    def stage(name: str) -> Stage:
        return registry[name].stage

    names = list(PRESETS[preset])
    if selectors:
        names.insert(0, DropBySelector.name)
    if patterns:
        names.insert(next((i for i, n in enumerate(names) if stage(n) >= Stage.BLOCK), len(names)),
                     DropByPattern.name)
    for scope in scopes:
        names = [n for n in names if n not in scope.disable]
        for name in scope.enable:
            if name not in names:
                at = next((i for i, n in enumerate(names) if stage(n) > stage(name)), len(names))
                names.insert(at, name)
        if scope.order:
            missing = [n for n in scope.order if n not in names]
            if missing:
                raise ValueError(f"order names filters not in the pipeline: {', '.join(missing)}; "
                                 f"it has: {', '.join(names)}")
            slots = iter(scope.order)
            names = [next(slots) if n in scope.order else n for n in names]
    steps: list[Any] = []
    for name in names:
        if name == DropBySelector.name:
            steps.append(DropBySelector(rules=selectors))
        elif name == DropByPattern.name:
            steps.append(DropByPattern(rules=patterns))
        else:
            steps.append(name)
    options = {k: v for k, v in options.items() if k in names}  # options of disabled filters: moot
    for key, value in extra_options.items():
        fname, _, opt = key.partition(".")
        options.setdefault(fname, {})[opt] = value
    return Pipeline(steps, options=options)


# -- validation -------------------------------------------------------------------------


def _parse(data: Mapping[str, Any], source: str) -> Rules:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{source}: {key}: {problem}")

    _check_keys(data, TOP_KEYS, "", fail)
    base = _scope(data, "", fail)
    raw_sites = data.get("site", [])
    if not isinstance(raw_sites, list) or not all(isinstance(s, Mapping) for s in raw_sites):
        raise fail("site", "must be an array of tables, written [[site]]")
    sites = []
    for i, raw in enumerate(raw_sites, 1):
        where = f"site[{i}]"
        _check_keys(raw, SITE_KEYS, where + ".", fail)
        host, url = raw.get("host"), raw.get("url")
        if (host is None) == (url is None):
            raise fail(where, "needs exactly one of host = \"example.com\" or "
                              "url = \"https://example.com/path/*\"")
        if host is not None:
            if not isinstance(host, str) or not host or any(c in host for c in "/:*? "):
                raise fail(where + ".host", f"must be a host name such as \"example.com\", not {host!r}")
            host = host.lower().strip(".")
        if url is not None and (not isinstance(url, str) or "://" not in url):
            raise fail(where + ".url", f"must be a URL pattern such as \"https://example.com/blog/*\", "
                                       f"not {url!r}")
        sites.append(Site(_scope(raw, where + ".", fail), host=host, url=url))
    rules = Rules(base, tuple(sites), source)
    # Build every scope once now, so that a bad combination (an order that
    # breaks stage order, an option for a filter) fails at load, not on page 40,000.
    rules.pipeline(None)
    for site in sites:
        try:
            _build([base, site.scope], "html", None, {})
        except ValueError as e:
            raise fail(f"site {site.label}", str(e)) from None
    return rules


def _check_keys(table: Mapping[str, Any], valid: Sequence[str], prefix: str, fail: Any) -> None:
    if not isinstance(table, Mapping):
        raise fail(prefix.rstrip(".") or "file", "must be a table")
    for key in table:
        if key not in valid:
            raise fail(prefix + str(key), f"unknown key; valid keys: {', '.join(valid)}")


def _scope(raw: Mapping[str, Any], prefix: str, fail: Any) -> Scope:
    registry = _registry()
    preset = raw.get("preset")
    if preset is not None and preset not in PRESETS:
        raise fail(prefix + "preset", f"unknown preset {preset!r}; presets: {', '.join(sorted(PRESETS))}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("disable", "enable", "order"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(prefix + key, f"must be a list of filter names, not {value!r}")
        for name in value:
            if name not in registry:
                raise fail(prefix + key, f"unknown filter {name!r}; filters: {', '.join(sorted(registry))}")
        if len(set(value)) != len(value):
            raise fail(prefix + key, "names a filter twice")
        lists[key] = tuple(value)
    both = set(lists["disable"]) & set(lists["enable"])
    if both:
        raise fail(prefix + "enable", f"{', '.join(sorted(both))} also in disable")
    options = _options(raw.get("options", {}), prefix + "options", fail)
    drop = _rules(raw.get("drop", {}), prefix + "drop", fail)
    return Scope(preset, lists["disable"], lists["enable"], lists["order"], options, drop)


def _options(raw: Any, key: str, fail: Any) -> dict[str, dict[str, Any]]:
    registry = _registry()
    if not isinstance(raw, Mapping):
        raise fail(key, "must be a table of [options.FILTER] tables")
    out: dict[str, dict[str, Any]] = {}
    for fname, opts in raw.items():
        where = f"{key}.{fname}"
        if fname not in registry:
            raise fail(where, f"unknown filter; filters: {', '.join(sorted(registry))}")
        if fname in RULE_FILTERS:
            raise fail(where, "this filter takes its rules from [drop]; write [drop.NAME] tables")
        if not isinstance(opts, Mapping):
            raise fail(where, f"must be a table such as [{where}], not {opts!r}")
        try:
            registry[fname](**opts)
        except (ValueError, TypeError) as e:
            raise fail(where, str(e)) from None
        out[fname] = dict(opts)
    return out


def _rules(raw: Any, key: str, fail: Any) -> tuple[Rule, ...]:
    if not isinstance(raw, Mapping):
        raise fail(key, "must be a table of named rules: [drop] NAME = { selector = \"...\" }")
    out: list[Rule] = []
    for name, spec in raw.items():
        where = f"{key}.{name}"
        if not RULE_NAME.match(name):
            raise fail(where, "a rule name is 1 to 64 letters, digits, '_' or '-'")
        if not isinstance(spec, Mapping):
            raise fail(where, f"must be a table such as {{ selector = \".promo\" }}, not {spec!r}")
        _check_keys(spec, RULE_KEYS, where + ".", fail)
        kinds = [k for k in RULE_KINDS if k in spec]
        if len(kinds) != 1:
            raise fail(where, f"needs exactly one of {', '.join(RULE_KINDS)}"
                              + (f", has {', '.join(kinds)}" if kinds else ""))
        kind = kinds[0]
        value = spec[kind]
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{where}.{kind}", f"must be a non-empty string, not {value!r}")
        case_sensitive = spec.get("case_sensitive", False)
        max_length = spec.get("max_length")
        if kind == "selector":
            extra = [k for k in ("case_sensitive", "max_length") if k in spec]
            if extra:
                raise fail(f"{where}.{extra[0]}", "only applies to text and pattern rules")
            _check_selector(value, f"{where}.selector", fail)
            out.append(SelectorRule(name, value))
            continue
        if not isinstance(case_sensitive, bool):
            raise fail(f"{where}.case_sensitive", f"must be true or false, not {case_sensitive!r}")
        if max_length is not None and (isinstance(max_length, bool) or not isinstance(max_length, int)
                                       or max_length < 1):
            raise fail(f"{where}.max_length", f"must be a positive number of characters, not {max_length!r}")
        try:
            make = PatternRule.from_regex if kind == "pattern" else PatternRule.from_text
            out.append(make(name, value, case_sensitive=case_sensitive, max_length=max_length))
        except ValueError as e:
            raise fail(f"{where}.{kind}", str(e)) from None
    return tuple(out)


def _check_selector(selector: str, key: str, fail: Any) -> None:
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    try:
        LexborHTMLParser("<p></p>").css(selector)
    except SelectolaxError:
        raise fail(key, f"invalid CSS selector {selector!r}; write a selector such as "
                        "\"aside.most-read\", \"#newsletter\" or \"div[data-widget=promo]\"") from None


# -- cleanpage check-rules --------------------------------------------------------------


def describe_rule(rule: Rule) -> str:
    """``selector 'aside.rank-list'`` / ``text 'Most read', max 40 chars``."""
    if isinstance(rule, SelectorRule):
        return f"selector {rule.selector!r}"
    out = f"{'text' if rule.literal else 'pattern'} {rule.source!r}"
    if rule.case_sensitive:
        out += ", case-sensitive"
    if rule.max_length:
        out += f", blocks up to {rule.max_length} chars"
    return out


def check_rules_main(argv: Sequence[str], stdout: IO[str] | None = None,
                     stderr: IO[str] | None = None) -> int:
    """``cleanpage check-rules RULES.toml [PAGE ...] [--url URL]``.

    Validates the rule file, then cleans each sample page with and without
    it and shows which rules fired, what they removed, and every block whose
    fate the file changed. Exit codes: 0 valid, 1 a page could not be read,
    2 invalid rule file or usage.
    """
    import argparse

    from .api import extract
    from .filters.custom_rules import rule_of

    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="cleanpage check-rules",
        description="Validate a rule file and show what its rules remove from sample pages.")
    parser.add_argument("rules", metavar="RULES.toml")
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="sample HTML or text files")
    parser.add_argument("--url", help="the pages' URL, for site rules (default: each page's "
                                      "canonical URL, if it has one)")
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as e:
        return int(e.code) if isinstance(e.code, int) else 2
    try:
        rules = Rules.load(args.rules)
    except ConfigError as e:
        err.write(f"cleanpage check-rules: {e}\n")
        return 2
    sites = ", ".join(s.label for s in rules.sites) or "none"
    out.write(f"{args.rules}: valid; {len(rules.rules)} drop rules; sites: {sites}\n")
    for scope, rule in rules.rules:
        out.write(f"  {rule.name} ({scope}): {describe_rule(rule)}\n")
    fired: set[str] = set()
    failed = 0
    for page in args.pages:
        try:
            with open(page, "rb") as f:
                data = f.read()
            base = extract(data)
            kind = base.document.source
            url = args.url or base.metadata.get("url")
            pipe = rules.pipeline(url, kind)
            ruled = extract(data, input=kind, url=url, pipeline=pipe)
        except (OSError, ValueError) as e:
            failed += 1
            err.write(f"cleanpage check-rules: {page}: {type(e).__name__}: {e}\n")
            continue
        matched = ", ".join(s.label for s in rules.sites_for(url)) or "none"
        out.write(f"\n{page}  (url: {url or 'unknown'}; sites: {matched})\n")
        out.write(f"  pipeline: {', '.join(pipe.names)}\n")
        hits: dict[str, list[str]] = {}
        for b in ruled.dropped:
            name = rule_of(b.reason) if b.dropped_by in RULE_FILTERS else None
            if name:
                hits.setdefault(name, []).append(b.text)
        for _, rule in rules.rules:
            texts = hits.get(rule.name)
            if texts:
                fired.add(rule.name)
                chars = sum(len(t) for t in texts)
                out.write(f"  rule {rule.name}: fired, {len(texts)} blocks, {chars} chars\n")
                for t in texts[:8]:
                    out.write(f"      - {_line(t)}\n")
                if len(texts) > 8:
                    out.write(f"      ... and {len(texts) - 8} more\n")
        newly, restored = _changes(base.blocks, ruled.blocks)
        out.write(f"  compared with no rule file: {len(newly)} more blocks dropped, "
                  f"{len(restored)} kept that were dropped; status {ruled.status}\n")
        for b in newly:
            out.write(f"      - [{b.dropped_by}] {_line(b.text)}\n")
        for b in restored:
            out.write(f"      + {_line(b.text)}\n")
        for note in ruled.notes:
            out.write(f"  note: {note}\n")
    if args.pages:
        idle = [r.name for _, r in rules.rules if r.name not in fired]
        if idle:
            out.write(f"\nrules that fired on no page: {', '.join(idle)}\n")
    return 1 if failed else 0


def _changes(before: Sequence[Any], after: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Blocks the rule file dropped, and blocks it kept that were dropped.

    Blocks are aligned by text (a selector on an inline element can split a
    paragraph, so positions alone would drift); a block with no counterpart
    counts as changed if it is dropped.
    """
    from difflib import SequenceMatcher

    newly: list[Any] = []
    restored: list[Any] = []
    matcher = SequenceMatcher(None, [b.text for b in before], [b.text for b in after], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(before[i1:i2], after[j1:j2], strict=True):
                if a.kept and not b.kept:
                    newly.append(b)
                elif not a.kept and b.kept:
                    restored.append(b)
        else:
            newly.extend(b for b in after[j1:j2] if not b.kept)
    return newly, restored


def _line(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
