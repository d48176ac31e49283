"""Pipeline: building, validation, variants, presets and user filters."""

from __future__ import annotations

import pytest
from _support import article, page

import cleanpage
from cleanpage import PRESETS, REGISTRY, BlockFilter, Document, Pipeline, Stage
from cleanpage.model import Block
from cleanpage.pipeline import BaseFilter, FunctionFilter, describe

TEXT = (
    "A story about the tram line, which will reach the northern suburbs in two years.\n\n"
    "ADVERTISEMENT\n\nTHE MAYOR SAID NOTHING AT ALL TODAY\n\n"
    "More of the story follows here, with the cost of the work and the timetable for it."
)


class Shouting(BlockFilter):
    """Drop blocks written in capitals (a user's filter, outside the package)."""

    name = "shouting"
    options = {"min_chars": 20}

    def check(self, block: Block) -> str | None:
        if block.text.isupper() and len(block.text) >= self.min_chars:
            return f"all caps ({len(block.text)} chars)"
        return None


def no_numbers(block: Block) -> str | None:
    return "starts with a number" if block.text[:1].isdigit() else None


class CountingDocFilter:
    """A plain object meeting the Filter protocol at the document stage."""

    name = "last_block"
    stage = Stage.DOCUMENT

    def apply(self, doc: Document) -> None:
        kept = doc.kept
        if len(kept) > 1:
            kept[-1].drop(self.name, "last kept block")


# --- building ----------------------------------------------------------------

def test_built_from_names_objects_and_functions() -> None:
    pipe = Pipeline(["read_also", Shouting(), no_numbers, CountingDocFilter()])
    assert pipe.names == ("read_also", "shouting", "no_numbers", "last_block")
    assert isinstance(pipe["no_numbers"], FunctionFilter)
    assert pipe["shouting"].stage == Stage.BLOCK


def test_a_filter_class_is_built_with_its_options() -> None:
    pipe = Pipeline(["ad_marker", Shouting], options={"shouting.min_chars": 5})
    built = pipe["shouting"]
    assert isinstance(built, Shouting) and built.min_chars == 5
    result = cleanpage.extract("Calm words here.\n\nSTOP IT", pipeline=pipe)
    assert [d["filter"] for d in result.explain()] == ["shouting"]


def test_a_class_that_is_not_a_filter_is_rejected() -> None:
    class NotAFilter:
        pass

    with pytest.raises(TypeError, match="NotAFilter is not a filter"):
        Pipeline([NotAFilter])


def test_unknown_name_lists_known_filters() -> None:
    with pytest.raises(ValueError) as err:
        Pipeline(["read_also", "read_alsoo"])
    msg = str(err.value)
    assert "unknown filter 'read_alsoo'" in msg
    for name in REGISTRY:
        assert name in msg


def test_duplicate_is_an_error() -> None:
    with pytest.raises(ValueError, match="'ad_marker' appears twice"):
        Pipeline(["ad_marker", "read_also", "ad_marker"])


def test_two_functions_with_one_name_are_duplicates() -> None:
    with pytest.raises(ValueError, match="'no_numbers' appears twice"):
        Pipeline([no_numbers, no_numbers])


def test_stage_order_is_enforced() -> None:
    with pytest.raises(ValueError, match=r"'drop_chrome' \(dom stage\) cannot run after 'read_also' \(block stage\)"):
        Pipeline(["read_also", "drop_chrome"])
    with pytest.raises(ValueError, match="'main_content'.*cannot run after 'last_block'"):
        Pipeline([CountingDocFilter(), "main_content"])


def test_same_stage_in_any_order() -> None:
    assert Pipeline(["ad_marker", "read_also"]).names == ("ad_marker", "read_also")


def test_unknown_option_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match="no option max_wordz; valid: max_words"):
        Pipeline(["read_also"], options={"read_also.max_wordz": 3})
    valid = ", ".join(sorted(REGISTRY["main_content"].options))
    with pytest.raises(ValueError, match=f"has no option share; valid: {valid}$"):
        Pipeline.preset("default", options={"main_content": {"share": 0.5}})


def test_option_for_a_filter_without_options_says_none() -> None:
    class Plain(BlockFilter):
        """Drop nothing."""

        name = "plain"

        def check(self, block: Block) -> str | None:
            return None

    with pytest.raises(ValueError, match="filter 'plain' has no option x; valid: none"):
        Pipeline([Plain], options={"plain.x": 1})


def test_options_for_filters_not_in_the_pipeline() -> None:
    with pytest.raises(ValueError, match="options given for filters not in the pipeline: main_content"):
        Pipeline.preset("text", options={"main_content.dominant_share": 0.5})


