"""Shared fixtures: the seed document (skipped when ``../shared`` is absent)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import SEED, SEED_EXPECTED  # noqa: E402


@pytest.fixture(scope="session")
def seed_paths() -> tuple[Path, Path]:
    """The seed text and its expected output; skips when ``../shared`` is absent."""
    if not SEED.is_file() or not SEED_EXPECTED.is_file():
        pytest.skip(f"seed document not found at {SEED} (the ../shared folder is absent)")
    return SEED, SEED_EXPECTED


@pytest.fixture(scope="session")
def seed_text(seed_paths: tuple[Path, Path]) -> str:
    return seed_paths[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected(seed_paths: tuple[Path, Path]) -> str:
    return seed_paths[1].read_text(encoding="utf-8")


# Property tests are derandomized by default so that CI is repeatable;
# HYPOTHESIS_PROFILE=dev (or stress, in test_properties) explores anew.
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE_ALL", "repeatable"))
