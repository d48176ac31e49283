"""Hostile inputs, each in a child process with a memory ceiling and a deadline.

The cases live in ``adversarial_cases.py``. Light cases share a child
process, heavy ones get their own, and two children run at a time. A child
announces each case before running it, so a crash or a hang is pinned on
the case that caused it; the remaining cases of that child run in a new one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from adversarial_cases import BY_NAME, CASES, MAX_SECONDS, Case  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
#: Wall-clock limit of a child, per case it still has to run (beyond MAX_SECONDS: a hang).
CHILD_SECONDS_PER_CASE = 30.0
LIGHT_GROUPS = 3


def _groups() -> list[list[str]]:
    heavy = [[c.name] for c in CASES if c.heavy]
    light = [c.name for c in CASES if not c.heavy]
    return heavy + [light[i::LIGHT_GROUPS] for i in range(LIGHT_GROUPS)]


def _run_group(names: list[str]) -> list[dict[str, Any]]:
    """Run ``names`` in child processes; a case that kills its child is reported, the rest go on."""
    outcomes: list[dict[str, Any]] = []
    pending = list(names)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    while pending:
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "adversarial_cases.py"), *pending],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
        )
        try:
            out, err = proc.communicate(timeout=CHILD_SECONDS_PER_CASE * len(pending) + 10)
            hung = False
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            hung = True
        started = None
        for line in out.splitlines():
            rec = json.loads(line)
            if "start" in rec:
                started = rec["start"]
            else:
                outcomes.append(rec)
                pending.remove(rec["name"])
                started = None
        if started is not None:  # died or hung inside this case
            why = "hang" if hung else f"child died (exit code {proc.returncode})"
            outcomes.append({"name": started, "died": f"{why}: {err.strip()[-500:]}"})
            pending.remove(started)
        elif pending:  # died before announcing anything: report them all
            for name in pending:
                outcomes.append({"name": name, "died": f"child failed to start: {err.strip()[-500:]}"})
            pending = []
    return outcomes


def run_all() -> list[dict[str, Any]]:
    """Every case's outcome, in the order of ``CASES``."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [o for group in pool.map(_run_group, _groups()) for o in group]
    order = {c.name: i for i, c in enumerate(CASES)}
    return sorted(results, key=lambda o: order[o["name"]])


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in run_all()}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(case: Case, outcomes: dict[str, dict[str, Any]],
              record_property: Any, request: pytest.FixtureRequest) -> None:
    o = outcomes[case.name]
    for tag in case.tags:
        if tag.startswith("xfail:"):
            request.applymarker(pytest.mark.xfail(reason=tag[6:], strict=True))
    assert "died" not in o, f"{case.name}: {o.get('died')}"
    if "skipped" in o:
        pytest.skip(o["skipped"])
    record_property("seconds", o["seconds"])
    record_property("rss_mb", o["rss_mb"])
    assert o["seconds"] < MAX_SECONDS, f"{case.name} took {o['seconds']} s"
    if case.raises:
        assert o.get("raised") == case.raises, o
        return
    assert "raised" not in o, f"{case.name} raised {o.get('raised')}: {o.get('message')}"
    if case.call != "extract":  # the clean* helpers return text only
        assert o["status"] is None
    else:
        assert o["status"] in case.statuses, o
    if o["status"] == "ok":
        assert o["text_chars"] > 0 and o["text_head"].strip(), "status ok with an empty text"
    if o["status"] in ("error", "timeout", "degraded"):
        assert o["notes"], f"status {o['status']} without a reason"
    for s in case.contains:
        assert o["found"][s], f"{case.name}: {s!r} missing from {o['text_head']!r}"
    for s in case.absent:
        assert not o["found"][s], f"{case.name}: {s!r} should not be in {o['text_head']!r}"
    assert o["text_chars"] >= case.min_chars, o
    if case.note:
        assert any(case.note in n for n in o["notes"]), o["notes"]


def test_every_case_is_named_once() -> None:
    assert len(BY_NAME) == len(CASES)