def test_option_key_must_name_the_filter() -> None:
    with pytest.raises(ValueError, match="must be written 'filter.option'"):
        Pipeline(["read_also"], options={"max_words": 3})


def test_a_step_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="must be a name, a filter or a function"):
        Pipeline(["read_also", 42])  # type: ignore[list-item]


def test_step_param_and_nested_options_agree() -> None:
    a = Pipeline.preset("text", options={"read_also.max_words": 7})
    b = Pipeline.preset("text", options={"read_also": {"max_words": 7}})
    assert a["read_also"].max_words == b["read_also"].max_words == 7
    assert Pipeline.preset("text")["read_also"].max_words == 30  # the default is untouched


def test_option_changes_behaviour() -> None:
    text = "Story.\n\nRead more: the long history of the harbour bridge and its many repairs"
    assert "Read more" not in cleanpage.clean_text(text)
    loose = Pipeline.preset("text", options={"read_also.max_words": 3})
    assert "Read more" in cleanpage.extract(text, pipeline=loose).text


def test_getitem_names_what_the_pipeline_has() -> None:
    with pytest.raises(KeyError, match="it has: read_also"):
        Pipeline(["read_also"])["main_content"]


# --- variants ----------------------------------------------------------------

def test_without() -> None:
    pipe = Pipeline.preset("text").without("ad_marker", "share_prompt")
    assert "ad_marker" not in pipe.names and "share_prompt" not in pipe.names
    assert "ADVERTISEMENT" in cleanpage.extract(TEXT, pipeline=pipe).text
    with pytest.raises(ValueError, match="not in the pipeline: main_content; it has: read_also"):
        Pipeline.preset("text").without("main_content")


def test_only_keeps_pipeline_order() -> None:
    pipe = Pipeline.preset("default").only("ad_marker", "drop_chrome")
    assert pipe.names == ("drop_chrome", "ad_marker")
    with pytest.raises(ValueError, match="not in the pipeline: nope"):
        pipe.only("nope")


def test_replace() -> None:
    pipe = Pipeline.preset("text").replace("ad_marker", Shouting())
    names = PRESETS["text"]
    assert pipe.names == tuple("shouting" if n == "ad_marker" else n for n in names)
    with pytest.raises(ValueError, match="not in the pipeline"):
        pipe.replace("ad_marker", Shouting())


def test_insert_positions() -> None:
    base = Pipeline.preset("text")
    with_fn = base.insert(no_numbers)
    # Without an anchor: at the end of the step's own stage.
    stages = [f.stage for f in with_fn.filters]
    i = with_fn.names.index("no_numbers")
    assert all(s <= Stage.BLOCK for s in stages[:i]) and all(s > Stage.BLOCK for s in stages[i + 1:])
    assert with_fn.names[:i] == tuple(n for n in base.names if base[n].stage <= Stage.BLOCK)
    assert base.insert(CountingDocFilter()).names[-1] == "last_block"
    assert Pipeline.preset("minimal").without("drop_chrome").insert("drop_chrome").names[-1] != "drop_chrome"
    assert base.insert(no_numbers, before="read_also").names[0] == "no_numbers"
    after = base.insert(no_numbers, after="read_also").names
    assert after[:2] == ("read_also", "no_numbers")
    with pytest.raises(ValueError, match="not in the pipeline: nope"):
        base.insert(no_numbers, after="nope")
    with pytest.raises(ValueError, match="cannot run after"):
        base.insert("drop_chrome", after="read_also")  # a dom filter after block filters


def test_variants_keep_options_and_do_not_touch_the_original() -> None:
    base = Pipeline.preset("text", options={"read_also.max_words": 4})
    variant = base.without("ad_marker").insert(no_numbers)
    assert variant["read_also"].max_words == 4
    assert "ad_marker" in base.names and "no_numbers" not in base.names


# --- presets -----------------------------------------------------------------

def test_presets_are_valid_and_registered() -> None:
    assert {"default", "minimal", "text"} <= set(PRESETS)
    for name, steps in PRESETS.items():
        assert Pipeline.preset(name).names == steps
    assert "main_content" in PRESETS["default"] and "main_content" not in PRESETS["minimal"]
    assert all(REGISTRY[n].stage >= Stage.BLOCK for n in PRESETS["text"])


def test_unknown_preset_lists_presets() -> None:
    with pytest.raises(ValueError, match="unknown preset 'nope'; presets: default, minimal, text"):
        Pipeline.preset("nope")


def test_every_registered_filter_has_a_one_line_description() -> None:
    for name, cls in REGISTRY.items():
        line = describe(cls)
        assert line and "\n" not in line, name
        assert cls.name == name
        assert issubclass(cls, BaseFilter)


