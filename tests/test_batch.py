"""Batches: many files, directories, .gz, JSON Lines, -o DIR, -j N, isolation.

Pages are written here; worker processes are real (forkserver), and the
documents that hang or kill their worker use a filter defined in this
module, which the workers import by name.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

from cleanpage import Pipeline, cli
from cleanpage.batch import Job, Settings, Summary, iter_paths, run_batch


def page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright 2026 The Valley Gazette</footer></body></html>")


def story(n: int) -> str:
    return page(
        f"Story number {n}",
        f"The ferry service number {n} will run twice an hour from the harbour from next May, "
        "the transport office said on Monday after a long review.",
        f"Residents of district {n} asked for earlier boats in the morning, and the office "
        "agreed to test a first departure at six for one summer.",
    )


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A small tree: html, htm, .html.gz, txt, and files the walk must ignore."""
    root = tmp_path / "site"
    (root / "news" / "2026").mkdir(parents=True)
    (root / "a.html").write_text(story(1), encoding="utf-8")
    (root / "news" / "b.htm").write_text(story(2), encoding="utf-8")
    (root / "news" / "2026" / "c.html.gz").write_bytes(gzip.compress(story(3).encode()))
    (root / "news" / "notes.txt").write_text(
        "A plain note someone already extracted, with a few words.\n\n"
        "Its second paragraph says the ferry timetable is printed weekly.\n", encoding="utf-8")
    (root / "style.css").write_text("p { color: red }")
    (root / "news" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: bytes = b"") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# --- inputs ------------------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_filtered(site: Path) -> None:
    found = [os.path.relpath(p, site) for p, _ in iter_paths([str(site)])]
    assert found == ["a.html", "news/b.htm", "news/notes.txt", "news/2026/c.html.gz"]
    # --glob narrows the walk; files named on the command line are always taken.
    only_gz = [rel for _, rel in iter_paths([str(site)], ("*.gz",))]
    assert only_gz == ["news/2026/c.html.gz"]
    assert list(iter_paths([str(site / "style.css")], ("*.gz",))) == [(str(site / "style.css"), "style.css")]


def test_jsonl_output_one_record_per_input_in_order(site: Path, capsys, monkeypatch) -> None:
    code, out, err = run(["--format", "jsonl", str(site)], capsys, monkeypatch)
    assert code == 0
    recs = records(out)
    assert [os.path.relpath(r["input"], site) for r in recs] == [
        "a.html", "news/b.htm", "news/notes.txt", "news/2026/c.html.gz"]
    assert all(r["status"] == "ok" and "error" not in r for r in recs)
    assert "ferry service number 1 " in recs[0]["text"] and "Home" not in recs[0]["text"]
    assert "ferry service number 3 " in recs[3]["text"]  # decompressed from .gz
    assert "timetable is printed weekly" in recs[2]["text"]
    assert recs[0]["metadata"].get("title") == "Story number 1"
    assert err == "cleanpage: ok 4, failed 0, skipped 0, pages/s " + err.rsplit("pages/s ", 1)[1]


def test_parallel_output_is_byte_identical(tmp_path: Path, capsys, monkeypatch) -> None:
    for i in range(40):
        (tmp_path / f"p{i:02}.html").write_text(story(i), encoding="utf-8")
    (tmp_path / "p07.html").write_bytes(b"")  # empty: ok, with empty text
    outs = {}
    for jobs in ("1", "2", "3"):
        for fmt in ("text", "jsonl"):
            code, out, err = run(["-j", jobs, "--format", fmt, str(tmp_path)], capsys, monkeypatch)
            assert code == 0, err
            outs[jobs, fmt] = out
            assert "ok 40, failed 0, skipped 0" in err
    assert outs["1", "text"] == outs["2", "text"] == outs["3", "text"]
    assert outs["1", "jsonl"] == outs["2", "jsonl"] == outs["3", "jsonl"]
    assert len(records(outs["1", "jsonl"])) == 40


