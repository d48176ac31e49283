"""The benchmark metric (``benchmarks/wcxb.py``) and smoke runs of the benchmark scripts."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import quality, speed, wcxb  # noqa: E402

HAS_CORPUS = (wcxb.DEFAULT_CORPUS / "metadata.json").exists()
needs_corpus = pytest.mark.skipif(not HAS_CORPUS, reason=f"WCXB corpus not found at {wcxb.DEFAULT_CORPUS}")


# ---------------------------------------------------------------- metric

@pytest.mark.parametrize(("predicted", "reference", "expected"), [
    ("", "", (1.0, 1.0, 1.0)),                      # empty reference, empty prediction: perfect
    ("  \n ", "", (1.0, 1.0, 1.0)),                 # whitespace only is empty
    ("anything at all", "", (0.0, 0.0, 0.0)),       # empty reference, some prediction: zero
    ("", "the reference text", (0.0, 0.0, 0.0)),    # empty prediction: zero
    ("no shared words", "entirely different", (0.0, 0.0, 0.0)),
    ("Hello,   World!", "hello world", (1.0, 1.0, 1.0)),  # case and punctuation do not matter
])
def test_prf_rules(predicted: str, reference: str, expected: tuple[float, float, float]) -> None:
    assert wcxb.prf(predicted, reference) == pytest.approx(expected)


def test_prf_counts_a_multiset_overlap() -> None:
    # "the" three times against once: only one occurrence overlaps.
    p, r, f1 = wcxb.prf("the the the cat", "the cat")
    assert (p, r) == pytest.approx((2 / 4, 2 / 2))
    assert f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)


def test_prf_precision_and_recall_are_not_swapped() -> None:
    p, r, _ = wcxb.prf("story", "story and more words")
    assert p == 1.0 and r == pytest.approx(1 / 4)


def test_tokens_are_lowercased_word_runs() -> None:
    assert wcxb.tokens("Well-known CAFÉ, 42 x_y") == ["well", "known", "café", "42", "x_y"]


def test_snippets_collapse_whitespace_and_ignore_case() -> None:
    text = "The Quick\n\n  brown fox jumps.\nCookie settings"
    found, with_total, absent, without_total = wcxb.snippets(
        text, ["quick brown fox", "THE QUICK", "lazy dog"], ["cookie   settings", "subscribe now"])
    assert (found, with_total) == (2, 3)
    assert (absent, without_total) == (1, 2)


def test_snippets_with_no_snippets_count_nothing() -> None:
    assert wcxb.snippets("text", [], []) == (0, 0, 0, 0)


def test_split_is_stable_and_uses_both_halves() -> None:
    domains = [f"site{i}.example" for i in range(40)]
    halves = [wcxb.split_of(d) for d in domains]
    assert halves == [wcxb.split_of(d) for d in domains]
    assert set(halves) == {"tune", "valid"}


# ---------------------------------------------------------------- quality internals

def _page(html: bytes, truth: str, with_: list[str] | None = None, without: list[str] | None = None,
          page_type: str = "article", domain: str = "a.example") -> wcxb.Page:
    return wcxb.Page(id="t1", html=html, page_type=page_type, domain=domain, url=None, truth=truth,
                     with_snippets=with_ or [], without_snippets=without or [], title=None, author=None,
                     date=None)


PAGE = _page("<html><body><p>Caf\u00e9 story text here.</p></body></html>".encode(),
             "Café story text here.", ["story text"], ["cookie banner"])


def test_a_failing_system_scores_empty_and_is_reported() -> None:
    def broken(page: wcxb.Page, text: str, options: dict) -> tuple[str, str, list[str]]:
        raise RuntimeError("boom")

    def echo(page: wcxb.Page, text: str, options: dict) -> tuple[str, str, list[str]]:
        return text, "ok", []

    rec = quality.evaluate_page(PAGE, ["broken", "echo"], runners={"broken": broken, "echo": echo})
    bad = rec["systems"]["broken"]
    assert bad["status"] == "error" and "boom" in bad["error"]
    assert (bad["f1"], bad["words"], bad["with"], bad["without"]) == (0.0, 0, [0, 1], [1, 1])
    good = rec["systems"]["echo"]
    # echo got the decoded str: the UTF-8 bytes became "Café", which matches the reference.
    assert good["status"] == "ok" and good["f1"] < 1.0 and good["r"] == 1.0
    assert good["with"] == [1, 1]


def test_a_hung_system_times_out() -> None:
    def slow(page: wcxb.Page, text: str, options: dict) -> tuple[str, str, list[str]]:
        time.sleep(5)
        return "late", "ok", []

    started = time.perf_counter()
    rec = quality.evaluate_page(PAGE, ["slow"], runners={"slow": slow}, timeout=0.2)
    assert time.perf_counter() - started < 2
    assert rec["systems"]["slow"]["status"] == "timeout"


def test_summary_averages_pages_and_pools_snippets() -> None:
    def entry(f1: float, with_: list[int], status: str = "ok") -> dict:
        return {"p": f1, "r": f1, "f1": f1, "status": status, "words": 0 if status == "error" else 5,
                "with": with_, "without": [1, 1], "seconds": 0.1}

    records = [
        {"id": "1", "type": "article", "half": "tune", "systems": {"x": entry(1.0, [2, 2])}},
        {"id": "2", "type": "article", "half": "valid", "systems": {"x": entry(0.5, [0, 2])}},
        {"id": "3", "type": "forum", "half": "valid", "systems": {"x": entry(0.0, [0, 0], "error")}},
    ]
    s = quality.summarize(records, ["x"])["x"]
    assert s["overall"]["f1"] == pytest.approx(0.5)
    assert s["overall"]["with_found"] == pytest.approx(0.5)
    assert s["by_half"]["valid"]["f1"] == pytest.approx(0.25)
    assert s["by_type"]["article"]["n"] == 2
    assert s["by_type_half"]["forum/valid"]["f1"] == 0.0
    assert (s["failures"], s["empty_output"]) == (1, 1)
    table = quality.format_table(quality.summarize(records, ["x"]), records, ["x"])
    assert "article/valid" in table and "0.500" in table


def test_targets_compare_cleanpage_with_trafilatura() -> None:
    def entry(f1: float) -> dict:
        return {"p": f1, "r": f1, "f1": f1, "status": "ok", "words": 5, "with": [9, 10], "without": [10, 10],
                "seconds": 0.1}

    records = [
        {"id": "1", "type": "article", "half": "tune", "systems": {"cleanpage": entry(0.95), "trafilatura": entry(0.9)}},
        {"id": "2", "type": "forum", "half": "valid", "systems": {"cleanpage": entry(0.5), "trafilatura": entry(0.7)}},
    ]
    met = dict(quality.check_targets(quality.summarize(records, ["cleanpage", "trafilatura"])))
    assert met["F1 above trafilatura on tune (0.950 vs 0.900)"] is True
    assert met["F1 above trafilatura on valid (0.500 vs 0.700)"] is False
    assert met["every page type at least trafilatura's (below on: forum)"] is False
    assert met["article F1 >= 0.93 (0.950)"] is True


def test_compare_reports_changes_on_common_pages() -> None:
    def report(f1s: dict[str, float]) -> dict:
        return {"meta": {"systems": ["x"]},
                "pages": [{"id": pid, "type": "article", "systems": {"x": {"f1": f1}}} for pid, f1 in f1s.items()]}

    text = quality.compare(report({"1": 0.5, "2": 1.0}), report({"1": 1.0, "2": 1.0, "3": 0.0}))
    # Page 3 is only in the baseline: the means cover pages 1 and 2 alone.
    assert "x: F1 1.0000 -> 0.7500 (-0.2500) over 2 common pages; 1 worse, 0 better" in text
    assert "worse: 1 article -0.500" in text


# ---------------------------------------------------------------- speed internals

def test_synthetic_pages_have_the_size_asked_and_are_deterministic() -> None:
    page = speed.synthetic_page(20_000)
    assert 20_000 <= len(page.encode()) < 30_000
    assert page == speed.synthetic_page(20_000)
    assert "<nav" in page and "<article>" in page and page.rstrip().endswith("</html>")
    assert speed.parse_size("10KB") == 10_000 and speed.parse_size("1.5MB") == 1_500_000


def test_scaling_times_each_size() -> None:
    rows = speed.time_scaling(["10KB", "40KB"], ["floor", "cleanpage"], budget_s=0.05)
    assert [r["size"] for r in rows] == ["10KB", "40KB"]
    for row in rows:
        assert row["ms"]["floor"] > 0 and row["ms"]["cleanpage"] > 0
        assert row["kept_words"]["cleanpage"] > 0  # the synthetic article is not thrown away whole


# ---------------------------------------------------------------- smoke runs on the corpus

@needs_corpus
def test_quality_smoke_run_is_consistent_and_independent_of_jobs(tmp_path: Path) -> None:
    out1, out2 = tmp_path / "q1.json", tmp_path / "q2.json"
    args = ["--limit", "5", "--systems", "cleanpage", "--quiet"]
    report = quality.main([*args, "--jobs", "1", "--out", str(out1)])
    assert json.loads(out1.read_text())["meta"]["pages"] == 5
    pages = report["pages"]
    assert [p["id"] for p in pages] == wcxb.page_ids(wcxb.DEFAULT_CORPUS, 5)
    for p in pages:
        e = p["systems"]["cleanpage"]
        assert 0.0 <= e["p"] <= 1.0 and 0.0 <= e["r"] <= 1.0 and 0.0 <= e["f1"] <= 1.0
        assert e["status"] in ("ok", "degraded", "empty", "error", "timeout")
    overall = report["summary"]["cleanpage"]["overall"]
    assert overall["f1"] == pytest.approx(sum(p["systems"]["cleanpage"]["f1"] for p in pages) / 5, abs=1e-4)
    assert sum(report["summary"]["cleanpage"]["statuses"].values()) == 5

    report2 = quality.main([*args, "--jobs", "2", "--out", str(out2)])

    def scores(rep: dict) -> list:
        return [(p["id"], {k: v for k, v in p["systems"]["cleanpage"].items() if k != "seconds"})
                for p in rep["pages"]]

    assert scores(report2) == scores(report)


@needs_corpus
def test_speed_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "speed.json"
    section = speed.main(["--limit", "5", "--systems", "floor,cleanpage", "--out", str(out), "--quiet"])
    summary = section["summary"]
    assert summary["systems"]["cleanpage"]["pages"] == 5
    assert summary["systems"]["cleanpage"]["median_ms"] > 0
    assert "cleanpage/floor" in summary["ratios"]
    memory = section["memory"]
    assert set(memory) == {"floor", "cleanpage"}
    assert not [m for m in memory.values() if "error" in m], memory
    assert all(m["peak_mb"] > 0 for m in memory.values())
    assert json.loads(out.read_text())["corpus"]["meta"]["pages"] == 5
