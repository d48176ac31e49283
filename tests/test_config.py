"""Rule files: every rule kind, per-site scoping, every loader error, check-rules."""

from __future__ import annotations

import io
import re
import sys
import textwrap
import time
from pathlib import Path

import pytest

import cleanpage
import cleanpage.config
from cleanpage import Pipeline
from cleanpage.cli import main
from cleanpage.config import ConfigError, Rules, check_rules_main
from cleanpage.filters.custom_rules import DropByPattern, PatternRule, compile_pattern, rule_of
from cleanpage.model import Block, Document

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpus" / "rules-example"

PAGE = """<!DOCTYPE html><html><head><title>T</title></head><body>
<main><article>
<h1>Harbour lights switched on</h1>
<p>The harbour lights were switched on again last night after a long repair that took most of the winter.</p>
<p class="promo-line">Get The Morning Tide in your inbox at seven. <a href="/j">Join</a></p>
<p>Fishing crews said the lights make the narrow entrance far safer on foggy nights, when the old beacon was hard to see.</p>
<div class="rank-box"><p class="rank-title">Most read</p><p>Bridge reopens after repair</p></div>
<p>The council will pay for the upkeep from next year, after a vote on Tuesday evening.</p>
</article></main></body></html>"""

TEXT = "First paragraph of the story, long enough to be a real paragraph.\n\nMost read\n\nSecond paragraph.\n"


def run(rules: dict | Path | str, data: str = PAGE, url: str | None = None) -> cleanpage.Result:
    return cleanpage.extract(data, url=url, pipeline=Pipeline.from_config(rules, url=url))


def dropped(result: cleanpage.Result) -> dict[str, tuple[str | None, str | None]]:
    return {b.text: (b.dropped_by, b.reason) for b in result.dropped}


# -- rule kinds ---------------------------------------------------------------------------


def test_selector_rule_drops_the_subtree_and_names_the_rule() -> None:
    r = run({"drop": {"most_read": {"selector": ".rank-box"}}})
    d = dropped(r)
    assert d["Most read"] == ("drop_by_selector", "rule most_read: div.rank-box")
    assert d["Bridge reopens after repair"][0] == "drop_by_selector"
    assert "Most read" not in r.text and "The council will pay" in r.text
    assert rule_of(d["Most read"][1]) == "most_read"


def test_selector_rule_near_miss_keeps_other_elements() -> None:
    r = run({"drop": {"most_read": {"selector": ".rank-box-other"}}})
    assert "Most read" not in dropped(r) or dropped(r)["Most read"][0] != "drop_by_selector"
    assert "drop_by_selector" not in r.counts


def test_text_rule_is_literal_and_case_insensitive() -> None:
    r = run({"drop": {"newsletter": {"text": "IN YOUR INBOX"}}})
    assert dropped(r)["Get The Morning Tide in your inbox at seven. Join"] == (
        "drop_by_pattern", "rule newsletter: 'in your inbox'")
    # literal: regex syntax has no meaning in a text rule
    r = run({"drop": {"newsletter": {"text": "in your inbox.*"}}})
    assert "drop_by_pattern" not in r.counts


def test_case_sensitive_rule_misses_other_case() -> None:
    r = run({"drop": {"newsletter": {"text": "IN YOUR INBOX", "case_sensitive": True}}})
    assert "drop_by_pattern" not in r.counts
    r = run({"drop": {"newsletter": {"text": "Morning Tide", "case_sensitive": True}}})
    assert r.counts["drop_by_pattern"] == 1


def test_pattern_rule_is_a_regex_searched_in_the_block() -> None:
    r = run({"drop": {"most_read": {"pattern": r"^most\s+read$"}}}, TEXT)
    assert dropped(r)["Most read"] == ("drop_by_pattern", "rule most_read: 'Most read'")
    assert r.counts["drop_by_pattern"] == 1


def test_max_length_spares_longer_blocks() -> None:
    r = run({"drop": {"fog": {"text": "foggy", "max_length": 60}}})
    assert "drop_by_pattern" not in r.counts  # the block saying "foggy" is 118 characters
    r = run({"drop": {"fog": {"text": "foggy", "max_length": 118}}})
    assert r.counts["drop_by_pattern"] == 1