def test_text_preset_on_html_input_runs_only_text_rules() -> None:
    hidden = "<div hidden><p>This hidden paragraph would go if the DOM filters ran on the page.</p></div>"
    html = page(article(3) + hidden + "<p>Advertisement</p>")
    result = cleanpage.extract(html, input="html", pipeline=Pipeline.preset("text"))
    assert "This hidden paragraph" in result.text  # no DOM filter ran
    assert "Advertisement" not in result.text  # the text rules did
    assert "3. The council voted" in result.text
    assert set(result.counts) <= set(PRESETS["text"])
    assert "This hidden paragraph" not in cleanpage.clean_html(html)


def test_default_preset_on_text_input_skips_html_only_filters() -> None:
    pipe = Pipeline.preset("default")
    result = cleanpage.extract(TEXT, input="text", pipeline=pipe)
    text_steps = [f for f in pipe.filters if f.stage >= Stage.BLOCK and not getattr(f, "needs_html", False)]
    assert result.text == cleanpage.extract(TEXT, input="text", pipeline=Pipeline(text_steps)).text
    assert "ADVERTISEMENT" not in result.text
    html_only = {f.name for f in pipe.filters} - {f.name for f in text_steps}
    assert {"drop_chrome", "main_content"} <= html_only
    assert not set(result.counts) & html_only


# --- user filters ------------------------------------------------------------

def test_user_class_filter_plugs_in() -> None:
    pipe = Pipeline.preset("text").insert(Shouting())
    result = cleanpage.extract(TEXT, pipeline=pipe)
    assert "THE MAYOR" not in result.text
    rec = [d for d in result.explain() if d["filter"] == "shouting"]
    assert rec == [{"filter": "shouting", "reason": "all caps (35 chars)",
                    "text": "THE MAYOR SAID NOTHING AT ALL TODAY", "index": 2}]
    assert result.counts["shouting"] == 1


def test_user_class_filter_near_miss_kept() -> None:
    pipe = Pipeline.preset("text").insert(Shouting(min_chars=100))
    assert "THE MAYOR" in cleanpage.extract(TEXT, pipeline=pipe).text


def test_plain_function_filter_and_its_verdicts() -> None:
    text = "1. First point.\n\nPlain words.\n\n2. Second point."
    pipe = Pipeline([no_numbers])
    result = cleanpage.extract(text, pipeline=pipe)
    assert result.text == "Plain words.\n"
    assert {d["reason"] for d in result.explain()} == {"starts with a number"}

    def truthy(block: Block) -> bool:
        return "Plain" in block.text

    result = cleanpage.extract(text, pipeline=Pipeline([truthy]))
    assert result.explain()[0]["reason"] == "rejected by truthy"


def test_function_filter_in_html_mode_sees_blocks() -> None:
    seen: list[str] = []

    def spy(block: Block) -> None:
        seen.append(block.tag)

    cleanpage.extract(page(article(2)), input="html", pipeline=Pipeline.preset("default").insert(spy))
    assert seen and set(seen) <= {"h1", "p"}


def test_function_filter_can_be_named() -> None:
    pipe = Pipeline([FunctionFilter(lambda b: "x" in b.text, name="has_x"), "ad_marker"])
    assert pipe.names == ("has_x", "ad_marker")


def test_document_stage_filter_sees_kept_blocks() -> None:
    pipe = Pipeline.preset("text").insert(CountingDocFilter())
    result = cleanpage.extract(TEXT, pipeline=pipe)
    assert result.dropped[-1].dropped_by == "last_block"
    assert not result.text.endswith("timetable for it.\n")


def test_first_filter_to_drop_owns_the_block() -> None:
    def everything(block: Block) -> str:
        return "everything"

    result = cleanpage.extract("Advertisement\n\nStory.", pipeline=Pipeline(["ad_marker", everything]))
    assert [b.dropped_by for b in result.blocks] == ["ad_marker", "everything"]


def test_block_drop_and_restore() -> None:
    b = Block(0, "text")
    b.drop("a", "first")
    b.drop("b", "second")
    assert (b.dropped_by, b.reason, b.kept) == ("a", "first", False)
    b.restore()
    assert b.kept and b.reason is None


@pytest.mark.parametrize("value, ok", [
    (40, True), (40.0, True), ("40", False), ("abc", False), (True, False), (4.5, False), (None, False),
])
def test_option_values_are_type_checked_when_built(value: object, ok: bool) -> None:
    options = {"read_also.max_words": value}
    if ok:
        assert Pipeline.preset("text", options=options)["read_also"].max_words == 40
    else:
        with pytest.raises(ValueError, match=r"option max_words wants int \(default 30\)"):
            Pipeline.preset("text", options=options)


def test_float_options_take_ints() -> None:
    pipe = Pipeline.preset("default", options={"main_content.dominant_share": 1})
    assert pipe["main_content"].dominant_share == 1