def test_jsonl_input_custom_fields_and_bad_lines(tmp_path: Path, capsys, monkeypatch) -> None:
    lines = [
        json.dumps({"link": "https://example.org/1", "body": story(1)}),
        "{not json",
        json.dumps({"link": "https://example.org/2"}),  # no page
        "",
        json.dumps({"link": "https://example.org/3", "body": story(3)}),
    ]
    src = tmp_path / "pages.ndjson"
    src.write_text("\n".join(lines) + "\n")
    argv = ["--input-jsonl", "--html-field", "body", "--url-field", "link", "--format", "jsonl", str(src)]
    code, out, err = run(argv, capsys, monkeypatch)
    assert code == 1
    recs = records(out)
    assert [r["input"] for r in recs] == [f"{src}:1", f"{src}:2", f"{src}:3", f"{src}:5"]
    assert [r["status"] for r in recs] == ["ok", "error", "error", "ok"]
    assert recs[0]["url"] == "https://example.org/1" and "ferry service number 1 " in recs[0]["text"]
    assert "invalid JSON" in recs[1]["error"] and "'body'" in recs[2]["error"]
    # each failure is named on stderr, and the counters add up to the inputs
    assert f"cleanpage: {src}:2: invalid JSON" in err and f"cleanpage: {src}:3: " in err
    assert "ok 2, failed 2, skipped 0" in err
    # stdin works the same, with the default field names
    stdin = (json.dumps({"url": "https://example.org/9", "html": story(9)}) + "\n").encode()
    code, out, _ = run(["--input-jsonl", "--format", "jsonl"], capsys, monkeypatch, stdin=stdin)
    assert code == 0 and records(out)[0]["input"] == "<stdin>:1"