def test_rules_in_text_mode_use_the_text_preset() -> None:
    pipe = Rules.load({"drop": {"m": {"text": "most read"}}}).pipeline(kind="text")
    assert pipe.names[0] == "drop_by_pattern" and "main_content" not in pipe.names
    assert dropped(cleanpage.extract(TEXT, input="text", pipeline=pipe))["Most read"] == (
        "drop_by_pattern", "rule m: 'Most read'")


def test_preset_disable_enable_order_and_options() -> None:
    rules = Rules.load({
        "preset": "minimal",
        "disable": ["photo_credit"],
        "enable": ["main_content"],
        "order": ["ad_marker", "read_also"],
        "options": {"reply_form": {"max_words": 12}},
    })
    pipe = rules.pipeline()
    names = pipe.names
    assert "photo_credit" not in names
    # enabled at the end of its (select) stage, before the block rules
    assert names.index("main_content") == names.index("drop_widgets") + 1
    assert names.index("ad_marker") < names.index("read_also")
    assert pipe["reply_form"].max_words == 12  # type: ignore[attr-defined]
    minimal = Pipeline.preset("minimal").names
    assert set(names) == (set(minimal) - {"photo_credit"}) | {"main_content"}
    # order swaps the listed filters between the slots they held; the others stay put
    others = [n for n in names if n not in ("ad_marker", "read_also", "main_content")]
    assert others == [n for n in minimal if n not in ("ad_marker", "read_also", "photo_credit")]
    assert names.index("ad_marker") == names.index("drop_widgets") + 2


def test_disable_removes_the_filter_from_results() -> None:
    page = "<html><body><p>Story text that is long enough to stay in the article here.</p><p>Advertisement</p></body></html>"
    assert "Advertisement" not in cleanpage.extract(page, preset="minimal").text
    r = run({"preset": "minimal", "disable": ["ad_marker"]}, page)
    assert "Advertisement" in r.text


def test_order_can_move_user_rules_after_builtins() -> None:
    text = "Story paragraph here, long enough.\n\nAdvertisement\n"
    first = Rules.load({"drop": {"ads": {"text": "advert"}}}).pipeline(kind="text")
    later = Rules.load({"drop": {"ads": {"text": "advert"}},
                        "order": ["ad_marker", "drop_by_pattern"]}).pipeline(kind="text")
    assert dropped(cleanpage.extract(text, input="text", pipeline=first))["Advertisement"][0] == "drop_by_pattern"
    assert dropped(cleanpage.extract(text, input="text", pipeline=later))["Advertisement"][0] == "ad_marker"


def test_example_rule_file_removes_both_leftovers() -> None:
    page = (EXAMPLE / "page.html").read_bytes()
    plain = cleanpage.extract(page)
    assert "Most read" in plain.text and "in your inbox" in plain.text  # the leftovers
    ruled = cleanpage.extract(page, pipeline=Pipeline.from_config(EXAMPLE / "rules.toml"))
    assert "Most read" not in ruled.text and "in your inbox" not in ruled.text
    assert "A review in September" in ruled.text and "Night ferry returns" in ruled.text
    assert len((EXAMPLE / "rules.toml").read_text().strip().splitlines()) == 3


# -- per-site scoping ---------------------------------------------------------------------

SITES = {
    "drop": {"base": {"text": "foggy"}},
    "site": [
        {"host": "courier.example", "drop": {"most_read": {"selector": ".rank-box"}}},
        {"url": "https://other.example/blog/*", "disable": ["drop_by_pattern"],
         "drop": {"promo": {"selector": ".promo-line"}}},
        {"host": "courier.example", "drop": {"base": {"text": "council will pay"}}},
    ],
}


def test_site_rules_apply_only_to_matching_hosts() -> None:
    rules = Rules.load(SITES)
    on_site = cleanpage.extract(PAGE, pipeline=rules.pipeline("https://www.courier.example/a"))
    off_site = cleanpage.extract(PAGE, pipeline=rules.pipeline("https://courier.example.org/a"))
    no_url = cleanpage.extract(PAGE, pipeline=rules.pipeline(None))
    assert "Most read" not in on_site.text
    assert "Most read" in off_site.text and "Most read" in no_url.text
    # a site rule with the name of a base rule replaces it on that site
    assert "foggy" in on_site.text and "council will pay" not in on_site.text
    assert "foggy" not in off_site.text and "council will pay" in off_site.text