def test_output_dir_mirrors_the_tree(site: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run(["-o", str(out_dir), "-j", "2", str(site)], capsys, monkeypatch)
    assert code == 0 and out == ""
    written = sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*") if p.is_file())
    assert written == ["a.txt", "news/2026/c.txt", "news/b.txt", "news/notes.txt"]
    assert "ferry service number 2 " in (out_dir / "news" / "b.txt").read_text()
    # JSON Lines inputs become one .jsonl file of records each
    (site / "more.jsonl").write_text(json.dumps({"url": "u", "html": story(5)}) + "\n")
    out2 = tmp_path / "out2"
    code, _, _ = run(["-o", str(out2), "--format", "json", str(site / "a.html"), str(site / "more.jsonl")],
                     capsys, monkeypatch)
    assert code == 0
    assert json.loads((out2 / "a.json").read_text())["status"] == "ok"
    assert records((out2 / "more.jsonl").read_text())[0]["url"] == "u"


def test_exit_codes_and_failures_named(site: Path, capsys, monkeypatch) -> None:
    missing = site / "gone.html"
    code, out, err = run(["--format", "jsonl", str(site / "a.html"), str(missing)], capsys, monkeypatch)
    assert code == 1
    recs = records(out)
    assert recs[1]["input"] == str(missing) and recs[1]["status"] == "error"
    assert "FileNotFoundError" in recs[1]["error"]
    assert f"cleanpage: {missing}: FileNotFoundError" in err and "ok 1, failed 1, skipped 0" in err
    for bad in (["-j", "0", str(site)], ["--format", "xml", str(site)], ["--jobs", "two"]):
        assert run(bad, capsys, monkeypatch)[0] == 2


def test_max_bytes_skips_and_counts(site: Path, capsys, monkeypatch) -> None:
    code, out, err = run(["--format", "jsonl", "--max-bytes", "200", str(site)], capsys, monkeypatch)
    assert code == 0  # skipped is not failed
    recs = records(out)
    assert {r["status"] for r in recs} == {"ok", "skipped"}
    skipped = [r for r in recs if r["status"] == "skipped"]
    assert len(skipped) == 3 and all("larger than 200 bytes" in r["error"] for r in skipped)
    assert "ok 1, failed 0, skipped 3" in err


def test_single_input_filter_stays_quiet(capsys, monkeypatch) -> None:
    code, out, err = run([], capsys, monkeypatch, stdin=story(4).encode())
    assert code == 0 and "ferry service number 4 " in out and err == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(site: Path) -> None:
    pytest.importorskip("tqdm")
    args = cli.build_parser().parse_args([str(site)])
    plain, tty = io.StringIO(), _Tty()
    assert cli.run(args, io.StringIO(), plain) == 0
    assert cli.run(args, io.StringIO(), tty) == 0
    assert plain.getvalue().startswith("cleanpage: ok 4,") and "\r" not in plain.getvalue()
    bar = tty.getvalue()
    assert "\r" in bar and "page/s]" in bar  # tqdm's counter, e.g. "4 page [00:00, 90 page/s]"
    assert bar.rstrip().splitlines()[-1].startswith("cleanpage: ok 4,")


# --- isolation ---------------------------------------------------------------

def misbehave(block):  # a block filter: module-level so that workers import it
    """Hang, kill the process, or raise on marked texts."""
    if "HANG-HERE" in block.text:
        time.sleep(120)
    if "CRASH-HERE" in block.text:
        os._exit(7)
    if "RAISE-HERE" in block.text:
        raise RuntimeError("filter bug")
    return None


def test_a_hanging_or_crashing_document_is_isolated() -> None:
    pipe = Pipeline([misbehave])
    settings = Settings(pipelines={"text": pipe}, input="text", timeout=0.5)
    texts = [f"Paragraph number {i} of a quiet document." for i in range(30)]
    texts[3], texts[11], texts[20] = "HANG-HERE", "CRASH-HERE", "RAISE-HERE"
    jobs = [Job(f"doc{i}", data=t) for i, t in enumerate(texts)]
    summary = Summary()
    start = time.monotonic()
    outcomes = list(run_batch(jobs, settings, workers=2, chunksize=4, on_outcome=summary.add))
    assert time.monotonic() - start < 20
    assert [o.index for o in outcomes] == list(range(30))
    failed = {o.job.label: o.record for o in outcomes if o.state != "ok"}
    assert set(failed) == {"doc3", "doc11", "doc20"}
    assert failed["doc3"]["status"] == "timeout"
    assert "worker process died (exit code 7)" in failed["doc11"]["error"]
    assert failed["doc20"]["error"] == "RuntimeError: filter bug"
    assert (summary.ok, summary.failed, summary.total) == (27, 3, 30)
    # the documents after the bad ones were cleaned as usual
    assert outcomes[12].record["text"] == "Paragraph number 12 of a quiet document.\n"
    # and one worker alone (isolate) recovers the same way
    alone = list(run_batch(jobs[10:13], settings, isolate=True))
    assert [o.state for o in alone] == ["ok", "failed", "ok"]


def test_serial_batch_isolates_exceptions() -> None:
    pipe = Pipeline([misbehave])
    jobs = [Job("a", data="Fine text here."), Job("b", data="RAISE-HERE"), Job("c", data="More text.")]
    states = [o.state for o in run_batch(jobs, Settings(pipelines={"text": pipe}, input="text"))]
    assert states == ["ok", "failed", "ok"]


def test_site_rules_follow_each_records_url(tmp_path: Path, capsys, monkeypatch) -> None:
    pytest.importorskip("cleanpage.config", reason="rule files (--config) are not in this tree")
    rules = tmp_path / "rules.toml"
    rules.write_text('[[site]]\nhost = "ferries.example"\ndrop.times = { text = "Residents of district" }\n')
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps({"url": f"https://{host}/s", "html": story(i)}) + "\n"
                           for i, host in enumerate(("ferries.example", "other.example", "ferries.example"))))
    for jobs in ("1", "2"):
        code, out, err = run(["--config", str(rules), "-j", jobs, str(src)], capsys, monkeypatch)
        assert code == 0, err
        texts = [r["text"] for r in records(out)]
        assert ["Residents of district" in t for t in texts] == [False, True, False]
        assert all("ferry service number" in t for t in texts)


# --- the benchmarks run (smoke: tiny inputs, real processes) -----------------

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def test_parallel_benchmark_smoke(tmp_path: Path) -> None:
    pytest.importorskip("psutil", reason="benchmarks/parallel.py samples CPU time with psutil")
    import subprocess

    (tmp_path / "html").mkdir()
    for i in range(6):
        (tmp_path / "html" / f"{i:04}.html.gz").write_bytes(gzip.compress(story(i).encode()))
    proc = subprocess.run([sys.executable, str(BENCH / "parallel.py"), "--rounds", "1", "--corpus",
                           str(tmp_path), "--tmp", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok 6, failed 0" in proc.stdout and "outputs identical across all runs: True" in proc.stdout


def test_warc_memory_benchmark_smoke() -> None:
    pytest.importorskip("psutil", reason="benchmarks/warc_memory.py samples RSS with psutil")
    pytest.importorskip("fastwarc", reason="FastWARC is not installed")
    import subprocess

    proc = subprocess.run([sys.executable, str(BENCH / "warc_memory.py"), "--size-mb", "1", "--page-kb", "20"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS" in proc.stdout and "peak RSS, whole process tree" in proc.stdout