def test_site_rules_by_url_pattern() -> None:
    rules = Rules.load(SITES)
    blog = cleanpage.extract(PAGE, pipeline=rules.pipeline("https://other.example/blog/2026/x"))
    news = cleanpage.extract(PAGE, pipeline=rules.pipeline("https://other.example/news/x"))
    assert "Morning Tide" not in blog.text and "foggy" in blog.text  # its own rule; base disabled
    assert "Morning Tide" in news.text and "foggy" not in news.text
    assert [s.label for s in rules.sites_for("https://other.example/blog/a")] == [
        "url https://other.example/blog/*"]


def test_site_preset_and_options_override_base() -> None:
    rules = Rules.load({"preset": "default", "options": {"read_also": {"max_words": 10}},
                        "site": [{"host": "a.example", "preset": "minimal",
                                  "options": {"read_also": {"max_words": 50}}}]})
    assert "main_content" in rules.pipeline("https://b.example/").names
    site = rules.pipeline("https://a.example/")
    assert "main_content" not in site.names
    assert site["read_also"].max_words == 50  # type: ignore[attr-defined]
    assert rules.pipeline("https://a.example/x") is site  # cached per set of matching sites


def test_pipeline_from_config_file_and_url(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[[site]]\nhost = "courier.example"\ndrop.most_read = { selector = ".rank-box" }\n')
    assert "drop_by_selector" in Pipeline.from_config(path, url="http://courier.example/x").names
    assert "drop_by_selector" not in Pipeline.from_config(str(path)).names


# -- loader errors ------------------------------------------------------------------------

ERRORS = [
    ({"prest": "default"}, "prest: unknown key; valid keys: preset, disable, enable, order, options, drop, site"),
    ({"preset": "fast"}, "preset: unknown preset 'fast'; presets: default, minimal, text"),
    ({"disable": "ad_marker"}, "disable: must be a list of filter names"),
    ({"disable": ["ad_markr"]}, "disable: unknown filter 'ad_markr'; filters: "),
    ({"enable": ["nope"]}, "enable: unknown filter 'nope'"),
    ({"order": ["read_also", "read_also"]}, "order: names a filter twice"),
    ({"disable": ["ad_marker"], "enable": ["ad_marker"]}, "enable: ad_marker also in disable"),
    ({"order": ["ad_marker", "drop_hidden"]}, "cannot run after"),
    ({"preset": "text", "order": ["main_content"]}, "order names filters not in the pipeline: main_content"),
    ({"options": {"read_also": {"max_word": 3}}}, "options.read_also: filter 'read_also' has no option max_word; valid: max_words"),
    ({"options": {"nope": {"x": 1}}}, "options.nope: unknown filter; filters: "),
    ({"options": {"read_also": 3}}, "options.read_also: must be a table"),
    ({"options": 3}, "options: must be a table of [options.FILTER] tables"),
    ({"options": {"drop_by_pattern": {"rules": []}}}, "options.drop_by_pattern: this filter takes its rules from [drop]"),
    ({"drop": []}, "drop: must be a table of named rules"),
    ({"drop": {"a b": {"text": "x"}}}, "drop.a b: a rule name is 1 to 64 letters"),
    ({"drop": {"a": "x"}}, "drop.a: must be a table such as"),
    ({"drop": {"a": {"txt": "x"}}}, "drop.a.txt: unknown key; valid keys: selector, pattern, text, case_sensitive, max_length"),
    ({"drop": {"a": {}}}, "drop.a: needs exactly one of selector, pattern, text"),
    ({"drop": {"a": {"text": "x", "selector": "p"}}}, "drop.a: needs exactly one of selector, pattern, text, has selector, text"),
    ({"drop": {"a": {"text": " "}}}, "drop.a.text: must be a non-empty string"),
    ({"drop": {"a": {"selector": 3}}}, "drop.a.selector: must be a non-empty string"),
    ({"drop": {"a": {"selector": "div[class="}}}, "drop.a.selector: invalid CSS selector 'div[class='; write a selector such as"),
    ({"drop": {"a": {"selector": "p", "max_length": 4}}}, "drop.a.max_length: only applies to text and pattern rules"),
    ({"drop": {"a": {"pattern": "(unclosed"}}}, "drop.a.pattern: invalid regular expression '(unclosed'"),
    ({"drop": {"a": {"pattern": "x*"}}}, "drop.a.pattern: pattern 'x*' matches an empty string"),
    ({"drop": {"a": {"text": "x", "case_sensitive": "yes"}}}, "drop.a.case_sensitive: must be true or false"),
    ({"drop": {"a": {"text": "x", "max_length": 0}}}, "drop.a.max_length: must be a positive number"),
    ({"drop": {"a": {"text": "x", "max_length": True}}}, "drop.a.max_length: must be a positive number"),
    ({"site": {"host": "a.example"}}, "site: must be an array of tables, written [[site]]"),
    ({"site": [{"drop": {}}]}, 'site[1]: needs exactly one of host = "example.com" or url'),
    ({"site": [{"host": "a.example", "url": "https://a.example/*"}]}, "site[1]: needs exactly one of host"),
    ({"site": [{"host": "https://a.example/"}]}, 'site[1].host: must be a host name such as "example.com"'),
    ({"site": [{"url": "a.example/*"}]}, "site[1].url: must be a URL pattern such as"),
    ({"site": [{"host": "a.example", "site": []}]}, "site[1].site: unknown key; valid keys: host, url, preset"),
    ({"site": [{"host": "a.example", "drop": {"a": {"selector": "##"}}}]}, "site[1].drop.a.selector: invalid CSS selector"),
    ({"site": [{"host": "a.example", "order": ["ad_marker", "drop_hidden"]}]}, "site host a.example: filter 'drop_dialogs' (dom stage) cannot run after 'ad_marker'"),
]


@pytest.mark.parametrize(("rules", "message"), ERRORS, ids=[e[1][:40] for e in ERRORS])
def test_loader_rejects_with_the_key_and_what_is_valid(rules: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Rules.load(rules)
    assert message in str(info.value)
    assert str(info.value).startswith("<rules>: ")


def test_unknown_filter_message_lists_the_filters() -> None:
    with pytest.raises(ConfigError, match=r"filters: .*ad_marker.*read_also"):
        Rules.load({"disable": ["ad_markr"]})


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read"):
        Rules.load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[drop\nx = 1\n")
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML"):
        Rules.load(bad)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[drop.a]\nselectr = "p"\n')
    with pytest.raises(ConfigError, match=r"wrong\.toml: drop\.a\.selectr: unknown key"):
        Pipeline.from_config(wrong)


def test_config_error_is_a_value_error() -> None:
    assert issubclass(ConfigError, ValueError)


# -- the regex guard ----------------------------------------------------------------------


def test_a_catastrophic_pattern_is_switched_off_within_its_budget() -> None:
    rule = PatternRule.from_regex("evil", r"(a|aa)+$")
    doc = Document("text", blocks=[Block(i, "a" * 60 + "b") for i in range(50)])
    start = time.perf_counter()
    DropByPattern(rules=(rule,), budget_seconds=0.05).apply(doc)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0  # unbounded, this pattern would take far longer than the age of the universe
    assert not doc.dropped
    assert doc.notes == ["rule evil used up its 0.05 s budget and was switched off for this page"]


def test_the_budget_is_per_rule_so_good_rules_still_fire() -> None:
    rules = (PatternRule.from_regex("evil", r"(a|aa)+$"), PatternRule.from_text("ok", "bbb"))
    doc = Document("text", blocks=[Block(0, "a" * 60 + "b"), Block(1, "xx bbb xx")])
    DropByPattern(rules=rules, budget_seconds=0.05).apply(doc)
    assert [b.dropped_by for b in doc.blocks] == [None, "drop_by_pattern"]


def test_patterns_only_see_the_first_scan_chars() -> None:
    rule = PatternRule.from_text("tail", "needle")
    doc = Document("text", blocks=[Block(0, "x" * 3000 + " needle"), Block(1, "a needle")])
    DropByPattern(rules=(rule,), scan_chars=2000).apply(doc)
    assert [b.dropped_by for b in doc.blocks] == [None, "drop_by_pattern"]


def test_degraded_status_when_a_rule_is_switched_off() -> None:
    pipe = Pipeline([DropByPattern(rules=(PatternRule.from_regex("evil", r"(a|aa)+$"),),
                                   budget_seconds=0.02)])
    r = cleanpage.extract("a" * 40 + "b\n\nfine text\n", input="text", pipeline=pipe)
    assert r.status == "degraded" and "rule evil" in r.notes[0]


def test_compile_pattern_rejects_empty_matches() -> None:
    with pytest.raises(ValueError, match="matches an empty string"):
        compile_pattern("(?:)")
    assert compile_pattern("a").search("A")  # case-insensitive by default
    assert compile_pattern("a", case_sensitive=True).search("A") is None


# -- command line -------------------------------------------------------------------------


def test_cli_config_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(EXAMPLE / "rules.toml"), str(EXAMPLE / "page.html")]) == 0
    out = capsys.readouterr().out
    assert "Night ferry returns" in out and "Most read" not in out and "in your inbox" not in out


def test_cli_config_error_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "r.toml"
    bad.write_text('disable = ["nope"]\n')
    assert main(["--config", str(bad), str(EXAMPLE / "page.html")]) == 2
    assert "disable: unknown filter 'nope'" in capsys.readouterr().err


def test_check_rules_shows_what_each_rule_removed() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = check_rules_main([str(EXAMPLE / "rules.toml"), str(EXAMPLE / "page.html")], out, err)
    text = out.getvalue()
    assert code == 0, err.getvalue()
    assert "valid; 2 drop rules" in text
    assert "rule most_read: fired, 4 blocks" in text
    assert "rule newsletter: fired, 1 blocks" in text
    assert "- [drop_by_pattern] Get The Morning Tide" in text
    assert "rules that fired on no page" not in text


def test_check_rules_reports_idle_rules_and_site_matches(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text('[drop]\nnever = { text = "zebra crossing" }\n'
                     '[[site]]\nhost = "courier.example"\ndrop.box = { selector = ".rank-box" }\n')
    out = io.StringIO()
    # the page's canonical URL (courier.example) selects the site rules
    assert check_rules_main([str(rules), str(EXAMPLE / "page.html")], out, io.StringIO()) == 0
    text = out.getvalue()
    assert "sites: host courier.example" in text and "rule box: fired" in text
    assert "rules that fired on no page: never" in text
    out = io.StringIO()
    check_rules_main([str(rules), str(EXAMPLE / "page.html"), "--url", "https://x.example/"], out, io.StringIO())
    assert "rule box: fired" not in out.getvalue()


def test_check_rules_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[drop.a]\npattern = \"(\"\n")
    err = io.StringIO()
    assert check_rules_main([str(bad)], io.StringIO(), err) == 2
    assert "drop.a.pattern: invalid regular expression" in err.getvalue()
    err = io.StringIO()
    assert check_rules_main([str(EXAMPLE / "rules.toml"), str(tmp_path / "none.html")], io.StringIO(), err) == 1
    assert "none.html" in err.getvalue()
    assert main(["check-rules", str(EXAMPLE / "rules.toml")]) == 0


# -- the documented schema loads as documented --------------------------------------------


def test_readme_rule_files_load() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        rules = Rules.load(tomllib.loads(block))
        assert rules.pipeline("https://example.com/blog/x").names


def test_docstring_schema_loads() -> None:
    doc = cleanpage.config.__doc__ or ""
    schema = textwrap.dedent(doc.split("::\n", 1)[1].split("\nSite tables", 1)[0])
    rules = Rules.load(tomllib.loads(schema))
    assert [r.name for _, r in rules.rules] == ["most_read", "newsletter", "paywall", "promo"]
    assert "drop_by_selector" in rules.pipeline("https://www.example.com/").names


def test_check_rules_lists_changed_blocks_even_when_a_rule_splits_a_paragraph(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body><main><article><p>The ferry runs again from Friday, the operator said in a "
                    "statement. <span class='promo'>Buy a season ticket</span> Tickets cost the same.</p>"
                    "<p>Advertisement</p><p>The review comes in September, and the council will decide "
                    "then whether the night service stays.</p></article></main></body></html>")
    rules = tmp_path / "r.toml"
    rules.write_text('disable = ["ad_marker"]\n[drop]\npromo = { selector = ".promo" }\n')
    out = io.StringIO()
    assert check_rules_main([str(rules), str(page)], out, io.StringIO()) == 0
    text = out.getvalue()
    assert "compared with no rule file: 1 more blocks dropped, 1 kept that were dropped" in text
    assert "      - [drop_by_selector] Buy a season ticket\n" in text
    assert "      + Advertisement\n" in text
